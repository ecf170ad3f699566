// instrument.js - /instruments/:id: one instrument (specifications, services,
// fees by user class, opening hours, booking rules), its week calendar of
// busy slots (GET /api/instruments/:id/calendar; who booked is not shown),
// and the booking form (POST /api/instruments/:id/bookings) whose errors land
// under the field the server names ("start", "end", "booker_email", ...).
// A taken slot can join the waiting list. Times are local (UTC+08:00).
import { h, append } from '../dom.js';
import { t } from '../i18n.js';
import { api, loadOrgNames } from '../api.js';
import { authState, can, currentOrgId, ownOrgIds, rememberOrg } from '../auth.js';
import { control, clearErrors, showError } from '../form.js';
import { badge, defList, errorBox, orgName, orgLabel, zhMark } from '../ui.js';
import { fmtMoney } from '../format.js';
import { instrName, instrTitle, catName } from './instruments.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

// Local (UTC+08:00) date string of now + days.
function localDate(days = 0) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}
function addDays(d, n) {
  const x = new Date(`${d}T00:00:00Z`); x.setUTCDate(x.getUTCDate() + n); return x.toISOString().slice(0, 10);
}
function weekday(d) { return DAYS[(new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7]; }
const hm = (s) => s.slice(11, 16);
const toMin = (s) => { const [a, b] = String(s).split(':').map(Number); return a * 60 + (b || 0); };
const fmtMin = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

// The first slot the rules allow, so "Book" works on the first click: an
// open weekday that is not a closed date, at least lead_time_hours ahead,
// inside the opening hours, 2 hours long (within the min/max slot length).
export function firstSlot(x, now = Date.now()) {
  const closed = new Set(x.closed_dates || []);
  const earliest = now + (Number(x.lead_time_hours) || 0) * 3600e3;
  const len = Math.min(Math.max(120, Number(x.min_slot_minutes) || 0), Number(x.max_slot_minutes) || 120);
  for (let i = 0; i < 90; i++) {
    const d = localDate(i);
    const hours = x.opening_hours?.[weekday(d)];
    if (!hours || closed.has(d)) continue;
    const [open, close] = hours.split('-').map(toMin);
    const dayStart = Date.parse(`${d}T00:00:00+08:00`);
    const notBefore = Math.ceil((earliest - dayStart) / 3600e3) * 60; // whole hours
    const start = Math.max(open, notBefore);
    if (start + len <= close) return { start: `${d}T${fmtMin(start)}`, end: `${d}T${fmtMin(start + len)}` };
  }
  const d = localDate(x.lead_time_hours > 24 ? 3 : 2);
  return { start: `${d}T09:00`, end: `${d}T11:00` };
}

export async function orgOptions() {
  await loadOrgNames();
  const r = await api.get('/api/orgs', { limit: 500 });
  return r.items.map((o) => [String(o.id), orgName(o)]);
}

function calendar(x, cal, week, hrefFor) {
  const closed = new Set(x.closed_dates || []);
  const cols = [];
  for (let i = 0; i < 7; i++) {
    const d = addDays(week, i), wd = weekday(d);
    const open = x.opening_hours[wd];
    const busy = cal.busy.filter((b) => b.start.slice(0, 10) === d);
    cols.push(h('li', { class: 'card cal-day', dataset: { date: d } },
      h('h3', { class: 'card-title' }, `${t(`instr.day_${wd}`)} ${d.slice(5)}`),
      h('p', { class: 'card-meta' }, closed.has(d) || !open ? t('instr.closed') : t('instr.open', { hours: open })),
      busy.length ? h('ul', { class: 'cal-busy' }, busy.map((b) => h('li', null,
        `${hm(b.start)}–${hm(b.end)} `, badge(t(`instr.bstatus_${b.status}`), `status-${b.status}`)))) : null));
  }
  return h('section', { class: 'panel', 'aria-labelledby': 'cal-h' },
    h('h2', { id: 'cal-h' }, t('instr.calendar')),
    h('nav', { class: 'pager', 'aria-label': t('instr.calendar') },
      h('a', { class: 'btn', href: hrefFor(addDays(week, -7)) }, t('instr.prev_week')),
      h('span', { class: 'pager-pos' }, `${week} – ${addDays(week, 6)}`),
      h('a', { class: 'btn', href: hrefFor(addDays(week, 7)) }, t('instr.next_week'))),
    h('ol', { class: 'cards cal-week' }, cols));
}

export default async function render(ctx) {
  const id = ctx.params.id;
  const week = /^\d{4}-\d{2}-\d{2}$/.test(ctx.query.get('week') || '') ? ctx.query.get('week') : localDate(0);
  let x, cal, orgs;
  try {
    [x, cal, orgs] = await Promise.all([
      api.get(`/api/instruments/${id}`, null, { signal: ctx.signal }),
      api.get(`/api/instruments/${id}/calendar`, { from: week, to: addDays(week, 7) }, { signal: ctx.signal }),
      orgOptions(),
    ]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, t('instr.title')), errorBox(e));
    return;
  }
  ctx.setTitle(instrName(x));
  const fee = x.fee || {};
  const unit = fee.unit === 'sample' ? 'instr.per_sample' : 'instr.per_hour';
  const hours = DAYS.map((d) => `${t(`instr.day_${d}`)} ${x.opening_hours[d] || t('instr.closed')}`).join('；');
  const info = defList([
    [t('instr.owner'), orgLabel(x.org)],
    [t('instr.category'), catName(x.category)],
    [t('instr.model'), [x.manufacturer, x.model].filter(Boolean).join(' ')],
    [t('instr.location'), zhMark(x.location)],
    [t('instr.specs'), zhMark(x.specs)],
    [t('instr.services'), (x.services || []).map((s) => t(`instr.service_${s}`)).join('、')],
    [t('instr.fees'), `${t('instr.class_internal')} ${t(unit, { v: fmtMoney(fee.internal) })}；${t('instr.class_academic')} ${t(unit, { v: fmtMoney(fee.academic) })}；${t('instr.class_enterprise')} ${t(unit, { v: fmtMoney(fee.enterprise) })}`],
    [t('instr.hours'), hours],
    [t('instr.rules'), t('instr.rules_text', { min: x.min_slot_minutes, max: x.max_slot_minutes, lead: x.lead_time_hours, cancel: x.cancel_deadline_hours })],
    [t('instr.value'), fmtMoney(x.value)],
  ]);
  const slot0 = firstSlot(x);
  // Book for the organisations the role may book for: all (admin) or its own.
  const bookOrgs = authState().can['booking.create'] === 'own' ? orgs.filter(([v]) => ownOrgIds().includes(Number(v))) : orgs;
  const org0 = String(currentOrgId() || bookOrgs[0]?.[0] || '');
  const ok = h('div', { role: 'status' });
  const form = h('form', { class: 'book-form', novalidate: true },
    h('div', { class: 'form-error' }),
    h('div', { class: 'form-grid' },
      control({ name: 'org_id', label: t('instr.book_org'), type: 'select', value: org0, options: bookOrgs, required: true }),
      // The server needs a name or an e-mail (the e-mail when training is
      // required): the form says so up front instead of after a failed submit.
      control({ name: 'booker_name', label: t('instr.booker_name'), required: !x.training_required, hint: x.training_required ? null : t('instr.booker_hint') }),
      control({ name: 'booker_email', label: t('instr.booker_email'), type: 'email', required: x.training_required }),
      control({ name: 'purpose', label: t('instr.purpose') }),
      control({ name: 'start', label: t('instr.start'), type: 'datetime-local', value: slot0.start, required: true, hint: t('instr.tz_hint') }),
      control({ name: 'end', label: t('instr.end'), type: 'datetime-local', value: slot0.end, required: true }),
      fee.unit === 'sample' ? control({ name: 'samples', label: t('instr.samples'), type: 'number', value: '1' }) : null),
    h('label', { class: 'inline-check' }, h('input', { type: 'checkbox', name: 'waitlist' }), ' ', t('instr.waitlist')),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', disabled: x.status !== 'available' }, t('instr.book'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    ok.replaceChildren();
    const el = form.elements;
    const body = { org_id: Number(el.org_id.value), booker_name: el.booker_name.value.trim(), booker_email: el.booker_email.value.trim(),
      purpose: el.purpose.value.trim(), start: el.start.value, end: el.end.value, waitlist: el.waitlist.checked };
    if (el.samples) body.samples = Number(el.samples.value) || 0;
    try {
      const b = await api.post(`/api/instruments/${id}/bookings`, body);
      rememberOrg(body.org_id);
      ok.replaceChildren(h('p', { class: 'state state-ok' }, t(`instr.booked_${b.status}`, { start: b.start.slice(0, 16).replace('T', ' '), end: hm(b.end) }),
        ' ', h('a', { href: `/instruments/bookings?org=${body.org_id}` }, t('instr.my_bookings'))));
    } catch (e) { showError(form, e); }
  });
  append(ctx.main, [
    h('p', { class: 'breadcrumb' }, h('a', { href: '/instruments' }, t('instr.title'))),
    h('h1', null, instrTitle(x)),
    h('p', { class: 'card-tags' }, badge(t(`instr.status_${x.status}`), `status-${x.status}`),
      x.kpi ? badge(t('instr.kpi'), 'badge-trl') : null,
      x.requires_approval ? badge(t('instr.needs_approval')) : null,
      x.training_required ? badge(t('instr.needs_training')) : null),
    // Panels, as on the detail pages: each heading gets its own box and space.
    h('section', { class: 'panel instr-info', 'aria-labelledby': 'info-h' }, h('h2', { id: 'info-h' }, t('detail.facts')), info),
    calendar(x, cal, week, (w) => `/instruments/${id}?week=${w}`),
    // Booking needs an account whose role books: others read why, not a form
    // that can only answer 401/403.
    h('section', { class: 'panel', 'aria-labelledby': 'book-h' }, h('h2', { id: 'book-h' }, t('instr.book_title')),
      can('booking', 'create') ? [x.requires_approval ? h('p', { class: 'hint' }, t('instr.pending_holds')) : null, form, ok]
        : h('div', { class: 'state', id: 'book-unavailable' }, h('p', null, t(authState().user ? 'instr.book_not_for_role' : 'instr.book_login')),
          authState().user ? null : h('a', { class: 'btn btn-primary', href: `/login?next=${encodeURIComponent(location.pathname)}` }, t('auth.login')))),
  ]);
}
