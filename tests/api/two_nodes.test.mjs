// two_nodes.test.mjs - two app nodes (`techbridge serve` twice) on one
// database (issue #12): a listing published through node A is found by
// ranked search and in a demand's matches on node B (how fast: `make bench-pg`); a booking
// made on A conflicts on B; SIGKILL of A loses no acknowledged write (every
// 201 that A gave is readable on B, and found by B's search); B keeps serving.
// Guards against: a node whose match index only knows its own writes (B
// never saw A's listing until restarted), and a write acknowledged before
// it was durable in the shared database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, complete } from './lib.mjs';

let A, B, adminA, adminB, anonB, uni, ent, dem;

before(async () => {
  A = await Server.start();
  B = await Server.start({ sharing: A });
  adminA = await A.session('admin');
  adminB = await B.session('admin');
  anonB = B.client();
  uni = (await adminA.post('/api/orgs', { name: '大连理工大学', name_en: 'Dalian University of Technology', kind: 'university', city: '大连' })).json;
  ent = (await adminA.post('/api/orgs', { name: '沈阳鼓风机集团', name_en: 'Shenyang Blower Works', kind: 'enterprise', city: '沈阳' })).json;
  const d = await adminA.post('/api/demands', complete('demands', {
    title_zh: '离心压缩机叶轮激光熔覆修复', title_en: 'Laser cladding repair of centrifugal compressor impellers',
    desc_zh: '需要离心压缩机叶轮的激光熔覆修复工艺，恢复叶片尺寸与疲劳强度，缩短停机时间。',
    keywords: ['激光熔覆', '叶轮', '修复'], field: '新材料', org_id: ent.id, status: 'published',
  }));
  assert.equal(d.status, 201, d.text);
  dem = d.json;
});
after(async () => { await B.stop(); await A.stop(); });

// How FAST another process's write becomes visible (issue #12: 1 s) is a
// benchmark figure (`make bench-pg` prints the visibility p99 on both
// engines), not a test bound: a 1 s bound here failed on a machine at load
// 30-40 (issue #19: the same verdict every run). These tests check THAT it
// becomes visible; VISIBLE_MS only tells a follower that never catches up
// from a slow one. A sanitizer build runs several times slower, so
// run-tests.sh sets TB_TIME_SCALE for it (as full_demo.test.mjs).
const SCALE = Number(process.env.TB_TIME_SCALE) || 1;
const VISIBLE_MS = 15000;
async function within(ms, probe) {
  ms *= SCALE;
  const t0 = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - t0;
    if (Date.now() - t0 > ms) return -1;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const cladding = (over = {}) => complete('achievements', {
  title_zh: '叶轮激光熔覆修复技术', title_en: 'Impeller laser cladding repair',
  abstract_zh: '面向离心压缩机叶轮的激光熔覆修复工艺，修复后叶片疲劳强度达到新件的百分之九十五以上。',
  keywords: ['激光熔覆', '叶轮', '修复'], field: '新材料', trl: 7, modes: ['transfer'], price: 800000,
  owner_org_id: uni.id, ...over,
});

test('a listing published through A is found by ranked search and in matches on B; withdrawn, it leaves B too', async () => {
  const q = '/api/achievements?q=' + encodeURIComponent('叶轮激光熔覆') + '&limit=50';
  assert.equal((await anonB.get(q)).json.items.length, 0);
  const draft = await adminA.post('/api/achievements', cladding({ status: 'draft' }));
  assert.equal(draft.status, 201, draft.text);
  const id = draft.json.id;
  const p = await adminA.post(`/api/achievements/${id}/publish`, {});
  assert.equal(p.status, 200, p.text);
  const tSearch = await within(VISIBLE_MS, async () => (await anonB.get(q)).json.items.some((x) => x.id === id));
  assert.ok(tSearch >= 0, 'found by ?q= on B ');
  const tMatch = await within(VISIBLE_MS, async () =>
    (await anonB.get(`/api/demands/${dem.id}/matches?limit=50`)).json.items.some((x) => x.achievement.id === id));
  assert.ok(tMatch >= 0, "among the demand's matches on B");

  assert.equal((await adminA.post(`/api/achievements/${id}/withdraw`, {})).status, 200);
  const tGone = await within(VISIBLE_MS, async () => !(await anonB.get(q)).json.items.some((x) => x.id === id));
  assert.ok(tGone >= 0, 'withdrawn: gone from B ');
});

test('a booking made on A conflicts on B', async () => {
  const inst = await adminA.post('/api/instruments', {
    org_id: uni.id, name_zh: '双节点透射电镜', name_en: 'TEM (two nodes)', category: '电子显微镜',
    services: ['staff_operated'], fee: { unit: 'hour', internal: 100, academic: 200, enterprise: 400 },
    opening_hours: { mon: '00:00-24:00', tue: '00:00-24:00', wed: '00:00-24:00', thu: '00:00-24:00', fri: '00:00-24:00', sat: '00:00-24:00', sun: '00:00-24:00' },
    min_slot_minutes: 60, max_slot_minutes: 240, lead_time_hours: 1, cancel_deadline_hours: 1,
    requires_approval: false, status: 'available', value: 1000000,
  });
  assert.equal(inst.status, 201, inst.text);
  const day = new Date(Date.now() + 3 * 86400e3).toISOString().slice(0, 10);
  const body = { org_id: ent.id, booker_name: '张工', booker_email: 'zhang@blower.cn', start: `${day}T10:00`, end: `${day}T12:00` };
  const a = await adminA.post(`/api/instruments/${inst.json.id}/bookings`, body);
  assert.equal(a.status, 201, a.text);
  const b = await adminB.post(`/api/instruments/${inst.json.id}/bookings`, { ...body, start: `${day}T11:00`, end: `${day}T13:00` });
  assert.equal(b.status, 409, b.text);
  assert.equal(b.json.field, 'start');
});

test('SIGKILL of A loses no acknowledged write; B keeps serving and finds every one', async () => {
  const acked = [];
  let n = 0, stop = false;
  // Four writers post published listings to A until A is gone.
  const writer = async () => {
    while (!stop) {
      const i = n++;
      const r = await adminA.post('/api/achievements', cladding({
        status: 'published', title_zh: `叶轮修复批次${i}`, title_en: `Killprobe impeller batch ${i}` })).catch(() => null);
      if (!r) return;
      if (r.status === 201) acked.push({ id: r.json.id, title: r.json.title_en });
    }
  };
  const writers = [writer(), writer(), writer(), writer()];
  const enough = await within(20000, async () => acked.length >= 8);
  assert.ok(enough >= 0, 'A acknowledged writes before the kill');
  await A.kill();
  stop = true;
  await Promise.all(writers);
  assert.ok(acked.length >= 8 && acked.length <= 100, String(acked.length));
  for (const w of acked) {
    const g = await adminB.get(`/api/achievements/${w.id}`);
    assert.equal(g.status, 200, `acknowledged write ${w.id} readable on B`);
    assert.equal(g.json.title_en, w.title);
  }
  const t = await within(VISIBLE_MS, async () => {
    const r = await anonB.get('/api/achievements?q=killprobe&limit=100');
    return acked.every((w) => r.json.items.some((x) => x.id === w.id));
  });
  assert.ok(t >= 0, "every acknowledged listing is found by B's search");
  assert.equal((await anonB.get('/healthz')).status, 200);
  const own = await adminB.post('/api/achievements', cladding({ status: 'published', title_en: 'Written on B after A died' }));
  assert.equal(own.status, 201, own.text);
});
