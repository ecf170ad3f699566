// ui.js - shared pieces of pages: states (loading, empty, error), result
// cards for achievements and demands, pagination, badges, definition lists.
import { h, nextId } from './dom.js';
import { t, pick, isFallback, term, cityName, getLang } from './i18n.js';
import { fmtMoney, fmtBudget, fmtDate, fmtNumber } from './format.js';
import { ApiError, orgInfo } from './api.js';
import { knownText } from './messages.js';

export function loading(text) {
  return h('p', { class: 'state state-loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text || t('state.loading'));
}
export function empty(text) {
  return h('p', { class: 'state state-empty' }, text || t('state.empty'));
}
// What went wrong, in the user's language. e.display (set by a page that
// knows better, e.g. login's "wrong email or password") wins; a 4xx with a
// server message shows its catalogue text (never raw English on the Chinese
// page); 401/403/404/5xx and network failures have fixed texts.
export function errorMessage(e) {
  if (e?.display) return e.display;
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network');
    if (e.status >= 500) return t('error.500');
    const known = knownText(e);
    if (e.status === 401) return known && e.code !== 'login_required' && e.message !== 'login required' ? known : t('error.401');
    if (e.status === 403) return t('error.403');
    if (e.status === 404) return t('error.404');
    if (e.status === 409) return `${t('error.409')} ${known || ''}`.trim();
    if (e.status === 429) return known || t('error.429');
    return known || t('error.400');
  }
  return e?.message || String(e);
}
// Retrying helps only when the failure was not the request's fault (network,
// server); on a 4xx the same request fails the same way, so no button.
export function errorBox(e, retry) {
  const transient = !(e instanceof ApiError) || e.status === 0 || e.status >= 500;
  return h('div', { class: 'state state-error', role: 'alert' },
    h('p', null, errorMessage(e)),
    retry && transient ? h('button', { type: 'button', class: 'btn', onclick: retry }, t('action.retry')) : null);
}

// Organisation name in the current language ({id, name} from a listing).
export function orgName(o) {
  if (!o) return '';
  const full = orgInfo(o.id);
  if (getLang() === 'en' && full?.name_en) return full.name_en;
  return o.name || full?.name || '';
}

// The same as a node: a Chinese-only name on the English page is marked
// lang="zh-CN" (screen readers switch voice; fonts pick CJK glyphs).
// Issue #18: every organisation name in a listing links to its page
// (/orgs/:id); { link: false } where the name sits inside another link.
export function orgLabel(o, attrs = {}) {
  const { link = true, ...rest } = attrs;
  const name = orgName(o);
  const zhOnly = getLang() === 'en' && !!name && !orgInfo(o?.id)?.name_en && /[\u3400-\u9fff]/.test(name);
  const id = Number(o?.id);
  if (link && id > 0 && name) return h('a', { ...rest, href: `/orgs/${id}`, lang: zhOnly ? 'zh-CN' : null }, name);
  return h('span', { ...rest, lang: zhOnly ? 'zh-CN' : null }, name);
}

// Free text stored in Chinese only (a location, specifications) on the English
// page: marked lang="zh-CN" like names.
export function zhMark(text) {
  if (!text || getLang() !== 'en' || !/[\u3400-\u9fff]/.test(text)) return text || '';
  return h('span', { lang: 'zh-CN' }, text);
}

export function badge(text, cls = '') { return h('span', { class: `badge ${cls}`.trim() }, text); }
export function statusBadge(s) { return badge(term('status', s), `status-${s}`); }
export function trlBadge(n) {
  return n ? h('span', { class: 'badge badge-trl', title: t('trl.long', { n }) }, t('trl.short', { n })) : null;
}
export function modesList(modes) {
  if (!modes || !modes.length) return null;
  return h('span', { class: 'modes' }, modes.map((m) => badge(term('mode', m), 'badge-mode')));
}

// The fallback marker: a title shown in the other language gets a lang attribute
// (screen readers switch voice) and a small tag.
export function titleText(item, base = 'title') {
  const text = pick(item, base) || t('item.untitled');
  const fb = isFallback(item, base);
  return h('span', { lang: fb ? (getLang() === 'zh' ? 'en' : 'zh-CN') : null }, text);
}

export function achievementCard(a) {
  return h('li', { class: 'card result', dataset: { id: a.id, kind: 'achievement' } },
    h('h3', { class: 'card-title' }, h('a', { href: `/achievements/${a.id}` }, titleText(a))),
    h('p', { class: 'card-meta' },
      orgLabel(a.owner, { class: 'owner' }),
      cityName(a.owner) ? h('span', { class: 'city' }, cityName(a.owner)) : null,
      a.field ? h('span', { class: 'field' }, term('field', a.field)) : null),
    h('p', { class: 'card-tags' }, trlBadge(a.trl), modesList(a.modes),
      h('span', { class: 'price' }, h('span', { class: 'label' }, t('item.price')), ' ', fmtMoney(a.price))));
}

export function demandCard(d) {
  return h('li', { class: 'card result', dataset: { id: d.id, kind: 'demand' } },
    h('h3', { class: 'card-title' }, h('a', { href: `/demands/${d.id}` }, titleText(d))),
    h('p', { class: 'card-meta' },
      orgLabel(d.org, { class: 'owner' }),
      cityName(d.org) ? h('span', { class: 'city' }, cityName(d.org)) : null,
      d.field ? h('span', { class: 'field' }, term('field', d.field)) : null),
    h('p', { class: 'card-tags' },
      d.trl_min ? h('span', { class: 'badge badge-trl' }, t('trl.min', { n: d.trl_min })) : null,
      modesList(d.modes),
      h('span', { class: 'price' }, h('span', { class: 'label' }, t('item.budget')), ' ', fmtBudget(d.budget_min, d.budget_max)),
      d.deadline ? h('span', { class: 'deadline' }, t('item.deadline_short', { d: fmtDate(d.deadline) })) : null));
}

// Pagination: "previous / page x of y / next" links built by hrefFor(offset).
// Issue #18 (search): with opts.numbered, the page numbers too (the first,
// the last and two either side of the current one, gaps as "…"; the current
// one is aria-current="page"), and with opts.jump(href) a "go to page" box
// that checks the number against 1..pages before it calls jump.
export function pager(total, limit, offset, hrefFor, opts = {}) {
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit) + 1;
  if (pages <= 1) return null;
  const link = (label, off, rel, enabled) => (enabled
    ? h('a', { class: 'btn', href: hrefFor(off), rel }, label)
    : h('span', { class: 'btn disabled', 'aria-disabled': 'true' }, label));
  const nav = h('nav', { class: 'pager', 'aria-label': t('pager.label') },
    link(t('pager.prev'), Math.max(0, offset - limit), 'prev', page > 1));
  if (opts.numbered) {
    const want = new Set([1, pages]);
    for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= pages) want.add(p);
    const list = h('ol', { class: 'pager-pages' });
    let prev = 0;
    for (const p of [...want].sort((a, b) => a - b)) {
      if (p > prev + 1) list.append(h('li', { class: 'pager-gap', 'aria-hidden': 'true' }, '…'));
      list.append(h('li', null, p === page
        ? h('a', { class: 'btn btn-current', href: hrefFor((p - 1) * limit), 'aria-current': 'page', 'aria-label': t('pager.page', { n: p }) }, fmtNumber(p))
        : h('a', { class: 'btn', href: hrefFor((p - 1) * limit), 'aria-label': t('pager.page', { n: p }) }, fmtNumber(p))));
      prev = p;
    }
    nav.append(list);
  } else {
    nav.append(h('span', { class: 'pager-pos' }, t('pager.pos', { page: fmtNumber(page), pages: fmtNumber(pages) })));
  }
  nav.append(link(t('pager.next'), offset + limit, 'next', page < pages));
  if (opts.jump) nav.append(jumpBox(pages, page, (p) => opts.jump(hrefFor((p - 1) * limit))));
  return nav;
}

