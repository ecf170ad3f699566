// alliances.js - the alliance and service-agency registries of issue #15:
//   /alliances      industry-university-research alliances: filters (field,
//                   level, substantive in a year), the registry's totals
//                   (alliances, memberships, substantive), the list;
//   /alliances/:id  one alliance: lead, members with their roles, activities;
//   /agencies       service agencies: counts by service (each a link that
//                   filters the list: drill-down to the records), filters
//                   (service, district, recognised by year), the list with
//                   the number of enterprises served;
//   /agencies/:id   one agency: services, regions served, and the
//                   enterprises it served (from docking cases and contracts).
// Public pages; no innerHTML (strict CSP).
import { h, append } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { api } from '../api.js';
import { control } from '../form.js';
import { badge, empty, errorBox, pager } from '../ui.js';
import { fmtNumber } from '../format.js';

const LEVELS = ['national', 'provincial', 'city'];
const en = () => getLang() === 'en';
const nameOf = (x) => (en() ? (x.name_en || x.name) : x.name);
const langOf = (x) => (en() && !x.name_en ? 'zh-CN' : null);

function filterForm(ctx, path, fields) {
  const form = h('form', { class: 'search-form', id: 'registry-filters', method: 'get', action: path, novalidate: true },
    h('div', { class: 'form-grid' }, fields.map((f) => control(f))),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('plat.search'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const u = new URLSearchParams();
    for (const f of fields) { const v = form.elements[f.name].value.trim(); if (v) u.set(f.name, v); }
    ctx.navigate(`${path}${u.toString() ? '?' + u : ''}`);
  });
  return form;
}

async function alliances(ctx) {
  ctx.setTitle(t('ally.title'));
  const q = ctx.query;
  const limit = 20, offset = Number(q.get('offset')) || 0;
  const year = Number(q.get('year')) || new Date().getFullYear() - 3;
  const params = { year };
  for (const k of ['field', 'level', 'substantive', 'city', 'q']) if (q.get(k)) params[k] = q.get(k);
  const form = filterForm(ctx, '/alliances', [
    { name: 'q', label: t('ally.q'), value: q.get('q') || '' },
    { name: 'level', label: t('plat.level'), type: 'select', value: q.get('level') || '',
      options: [['', t('plat.any')], ...LEVELS.map((l) => [l, t(`plat.level_${l}`)])] },
    { name: 'year', label: t('ally.year'), type: 'number', value: String(year) },
    { name: 'substantive', label: t('ally.substantive'), type: 'select', value: q.get('substantive') || '',
      options: [['', t('plat.any')], ['1', t('tier.yes')], ['0', t('tier.no')]] }]);
  const box = h('div');
  append(ctx.main, [h('h1', null, t('ally.title')), h('p', { class: 'hint' }, t('ally.lead')), form, box]);
  try {
    const [stats, list] = await Promise.all([
      api.get('/api/alliances/stats', { year, ...(q.get('city') ? { city: q.get('city') } : {}) }, { signal: ctx.signal }),
      api.get('/api/alliances', { ...params, limit, offset }, { signal: ctx.signal })]);
    const sub = new URLSearchParams({ year, substantive: '1' });
    box.append(h('dl', { class: 'stat-list', id: 'alliance-stats' },
      h('dt', null, t('ally.n_alliances')), h('dd', { dataset: { k: 'alliances' } }, h('a', { href: `/alliances?year=${year}` }, fmtNumber(stats.alliances))),
      h('dt', null, t('ally.n_memberships')), h('dd', { dataset: { k: 'memberships' } }, fmtNumber(stats.memberships)),
      h('dt', null, t('ally.n_substantive', { y: year })), h('dd', { dataset: { k: 'substantive' } }, h('a', { href: `/alliances?${sub}` }, fmtNumber(stats.substantive)))),
    h('p', { class: 'hint' }, t('ally.rule')),
    h('p', { class: 'result-count', id: 'result-count', role: 'status' }, t('ally.count', { n: fmtNumber(list.total) })));
    if (!list.items.length) { box.append(empty(t('ally.none'))); return; }
    box.append(h('ul', { class: 'results', id: 'alliance-list' }, list.items.map((x) => h('li', { class: 'card result', dataset: { id: x.id } },
      h('h3', { class: 'card-title', lang: langOf(x) }, h('a', { href: `/alliances/${x.id}?year=${year}` }, nameOf(x))),
      h('p', { class: 'card-meta' }, h('span', null, t(`plat.level_${x.level}`)), x.field ? h('span', null, x.field) : null,
        h('span', null, t('ally.founded', { d: x.founded_on })), h('span', null, t('ally.members', { n: fmtNumber(x.member_count) }))),
      h('p', { class: 'card-tags' }, x.substantive ? badge(t('ally.is_substantive'), 'status-active') : null)))),
    pager(list.total, limit, offset, (o) => { const u = new URLSearchParams(params); if (o) u.set('offset', o); return `/alliances?${u}`; }));
  } catch (e) {
    if (e.name !== 'AbortError') box.append(errorBox(e));
  }
}

