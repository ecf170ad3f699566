// instruments.js - /instruments: the shared-instrument catalogue (text,
// category, status and "KPI (>= 500,000 yuan)" filters, pagination) and the
// "what is free in this time range" search across all instruments
// (GET /api/instruments/free). Times are local (UTC+08:00).
import { h, append } from '../dom.js';
import { t, getLang, term } from '../i18n.js';
import { can } from '../auth.js';
import { api, loadOrgNames } from '../api.js';
import { control } from '../form.js';
import { badge, empty, errorBox, orgLabel, pager } from '../ui.js';
import { fmtMoney, fmtNumber } from '../format.js';

export const INSTR_CATEGORIES = ['电子显微镜', '波谱仪器', 'X射线仪器', '色谱质谱', '计算设备', '光学显微镜',
  '扫描探针显微镜', '光谱仪器', '生命科学仪器', '热分析仪器', '力学测试', '计量仪器', '物性测试', '无损检测',
  '电磁测量', '大型试验装置'];

export function instrName(x) {
  if (getLang() === 'en') return x.name_en || x.name_zh;
  return x.name_zh || x.name_en;
}
// The name as a node, marked lang="zh-CN" when English has only the Chinese.
export function instrTitle(x) {
  const zhOnly = getLang() === 'en' && !x.name_en && !!x.name_zh;
  return h('span', { lang: zhOnly ? 'zh-CN' : null }, instrName(x));
}
// Categories are stored in Chinese; the catalogues name them (instrcat.*).
export const catName = (c) => term('instrcat', c);

export function instrCard(x) {
  const fee = x.fee || {};
  return h('li', { class: 'card result', dataset: { id: x.id, kind: 'instrument' } },
    h('h3', { class: 'card-title' }, h('a', { href: `/instruments/${x.id}` }, instrTitle(x))),
    h('p', { class: 'card-meta' },
      orgLabel(x.org, { class: 'owner' }),
      x.category ? h('span', null, catName(x.category)) : null,
      x.manufacturer || x.model ? h('span', null, [x.manufacturer, x.model].filter(Boolean).join(' ')) : null),
    h('p', { class: 'card-tags' },
      badge(t(`instr.status_${x.status}`), `status-${x.status}`),
      x.kpi ? badge(t('instr.kpi'), 'badge-trl') : null,
      x.requires_approval ? badge(t('instr.needs_approval')) : null,
      x.training_required ? badge(t('instr.needs_training')) : null,
      h('span', { class: 'price' }, h('span', { class: 'label' }, t('instr.fee_from')), ' ',
        t(fee.unit === 'sample' ? 'instr.per_sample' : 'instr.per_hour', { v: fmtMoney(fee.internal) })),
      h('span', { class: 'price' }, h('span', { class: 'label' }, t('instr.value')), ' ', fmtMoney(x.value))));
}

export default async function render(ctx) {
  ctx.setTitle(t('instr.title'));
  const q = ctx.query;
  const limit = 20, offset = Number(q.get('offset')) || 0;
  const free = q.get('from') && q.get('to');
  const catOpts = [['', t('instr.any')], ...INSTR_CATEGORIES.map((c) => [c, catName(c)])];
  const form = h('form', { class: 'search-form', method: 'get', action: '/instruments', novalidate: true },
    h('div', { class: 'form-grid' },
      control({ name: 'q', label: t('instr.q'), value: q.get('q') || '' }),
      control({ name: 'category', label: t('instr.category'), type: 'select', value: q.get('category') || '', options: catOpts }),
      control({ name: 'from', label: t('instr.free_from'), type: 'datetime-local', value: q.get('from') || '', hint: t('instr.tz_hint') }),
      control({ name: 'to', label: t('instr.free_to'), type: 'datetime-local', value: q.get('to') || '' })),
    h('label', { class: 'inline-check' }, h('input', { type: 'checkbox', name: 'kpi', value: '1', checked: q.get('kpi') === '1' }), ' ', t('instr.kpi_only')),
    // Bookings and approvals only for roles that have them (a reviewer or a
    // broker has no approval queue; anonymous visitors have no bookings).
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('instr.search')),
      can('booking', 'read') ? h('a', { class: 'btn', href: '/instruments/bookings' }, t('instr.my_bookings')) : null,
      can('booking', 'approve') ? h('a', { class: 'btn', href: '/instruments/approvals' }, t('instr.approvals')) : null));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const u = new URLSearchParams();
    for (const k of ['q', 'category', 'from', 'to']) { const v = form.elements[k].value.trim(); if (v) u.set(k, v); }
    if (form.elements.kpi.checked) u.set('kpi', '1');
    ctx.navigate(`/instruments${u.toString() ? '?' + u : ''}`);
  });
  const box = h('div');
  append(ctx.main, [h('h1', null, t('instr.title')), h('p', { class: 'hint' }, t('instr.lead')), form, box]);
  try {
    await loadOrgNames();
    let r;
    if (free) {
      r = await api.get('/api/instruments/free', { from: q.get('from'), to: q.get('to'), category: q.get('category'), limit: 100 }, { signal: ctx.signal });
      box.append(h('p', { class: 'result-count', role: 'status' }, t('instr.free_count', { n: fmtNumber(r.count) })));
    } else {
      r = await api.get('/api/instruments', { q: q.get('q'), category: q.get('category'), kpi: q.get('kpi'), limit, offset }, { signal: ctx.signal });
      box.append(h('p', { class: 'result-count', role: 'status' }, t('instr.count', { n: fmtNumber(r.total) })));
    }
    if (!r.items.length) { box.append(empty()); return; }
    box.append(h('ol', { class: 'cards' }, r.items.map(instrCard)));
    if (!free) {
      box.append(pager(r.total, limit, offset, (off) => {
        const u = new URLSearchParams(q); u.set('offset', off); return `/instruments?${u}`;
      }) || '');
    }
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    box.replaceChildren(errorBox(e, () => ctx.navigate(location.pathname + location.search)));
  }
}