function jumpBox(pages, page, go) {
  const id = nextId('jump');
  const input = h('input', { type: 'number', id, name: 'page', min: '1', max: String(pages), step: '1', inputmode: 'numeric', value: String(page), class: 'jump-input', 'aria-describedby': `${id}-msg` });
  const msg = h('span', { class: 'hint', id: `${id}-msg`, role: 'status' }, t('pager.pos', { page: fmtNumber(page), pages: fmtNumber(pages) }));
  const form = h('form', { class: 'pager-jump', id: 'pager-jump', novalidate: true, onsubmit: (ev) => {
    ev.preventDefault();
    const p = Number(input.value);
    if (!Number.isInteger(p) || p < 1 || p > pages) {
      input.setAttribute('aria-invalid', 'true');
      msg.className = 'field-error';
      msg.textContent = t('search.jump_range', { pages: fmtNumber(pages) });
      input.focus();
      return;
    }
    go(p);
  } }, h('label', { for: id }, t('search.jump')), input, h('button', { type: 'submit', class: 'btn' }, t('search.jump_go')), msg);
  return form;
}

// A <dl> of [label, value] rows; empty values are skipped.
export function defList(rows) {
  return h('dl', { class: 'deflist' }, rows.filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

// Issue #18: a search result's snippet with the user's words highlighted,
// built from text nodes and <mark> elements (never markup from the text).
// Each word of the query is looked for case-insensitively; a Chinese word
// that does not occur whole is looked for by its two-character pieces (how
// the search engine matched it). The excerpt is about 120 characters around
// the first hit; null when nothing matches.
export function snippet(text, q, width = 120) {
  if (!text || !q) return null;
  const low = text.toLowerCase();
  const needles = [];
  for (const w of String(q).toLowerCase().split(/\s+/).filter(Boolean)) {
    if (low.includes(w)) needles.push(w);
    else if (/[\u3400-\u9fff]/.test(w) && w.length > 2) for (let i = 0; i + 2 <= w.length; i++) needles.push(w.slice(i, i + 2));
  }
  const ranges = [];
  for (const n of needles) {
    for (let i = low.indexOf(n); i >= 0; i = low.indexOf(n, i + n.length)) ranges.push([i, i + n.length]);
  }
  if (!ranges.length) return null;
  ranges.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  const start = Math.max(0, merged[0][0] - Math.floor(width / 3));
  const end = Math.min(text.length, start + width);
  const out = h('p', { class: 'snippet' });
  if (start > 0) out.append('…');
  let at = start;
  for (const [a, b] of merged) {
    if (b <= start || a >= end) continue;
    const s0 = Math.max(a, start), e0 = Math.min(b, end);
    if (s0 > at) out.append(text.slice(at, s0));
    out.append(h('mark', null, text.slice(s0, e0)));
    at = e0;
  }
  if (at < end) out.append(text.slice(at, end));
  if (end < text.length) out.append('…');
  return out;
}
