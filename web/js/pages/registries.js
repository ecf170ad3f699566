// registries.js - the registries of issue #15 in the web UI:
//   /platforms  the public registry of innovation platforms: filters (kind,
//               level, city, approved by year), counts by kind (each a link
//               that filters the list: drill-down to the records), the list;
//   /tiers      an enterprise's tier status and its gap to the next tier
//               (GET /api/enterprises/{org}/tiers), and for the science bureau
//               the import of a year of facts from CSV (errors per line) and
//               the pipeline (firms within 10 % of a threshold).
import { h, append } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { authState, can, currentOrgId } from '../auth.js';
import { api } from '../api.js';
import { control } from '../form.js';
import { badge, empty, errorBox, pager } from '../ui.js';
import { fmtNumber } from '../format.js';

const LEVELS = ['national', 'provincial', 'city'];
const label = (o) => (getLang() === 'en' ? o.en : o.zh);

async function platforms(ctx) {
  ctx.setTitle(t('plat.title'));
  const q = ctx.query;
  const limit = 20, offset = Number(q.get('offset')) || 0;
  const kinds = (await api.get('/api/platforms/kinds', null, { signal: ctx.signal })).items;
  const kindName = Object.fromEntries(kinds.map((k) => [k.key, label(k)]));
  const form = h('form', { class: 'search-form', id: 'platform-filters', method: 'get', action: '/platforms', novalidate: true },
    h('div', { class: 'form-grid' },
      control({ name: 'kind', label: t('plat.kind'), type: 'select', value: q.get('kind') || '',
        options: [['', t('plat.any')], ...kinds.map((k) => [k.key, label(k)])] }),
      control({ name: 'level', label: t('plat.level'), type: 'select', value: q.get('level') || '',
        options: [['', t('plat.any')], ...LEVELS.map((l) => [l, t(`plat.level_${l}`)])] }),
      control({ name: 'city', label: t('plat.city'), value: q.get('city') || '' }),
      control({ name: 'year_to', label: t('plat.year_to'), type: 'number', value: q.get('year_to') || '' })),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('plat.search'))));
  const params = {};
  for (const k of ['kind', 'level', 'city', 'year_to', 'district', 'field']) if (q.get(k)) params[k] = q.get(k);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const u = new URLSearchParams();
    for (const k of ['kind', 'level', 'city', 'year_to']) { const v = form.elements[k].value.trim(); if (v) u.set(k, v); }
    ctx.navigate(`/platforms${u.toString() ? '?' + u : ''}`);
  });
  const box = h('div');
  append(ctx.main, [h('h1', null, t('plat.title')), h('p', { class: 'hint' }, t('plat.lead')), form, box]);
  try {
    const [counts, list] = await Promise.all([
      api.get('/api/platforms/counts', { ...params, by: 'kind', kind: undefined }, { signal: ctx.signal }),
      api.get('/api/platforms', { ...params, limit, offset }, { signal: ctx.signal })]);
    const base = new URLSearchParams(params);
    box.append(h('h2', null, t('plat.counts')),
      h('ul', { class: 'count-list', id: 'platform-counts' }, counts.items.map((c) => {
        const u = new URLSearchParams(base); u.set('kind', c.key);
        return h('li', { dataset: { kind: c.key } }, h('a', { href: `/platforms?${u}` }, kindName[c.key] || c.key), ' ',
          h('span', { class: 'count' }, fmtNumber(c.count)));
      })),
      h('p', { class: 'result-count', id: 'result-count', role: 'status' }, t('plat.count', { n: fmtNumber(list.total) })));
    if (!list.items.length) { box.append(empty(t('plat.none'))); return; }
    box.append(h('ul', { class: 'results', id: 'platform-list' }, list.items.map((p) => h('li', { class: 'card result', dataset: { id: p.id } },
      h('h3', { class: 'card-title', lang: getLang() === 'en' && !p.name_en ? 'zh-CN' : null }, getLang() === 'en' ? (p.name_en || p.name) : p.name),
      h('p', { class: 'card-meta' }, h('span', null, kindName[p.kind] || p.kind), h('span', null, t(`plat.level_${p.level}`)),
        p.city ? h('span', null, p.city) : null, h('span', null, t('plat.approved', { y: p.year })),
        p.batch ? h('span', null, p.batch) : null),
      h('p', { class: 'card-tags' }, badge(t(`plat.status_${p.status}`), `status-${p.status}`), p.field ? badge(p.field) : null)))),
    pager(list.total, limit, offset, (o) => { const u = new URLSearchParams(params); if (o) u.set('offset', o); return `/platforms?${u}`; }));
  } catch (e) {
    if (e.name !== 'AbortError') box.append(errorBox(e));
  }
}

