// review.js - /review: the reviewer's queue of submitted achievements and
// demands (?status=submitted), with Publish and Return-with-reason
// (POST /api/{kind}/{id}/publish | /return {reason}). The whole queue is
// reachable: text search, field and city filters, oldest/newest first, pages
// of 20; the URL (?kind&q&field&city&sort&offset) is the state. Items leave
// the queue in place; errors show on the item. A third tab (?kind=revisions)
// lists the pending edits of published items (GET /api/revisions) with Accept
// and Reject-with-reason (POST /api/{kind}/{id}/revision/accept | /reject).
// Workbench (issue #18): items are selected with checkboxes and published or
// returned with one reason together (POST /api/review/batch; the result lists
// every item as done or failed with the reason), and each item unfolds its
// history (GET /api/{kind}/{id}/history: revisions and audit trail).
import { h, append, nextId } from '../dom.js';
import { t, pick, isFallback, term, cityName, getLang } from '../i18n.js';
import { api, loadOrgNames, meta, ApiError } from '../api.js';
import { authState, canReview } from '../auth.js';
import { control, clearErrors, showError } from '../form.js';
import { empty, errorBox, errorMessage, loading, modesList, orgLabel, pager, statusBadge, titleText, trlBadge } from '../ui.js';
import { fmtDate, fmtMoney, fmtBudget, fmtNumber } from '../format.js';

