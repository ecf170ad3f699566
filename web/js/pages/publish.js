// publish.js - /publish?type=achievement|demand (new) and
// /achievements/:id/edit, /demands/:id/edit: one form per kind. Amounts are
// entered in 万元 / 10k yuan and sent in yuan. "Save draft" creates (status
// draft) or PATCHes; "Submit for review" also moves a draft to submitted.
// An edit of a published item is answered 202 as a pending revision.
// A 400 answer puts its message under the field it names (js/form.js).
import { h, append } from '../dom.js';
import { t, term, getLang } from '../i18n.js';
import { api, meta, ApiError, forgetOrgNames } from '../api.js';
import { authState, currentOrgId, rememberOrg, can } from '../auth.js';
import { control, clearErrors, showError, values } from '../form.js';
import { errorBox } from '../ui.js';

const toWan = (y) => (y === null || y === undefined || y === 'negotiable' || y === '' ? '' : String(Number(y) / 10000));
const toYuan = (w) => (String(w).trim() === '' ? null : Math.round(Number(w) * 10000));
const list = (s) => String(s || '').split(/[,，;；、\n]+/).map((x) => x.trim()).filter(Boolean);

export default async function render(ctx) {
  const editing = !!ctx.params.id;
  const kind = ctx.kind || (ctx.query.get('type') === 'demand' ? 'demand' : 'achievement');
  const isA = kind === 'achievement';
  const base = isA ? '/api/achievements' : '/api/demands';
  ctx.setTitle(t(editing ? (isA ? 'publish.edit_a' : 'publish.edit_d') : (isA ? 'publish.new_a' : 'publish.new_d')));

  const auth = authState();
  if (auth.available && !auth.user) {
    ctx.main.append(h('h1', null, t('nav.publish')), h('div', { class: 'state' }, h('p', null, t('publish.login_first')),
      h('a', { class: 'btn btn-primary', href: `/login?next=${encodeURIComponent(location.pathname + location.search)}` }, t('auth.login'))));
    return;
  }

  let x = {}, m, orgs;
  try {
    const jobs = [meta(), api.get('/api/orgs', { limit: 500 }, { signal: ctx.signal })];
    if (editing) jobs.push(api.get(`${base}/${ctx.params.id}`, null, { signal: ctx.signal }));
    [m, orgs, x = {}] = await Promise.all(jobs);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, t('nav.publish')), errorBox(e, () => ctx.navigate(location.pathname + location.search)));
    return;
  }

  // Only those who may edit (or create) get the form; a reviewer opening the
  // edit URL of another organisation's item reads why instead of a form the
  // server would refuse.
  const owner = editing ? x[isA ? 'owner_org_id' : 'org_id'] : undefined;
  if (auth.user && !can(kind, editing ? 'update' : 'create', owner)) {
    ctx.main.append(h('h1', null, t(editing ? (isA ? 'publish.edit_a' : 'publish.edit_d') : 'nav.publish')),
      h('div', { class: 'state state-error', role: 'alert', id: 'no-permission' }, h('p', null, t(editing ? 'publish.not_yours' : 'publish.cannot_create')),
        editing ? h('a', { href: `/${isA ? 'achievements' : 'demands'}/${x.id}` }, t('publish.view_item')) : null));
    return;
  }

  const heading = h('h1', null, t(editing ? (isA ? 'publish.edit_a' : 'publish.edit_d') : (isA ? 'publish.new_a' : 'publish.new_d')));
  const kindTabs = editing ? null : h('nav', { class: 'tabs', 'aria-label': t('publish.kind') },
    h('a', { class: 'tab', href: '/publish', 'aria-current': (isA) ? 'page' : null, id: 'tab-pub-a' }, t('publish.tab_a')),
    h('a', { class: 'tab', href: '/publish?type=demand', 'aria-current': (!isA) ? 'page' : null, id: 'tab-pub-d' }, t('publish.tab_d')));

  const orgItems = [...orgs.items].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const orgLabel = (o) => (getLang() === 'en' && o.name_en ? o.name_en : o.name);
  const myOrg = auth.user ? currentOrgId() : null;
  const ownerVal = x[isA ? 'owner_org_id' : 'org_id'] || myOrg || currentOrgId() || '';
  const lockOrg = auth.available && auth.user && myOrg && !['admin', 'reviewer'].includes(auth.user.role);
  const orgCtl = control({ name: isA ? 'owner_org_id' : 'org_id', type: 'select', required: true, value: ownerVal,
    label: t(isA ? 'publish.owner' : 'publish.org'),
    options: [['', t('publish.choose_org')], ...orgItems.map((o) => [String(o.id), `${orgLabel(o)} · ${term('orgkind', o.kind)}`])],
    attrs: lockOrg ? { disabled: true } : {} });
  const fieldsList = h('datalist', { id: 'field-options' }, Object.keys(FIELDS_HINT).map((f) => h('option', { value: f }, term('field', f))));
  const modeOpts = m.modes.map((v) => [v, term('mode', v)]);
  const c = x.contact || {};

  const sections = isA ? [
    fieldset(t('publish.sec_basic'),
      control({ name: 'title_zh', label: t('publish.title_zh'), value: x.title_zh, required: true, hint: t('publish.title_hint'), span2: true }),
      control({ name: 'title_en', label: t('publish.title_en'), value: x.title_en, span2: true, attrs: { lang: 'en' } }),
      control({ name: 'abstract_zh', label: t('publish.abstract_zh'), type: 'textarea', value: x.abstract_zh, span2: true }),
      control({ name: 'abstract_en', label: t('publish.abstract_en'), type: 'textarea', value: x.abstract_en, span2: true, attrs: { lang: 'en' } }),
      control({ name: 'keywords', label: t('item.keywords'), value: (x.keywords || []).join('，'), hint: t('publish.keywords_hint') }),
      control({ name: 'field', label: t('item.field'), value: x.field, attrs: { list: 'field-options', autocomplete: 'off' } }),
      fieldsList,
      orgCtl,
      control({ name: 'reg_no', label: t('item.reg_no'), value: x.reg_no, hint: t('publish.reg_no_hint'), attrs: { inputmode: 'numeric' } })),
    fieldset(t('publish.sec_deal'),
      control({ name: 'trl', label: t('item.trl'), type: 'select', value: x.trl || '', required: true,
        options: [['', t('publish.choose')], ...Array.from({ length: 9 }, (_, i) => [String(i + 1), `${i + 1} · ${t(`trl.level${i + 1}`)}`])] }),
      control({ name: 'ip_status', label: t('item.ip_status'), type: 'select', value: x.ip_status || 'none',
        options: (m.ip_statuses || ['none', 'pending', 'granted']).map((v) => [v, term('ip', v)]) }),
      control({ name: 'attribute', label: t('item.attribute'), type: 'select', value: x.attribute || '',
        options: [['', t('publish.choose')], ...(m.attributes || []).map((v) => [v, term('attribute', v)])] }),
      control({ name: 'patents', label: t('item.patents'), value: (x.patents || []).join(', '), hint: t('publish.patents_hint') }),
      control({ name: 'modes', label: t('item.modes'), type: 'checks', value: x.modes || [], options: modeOpts, required: true }),
      control({ name: 'price', label: t('publish.price'), type: 'number', value: toWan(x.price), hint: t('publish.price_hint'),
        attrs: { min: '0', step: 'any', inputmode: 'decimal', disabled: !editing || x.price === 'negotiable' } }),
      h('div', { class: 'form-field' }, h('label', { class: 'inline-check', for: 'negotiable' },
        h('input', { type: 'checkbox', id: 'negotiable', name: 'negotiable', checked: !editing || x.price === 'negotiable',
          onchange: (ev) => { ev.target.form.elements.price.disabled = ev.target.checked; } }), t('publish.negotiable')))),
    contactSet(c),
  ] : [
    fieldset(t('publish.sec_basic'),
      control({ name: 'title_zh', label: t('publish.title_zh'), value: x.title_zh, required: true, hint: t('publish.title_hint'), span2: true }),
      control({ name: 'title_en', label: t('publish.title_en'), value: x.title_en, span2: true, attrs: { lang: 'en' } }),
      control({ name: 'desc_zh', label: t('publish.desc_zh'), type: 'textarea', value: x.desc_zh, required: true, span2: true }),
      control({ name: 'desc_en', label: t('publish.desc_en'), type: 'textarea', value: x.desc_en, span2: true, attrs: { lang: 'en' } }),
      control({ name: 'keywords', label: t('item.keywords'), value: (x.keywords || []).join('，'), hint: t('publish.keywords_hint') }),
      control({ name: 'field', label: t('item.field'), value: x.field, attrs: { list: 'field-options', autocomplete: 'off' } }),
      fieldsList,
      orgCtl,
      control({ name: 'region', label: t('item.region'), type: 'select', value: x.region || '',
        options: [['', t('publish.region_default')], ...m.cities.map((ct) => [ct.zh, getLang() === 'en' ? ct.en : ct.zh])] })),
    fieldset(t('publish.sec_deal'),
      control({ name: 'budget_min', label: t('search.budget_min'), type: 'number', value: toWan(x.budget_min), attrs: { min: '0', step: 'any', inputmode: 'decimal' } }),
      control({ name: 'budget_max', label: t('search.budget_max'), type: 'number', value: toWan(x.budget_max), attrs: { min: '0', step: 'any', inputmode: 'decimal' } }),
      control({ name: 'deadline', label: t('item.deadline'), type: 'date', value: x.deadline, attrs: { min: new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10) } }),
      control({ name: 'trl_min', label: t('item.trl_min'), type: 'select', value: x.trl_min || '0',
        options: [['0', t('search.any')], ...Array.from({ length: 9 }, (_, i) => [String(i + 1), `${i + 1} · ${t(`trl.level${i + 1}`)}`])] }),
      control({ name: 'modes', label: t('publish.modes_ok'), type: 'checks', value: x.modes || [], options: modeOpts, hint: t('publish.modes_any'), span2: true })),
    contactSet(c),
  ];

  const submitMode = { value: 'draft' };
  const checklist = liveChecklist(base);
  const form = h('form', { class: 'pub-form', novalidate: true, 'aria-labelledby': 'pub-h', onsubmit: (ev) => {
    ev.preventDefault();
    save(ctx, form, { isA, base, editing, x, submit: ev.submitter?.value || submitMode.value, lockOrg, ownerVal });
  } },
  h('div', { class: 'form-error', 'aria-live': 'assertive' }),
  sections,
  checklist.el,
  h('div', { class: 'form-actions' },
    h('button', { type: 'submit', class: 'btn', name: 'do', value: 'draft', id: 'btn-draft' }, t(editing ? 'publish.save' : 'publish.save_draft')),
    (!editing || x.status === 'draft') ? h('button', { type: 'submit', class: 'btn btn-primary', name: 'do', value: 'submit', id: 'btn-submit' }, t('publish.submit')) : null,
    h('a', { class: 'btn', href: editing ? `/${isA ? 'achievements' : 'demands'}/${x.id}` : '/' }, t('action.cancel'))));
  // Issue #16: the checklist follows the author's typing (debounced), so a
  // vague listing is completed before submit, not refused by it.
  const opts = { isA, editing, lockOrg, ownerVal };
  const refresh = () => checklist.schedule(() => bodyFrom(form, opts));
  form.addEventListener('input', refresh);
  form.addEventListener('change', refresh);
  checklist.now(bodyFrom(form, opts));
  heading.id = 'pub-h';
  append(ctx.main, [heading, kindTabs, editing ? h('p', null, t('publish.status_now'), ' ', term('status', x.status)) : null,
    editing && x.review_note ? h('p', { class: 'note' }, t('item.review_note'), ': ', x.review_note) : null,
    h('p', { class: 'hint' }, t('publish.required_note')), form]);
}

