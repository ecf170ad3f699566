// match_answer_cache.test.mjs - a listing's presented matches kept in memory
// for signed-in askers (src/api/matches.c, "presented matches";
// docs/performance.md). Guards against:
//   - the signed-in matches row of issue #17 (0.6 ms of CPU per request:
//     every request loaded its ten rows again and presented them): the
//     second request for the same published listing is answered from memory
//     (tb_match_answer_cache_hits_total moves by exactly one) with the same
//     bytes;
//   - a cached answer crossing users: an entry filled by an admin (who sees
//     every contact) serves a member of another organisation, whose items
//     carry no contact e-mail or phone; a member's draft listing is never
//     kept (its matches are computed every time) and nobody who may not read
//     it gets its matches;
//   - stale answers: a publication (the public version and the index move)
//     makes the kept entry unusable at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, complete } from './lib.mjs';
import { parseProm, val } from './prom.mjs';

const TOKEN = 'match-answer-cache-token-012345';
let srv, admin, member, reviewer;

before(async () => {
  srv = await Server.start({ demo: true, env: { TB_METRICS_TOKEN: TOKEN } });
  admin = await srv.session('admin');
  member = await srv.session('member');
  reviewer = await srv.session('reviewer');
});
after(async () => { await srv.stop(); });

async function scrape() {
  const r = await fetch(srv.base + '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(r.status, 200);
  return parseProm(await r.text());
}
const answerHits = (p) => val(p, 'tb_match_answer_cache_hits_total');

// A published demand whose matches (as the admin sees them) include a listing
// of another organisation than the member's, with a contact e-mail.
async function demandWithForeignContact() {
  const list = await srv.client().get('/api/demands?limit=50');
  assert.equal(list.status, 200);
  for (const d of list.json.items) {
    const r = await admin.get(`/api/demands/${d.id}/matches`);
    if (r.status === 200 && r.json.items.some((it) => it.achievement.contact?.email &&
                                                      it.achievement.owner_org_id !== member.user.org_id))
      return d.id;
  }
  throw new Error('no published demand of the demo has a foreign match with a contact');
}

test('an admin-filled entry serves a member of another organisation without the contacts', async () => {
  const path = `/api/demands/${await demandWithForeignContact()}/matches`;
  const s0 = await scrape();
  const a1 = await admin.get(path);
  const a2 = await admin.get(path);
  assert.equal(a1.status, 200);
  assert.equal(a2.text, a1.text);
  const s1 = await scrape();
  assert.equal(answerHits(s1) - answerHits(s0), 2, 'both requests answered from memory (the search filled it)');

  const m = await member.get(path);
  assert.equal(m.status, 200);
  assert.equal(m.headers.get('cache-control'), 'no-store');
  const s2 = await scrape();
  assert.equal(answerHits(s2) - answerHits(s1), 1, 'the member was answered from the same entry');
  assert.deepEqual(m.json.items.map((it) => [it.achievement.id, it.strength, it.score]),
                   a1.json.items.map((it) => [it.achievement.id, it.strength, it.score]));
  let foreign = 0;
  for (let i = 0; i < m.json.items.length; i++) {
    const mine = m.json.items[i].achievement, seen = a1.json.items[i].achievement;
    if (mine.owner_org_id === member.user.org_id) {
      assert.deepEqual(mine.contact, seen.contact);           // their own organisation's contact
    } else {
      assert.equal(mine.contact.email, null, `contact e-mail of ${mine.id} leaked to the member`);
      assert.equal(mine.contact.phone, null, `contact phone of ${mine.id} leaked to the member`);
      if (seen.contact.email) foreign++;
    }
  }
  assert.ok(foreign > 0, 'the admin saw at least one contact the member must not see');
  // And the other way round: the admin still gets the contacts after the member.
  assert.equal((await admin.get(path)).text, a1.text);
});

test('a draft listing\'s matches are never kept, and only its organisation gets them', async () => {
  const d = await member.post('/api/demands', {
    title_zh: '镁合金轻量化压铸件需求草稿', desc_zh: '需要高强度镁合金板材与压铸工艺，用于汽车轻量化零部件。',
    keywords: ['镁合金', '轻量化', '压铸'], field: '新材料', org_id: member.user.org_id });
  assert.equal(d.status, 201, d.text);
  const path = `/api/demands/${d.json.id}/matches`;
  const s0 = await scrape();
  const a = await member.get(path);
  const b = await member.get(path);
  assert.equal(a.status, 200);
  assert.ok(a.json.items.length > 0);
  assert.equal(b.text, a.text);
  const anon = await srv.client().get(path);
  assert.notEqual(anon.status, 200);
  assert.ok(!anon.text.includes('镁合金'));
  const s1 = await scrape();
  assert.equal(answerHits(s1) - answerHits(s0), 0, 'a draft\'s matches came from memory');
});

test('a publication makes the kept answer stale at once', async () => {
  const path = `/api/demands/${await demandWithForeignContact()}/matches`;
  await admin.get(path);
  const s0 = await scrape();
  await admin.get(path);
  const s1 = await scrape();
  assert.equal(answerHits(s1) - answerHits(s0), 1);
  const x = await member.post('/api/achievements', complete('achievements', {
    title_zh: '答案缓存测试成果', field: '新材料', trl: 6, modes: ['transfer'], price: 1000,
    owner_org_id: member.user.org_id }));
  assert.equal(x.status, 201, x.text);
  assert.equal((await member.post(`/api/achievements/${x.json.id}/submit`)).status, 200);
  assert.equal((await reviewer.post(`/api/achievements/${x.json.id}/publish`)).status, 200);
  const s2 = await scrape();
  const r = await admin.get(path);
  assert.equal(r.status, 200);
  const s3 = await scrape();
  assert.equal(answerHits(s3) - answerHits(s2), 0, 'the answer kept before the publication was used');
  await admin.get(path);
  assert.equal(answerHits(await scrape()) - answerHits(s3), 1);
});
