// bookings.js - /instruments/bookings: an organisation's bookings (cancel,
// accept an offered slot, download the monthly statement CSV) and
// /instruments/approvals: the owner's queue of pending requests (approve,
// reject with a note). Until accounts exist the organisation is chosen here
// and remembered (auth.currentOrgId).
import { h, append } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { api } from '../api.js';
import { authState, can, currentOrgId, ownOrgIds, rememberOrg } from '../auth.js';
import { control } from '../form.js';
import { badge, empty, errorBox, orgName, orgLabel } from '../ui.js';
import { fmtMoney, fmtNumber } from '../format.js';
import { orgOptions } from './instrument.js';

const when = (b) => `${b.start.slice(0, 16).replace('T', ' ')}–${b.end.slice(11, 16)}`;

function row(b, actions) {
  const msg = h('div', { class: 'item-msg' });
  const li = h('li', { class: 'card', dataset: { id: b.id, status: b.status } },
    h('h3', { class: 'card-title' }, h('a', { href: `/instruments/${b.instrument_id}` }, (getLang() === 'en' && b.instrument_en) || b.instrument || `#${b.instrument_id}`)),
    h('p', { class: 'card-meta' }, h('span', null, when(b)), orgLabel(b.owner), h('span', null, t('instr.booked_by', { org: orgName({ id: b.org_id, name: b.org }) })),
      h('span', null, [b.booker_name, b.booker_email].filter(Boolean).join(' ')), b.purpose ? h('span', null, b.purpose) : null),
    h('p', { class: 'card-tags' }, badge(t(`instr.bstatus_${b.status}`), `status-${b.status}`),
      b.status === 'offered' && b.offer_expires ? h('span', null, t('instr.offer_until', { d: b.offer_expires.slice(0, 16).replace('T', ' ') })) : null,
      b.usage ? h('span', { class: 'price' }, t('instr.fee_charged', { v: fmtMoney(b.usage.fee) })) : null,
      b.note ? h('span', null, b.note) : null));
  li.append(h('div', { class: 'actions-row' }, actions(b, msg, li)), msg);
  return li;
}

function act(label, path, b, msg, li, rerender, cls = 'btn') {
  const btn = h('button', { type: 'button', class: cls, dataset: { action: path }, onclick: async () => {
    btn.disabled = true;
    let note;
    if (path === 'reject') { note = window.prompt(t('instr.reject_note')) || undefined; }
    try { const nb = await api.post(`/api/bookings/${b.id}/${path}`, note ? { note } : {}); li.replaceWith(rerender(nb)); } catch (e) { btn.disabled = false; msg.replaceChildren(errorBox(e)); }
  } }, label);
  return btn;
}

export default async function render(ctx) {
  const approvals = location.pathname.endsWith('/approvals');
  const title = t(approvals ? 'instr.approvals' : 'instr.my_bookings');
  ctx.setTitle(title);
  // Only for roles that have bookings (or an approval queue): anonymous
  // visitors are asked to log in, others told why, before any request.
  if (!can('booking', approvals ? 'approve' : 'read')) {
    const anon = !authState().user;
    ctx.main.append(h('h1', null, title), h('div', { class: anon ? 'state' : 'state state-error', role: anon ? null : 'alert' },
      h('p', null, t(anon ? 'instr.login_first' : 'instr.not_for_role')),
      anon ? h('a', { class: 'btn btn-primary', href: `/login?next=${encodeURIComponent(location.pathname + location.search)}` }, t('auth.login')) : null));
    return;
  }
  let orgs;
  try { orgs = await orgOptions(); } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, title), errorBox(e)); return;
  }
  // A role scoped to its own organisations chooses among those only.
  if (authState().can[`booking.${approvals ? 'approve' : 'read'}`] === 'own') orgs = orgs.filter(([v]) => ownOrgIds().includes(Number(v)));
  const org = ctx.query.get('org') || String(currentOrgId() || orgs[0]?.[0] || '');
  const status = ctx.query.get('status') || '';
  const statuses = ['', 'pending', 'approved', 'waitlisted', 'offered', 'completed', 'cancelled', 'rejected', 'expired'];
  const form = h('form', { novalidate: true, class: 'search-form' }, h('div', { class: 'form-grid' },
    control({ name: 'org', label: t(approvals ? 'instr.owner' : 'instr.book_org'), type: 'select', value: org, options: orgs }),
    approvals ? null : control({ name: 'status', label: t('instr.status'), type: 'select', value: status,
      options: statuses.map((s) => [s, s ? t(`instr.bstatus_${s}`) : t('instr.any')]) })),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('instr.show'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    rememberOrg(form.elements.org.value);
    const u = new URLSearchParams({ org: form.elements.org.value });
    if (form.elements.status?.value) u.set('status', form.elements.status.value);
    ctx.navigate(`${location.pathname}?${u}`);
  });
  const month = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
  const box = h('div');
  append(ctx.main, [h('p', { class: 'breadcrumb' }, h('a', { href: '/instruments' }, t('instr.title'))), h('h1', null, title),
    approvals ? h('p', { class: 'hint' }, t('instr.approvals_lead')) : null, form,
    !approvals && org && can('statement', 'read', org) ? h('p', null, h('a', { class: 'btn', href: `/api/statements.csv?org=${org}&month=${month}`, download: `statement-${org}-${month}.csv` }, t('instr.statement', { month }))) : null,
    box]);
  if (!org) { box.append(empty()); return; }
  try {
    const r = approvals
      ? await api.get('/api/bookings/pending', { owner_org: org, limit: 200 }, { signal: ctx.signal })
      : await api.get('/api/bookings', { org, status, limit: 200 }, { signal: ctx.signal });
    box.append(h('p', { class: 'result-count', role: 'status' }, t('instr.booking_count', { n: fmtNumber(r.total) })));
    if (!r.items.length) { box.append(empty(approvals ? t('instr.no_pending') : undefined)); return; }
    const render1 = (b) => row(b, (x, msg, li) => {
      const out = [];
      if (approvals && x.status === 'pending') {
        out.push(act(t('instr.approve'), 'approve', x, msg, li, render1, 'btn btn-primary'), act(t('instr.reject'), 'reject', x, msg, li, render1, 'btn btn-danger'));
      }
      if (!approvals && x.status === 'offered') out.push(act(t('instr.accept'), 'accept', x, msg, li, render1, 'btn btn-primary'));
      if (!approvals && ['pending', 'approved', 'offered', 'waitlisted'].includes(x.status)) out.push(act(t('instr.cancel'), 'cancel', x, msg, li, render1, 'btn btn-danger'));
      return out;
    });
    box.append(h('ol', { class: 'cards' }, r.items.map(render1)));
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    box.replaceChildren(errorBox(e));
  }
}
