// detail.js - /achievements/:id and /demands/:id: every field, in the current
// language with the other as fallback, owner actions (edit / submit / withdraw)
// and the "Matches" section from GET /api/{kind}s/{id}/matches, whose answer is
//   {items: [{achievement|demand: {...}, score, factors: [{name, weight}]}]}.
// Factors are named matched terms or structured evidence (same_field, trl_fit,
// mode_overlap, budget_fit, same_city, same_province); each is drawn as a bar
// relative to the strongest. 404/501 = the matching engine is not in this build.
import { h, append } from '../dom.js';
import { t, pick, term, cityName, has, getLang } from '../i18n.js';
import { api, ApiError, loadOrgNames, meta } from '../api.js';
import { can, canManage, authState } from '../auth.js';
import { fmtMoney, fmtBudget, fmtDate, fmtNumber } from '../format.js';
import { attachmentsPanel } from '../attachments.js';
import { defList, errorBox, empty, loading, modesList, orgLabel, statusBadge, titleText, trlBadge, badge } from '../ui.js';

export default async function render(ctx) {
  const isA = ctx.kind === 'achievement';
  const base = isA ? '/api/achievements' : '/api/demands';
  let x, m;
  try {
    [x, , m] = await Promise.all([api.get(`${base}/${ctx.params.id}`, null, { signal: ctx.signal }), loadOrgNames(),
      meta().catch(() => ({ cities: [] }))]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.setTitle(t('error.title'));
    ctx.main.append(h('p', { class: 'breadcrumb' }, h('a', { href: `/search?tab=${isA ? 'achievements' : 'demands'}` }, t('detail.back'))),
      h('h1', null, t(e instanceof ApiError && e.status === 404 ? (isA ? 'detail.not_found_a' : 'detail.not_found_d') : 'error.title')),
      errorBox(e, () => ctx.navigate(location.pathname)));
    return;
  }
  const title = pick(x, 'title') || t('item.untitled');
  ctx.setTitle(title);
  const other = getLang() === 'zh' ? 'en' : 'zh';
  const otherTitle = x[`title_${other}`] && x[`title_${other}`] !== title ? x[`title_${other}`] : null;
  const owner = isA ? x.owner : x.org;

  const head = h('header', { class: 'detail-head' },
    h('p', { class: 'breadcrumb' }, h('a', { href: `/search?tab=${isA ? 'achievements' : 'demands'}` }, t(isA ? 'detail.back_a' : 'detail.back_d'))),
    h('p', { class: 'kind' }, badge(t(isA ? 'detail.kind_a' : 'detail.kind_d'), 'badge-kind'), ' ', statusBadge(x.status)),
    h('h1', null, titleText(x)),
    otherTitle ? h('p', { class: 'subtitle', lang: other === 'zh' ? 'zh-CN' : 'en' }, otherTitle) : null,
    h('p', { class: 'card-tags' },
      isA ? trlBadge(x.trl) : (x.trl_min ? badge(t('trl.min', { n: x.trl_min }), 'badge-trl') : null),
      modesList(x.modes),
      h('span', { class: 'price' }, h('span', { class: 'label' }, t(isA ? 'item.price' : 'item.budget')), ' ',
        isA ? fmtMoney(x.price) : fmtBudget(x.budget_min, x.budget_max))),
    ownerActions(ctx, x, isA),
    // Issue #18: a one-page sheet of the listing (print stylesheet in app.css)
    h('p', { class: 'print-row actions-row' }, h('button', { type: 'button', class: 'btn', id: 'print-btn', onclick: () => window.print() }, t('detail.print')),
      saveButton(isA, x.id)));

  const textBase = isA ? 'abstract' : 'desc';
  const body = pick(x, textBase);
  const bodyOther = x[`${textBase}_${other}`];
  const main = h('div', null,
    h('section', { class: 'panel', 'aria-labelledby': 'h-abstract' },
      h('h2', { id: 'h-abstract' }, t(isA ? 'item.abstract' : 'item.description')),
      body ? h('p', { class: 'text-block', lang: x[`${textBase}_${getLang()}`] ? null : (other === 'zh' ? 'zh-CN' : 'en') }, body) : empty(t('detail.no_text')),
      bodyOther && bodyOther !== body ? h('details', null, h('summary', null, t('detail.other_lang')),
        h('p', { class: 'text-block', lang: other === 'zh' ? 'zh-CN' : 'en' }, bodyOther)) : null),
    x.review_note ? h('section', { class: 'panel' }, h('h2', null, t('item.review_note')), h('p', { class: 'note' }, x.review_note)) : null);

  const facts = isA ? [
    [t('item.reg_no'), x.reg_no],
    [t('item.field'), term('field', x.field)],
    [t('item.trl'), x.trl ? t('trl.long', { n: x.trl }) : ''],
    [t('item.modes'), modesList(x.modes)],
    [t('item.price'), fmtMoney(x.price)],
    [t('item.ip_status'), term('ip', x.ip_status)],
    [t('item.attribute'), term('attribute', x.attribute)],
    [t('item.patents'), x.patents?.length ? x.patents.join(', ') : ''],
    [t('item.keywords'), keywordList(x.keywords)],
    [t('item.published_at'), fmtDate(x.published_at)],
    [t('item.updated_at'), fmtDate(x.updated_at)],
  ] : [
    [t('item.field'), term('field', x.field)],
    [t('item.trl_min'), x.trl_min ? t('trl.long', { n: x.trl_min }) : t('search.any')],
    [t('item.modes'), x.modes?.length ? modesList(x.modes) : t('search.any')],
    [t('item.budget'), fmtBudget(x.budget_min, x.budget_max)],
    [t('item.deadline'), fmtDate(x.deadline)],
    [t('item.region'), regionText(x.region, m.cities)],
    [t('item.keywords'), keywordList(x.keywords)],
    [t('item.published_at'), fmtDate(x.published_at)],
    [t('item.updated_at'), fmtDate(x.updated_at)],
  ];
  const side = h('div', null,
    h('section', { class: 'panel', 'aria-labelledby': 'h-facts' }, h('h2', { id: 'h-facts' }, t('detail.facts')), defList(facts)),
    h('section', { class: 'panel', 'aria-labelledby': 'h-owner' }, h('h2', { id: 'h-owner' }, t(isA ? 'item.owner' : 'item.org')),
      defList([
        [t('item.org_name'), orgLabel(owner)],
        [t('item.city'), cityName(owner)],
        [t('item.contact'), x.contact?.name],
        [t('item.email'), x.contact?.email ? h('a', { href: `mailto:${x.contact.email}` }, x.contact.email) : ''],
        [t('item.phone'), x.contact?.phone ? h('a', { href: `tel:${x.contact.phone}` }, x.contact.phone) : ''],
      ]),
      x.contact?.email || x.contact?.phone ? null : h('p', { class: 'hint contact-hidden' }, t('contact.hidden'))),
    contactPanel(x, isA),
    attachmentsPanel(isA ? 'achievements' : 'demands', x.id, isA ? x.owner_org_id : x.org_id));

  const matchesBox = h('div', { id: 'matches-body', 'aria-live': 'polite' }, loading(t('match.loading')));
  // Three grid areas: on a phone the key facts and the contact come right
  // after the text, before the (long) list of matches; on a wide screen they
  // sit in the right column beside both.
  const matches = h('section', { class: 'panel matches-panel', id: 'matches', 'aria-labelledby': 'h-matches' },
    h('h2', { id: 'h-matches' }, t(isA ? 'match.title_a' : 'match.title_d')),
    h('p', { class: 'hint' }, t(isA ? 'match.hint_a' : 'match.hint_d')), matchesBox);
  main.classList.add('detail-main');
  side.classList.add('detail-side');
  matches.classList.add('detail-matches');
  const saved = ctx.query.get('saved');
  const notice = saved === 'submitted' || saved === 'saved' || saved === 'revision'
    ? h('div', { class: 'state state-ok', role: 'status', id: 'saved-notice' }, t(`publish.${saved}`)) : null;
  const foot = h('p', { class: 'print-sheet-foot' }, t('detail.print_foot', { url: location.origin + location.pathname, d: fmtDate(new Date().toISOString()) }));
  append(ctx.main, [notice, head, h('div', { class: 'detail-grid' }, main, side, matches), foot]);

  loadMatches(ctx, base, x.id, isA, matchesBox, x);
}

// A demand's region is stored in Chinese (沈阳); English shows the city's
// English name from /api/meta, or the stored text marked as Chinese.
function regionText(region, cities) {
  if (!region) return '';
  if (getLang() !== 'en') return region;
  const c = (cities || []).find((ct) => ct.zh === region);
  return c ? c.en : h('span', { lang: 'zh-CN' }, region);
}

function keywordList(k) {
  if (!k || !k.length) return '';
  // Keywords are data, often Chinese only: marked lang="zh-CN" on the English page.
  const zh = (w) => getLang() === 'en' && /[\u3400-\u9fff]/.test(w);
  return h('ul', { class: 'keywords' }, k.map((w) => { const b = badge(w); if (zh(w)) b.lang = 'zh-CN'; return h('li', null, b); }));
}

// Edit / submit / withdraw for the owner (without accounts the server is open).
function ownerActions(ctx, x, isA) {
  const base = isA ? '/api/achievements' : '/api/demands';
  const path = isA ? 'achievements' : 'demands';
  const msg = h('p', { class: 'action-msg', role: 'status' });
  const act = (action, label, cls) => h('button', { type: 'button', class: `btn ${cls || ''}`, dataset: { action },
    onclick: async (ev) => {
      ev.currentTarget.disabled = true;
      try {
        await api.post(`${base}/${x.id}/${action}`);
        ctx.navigate(location.pathname, { replace: true });
      } catch (e) {
        ev.currentTarget.disabled = false;
        msg.replaceChildren(errorBox(e));
      }
    } }, label);
  const btns = [];
  const kind = isA ? 'achievement' : 'demand';
  const org = isA ? x.owner_org_id : x.org_id;
  const may = (action) => can(kind, action, org); // only what this role may do here
  if (may('update') && (['draft', 'submitted', 'published'].includes(x.status) || (!isA && x.status !== 'closed' && x.status !== 'withdrawn')))
    btns.push(h('a', { class: 'btn', href: `/${path}/${x.id}/edit` }, t('action.edit')));
  if (may('update') && x.status === 'draft') btns.push(act('submit', t('action.submit'), 'btn-primary'));
  if (may('withdraw') && (x.status === 'published' || x.status === 'submitted')) btns.push(act('withdraw', t('action.withdraw'), 'btn-danger'));
  if (!isA && may('close') && x.status === 'published') btns.push(act('close', t('action.close')));
  if (!btns.length) return null;
  return h('div', { class: 'actions-row owner-actions' }, btns, msg);
}

const FACTORS = ['same_field', 'trl_fit', 'mode_overlap', 'budget_fit', 'same_city', 'same_province'];

// The engine names matched words {name, kind: "term"} (the listing's own words,
// e.g. "预测性维护", "compensation") and structured evidence {name: "same_field",
// kind: "factor"}. Words are summed into one "matching keywords" row that lists
// the strongest few; each structured factor gets its own row. Weights add up to
// the score, so a row's share is exact.
const isTerm = (f) => f.kind === 'term' || (!f.kind && !FACTORS.includes(f.name) && !has(`factor.${f.name}`));
function factorRows(factors) {
  const terms = factors.filter(isTerm).sort((a, b) => b.weight - a.weight);
  const rows = factors.filter((f) => !isTerm(f)).map((f) => ({ label: t(`factor.${f.name}`), weight: Number(f.weight) }));
  if (terms.length) {
    rows.push({
      label: t('factor.terms'), weight: terms.reduce((a, f) => a + Number(f.weight), 0),
      detail: terms.slice(0, 8).map((f) => f.name).join(' · ') + (terms.length > 8 ? ' …' : ''),
    });
  }
  return rows.filter((r) => r.weight > 0).sort((a, b) => b.weight - a.weight);
}

// "我要对接": a logged-in user of another organisation asks to be put in touch;
// the owner gets the message and a docking case opens (docs/docking.md).
function contactPanel(x, isA) {
  const st = authState();
  const owner = isA ? x.owner_org_id : x.org_id;
  if (!st.user || canManage(owner) || st.user.role === 'admin') return null;
  const msg = h('div', { class: 'item-msg', role: 'status' });
  const text = h('textarea', { name: 'message', id: 'contact-message', rows: '3', maxlength: '2000', required: true });
  const form = h('form', { class: 'contact-form', novalidate: true },
    h('label', { for: 'contact-message' }, t('contact.message')), text,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'contact-send' }, t('contact.send'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api.post('/api/contacts', { kind: isA ? 'achievement' : 'demand', listing_id: x.id, message: text.value });
      form.replaceWith(h('p', { class: 'state state-ok', id: 'contact-sent' }, t('contact.sent')));
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  });
  return h('section', { class: 'panel contact-panel', 'aria-labelledby': 'h-contact' }, h('h2', { id: 'h-contact' }, t('contact.title')),
    h('p', { class: 'hint' }, t('contact.hint')), form, msg);
}