const LIMIT = 20;

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
  const st = {
    q: ctx.query.get('q') || '', field: ctx.query.get('field') || '', city: ctx.query.get('city') || '',
    sort: ctx.query.get('sort') === 'newest' ? 'newest' : 'oldest', offset: Math.max(0, Number(ctx.query.get('offset')) || 0),
  };
  const hrefFor = (over = {}) => {
    const u = new URLSearchParams();
    const v = { kind, ...st, ...over };
    for (const k of ['kind', 'q', 'field', 'city', 'sort', 'offset']) if (v[k] && !(k === 'sort' && v[k] === 'oldest')) u.set(k, v[k]);
    return `/review?${u}`;
  };
  let r, counts, m;
  try {
    [r, counts, , m] = await Promise.all([
      kind === 'revisions' ? api.get('/api/revisions', { status: 'pending', limit: 100 }, { signal: ctx.signal })
        : api.get(`/api/${kind}`, { status: 'submitted', sort: st.sort, q: st.q, field: st.field, city: st.city, limit: LIMIT, offset: st.offset, fields: 'full' }, { signal: ctx.signal }),
      Promise.all([...['achievements', 'demands'].map((k) => api.get(`/api/${k}`, { status: 'submitted', limit: 1 }, { signal: ctx.signal }).then((x) => x.total, () => null)),
        api.get('/api/revisions', { status: 'pending', limit: 500 }, { signal: ctx.signal }).then((x) => x.total, () => null)]),
      loadOrgNames(),
      meta().catch(() => ({ cities: [] })),
    ]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, t('review.title')), errorBox(e, () => ctx.navigate(location.pathname + location.search)));
    return;
  }
  const tabs = h('nav', { class: 'tabs', 'aria-label': t('search.tabs') },
    ['achievements', 'demands', 'revisions'].map((k, i) => h('a', { class: 'tab', id: `rv-tab-${k}`, href: `/review?kind=${k}`, 'aria-current': (k === kind) ? 'page' : null },
      t(k === 'revisions' ? 'review.tab_revisions' : `search.tab_${k}`), counts[i] !== null ? ` (${fmtNumber(counts[i])})` : '')));
  if (kind === 'revisions') {
    const rlist = h('ol', { class: 'cards review-list' });
    const rstatus = h('p', { role: 'status', class: 'visually-hidden', id: 'review-status' });
    append(ctx.main, [h('h1', null, t('review.title')), h('p', { class: 'hint' }, t('review.revisions_lead')), tabs, rstatus, rlist]);
    if (!r.items.length) { rlist.replaceWith(empty(t('review.revisions_empty'))); return; }
    for (const rv of r.items) rlist.append(revisionItem(rv, rstatus));
    return;
  }
  const ids = { q: nextId('rv-q'), field: nextId('rv-field'), city: nextId('rv-city'), sort: nextId('rv-sort') };
  const fld = (label, id, input) => h('div', { class: 'form-field' }, h('label', { for: id }, label), input);
  const filters = h('form', { class: 'search-form review-filter', role: 'search', 'aria-label': t('review.filter'), onsubmit: (ev) => {
    ev.preventDefault();
    const el = filters.elements;
    ctx.navigate(hrefFor({ q: el.q.value.trim(), field: el.field.value.trim(), city: el.city.value, sort: el.sort.value, offset: '' }));
  } },
  // The text search is always there; field, city and order fold away on a
  // phone (open on wide screens or when in use), as on /search.
  h('div', { class: 'search-row' },
    h('label', { for: ids.q, class: 'visually-hidden' }, t('review.q')),
    h('input', { type: 'search', id: ids.q, name: 'q', value: st.q, placeholder: t('review.q') }),
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('action.search'))),
  h('details', { class: 'filters', open: window.matchMedia('(min-width: 800px)').matches || !!(st.field || st.city || st.sort !== 'oldest') },
    h('summary', null, t('search.filters')),
    h('div', { class: 'filter-grid' },
      fld(t('item.field'), ids.field, h('input', { id: ids.field, name: 'field', value: st.field })),
      fld(t('item.city'), ids.city, h('select', { id: ids.city, name: 'city' }, [['', t('search.any')], ...m.cities.map((c) => [c.zh, getLang() === 'en' ? c.en : c.zh])]
        .map(([v, l]) => h('option', { value: v, selected: v === st.city }, l)))),
      fld(t('search.sort'), ids.sort, h('select', { id: ids.sort, name: 'sort' }, [['oldest', t('review.sort_oldest')], ['newest', t('review.sort_newest')]].map(([v, l]) => h('option', { value: v, selected: v === st.sort }, l))))),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('search.apply')),
      h('a', { class: 'btn', href: `/review?kind=${kind}` }, t('search.reset')))));
  const list = h('ol', { class: 'cards review-list' });
  const status = h('p', { role: 'status', class: 'visually-hidden', id: 'review-status' });
  const filtered = st.q || st.field || st.city;
  append(ctx.main, [h('h1', null, t('review.title')), h('p', { class: 'hint' }, t('review.lead')), tabs, filters,
    h('p', { class: 'result-count', id: 'result-count' }, t(filtered ? 'review.count_filtered' : 'review.count', { n: fmtNumber(r.total) })), status, list,
    pager(r.total, r.limit, r.offset, (off) => hrefFor({ offset: off }))]);
  if (!r.items.length) { list.replaceWith(empty(t(filtered || st.offset ? 'search.none' : 'review.empty'))); return; }

  const finished = new Map(); // item id -> done(key) of its card, for the batch
  const batch = batchBar(kind, list, status, finished);
  list.before(batch);
  for (const x of r.items) {
    const owner = isA ? x.owner : x.org;
    const text = pick(x, isA ? 'abstract' : 'desc');
    const msg = h('div', { class: 'item-msg' });
    const li = h('li', { class: 'review-item', dataset: { id: x.id } });
    const done = (key) => {
      li.replaceChildren(h('p', { class: 'state state-ok' }, t(key, { title: pick(x, 'title') })));
      status.textContent = t(key, { title: pick(x, 'title') });
      batch.refresh();
    };
    finished.set(x.id, { done, msg, x });
    const selId = nextId('rv-sel');
    const select = h('div', { class: 'select-item' },
      h('input', { type: 'checkbox', id: selId, class: 'batch-select', value: String(x.id), dataset: { status: x.status }, onchange: () => batch.refresh() }),
      h('label', { for: selId }, t('review.select_item', { title: pick(x, 'title') })));
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
      select,
      h('h2', { class: 'card-title' }, h('a', { href: `/${kind}/${x.id}` }, titleText(x))),
      h('p', { class: 'card-meta' }, orgLabel(owner), h('span', null, cityName(owner)),
        x.field ? h('span', null, term('field', x.field)) : null, h('span', null, t('review.submitted_at', { d: fmtDate(x.updated_at, true) }))),
      h('p', { class: 'card-tags' }, isA ? trlBadge(x.trl) : null, modesList(x.modes),
        h('span', { class: 'price' }, isA ? fmtMoney(x.price) : fmtBudget(x.budget_min, x.budget_max))),
      text ? h('p', { class: 'excerpt', lang: isFallback(x, isA ? 'abstract' : 'desc') ? (getLang() === 'zh' ? 'en' : 'zh-CN') : null }, text.length > 220 ? `${text.slice(0, 220)}…` : text) : null,
      h('div', { class: 'actions-row' }, publish, retBtn), retForm, msg, historyBox(kind, x.id)]);
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

