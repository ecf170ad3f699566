// my.js - /my: the items of one organisation by status (drafts, submitted,
// published, withdrawn), for achievements and demands, via
// GET /api/{achievements|demands}?org=ID&status=S. The organisation is the
// user's (accounts) or one chosen here and remembered (open mode).
// URL state: ?org=ID&kind=achievements|demands&status=draft|submitted|published|withdrawn
import { h, append } from '../dom.js';
import { t, getLang, term } from '../i18n.js';
import { api } from '../api.js';
import { authState, can, currentOrgId, rememberOrg } from '../auth.js';
import { empty, errorBox, statusBadge, titleText } from '../ui.js';
import { fmtDate, fmtMoney, fmtBudget } from '../format.js';

const STATUSES = ['draft', 'submitted', 'published', 'withdrawn'];

export default async function render(ctx) {
  ctx.setTitle(t('my.title'));
  const auth = authState();
  if (auth.available && !auth.user) {
    ctx.main.append(h('h1', null, t('my.title')), h('div', { class: 'state' }, h('p', null, t('my.login_first')),
      h('a', { class: 'btn btn-primary', href: '/login?next=/my' }, t('auth.login'))));
    return;
  }
  const userOrg = auth.user ? (auth.user.org_id || auth.user.org?.id) : null;
  const canChoose = !userOrg || ['admin', 'reviewer'].includes(auth.user?.role);
  const org = Number(ctx.query.get('org')) || currentOrgId() || null;
  const kind = ctx.query.get('kind') === 'demands' ? 'demands' : 'achievements';
  const status = STATUSES.includes(ctx.query.get('status')) ? ctx.query.get('status') : 'draft';
  const href = (over) => {
    const p = new URLSearchParams({ org: org || '', kind, status, ...over });
    if (!p.get('org')) p.delete('org');
    return `/my?${p}`;
  };

  let orgs;
  try {
    orgs = await api.get('/api/orgs', { limit: 500 }, { signal: ctx.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, t('my.title')), errorBox(e));
    return;
  }
  const name = (o) => (getLang() === 'en' && o.name_en ? o.name_en : o.name);
  const current = orgs.items.find((o) => o.id === org);
  const picker = canChoose ? h('form', { class: 'toolbar', onsubmit: (ev) => {
    ev.preventDefault();
    const v = ev.target.elements.org.value;
    if (v) rememberOrg(v);
    ctx.navigate(`/my?org=${v}&kind=${kind}&status=${status}`);
  } },
  h('div', { class: 'form-field' }, h('label', { for: 'my-org' }, t('my.org')),
    h('select', { id: 'my-org', name: 'org' },
      h('option', { value: '' }, t('publish.choose_org')),
      [...orgs.items].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map((o) => h('option', { value: o.id, selected: o.id === org }, `${name(o)} · ${term('orgkind', o.kind)}`)))),
  h('button', { type: 'submit', class: 'btn' }, t('my.show'))) : null;

  append(ctx.main, [h('h1', null, current ? t('my.title_org', { org: name(current) }) : t('my.title')), picker]);
  if (!org || !current) {
    ctx.main.append(empty(t('my.choose')));
    return;
  }
  if (org) rememberOrg(org);

  const kindTabs = h('nav', { class: 'tabs', 'aria-label': t('search.tabs') },
    ['achievements', 'demands'].map((k) => h('a', { class: 'tab', href: href({ kind: k }), 'aria-current': (k === kind) ? 'page' : null }, t(`search.tab_${k}`))));
  const statusNav = h('nav', { class: 'status-filter', 'aria-label': t('my.by_status') },
    STATUSES.map((s) => h('a', { class: ['chip', s === status && 'chip-on'], href: href({ status: s }), 'aria-current': s === status ? 'true' : null, id: `st-${s}` }, term('status', s))));
  const box = h('div', { class: 'my-list' });
  const res = kind === 'demands' ? 'demand' : 'achievement';
  // Only the actions this role may take for this organisation (a reviewer
  // reads any organisation's items but neither creates nor edits them).
  const may = (action) => can(res, action, org);
  ctx.main.append(kindTabs, h('div', { class: 'my-head' }, statusNav,
    may('create') ? h('a', { class: 'btn btn-primary', href: kind === 'demands' ? '/publish?type=demand' : '/publish' }, t(kind === 'demands' ? 'publish.new_d' : 'publish.new_a')) : null), box);

  let r;
  try {
    r = await api.get(`/api/${kind}`, { org, status, limit: 100, sort: 'newest' }, { signal: ctx.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    box.append(errorBox(e, () => ctx.navigate(location.pathname + location.search)));
    return;
  }
  if (!r.items.length) { box.append(empty(t('my.none', { s: term('status', status) }))); return; }
  const isA = kind === 'achievements';
  const msg = h('div', { role: 'status', class: 'action-msg' });
  const act = (x, action, label, cls) => h('button', { type: 'button', class: `btn ${cls || ''}`, dataset: { action }, onclick: async (ev) => {
    ev.currentTarget.disabled = true;
    try {
      await api.post(`/api/${kind}/${x.id}/${action}`);
      ctx.navigate(location.pathname + location.search, { replace: true });
    } catch (e) { ev.currentTarget.disabled = false; msg.replaceChildren(errorBox(e)); }
  } }, label);
  box.append(msg, h('div', { class: 'table-wrap' }, h('table', { class: 'my-table' },
    h('caption', { class: 'visually-hidden' }, t('my.caption', { s: term('status', status) })),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('my.col_title')), h('th', { scope: 'col' }, t('my.col_status')),
      h('th', { scope: 'col' }, t(isA ? 'item.price' : 'item.budget')), h('th', { scope: 'col' }, t('item.updated_at')), h('th', { scope: 'col' }, t('my.col_actions')))),
    // data-label: the column name, shown before each cell when rows stack at phone width.
    h('tbody', null, r.items.map((x) => h('tr', { dataset: { id: x.id } },
      h('td', { class: 'cell-title' }, h('a', { href: `/${kind}/${x.id}` }, titleText(x)),
        x.review_note && x.status === 'draft' ? h('p', { class: 'note' }, t('my.returned'), ' ', x.review_note) : null),
      h('td', { dataset: { label: t('my.col_status') } }, statusBadge(x.status)),
      h('td', { dataset: { label: t(isA ? 'item.price' : 'item.budget') } }, isA ? fmtMoney(x.price) : fmtBudget(x.budget_min, x.budget_max)),
      h('td', { dataset: { label: t('item.updated_at') } }, fmtDate(x.updated_at)),
      h('td', null, h('div', { class: 'row-actions' },
        may('update') ? h('a', { class: 'btn', href: `/${kind}/${x.id}/edit` }, t('action.edit')) : null,
        may('update') && x.status === 'draft' ? act(x, 'submit', t('action.submit'), 'btn-primary') : null,
        may('withdraw') && ['submitted', 'published'].includes(x.status) ? act(x, 'withdraw', t('action.withdraw'), 'btn-danger') : null))))))));
}
