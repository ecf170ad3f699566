// favourites.js - saved listings and compare (issue #18).
//   /favourites          the user's saved achievements and demands (GET
//                        /api/favourites), each with Remove and a checkbox:
//                        2 to 4 of one kind -> Compare (mixed kinds: the
//                        button stays off and says why)
//   /compare?ids=1,2,3   two to four achievements side by side (a table with
//                        one column per listing, one row per fact; it
//                        scrolls inside itself on a phone);
//   /compare?kind=demand&ids=4,5  the same for demands (issue #18, item 3);
//   /compare?ids=achievement:1,demand:4  mixed kinds: refused with a message
//                        (an achievement's price and a demand's budget are
//                        not one row), with links to compare each kind
import { h, append, nextId } from '../dom.js';
import { t, term, getLang, cityName, pick } from '../i18n.js';
import { api, loadOrgNames } from '../api.js';
import { authState } from '../auth.js';
import { achievementCard, demandCard, empty, errorBox, modesList, orgLabel, titleText, trlBadge } from '../ui.js';
import { fmtBudget, fmtDate, fmtMoney } from '../format.js';

export default async function render(ctx) {
  return location.pathname === '/compare' ? compare(ctx) : favourites(ctx);
}

async function favourites(ctx) {
  ctx.setTitle(t('fav.title'));
  const auth = authState();
  if (auth.available && !auth.user) {
    ctx.main.append(h('h1', null, t('fav.title')), h('div', { class: 'state' }, h('p', null, t('fav.login')),
      h('a', { class: 'btn btn-primary', href: '/login?next=/favourites' }, t('auth.login'))));
    return;
  }
  let r;
  try {
    [r] = await Promise.all([api.get('/api/favourites', null, { signal: ctx.signal }), loadOrgNames()]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, t('fav.title')), errorBox(e, () => ctx.navigate('/favourites')));
    return;
  }
  const status = h('p', { role: 'status', class: 'hint', id: 'compare-hint' });
  const go = h('a', { class: 'btn btn-primary', id: 'compare-btn', href: '/compare', 'aria-disabled': 'true' }, t('fav.compare'));
  // Checkbox values are "kind:id"; the pick is comparable when it holds 2 to 4
  // listings of one kind (an achievement and a demand share few facts).
  const refresh = () => {
    const picked = [...ctx.main.querySelectorAll('input.compare-pick:checked')].map((x) => x.value.split(':'));
    const kinds = new Set(picked.map(([k]) => k));
    const mixed = kinds.size > 1;
    const ok = !mixed && picked.length >= 2 && picked.length <= 4;
    go.setAttribute('aria-disabled', ok ? 'false' : 'true');
    go.classList.toggle('disabled', !ok);
    const kind = [...kinds][0];
    go.href = ok ? `/compare?${kind === 'demand' ? 'kind=demand&' : ''}ids=${picked.map(([, id]) => id).join(',')}` : '/compare';
    status.textContent = mixed ? t('fav.mixed') : t('fav.picked', { n: picked.length });
    status.classList.toggle('field-error', mixed);
  };
  go.addEventListener('click', (ev) => { if (go.getAttribute('aria-disabled') === 'true') ev.preventDefault(); });
  const card = (f) => {
    const x = f.item;
    const remove = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'unsave' }, onclick: async () => {
      try { await api.del(`/api/favourites/${f.kind}s/${f.item_id}`); li.remove(); refresh(); } catch (e) { li.append(errorBox(e)); }
    } }, t('fav.remove'));
    let li;
    if (!x) {
      li = h('li', { class: 'card result fav-gone' }, h('p', null, t('fav.gone', { id: f.item_id })), remove);
      return li;
    }
    li = f.kind === 'achievement' ? achievementCard(x) : demandCard(x);
    const pickId = nextId('cmp');
    li.append(h('div', { class: 'select-item' },
      h('input', { type: 'checkbox', id: pickId, class: 'compare-pick', value: `${f.kind}:${x.id}`, onchange: refresh }),
      h('label', { for: pickId }, t('fav.pick', { title: pick(x, 'title') }))));
    li.append(h('p', { class: 'actions-row' }, remove));
    return li;
  };
  const ach = r.items.filter((f) => f.kind === 'achievement');
  const dem = r.items.filter((f) => f.kind === 'demand');
  append(ctx.main, [h('h1', null, t('fav.title')), h('p', { class: 'hint' }, t('fav.lead')),
    h('p', { class: 'actions-row compare-row' }, go, status),
    h('h2', null, t('fav.achievements')), ach.length ? h('ul', { class: 'cards', id: 'fav-ach' }, ach.map(card)) : empty(t('fav.none')),
    h('h2', null, t('fav.demands')), dem.length ? h('ul', { class: 'cards', id: 'fav-dem' }, dem.map(card)) : empty(t('fav.none'))]);
  refresh();
}

