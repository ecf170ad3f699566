// events.js - /events: the public event calendar (roadshows, Expert
// Enterprise Tours, docking meetings, field events) with registration;
// organisers (org_admin of the organising organisation, reviewers, admin)
// create events here, see who registered, check attendees in and export the
// attendee list as CSV. docs/docking.md.
import { h, append } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { authState, can } from '../auth.js';
import { control } from '../form.js';
import { badge, empty, errorBox } from '../ui.js';
import { dockingTabs } from './brokers.js';

const KINDS = ['roadshow', 'expert_tour', 'docking_meeting', 'field_event'];

function organises(e) {
  const u = authState().user;
  if (!u) return false;
  return u.role === 'admin' || u.role === 'reviewer' || (u.role === 'org_admin' && Number(u.org_id) === Number(e.organiser_org_id));
}

async function attendeeList(e, box) {
  let r;
  try { r = await api.get(`/api/events/${e.id}/attendees`); } catch (err) { box.replaceChildren(errorBox(err)); return; }
  box.replaceChildren(h('p', null, h('a', { href: `/api/events/${e.id}/attendees?format=csv`, class: 'csv-link', download: '' }, t('event.csv'))),
    h('ul', { class: 'attendees' }, r.items.map((a) => {
      const li = h('li', { class: 'attendee', dataset: { id: a.id } }, a.name, a.org ? ` (${a.org}) ` : ' ');
      if (a.checked_in_at) li.append(badge(t('event.checked_in'), 'status-ok'));
      else li.append(h('button', { type: 'button', class: 'btn checkin', onclick: async () => {
        try { await api.post(`/api/events/${e.id}/attendees/${a.id}/checkin`); attendeeList(e, box); } catch (err) { box.append(errorBox(err)); }
      } }, t('event.checkin')));
      return li;
    })));
}

function eventCard(e) {
  const msg = h('div', { class: 'item-msg', role: 'status' });
  const li = h('li', { class: 'card event', dataset: { id: e.id } },
    h('h3', { class: 'card-title' }, h('a', { href: `/events/${e.id}` }, e.title), ' ', badge(t(`event.k_${e.kind}`))),
    h('p', { class: 'card-meta' }, h('span', null, e.ends_on && e.ends_on !== e.starts_on ? `${e.starts_on} – ${e.ends_on}` : e.starts_on),
      h('span', null, e.online ? t('event.online') : (e.place || '')), h('span', null, e.organiser || ''),
      h('span', { class: 'event-count' }, t('event.count', { r: String(e.registered), c: String(e.checked_in) }))));
  const u = authState().user;
  if (u && e.status === 'planned') {
    li.append(h('div', { class: 'actions-row' }, h('button', { type: 'button', class: 'btn register', onclick: async (ev) => {
      try { await api.post(`/api/events/${e.id}/register`, { name: u.name || u.email }); ev.target.replaceWith(h('span', { class: 'state-ok registered' }, t('event.registered'))); } catch (err) { msg.replaceChildren(errorBox(err)); }
    } }, t('event.register'))));
  }
  if (organises(e)) {
    const box = h('div', { class: 'attendee-box' });
    li.append(h('details', { class: 'attendees-panel', ontoggle: (ev) => { if (ev.target.open) attendeeList(e, box); } }, h('summary', null, t('event.attendees')), box));
  }
  li.append(msg);
  return li;
}

function createForm(ctx) {
  if (!can('event', 'create')) return null; // from /api/auth/session's `can`
  const msg = h('div', { class: 'item-msg', role: 'status' });
  const form = h('form', { novalidate: true, id: 'event-create', class: 'panel' }, h('h2', null, t('event.create')),
    h('div', { class: 'form-grid' },
      control({ name: 'title', label: t('event.title_f'), required: true, span2: true }),
      control({ name: 'kind', label: t('event.kind'), type: 'select', value: 'expert_tour', options: KINDS.map((k) => [k, t(`event.k_${k}`)]) }),
      control({ name: 'starts_on', label: t('event.date'), type: 'date', required: true }),
      control({ name: 'place', label: t('event.place') }),
      control({ name: 'capacity', label: t('event.capacity'), type: 'number', value: '0' })),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('event.save'))), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = form.elements;
    try {
      await api.post('/api/events', { title: f.title.value, kind: f.kind.value, starts_on: f.starts_on.value, place: f.place.value || undefined, capacity: Number(f.capacity.value || 0) });
      ctx.navigate('/events', { replace: true });
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  });
  return form;
}

export default async function render(ctx) {
  ctx.setTitle(t('event.calendar'));
  const list = h('div', { id: 'event-list', 'aria-live': 'polite' });
  append(ctx.main, [dockingTabs('/events'), h('h1', null, t('event.calendar')), h('p', { class: 'hint' }, t('event.hint')), createForm(ctx), list]);
  const d = new Date(); const p = (n) => String(n).padStart(2, '0');
  let r;
  try { r = await api.get('/api/events', { since: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`, limit: 200 }, { signal: ctx.signal }); } catch (e) {
    if (e.name === 'AbortError') throw e;
    list.replaceChildren(errorBox(e)); return;
  }
  if (!r.items.length) { list.replaceChildren(empty(t('event.none'))); return; }
  list.replaceChildren(h('ul', { class: 'cards' }, r.items.map(eventCard)));
}
