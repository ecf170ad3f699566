// challenges.js - 揭榜挂帅 open competitions (docs/challenges.md):
//   /challenges                     the public list (+ programme indicators,
//                                   + "assigned to me" for experts)
//   /challenges/new                 an issuer drafts a challenge
//   /challenges/:id                 the public detail with the actions of the
//                                   asking role: issuer (submit), bureau
//                                   (publish, close, review, experts, winners,
//                                   notice, confirm, start, pay, fail), team
//                                   (apply, report), expert (score), end user
//                                   (accept milestones and the result)
//   /challenge-applications/:id/task-book   the printable task book (任务书)
// The server decides every permission and seals applications until the
// deadline; the page only chooses which buttons to offer.
import { h, append } from '../dom.js';
import { t, pick, term } from '../i18n.js';
import { api } from '../api.js';
import { authState, canReview } from '../auth.js';
import { control, clearErrors, showError } from '../form.js';
import { empty, errorBox, badge } from '../ui.js';
import { fmtDate, fmtMoney, fmtNumber } from '../format.js';
import { attachmentsPanel } from '../attachments.js';

const yuan = (fen) => fmtMoney(Number(fen) / 100);
const chStatus = (s) => badge(t(`challenge.status.${s}`), `status-${s}`);

export default async function render(ctx) {
  if (ctx.route.path === '/challenges/new') return createPage(ctx);
  if (ctx.route.path === '/challenge-applications/:id/task-book') return taskBook(ctx);
  if (ctx.params.id) return detail(ctx);
  return list(ctx);
}

async function list(ctx) {
  ctx.setTitle(t('challenge.title'));
  const field = ctx.query.get('field') || '', region = ctx.query.get('region') || '';
  const user = authState().user;
  const [r, ind, mine] = await Promise.all([
    api.get('/api/challenges', { field, region, limit: 100 }, { signal: ctx.signal }),
    api.get('/api/indicators/challenges', null, { signal: ctx.signal }).catch(() => null),
    user ? api.get('/api/expert/challenges', null, { signal: ctx.signal }).catch(() => null) : null,
  ]);
  append(ctx.main, [h('h1', null, t('challenge.title')), h('p', { class: 'hint' }, t('challenge.lead'))]);
  if (user) ctx.main.append(h('p', null, h('a', { class: 'btn btn-primary', href: '/challenges/new', id: 'ch-new' }, t('challenge.new'))));
  if (field || region) ctx.main.append(h('p', { class: 'hint', id: 'ch-filter' }, t('challenge.filtered', { v: [field, region].filter(Boolean).join(' · ') }), ' ', h('a', { href: '/challenges' }, t('challenge.all'))));
  if (mine && mine.items.length) {
    ctx.main.append(h('h2', null, t('challenge.assigned')),
      h('ul', { id: 'ch-assigned' }, mine.items.map((c) => h('li', null, h('a', { href: `/challenges/${c.id}` }, pick(c, 'title')), ' ', chStatus(c.status)))));
  }
  const cards = h('ol', { class: 'cards', id: 'ch-list' });
  for (const c of r.items) {
    cards.append(h('li', { class: 'card', dataset: { id: c.id } },
      h('h3', null, h('a', { href: `/challenges/${c.id}` }, pick(c, 'title'))), chStatus(c.status),
      h('p', null, `${c.issuer_name || ''} · ${t('challenge.budget')} ${yuan(c.budget_fen)} · ${t('challenge.deadline')} ${fmtDate(c.deadline, true)}`)));
  }
  ctx.main.append(r.items.length ? cards : empty(t('challenge.empty')));
  if (ind) {
    // Programme indicators with drill-down to the list of each field.
    const row = (x, href) => h('tr', null, h('th', { scope: 'row' }, href ? h('a', { href }, x.key) : t('challenge.ind.total')),
      h('td', null, fmtNumber(x.published)), h('td', null, fmtNumber(x.applications)), h('td', null, fmtNumber(x.awarded)),
      h('td', null, yuan(x.committed_fen)), h('td', null, yuan(x.released_fen)), h('td', null, `${x.milestones_on_time}/${x.milestones_accepted}`));
    ctx.main.append(h('h2', null, t('challenge.ind.title')), h('div', { class: 'table-wrap' }, h('table', { id: 'ch-ind' },
      h('thead', null, h('tr', null, ['field', 'published', 'applications', 'awarded', 'committed', 'released', 'on_time'].map((k) => h('th', { scope: 'col' }, t(`challenge.ind.${k}`))))),
      h('tbody', null, row(ind.total), ind.by_field.map((x) => row(x, `/challenges?field=${encodeURIComponent(x.key)}`))))));
  }
}

