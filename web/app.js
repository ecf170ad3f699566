// app.js - the single-page shell: routes (History API, clean URLs), link
// interception, language switch, the nav by role and the session badge.
// A page is a module in /js/pages/ whose default export is
//   async function render(ctx) -> void | cleanup()
// with ctx = { main, params, query, navigate, signal }. See docs/web.md.
import { initI18n, setLang, getLang, t } from './js/i18n.js';
import { refreshAuth, authState, onAuthChange, logout, canReview, can } from './js/auth.js';
import { h, clear } from './js/dom.js';
import { errorBox } from './js/ui.js';

// Order matters: first match wins. ":id" matches a positive integer.
export const routes = [
  { path: '/', page: () => import('./js/pages/home.js') },
  { path: '/search', page: () => import('./js/pages/search.js') },
  { path: '/achievements/:id', page: () => import('./js/pages/detail.js'), kind: 'achievement' },
  { path: '/demands/:id', page: () => import('./js/pages/detail.js'), kind: 'demand' },
  { path: '/achievements/:id/edit', page: () => import('./js/pages/publish.js'), kind: 'achievement' },
  { path: '/demands/:id/edit', page: () => import('./js/pages/publish.js'), kind: 'demand' },
  { path: '/publish', page: () => import('./js/pages/publish.js') },
  { path: '/my', page: () => import('./js/pages/my.js') },
  { path: '/review', page: () => import('./js/pages/review.js') },
  { path: '/login', page: () => import('./js/pages/login.js') },
  { path: '/instruments', page: () => import('./js/pages/instruments.js') },
  { path: '/instruments/bookings', page: () => import('./js/pages/bookings.js') },
  { path: '/instruments/approvals', page: () => import('./js/pages/bookings.js') },
  { path: '/instruments/:id', page: () => import('./js/pages/instrument.js') },
  { path: '/dashboard', page: () => import('./js/pages/dashboard.js') },
  { path: '/challenges', page: () => import('./js/pages/challenges.js') },
  { path: '/challenges/new', page: () => import('./js/pages/challenges.js') },
  { path: '/challenges/:id', page: () => import('./js/pages/challenges.js') },
  { path: '/challenge-applications/:id/task-book', page: () => import('./js/pages/challenges.js') },
  { path: '/platforms', page: () => import('./js/pages/registries.js'), kind: 'platforms' },
  { path: '/tiers', page: () => import('./js/pages/registries.js'), kind: 'tiers' },
  { path: '/certifications', page: () => import('./js/pages/registries.js'), kind: 'certifications' },
  { path: '/alliances', page: () => import('./js/pages/alliances.js'), kind: 'alliances' },
  { path: '/alliances/:id', page: () => import('./js/pages/alliances.js'), kind: 'alliance' },
  { path: '/agencies', page: () => import('./js/pages/alliances.js'), kind: 'agencies' },
  { path: '/agencies/:id', page: () => import('./js/pages/alliances.js'), kind: 'agency' },
  { path: '/brokers', page: () => import('./js/pages/brokers.js') },
  { path: '/cases', page: () => import('./js/pages/cases.js') },
  { path: '/cases/:id', page: () => import('./js/pages/cases.js') },
  { path: '/events', page: () => import('./js/pages/events.js') },
  { path: '/bulletins', page: () => import('./js/pages/bulletins.js') },
  { path: '/notifications', page: () => import('./js/pages/alerts.js') },
  { path: '/subscriptions', page: () => import('./js/pages/alerts.js') },
  { path: '/bulletins/:period', page: () => import('./js/pages/bulletins.js') },
  { path: '/events/:id', page: () => import('./js/pages/event.js') },
];

