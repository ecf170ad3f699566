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
//   node scripts/mutate.mjs [--only id,id] [--list] [--check]
// --check only checks that every mutant still applies exactly once to today's
// tree (make test runs it: a refactor that moves a mutant's code must
// re-point the mutant, not leave it stale until the next mutation run).
//   tier: "unit:test_x" (cmocka binary), "api:x" / "e2e:x" (tests/<level>/x.test.mjs)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync, symlinkSync, existsSync, utimesSync } from 'node:fs';
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
if (args.includes('--check')) {
  console.log(`mutate: all ${mutants.length} mutants apply to today's tree`);
  process.exit(0);
}

// Every child (make, a test binary, node --test and the servers, browsers and
// CLI calls it starts) runs in a process group of its own, and that group is
// killed when the child ends, when it runs past its time limit, when this
// script is interrupted (Ctrl-C, SIGTERM, SIGHUP) and when it fails: a run once
// left techbridge servers running. Each tier also gets its own TMPDIR inside
// the scratch copy, and anything still running from the scratch copy after a
// tier (a browser started in a group of its own, say) is killed by its command
// line. The scratch copy and the PostgreSQL cluster are removed on every path.
const work = mkdtempSync(join(tmpdir(), 'tb-mutate-'));
// The cluster's folder is a sibling: the postgres user (the cluster's owner
// when this runs as root) cannot enter the scratch copy.
const pgDir = mkdtempSync(join(tmpdir(), 'tb-mutate-pg-'));
let pgUrl = '';
let current = null;          // the running child, { pid }
let cleaned = false;
const killGroup = (pid) => { try { process.kill(-pid, 'SIGKILL'); } catch { /* group already gone */ } };
// Processes started from the scratch copy (its binary, its TMPDIR) that left
// their group.
const strays = () => {
  const r = spawnSync('pgrep', ['-f', `${work}/(build|tmp)/`], { encoding: 'utf8' });
  return (r.stdout ?? '').split('\n').map(Number).filter((p) => p > 0 && p !== process.pid);
};
const killStrays = () => { for (const p of strays()) try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } };
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  if (current) killGroup(current.pid);
  killStrays();
  // stop removes only a folder it made; an empty one (no cluster) goes here.
  if (pgUrl) spawnSync(join(ROOT, 'scripts/pg-cluster.sh'), ['stop', pgDir], { stdio: 'ignore' });
  rmSync(pgDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\nmutate: ${sig}: stopping the running tier and removing ${work}`);
    cleanup();
    process.exit(130);
  });
}

// Runs cmd in a new process group; resolves { status, out } when it has
// exited and its group is gone. Past timeoutMs the whole group is killed.
function run(cmd, argv, opts = {}, timeoutMs = 600e3) {
  return new Promise((resolveP) => {
    let out = '', timedOut = false;
    const child = spawn(cmd, argv, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    current = child;
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { timedOut = true; killGroup(child.pid); }, timeoutMs);
    child.on('error', (e) => { out += String(e); });
    // 'exit', not 'close': a grandchild holding our pipes would delay 'close'
    // for ever; killing the group first lets the pipes close.
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      killGroup(child.pid);
      current = null;
      const finish = () => resolveP({ status: timedOut ? 124 : code ?? 128, signal, out: out + (timedOut ? `\nmutate: timed out after ${timeoutMs / 1000} s` : '') });
      // The rest of the output, unless something outside the group still
      // holds the pipes: then give up on it after 5 s.
      const late = setTimeout(finish, 5000);
      child.once('close', () => { clearTimeout(late); finish(); });
    });
  });
}

// The build folder travels too, with every file's time kept, so that make in
// the copy rebuilds exactly what it would rebuild here (nothing, after a
// `make build`) instead of the whole tree.
const keep = ['Makefile', 'src', 'tests', 'scripts', 'web', 'package.json', 'build'];
for (const k of keep)
  if (k !== 'build' || existsSync(join(ROOT, k)))
    cpSync(join(ROOT, k), join(work, k), { recursive: true, preserveTimestamps: true });
if (existsSync(join(ROOT, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'));
const make = (targets) => run('make', ['-s', `-j${Math.min(cpus().length, 4)}`, ...targets], { cwd: work });
process.stdout.write(`mutate: building a scratch copy in ${work} ... `);
const base = await make(['all', ...new Set(mutants.filter((m) => m.tier.startsWith('unit:')).map((m) => `build/tests/${m.tier.slice(5)}`))]);
if (base.status !== 0) { console.error('\nmutate: the unmutated tree does not build:\n' + base.out.slice(-4000)); process.exit(2); }
console.log('done');
// One throw-away PostgreSQL cluster for the whole run, as make test has
// (TB_TEST_PG_URL): the PostgreSQL unit tiers would otherwise each start one
// outside the scratch copy.
{
  const r = spawnSync(join(ROOT, 'scripts/pg-cluster.sh'), ['start', pgDir], { encoding: 'utf8' });
  if (r.status === 0) pgUrl = r.stdout.trim();
  else console.log('mutate: no PostgreSQL test cluster (' + (r.stderr ?? '').trim().split('\n')[0] + '); PostgreSQL tiers start their own');
}

let tierSeq = 0;
async function runTier(tier) {
  const [level, name] = tier.split(':');
  const tmp = join(work, 'tmp', String(++tierSeq));
  mkdirSync(tmp, { recursive: true });
  const env = { ...process.env, TB_BIN: join(work, 'build/techbridge'), TB_TEST_OUTPUT: join(work, 'test-output'), TMPDIR: tmp,
                ...(pgUrl ? { TB_TEST_PG_URL: pgUrl } : {}) };
  try {
    if (level === 'unit') {
      const b = await make([`build/tests/${name}`]);
      if (b.status !== 0) return { built: false, out: b.out };
      const r = await run(join(work, 'build/tests', name), [], { cwd: work, env }, 300e3);
      return { built: true, failed: r.status !== 0, out: r.out };
    }
    const b = await make(['build/techbridge']);
    if (b.status !== 0) return { built: false, out: b.out };
    const r = await run('node', ['--test', `tests/${level}/${name}.test.mjs`], { cwd: work, env }, 300e3);
    return { built: true, failed: r.status !== 0, out: r.out };
  } finally {
    killStrays();
    rmSync(tmp, { recursive: true, force: true });
  }
}

// Control run: every tier used must pass on the unmutated tree, or a "kill"
// means nothing.
const selected = mutants.filter((m) => !only || only.has(m.id));
for (const tier of new Set(selected.map((m) => m.tier))) {
  const r = await runTier(tier);
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
  try { r = await runTier(m.tier); } finally {
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
cleanup();
// The check the cleanup exists for: nothing of the scratch copy still runs.
const left = strays();
if (left.length) { console.error(`mutate: processes of the scratch copy still running: ${left.join(' ')}`); process.exitCode = 2; }

const live = results.filter((r) => r.verdict !== 'stillborn');
const killed = live.filter((r) => r.verdict === 'killed').length;
const score = live.length ? (100 * killed) / live.length : 0;
console.log(`\nmutation score: ${killed}/${live.length} killed (${score.toFixed(1)} %), ` +
  `${results.length - live.length} stillborn`);
for (const r of results.filter((x) => x.verdict === 'SURVIVED')) console.log(`  survived: ${r.id} - ${r.why}`);
if (process.exitCode) process.exit(process.exitCode);
if (results.some((r) => r.verdict === 'stillborn')) process.exit(1);
process.exit(only || score >= MIN ? 0 : 1);
