// home.js - the front page: a search box, key figures (from list totals) and
// the latest published achievements and demands.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api, loadOrgNames } from '../api.js';
import { fmtNumber } from '../format.js';
import { achievementCard, demandCard, empty, errorBox, loading } from '../ui.js';

export default async function render(ctx) {
  ctx.setTitle('');
  const { main } = ctx;
  const q = h('input', { type: 'search', id: 'home-q', name: 'q', class: 'input-lg', placeholder: t('home.search_placeholder') });
  const form = h('form', { class: 'hero-search', role: 'search', action: '/search', onsubmit: (e) => {
    e.preventDefault();
    ctx.navigate(`/search?q=${encodeURIComponent(q.value.trim())}`);
  } },
  h('label', { for: 'home-q', class: 'visually-hidden' }, t('search.query')), q,
  h('button', { type: 'submit', class: 'btn btn-primary' }, t('action.search')));

  const figures = h('ul', { class: 'figures', 'aria-label': t('home.figures') }, loading());
  const latestA = h('div', { class: 'latest' }, loading());
  const latestD = h('div', { class: 'latest' }, loading());

  main.append(
    h('section', { class: 'hero' },
      h('h1', null, t('home.title')),
      h('p', { class: 'lead' }, t('home.lead')), form),
    figures,
    h('div', { class: 'two-col' },
      h('section', { 'aria-labelledby': 'h-latest-a' },
        h('h2', { id: 'h-latest-a' }, t('home.latest_achievements')), latestA,
        h('p', null, h('a', { href: '/search?tab=achievements', class: 'more' }, t('home.more_achievements')))),
      h('section', { 'aria-labelledby': 'h-latest-d' },
        h('h2', { id: 'h-latest-d' }, t('home.latest_demands')), latestD,
        h('p', null, h('a', { href: '/search?tab=demands', class: 'more' }, t('home.more_demands'))))));

  const opts = { signal: ctx.signal };
  const [, ra, rd, ro] = await Promise.allSettled([
    loadOrgNames(),
    api.get('/api/achievements', { sort: 'newest', limit: 5, facets: 1 }, opts),
    api.get('/api/demands', { sort: 'newest', limit: 5 }, opts),
    api.get('/api/orgs', { limit: 1 }, opts),
  ]);
  const fill = (box, r, card, emptyKey) => {
    box.replaceChildren(r.status === 'rejected' ? errorBox(r.reason)
      : (r.value.items.length ? h('ul', { class: 'cards' }, r.value.items.map(card)) : empty(t(emptyKey))));
  };
  fill(latestA, ra, achievementCard, 'home.no_achievements');
  fill(latestD, rd, demandCard, 'home.no_demands');

  const fig = (n, label, href) => h('li', { class: 'figure' },
    h('a', { href }, h('span', { class: 'figure-num' }, n === null ? '—' : fmtNumber(n)), h('span', { class: 'figure-label' }, label)));
  const val = (r, f) => (r.status === 'fulfilled' ? f(r.value) : null);
  figures.replaceChildren(
    fig(val(ra, (v) => v.total), t('home.fig_achievements'), '/search?tab=achievements'),
    fig(val(rd, (v) => v.total), t('home.fig_demands'), '/search?tab=demands'),
    fig(val(ro, (v) => v.total), t('home.fig_orgs'), '/search'),
    fig(val(ra, (v) => v.facets?.field?.length ?? null), t('home.fig_fields'), '/search?tab=achievements'));
}
