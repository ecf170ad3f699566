// auth.js - the session, when the accounts module exists. GET /api/auth/me:
// 200 {user, csrf_token} = logged in; 401 = anonymous; 404 = no accounts in this
// build (the UI hides login and runs "open", as the server does).
import { api, ApiError, setCsrf } from './api.js';

const state = { available: false, user: null, checked: false };
const listeners = new Set();

export function authState() { return state; }
export function onAuthChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }
function emit() { for (const fn of listeners) fn(state); }

function accept(j) {
  state.user = j?.user || null;
  setCsrf(j?.csrf_token || null);
}

export async function refreshAuth() {
  try {
    const j = await api.get('/api/auth/me');
    state.available = true;
    accept(j);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
      state.available = true;
      state.user = null;
    } else {
      state.available = false; // 404 / 501 / network: accounts not built
      state.user = null;
    }
  }
  state.checked = true;
  emit();
  return state;
}

export async function login(email, password) {
  const j = await api.post('/api/auth/login', { email, password });
  accept(j);
  state.available = true;
  emit();
  return state.user;
}

export async function logout() {
  try { await api.post('/api/auth/logout'); } catch { /* already gone */ }
  state.user = null;
  setCsrf(null);
  emit();
}

// The organisation the user acts for (accounts), or the one chosen on /my.
export function currentOrgId() {
  const u = state.user;
  if (u && (u.org_id || u.org?.id)) return Number(u.org_id || u.org.id);
  try { return Number(localStorage.getItem('tb.org')) || null; } catch { return null; }
}
export function rememberOrg(id) { try { localStorage.setItem('tb.org', String(id)); } catch { /* ignore */ } }
export function hasRole(...roles) { return !!state.user && roles.includes(state.user.role); }

// May the current user edit items of this organisation? Without accounts the
// server is open, so yes; with accounts: admins, reviewers, and the org's members.
export function canManage(orgId) {
  if (!state.available) return true;
  const u = state.user;
  if (!u) return false;
  if (['admin', 'reviewer'].includes(u.role)) return true;
  return Number(u.org_id || u.org?.id) === Number(orgId);
}
export function canReview() {
  if (!state.available) return true;
  return hasRole('admin', 'reviewer');
}