function linesForm(text, keys) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const p = l.split('|').map((x) => x.trim());
    const o = {};
    keys.forEach((k, i) => { if (p[i] !== undefined && p[i] !== '') o[k] = k === 'weight' ? Number(p[i]) : p[i]; });
    return o;
  });
}

async function createPage(ctx) {
  ctx.setTitle(t('challenge.new'));
  const user = authState().user;
  if (!user) { ctx.main.append(h('h1', null, t('challenge.new')), h('p', null, h('a', { href: '/login?next=/challenges/new' }, t('auth.login')))); return; }
  const form = h('form', { id: 'ch-form', novalidate: true, class: 'form-grid', onsubmit: async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const f = form.elements;
    const body = {
      title_zh: f.title_zh.value.trim() || undefined, title_en: f.title_en.value.trim() || undefined,
      problem: f.problem.value.trim(), field: f.field.value.trim() || undefined, region: f.region.value.trim() || undefined,
      deadline: f.deadline.value.trim(), budget_fen: Math.round(Number(f.budget.value) * 100) || 0,
      acceptance: f.acceptance.value.trim() || undefined,
      indicators: linesForm(f.indicators.value, ['name', 'target', 'unit']),
      criteria: linesForm(f.criteria.value, ['name', 'weight']),
      max_winners: Number(f.max_winners.value) || 1,
    };
    if (user.org_id) body.issuer_org_id = user.org_id;
    try { const c = await api.post('/api/challenges', body); ctx.navigate(`/challenges/${c.id}`); } catch (e) { showError(form, e); }
  } },
  h('div', { class: 'form-error' }),
  control({ name: 'title_zh', label: t('challenge.f.title_zh'), required: true }),
  control({ name: 'title_en', label: t('challenge.f.title_en') }),
  control({ name: 'problem', label: t('challenge.f.problem'), type: 'textarea', required: true, span2: true }),
  control({ name: 'field', label: t('challenge.f.field') }),
  control({ name: 'region', label: t('challenge.f.region') }),
  control({ name: 'deadline', label: t('challenge.f.deadline'), required: true, hint: t('challenge.f.deadline_hint') }),
  control({ name: 'budget', label: t('challenge.f.budget'), type: 'number', required: true, apiField: 'budget' }),
  control({ name: 'max_winners', label: t('challenge.f.max_winners'), type: 'number', value: 1 }),
  control({ name: 'acceptance', label: t('challenge.f.acceptance') }),
  control({ name: 'indicators', label: t('challenge.f.indicators'), type: 'textarea', rows: 3, hint: t('challenge.f.indicators_hint'), span2: true }),
  control({ name: 'criteria', label: t('challenge.f.criteria'), type: 'textarea', rows: 3, hint: t('challenge.f.criteria_hint'), span2: true, value: t('challenge.f.criteria_default') }),
  h('div', { class: 'form-actions span2' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'ch-save' }, t('challenge.save'))));
  append(ctx.main, [h('h1', null, t('challenge.new')), form]);
}

function button(id, label, fn, msg, cls = 'btn') {
  const b = h('button', { type: 'button', class: cls, id, onclick: async () => {
    b.disabled = true;
    try { await fn(); } catch (e) { b.disabled = false; msg.replaceChildren(errorBox(e)); }
  } }, label);
  return b;
}