// The live quality checklist (issue #16): POST {base}/quality scores the
// unsaved form (nothing is stored); each item is shown met or missing in the
// page's language. Typing restarts a 400 ms timer, so a burst of keystrokes
// costs one request; an answer older than the latest request is dropped.
const DEBOUNCE_MS = 400;
function liveChecklist(base) {
  const score = h('p', { class: 'qc-score', id: 'qc-score' });
  const items = h('ul', { class: 'qc-items', id: 'qc-items' });
  const el = h('section', { class: 'quality-checklist', id: 'quality-checklist', 'aria-labelledby': 'qc-h', 'aria-live': 'polite' },
    h('h2', { id: 'qc-h' }, t('publish.checklist')), score, items);
  let timer = null, seq = 0;
  const show = (q) => {
    el.dataset.ready = q.ready ? 'true' : 'false';
    el.dataset.score = String(q.score);
    score.replaceChildren(h('strong', null, t('publish.checklist_score', { score: q.score, threshold: q.threshold })), ' ',
      h('span', { class: q.ready ? 'qc-ready' : 'qc-not-ready', id: 'qc-state' }, t(q.ready ? 'publish.checklist_ready' : 'publish.checklist_not_ready')));
    const zh = getLang() === 'zh';
    items.replaceChildren(...q.items.map((it) => h('li', { class: it.ok ? 'qc-ok' : 'qc-missing', dataset: { code: it.code, qcField: it.field } },
      h('span', { class: 'qc-mark', 'aria-hidden': 'true' }, it.ok ? '✓' : '✗'), ' ',
      h('span', { class: 'visually-hidden' }, t(it.ok ? 'publish.checklist_met' : 'publish.checklist_missing')),
      zh ? it.zh : it.en)));
  };
  const now = async (body) => {
    const mine = ++seq;
    try {
      const q = await api.post(`${base}/quality`, body);
      if (mine === seq) show(q);
    } catch { /* a half-typed value the server cannot read yet: keep the last checklist */ }
  };
  return { el, now, schedule: (get) => { clearTimeout(timer); timer = setTimeout(() => now(get()), DEBOUNCE_MS); } };
}

