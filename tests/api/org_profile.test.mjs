// org_profile.test.mjs - an organisation's page in one answer (issue #18):
// GET /api/orgs/{id}/profile counts its published listings, instruments,
// hosted platforms, certifications and registered contracts for everyone, and
// its drafts and submitted items only for its own people and reviewers.
//
// Guards against: organisations had no page (names were plain text), and a
// profile that counted drafts for the public would leak unpublished work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, complete } from './lib.mjs';

let srv, admin, reviewer, member, org, other;

before(async () => {
  srv = await Server.start();
  admin = await srv.session('admin');
  reviewer = await srv.session('reviewer');
  member = await srv.session('member');
  const o = await admin.post('/api/orgs', { name: '机构主页测试大学', name_en: 'Profile Test University', kind: 'university', city: '沈阳' });
  assert.equal(o.status, 201, o.text);
  org = o.json;
  other = member.user.org_id;
  for (const status of ['published', 'published', 'draft', 'submitted']) {
    const r = await admin.post('/api/achievements', complete('achievements', { title_zh: `机构主页测试成果${status}${Math.random()}`, trl: 5, modes: ['transfer'],
      price: 100000, owner_org_id: org.id, status: status === 'submitted' ? 'draft' : status }));
    assert.equal(r.status, 201, r.text);
    if (status === 'submitted') assert.equal((await admin.post(`/api/achievements/${r.json.id}/submit`)).status, 200);
  }
  const d = await admin.post('/api/demands', complete('demands', { title_zh: '机构主页测试需求', org_id: org.id, status: 'published', budget_max: 300000 }));
  assert.equal(d.status, 201, d.text);
  const allDays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((x) => [x, '08:00-18:00']));
  const i = await admin.post('/api/instruments', { org_id: org.id, name_zh: '机构主页测试电镜', category: '电子显微镜', opening_hours: allDays,
    value: 900000, fee: { unit: 'hour', internal: 100, academic: 200, enterprise: 300 } });
  assert.equal(i.status, 201, i.text);
  const p = await admin.post('/api/platforms', { name: '机构主页测试重点实验室', kind: 'key_lab', level: 'provincial', year: 2021, hosts: [org.id], city: '沈阳' });
  assert.equal(p.status, 201, p.text);
});
after(async () => { await srv.stop(); });

test('profile: public counts for everyone, no private part for the public or another organisation', async () => {
  for (const c of [srv.client(), member]) {
    const r = await c.get(`/api/orgs/${org.id}/profile`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.org.id, org.id);
    assert.equal(r.json.org.name_en, 'Profile Test University');
    assert.deepEqual(r.json.counts, { achievements: 2, demands: 1, instruments: 1, platforms: 1, certifications: 0, contracts: 0 });
    assert.equal(r.json.private, null);
  }
  // The listings the page shows are the public ones, filtered by organisation.
  const l = await srv.client().get(`/api/achievements?org=${org.id}`);
  assert.equal(l.json.total, 2);
});

test('profile: reviewers and the organisation\'s own people see drafts and items waiting for review', async () => {
  const r = await reviewer.get(`/api/orgs/${org.id}/profile`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.private, { achievement_drafts: 1, achievements_submitted: 1, demand_drafts: 0, demands_submitted: 0 });
  const own = await member.get(`/api/orgs/${other}/profile`);
  assert.equal(own.status, 200, own.text);
  assert.equal(typeof own.json.private.achievement_drafts, 'number');
  assert.equal((await srv.client().get('/api/orgs/999999/profile')).status, 404);
});

test('certifications carry their tier name in both languages', async () => {
  const c = await admin.post('/api/tiers/certifications', { org_id: org.id, tier: 'tech_sme', year: 2025, source: '测试' });
  assert.equal(c.status, 201, c.text);
  const r = await srv.client().get(`/api/orgs/${org.id}/profile`);
  assert.equal(r.json.counts.certifications, 1);
  const l = await srv.client().get(`/api/tiers/certifications?org=${org.id}`);
  assert.equal(l.json.items[0].tier, 'tech_sme');
  assert.equal(typeof l.json.items[0].label.zh, 'string');
  assert.equal(typeof l.json.items[0].label.en, 'string');
  assert.notEqual(l.json.items[0].label.en, l.json.items[0].label.zh);
});
