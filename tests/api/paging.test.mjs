// paging.test.mjs - keyset pagination of the catalogue listings (after=ID,
// next_after) beside offset paging: walking the whole listing with after=
// gives the same items in the same order as offset paging, in both date
// orders and with a filter, ends with next_after null, and after= is refused
// where it has no meaning (docs/performance.md, "Listings in O(page)").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let srv, c;
before(async () => { srv = await Server.start({ demo: true }); c = srv.client(); });
after(async () => { await srv.stop(); });

async function walk(kind, qs, useAfter) {
  const ids = [];
  let next = null, offset = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const page = useAfter ? `${qs}&limit=7${next ? `&after=${next}` : ''}` : `${qs}&limit=7&offset=${offset}`;
    const r = await c.get(`/api/${kind}?${page}`);
    assert.equal(r.status, 200, r.text);
    ids.push(...r.json.items.map((x) => x.id));
    offset += 7;
    if (useAfter) {
      if (r.json.next_after === null) return ids;
      assert.equal(r.json.next_after, r.json.items[r.json.items.length - 1].id);
      next = r.json.next_after;
    } else if (r.json.items.length < 7) {
      return ids;
    }
  }
  throw new Error('paging did not end');
}

for (const [kind, qs] of [['achievements', 'sort=newest'], ['achievements', 'sort=oldest'],
  ['achievements', 'city=Shenyang'], ['demands', 'sort=newest'], ['demands', 'sort=oldest']]) {
  test(`${kind}?${qs}: after= pages equal offset pages`, async () => {
    const byOffset = await walk(kind, qs, false);
    const byAfter = await walk(kind, qs, true);
    assert.ok(byOffset.length > 14, `only ${byOffset.length} items`);
    assert.deepEqual(byAfter, byOffset);
    assert.equal(new Set(byAfter).size, byAfter.length);
    const total = (await c.get(`/api/${kind}?${qs}&limit=1`)).json.total;
    assert.equal(byAfter.length, total);
  });
}

test('after= is refused where it has no meaning, naming the field', async () => {
  for (const qs of ['after=1&sort=price', 'after=1&offset=20', 'after=1&q=robot', 'after=0', 'after=x']) {
    const r = await c.get(`/api/achievements?${qs}`);
    assert.equal(r.status, 400, qs);
    assert.equal(r.json.field, 'after', qs);
  }
  const r = await c.get('/api/achievements?sort=price&limit=5');
  assert.equal(r.json.next_after, null);
});
