// search.js - /search: tabs (achievements | demands), query box, filters
// (field, TRL range, mode, city, price/budget in 万元 / 10k yuan), facet counts
// (facets=1, achievements), sort and pagination (numbered pages and a
// jump-to-page box, issue #18; a page past the end leads back). The URL is the state: every
// change navigates to /search?..., so results can be bookmarked and "back" works.
import { h, append, nextId } from '../dom.js';
import { t, tn, term, getLang, pick } from '../i18n.js';
import { api, meta, loadOrgNames } from '../api.js';
import { fieldMessage } from '../form.js';
import { fmtNumber } from '../format.js';
import { achievementCard, demandCard, empty, errorBox, pager, snippet } from '../ui.js';
import { authState, can } from '../auth.js';

const LIMIT = 10;
const KEYS = ['tab', 'q', 'field', 'trl_min', 'trl_max', 'mode', 'city', 'pmin', 'pmax', 'sort', 'offset'];
const SORTS = ['relevance', 'newest', 'oldest', 'price', '-price', 'trl', '-trl', 'title', 'deadline'];

function stateFrom(query) {
  const s = {};
  for (const k of KEYS) s[k] = query.get(k) || '';
  if (s.tab !== 'demands') s.tab = 'achievements';
  return s;
}
function hrefFor(s, over = {}) {
  const u = new URLSearchParams();
  const m = { ...s, ...over };
  for (const k of KEYS) if (m[k] !== '' && m[k] !== undefined && m[k] !== null && !(k === 'tab' && m[k] === 'achievements') && !(k === 'offset' && String(m[k]) === '0')) u.set(k, m[k]);
  const q = u.toString();
  return `/search${q ? `?${q}` : ''}`;
}
const wan = (v) => (v === '' ? '' : String(Math.round(Number(v) * 10000)));