async function alliance(ctx) {
  const year = Number(ctx.query.get('year')) || new Date().getFullYear() - 3;
  try {
    const x = await api.get(`/api/alliances/${ctx.params.id}`, { year }, { signal: ctx.signal });
    ctx.setTitle(nameOf(x));
    append(ctx.main, [h('p', null, h('a', { href: '/alliances' }, t('ally.back'))),
      h('h1', { lang: langOf(x) }, nameOf(x)),
      h('p', { class: 'card-meta' }, h('span', null, t(`plat.level_${x.level}`)), x.field ? h('span', null, x.field) : null,
        h('span', null, t('ally.founded', { d: x.founded_on })),
        x.substantive ? badge(t('ally.is_substantive'), 'status-active') : badge(t('ally.not_substantive', { y: year }))),
      h('h2', null, t('ally.member_list', { n: fmtNumber(x.member_count) })),
      h('table', { class: 'data-table', id: 'member-table' }, h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('ally.org')), h('th', { scope: 'col' }, t('ally.role')), h('th', { scope: 'col' }, t('ally.joined')))),
      h('tbody', null, x.members.map((m) => h('tr', { dataset: { org: m.org_id } },
        h('th', { scope: 'row', lang: en() ? 'zh-CN' : null }, m.name || String(m.org_id)), h('td', null, t(`ally.role_${m.role}`)),
        h('td', null, m.joined_on || '–'))))),
      h('h2', null, t('ally.activities')),
      x.activities.length ? h('ul', { id: 'activity-list' }, x.activities.map((v) => h('li', null, `${v.held_on} `, h('span', { lang: en() ? 'zh-CN' : null }, v.title))))
        : empty(t('ally.no_activities'))]);
  } catch (e) {
    if (e.name !== 'AbortError') ctx.main.append(errorBox(e));
  }
}

