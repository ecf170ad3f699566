// api.js - the JSON API client. Every call returns parsed JSON or throws an
// ApiError {status, message, field, errors}; field names the input the server
// rejected (e.g. "trl", "contact.email") so forms can show the message next to
// it; errors (catalogue forms) lists every failing field [{field, error, code}];
// code is the server's stable error code (docs/api.md). Requests send the
// page's language as Accept-Language, so the server's message is in it.
// Unsafe methods send X-CSRF-Token once a token is known (from login or /me).

import { getLang } from './i18n.js';

export class ApiError extends Error {
  constructor(status, message, field, errors, code, detail) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.field = field || null;
    this.errors = Array.isArray(errors) ? errors : null;
    this.code = code || null;
    this.detail = detail || null;
  }
}

let csrf = null;
export function setCsrf(token) { csrf = token || null; }

function qs(params) {
  if (!params) return '';
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') continue;
    u.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

export async function request(method, path, { params, body, signal } = {}) {
  // Issue #16: the server renders error messages in this language.
  const headers = { Accept: 'application/json', 'Accept-Language': getLang() };
  const init = { method, headers, credentials: 'same-origin', signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path + qs(params), init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network');
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) throw new ApiError(res.status, json?.error, json?.field, json?.errors, json?.code, json?.detail);
  return json;
}

// A file as the raw request body with its own type (issue #18: attachments);
// the server identifies the type from the bytes anyway.
export async function upload(path, file, params) {
  const headers = { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path + qs(params), { method: 'POST', headers, body: file, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network');
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) throw new ApiError(res.status, json?.error, json?.field, json?.errors);
  return json;
}

export const api = {
  get: (path, params, opts = {}) => request('GET', path, { ...opts, params }),
  post: (path, body = {}) => request('POST', path, { body }),
  patch: (path, body) => request('PATCH', path, { body }),
  put: (path, body) => request('PUT', path, { body }),
  del: (path) => request('DELETE', path),
};

// Cached /api/meta (modes, statuses, cities zh/en, sorts).
let metaP = null;
export function meta() {
  if (!metaP) metaP = api.get('/api/meta').catch((e) => { metaP = null; throw e; });
  return metaP;
}

// Organisation names in English: listings carry owner {id, name} only, so the
// UI loads id -> {name, name_en} once (a province has hundreds of organisations,
// not millions) and shows name_en in English when there is one.
const orgNames = new Map();
let orgsP = null;
export function loadOrgNames() {
  if (!orgsP) {
    orgsP = api.get('/api/orgs', { limit: 500 }).then((r) => {
      for (const o of r.items) orgNames.set(o.id, o);
    }).catch(() => { orgsP = null; });
  }
  return orgsP;
}
export function orgInfo(id) { return orgNames.get(Number(id)) || null; }
export function forgetOrgNames() { orgsP = null; }
