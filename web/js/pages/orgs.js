// orgs.js - organisation pages (issue #18).
//   /orgs?q&kind&city&offset  the directory: universities, institutes,
//                              enterprises, agencies; name search, kind and
//                              city filters, pages of 20
//   /orgs/:id                  one organisation's profile: key figures
//                              (GET /api/orgs/{id}/profile), its published
//                              achievements and demands, instruments, the
//                              platforms it hosts, tier certifications; for
//                              its own people and reviewers, its drafts and
//                              items waiting for review (links to /my).
// Every organisation name in a listing links here (ui.js orgLabel).
import { h, append, nextId } from '../dom.js';
import { t, term, getLang, cityName } from '../i18n.js';
import { api, meta } from '../api.js';
import { authState, can } from '../auth.js';
import { achievementCard, demandCard, badge, empty, errorBox, pager, zhMark } from '../ui.js';
import { fmtNumber } from '../format.js';
import { instrCard } from './instruments.js';

const LIMIT = 20;
const KINDS = ['university', 'institute', 'enterprise', 'agency', 'transfer', 'government'];

export default async function render(ctx) {
  return ctx.params.id ? profile(ctx) : directory(ctx);
}

const nameOf = (o) => (getLang() === 'en' && o.name_en ? o.name_en : o.name);
const zhOnly = (o) => getLang() === 'en' && !o.name_en;

async function directory(ctx) {
  ctx.setTitle(t('org.dir_title'));
  const q = ctx.query;
  const st = { q: q.get('q') || '', kind: KINDS.includes(q.get('kind')) ? q.get('kind') : '', city: q.get('city') || '',
    offset: Math.max(0, Number(q.get('offset')) || 0) };
  const hrefFor = (over = {}) => {
    const u = new URLSearchParams();
    const v = { ...st, ...over };
    for (const k of ['q', 'kind', 'city', 'offset']) if (v[k]) u.set(k, v[k]);
    return `/orgs${u.toString() ? `?${u}` : ''}`;
  };
  let r, m;
  try {
    [r, m] = await Promise.all([
      api.get('/api/orgs', { q: st.q, kind: st.kind, city: st.city, limit: LIMIT, offset: st.offset }, { signal: ctx.signal }),
      meta().catch(() => ({ cities: [] })),
    ]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, t('org.dir_title')), errorBox(e, () => ctx.navigate(location.pathname + location.search)));
    return;
  }
  const ids = { q: nextId('org-q'), kind: nextId('org-kind'), city: nextId('org-city') };
  const form = h('form', { class: 'search-form org-filter', role: 'search', 'aria-label': t('org.dir_filter'), onsubmit: (ev) => {
    ev.preventDefault();
    const el = form.elements;
    ctx.navigate(hrefFor({ q: el.q.value.trim(), kind: el.kind.value, city: el.city.value, offset: '' }));
  } },
  h('div', { class: 'search-row' },
    h('label', { for: ids.q, class: 'visually-hidden' }, t('org.dir_q')),
    h('input', { type: 'search', id: ids.q, name: 'q', value: st.q, placeholder: t('org.dir_q') }),
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('action.search'))),
  h('div', { class: 'filter-grid' },
    h('div', { class: 'form-field' }, h('label', { for: ids.kind }, t('org.kind')),
      h('select', { id: ids.kind, name: 'kind' }, [['', t('search.any')], ...KINDS.map((k) => [k, term('orgkind', k)])]
        .map(([v, l]) => h('option', { value: v, selected: v === st.kind }, l)))),
    h('div', { class: 'form-field' }, h('label', { for: ids.city }, t('item.city')),
      h('select', { id: ids.city, name: 'city' }, [['', t('search.any')], ...m.cities.map((c) => [c.zh, getLang() === 'en' ? c.en : c.zh])]
        .map(([v, l]) => h('option', { value: v, selected: v === st.city }, l))))));
  const list = r.items.length ? h('ul', { class: 'results org-list', id: 'org-list' }, r.items.map((o) => h('li', { class: 'card result', dataset: { id: o.id } },
    h('h2', { class: 'card-title' }, h('a', { href: `/orgs/${o.id}`, lang: zhOnly(o) ? 'zh-CN' : null }, nameOf(o))),
    h('p', { class: 'card-meta' }, h('span', null, term('orgkind', o.kind)), cityName(o) ? h('span', null, cityName(o)) : null))))
    : empty(t(st.q || st.kind || st.city || st.offset ? 'search.none' : 'org.dir_empty'));
  append(ctx.main, [h('h1', null, t('org.dir_title')), form,
    h('p', { class: 'result-count', id: 'result-count' }, t('org.dir_count', { n: fmtNumber(r.total) })), list,
    pager(r.total, LIMIT, st.offset, (off) => hrefFor({ offset: off }))]);
}

