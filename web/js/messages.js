// messages.js - server error messages in the user's language. The server
// answers in English ({"error": "field: message", "field"}); a known message
// maps to catalogue text (with its number, e.g. "at most 10 keywords"), and an
// unknown one on the Chinese page becomes a per-field message built from the
// field name the server gives, so a Chinese user never reads raw English.
import { t, has, getLang } from './i18n.js';

// [pattern on the message without its "field: " prefix, catalogue key]; the
// first capture group fills {n}.
const KNOWN = [
  [/title is required/, 'err.title_required'],
  [/description of the problem is required/, 'err.desc_required'],
  [/is required when returning/, 'err.reason'],
  [/^booker_name or booker_email is required/, 'instr.err_booker'],
  [/^is required/, 'err.required'],
  [/integer from (\d+) to (\d+)|must be 0 \(any\) or 1 to 9|must be between 1 and 9/, 'err.trl'],
  [/not an email address/, 'err.email'],
  [/at least one of transfer|unknown transaction mode/, 'err.modes'],
  [/non-negative amount|must be a number|must be a non-negative/, 'err.amount'],
  [/implausibly large/, 'err.too_large'],
  [/12 digits/, 'err.reg_no'],
  [/date YYYY-MM-DD/, 'err.date'],
  [/must not be in the past/, 'err.deadline_past'],
  [/must not exceed budget_max/, 'err.budget_order'],
  [/must not exceed (?:trl_max|price_max)/, 'err.min_max'],
  [/^must be one of newest/, 'err.sort'],
  [/at most (\d+) keywords/, 'err.keywords_max'],
  [/each keyword must be at most (\d+) bytes/, 'err.keyword_long'],
  [/unknown organisation/, 'err.org'],
  [/longer than (\d+) characters/, 'err.too_long'],
  [/wrong email or password/, 'auth.bad_credentials'],
  // bulletins (src/domain/bulletin.c)
  [/has not ended yet/, 'bulletin.err_not_ended'],
  [/was made already/, 'bulletin.err_made'],
  [/must be a week YYYY-Www/, 'bulletin.err_period'],
  [/too many failed logins, try again in (\d+) seconds/, 'auth.throttled'],
  // instrument booking rules (src/domain/instrument.c)
  [/overlaps another booking/, 'instr.err_overlap'],
  [/outside opening hours/, 'instr.err_hours'],
  [/at least (\d+) hours from now/, 'instr.err_lead'],
  [/the instrument is closed on/, 'instr.err_closed'],
  [/slot must be at least (\d+) minutes/, 'instr.err_min'],
  [/slot must be at most (\d+) minutes/, 'instr.err_max'],
  [/must be after start/, 'instr.err_order'],
  [/no training qualification/, 'instr.err_training'],
  [/ISO-8601 time/, 'instr.err_time'],
];

// The message for an ApiError-like {message, field} in the current language,
// or null when there is no catalogue text and the page is Chinese (the caller
// then says what it knows: the field, or a generic sentence).
export function knownText(e) {
  const raw = String(e?.message || '').replace(/^[\w.-]+: /, '');
  for (const [re, key] of KNOWN) {
    const m = raw.match(re);
    if (m && has(key)) return t(key, { n: m[1] || '' });
  }
  return getLang() === 'en' && raw ? raw : null;
}

// Per-field text for a 4xx naming a field the page has: "<label>：填写有误".
export function fieldText(e, label) {
  return knownText(e) || t('err.field_invalid', { field: label || e.field || '' });
}
