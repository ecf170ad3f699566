// dash_registries.js - the registries' indicators on /dashboard (issue #15),
// for the region chosen on the dashboard (province, city, or a district or
// zone: then its city and district) at the end of the chosen year: innovation platforms by
// kind and level, certified enterprises by tier with new entries and growth
// rates, the bureau's pipeline sizes, alliances and service agencies. Every
// figure is a link to the records it counts (the registry pages with the
// same filters), so that a figure can be checked against its list.
import { h } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { fmtNumber } from '../format.js';

const LEVELS = ['national', 'provincial', 'city'];
export const TIERS = ['tech_sme', 'high_tech', 'gazelle', 'little_giant', 'potential_unicorn', 'unicorn'];
const pct = (v) => (v === null || v === undefined ? '–' : `${v >= 0 ? '+' : ''}${(Math.round(v * 10) / 10).toFixed(1)} %`);
const link = (href, n, data) => h('a', { href, dataset: data }, fmtNumber(n));

// The registry filters that stand for a dashboard region: a city by its
// name (as the registries record it), a district or zone by its city and
// its name; alliances are recorded by city only. The province: none.
export function regionFilters(region, regions) {
  if (!region || region.level === 'province') return { place: {}, city: {} };
  if (region.level === 'city') return { place: { city: region.zh }, city: { city: region.zh } };
  const self = (regions || []).find((r) => r.code === region.code);
  const parent = self && (regions || []).find((r) => r.code === self.parent);
  const city = parent ? { city: parent.zh } : {};
  return { place: { ...city, district: region.zh }, city };
}

export async function registriesPanel(ctx, year, region, regions) {
  const sig = { signal: ctx.signal };
  const f = regionFilters(region, regions);
  const code = region && region.level !== 'province' ? { region: region.code } : {};
  let kinds, byLevel, ent, stats, agencies, pipe;
  try {
    [kinds, byLevel, ent, stats, agencies, pipe] = await Promise.all([
      api.get('/api/platforms/kinds', null, sig),
      Promise.all(LEVELS.map((level) => api.get('/api/platforms/counts', { by: 'kind', level, year_to: year, ...f.place }, sig))),
      api.get('/api/indicators/enterprises', { from: year - 1, to: year, ...code }, sig),
      api.get('/api/alliances/stats', { year, ...f.city }, sig),
      api.get('/api/agencies', { year_to: year, limit: 1, ...f.place }, sig),
      can('tier', 'pipeline') ? api.get('/api/tiers/pipeline', { year }, sig).catch(() => null) : null,
    ]);
  } catch (e) {
    if (e.name === 'AbortError') return;
    throw e;
  }
  const count = LEVELS.map((l, i) => Object.fromEntries(byLevel[i].items.map((x) => [x.key, x.count])));
  const rows = kinds.items.map((k) => ({ k, n: LEVELS.map((_, i) => count[i][k.key] || 0) }))
    .filter((r) => r.n.some((v) => v > 0));
  const kindName = (k) => (getLang() === 'en' ? k.en : k.zh);
  const platformHref = (kind, level) => `/platforms?${new URLSearchParams({ kind, ...(level ? { level } : {}), year_to: year, ...f.place })}`;
  const platforms = h('table', { class: 'data-table', id: 'reg-platforms' },
    h('caption', null, t('reg.platforms', { y: year })),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('plat.kind')),
      LEVELS.map((l) => h('th', { scope: 'col' }, t(`plat.level_${l}`))), h('th', { scope: 'col' }, t('reg.total')))),
    h('tbody', null, rows.map((r) => h('tr', { dataset: { kind: r.k.key } }, h('th', { scope: 'row' }, kindName(r.k)),
      r.n.map((v, i) => h('td', { dataset: { level: LEVELS[i] } }, v ? link(platformHref(r.k.key, LEVELS[i]), v, { kind: r.k.key, level: LEVELS[i] }) : '0')),
      h('td', { dataset: { level: 'all' } }, link(platformHref(r.k.key), r.n.reduce((a, b) => a + b, 0), { kind: r.k.key, level: 'all' }))))));

  // certified enterprises: the year's official lists (docs/indicators.md)
  const cur = ent.rows.find((r) => Number(r.year) === year) || {};
  const prev = ent.rows.find((r) => Number(r.year) === year - 1) || {};
  const growth = { tech_sme: cur.tech_sme_yoy_pct, high_tech: cur.yoy_pct };
  const tierRows = TIERS.filter((x) => cur[x] !== undefined).map((x) => h('tr', { dataset: { tier: x } },
    h('th', { scope: 'row' }, t(`reg.tier_${x}`)),
    h('td', { dataset: { col: 'count' } }, link(`/certifications?${new URLSearchParams({ tier: x, year, ...code })}`, cur[x], { tier: x })),
    h('td', null, prev[x] === undefined ? '–' : fmtNumber(prev[x])),
    h('td', { dataset: { col: 'new' } }, cur[`${x}_new`] === undefined ? '–' : fmtNumber(cur[`${x}_new`])),
    h('td', { dataset: { col: 'growth' } }, x in growth ? pct(growth[x]) : '–')));
  const tiers = h('table', { class: 'data-table', id: 'reg-tiers' },
    h('caption', null, t('reg.tiers', { y: year })),
    h('thead', null, h('tr', null, ['tier.tier', 'reg.on_list', 'reg.prev_list', 'reg.new', 'reg.growth'].map((k) =>
      h('th', { scope: 'col' }, t(k, { y: year - 1 }))))),
    h('tbody', null, tierRows));

  const pipeline = pipe ? h('table', { class: 'data-table', id: 'reg-pipeline' },
    h('caption', null, t('tier.pipeline', { y: year })),
    h('thead', null, h('tr', null, ['tier.tier', 'tier.evaluated', 'tier.eligible', 'tier.near'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, pipe.tiers.map((x) => h('tr', { dataset: { tier: x.tier } },
      h('th', { scope: 'row' }, getLang() === 'en' ? x.label.en : x.label.zh),
      h('td', null, fmtNumber(x.evaluated)), h('td', null, fmtNumber(x.eligible)),
      h('td', null, h('a', { href: `/tiers?year=${year}` }, fmtNumber(x.near))))))) : null;

  const orgs = h('p', { id: 'reg-orgs' },
    t('reg.alliances_pre'), ' ', link(`/alliances?${new URLSearchParams({ year, ...f.city })}`, stats.alliances, { k: 'alliances' }), ' ',
    t('reg.alliances_mid', { m: fmtNumber(stats.memberships) }), ' ',
    link(`/alliances?${new URLSearchParams({ year, substantive: '1', ...f.city })}`, stats.substantive, { k: 'substantive' }), ' ',
    t('reg.alliances_post', { y: year }), ' · ',
    link(`/agencies?${new URLSearchParams({ year_to: year, ...f.place })}`, agencies.total, { k: 'agencies' }), ' ', t('reg.agencies'));

  ctx.main.append(h('section', { class: 'panel', id: 'dash-registries', 'aria-labelledby': 'h-reg' },
    h('h2', { id: 'h-reg' }, t('reg.title', { y: year, region: getLang() === 'en' ? (region?.en || '') : (region?.zh || '') })), h('p', { class: 'hint' }, t('reg.hint')),
    orgs, h('div', { class: 'table-scroll' }, platforms), h('div', { class: 'table-scroll' }, tiers),
    pipeline ? h('div', { class: 'table-scroll' }, pipeline) : null));
}