function match(pathname) {
  const segs = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  for (const r of routes) {
    const ps = r.path.split('/').filter(Boolean);
    if (ps.length !== segs.length) continue;
    const params = {};
    let ok = true;
    for (let i = 0; i < ps.length && ok; i++) {
      if (ps[i] === ':period') {
        // A bulletin's period (2026-W48, 2026-11) stays text.
        if (!/^\d{4}-(W\d{2}|\d{2})$/.test(segs[i])) ok = false;
        else params.period = segs[i];
      } else if (ps[i].startsWith(':')) {
        if (!/^[1-9]\d{0,17}$/.test(segs[i])) ok = false;
        else params[ps[i].slice(1)] = Number(segs[i]);
      } else if (ps[i] !== segs[i]) ok = false;
    }
    if (ok) return { route: r, params };
  }
  return null;
}

let cleanup = null;
let controller = null;
let renderSeq = 0;

export function navigate(url, { replace = false, keepScroll = false } = {}) {
  const u = new URL(url, location.origin);
  const same = u.pathname + u.search === location.pathname + location.search;
  if (replace || same) history.replaceState({}, '', u.pathname + u.search + u.hash);
  else history.pushState({}, '', u.pathname + u.search + u.hash);
  return render({ keepScroll });
}

async function render({ keepScroll = false, focus = true } = {}) {
  const seq = ++renderSeq;
  const main = document.getElementById('main');
  if (cleanup) { try { cleanup(); } catch { /* ignore */ } cleanup = null; }
  if (controller) controller.abort();
  controller = new AbortController();
  markActiveNav();
  const m = match(location.pathname);
  clear(main);
  main.append(h('p', { class: 'loading', role: 'status' }, t('state.loading')));
  if (!m) {
    clear(main);
    main.append(h('h1', { tabindex: '-1' }, t('notfound.title')),
      h('p', null, t('notfound.text')), h('p', null, h('a', { href: '/' }, t('nav.home'))));
    document.title = `${t('notfound.title')} · ${t('app.title')}`;
    document.documentElement.dataset.rendered = String(seq);
    return;
  }
  const ctx = {
    main, params: m.params, route: m.route, kind: m.route.kind,
    query: new URLSearchParams(location.search), navigate, signal: controller.signal,
    setTitle: (s) => { document.title = s ? `${s} · ${t('app.title')}` : t('app.title'); },
  };
  try {
    const mod = await m.route.page();
    if (seq !== renderSeq) return;
    const tmp = document.createElement('div');
    ctx.main = tmp;
    const out = await mod.default(ctx);
    if (seq !== renderSeq) return;
    clear(main);
    main.append(...tmp.childNodes);
    ctx.main = main;
    if (typeof out === 'function') cleanup = out;
  } catch (e) {
    if (e.name === 'AbortError' || seq !== renderSeq) return;
    console.error(e);
    clear(main);
    main.append(h('h1', { tabindex: '-1' }, t('error.title')), errorBox(e));
  }
  document.documentElement.dataset.rendered = String(seq); // tests wait on this
  refreshBell();
  announce(main);
  if (!keepScroll) window.scrollTo(0, 0);
  if (focus && document.activeElement === document.body) {
    const h1 = main.querySelector('h1');
    if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: true }); }
  }
}

// Screen readers hear nothing when a SPA swaps <main>: say the new page's
// heading (and a result count where the page has one) in a live region.
function announce(main) {
  const el = document.getElementById('announcer');
  if (!el) return;
  const parts = [main.querySelector('h1')?.textContent, main.querySelector('#result-count')?.textContent];
  el.textContent = parts.filter(Boolean).join('. ');
}