// Known fields for the datalist (values stay Chinese: they are data, shown translated).
const FIELDS_HINT = { 化工: 1, 新材料: 1, 智能制造: 1, 高端装备: 1, 新能源: 1, 节能环保: 1, 生物医药: 1, 医疗器械: 1, 电子信息: 1, 集成电路: 1, 人工智能: 1, 石油化工: 1, 精细化工: 1, 冶金: 1, 现代农业: 1, 海洋工程: 1, 航空航天: 1, 新能源汽车: 1, 机器人: 1 };

function fieldset(legend, ...children) {
  return h('fieldset', null, h('legend', null, legend), h('div', { class: 'form-grid' }, children));
}
function contactSet(c) {
  return fieldset(t('publish.sec_contact'),
    control({ name: 'contact.name', label: t('item.contact'), value: c.name, attrs: { autocomplete: 'name' } }),
    control({ name: 'contact.email', label: t('item.email'), type: 'email', value: c.email, attrs: { autocomplete: 'email' } }),
    control({ name: 'contact.phone', label: t('item.phone'), type: 'tel', value: c.phone, attrs: { autocomplete: 'tel' } }));
}

function bodyFrom(form, { isA, editing, lockOrg, ownerVal }) {
  const el = form.elements;
  const str = (n) => { const v = el[n]?.value?.trim(); return v ? v : null; };
  const b = {
    title_zh: str('title_zh'), title_en: str('title_en'),
    keywords: list(el.keywords.value), field: str('field'),
    contact: { name: str('contact.name'), email: str('contact.email'), phone: str('contact.phone') },
  };
  const orgKey = isA ? 'owner_org_id' : 'org_id';
  const org = lockOrg ? ownerVal : el[orgKey].value;
  if (org) b[orgKey] = Number(org);
  if (isA) {
    Object.assign(b, {
      abstract_zh: str('abstract_zh'), abstract_en: str('abstract_en'), reg_no: str('reg_no'),
      ip_status: el.ip_status.value, patents: list(el.patents.value), modes: values(form, 'modes'),
      attribute: el.attribute.value || null,
    });
    if (el.trl.value) b.trl = Number(el.trl.value);
    const neg = el.negotiable.checked;
    b.price = neg ? 'negotiable' : (el.price.value.trim() === '' ? 'negotiable' : (Number.isFinite(Number(el.price.value)) ? toYuan(el.price.value) : el.price.value));
  } else {
    Object.assign(b, {
      desc_zh: str('desc_zh'), desc_en: str('desc_en'), deadline: str('deadline'), region: str('region'),
      trl_min: Number(el.trl_min.value || 0), modes: values(form, 'modes'),
    });
    for (const k of ['budget_min', 'budget_max']) if (el[k].value.trim() !== '') b[k] = toYuan(el[k].value);
  }
  if (!editing) for (const k of Object.keys(b)) if (b[k] === null) delete b[k];
  return b;
}