async function detail(ctx) {
  const id = ctx.params.id;
  const user = authState().user;
  const bureau = user && canReview();
  const reload = () => ctx.navigate(`/challenges/${id}`, { keepScroll: true });
  const c = await api.get(`/api/challenges/${id}`, null, { signal: ctx.signal });
  ctx.setTitle(pick(c, 'title'));
  const msg = h('div', { id: 'ch-msg', role: 'status' });
  const lines = (k, f) => (c[k] || []).length ? h('ul', { class: `ch-${k}` }, c[k].map((x) => h('li', null, f(x)))) : null;
  append(ctx.main, [
    h('h1', null, pick(c, 'title')), h('p', null, chStatus(c.status), ' ', h('span', { id: 'ch-status', dataset: { status: c.status } }, t(`challenge.status.${c.status}`))),
    h('dl', { class: 'deflist' },
      h('dt', null, t('challenge.issuer')), h('dd', null, c.issuer_name || ''),
      h('dt', null, t('challenge.end_user')), h('dd', null, c.end_user_name || ''),
      h('dt', null, t('challenge.budget')), h('dd', null, yuan(c.budget_fen)),
      h('dt', null, t('challenge.deadline')), h('dd', null, fmtDate(c.deadline, true)),
      h('dt', null, t('challenge.eligibility')), h('dd', null, c.eligibility || ''),
      c.notice_end ? [h('dt', null, t('challenge.notice')), h('dd', null, `${fmtDate(c.notice_start)} – ${fmtDate(c.notice_end)}`)] : null,
      c.note ? [h('dt', null, t('challenge.note')), h('dd', null, c.note)] : null),
    h('h2', null, t('challenge.problem')), h('p', null, c.problem || ''),
    h('h2', null, t('challenge.indicators')), lines('indicators', (x) => `${x.name}: ${x.target} ${x.unit}`),
    (c.deliverables || []).length ? [h('h2', null, t('challenge.deliverables')), lines('deliverables', (x) => x.name)] : null,
    h('h2', null, t('challenge.criteria')), lines('criteria', (x) => `${x.name} (${x.weight}%)`),
    // Issue #18: the challenge's own files (task statements, drawings); the
    // issuer and the bureau add them, whoever sees the challenge sees them
    attachmentsPanel('challenges', c.id, c.issuer_org_id),
    msg,
  ]);
  const actions = h('div', { class: 'form-actions', id: 'ch-actions' });
  ctx.main.append(actions);
  const act = (name, label, body) => button(`ch-${name}`, label, async () => { await api.post(`/api/challenges/${id}/${name}`, body ? body() : {}); await reload(); }, msg);
  const s = c.status;
  if (user && s === 'draft') actions.append(act('submit', t('challenge.a.submit')));
  if (bureau && s === 'submitted') actions.append(act('publish', t('challenge.a.publish'), null));
  if (bureau && s === 'published') actions.append(act('close-applications', t('challenge.a.close_apps')));
  if (bureau && s === 'applications_closed') actions.append(act('start-review', t('challenge.a.start_review')));
  if (bureau && s === 'notice') actions.append(act('confirm', t('challenge.a.confirm')));
  if (bureau && s === 'awarded') actions.append(act('start', t('challenge.a.start')));
  if (user && s === 'in_progress') actions.append(act('accept', t('challenge.a.accept')));
  if (bureau && (s === 'accepted')) actions.append(act('close', t('challenge.a.close')));

  if (user && s === 'published') ctx.main.append(applyForm(id, user, msg, reload));
  if (s === 'published') {
    const pr = await api.get(`/api/challenges/${id}/proposals`, { limit: 5 }, { signal: ctx.signal }).catch(() => null);
    if (pr && pr.items.length) ctx.main.append(h('h2', null, t('challenge.proposals')), h('ol', { id: 'ch-proposals' }, pr.items.map((p) =>
      h('li', null, p.org_name || '', ': ', p.achievements.map((a) => pick(a, 'title')).join('；')))));
  }
  if (user && s !== 'draft' && s !== 'submitted') await applications(ctx, c, bureau, msg, reload);
  if (bureau && s === 'under_review') {
    const ef = h('form', { id: 'ch-expert-form', novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      try { const e = await api.post(`/api/challenges/${id}/experts`, { user_id: Number(ef.elements.user_id.value) }); msg.replaceChildren(h('p', { class: 'state state-ok', id: 'ch-expert-result' }, t(`challenge.expert.${e.status}`), e.reason ? ` (${e.reason})` : '')); } catch (e) { showError(ef, e); }
    } }, h('div', { class: 'form-error' }), control({ name: 'user_id', label: t('challenge.expert.user_id'), type: 'number' }),
    h('button', { type: 'submit', class: 'btn', id: 'ch-assign' }, t('challenge.expert.assign')));
    ctx.main.append(h('h2', null, t('challenge.experts')), ef);
  }
  if (user && s === 'notice') {
    const of = h('form', { id: 'ch-object-form', novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      try { await api.post(`/api/challenges/${id}/objections`, { text: of.elements.text.value.trim() }); msg.replaceChildren(h('p', { class: 'state state-ok' }, t('challenge.objected'))); } catch (e) { showError(of, e); }
    } }, h('div', { class: 'form-error' }), control({ name: 'text', label: t('challenge.objection'), type: 'textarea', rows: 2 }),
    h('button', { type: 'submit', class: 'btn' }, t('challenge.a.object')));
    ctx.main.append(of);
  }
  if ((c.winners || []).length) {
    ctx.main.append(h('h2', null, t('challenge.winners')), h('ul', { id: 'ch-winners' }, c.winners.map((w) => h('li', null, w.team_name || '', ' ',
      s !== 'notice' ? h('a', { href: `/challenge-applications/${w.app_id}/task-book`, class: 'ch-taskbook' }, t('challenge.task_book')) : null))));
  }
  if ((c.milestones || []).length) {
    const ml = h('ol', { id: 'ch-milestones' });
    for (const m of c.milestones) {
      const li = h('li', { dataset: { id: m.id, status: m.status } }, `${m.title} · ${fmtDate(m.due_on)} · ${t(`challenge.tranche.${m.tranche}`)} ${yuan(m.tranche_fen)} · `,
        h('span', { class: 'ms-status' }, t(`challenge.ms.${m.status}`)), m.overdue ? [' ', badge(t('challenge.overdue'), 'status-overdue')] : null);
      const msAct = (name, label, body) => button(`ms-${name}-${m.id}`, label, async () => { await api.post(`/api/challenge-milestones/${m.id}/${name}`, body ? body() : {}); await reload(); }, msg);
      if (user && s === 'in_progress' && (m.status === 'pending' || m.status === 'rejected')) {
        const ev = h('input', { name: 'evidence', id: `ms-evidence-${m.id}`, 'aria-label': t('challenge.evidence') });
        li.append(' ', ev, msAct('report', t('challenge.a.report'), () => ({ evidence: ev.value.trim() })));
      }
      if (user && s === 'in_progress' && m.status === 'reported') li.append(' ', msAct('accept', t('challenge.a.ms_accept')));
      if (bureau && m.status === 'accepted') li.append(' ', msAct('pay', t('challenge.a.pay')));
      ml.append(li);
    }
    ctx.main.append(h('h2', null, t('challenge.milestones')), ml);
  }
}

