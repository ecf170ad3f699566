// alerts.js - /notifications and /subscriptions (issue #16): a user's in-app
// notifications (alerts for new listings matching a saved search or a
// followed organisation, reminders before a listing expires) with "mark
// read", and their subscriptions: saved searches (made from the search page's
// "Save this search"), followed organisations, each with its Atom feed, a
// delete button, and the e-mail digest preference (none, daily, weekly).
// The unread count in the header is kept by refreshNotifBadge().
import { h, append } from '../dom.js';
import { t, term, getLang } from '../i18n.js';
import { api } from '../api.js';
import { authState, can } from '../auth.js';
import { empty, errorBox, badge } from '../ui.js';
import { fmtDate } from '../format.js';

// The header's bell: the number of unread notifications (hidden at 0).
export async function refreshNotifBadge() {
  const el = document.getElementById('notif-count');
  if (!el || !authState().user || !can('notification', 'read')) return;
  try {
    const r = await api.get('/api/notifications', { limit: 200 });
    el.textContent = r.unread ? String(r.unread) : '';
    el.hidden = !r.unread;
    el.parentElement.setAttribute('aria-label', t('notif.link', { n: String(r.unread) }));
  } catch { /* the page itself reports errors */ }
}

function tabs(active) {
  return h('nav', { class: 'tabs', 'aria-label': t('notif.tabs') },
    h('a', { class: 'tab', href: '/notifications', id: 'tab-notifications', 'aria-current': active === 'n' ? 'page' : null }, t('notif.title')),
    h('a', { class: 'tab', href: '/subscriptions', id: 'tab-subscriptions', 'aria-current': active === 's' ? 'page' : null }, t('sub.title')));
}

function needLogin(ctx, title) {
  ctx.main.append(h('h1', null, title), h('div', { class: 'state' }, h('p', null, t('sub.login_first')),
    h('a', { class: 'btn btn-primary', href: `/login?next=${encodeURIComponent(location.pathname)}` }, t('auth.login'))));
}

export default async function render(ctx) {
  const subs = location.pathname === '/subscriptions';
  const title = t(subs ? 'sub.title' : 'notif.title');
  ctx.setTitle(title);
  if (authState().available && !authState().user) return needLogin(ctx, title);
  return subs ? subscriptions(ctx) : notifications(ctx);
}

async function notifications(ctx) {
  let r;
  try { r = await api.get('/api/notifications', { limit: 200 }, { signal: ctx.signal }); } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, t('notif.title')), errorBox(e));
    return;
  }
  const zh = getLang() === 'zh';
  const count = h('p', { class: 'hint', id: 'notif-unread' }, t('notif.unread', { n: String(r.unread) }));
  const list = r.items.length ? h('ul', { class: 'notif-list', id: 'notif-list' }, r.items.map((n) => {
    const li = h('li', { class: ['notif', n.read_at ? 'notif-read' : 'notif-unread'], dataset: { id: n.id, kind: n.kind, item: `${n.item_kind}:${n.item_id}` } },
      h('a', { href: `/${n.item_kind === 'achievement' ? 'achievements' : 'demands'}/${n.item_id}` }, zh ? n.text_zh : n.text_en), ' ',
      badge(t(`notif.k_${n.kind}`)), ' ', h('span', { class: 'muted' }, fmtDate(n.created_at, true)));
    if (!n.read_at) {
      li.append(' ', h('button', { type: 'button', class: 'btn-link notif-mark', onclick: async (ev) => {
        try {
          await api.post(`/api/notifications/${n.id}/read`);
          li.classList.replace('notif-unread', 'notif-read');
          ev.target.remove();
          r.unread -= 1;
          count.textContent = t('notif.unread', { n: String(r.unread) });
          refreshNotifBadge();
        } catch (e) { li.append(errorBox(e)); }
      } }, t('notif.mark_read')));
    }
    return li;
  })) : empty(t('notif.none'));
  append(ctx.main, [h('h1', null, t('notif.title')), tabs('n'), count, list]);
}

