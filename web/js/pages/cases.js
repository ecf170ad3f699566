// cases.js - /cases: the docking case board (the caller's cases by state)
// and /cases/:id: one case with its steps and the form that moves it forward
// (to a registered contract, or closed with a reason code). docs/docking.md.
import { h, append } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { control } from '../form.js';
import { badge, empty, errorBox } from '../ui.js';
import { dockingTabs } from './brokers.js';
import { authState, ownOrgIds } from '../auth.js';
import { attachmentsPanel } from '../attachments.js';

const STATES = ['first_contact', 'meeting', 'evaluation', 'negotiation', 'contracted', 'closed'];
const REASONS = ['no_response', 'not_feasible', 'price', 'ip_issue', 'chose_other', 'withdrawn', 'duplicate', 'other'];

function caseCard(k) {
  return h('li', { class: 'card case', dataset: { id: k.id, status: k.status } },
    h('h3', { class: 'card-title' }, h('a', { href: `/cases/${k.id}` }, t('case.title', { id: String(k.id) }))),
    h('p', { class: 'card-meta' }, h('span', null, k.opened_on),
      k.achievement_id ? h('a', { href: `/achievements/${k.achievement_id}` }, t('case.achievement', { id: String(k.achievement_id) })) : null,
      k.demand_id ? h('a', { href: `/demands/${k.demand_id}` }, t('case.demand', { id: String(k.demand_id) })) : null,
      k.match_strength !== null ? h('span', null, t('match.strength_short', { s: String(k.match_strength) })) : null));
}

async function board(ctx) {
  ctx.setTitle(t('case.board'));
  const box = h('div', { id: 'case-board' });
  append(ctx.main, [dockingTabs('/cases'), h('h1', null, t('case.board')), box]);
  let r;
  try { r = await api.get('/api/cases', { limit: 200 }, { signal: ctx.signal }); } catch (e) {
    if (e.name === 'AbortError') throw e;
    box.replaceChildren(errorBox(e)); return;
  }
  if (!r.items.length) { box.replaceChildren(empty(t('case.none'))); return; }
  box.replaceChildren(h('div', { class: 'case-columns' }, STATES.map((s) => h('section', { class: 'case-col', dataset: { status: s } },
    h('h2', null, t(`case.s_${s}`), ' ', badge(String(r.items.filter((k) => k.status === s).length))),
    h('ul', { class: 'cards' }, r.items.filter((k) => k.status === s).map(caseCard))))));
}

async function detail(ctx) {
  const id = ctx.params.id;
  let k;
  try { k = await api.get(`/api/cases/${id}`, null, { signal: ctx.signal }); } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, t('case.title', { id })), errorBox(e)); return;
  }
  ctx.setTitle(t('case.title', { id: String(k.id) }));
  const msg = h('div', { class: 'item-msg', role: 'status' });
  const open = !['contracted', 'closed'].includes(k.status);
  const next = STATES.filter((s, i) => i > STATES.indexOf(k.status));
  const form = open ? h('form', { novalidate: true, id: 'case-advance', class: 'panel' }, h('h2', null, t('case.advance')),
    h('div', { class: 'form-grid' },
      control({ name: 'status', label: t('case.next'), type: 'select', value: next[0], options: next.map((s) => [s, t(`case.s_${s}`)]) }),
      control({ name: 'on_date', label: t('case.date'), type: 'date' }),
      control({ name: 'contract_id', label: t('case.contract_id'), type: 'number', hint: t('case.contract_hint') }),
      control({ name: 'close_reason', label: t('case.close_reason'), type: 'select', value: '', options: [['', '-'], ...REASONS.map((r) => [r, t(`case.r_${r}`)])] }),
      control({ name: 'note', label: t('case.note'), type: 'textarea', rows: 3, span2: true })),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('case.save')))) : null;
  form?.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = form.elements, b = { status: f.status.value };
    if (f.on_date.value) b.on_date = f.on_date.value;
    if (f.note.value.trim()) b.note = f.note.value.trim();
    if (f.contract_id.value) b.contract_id = Number(f.contract_id.value);
    if (f.close_reason.value) b.close_reason = f.close_reason.value;
    try { await api.post(`/api/cases/${k.id}/advance`, b); ctx.navigate(`/cases/${k.id}`, { replace: true }); } catch (e) { msg.replaceChildren(errorBox(e)); }
  });
  append(ctx.main, [
    h('p', { class: 'breadcrumb' }, h('a', { href: '/cases' }, t('case.board'))),
    h('h1', null, t('case.title', { id: String(k.id) }), ' ', badge(t(`case.s_${k.status}`), `status-${k.status}`, ), ),
    h('section', { class: 'panel' }, h('dl', { class: 'deflist' },
      h('dt', null, t('case.origin')), h('dd', null, t(`case.o_${k.origin}`)),
      k.match_strength !== null ? [h('dt', null, t('case.match')), h('dd', { id: 'case-match' }, t('match.strength_short', { s: String(k.match_strength) }), ' · ', k.match_explanation || '')] : null,
      k.contract_id ? [h('dt', null, t('case.contract')), h('dd', { id: 'case-contract' }, `#${k.contract_id} (${k.contracted_on})`)] : null,
      k.close_reason ? [h('dt', null, t('case.close_reason')), h('dd', null, t(`case.r_${k.close_reason}`))] : null)),
    h('section', { class: 'panel' }, h('h2', null, t('case.steps')), h('ol', { class: 'case-steps' }, (k.steps || []).map((s) =>
      h('li', { class: 'case-step', dataset: { status: s.status } }, h('strong', null, t(`case.s_${s.status}`)), ' ', s.on_date, s.note ? ` — ${s.note}` : '')))),
    // Issue #18: the case's files (letters of intent, test reports); its
    // participants add them, reviewers read them
    attachmentsPanel('cases', k.id, null, { mayEdit: participant(k) }),
    form, msg]);
}

// A participant of the case: its broker, the two sides' organisations, a
// broker who represents one side with its consent for cases, and admins
// (the server's case_may; it decides, this only offers the form).
function participant(k) {
  const u = authState().user;
  if (!u) return false;
  if (u.role === 'admin' || (k.broker_id && Number(u.id) === Number(k.broker_id))) return true;
  const sides = [Number(k.seeker_org_id), Number(k.owner_org_id)];
  if ((u.represents || []).some((r) => sides.includes(Number(r.org_id)) && String(r.scope || '').split(',').includes('cases'))) return true;
  return ownOrgIds().some((o) => sides.includes(o));
}

export default async function render(ctx) {
  return ctx.params.id ? detail(ctx) : board(ctx);
}