function applyForm(id, user, msg, reload) {
  const form = h('form', { id: 'ch-apply-form', novalidate: true, class: 'form-grid', onsubmit: async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const f = form.elements, fen = Math.round(Number(f.amount.value) * 100) || 0;
    try {
      await api.post(`/api/challenges/${id}/applications`, { team_org_id: user.org_id, plan: f.plan.value.trim(),
        budget: [{ stage: t('challenge.f.stage_default'), amount_fen: fen }],
        milestones: [{ title: f.ms_title.value.trim(), due_on: f.ms_due.value.trim(), tranche: 'initial', amount_fen: fen }] });
      msg.replaceChildren(h('p', { class: 'state state-ok', id: 'ch-applied' }, t('challenge.applied')));
      form.hidden = true;
    } catch (e) { showError(form, e); }
  } },
  h('div', { class: 'form-error' }),
  control({ name: 'plan', label: t('challenge.f.plan'), type: 'textarea', rows: 3, span2: true }),
  control({ name: 'amount', label: t('challenge.f.amount'), type: 'number', apiField: 'budget' }),
  control({ name: 'ms_title', label: t('challenge.f.ms_title'), apiField: 'milestones[1]' }),
  control({ name: 'ms_due', label: t('challenge.f.ms_due'), hint: 'YYYY-MM-DD' }),
  h('div', { class: 'form-actions span2' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'ch-apply' }, t('challenge.a.apply'))));
  void reload;
  return h('section', null, h('h2', null, t('challenge.apply')), form);
}

