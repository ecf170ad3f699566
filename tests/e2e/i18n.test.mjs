// i18n.test.mjs - the two message catalogues have the same keys, no empty
// strings, the same {placeholders}; and every t('key') literal used in web/
// exists in them. No browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../api/lib.mjs';

const load = (l) => JSON.parse(readFileSync(join(ROOT, 'web/i18n', `${l}.json`), 'utf8'));
const zh = load('zh'), en = load('en');
const ph = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

test('zh and en catalogues have the same keys and placeholders', () => {
  const kz = Object.keys(zh).sort(), ke = Object.keys(en).sort();
  assert.deepEqual(kz.filter((k) => !(k in en)), [], 'keys only in zh.json');
  assert.deepEqual(ke.filter((k) => !(k in zh)), [], 'keys only in en.json');
  for (const k of kz) {
    assert.equal(typeof zh[k], 'string', `zh ${k}`);
    assert.ok(zh[k].trim() && en[k].trim(), `empty text for ${k}`);
    assert.equal(ph(zh[k]), ph(en[k]), `placeholders differ for ${k}`);
  }
});

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (f === 'vendor') return [];
    return statSync(p).isDirectory() ? files(p) : (/\.(js|html)$/.test(f) ? [p] : []);
  });
}

test('every literal key used in web/ exists in the catalogues', () => {
  const missing = [];
  for (const f of files(join(ROOT, 'web'))) {
    const src = readFileSync(f, 'utf8');
    const keys = [...src.matchAll(/\bt\('([a-z0-9_.-]+)'/gi), ...src.matchAll(/\btn\('([a-z0-9_.-]+)'/gi),
      ...src.matchAll(/data-i18n(?:-aria)?="([^"]+)"/g)].map((m) => m[1]);
    for (const k of keys) {
      const plural = /\btn\(/.test(src) && (`${k}.other` in zh);
      if (!(k in zh) && !plural) missing.push(`${f.slice(ROOT.length + 1)}: ${k}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('no inline scripts or style attributes in the shell (CSP)', () => {
  const html = readFileSync(join(ROOT, 'web/index.html'), 'utf8');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'inline <script>');
  assert.doesNotMatch(html, /\sstyle=/i, 'style attribute');
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'inline event handler');
});

// Guards against raw English on the Chinese page (issue 18): every catalogue
// key a server message maps to (web/js/messages.js) and every instrument
// category (instrcat.*) exists in both catalogues.
test('server-message keys and instrument categories exist in both catalogues', () => {
  const msgs = readFileSync(join(ROOT, 'web/js/messages.js'), 'utf8');
  const keys = [...msgs.matchAll(/'((?:err|error|instr|auth)\.[a-z0-9_]+)'\]/g)].map((m) => m[1]);
  assert.ok(keys.length >= 30, `${keys.length} message keys found`);
  const src = readFileSync(join(ROOT, 'web/js/pages/instruments.js'), 'utf8');
  const cats = src.match(/INSTR_CATEGORIES = \[([^\]]+)\]/)[1].match(/'[^']+'/g).map((c) => `instrcat.${c.slice(1, -1)}`);
  assert.equal(cats.length, 16);
  assert.deepEqual([...keys, ...cats].filter((k) => !(k in zh) || !(k in en)), []);
});