async function save(ctx, form, opts) {
  const { isA, base, editing, x, submit } = opts;
  clearErrors(form);
  const buttons = [...form.querySelectorAll('button[type="submit"]')];
  buttons.forEach((b) => { b.disabled = true; });
  const body = bodyFrom(form, opts);
  try {
    let r;
    let pending = false;
    if (editing) {
      r = await api.patch(`${base}/${x.id}`, body);
      // An edit of a published item waits for review (202 {revision}).
      if (r.revision) { pending = true; r = { ...r.revision.proposed, id: x.id }; }
      else if (submit === 'submit' && r.status === 'draft') r = await api.post(`${base}/${x.id}/submit`);
    } else {
      r = await api.post(base, { ...body, status: submit === 'submit' ? 'submitted' : 'draft' });
    }
    const org = r.owner_org_id || r.org_id;
    if (org) rememberOrg(org);
    forgetOrgNames();
    ctx.navigate(`/${isA ? 'achievements' : 'demands'}/${r.id}?saved=${pending ? 'revision' : submit === 'submit' ? 'submitted' : 'saved'}`);
  } catch (e) {
    buttons.forEach((b) => { b.disabled = false; });
    if (e instanceof ApiError) showError(form, e);
    else showError(form, new ApiError(0, e.message));
  }
}