const FB_REASONS = ['too_early', 'benefit_unclear', 'route_unclear', 'too_vague', 'price', 'location', 'already_solved', 'other'];

// Under each match: the receiving side (the viewed listing's organisation, or
// a broker it consented to) marks it interested / not interested with a
// reason; a broker opens a docking case from it.
function matchActions(item, other, isA) {
  const st = authState();
  if (!item || !st.user) return null;
  const owner = isA ? item.owner_org_id : item.org_id;
  const pair = isA ? { achievement_id: item.id, demand_id: other.id } : { achievement_id: other.id, demand_id: item.id };
  const msg = h('div', { class: 'item-msg', role: 'status' });
  const row = h('div', { class: 'actions-row match-actions' });
  if (canManage(owner) && st.user.role !== 'admin') {
    const reason = h('select', { name: 'reason', class: 'fb-reason', 'aria-label': t('fb.reason') },
      FB_REASONS.map((r) => h('option', { value: r }, t(`fb.reason_${r}`))));
    const send = async (verdict, li) => {
      try {
        await api.put('/api/feedback', { ...pair, party_org_id: owner, verdict, ...(verdict === 'not_interested' ? { reason: reason.value, ...(reason.value === 'other' ? { note: window.prompt(t('fb.note')) || '' } : {}) } : {}) });
        if (verdict === 'not_interested') li.closest('.match')?.remove();
        else msg.replaceChildren(h('span', { class: 'state-ok' }, t('fb.thanks')));
      } catch (e) { msg.replaceChildren(errorBox(e)); }
    };
    const yes = h('button', { type: 'button', class: 'btn fb-yes', onclick: () => send('interested', yes) }, t('fb.interested'));
    const no = h('button', { type: 'button', class: 'btn fb-no', onclick: () => send('not_interested', no) }, t('fb.not_interested'));
    row.append(yes, reason, no);
  }
  if (st.user.role === 'broker') {
    const open = h('button', { type: 'button', class: 'btn btn-primary open-case', onclick: async () => {
      try {
        const k = await api.post('/api/cases', { ...pair, origin: 'match' });
        location.assign(`/cases/${k.id}`);
      } catch (e) { msg.replaceChildren(errorBox(e)); }
    } }, t('case.open_from_match'));
    row.append(open);
  }
  return row.childNodes.length ? h('div', null, row, msg) : null;
}

