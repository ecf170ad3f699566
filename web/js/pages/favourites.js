// favourites.js - saved listings and compare (issue #18).
//   /favourites          the user's saved achievements and demands (GET
//                        /api/favourites), each with Remove; achievements
//                        have a checkbox: 2 to 4 of them -> Compare
//   /compare?ids=1,2,3   two to four achievements side by side (a table with
//                        one column per achievement, one row per fact; it
//                        scrolls inside itself on a phone)
import { h, append, nextId } from '../dom.js';
import { t, term, getLang, cityName, pick } from '../i18n.js';
import { api, loadOrgNames } from '../api.js';
import { authState } from '../auth.js';
import { achievementCard, demandCard, empty, errorBox, modesList, orgLabel, titleText, trlBadge } from '../ui.js';
import { fmtDate, fmtMoney } from '../format.js';

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
  const refresh = () => {
    const ids = [...ctx.main.querySelectorAll('input.compare-pick:checked')].map((x) => x.value);
    const ok = ids.length >= 2 && ids.length <= 4;
    go.setAttribute('aria-disabled', ok ? 'false' : 'true');
    go.classList.toggle('disabled', !ok);
    go.href = ok ? `/compare?ids=${ids.join(',')}` : '/compare';
    status.textContent = t('fav.picked', { n: ids.length });
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
    if (f.kind === 'achievement') {
      li.append(h('div', { class: 'select-item' },
        h('input', { type: 'checkbox', id: pickId, class: 'compare-pick', value: String(x.id), onchange: refresh }),
        h('label', { for: pickId }, t('fav.pick', { title: pick(x, 'title') }))));
    }
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

async function compare(ctx) {
  ctx.setTitle(t('fav.compare_title'));
  const ids = [...new Set((ctx.query.get('ids') || '').split(',').filter((s) => /^[1-9]\d{0,17}$/.test(s)))];
  if (ids.length < 2 || ids.length > 4) {
    ctx.main.append(h('h1', null, t('fav.compare_title')), h('div', { class: 'state state-error', role: 'alert' }, t('fav.compare_count')));
    return;
  }
  let items;
  try {
    [items] = await Promise.all([Promise.all(ids.map((id) => api.get(`/api/achievements/${id}`, null, { signal: ctx.signal }))), loadOrgNames()]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, t('fav.compare_title')), errorBox(e));
    return;
  }
  const rows = [
    [t('item.org_name'), (x) => orgLabel(x.owner)],
    [t('item.city'), (x) => cityName(x.owner)],
    [t('item.field'), (x) => term('field', x.field)],
    [t('item.trl'), (x) => trlBadge(x.trl)],
    [t('item.modes'), (x) => modesList(x.modes)],
    [t('item.price'), (x) => fmtMoney(x.price)],
    [t('item.ip_status'), (x) => term('ip', x.ip_status)],
    [t('item.patents'), (x) => (x.patents?.length ? x.patents.join(', ') : '—')],
    [t('item.keywords'), (x) => (x.keywords?.length ? x.keywords.join(getLang() === 'zh' ? '、' : ', ') : '—')],
    [t('item.published_at'), (x) => fmtDate(x.published_at)],
  ];
  const table = h('table', { class: 'compare-table', id: 'compare-table' },
    h('caption', { class: 'visually-hidden' }, t('fav.compare_caption', { n: items.length })),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('fav.fact')),
      items.map((x) => h('th', { scope: 'col' }, h('a', { href: `/achievements/${x.id}` }, titleText(x)))))),
    h('tbody', null, rows.map(([label, f]) => h('tr', null, h('th', { scope: 'row' }, label), items.map((x) => h('td', null, f(x) || '—'))))));
  append(ctx.main, [h('h1', null, t('fav.compare_title')), h('p', { class: 'breadcrumb' }, h('a', { href: '/favourites' }, t('fav.back'))),
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('fav.compare_title') }, table)]);
}