async function agencies(ctx) {
  ctx.setTitle(t('agency.title'));
  const q = ctx.query;
  const limit = 20, offset = Number(q.get('offset')) || 0;
  const services = (await api.get('/api/agencies/services', null, { signal: ctx.signal })).items;
  const svcName = Object.fromEntries(services.map((s) => [s.key, en() ? s.en : s.zh]));
  const params = {};
  for (const k of ['service', 'city', 'district', 'year_to', 'region', 'q']) if (q.get(k)) params[k] = q.get(k);
  const form = filterForm(ctx, '/agencies', [
    { name: 'service', label: t('agency.service'), type: 'select', value: q.get('service') || '',
      options: [['', t('plat.any')], ...services.map((s) => [s.key, svcName[s.key]])] },
    { name: 'city', label: t('plat.city'), value: q.get('city') || '' },
    { name: 'district', label: t('agency.district'), value: q.get('district') || '' },
    { name: 'year_to', label: t('agency.year_to'), type: 'number', value: q.get('year_to') || '' }]);
  const box = h('div');
  append(ctx.main, [h('h1', null, t('agency.title')), h('p', { class: 'hint' }, t('agency.lead')), form, box]);
  try {
    const [counts, list] = await Promise.all([
      api.get('/api/agencies/counts', { ...params, by: 'service', service: undefined }, { signal: ctx.signal }),
      api.get('/api/agencies', { ...params, limit, offset }, { signal: ctx.signal })]);
    const base = new URLSearchParams(params);
    base.delete('service');
    box.append(h('h2', null, t('agency.by_service')),
      h('ul', { class: 'count-list', id: 'agency-counts' }, counts.items.map((c) => {
        const u = new URLSearchParams(base); u.set('service', c.key);
        return h('li', { dataset: { service: c.key } }, h('a', { href: `/agencies?${u}` }, svcName[c.key] || c.key), ' ',
          h('span', { class: 'count' }, fmtNumber(c.count)));
      })),
      h('p', { class: 'result-count', id: 'result-count', role: 'status' }, t('agency.count', { n: fmtNumber(list.total) })));
    if (!list.items.length) { box.append(empty(t('agency.none'))); return; }
    box.append(h('ul', { class: 'results', id: 'agency-list' }, list.items.map((x) => h('li', { class: 'card result', dataset: { id: x.org_id } },
      h('h3', { class: 'card-title', lang: langOf(x) }, h('a', { href: `/agencies/${x.org_id}` }, nameOf(x))),
      h('p', { class: 'card-meta' }, h('span', null, [x.city, x.district].filter(Boolean).join(' ')),
        h('span', null, t('agency.since', { y: x.year })), h('span', null, t('agency.served', { n: fmtNumber(x.enterprises_served) }))),
      h('p', { class: 'card-tags' }, x.services.map((s) => badge(svcName[s] || s)))))),
    pager(list.total, limit, offset, (o) => { const u = new URLSearchParams(params); if (o) u.set('offset', o); return `/agencies?${u}`; }));
  } catch (e) {
    if (e.name !== 'AbortError') box.append(errorBox(e));
  }
}

async function agency(ctx) {
  try {
    const [x, services] = await Promise.all([api.get(`/api/agencies/${ctx.params.id}`, null, { signal: ctx.signal }),
      api.get('/api/agencies/services', null, { signal: ctx.signal })]);
    const svcName = Object.fromEntries(services.items.map((s) => [s.key, en() ? s.en : s.zh]));
    ctx.setTitle(nameOf(x));
    append(ctx.main, [h('p', null, h('a', { href: '/agencies' }, t('agency.back'))),
      h('h1', { lang: langOf(x) }, nameOf(x)),
      h('p', { class: 'card-tags' }, x.services.map((s) => badge(svcName[s] || s))),
      h('p', null, t('agency.regions', { r: x.regions.join(', ') || '–' })),
      h('h2', null, t('agency.clients', { n: fmtNumber(x.enterprises_served) })),
      h('p', { class: 'hint' }, t('agency.clients_hint')),
      x.clients.length ? h('table', { class: 'data-table', id: 'client-table' }, h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('ally.org')), h('th', { scope: 'col' }, t('agency.cases')), h('th', { scope: 'col' }, t('agency.contracts')))),
      h('tbody', null, x.clients.map((c) => h('tr', { dataset: { org: c.org_id } },
        h('th', { scope: 'row', lang: en() ? 'zh-CN' : null }, c.name || String(c.org_id)), h('td', null, fmtNumber(c.cases)), h('td', null, fmtNumber(c.contracts))))))
        : empty(t('agency.no_clients'))]);
  } catch (e) {
    if (e.name !== 'AbortError') ctx.main.append(errorBox(e));
  }
}

export default async function render(ctx) {
  switch (ctx.route.kind) {
    case 'alliance': return alliance(ctx);
    case 'agencies': return agencies(ctx);
    case 'agency': return agency(ctx);
    default: return alliances(ctx);
  }
}