// The asker's conditions, satisfied ones and unsatisfied ones in two lists
// (mode mismatch, price over budget, TRL below the minimum...).
function conditionList(conds) {
  if (!conds.length) return null;
  const met = conds.filter((c) => c.met === true), unmet = conds.filter((c) => c.met === false),
    unknown = conds.filter((c) => c.met === null);
  const ul = (cls, label, list) => list.length ? h('div', { class: `conds ${cls}` }, h('span', { class: 'conds-label' }, label),
    h('ul', null, list.map((c) => h('li', { class: 'cond', dataset: { code: c.code } }, t(`cond.${c.code}`))))) : null;
  return h('div', { class: 'conditions' }, ul('conds-met', t('cond.met'), met), ul('conds-unmet', t('cond.unmet'), unmet),
    ul('conds-unknown', t('cond.unknown'), unknown));
}

function scoreText(s) {
  if (s === null || s === undefined) return '';
  const n = Number(s);
  return n <= 1 ? new Intl.NumberFormat(getLang() === 'zh' ? 'zh-CN' : 'en', { style: 'percent', maximumFractionDigits: 0 }).format(n)
    : fmtNumber(Math.round(n * 10) / 10); // raw ranking score (BM25F + evidence)
}

async function loadMatches(ctx, base, id, isA, box, item) {
  let r;
  try {
    r = await api.get(`${base}/${id}/matches`, { limit: 10 }, { signal: ctx.signal });
  } catch (e) {
    if (e.name === 'AbortError') return;
    if (e instanceof ApiError && (e.status === 404 || e.status === 501 || e.status === 405)) {
      box.replaceChildren(h('p', { class: 'state state-empty match-unavailable' }, t('match.unavailable')));
    } else {
      box.replaceChildren(errorBox(e, () => { box.replaceChildren(loading(t('match.loading'))); loadMatches(ctx, base, id, isA, box, item); }));
    }
    return;
  }
  const items = r?.items || [];
  if (!items.length) { box.replaceChildren(empty(t('match.none'))); return; }
  box.replaceChildren(h('ol', { class: 'matches' }, items.map((m, idx) => {
    const other = isA ? (m.demand || m.item) : (m.achievement || m.item);
    if (!other) return null;
    const href = isA ? `/demands/${other.id}` : `/achievements/${other.id}`;
    const rows = factorRows(m.factors || []);
    const max = Math.max(...rows.map((r) => r.weight), 0) || 1;
    const sum = rows.reduce((a, r) => a + r.weight, 0) || 1;
    const pct = new Intl.NumberFormat(getLang() === 'zh' ? 'zh-CN' : 'en', { style: 'percent', maximumFractionDigits: 0 });
    return h('li', { class: 'match', dataset: { id: other.id } },
      h('div', { class: 'match-head' },
        h('h3', { class: 'card-title' }, h('a', { href }, titleText(other))),
        h('span', { class: 'match-score', title: t('match.score_raw', { s: scoreText(m.score) }) },
          m.strength !== undefined ? t('match.strength_short', { s: String(m.strength) }) : t('match.score_short', { s: scoreText(m.score) }))),
      h('p', { class: 'card-meta' }, orgLabel(other.owner || other.org), h('span', null, cityName(other.owner || other.org)),
        other.field ? h('span', null, term('field', other.field)) : null),
      rows.length ? h('details', { class: 'why', open: idx < 3 }, // the first few open; the rest one click away
        h('summary', null, t('match.why')),
        h('ul', { class: 'factors', 'aria-label': t('match.why') }, rows.map((r) => h('li', { class: 'factor' },
          h('span', { class: 'factor-name' }, r.label, r.detail ? h('span', { class: 'factor-detail', lang: getLang() === 'en' && /[\u3400-\u9fff]/.test(r.detail) ? 'zh-CN' : null }, r.detail) : null),
          h('meter', { min: '0', max: String(max), value: String(r.weight), 'aria-label': r.label }),
          h('span', { class: 'factor-val' }, pct.format(r.weight / sum)))))) : null,
      conditionList(m.conditions || []), matchActions(item, other, isA));
  })));
}

// Issue #18: save the listing to the user's favourites (logged-in users).
function saveButton(isA, id) {
  if (!authState().user) return null;
  const btn = h('button', { type: 'button', class: 'btn', id: 'save-btn', 'aria-pressed': 'false', onclick: async () => {
    btn.disabled = true;
    try {
      await api.post('/api/favourites', { kind: isA ? 'achievement' : 'demand', item_id: id });
      btn.textContent = t('fav.saved');
      btn.setAttribute('aria-pressed', 'true');
    } catch (e) {
      btn.disabled = false;
      btn.textContent = t('fav.save_failed');
    }
  } }, t('fav.save'));
  return btn;
}