// The batch bar above the queue: select all on the page, publish or return the
// selected items with one reason. Each item is decided on its own by the
// server; the result names every item, done or failed with why, and the done
// ones leave the queue as after a single decision.
function batchBar(kind, list, status, finished) {
  const single = kind === 'achievements' ? 'achievement' : 'demand';
  const boxes = () => [...list.querySelectorAll('input.batch-select')];
  const chosen = () => boxes().filter((b) => b.checked);
  const allId = nextId('rv-all');
  const all = h('input', { type: 'checkbox', id: allId, onchange: () => { for (const b of boxes()) b.checked = all.checked; bar.refresh(); } });
  const count = h('span', { class: 'batch-count', 'aria-live': 'polite' });
  const result = h('div', { class: 'batch-result', id: 'batch-result' });
  const send = async (action, reason) => {
    const items = chosen().map((b) => ({ kind: single, id: Number(b.value), expected_status: b.dataset.status }));
    const r = await api.post('/api/review/batch', reason ? { action, reason, items } : { action, items });
    const lines = r.results.map((x) => {
      const f = finished.get(x.id);
      const title = f ? pick(f.x, 'title') : `#${x.id}`;
      if (x.ok) { f?.done(action === 'publish' ? 'review.published' : 'review.returned'); return h('li', { class: 'batch-ok' }, t(action === 'publish' ? 'review.published' : 'review.returned', { title })); }
      const why = errorMessage(new ApiError(x.code, x.error, x.field));
      f?.msg.replaceChildren(h('div', { class: 'state state-error', role: 'alert' }, h('p', null, why)));
      return h('li', { class: 'batch-failed' }, t('review.batch_failed_item', { title, why }));
    });
    result.replaceChildren(h('p', { role: 'status' }, t('review.batch_summary', { ok: fmtNumber(r.ok), failed: fmtNumber(r.failed) })), h('ul', { class: 'batch-lines' }, lines));
    status.textContent = t('review.batch_summary', { ok: fmtNumber(r.ok), failed: fmtNumber(r.failed) });
    bar.refresh();
  };
  const pubBtn = h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'batch-publish' }, onclick: async () => {
    pubBtn.disabled = true;
    try { await send('publish'); } catch (e) { result.replaceChildren(errorBox(e)); } finally { bar.refresh(); }
  } }, t('review.batch_publish'));
  const closeForm = () => { form.hidden = true; retBtn.setAttribute('aria-expanded', 'false'); retBtn.focus(); };
  const form = h('form', { class: 'return-form batch-return', novalidate: true, hidden: true,
    onkeydown: (ev) => { if (ev.key === 'Escape') closeForm(); },
    onsubmit: async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const reason = form.elements.reason.value.trim();
      try { await send('return', reason || null); form.hidden = true; retBtn.setAttribute('aria-expanded', 'false'); } catch (e) { showError(form, e); }
    } },
  h('div', { class: 'form-error' }),
  control({ name: 'reason', label: t('review.batch_reason'), type: 'textarea', rows: 3, required: true, hint: t('review.reason_hint') }),
  h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-danger', dataset: { action: 'batch-confirm-return' } }, t('review.confirm_return')),
    h('button', { type: 'button', class: 'btn', onclick: closeForm }, t('action.cancel'))));
  const retBtn = h('button', { type: 'button', class: 'btn btn-danger', dataset: { action: 'batch-return' }, 'aria-expanded': 'false', onclick: () => {
    form.hidden = false; retBtn.setAttribute('aria-expanded', 'true'); form.querySelector('textarea').focus();
  } }, t('review.batch_return'));
  const bar = h('section', { class: 'batch-bar', 'aria-label': t('review.batch') },
    h('div', { class: 'batch-row' }, h('div', { class: 'select-item' }, all, h('label', { for: allId }, t('review.select_all'))), count, pubBtn, retBtn),
    form, result);
  bar.refresh = () => {
    const n = chosen().length;
    count.textContent = t('review.selected', { n: fmtNumber(n) });
    pubBtn.disabled = retBtn.disabled = n === 0;
    const b = boxes();
    all.checked = b.length > 0 && n === b.length;
    if (!n && !form.hidden) form.hidden = true;
  };
  bar.refresh();
  return bar;
}

const REV_TEXT = { pending: 'review.history_rev_pending', accepted: 'review.history_rev_accepted', rejected: 'review.history_rev_rejected' };

// An item's history, loaded when unfolded: revisions (proposed edits with
// their outcome) and the audit trail (who did what, newest first).
function historyBox(kind, id) {
  const body = h('div', { class: 'history-body' });
  let loaded = false;
  const box = h('details', { class: 'history', ontoggle: async () => {
    if (!box.open || loaded) return;
    loaded = true;
    body.replaceChildren(loading());
    try {
      const r = await api.get(`/api/${kind}/${id}/history`);
      const revs = r.revisions.map((rv) => h('li', null, statusBadge(rv.status === 'pending' ? 'submitted' : rv.status === 'accepted' ? 'published' : 'draft'), ' ',
        t(REV_TEXT[rv.status] || 'review.history_rev_pending', { d: fmtDate(rv.created_at, true) }), rv.reason ? ` — ${rv.reason}` : ''));
      const trail = r.audit.map((e) => h('li', null, h('time', { datetime: e.at }, fmtDate(e.at, true)), ' ',
        t('review.history_entry', { who: e.email || term('role', e.role), action: term('review.action', e.action) }),
        e.outcome === 'deny' ? h('span', { class: 'badge' }, t('review.history_denied')) : null));
      body.replaceChildren(
        h('h3', null, t('review.history_revisions')), revs.length ? h('ul', { class: 'history-list' }, revs) : h('p', { class: 'hint' }, t('review.history_no_revisions')),
        h('h3', null, t('review.history_audit')), trail.length ? h('ol', { class: 'history-list' }, trail) : h('p', { class: 'hint' }, t('review.history_no_audit')));
    } catch (e) {
      loaded = false;
      body.replaceChildren(errorBox(e));
    }
  } }, h('summary', null, t('review.history')), body);
  return box;
}
