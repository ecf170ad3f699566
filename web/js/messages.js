// messages.js - server error messages in the user's language. The server
// answers in the language the request asks for (api.js sends the page's) with
// a stable code (issue #16): {"error": "<label>：<message>", "code", "field"}.
// A coded message is shown as the server wrote it (without the field prefix
// next to a field). Messages the server has not catalogued yet come with code
// "invalid" and their English text as detail: a known one maps to catalogue
// text here, and an unknown one on the Chinese page becomes a per-field
// message built from the field name, so a Chinese user never reads raw English.
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
  // attachments (src/domain/attachment.c): {n} is the type found in the file
  [/^content is ([\w.+/-]+); accepted/, 'err.attach_type'],
  [/^declared [^ ]+ but the content is ([\w.+/-]+)/, 'err.attach_declared'],
  [/^the extension '[^']*' does not match the content \((\w+)\)/, 'err.attach_ext'],
  [/^a listing has at most (\d+) attachments/, 'err.attach_count'],
];

// The message for an ApiError-like {message, field} in the current language,
// or null when there is no catalogue text and the page is Chinese (the caller
// then says what it knows: the field, or a generic sentence).
// The server's codes (docs/api.md) the UI words itself, in the style of its
// forms (full sentences next to the field); any other code shows the
// server's own message, which is already in the page's language.
const CODE_KEYS = {
  title_required: 'err.title_required', desc_required: 'err.desc_required', reason_required: 'err.reason',
  booker_required: 'instr.err_booker', field_required: 'err.required', invalid_email: 'err.email',
  modes_required: 'err.modes', unknown_mode: 'err.modes', invalid_price: 'err.amount', negative: 'err.amount',
  not_number: 'err.amount', money_too_large: 'err.too_large', reg_no_format: 'err.reg_no', invalid_date: 'err.date',
  date_past: 'err.deadline_past', unknown_org: 'err.org', no_such_org: 'err.org', bad_credentials: 'auth.bad_credentials',
  overlap: 'instr.err_overlap', slot_taken: 'instr.err_overlap', outside_hours: 'instr.err_hours',
  closed_on: 'instr.err_closed', end_before_start: 'instr.err_order', time_format: 'instr.err_time',
  // coded since the server's messages were all catalogued (issue #16): the
  // pages keep their fuller sentences for these
  period_not_ended: 'bulletin.err_not_ended', bulletin_exists: 'bulletin.err_made',
  period_format: 'bulletin.err_period', no_qualification: 'instr.err_training',
};

function codeKey(e) {
  if (e.code === 'min_exceeds_max') return e.field === 'budget_min' ? 'err.budget_order' : 'err.min_max';
  if (e.code === 'one_of_list' && e.field === 'sort') return 'err.sort';
  if (e.code === 'int_range' && e.field === 'trl') return 'err.trl';
  return CODE_KEYS[e.code];
}

export function knownText(e) {
  // detail: a message the server has not catalogued (its code is the status's).
  if (e?.code && !e.detail && e.code !== 'invalid' && e.message) {
    const key = codeKey(e);
    return key && has(key) ? t(key) : serverText(e);
  }
  const raw = String(e?.detail || e?.message || '').replace(/^[\w.-]+: /, '');
  for (const [re, key] of KNOWN) {
    const m = raw.match(re);
    if (m && has(key)) return t(key, { n: m[1] || '' });
  }
  return getLang() === 'en' && raw ? raw : null;
}

// The server's message; next to its field without the "<field>: " prefix.
function serverText(e) {
  const m = String(e.message);
  if (!e.field || e.bare) return m;
  const i = m.search(/[：:]/);
  return i > 0 && i <= 40 ? m.slice(i + 1).trim() : m;
}

// Per-field text for a 4xx naming a field the page has: "<label>：填写有误".
export function fieldText(e, label) {
  return knownText(e) || t('err.field_invalid', { field: label || e.field || '' });
}
