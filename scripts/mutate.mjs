#!/usr/bin/env node
// mutate.mjs - `make mutate`: our own mutation check. Each mutant in
// tests/mutants.json is one small deliberate bug (a string replaced in one
// file). The script copies the tree to a scratch folder once, then for each
// mutant applies it, rebuilds incrementally, runs the narrowest test tier that
// should catch it, and restores the file. A mutant is "killed" when that tier
// fails, "survived" when it passes, "stillborn" when it does not build (a bad
// mutant, fix the list). It prints a line per mutant and the score; the exit
// code is 1 below MUTATE_MIN (default 90) percent. Survivors must be explained
// in docs/testing.md ("Mutation check"). A mutant is {id, file, from, to,
// tier, why}, or {id, file, edits: [{from, to}, ...], tier, why} for a bug
// that needs more than one replacement.
//
//   node scripts/mutate.mjs [--only id,id] [--list]
//   tier: "unit:test_x" (cmocka binary), "api:x" / "e2e:x" (tests/<level>/x.test.mjs)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync, symlinkSync, existsSync, utimesSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const mutants = JSON.parse(readFileSync(join(ROOT, 'tests/mutants.json'), 'utf8'));
const args = process.argv.slice(2);
const only = args.includes('--only') ? new Set(args[args.indexOf('--only') + 1].split(',')) : null;
const MIN = Number(process.env.MUTATE_MIN ?? 90);

if (args.includes('--list')) {
  for (const m of mutants) console.log(`${m.id.padEnd(34)} ${m.tier.padEnd(22)} ${m.why}`);
  process.exit(0);
}

// Every mutant must apply exactly once to today's tree: a list that no longer
// matches the code is reported, not silently skipped.
const editsOf = (m) => m.edits ?? [{ from: m.from, to: m.to }];
const stale = [];
const ids = new Set();
for (const m of mutants) {
  if (ids.has(m.id)) stale.push(`${m.id}: duplicate id`);
  ids.add(m.id);
  const src = readFileSync(join(ROOT, m.file), 'utf8');
  for (const e of editsOf(m)) {
    const n = src.split(e.from).length - 1;
    if (n !== 1) stale.push(`${m.id}: "${e.from}" occurs ${n} times in ${m.file} (must be exactly once)`);
  }
}
if (stale.length) {
  console.error('mutate: the mutant list does not match the code:\n  ' + stale.join('\n  '));
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'tb-mutate-'));
const keep = ['Makefile', 'src', 'tests', 'scripts', 'web', 'package.json'];
for (const k of keep) cpSync(join(ROOT, k), join(work, k), { recursive: true });
if (existsSync(join(ROOT, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'));
const make = (targets) => spawnSync('make', ['-s', `-j${Math.min(cpus().length, 4)}`, ...targets],
  { cwd: work, encoding: 'utf8' });
process.stdout.write(`mutate: building a scratch copy in ${work} ... `);
const base = make(['all', ...new Set(mutants.filter((m) => m.tier.startsWith('unit:')).map((m) => `build/tests/${m.tier.slice(5)}`))]);
if (base.status !== 0) { console.error('\nmutate: the unmutated tree does not build:\n' + base.stderr); process.exit(2); }
console.log('done');

const env = { ...process.env, TB_BIN: join(work, 'build/techbridge'), TB_TEST_OUTPUT: join(work, 'test-output') };
function runTier(tier) {
  const [level, name] = tier.split(':');
  if (level === 'unit') {
    const b = make([`build/tests/${name}`]);
    if (b.status !== 0) return { built: false, out: b.stderr };
    const r = spawnSync(join(work, 'build/tests', name), { cwd: work, encoding: 'utf8', env, timeout: 300e3 });
    return { built: true, failed: r.status !== 0, out: (r.stdout ?? '') + (r.stderr ?? '') };
  }
  const b = make(['build/techbridge']);
  if (b.status !== 0) return { built: false, out: b.stderr };
  const r = spawnSync('node', ['--test', `tests/${level}/${name}.test.mjs`], { cwd: work, encoding: 'utf8', env, timeout: 300e3 });
  return { built: true, failed: r.status !== 0, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

// Control run: every tier used must pass on the unmutated tree, or a "kill"
// means nothing.
const selected = mutants.filter((m) => !only || only.has(m.id));
for (const tier of new Set(selected.map((m) => m.tier))) {
  const r = runTier(tier);
  if (!r.built || r.failed) {
    console.error(`mutate: ${tier} fails on the unmutated tree; fix it first:\n${r.out.slice(-3000)}`);
    process.exit(2);
  }
}
console.log(`control: ${new Set(selected.map((m) => m.tier)).size} tier(s) pass unmutated`);

const results = [];
for (const m of selected) {
  const path = join(work, m.file);
  const orig = readFileSync(path, 'utf8');
  writeFileSync(path, editsOf(m).reduce((txt, e) => txt.replace(e.from, e.to), orig));
  const t0 = Date.now();
  let r;
  try { r = runTier(m.tier); } finally {
    writeFileSync(path, orig);
    const now = new Date(); utimesSync(path, now, now); // rebuild it next time
  }
  const verdict = !r.built ? 'stillborn' : r.failed ? 'killed' : 'SURVIVED';
  results.push({ ...m, verdict });
  console.log(`${verdict.padEnd(9)} ${m.id.padEnd(34)} ${m.tier.padEnd(22)} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (process.env.MUTATE_VERBOSE && verdict === 'killed')
    console.log('          ' + r.out.split('\n').filter((l) => /^not ok|^\s+\+ |Error|FAILED/.test(l)).slice(0, 6).join('\n          '));
  if (verdict === 'stillborn') console.log('          ' + r.out.split('\n').filter((l) => /error/.test(l)).slice(0, 3).join('\n          '));
}
rmSync(work, { recursive: true, force: true });

const live = results.filter((r) => r.verdict !== 'stillborn');
const killed = live.filter((r) => r.verdict === 'killed').length;
const score = live.length ? (100 * killed) / live.length : 0;
console.log(`\nmutation score: ${killed}/${live.length} killed (${score.toFixed(1)} %), ` +
  `${results.length - live.length} stillborn`);
for (const r of results.filter((x) => x.verdict === 'SURVIVED')) console.log(`  survived: ${r.id} - ${r.why}`);
if (results.some((r) => r.verdict === 'stillborn')) process.exit(1);
process.exit(only || score >= MIN ? 0 : 1);