function field(label, control, id) {
  return h('div', { class: 'form-field' }, h('label', { for: id }, label), control);
}
function select(id, name, value, options) {
  return h('select', { id, name }, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

export default async function render(ctx) {
  const s = stateFrom(ctx.query);
  const isA = s.tab === 'achievements';
  ctx.setTitle(t('search.title'));
  let m;
  try { m = await meta(); } catch { m = { modes: ['transfer', 'licence', 'equity', 'codev', 'service'], cities: [] }; }

  const ids = Object.fromEntries(['q', 'field', 'trl_min', 'trl_max', 'mode', 'city', 'pmin', 'pmax', 'sort'].map((k) => [k, nextId(`s-${k}`)]));
  const trlOpts = [['', t('search.any')], ...Array.from({ length: 9 }, (_, i) => [String(i + 1), String(i + 1)])];
  const fieldList = nextId('fields');
  const form = h('form', { class: 'search-form', role: 'search', 'aria-label': t('search.form_label'), onsubmit: (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    const next = { tab: s.tab, offset: '' };
    for (const k of KEYS) if (fd.has(k)) next[k] = String(fd.get(k)).trim();
    ctx.navigate(hrefFor(next));
  } },
  h('div', { class: 'search-row' },
    h('label', { for: ids.q, class: 'visually-hidden' }, t('search.query')),
    h('input', { type: 'search', id: ids.q, name: 'q', value: s.q, placeholder: t(isA ? 'search.placeholder_a' : 'search.placeholder_d'), class: 'input-lg' }),
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('action.search'))),
  h('details', { class: 'filters', open: window.matchMedia('(min-width: 800px)').matches || ['field', 'trl_min', 'trl_max', 'mode', 'city', 'pmin', 'pmax'].some((k) => s[k]) },
    h('summary', null, t('search.filters')),
    h('div', { class: 'filter-grid' },
      field(t('item.field'), [h('input', { id: ids.field, name: 'field', value: s.field, list: fieldList, autocomplete: 'off' }), h('datalist', { id: fieldList })], ids.field),
      field(t('search.trl_min'), select(ids.trl_min, 'trl_min', s.trl_min, trlOpts), ids.trl_min),
      field(t('search.trl_max'), select(ids.trl_max, 'trl_max', s.trl_max, trlOpts), ids.trl_max),
      field(t('item.modes'), select(ids.mode, 'mode', s.mode, [['', t('search.any')], ...m.modes.map((x) => [x, term('mode', x)])]), ids.mode),
      field(t('item.city'), select(ids.city, 'city', s.city, [['', t('search.any')], ...m.cities.map((c) => [c.zh, getLang() === 'en' ? c.en : c.zh])]), ids.city),
      field(t(isA ? 'search.price_min' : 'search.budget_min'), h('input', { type: 'number', min: '0', step: 'any', inputmode: 'decimal', id: ids.pmin, name: 'pmin', value: s.pmin }), ids.pmin),
      field(t(isA ? 'search.price_max' : 'search.budget_max'), h('input', { type: 'number', min: '0', step: 'any', inputmode: 'decimal', id: ids.pmax, name: 'pmax', value: s.pmax }), ids.pmax),
      field(t('search.sort'), select(ids.sort, 'sort', s.sort, [['', t('sort.default')], ...SORTS.filter((x) => isA ? x !== 'deadline' : !['price', '-price', 'trl', '-trl'].includes(x)).map((x) => [x, t(`sort.${x}`)])]), ids.sort)),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('search.apply')),
      h('a', { class: 'btn', href: hrefFor({ tab: s.tab }) }, t('search.reset')))));

  const tabs = h('nav', { class: 'tabs', 'aria-label': t('search.tabs') },
    ['achievements', 'demands'].map((tab) => h('a', {
      id: `tab-${tab}`, class: 'tab', href: hrefFor({ tab, q: s.q, city: s.city, field: s.field }),
      'aria-current': (tab === s.tab) ? 'page' : null,
    }, t(`search.tab_${tab}`))));

  // Facets are filters too: on a phone they come before the results, folded
  // (one line) so the results stay near the top; wide screens show them open
  // in the left column.
  const facetsBox = h('details', { class: 'facets', open: window.matchMedia('(min-width: 900px)').matches },
    h('summary', null, t('search.facets')));
  const results = h('div', { class: 'results', id: 'results', 'aria-live': 'polite' });
  ctx.main.append(h('h1', null, t('search.title')), tabs,
    h('div', { id: 'search-panel' }, form,
      h('div', { class: 'search-body' }, facetsBox, results)));

  const params = {
    q: s.q, field: s.field, trl_min: s.trl_min, trl_max: s.trl_max, mode: s.mode, city: s.city, sort: s.sort,
    limit: LIMIT, offset: s.offset || 0,
    [isA ? 'price_min' : 'budget_min']: wan(s.pmin), [isA ? 'price_max' : 'budget_max']: wan(s.pmax),
  };
  if (isA) params.facets = 1;
  // with words to highlight, whole texts: the words may sit past the summary
  if (s.q) params.fields = 'full';
  let data;
  try {
    await loadOrgNames();
    data = await api.get(isA ? '/api/achievements' : '/api/demands', params, { signal: ctx.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    // A rejected filter: say which, in the user's language, next to its input
    // (no "retry": the same filter fails the same way).
    const key = e.field && ({ price_min: 'pmin', price_max: 'pmax', budget_min: 'pmin', budget_max: 'pmax' }[e.field] || e.field);
    const inp = key ? form.querySelector(`[name="${key}"]`) : null;
    const label = inp ? form.querySelector(`label[for="${inp.id}"]`)?.textContent : '';
    if (e.field) e.display = fieldMessage(e, label);
    if (inp) {
      const wrap = inp.closest('.form-field');
      inp.setAttribute('aria-invalid', 'true');
      const msg = h('p', { class: 'field-error', id: `${inp.id}-err` }, e.display);
      inp.setAttribute('aria-describedby', msg.id);
      wrap.append(msg);
      const det = inp.closest('details');
      if (det) det.open = true;
    }
    results.append(errorBox(e, () => ctx.navigate(location.pathname + location.search)));
    return;
  }

  // Issue #18: the same search as CSV (first 1,000 rows, headers in this language, BOM)
  const csvParams = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '' && !['limit', 'offset', 'facets', 'fields'].includes(k)) csvParams.set(k, v);
  csvParams.set('format', 'csv');
  csvParams.set('lang', getLang());
  results.append(h('p', { class: 'result-count-row' }, h('span', { class: 'result-count', id: 'result-count' }, tn('search.count', data.total, { n: fmtNumber(data.total) })),
    data.total ? h('a', { class: 'btn btn-small', id: 'export-csv', href: `${isA ? '/api/achievements' : '/api/demands'}?${csvParams}`, download: '' }, t('search.export_csv')) : null),
    saveBox(s, isA));
  if (!data.items.length && data.total > 0) {
    // A page past the end (an old bookmark, offset=999999): say so and lead back.
    const last = Math.floor((data.total - 1) / LIMIT) * LIMIT;
    results.append(h('div', { class: 'state state-empty', id: 'past-end' }, h('p', null, t('search.past_end')),
      h('p', { class: 'actions-row' }, h('a', { class: 'btn', href: hrefFor(s, { offset: '' }) }, t('search.first_page')),
        h('a', { class: 'btn', href: hrefFor(s, { offset: last }) }, t('search.last_page')))));
  } else if (!data.items.length) {
    results.append(empty(s.q ? t('search.none_q', { q: s.q }) : t('search.none')));
  } else {
    // Issue #18: with a query, each card shows where the words occur.
    const card = (x) => {
      const li = (isA ? achievementCard : demandCard)(x);
      const base = isA ? 'abstract' : 'desc';
      const sn = s.q ? snippet(pick(x, base), s.q) || snippet(x[`${base}_${getLang() === 'zh' ? 'en' : 'zh'}`], s.q) : null;
      // text in the other language (the fallback) is marked as such
      if (sn && /[\u3400-\u9fff]/.test(sn.textContent) !== (getLang() === 'zh')) sn.lang = getLang() === 'zh' ? 'en' : 'zh-CN';
      if (sn) li.append(sn);
      return li;
    };
    append(results, [h('ul', { class: 'cards' }, data.items.map(card)),
      // Issue #18: numbered pages and jump-to-page; every link keeps the filters
      pager(data.total, data.limit, data.offset, (off) => hrefFor(s, { offset: off }), { numbered: true, jump: (href) => ctx.navigate(href) })]);
  }

  const dl = form.querySelector('datalist');
  const known = new Set();
  if (data.facets) {
    for (const f of data.facets.field || []) known.add(f.value);
    const facetGroup = (name, title, items, label) => (items?.length ? h('section', { class: 'facet' },
      h('h2', null, title),
      h('ul', null, items.map((f) => {
        const on = String(s[name]) === String(f.value);
        return h('li', null, h('a', { href: hrefFor(s, { [name]: on ? '' : f.value, offset: '' }), class: on ? 'facet-on' : null, 'aria-current': on ? 'true' : null },
          h('span', null, label(f.value)), h('span', { class: 'count' }, fmtNumber(f.count))));
      }))) : null);
    const cityLabel = (v) => (getLang() === 'en' ? (m.cities.find((c) => c.zh === v)?.en || v) : v);
    append(facetsBox, [
      facetGroup('field', t('item.field'), data.facets.field, (v) => term('field', v)),
      facetGroup('city', t('item.city'), data.facets.city, cityLabel),
      // TRL facet: clicking sets both bounds to that level.
      data.facets.trl?.length ? h('section', { class: 'facet' }, h('h2', null, t('item.trl')),
        h('ul', null, [...data.facets.trl].sort((a, b) => Number(a.value) - Number(b.value)).map((f) => {
          const on = s.trl_min === String(f.value) && s.trl_max === String(f.value);
          return h('li', null, h('a', { href: hrefFor(s, { trl_min: on ? '' : f.value, trl_max: on ? '' : f.value, offset: '' }), class: on ? 'facet-on' : null },
            h('span', null, t('trl.short', { n: f.value })), h('span', { class: 'count' }, fmtNumber(f.count))));
        }))) : null]);
  } else {
    facetsBox.hidden = true;
  }
  for (const v of known) dl.append(h('option', { value: v }, term('field', v)));
}