async function profile(ctx) {
  const id = ctx.params.id;
  let p, ach, dem, ins, plat, certs, kinds;
  try {
    p = await api.get(`/api/orgs/${id}/profile`, null, { signal: ctx.signal });
    [ach, dem, ins, plat, certs, kinds] = await Promise.all([
      api.get('/api/achievements', { org: id, sort: 'newest', limit: 10 }, { signal: ctx.signal }),
      api.get('/api/demands', { org: id, sort: 'newest', limit: 10 }, { signal: ctx.signal }),
      api.get('/api/instruments', { org: id, limit: 10 }, { signal: ctx.signal }),
      api.get('/api/platforms', { host: id, limit: 10 }, { signal: ctx.signal }),
      api.get('/api/tiers/certifications', { org: id }, { signal: ctx.signal }),
      api.get('/api/platforms/kinds', null, { signal: ctx.signal }),
    ]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.setTitle(t('org.title'));
    ctx.main.append(h('h1', null, t('org.title')), errorBox(e, () => ctx.navigate(location.pathname + location.search)));
    return;
  }
  const o = p.org;
  ctx.setTitle(nameOf(o));
  const other = getLang() === 'en' ? (o.name_en ? o.name : null) : o.name_en;
  const kindName = Object.fromEntries(kinds.items.map((k) => [k.key, getLang() === 'en' ? k.en : k.zh]));
  const c = p.counts;
  const fig = (n, label, href) => {
    const inner = [h('span', { class: 'figure-num' }, fmtNumber(n)), h('span', { class: 'figure-label' }, label)];
    return h('li', { class: 'figure' }, href && n ? h('a', { href }, inner) : h('div', { class: 'figure-box' }, inner));
  };
  const section = (key, count, body, idName) => h('section', { class: 'org-section', id: idName, 'aria-labelledby': `${idName}-h` },
    h('h2', { id: `${idName}-h` }, t(key), ' ', h('span', { class: 'count' }, `(${fmtNumber(count)})`)), body);
  const auth = authState();
  const priv = p.private;
  const privatePanel = priv && auth.user ? h('section', { class: 'panel org-private', id: 'org-private', 'aria-labelledby': 'org-private-h' },
    h('h2', { id: 'org-private-h' }, t('org.private')),
    h('ul', { class: 'org-private-list' },
      h('li', null, h('a', { href: `/my?org=${id}&kind=achievements&status=draft` }, t('org.ach_drafts', { n: fmtNumber(priv.achievement_drafts) }))),
      h('li', null, h('a', { href: `/my?org=${id}&kind=achievements&status=submitted` }, t('org.ach_submitted', { n: fmtNumber(priv.achievements_submitted) }))),
      h('li', null, h('a', { href: `/my?org=${id}&kind=demands&status=draft` }, t('org.dem_drafts', { n: fmtNumber(priv.demand_drafts) }))),
      h('li', null, h('a', { href: `/my?org=${id}&kind=demands&status=submitted` }, t('org.dem_submitted', { n: fmtNumber(priv.demands_submitted) })))),
    can('facts', 'read', id) && o.kind === 'enterprise' ? h('p', null, h('a', { href: '/tiers' }, t('org.tiers_link'))) : null) : null;
  append(ctx.main, [
    h('header', { class: 'detail-head org-head' },
      h('p', { class: 'kind' }, badge(term('orgkind', o.kind))),
      h('h1', { lang: zhOnly(o) ? 'zh-CN' : null }, nameOf(o)),
      other ? h('p', { class: 'subtitle', lang: getLang() === 'en' ? 'zh-CN' : 'en' }, other) : null,
      h('p', { class: 'card-meta' }, cityName(o) ? h('span', null, cityName(o)) : null, o.district ? h('span', null, zhMark(o.district)) : null)),
    h('ul', { class: 'figures org-figures', 'aria-label': t('org.figures') },
      fig(c.achievements, t('org.n_achievements'), '#org-ach'), fig(c.demands, t('org.n_demands'), '#org-dem'),
      fig(c.instruments, t('org.n_instruments'), '#org-ins'), fig(c.platforms, t('org.n_platforms'), '#org-plat'),
      fig(c.certifications, t('org.n_certifications'), '#org-cert'), fig(c.contracts, t('org.n_contracts'), null)),
    h('p', { class: 'hint' }, t('org.contact_route')),
    privatePanel,
    section('org.achievements', c.achievements, ach.items.length ? h('ul', { class: 'results' }, ach.items.map(achievementCard)) : empty(t('org.none')), 'org-ach'),
    section('org.demands', c.demands, dem.items.length ? h('ul', { class: 'results' }, dem.items.map(demandCard)) : empty(t('org.none')), 'org-dem'),
    section('org.instruments', c.instruments, ins.items.length ? h('ul', { class: 'results' }, ins.items.map(instrCard)) : empty(t('org.none')), 'org-ins'),
    section('org.platforms', c.platforms, plat.items.length ? h('ul', { class: 'results' }, plat.items.map((x) => h('li', { class: 'card result' },
      h('h3', { class: 'card-title', lang: getLang() === 'en' && !x.name_en ? 'zh-CN' : null }, getLang() === 'en' ? (x.name_en || x.name) : x.name),
      h('p', { class: 'card-meta' }, h('span', null, kindName[x.kind] || x.kind), h('span', null, t(`plat.level_${x.level}`)), h('span', null, t('plat.approved', { y: x.year })))))) : empty(t('org.none')), 'org-plat'),
    section('org.certifications', c.certifications, certs.items.length ? h('ul', { class: 'org-certs' }, certs.items.map((x) => h('li', null,
      badge(getLang() === 'en' ? x.label.en : x.label.zh), ' ', t('org.cert_year', { y: x.year })))) : empty(t('org.none')), 'org-cert'),
  ]);
}
