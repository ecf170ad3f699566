// prom.mjs - a strict parser of the Prometheus text exposition format
// (version 0.0.4) for the /metrics tests: every line must be a HELP, a TYPE
// or a sample of a family whose TYPE came first; label values must be quoted
// and escaped; no series twice; every histogram's buckets cumulative with
// +Inf equal to its _count. Throws on the first violation, naming the line.
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"/;

function parseLabels(s, line) {
  const out = {};
  let rest = s;
  while (rest.length) {
    const m = rest.match(LABEL);
    if (!m) throw new Error(`bad label list in: ${line}`);
    if (m[1] in out) throw new Error(`label ${m[1]} twice in: ${line}`);
    out[m[1]] = m[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    rest = rest.slice(m[0].length);
    if (rest.startsWith(',')) rest = rest.slice(1);
    else if (rest.length) throw new Error(`bad label separator in: ${line}`);
  }
  return out;
}

function parseValue(v, line) {
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  if (v === 'NaN') return NaN;
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) throw new Error(`bad value in: ${line}`);
  return Number(v);
}

export const seriesKey = (name, labels = {}) =>
  name + JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));

// Returns { types: Map(family -> type), samples: Map(seriesKey -> value), list: [{name, labels, value}] }.
export function parseProm(text) {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const types = new Map(), help = new Map(), samples = new Map(), list = [];
  for (const line of text.slice(0, -1).split('\n')) {
    let m;
    if ((m = line.match(new RegExp(`^# HELP (${NAME}) (.*)$`)))) {
      if (help.has(m[1])) throw new Error(`HELP twice: ${line}`);
      help.set(m[1], m[2]);
      continue;
    }
    if ((m = line.match(new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`)))) {
      if (types.has(m[1])) throw new Error(`TYPE twice: ${line}`);
      types.set(m[1], m[2]);
      continue;
    }
    if (line.startsWith('#')) throw new Error(`unknown comment line: ${line}`);
    m = line.match(new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`));
    if (!m) throw new Error(`bad sample line: ${line}`);
    const name = m[1], labels = parseLabels(m[2] ?? '', line), value = parseValue(m[3], line);
    const base = name.replace(/_(bucket|sum|count)$/, '');
    const family = types.get(base) === 'histogram' ? base : name;
    if (!types.has(family)) throw new Error(`sample before its TYPE: ${line}`);
    if (types.get(family) === 'histogram' && name === base) throw new Error(`bare histogram sample: ${line}`);
    if (name.endsWith('_bucket') && family === base && !('le' in labels)) throw new Error(`bucket without le: ${line}`);
    const key = seriesKey(name, labels);
    if (samples.has(key)) throw new Error(`series twice: ${line}`);
    samples.set(key, value);
    list.push({ name, labels, value });
  }
  // Histograms: cumulative buckets in order, +Inf = _count, a _sum.
  const groups = new Map();
  for (const s of list) {
    if (!s.name.endsWith('_bucket') || types.get(s.name.slice(0, -7)) !== 'histogram') continue;
    const { le, ...rest } = s.labels;
    const k = seriesKey(s.name.slice(0, -7), rest);
    if (!groups.has(k)) groups.set(k, { base: s.name.slice(0, -7), labels: rest, buckets: [] });
    groups.get(k).buckets.push([parseValue(le, le), s.value]);
  }
  for (const g of groups.values()) {
    let prevLe = -Infinity, prev = 0;
    for (const [le, v] of g.buckets) {
      if (!(le > prevLe)) throw new Error(`buckets out of order in ${g.base}`);
      if (v < prev) throw new Error(`buckets not cumulative in ${g.base}`);
      prevLe = le; prev = v;
    }
    if (prevLe !== Infinity) throw new Error(`no +Inf bucket in ${g.base}`);
    const count = samples.get(seriesKey(g.base + '_count', g.labels));
    if (count !== prev) throw new Error(`+Inf bucket ${prev} != _count ${count} in ${g.base}`);
    if (!samples.has(seriesKey(g.base + '_sum', g.labels))) throw new Error(`no _sum in ${g.base}`);
  }
  return { types, samples, list };
}

// The value of one series (0 when absent: a series appears with its first event).
export const val = (p, name, labels = {}) => p.samples.get(seriesKey(name, labels)) ?? 0;
