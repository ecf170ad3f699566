// admin.js - the bureau's and administrators' pages for records that existed
// only in the API and the CLI (issue #18):
//   /contracts?q&status&offset   registered technology contracts (reviewers
//                                and admin: all; an organisation: its own),
//                                with the CSV of the same filter
//   /users?role&offset           accounts (admin: all; org_admin: their
//                                organisation's)
//   /audit?action&resource&outcome&offset   the audit log (admin), with CSV
// Pages of 50; the URL is the state. Each page says why when the role may
// not use it instead of showing a 403.
import { h, append, nextId } from '../dom.js';
import { t, term, getLang, cityName } from '../i18n.js';
import { api } from '../api.js';
import { authState, can, ownOrgIds } from '../auth.js';
import { empty, errorBox, pager, statusBadge, zhMark } from '../ui.js';
import { fmtDate, fmtMoney, fmtNumber } from '../format.js';

const LIMIT = 50;

export default async function render(ctx) {
  const which = location.pathname.slice(1);
  const title = t(`adm.${which}_title`);
  ctx.setTitle(title);
  const auth = authState();
  if (auth.available && !auth.user) {
    ctx.main.append(h('h1', null, title), h('div', { class: 'state' }, h('p', null, t('adm.login')),
      h('a', { class: 'btn btn-primary', href: `/login?next=/${which}` }, t('auth.login'))));
    return;
  }
  const need = { contracts: ['contract', 'read'], users: ['user', 'read'], audit: ['audit', 'read'] }[which];
  if (!can(need[0], need[1])) {
    ctx.main.append(h('h1', null, title), h('div', { class: 'state state-error', role: 'alert' }, t('adm.not_allowed')));
    return;
  }
  const offset = Math.max(0, Number(ctx.query.get('offset')) || 0);
  const keep = (keys) => Object.fromEntries(keys.map((k) => [k, ctx.query.get(k) || '']).filter(([, v]) => v));
  const hrefFor = (params, off) => {
    const u = new URLSearchParams(params);
    if (off) u.set('offset', off);
    return `/${which}${u.toString() ? `?${u}` : ''}`;
  };
  const filterForm = (fields, params) => {
    const form = h('form', { class: 'search-form admin-filter', role: 'search', 'aria-label': t('adm.filter'), onsubmit: (ev) => {
      ev.preventDefault();
      const p = {};
      for (const [name] of fields) { const v = form.elements[name].value.trim(); if (v) p[name] = v; }
      ctx.navigate(hrefFor(p, 0));
    } },
    h('div', { class: 'filter-grid' }, fields.map(([name, label, options]) => {
      const id = nextId(`adm-${name}`);
      return h('div', { class: 'form-field' }, h('label', { for: id }, label),
        options ? h('select', { id, name }, [['', t('search.any')], ...options].map(([v, l]) => h('option', { value: v, selected: v === (params[name] || '') }, l)))
          : h('input', { id, name, value: params[name] || '' }));
    })),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('search.apply')),
      h('a', { class: 'btn', href: `/${which}` }, t('search.reset'))));
    return form;
  };
  try {
    if (which === 'contracts') {
      const params = keep(['q', 'status']);
      const all = authState().can?.['contract.read'] === 'all';
      const org = all ? undefined : ownOrgIds()[0];
      const r = await api.get('/api/contracts', { ...params, org, limit: LIMIT, offset }, { signal: ctx.signal });
      const csv = new URLSearchParams({ ...params, ...(org ? { org } : {}), format: 'csv' });
      const rows = r.items.map((x) => h('tr', null,
        h('td', { 'data-label': t('adm.reg_no') }, x.reg_no || ''), h('td', { 'data-label': t('adm.ctitle'), class: 'cell-title' }, zhMark(x.title)),
        h('td', { 'data-label': t('adm.seller') }, zhMark(x.seller?.name || '')), h('td', { 'data-label': t('adm.buyer') }, zhMark(x.buyer?.name || '')),
        h('td', { 'data-label': t('adm.amount') }, fmtMoney(x.amount)), h('td', { 'data-label': t('adm.signed_on') }, fmtDate(x.signed_on)),
        h('td', { 'data-label': t('adm.status') }, term('contract_status', x.status))));
      append(ctx.main, [h('h1', null, t('adm.contracts_title')), h('p', { class: 'hint' }, t(all ? 'adm.contracts_lead_all' : 'adm.contracts_lead_own')),
        filterForm([['q', t('adm.contracts_q')], ['status', t('adm.status'), ['registered', 'amended', 'terminated'].map((s) => [s, term('contract_status', s)])]], params),
        h('p', { class: 'result-count-row' }, h('span', { class: 'result-count', id: 'result-count' }, t('adm.count', { n: fmtNumber(r.total) })),
          h('a', { class: 'btn btn-small', href: `/api/contracts?${csv}`, download: '' }, t('adm.csv'))),
        rows.length ? table([t('adm.reg_no'), t('adm.ctitle'), t('adm.seller'), t('adm.buyer'), t('adm.amount'), t('adm.signed_on'), t('adm.status')], rows, 'contracts-table') : empty(t('adm.none')),
        pager(r.total, LIMIT, offset, (off) => hrefFor(params, off))]);
    } else if (which === 'users') {
      const params = keep(['role']);
      const r = await api.get('/api/users', { ...params, limit: LIMIT, offset }, { signal: ctx.signal });
      const roles = ['admin', 'reviewer', 'org_admin', 'member', 'broker'];
      const rows = r.items.map((u) => h('tr', null, h('td', { 'data-label': t('adm.email'), class: 'cell-title' }, u.email),
        h('td', { 'data-label': t('adm.name') }, zhMark(u.name || '')), h('td', { 'data-label': t('adm.role') }, term('role', u.role)),
        h('td', { 'data-label': t('adm.org') }, u.org_id ? h('a', { href: `/orgs/${u.org_id}` }, zhMark(u.org_name || `#${u.org_id}`)) : '—'),
        h('td', { 'data-label': t('adm.created') }, fmtDate(u.created_at))));
      append(ctx.main, [h('h1', null, t('adm.users_title')), h('p', { class: 'hint' }, t('adm.users_lead')),
        filterForm([['role', t('adm.role'), roles.map((x) => [x, term('role', x)])]], params),
        h('p', { class: 'result-count', id: 'result-count' }, t('adm.count', { n: fmtNumber(r.total) })),
        rows.length ? table([t('adm.email'), t('adm.name'), t('adm.role'), t('adm.org'), t('adm.created')], rows, 'users-table') : empty(t('adm.none')),
        pager(r.total, LIMIT, offset, (off) => hrefFor(params, off))]);
    } else {
      const params = keep(['action', 'resource', 'outcome']);
      const r = await api.get('/api/audit', { ...params, limit: LIMIT, offset }, { signal: ctx.signal });
      const rows = r.items.map((e) => h('tr', null, h('td', { 'data-label': t('adm.at') }, h('time', { datetime: e.at }, fmtDate(e.at, true))),
        h('td', { 'data-label': t('adm.who'), class: 'cell-title' }, e.email || term('role', e.role)), h('td', { 'data-label': t('adm.action') }, e.action),
        h('td', { 'data-label': t('adm.resource') }, `${e.resource || ''}${e.resource_id ? ` #${e.resource_id}` : ''}`),
        h('td', { 'data-label': t('adm.outcome') }, e.outcome), h('td', { 'data-label': t('adm.detail') }, zhMark(e.detail || ''))));
      const csv = new URLSearchParams(params);
      append(ctx.main, [h('h1', null, t('adm.audit_title')), h('p', { class: 'hint' }, t('adm.audit_lead')),
        filterForm([['action', t('adm.action')], ['resource', t('adm.resource')], ['outcome', t('adm.outcome'), ['allow', 'deny', 'ok', 'fail'].map((x) => [x, x])]], params),
        h('p', { class: 'result-count-row' }, h('span', { class: 'result-count', id: 'result-count' }, t('adm.count', { n: fmtNumber(r.total) })),
          h('a', { class: 'btn btn-small', href: `/api/audit.csv${csv.toString() ? `?${csv}` : ''}`, download: '' }, t('adm.csv'))),
        rows.length ? table([t('adm.at'), t('adm.who'), t('adm.action'), t('adm.resource'), t('adm.outcome'), t('adm.detail')], rows, 'audit-table') : empty(t('adm.none')),
        pager(r.total, LIMIT, offset, (off) => hrefFor(params, off))]);
    }
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, title), errorBox(e, () => ctx.navigate(location.pathname + location.search)));
  }
}

// A table that becomes labelled rows on a phone (the .my-table styles).
function table(heads, rows, id) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'my-table', id },
    h('thead', null, h('tr', null, heads.map((x) => h('th', { scope: 'col' }, x)))), h('tbody', null, rows)));
}