// Issue #16: the current search as a subscription ("Save this search": new
// listings matching it raise a notification) and as an Atom feed. A saved
// search keeps q, field, city and the minimum TRL, the filters alerts match.
function saveBox(s, isA) {
  const u = new URLSearchParams();
  for (const k of ['q', 'field', 'city', 'trl_min']) if (s[k]) u.set(k, s[k]);
  const feed = `/api/feeds/${isA ? 'achievements' : 'demands'}.atom${u.toString() ? `?${u}` : ''}`;
  const msg = h('span', { class: 'save-msg', id: 'save-search-msg', role: 'status' });
  const box = h('p', { class: 'save-search actions-row' },
    h('a', { href: feed, class: 'feed-link', id: 'search-feed', type: 'application/atom+xml' }, t('sub.feed_this')));
  const filters = ['q', 'field', 'city', 'trl_min'].some((k) => s[k]);
  if (authState().user && can('subscription', 'create') && filters) {
    box.append(h('button', { type: 'button', class: 'btn', id: 'save-search', onclick: async (ev) => {
      const body = { kind: 'search', target: isA ? 'achievement' : 'demand' };
      for (const k of ['q', 'field', 'city']) if (s[k]) body[k] = s[k];
      if (s.trl_min) body.trl_min = Number(s.trl_min);
      try {
        await api.post('/api/subscriptions', body);
        ev.target.disabled = true;
        msg.replaceChildren(t('sub.saved'), ' ', h('a', { href: '/subscriptions' }, t('sub.title')));
      } catch (e) { msg.replaceChildren(errorBox(e)); }
    } }, t('sub.save_search')));
  }
  box.append(msg);
  return box;
}