// "1,2" with kind=demand, or "achievement:1,demand:4": [{kind, id}], deduplicated.
function compareItems(query) {
  const dflt = query.get('kind') === 'demand' ? 'demand' : 'achievement';
  const seen = new Set();
  const out = [];
  for (const part of (query.get('ids') || '').split(',')) {
    const m = /^(?:(achievement|demand):)?([1-9]\d{0,17})$/.exec(part.trim());
    if (!m) continue;
    const item = { kind: m[1] || dflt, id: m[2] };
    if (seen.has(`${item.kind}:${item.id}`)) continue;
    seen.add(`${item.kind}:${item.id}`);
    out.push(item);
  }
  return out;
}

async function compare(ctx) {
  const items0 = compareItems(ctx.query);
  const kinds = [...new Set(items0.map((x) => x.kind))];
  const isA = kinds[0] !== 'demand';
  const title = t(kinds.length === 1 && !isA ? 'fav.compare_title_d' : 'fav.compare_title');
  ctx.setTitle(title);
  if (kinds.length > 1) {
    // Issue #18: an achievement beside a demand is refused, saying why, with a
    // way on: compare the achievements, or the demands, of the pick.
    const only = (k) => items0.filter((x) => x.kind === k).map((x) => x.id);
    const link = (k, label) => (only(k).length >= 2 && only(k).length <= 4
      ? h('a', { class: 'btn', href: `/compare?${k === 'demand' ? 'kind=demand&' : ''}ids=${only(k).join(',')}` }, label) : null);
    ctx.main.append(h('h1', null, title), h('div', { class: 'state state-error', role: 'alert', id: 'compare-mixed' },
      h('p', null, t('fav.compare_mixed')),
      h('p', { class: 'actions-row' }, link('achievement', t('fav.compare_only_a')), link('demand', t('fav.compare_only_d')),
        h('a', { class: 'btn', href: '/favourites' }, t('fav.back')))));
    return;
  }
  if (items0.length < 2 || items0.length > 4) {
    ctx.main.append(h('h1', null, title), h('div', { class: 'state state-error', role: 'alert' }, t('fav.compare_count')));
    return;
  }
  let items;
  try {
    [items] = await Promise.all([Promise.all(items0.map((x) => api.get(`/api/${x.kind}s/${x.id}`, null, { signal: ctx.signal }))), loadOrgNames()]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, title), errorBox(e));
    return;
  }
  const list = (v) => (v?.length ? v.join(getLang() === 'zh' ? '、' : ', ') : '—');
  const rows = isA ? [
    [t('item.org_name'), (x) => orgLabel(x.owner)],
    [t('item.city'), (x) => cityName(x.owner)],
    [t('item.field'), (x) => term('field', x.field)],
    [t('item.trl'), (x) => trlBadge(x.trl)],
    [t('item.modes'), (x) => modesList(x.modes)],
    [t('item.price'), (x) => fmtMoney(x.price)],
    [t('item.ip_status'), (x) => term('ip', x.ip_status)],
    [t('item.patents'), (x) => (x.patents?.length ? x.patents.join(', ') : '—')],
    [t('item.keywords'), (x) => list(x.keywords)],
    [t('item.published_at'), (x) => fmtDate(x.published_at)],
  ] : [
    [t('item.org_name'), (x) => orgLabel(x.org)],
    [t('item.city'), (x) => cityName(x.org)],
    [t('item.field'), (x) => term('field', x.field)],
    [t('item.trl_min'), (x) => (x.trl_min ? t('trl.long', { n: x.trl_min }) : t('search.any'))],
    [t('item.modes'), (x) => modesList(x.modes)],
    [t('item.budget'), (x) => fmtBudget(x.budget_min, x.budget_max)],
    [t('item.deadline'), (x) => fmtDate(x.deadline)],
    [t('item.keywords'), (x) => list(x.keywords)],
    [t('item.published_at'), (x) => fmtDate(x.published_at)],
  ];
  const table = h('table', { class: 'compare-table', id: 'compare-table', dataset: { kind: isA ? 'achievement' : 'demand' } },
    h('caption', { class: 'visually-hidden' }, t(isA ? 'fav.compare_caption' : 'fav.compare_caption_d', { n: items.length })),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('fav.fact')),
      items.map((x) => h('th', { scope: 'col' }, h('a', { href: `/${isA ? 'achievements' : 'demands'}/${x.id}` }, titleText(x)))))),
    h('tbody', null, rows.map(([label, f]) => h('tr', null, h('th', { scope: 'row' }, label), items.map((x) => h('td', null, f(x) || '—'))))));
  append(ctx.main, [h('h1', null, title), h('p', { class: 'breadcrumb' }, h('a', { href: '/favourites' }, t('fav.back'))),
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': title }, table)]);
}