function tierLabel(x) { return getLang() === 'en' ? x.label.en : x.label.zh; }

async function standing(ctx, box, org, year) {
  clear(box);
  try {
    const r = await api.get(`/api/enterprises/${org}/tiers`, { year }, { signal: ctx.signal });
    const next = r.tiers.find((x) => x.next);
    box.append(h('h2', null, t('tier.standing', { y: year })),
      h('table', { class: 'data-table', id: 'tier-table' }, h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('tier.tier')), h('th', { scope: 'col' }, t('tier.eligible')),
        h('th', { scope: 'col' }, t('tier.certified')), h('th', { scope: 'col' }, t('tier.score')))),
      h('tbody', null, r.tiers.map((x) => h('tr', { dataset: { tier: x.tier } },
        h('th', { scope: 'row' }, tierLabel(x)), h('td', null, t(x.eligible ? 'tier.yes' : 'tier.no')),
        h('td', null, t(x.certified ? 'tier.yes' : 'tier.no')), h('td', null, x.score === null ? '–' : String(x.score)))))));
    if (next) {
      box.append(h('h2', null, t('tier.gap_to', { tier: tierLabel(next) })),
        h('ul', { class: 'gap-list', id: 'gap-list' }, next.gaps.map((g) => h('li', null, getLang() === 'en' ? g.en : g.zh))));
    }
  } catch (e) {
    if (e.name === 'AbortError') return;
    box.append(e.status === 404 ? empty(t('tier.no_facts', { y: year })) : errorBox(e));
  }
}

function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

async function pipeline(ctx, box, year) {
  clear(box);
  try {
    const r = await api.get('/api/tiers/pipeline', { year }, { signal: ctx.signal });
    box.append(h('h2', null, t('tier.pipeline', { y: year })), h('p', { class: 'hint' }, t('tier.pipeline_hint')),
      h('table', { class: 'data-table', id: 'pipeline-table' }, h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('tier.tier')), h('th', { scope: 'col' }, t('tier.evaluated')),
        h('th', { scope: 'col' }, t('tier.eligible')), h('th', { scope: 'col' }, t('tier.near')))),
      h('tbody', null, r.tiers.map((x) => h('tr', { dataset: { tier: x.tier } }, h('th', { scope: 'row' }, tierLabel(x)),
        h('td', null, fmtNumber(x.evaluated)), h('td', null, fmtNumber(x.eligible)), h('td', null, fmtNumber(x.near)))))));
  } catch (e) {
    if (e.name !== 'AbortError') box.append(errorBox(e));
  }
}