function markActiveNav() {
  for (const a of document.querySelectorAll('#site-nav a')) {
    const p = a.getAttribute('href');
    const on = p === '/' ? location.pathname === '/' : location.pathname.startsWith(p);
    if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}

function interceptLinks() {
  document.addEventListener('click', (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = ev.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download')) return;
    const href = a.getAttribute('href');
    if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/') || href.startsWith('/vendor/')) return;
    ev.preventDefault();
    document.getElementById('site-nav').classList.remove('open');
    document.getElementById('nav-toggle').setAttribute('aria-expanded', 'false');
    document.activeElement?.blur?.();
    navigate(href);
  });
  window.addEventListener('popstate', () => render({ keepScroll: false }));
}

// The unread count follows every page change, and a minute's wait.
function refreshBell() {
  if (document.getElementById('notif-count')) import('./js/pages/alerts.js').then((m) => m.refreshNotifBadge());
}

function renderAuthArea() {
  const s = authState();
  const area = document.getElementById('auth-area');
  area.hidden = !s.available;
  clear(area);
  // The nav offers what the role can use (GET /api/auth/session's `can`);
  // anonymous visitors still see Publish and My organisation, which explain
  // that they must log in. The server decides every request regardless.
  const li = (href) => document.querySelector(`#site-nav a[href="${href}"]`).parentElement;
  li('/review').hidden = !canReview();
  // The registries sit in the footer (the header row is full in English):
  // Tiers is an enterprise's own standing or the bureau's pipeline.
  document.getElementById('nav-tiers').hidden = !s.user;
  li('/publish').hidden = !!s.user && !can('achievement', 'create') && !can('demand', 'create');
  if (!s.available) return;
  if (s.user) {
    // The bell: unread notifications (issue #16), counted by alerts.js.
    if (can('notification', 'read')) {
      area.append(h('a', { href: '/notifications', id: 'notif-link', class: 'notif-link', 'aria-label': t('notif.link', { n: '0' }) },
        h('span', { 'aria-hidden': 'true' }, '🔔'), h('span', { class: 'notif-count', id: 'notif-count', hidden: true })));
      refreshBell();
    }
    area.append(h('span', { class: 'user-name' }, s.user.name || s.user.email || ''),
      h('button', { type: 'button', class: 'btn-link', id: 'logout-btn',
        onclick: async () => { await logout(); navigate('/'); } }, t('auth.logout')));
  } else {
    area.append(h('a', { href: '/login', id: 'login-link' }, t('auth.login')));
  }
}

// Switching language re-renders the page; what the user typed into forms is
// carried over (by form index and field name) so nothing is lost.
function saveForms() {
  return [...document.querySelectorAll('main form')].map((f) => [...f.elements].filter((e) => e.name)
    .map((e) => ({ name: e.name, value: e.value, checked: e.checked, type: e.type, disabled: e.disabled })));
}
function restoreForms(saved) {
  const forms = [...document.querySelectorAll('main form')];
  saved.forEach((fields, i) => {
    const f = forms[i];
    if (!f) return;
    for (const s of fields) {
      const els = [...f.elements].filter((e) => e.name === s.name);
      const el = (s.type === 'checkbox' || s.type === 'radio') ? els.find((e) => e.value === s.value) : els[0];
      if (!el) continue;
      if (s.type === 'checkbox' || s.type === 'radio') el.checked = s.checked;
      else el.value = s.value;
      el.disabled = s.disabled;
    }
  });
}

async function start() {
  try {
    await initI18n();
  } catch (e) {
    document.getElementById('main').textContent = 'Failed to load language files / 语言文件加载失败: ' + e.message;
    return;
  }
  const sw = document.getElementById('lang-switch');
  sw.addEventListener('click', async () => {
    const typed = saveForms();
    await setLang(getLang() === 'zh' ? 'en' : 'zh');
    renderAuthArea();
    await render({ keepScroll: true, focus: false });
    restoreForms(typed);
    sw.focus();
  });
  const toggle = document.getElementById('nav-toggle');
  toggle.addEventListener('click', () => {
    const nav = document.getElementById('site-nav');
    const open = nav.classList.toggle('open');
    toggle.setAttribute('aria-expanded', String(open));
  });
  interceptLinks();
  onAuthChange(renderAuthArea);
  setInterval(refreshBell, 60000);
  await refreshAuth();
  await render({ focus: false });
  document.documentElement.dataset.ready = '1'; // tests wait on this
}

start();
