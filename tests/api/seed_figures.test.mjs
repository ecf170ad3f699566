// seed_figures.test.mjs - the demo province is true to its sources (issue #15):
// every figure the seeds quote is computed here from the records the demo
// seeders write (contracts, certification lists, instrument uses, the
// collection), in the year and at the level its source gives
// (docs/indicators.md, "The seeds' figures"). Guards against the defect the
// outside check found: 2020 figures placed in 2023 or 2021, Shenyang's
// enterprise counts shown as the province's, targets shown as results.
// No figure is a literal in src/ outside the seeders' inputs.
// engines: sqlite - the seeders write SQLite files of this test's own, whatever
// the run's engine (the PostgreSQL run would repeat the same work).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './lib.mjs';

let dir, db;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tb-figures-'));
  db = join(dir, 'full.db');
  for (const args of [['migrate'], ['contract', 'seed'], ['instrument', 'seed', '--small'], ['tier', 'seed'], ['alliance', 'seed', '--quiet']]) {
    const r = cli([...args, '--db', db]);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

const csv = (args) => {
  const r = cli([...args, '--db', db, '--format', 'csv']);
  assert.equal(r.code, 0, r.stderr);
  const [head, ...rows] = r.stdout.trim().split(/\r?\n/).map((l) => l.split(','));
  return { head, rows };
};
const summary = (year, region) => Object.fromEntries(
  csv(['stats', 'summary', '--year', String(year), ...(region ? ['--region', region] : [])]).rows.map(([k, v]) => [k, v]));
const enterprises = (from, to, region) => {
  const t = csv(['stats', 'enterprises', '--from', String(from), '--to', String(to), ...(region ? ['--region', region] : [])]);
  return Object.fromEntries(t.rows.map((r) => [r[0], Object.fromEntries(t.head.map((h, i) => [h, r[i]]))]));
};

test('2020, Hunnan zone: 2,024 contracts = 25 % of Shenyang; 12.1 bn yuan, about 40 % (China Daily 2021-04-13)', () => {
  const z = summary(2020, '沈阳浑南');
  assert.equal(z.contract_count, '2024');
  assert.equal(z.count_share_of_parent, '25.00');
  assert.equal(z.turnover, '12100000000.00');
  assert.equal(z.turnover_share_of_parent, '39.82');
});

test('2020, Shenyang: 30.39 bn yuan = 47 % of the province, the same year as the zone\'s figures', () => {
  const s = summary(2020, 'Shenyang');
  assert.equal(s.turnover, '30390000000.00');
  assert.equal(s.turnover_share_of_parent, '47.00');
  assert.equal(s.contract_count, '8096');
});

test('2023, Liaoning: turnover 130.83 bn yuan, +30.8 % (SCIO 2024-05-09)', () => {
  const p = summary(2023);
  assert.equal(p.turnover, '130830000000.00');
  assert.equal(p.turnover_yoy, '30.80');
});

test('Shenyang (not the province): high-tech 416 (2015) -> 2,560 (2020), 6.2x; tech SMEs 4,559 (2020), 3.2x the end of 2018', () => {
  const e = enterprises(2015, 2020, 'Shenyang');
  assert.equal(e['2015'].high_tech, '416');
  assert.equal(e['2020'].high_tech, '2560');
  assert.equal((Number(e['2020'].high_tech) / Number(e['2015'].high_tech)).toFixed(1), '6.2');
  assert.equal(e['2020'].tech_sme, '4559');
  assert.equal((Number(e['2020'].tech_sme) / Number(e['2018'].tech_sme)).toFixed(1), '3.2');
  const p = enterprises(2020, 2020);
  assert.ok(Number(p['2020'].high_tech) > 2560, 'the province has more than Shenyang');
});

test('2023, Liaoning: tech SMEs +55.6 %, high-tech +16.0 %, 1,029 new gazelles, 41 little giants, the first unicorn', () => {
  const e = enterprises(2022, 2023);
  assert.equal(e['2023'].tech_sme_yoy_pct, '55.60');
  assert.equal(e['2023'].yoy_pct, '16.00');
  assert.equal(e['2023'].gazelle_new, '1029');
  assert.equal(e['2023'].little_giant, '41');
  assert.equal(e['2023'].unicorn, '1');
  assert.equal(e['2022'].unicorn, '0');
});

test('the condition platform\'s technical-service volume: 115 M yuan (Shenyang, 2020)', () => {
  assert.equal(summary(2020, 'Shenyang').service_revenue, '115000000.00');
});

test('4,016 highly mature achievements collected: a collection, not the listings (2024)', () => {
  const r = cli(['tier', 'collection', '--db', db, '--name', 'high_maturity_2024']);
  assert.equal(r.stdout.trim(), 'high_maturity_2024,4016');
  const listings = summary(2024);
  assert.notEqual(listings.published, '4016');
});

test('> 4,000 commercialisations and > 57 % local conversion are 2024 targets, not 2023 results', () => {
  const t = csv(['stats', 'targets', '--year', '2024']);
  const by = Object.fromEntries(t.rows.map((r) => [r[2], r]));
  assert.equal(by.commercialised[3], '4000');
  assert.equal(by.local_conversion_rate[3], '57.00');
  const t23 = csv(['stats', 'targets', '--year', '2023']);
  assert.ok(!t23.rows.some((r) => r[2] === 'commercialised' || r[2] === 'local_conversion_rate'));
});

const counts = (...args) => Object.fromEntries(
  cli(['platform', 'counts', '--db', db, ...args]).stdout.trim().split('\n').map((l) => l.split(',')).map(([k, v]) => [k, Number(v)]));

test('Shenyang, end of 2020: 1,167 platforms (337 key labs, 262 innovation centres, 180 engineering centres, 331 enterprise centres) and 32 new R&D institutions', () => {
  const c = counts('--city', '沈阳', '--year-to', '2020', '--by', 'kind');
  assert.equal(c.key_lab, 337);
  assert.equal(c.tech_innovation_centre, 262);
  assert.equal(c.eng_research_centre, 180);
  assert.equal(c.enterprise_tech_centre, 331);
  assert.equal(c.new_rd_institution, 32);
  assert.equal(c.total - c.new_rd_institution, 1167);
});

test('the High-Tech Zone, end of 2020: 272 research institutions (76 key labs, 99 innovation centres, 68 enterprise centres)', () => {
  const c = counts('--city', '沈阳', '--district', '浑南区', '--year-to', '2020', '--by', 'kind');
  assert.equal(c.total, 272);
  assert.equal(c.key_lab, 76);
  assert.equal(c.tech_innovation_centre, 99);
  assert.equal(c.enterprise_tech_centre, 68);
});

test('Liaoning: 638 key labs at provincial level or above (21 national, 11 approved in 2023), 4 Liaoning laboratories, 47 national enterprise centres (5 in 2022), 36 pilot-test bases', () => {
  const kl = counts('--kind', 'key_lab', '--year-to', '2024', '--by', 'level');
  assert.equal(kl.national + kl.provincial, 638);
  assert.equal(kl.national, 21);
  assert.equal(counts('--kind', 'key_lab', '--level', 'national', '--year', '2023').total, 11);
  assert.equal(counts('--kind', 'liaoning_lab').total, 4);
  assert.equal(counts('--kind', 'enterprise_tech_centre', '--level', 'national', '--year-to', '2023').total, 47);
  assert.equal(counts('--kind', 'enterprise_tech_centre', '--level', 'national', '--year', '2022').total, 5);
  assert.equal(counts('--kind', 'pilot_base', '--year-to', '2023').total, 36);
});

// The alliance and agency registries (issue #15), counted from their records:
// every page of the listing, summed here, not the store's own totals.
const pages = (args) => {
  const items = [];
  for (let offset = 0; ; offset += 500) {
    const r = cli([...args, '--db', db, '--json', '--offset', String(offset)]);
    assert.equal(r.code, 0, r.stderr);
    const page = JSON.parse(r.stdout);
    items.push(...page.items);
    if (items.length >= page.total) return { items, total: page.total };
  }
};

test('2023, Liaoning: 600 industry-university-research alliances with 2,000+ members (SCIO 2024-05-09)', () => {
  const all = pages(['alliance', 'list', '--year', '2023']);
  assert.equal(all.total, 600);
  assert.equal(all.items.length, 600);
  const members = all.items.reduce((n, x) => n + x.member_count, 0);
  assert.ok(members >= 2000 && members < 3000, `memberships ${members}`);
  assert.ok(all.items.every((x) => x.founded_on <= '2023-12-31'));
  const s = Object.fromEntries(cli(['alliance', 'stats', '--db', db, '--year', '2023']).stdout.trim().split('\n').map((l) => l.split(',')));
  assert.equal(Number(s.memberships), members);
  assert.equal(Number(s.substantive), all.items.filter((x) => x.substantive).length);
});

test('end of 2020, Shenyang High-Tech Zone: 333 service agencies (China Daily 2021-04-13); 2023, Liaoning: 400+ service institutions', () => {
  const zone = pages(['agency', 'list', '--city', '沈阳', '--district', '浑南区', '--year-to', '2020']);
  assert.equal(zone.total, 333);
  assert.ok(zone.items.every((x) => x.year <= 2020 && x.district === '浑南区'));
  const province = pages(['agency', 'list', '--year-to', '2023']);
  assert.ok(province.total >= 400 && province.total < 500, `agencies ${province.total}`);
  // the seeds' four services are all offered in the zone
  const offered = new Set(zone.items.flatMap((x) => x.services));
  for (const s of ['finance', 'transfer', 'testing', 'ip']) assert.ok(offered.has(s), s);
});

// The 2023 growth rates once more, this time counted from the published
// certification lists themselves (the records the dashboard's figures link
// to), not from the indicators code: (list 2023 - list 2022) / list 2022.
test('2023, Liaoning: +55.6 % tech SMEs and +16.0 % high-tech, counted from the official lists', async () => {
  const { Server } = await import('./lib.mjs');
  const { copyFileSync } = await import('node:fs');
  // The seeded file is copied in, so this server runs on SQLite in both runs
  // (the figures are the seeder's and the store's, the same on both engines:
  // the conformance suite covers the certification listing on PostgreSQL).
  const srv = await Server.start({ db: 'sqlite', users: false, setup: (path) => copyFileSync(db, path) });
  try {
    const c = srv.client();
    const total = async (tier, year) => {
      const r = await c.get(`/api/tiers/certifications?tier=${tier}&year=${year}&limit=1`);
      assert.equal(r.status, 200, r.text);
      return r.json.total;
    };
    const rate = async (tier) => {
      const [a, b] = [await total(tier, 2022), await total(tier, 2023)];
      return (Math.round(((b - a) / a) * 1000) / 10).toFixed(1);
    };
    assert.equal(await rate('tech_sme'), '55.6');
    assert.equal(await rate('high_tech'), '16.0');
  } finally {
    await srv.stop();
  }
});