// What a subscription watches, in words.
function describe(s) {
  const side = t(s.target === 'achievement' ? 'sub.side_a' : 'sub.side_d');
  if (s.kind === 'org') return t('sub.desc_org', { side, org: String(s.org_id) });
  if (s.kind === 'own_matches') return t('sub.desc_own', { side, n: String(s.min_score) });
  const parts = [];
  if (s.q) parts.push(`“${s.q}”`);
  if (s.field) parts.push(term('field', s.field));
  if (s.city) parts.push(s.city);
  if (s.trl_min) parts.push(t('sub.trl_from', { n: String(s.trl_min) }));
  return t('sub.desc_search', { side, what: parts.join(' · ') });
}

async function subscriptions(ctx) {
  let subs, mail;
  try {
    [subs, mail] = await Promise.all([api.get('/api/subscriptions', null, { signal: ctx.signal }), api.get('/api/mail', null, { signal: ctx.signal })]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, t('sub.title')), errorBox(e));
    return;
  }
  const msg = h('div', { class: 'item-msg', role: 'status', id: 'sub-msg' });
  const list = subs.items.length ? h('ul', { class: 'sub-list', id: 'sub-list' }, subs.items.map((s) => {
    const li = h('li', { class: 'card sub', dataset: { id: s.id, kind: s.kind } }, h('p', { class: 'sub-desc' }, describe(s)),
      h('p', { class: 'actions-row' },
        s.feed ? h('a', { href: s.feed, class: 'feed-link', type: 'application/atom+xml' }, t('sub.feed')) : null,
        s.kind === 'search' ? h('a', { href: searchHref(s) }, t('sub.open_search')) : null,
        h('button', { type: 'button', class: 'btn sub-delete', onclick: async () => {
          try { await api.del(`/api/subscriptions/${s.id}`); li.remove(); msg.textContent = t('sub.deleted'); } catch (e) { msg.replaceChildren(errorBox(e)); }
        } }, t('sub.delete'))));
    return li;
  })) : empty(t('sub.none'));
  const digest = h('select', { id: 'digest', name: 'digest' }, ['none', 'daily', 'weekly'].map((v) => h('option', { value: v, selected: mail.digest === v }, t(`sub.digest_${v}`))));
  const mailForm = h('form', { class: 'panel', id: 'digest-form', novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    try { const r = await api.put('/api/mail', { digest: digest.value }); msg.textContent = t('sub.digest_saved', { v: t(`sub.digest_${r.digest}`) }); } catch (e) { msg.replaceChildren(errorBox(e)); }
  } }, h('h2', null, t('sub.digest')), h('p', { class: 'hint' }, t('sub.digest_hint')),
  h('div', { class: 'form-field' }, h('label', { for: 'digest' }, t('sub.digest_label')), digest),
  h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'digest-save' }, t('sub.digest_save'))));
  const feeds = h('section', { class: 'panel', id: 'feeds' }, h('h2', null, t('sub.feeds')), h('p', { class: 'hint' }, t('sub.feeds_hint')),
    h('ul', null,
      h('li', null, h('a', { href: '/api/feeds/achievements.atom', class: 'feed-link', type: 'application/atom+xml' }, t('sub.feed_a'))),
      h('li', null, h('a', { href: '/api/feeds/demands.atom', class: 'feed-link', type: 'application/atom+xml' }, t('sub.feed_d')))));
  append(ctx.main, [h('h1', null, t('sub.title')), tabs('s'), h('p', { class: 'hint' }, t('sub.hint')), msg, list, mailForm, feeds]);
}

function searchHref(s) {
  const u = new URLSearchParams();
  if (s.target === 'demand') u.set('tab', 'demands');
  for (const k of ['q', 'field', 'city']) if (s[k]) u.set(k, s[k]);
  if (s.trl_min) u.set('trl_min', String(s.trl_min));
  return `/search?${u}`;
}
