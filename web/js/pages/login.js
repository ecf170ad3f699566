// login.js - /login: email + password -> POST /api/auth/login (sets the session
// cookie, answers {csrf_token, user}). When the accounts module is absent
// (GET /api/auth/me is 404) the page says so instead of showing a dead form.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { ApiError } from '../api.js';
import { authState, login } from '../auth.js';
import { control, clearErrors, showError } from '../form.js';

export default async function render(ctx) {
  ctx.setTitle(t('auth.login'));
  const s = authState();
  const next = ctx.query.get('next');
  const safeNext = next && next.startsWith('/') && !next.startsWith('//') ? next : '/my';
  if (!s.available) {
    ctx.main.append(h('div', { class: 'login-box' }, h('h1', null, t('auth.login')), h('p', { class: 'state' }, t('auth.unavailable'))));
    return;
  }
  if (s.user) {
    ctx.main.append(h('div', { class: 'login-box' }, h('h1', null, t('auth.login')),
      h('p', null, t('auth.already', { name: s.user.name || s.user.email })), h('a', { class: 'btn btn-primary', href: safeNext }, t('auth.continue'))));
    return;
  }
  const form = h('form', { class: 'login-form', novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const btn = form.querySelector('button[type="submit"]');
    btn.disabled = true;
    try {
      await login(form.elements.email.value.trim(), form.elements.password.value);
      ctx.navigate(safeNext);
    } catch (e) {
      btn.disabled = false;
      // A 401 here is the answer to the credentials, not "please log in first".
      if (e instanceof ApiError && e.status === 401) e.display = t('auth.bad_credentials');
      showError(form, e);
      if (!e.field) form.elements.password.focus();
    }
  } },
  h('div', { class: 'form-error', 'aria-live': 'assertive' }),
  control({ name: 'email', label: t('item.email'), type: 'email', required: true, attrs: { autocomplete: 'username', inputmode: 'email' } }),
  control({ name: 'password', label: t('auth.password'), type: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
  h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('auth.login'))));
  ctx.main.append(h('div', { class: 'login-box' }, h('h1', null, t('auth.login')), form));
}
