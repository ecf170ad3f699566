// auth.js - the session and what it may do. GET /api/auth/session answers
// everyone with 200 {user|null, role, can, csrf_token}: `can` maps
// "resource.action" -> "all" | "own" from the server's policy table, so the UI
// offers only what the role can use (no button that ends in 401/403) and never
// probes endpoints (each 401/403 is a console error). 404 = no accounts in this
// build (the UI hides login and runs "open", as the server does).
import { api, ApiError, setCsrf } from './api.js';

const state = { available: false, user: null, checked: false, can: {} };
const listeners = new Set();

export function authState() { return state; }
export function onAuthChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }
function emit() { for (const fn of listeners) fn(state); }

function accept(j) {
  state.user = j?.user || null;
  state.can = j?.can || {};
  setCsrf(j?.csrf_token || null);
}

export async function refreshAuth() {
  try {
    const j = await api.get('/api/auth/session');
    state.available = true;
    accept(j);
  } catch (e) {
    state.available = !(e instanceof ApiError && (e.status === 404 || e.status === 501));
    state.user = null;
    state.can = {};
  }
  state.checked = true;
  emit();
  return state;
}

export async function login(email, password) {
  await api.post('/api/auth/login', { email, password });
  await refreshAuth(); // the role's permissions come with the session
  return state.user;
}

export async function logout() {
  try { await api.post('/api/auth/logout'); } catch { /* already gone */ }
  state.user = null;
  state.can = {};
  setCsrf(null);
  await refreshAuth();
}

// The organisation the user acts for (accounts), or the one chosen on /my.
export function currentOrgId() {
  const u = state.user;
  if (u && (u.org_id || u.org?.id)) return Number(u.org_id || u.org.id);
  try { return Number(localStorage.getItem('tb.org')) || null; } catch { return null; }
}
export function rememberOrg(id) { try { localStorage.setItem('tb.org', String(id)); } catch { /* ignore */ } }
export function hasRole(...roles) { return !!state.user && roles.includes(state.user.role); }

// May the current user do `action` on `resource` (for items of orgId)?
// Without accounts the server is open, so yes. "own" = the user's organisation
// or one linked to it (brokers). Only a hint for what to show: the server decides.
export function can(resource, action, orgId) {
  if (!state.available) return true;
  const m = state.can[`${resource}.${action}`];
  if (m === 'all') return true;
  if (m !== 'own' || !state.user) return false;
  if (orgId === undefined) return true; // "for some organisation"
  const u = state.user;
  const own = [u.org_id || u.org?.id, ...(u.linked_orgs || [])].map(Number);
  return own.includes(Number(orgId));
}
// The organisations a role with "own" scope acts for (its own and linked ones).
export function ownOrgIds() {
  const u = state.user;
  return u ? [u.org_id || u.org?.id, ...(u.linked_orgs || [])].filter(Boolean).map(Number) : [];
}
export function canManage(orgId, resource = 'achievement') { return can(resource, 'update', orgId); }
export function canReview() { return can('achievement', 'publish'); }
