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

// Guards the list payload: a page of full items was mostly abstracts.
test('list items carry summaries unless fields=full asks for whole items', async () => {
  for (const [kind, base] of [['achievements', 'abstract'], ['demands', 'desc']]) {
    const s = await c.get(`/api/${kind}?limit=20`);
    assert.equal(s.status, 200);
    const f = await c.get(`/api/${kind}?limit=20&fields=full`);
    assert.deepEqual(f.json.items.map((x) => x.id), s.json.items.map((x) => x.id));
    let cut = 0;
    for (let i = 0; i < s.json.items.length; i++) {
      const sum = s.json.items[i], whole = f.json.items[i];
      assert.equal(sum[`${base}_zh`], undefined);
      assert.equal(sum[`${base}_en`], undefined);
      assert.equal(whole.summary_zh, undefined);
      for (const lang of ['zh', 'en']) {
        const text = whole[`${base}_${lang}`], summary = sum[`summary_${lang}`];
        if (text === null) { assert.equal(summary, null); continue; }
        const chars = [...text];
        if (chars.length <= 120) {
          assert.equal(summary, text);
        } else {
          cut++;
          assert.equal(summary, chars.slice(0, 120).join('') + '…');
        }
      }
      // Everything else is the same as in the whole item.
      const { [`${base}_zh`]: _z, [`${base}_en`]: _e, ...rest } = whole;
      const { summary_zh: _sz, summary_en: _se, ...restSum } = sum;
      assert.deepEqual(restSum, rest);
    }
    assert.ok(cut > 0, `${kind}: some texts are longer than a summary`);
    const detail = await c.get(`/api/${kind}/${f.json.items[0].id}`);
    assert.equal(detail.json[`${base}_zh`], f.json.items[0][`${base}_zh`]);
    const bad = await c.get(`/api/${kind}?fields=everything`);
    assert.equal(bad.status, 400);
    assert.equal(bad.json.field, 'fields');
  }
});
