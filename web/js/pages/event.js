// event.js - /events/:id: one event (issue #14): when and where, its status
// and outcome text, the agenda (achievements presented, demands discussed:
// public, each a link to the listing); for the organiser (org_admin of the
// organising organisation, reviewers, admin) the edit of a planned event,
// recording it held with its outcome or cancelling it, adding and removing
// agenda items, and the outcomes counted from the records (the cases opened
// at the event, each a link, and the contracts they reached). docs/docking.md.
import { h, append } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { authState } from '../auth.js';
import { control } from '../form.js';
import { badge, empty, errorBox } from '../ui.js';
import { fmtMoney, fmtNumber } from '../format.js';
import { dockingTabs } from './brokers.js';

function organises(e) {
  const u = authState().user;
  return !!u && (u.role === 'admin' || u.role === 'reviewer' || (u.role === 'org_admin' && Number(u.org_id) === Number(e.organiser_org_id)));
}

function agendaList(ctx, e, items, mine) {
  if (!items.length) return empty(t('event.no_agenda'));
  return h('ul', { id: 'agenda', class: 'agenda' }, items.map((x) => h('li', { dataset: { kind: x.kind, id: x.item_id } },
    badge(t(x.kind === 'achievement' ? 'event.presented' : 'event.discussed')), ' ',
    h('a', { href: `/${x.kind === 'achievement' ? 'achievements' : 'demands'}/${x.item_id}`, lang: 'zh-CN' }, x.title || `#${x.item_id}`),
    mine ? [' ', h('button', { type: 'button', class: 'btn-link agenda-remove', onclick: async () => {
      try { await api.del(`/api/events/${e.id}/${x.kind === 'achievement' ? 'achievements' : 'demands'}/${x.item_id}`); ctx.navigate(`/events/${e.id}`, { replace: true }); } catch (err) { ctx.main.append(errorBox(err)); }
    } }, t('event.remove'))] : null)));
}

function organiserForms(ctx, e) {
  const msg = h('div', { class: 'item-msg', role: 'status', id: 'event-msg' });
  const submit = (form, fn) => form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try { await fn(form.elements); ctx.navigate(`/events/${e.id}`, { replace: true }); } catch (err) { msg.replaceChildren(errorBox(err)); }
  });
  const out = [];
  const agenda = h('form', { novalidate: true, id: 'agenda-add', class: 'panel' }, h('h2', null, t('event.agenda_add')),
    h('div', { class: 'form-grid' },
      control({ name: 'kind', label: t('event.item_kind'), type: 'select', value: 'achievement',
        options: [['achievement', t('event.presented')], ['demand', t('event.discussed')]] }),
      control({ name: 'item_id', label: t('event.item_id'), type: 'number', required: true })),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('event.add'))));
  submit(agenda, (f) => api.post(`/api/events/${e.id}/items`, { kind: f.kind.value, item_id: Number(f.item_id.value) }));
  if (e.status !== 'cancelled') out.push(agenda);
  if (e.status === 'planned') {
    const edit = h('form', { novalidate: true, id: 'event-edit', class: 'panel' }, h('h2', null, t('event.edit')),
      h('div', { class: 'form-grid' },
        control({ name: 'title', label: t('event.title_f'), value: e.title, span2: true }),
        control({ name: 'starts_on', label: t('event.date'), type: 'date', value: e.starts_on }),
        control({ name: 'place', label: t('event.place'), value: e.place || '' }),
        control({ name: 'capacity', label: t('event.capacity'), type: 'number', value: String(e.capacity) })),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('event.save_edit'))));
    submit(edit, (f) => api.patch(`/api/events/${e.id}`, { title: f.title.value, starts_on: f.starts_on.value,
      ...(f.place.value ? { place: f.place.value } : {}), capacity: Number(f.capacity.value || 0) }));
    out.push(edit);
  }
  if (e.status !== 'cancelled') {
    const st = h('form', { novalidate: true, id: 'event-outcome', class: 'panel' }, h('h2', null, t('event.outcome_h')),
      control({ name: 'outcome', label: t('event.outcome'), type: 'textarea', rows: 3, value: e.outcome || '' }),
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', name: 'held' }, t(e.status === 'held' ? 'event.save_outcome' : 'event.mark_held')),
        e.status === 'planned' ? h('button', { type: 'button', class: 'btn', id: 'event-cancel', onclick: async () => {
          try { await api.post(`/api/events/${e.id}/status`, { status: 'cancelled', outcome: st.elements.outcome.value || undefined }); ctx.navigate(`/events/${e.id}`, { replace: true }); } catch (err) { msg.replaceChildren(errorBox(err)); }
        } }, t('event.cancel')) : null));
    submit(st, (f) => api.post(`/api/events/${e.id}/status`, { status: 'held', outcome: f.outcome.value || undefined }));
    out.push(st);
  }
  out.push(msg);
  return out;
}

async function outcomes(ctx, e) {
  let o;
  try { o = await api.get(`/api/events/${e.id}/outcomes`, null, { signal: ctx.signal }); } catch (err) {
    if (err.name === 'AbortError') return null;
    return errorBox(err);
  }
  return h('section', { class: 'panel', id: 'event-outcomes' }, h('h2', null, t('event.outcomes')),
    h('p', null, t('event.outcome_line', { opened: fmtNumber(o.cases_opened), contracted: fmtNumber(o.cases_contracted),
      contracts: fmtNumber(o.contracts), tx: fmtMoney(o.tx_amount) })),
    o.cases.length ? h('ul', null, o.cases.map((x) => h('li', { dataset: { case: x.case_id } }, h('a', { href: `/cases/${x.case_id}` }, `#${x.case_id}`),
      ` ${x.opened_on} `, t(`case.s_${x.status}`),
      x.contract_id ? ` · ${t('kpi.trace_contract', { id: String(x.contract_id), d: x.signed_on, v: fmtMoney(x.tx_amount) })}` : null))) : null);
}

export default async function render(ctx) {
  let e, items;
  try {
    [e, items] = await Promise.all([api.get(`/api/events/${ctx.params.id}`, null, { signal: ctx.signal }),
      api.get(`/api/events/${ctx.params.id}/items`, null, { signal: ctx.signal })]);
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    ctx.main.append(errorBox(err));
    return;
  }
  ctx.setTitle(e.title);
  const mine = organises(e);
  append(ctx.main, [dockingTabs('/events'), h('p', null, h('a', { href: '/events' }, t('event.back'))),
    h('h1', null, e.title, ' ', badge(t(`event.k_${e.kind}`))),
    h('p', { class: 'card-meta' }, h('span', null, e.ends_on && e.ends_on !== e.starts_on ? `${e.starts_on} – ${e.ends_on}` : e.starts_on),
      h('span', null, e.online ? t('event.online') : (e.place || '')), h('span', null, e.organiser || ''),
      h('span', { id: 'event-status' }, t(`event.st_${e.status}`)),
      h('span', { class: 'event-count' }, t('event.count', { r: String(e.registered), c: String(e.checked_in) }))),
    e.outcome ? h('p', { id: 'event-outcome-text' }, e.outcome) : null,
    h('h2', null, t('event.agenda')), agendaList(ctx, e, items.items, mine && e.status !== 'cancelled'),
    mine ? organiserForms(ctx, e) : null]);
  if (mine) {
    const o = await outcomes(ctx, e);
    if (o) ctx.main.append(o);
  }
}
