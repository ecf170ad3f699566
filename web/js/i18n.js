// i18n.js - the two message catalogues (web/i18n/zh.json, en.json: flat
// "area.name" keys, identical key sets; {name} placeholders). The language is
// remembered in localStorage ("tb.lang") and mirrored on <html lang>.
// Elements in the static shell carry a data-i18n attribute naming the key of
// their text (data-i18n-aria: of their aria-label); pages build text with t().
const LANGS = ['zh', 'en'];
let lang = 'zh';
let cat = {};

export function getLang() { return lang; }
export function otherLang() { return lang === 'zh' ? 'en' : 'zh'; }

function initialLang() {
  try {
    const saved = localStorage.getItem('tb.lang');
    if (LANGS.includes(saved)) return saved;
  } catch { /* storage disabled */ }
  const nav = (navigator.language || 'zh').toLowerCase();
  return nav.startsWith('zh') ? 'zh' : (nav.startsWith('en') ? 'en' : 'zh');
}

async function fetchCatalogue(l) {
  const r = await fetch(`/i18n/${l}.json`);
  if (!r.ok) throw new Error(`i18n ${l}: HTTP ${r.status}`);
  return r.json();
}

export async function setLang(l) {
  if (!LANGS.includes(l)) l = 'zh';
  cat = await fetchCatalogue(l);
  lang = l;
  try { localStorage.setItem('tb.lang', l); } catch { /* ignore */ }
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  applyStatic(document);
}

export async function initI18n() { await setLang(initialLang()); }

export function t(key, vars) {
  let s = cat[key];
  if (s === undefined) s = key; // visible, and the parity test catches it
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] ?? m));
  return s;
}
// Plural-aware: uses key.one / key.other (Intl.PluralRules) and fills {n}.
export function tn(key, n, vars = {}) {
  const form = new Intl.PluralRules(lang === 'zh' ? 'zh-CN' : 'en').select(Number(n));
  const k = has(`${key}.${form}`) ? `${key}.${form}` : `${key}.other`;
  return t(k, { n, ...vars });
}
export function has(key) { return Object.prototype.hasOwnProperty.call(cat, key); }

export function applyStatic(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  document.title = t('app.title');
}

// Bilingual record fields: item.title_zh / item.title_en, with fallback to the other.
export function pick(item, base) {
  if (!item) return '';
  const a = item[`${base}_${lang}`], b = item[`${base}_${otherLang()}`];
  return (a && String(a).trim()) ? a : (b || '');
}
// True when pick() had to fall back to the other language (UI marks it).
export function isFallback(item, base) {
  const a = item && item[`${base}_${lang}`];
  return !(a && String(a).trim()) && !!(item && item[`${base}_${otherLang()}`]);
}

// Domain vocabularies: mode.transfer, status.draft, field.新材料 ... with the raw value as fallback.
export function term(kind, value) {
  if (value === null || value === undefined || value === '') return '';
  const k = `${kind}.${value}`;
  return has(k) ? t(k) : String(value);
}
// Cities: the API gives city (zh) and city_en.
export function cityName(obj) {
  if (!obj) return '';
  return lang === 'en' ? (obj.city_en || obj.city || '') : (obj.city || obj.city_en || '');
}
