// review.js - /review: the reviewer's queue of submitted achievements and
// demands (?status=submitted), oldest first, with Publish and Return-with-reason
// (POST /api/{kind}/{id}/publish | /return {reason}). Items leave the queue
// in place; errors show on the item. A third tab (?kind=revisions) lists the
// pending edits of published items (GET /api/revisions) with Accept and
// Reject-with-reason (POST /api/{kind}/{id}/revision/accept | /reject).
import { h, append } from '../dom.js';
import { t, pick, isFallback, term, cityName, getLang } from '../i18n.js';
import { api, loadOrgNames } from '../api.js';
import { authState, canReview } from '../auth.js';
import { control, clearErrors, showError } from '../form.js';
import { empty, errorBox, modesList, orgName, titleText, trlBadge } from '../ui.js';
import { fmtDate, fmtMoney, fmtBudget, fmtNumber } from '../format.js';

export default async function render(ctx) {
  ctx.setTitle(t('review.title'));
  const auth = authState();
  if (auth.available && !auth.user) {
    ctx.main.append(h('h1', null, t('review.title')), h('div', { class: 'state' }, h('p', null, t('review.login_first')),
      h('a', { class: 'btn btn-primary', href: '/login?next=/review' }, t('auth.login'))));
    return;
  }
  if (!canReview()) {
    ctx.main.append(h('h1', null, t('review.title')), h('div', { class: 'state state-error', role: 'alert' }, t('review.not_reviewer')));
    return;
  }
  const want = ctx.query.get('kind');
  const kind = want === 'demands' || want === 'revisions' ? want : 'achievements';
  const isA = kind === 'achievements';
  let r, counts;
  try {
    [r, counts] = await Promise.all([
      kind === 'revisions' ? api.get('/api/revisions', { status: 'pending', limit: 100 }, { signal: ctx.signal })
        : api.get(`/api/${kind}`, { status: 'submitted', sort: 'oldest', limit: 50 }, { signal: ctx.signal }),
      Promise.all([...['achievements', 'demands'].map((k) => api.get(`/api/${k}`, { status: 'submitted', limit: 1 }, { signal: ctx.signal }).then((x) => x.total, () => null)),
        api.get('/api/revisions', { status: 'pending', limit: 500 }, { signal: ctx.signal }).then((x) => x.total, () => null)]),
      loadOrgNames(),
    ]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, t('review.title')), errorBox(e, () => ctx.navigate(location.pathname + location.search)));
    return;
  }
  const tabs = h('nav', { class: 'tabs', 'aria-label': t('search.tabs') },
    ['achievements', 'demands', 'revisions'].map((k, i) => h('a', { class: 'tab', id: `rv-tab-${k}`, href: `/review?kind=${k}`, 'aria-current': (k === kind) ? 'page' : null },
      t(k === 'revisions' ? 'review.tab_revisions' : `search.tab_${k}`), counts[i] !== null ? ` (${fmtNumber(counts[i])})` : '')));
  const list = h('ol', { class: 'cards review-list' });
  const status = h('p', { role: 'status', class: 'visually-hidden', id: 'review-status' });
  append(ctx.main, [h('h1', null, t('review.title')), h('p', { class: 'hint' }, t(kind === 'revisions' ? 'review.revisions_lead' : 'review.lead')), tabs, status, list]);
  if (!r.items.length) { list.replaceWith(empty(t(kind === 'revisions' ? 'review.revisions_empty' : 'review.empty'))); return; }
  if (kind === 'revisions') { for (const rv of r.items) list.append(revisionItem(rv, status)); return; }

  for (const x of r.items) {
    const owner = isA ? x.owner : x.org;
    const text = pick(x, isA ? 'abstract' : 'desc');
    const msg = h('div', { class: 'item-msg' });
    const li = h('li', { class: 'review-item', dataset: { id: x.id } });
    const done = (key) => {
      li.replaceChildren(h('p', { class: 'state state-ok' }, t(key, { title: pick(x, 'title') })));
      status.textContent = t(key, { title: pick(x, 'title') });
    };
    const publish = h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'publish' }, onclick: async () => {
      publish.disabled = true;
      try { await api.post(`/api/${kind}/${x.id}/publish`, { expected_status: x.status }); done('review.published'); } catch (e) { publish.disabled = false; msg.replaceChildren(errorBox(e)); }
    } }, t('review.publish'));
    const retForm = h('form', { class: 'return-form', novalidate: true, hidden: true,
      onkeydown: (ev) => { if (ev.key === 'Escape') { retForm.hidden = true; retBtn.setAttribute('aria-expanded', 'false'); retBtn.focus(); } },
      onsubmit: async (ev) => {
      ev.preventDefault();
      clearErrors(retForm);
      const reason = retForm.elements.reason.value.trim();
      try { await api.post(`/api/${kind}/${x.id}/return`, reason ? { reason, expected_status: x.status } : { expected_status: x.status }); done('review.returned'); } catch (e) { showError(retForm, e); }
    } },
    h('div', { class: 'form-error' }),
    control({ name: 'reason', label: t('review.reason'), type: 'textarea', rows: 3, required: true, hint: t('review.reason_hint') }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-danger', dataset: { action: 'confirm-return' } }, t('review.confirm_return')),
      h('button', { type: 'button', class: 'btn', onclick: () => { retForm.hidden = true; retBtn.setAttribute('aria-expanded', 'false'); retBtn.focus(); } }, t('action.cancel'))));
    const retBtn = h('button', { type: 'button', class: 'btn btn-danger', dataset: { action: 'return' }, 'aria-expanded': 'false', onclick: () => {
      retForm.hidden = false; retBtn.setAttribute('aria-expanded', 'true'); retForm.querySelector('textarea').focus();
    } }, t('review.return'));
    append(li, [
      h('h2', { class: 'card-title' }, h('a', { href: `/${kind}/${x.id}` }, titleText(x))),
      h('p', { class: 'card-meta' }, h('span', null, orgName(owner)), h('span', null, cityName(owner)),
        x.field ? h('span', null, term('field', x.field)) : null, h('span', null, t('review.submitted_at', { d: fmtDate(x.updated_at, true) }))),
      h('p', { class: 'card-tags' }, isA ? trlBadge(x.trl) : null, modesList(x.modes),
        h('span', { class: 'price' }, isA ? fmtMoney(x.price) : fmtBudget(x.budget_min, x.budget_max))),
      text ? h('p', { class: 'excerpt', lang: isFallback(x, isA ? 'abstract' : 'desc') ? (getLang() === 'zh' ? 'en' : 'zh-CN') : null }, text.length > 220 ? `${text.slice(0, 220)}…` : text) : null,
      h('div', { class: 'actions-row' }, publish, retBtn), retForm, msg]);
    list.append(li);
  }
}