async function tiers(ctx) {
  ctx.setTitle(t('tier.title'));
  const year = Number(ctx.query.get('year')) || new Date().getFullYear() - 3;
  append(ctx.main, [h('h1', null, t('tier.title')), h('p', { class: 'hint' }, t('tier.lead'))]);
  const s = authState();
  if (!s.user) { ctx.main.append(h('p', null, h('a', { href: '/login' }, t('tier.login')))); return; }
  const yearForm = h('form', { class: 'search-form', id: 'tier-year', novalidate: true },
    control({ name: 'year', label: t('tier.year'), type: 'number', value: String(year) }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('tier.show'))));
  yearForm.addEventListener('submit', (ev) => { ev.preventDefault(); ctx.navigate(`/tiers?year=${Number(yearForm.elements.year.value) || year}`); });
  ctx.main.append(yearForm);
  const org = currentOrgId();
  if (org && !can('tier', 'pipeline')) {
    const box = h('section', { id: 'standing' });
    ctx.main.append(box);
    await standing(ctx, box, org, year);
  }
  if (can('facts', 'import')) {
    const result = h('div', { id: 'import-result', role: 'status' });
    const imp = h('form', { class: 'publish-form', id: 'facts-import', novalidate: true },
      h('h2', null, t('tier.import')),
      control({ name: 'csv', label: t('tier.csv'), type: 'textarea', rows: 6, hint: t('tier.csv_hint'), span2: true }),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('tier.import_btn'))), result);
    const pipe = h('section', { id: 'pipeline' });
    imp.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clear(result);
      try {
        const r = await api.post('/api/tiers/facts/import', { csv: imp.elements.csv.value });
        await api.post('/api/tiers/evaluate', { year });
        result.append(h('p', { class: 'notice' }, t('tier.imported', { n: fmtNumber(r.rows) })));
        await pipeline(ctx, pipe, year);
      } catch (e) {
        if (e.status === 400 && e.errors?.length) {
          result.append(h('p', { class: 'field-error' }, t('tier.import_failed')),
            h('ul', { class: 'import-errors', id: 'import-errors' }, e.errors.map((x) =>
              h('li', null, t('tier.line_error', { line: x.line, field: x.field, msg: x.message })))));
        } else result.append(errorBox(e));
      }
    });
    ctx.main.append(imp, pipe);
    await pipeline(ctx, pipe, year);
  }
}

// /certifications?tier=&year=[&region=]: the official list of a tier in a
// year, optionally of the enterprises in one region (the dashboard's
// certified-enterprise figures link here: the count shown is the list's length).
async function certifications(ctx) {
  const q = ctx.query;
  const tier = q.get('tier') || 'high_tech', year = Number(q.get('year')) || new Date().getFullYear() - 3;
  const limit = 50, offset = Number(q.get('offset')) || 0;
  const reg = q.get('region') ? { region: q.get('region') } : {};
  const title = t('reg.cert_title', { tier: t(`reg.tier_${tier}`), y: year });
  ctx.setTitle(title);
  append(ctx.main, [h('h1', null, title), h('p', { class: 'hint' }, t('reg.cert_lead'))]);
  try {
    const r = await api.get('/api/tiers/certifications', { tier, year, ...reg, limit, offset }, { signal: ctx.signal });
    ctx.main.append(h('p', { class: 'result-count', id: 'result-count', role: 'status' }, t('reg.cert_count', { n: fmtNumber(r.total) })));
    if (!r.items.length) { ctx.main.append(empty(t('reg.cert_none'))); return; }
    ctx.main.append(h('ol', { class: 'results', id: 'cert-list', start: String(offset + 1) }, r.items.map((c) =>
      h('li', { dataset: { org: c.org_id } }, h('span', { lang: getLang() === 'en' ? 'zh-CN' : null }, c.org_name || `#${c.org_id}`),
        c.valid_to ? h('span', { class: 'hint' }, ` ${t('reg.valid_to', { d: c.valid_to })}`) : null))),
    pager(r.total, limit, offset, (o) => `/certifications?${new URLSearchParams({ tier, year, ...reg, ...(o ? { offset: o } : {}) })}`));
  } catch (e) {
    if (e.name !== 'AbortError') ctx.main.append(errorBox(e));
  }
}

export default async function render(ctx) {
  if (ctx.route.kind === 'certifications') return certifications(ctx);
  return ctx.route.kind === 'tiers' ? tiers(ctx) : platforms(ctx);
}