async function applications(ctx, c, bureau, msg, reload) {
  const r = await api.get(`/api/challenges/${c.id}/applications`, null, { signal: ctx.signal }).catch(() => null);
  if (!r) return;
  const sec = h('section', { id: 'ch-apps' }, h('h2', null, t('challenge.applications')));
  if (r.sealed) sec.append(h('p', { class: 'hint', id: 'ch-sealed' }, t('challenge.sealed')));
  const picks = [];
  for (const a of r.items) {
    const li = h('div', { class: 'card ch-app', dataset: { id: a.id } }, h('h3', null, a.team_name || ''), h('p', null, a.plan || ''),
      h('p', null, `${t('challenge.requested')} ${yuan(a.requested_fen)}`),
      a.score ? h('p', { class: 'ch-score' }, t('challenge.score_line', { total: a.score.total.toFixed(1), spread: a.score.spread.toFixed(1), n: a.score.experts })) : null,
      a.match ? h('p', { class: 'hint ch-match' }, t('challenge.match_line', { rank: a.match.rank, n: a.match.achievements.length })) : null);
    if (c.status === 'under_review') {
      const inputs = (c.criteria || []).map((k) => h('label', null, `${k.name} `, h('input', { type: 'number', min: 0, max: 100, name: `c${k.seq}`, class: 'ch-score-input' })));
      li.append(h('div', { class: 'ch-score-form' }, inputs, button(`ch-score-${a.id}`, t('challenge.a.score'), async () => {
        await api.post(`/api/challenge-applications/${a.id}/scores`, { scores: (c.criteria || []).map((k) => ({ criterion: k.seq, score: Number(li.querySelector(`[name=c${k.seq}]`).value) })) });
        msg.replaceChildren(h('p', { class: 'state state-ok', id: 'ch-scored' }, t('challenge.scored')));
      }, msg)));
      if (bureau) { const cb = h('input', { type: 'checkbox', value: a.id, class: 'ch-pick' }); picks.push(cb); li.append(h('label', null, cb, t('challenge.pick'))); }
    }
    sec.append(li);
  }
  if (!r.items.length && !r.sealed) sec.append(empty(t('challenge.no_apps')));
  if (bureau && c.status === 'under_review' && r.items.length) {
    const days = h('input', { type: 'number', min: 0, max: 30, value: 5, id: 'ch-notice-days', 'aria-label': t('challenge.notice_days') });
    sec.append(h('div', { class: 'form-actions' }, h('label', null, t('challenge.notice_days'), ' ', days),
      button('ch-select', t('challenge.a.select'), async () => {
        await api.post(`/api/challenges/${c.id}/select`, { winners: picks.filter((x) => x.checked).map((x) => Number(x.value)), notice_days: Number(days.value) });
        await reload();
      }, msg, 'btn btn-primary')));
  }
  ctx.main.append(sec);
}

async function taskBook(ctx) {
  const tb = await api.get(`/api/challenge-applications/${ctx.params.id}/task-book`, null, { signal: ctx.signal });
  const c = tb.challenge, a = tb.application;
  ctx.setTitle(t('challenge.task_book'));
  append(ctx.main, [
    h('article', { class: 'task-book', id: 'task-book' },
      h('h1', null, t('challenge.task_book'), ': ', pick(c, 'title')),
      h('dl', { class: 'deflist' },
        h('dt', null, t('challenge.issuer')), h('dd', null, c.issuer_name || ''),
        h('dt', null, t('challenge.team')), h('dd', null, a.team_name || ''),
        h('dt', null, t('challenge.award')), h('dd', { id: 'tb-award' }, yuan(a.award_fen)),
        h('dt', null, t('challenge.period')), h('dd', null, `${c.period_start || ''} – ${c.period_end || ''}`),
        h('dt', null, t('challenge.acceptance')), h('dd', null, c.acceptance || '')),
      h('h2', null, t('challenge.indicators')), h('ul', null, (c.indicators || []).map((x) => h('li', null, `${x.name}: ${x.target} ${x.unit}`))),
      h('h2', null, t('challenge.stage_budgets')), h('ul', null, (a.budget || []).map((x) => h('li', null, `${x.stage}: ${yuan(x.amount_fen)}`))),
      h('h2', null, t('challenge.milestones')), h('table', null, h('tbody', null, tb.milestones.map((m) => h('tr', null,
        h('td', null, m.title), h('td', null, m.due_on), h('td', null, m.indicators || ''), h('td', null, t(`challenge.tranche.${m.tranche}`)), h('td', null, yuan(m.tranche_fen))))))),
    h('p', { class: 'no-print' }, h('button', { type: 'button', class: 'btn', onclick: () => window.print() }, t('challenge.print')), ' ',
      h('a', { href: `/api/challenge-applications/${ctx.params.id}/task-book?format=csv`, download: '' }, 'CSV'), ' ',
      h('a', { href: `/challenges/${c.id}` }, t('challenge.back'))),
  ]);
  void term;
}
