// brokers.js - /brokers: the public broker directory (docs/docking.md),
// searched by field of expertise and region; each broker with grade
// (T/CASTEM 1007-2022), institution, fields, regions and certification.
import { h, append } from '../dom.js';
import { t, term } from '../i18n.js';
import { api } from '../api.js';
import { control } from '../form.js';
import { badge, empty, errorBox } from '../ui.js';
import { authState } from '../auth.js';

// The docking section's own tabs: brokers, (logged in) cases, events.
export function dockingTabs(current) {
  const tabs = [['/brokers', 'docking.tab_brokers'], ...(authState().user ? [['/cases', 'docking.tab_cases']] : []), ['/events', 'docking.tab_events']];
  return h('nav', { class: 'tabs docking-tabs', 'aria-label': t('nav.docking') }, tabs.map(([href, key]) =>
    h('a', { href, class: href === current ? 'tab active' : 'tab', 'aria-current': href === current ? 'page' : null }, t(key))));
}

export default async function render(ctx) {
  ctx.setTitle(t('brokers.title'));
  const q = { field: ctx.query.get('field') || '', region: ctx.query.get('region') || '', grade: ctx.query.get('grade') || '' };
  const form = h('form', { novalidate: true, class: 'search-form', id: 'broker-search' }, h('div', { class: 'form-grid' },
    control({ name: 'field', label: t('brokers.field'), value: q.field }),
    control({ name: 'region', label: t('brokers.region'), value: q.region }),
    control({ name: 'grade', label: t('brokers.grade'), type: 'select', value: q.grade,
      options: [['', t('search.any')], ...['senior', 'middle', 'junior'].map((g) => [g, t(`brokers.grade_${g}`)])] })),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('brokers.search'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const k of ['field', 'region', 'grade']) if (form.elements[k].value.trim()) p.set(k, form.elements[k].value.trim());
    ctx.navigate(`/brokers${p.toString() ? `?${p}` : ''}`);
  });
  const list = h('div', { id: 'broker-list', 'aria-live': 'polite' });
  append(ctx.main, [dockingTabs('/brokers'), h('h1', null, t('brokers.title')), h('p', { class: 'hint' }, t('brokers.hint')), form, list]);
  let r;
  try {
    r = await api.get('/api/brokers', { ...Object.fromEntries(Object.entries(q).filter(([, v]) => v)), limit: 50 }, { signal: ctx.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    list.replaceChildren(errorBox(e)); return;
  }
  if (!r.items.length) { list.replaceChildren(empty(t('brokers.none'))); return; }
  list.replaceChildren(h('p', { class: 'hint' }, t('brokers.total', { n: String(r.total) })),
    h('ul', { class: 'cards broker-cards' }, r.items.map((b) => h('li', { class: 'card broker', dataset: { id: b.user_id } },
      h('h3', { class: 'card-title' }, b.name, ' ', badge(t(`brokers.grade_${b.grade}`), `grade-${b.grade}`)),
      h('p', { class: 'card-meta' }, h('span', null, b.institution || ''),
        b.cert_expiry ? h('span', null, t('brokers.cert_until', { d: b.cert_expiry })) : null),
      h('p', { class: 'card-tags' }, b.fields.map((f) => badge(term('field', f))), b.regions.map((g) => badge(g, 'region')))))));
}