// One pending revision: the proposed text with Accept and Reject-with-reason.
function revisionItem(rv, status) {
  const x = rv.proposed;
  const isA = rv.kind === 'achievement';
  const kind = isA ? 'achievements' : 'demands';
  const text = pick(x, isA ? 'abstract' : 'desc');
  const msg = h('div', { class: 'item-msg' });
  const li = h('li', { class: 'review-item revision-item', dataset: { id: rv.item_id, kind: rv.kind } });
  const done = (key) => {
    li.replaceChildren(h('p', { class: 'state state-ok' }, t(key, { title: pick(x, 'title') })));
    status.textContent = t(key, { title: pick(x, 'title') });
  };
  const accept = h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'accept' }, onclick: async () => {
    accept.disabled = true;
    try { await api.post(`/api/${kind}/${rv.item_id}/revision/accept`); done('review.accepted'); } catch (e) { accept.disabled = false; msg.replaceChildren(errorBox(e)); }
  } }, t('review.accept'));
  const close = () => { form.hidden = true; rejBtn.setAttribute('aria-expanded', 'false'); rejBtn.focus(); };
  const form = h('form', { class: 'return-form', novalidate: true, hidden: true,
    onkeydown: (ev) => { if (ev.key === 'Escape') close(); },
    onsubmit: async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const reason = form.elements.reason.value.trim();
      try { await api.post(`/api/${kind}/${rv.item_id}/revision/reject`, reason ? { reason } : {}); done('review.rejected'); } catch (e) { showError(form, e); }
    } },
  h('div', { class: 'form-error' }),
  control({ name: 'reason', label: t('review.reject_reason'), type: 'textarea', rows: 3, required: true, hint: t('review.reason_hint') }),
  h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-danger', dataset: { action: 'confirm-reject' } }, t('review.confirm_reject')),
    h('button', { type: 'button', class: 'btn', onclick: close }, t('action.cancel'))));
  const rejBtn = h('button', { type: 'button', class: 'btn btn-danger', dataset: { action: 'reject' }, 'aria-expanded': 'false', onclick: () => {
    form.hidden = false; rejBtn.setAttribute('aria-expanded', 'true'); form.querySelector('textarea').focus();
  } }, t('review.reject'));
  append(li, [
    h('h2', { class: 'card-title' }, h('a', { href: `/${kind}/${rv.item_id}` }, titleText(x))),
    h('p', { class: 'card-meta' }, h('span', null, t(isA ? 'review.revision_of_a' : 'review.revision_of_d', { id: rv.item_id })),
      x.field ? h('span', null, term('field', x.field)) : null, h('span', null, t('review.proposed_at', { d: fmtDate(rv.created_at, true) }))),
    h('p', { class: 'card-tags' }, isA ? trlBadge(x.trl) : null, modesList(x.modes),
      h('span', { class: 'price' }, isA ? fmtMoney(x.price) : fmtBudget(x.budget_min, x.budget_max))),
    text ? h('p', { class: 'excerpt', lang: isFallback(x, isA ? 'abstract' : 'desc') ? (getLang() === 'zh' ? 'en' : 'zh-CN') : null }, text.length > 220 ? `${text.slice(0, 220)}…` : text) : null,
    h('div', { class: 'actions-row' }, accept, rejBtn), form, msg]);
  return li;
}
