// form.js - labelled form controls with an error slot each, and the mapping of
// the API's {"error", "field"} answer onto them. Every control's wrapper has
// data-field = the API field name ("trl", "contact.email"), so a 400 naming a
// field puts its message right under that input (aria-invalid, aria-describedby,
// focus). Forms use novalidate: the server is the one source of validation rules.
import { h, nextId } from './dom.js';
import { t, has } from './i18n.js';
import { errorMessage } from './ui.js';

// spec: {name, label, type ('text'|'textarea'|'select'|'number'|'email'|'tel'|'date'|'checks'),
//        value, options [[value,label]], required, hint, attrs {}, span2}
export function control(spec) {
  const id = nextId(`f-${spec.name.replace(/\W/g, '-')}`);
  const errId = `${id}-err`, hintId = spec.hint ? `${id}-hint` : null;
  const describedby = [hintId, errId].filter(Boolean).join(' ');
  const common = { id, name: spec.name, 'aria-describedby': describedby, 'aria-required': spec.required ? 'true' : null, ...(spec.attrs || {}) };
  let input;
  if (spec.type === 'textarea') input = h('textarea', { ...common, rows: spec.rows || 5 }, spec.value ?? '');
  else if (spec.type === 'select') {
    input = h('select', common, spec.options.map(([v, l]) => h('option', { value: v, selected: String(spec.value ?? '') === String(v) }, l)));
  } else if (spec.type === 'checks') {
    const vals = new Set(spec.value || []);
    const fs = h('fieldset', { class: 'checks-field', 'aria-describedby': describedby, id },
      h('legend', null, spec.label, spec.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
      h('div', { class: 'checks' }, spec.options.map(([v, l]) => {
        const cid = nextId(`${id}-${v}`);
        return h('label', { for: cid }, h('input', { type: 'checkbox', id: cid, name: spec.name, value: v, checked: vals.has(v) }), l);
      })),
      spec.hint ? h('p', { class: 'hint', id: hintId }, spec.hint) : null,
      h('p', { class: 'field-error', id: errId, hidden: true, role: 'alert' }));
    return h('div', { class: ['form-field', spec.span2 && 'span2'], dataset: { field: spec.apiField || spec.name } }, fs);
  } else input = h('input', { ...common, type: spec.type || 'text', value: spec.value ?? '' });
  return h('div', { class: ['form-field', spec.span2 && 'span2'], dataset: { field: spec.apiField || spec.name } },
    h('label', { for: id }, spec.label, spec.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    input,
    spec.hint ? h('p', { class: 'hint', id: hintId }, spec.hint) : null,
    h('p', { class: 'field-error', id: errId, hidden: true }));
}

export function clearErrors(form) {
  for (const p of form.querySelectorAll('.field-error')) { p.hidden = true; p.textContent = ''; }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const top = form.querySelector('.form-error');
  if (top) top.replaceChildren();
}

// Known server messages -> catalogue keys, so a Chinese user reads Chinese.
const KNOWN = [
  [/title is required/, 'err.title_required'],
  [/description of the problem is required/, 'err.desc_required'],
  [/^is required/, 'err.required'],
  [/integer from (\d+) to (\d+)|must be 0 \(any\) or 1 to 9/, 'err.trl'],
  [/not an email address/, 'err.email'],
  [/at least one of transfer|unknown transaction mode/, 'err.modes'],
  [/non-negative amount|must be a number|must be a non-negative/, 'err.amount'],
  [/implausibly large/, 'err.too_large'],
  [/12 digits/, 'err.reg_no'],
  [/date YYYY-MM-DD/, 'err.date'],
  [/must not exceed budget_max/, 'err.budget_order'],
  [/at most (\d+) keywords/, 'err.keywords_max'],
  [/unknown organisation/, 'err.org'],
  [/longer than (\d+) characters/, 'err.too_long'],
  [/is required when returning/, 'err.reason'],
];
export function fieldMessage(e) {
  const raw = String(e.message || '').replace(/^[\w.]+: /, '');
  for (const [re, key] of KNOWN) {
    const m = raw.match(re);
    if (m && has(key)) return t(key, { n: m[1] || '' });
  }
  return raw || errorMessage(e);
}

// Shows an ApiError: next to its field when the form has it, else on top.
export function showError(form, e) {
  const wrap = e.field ? (form.querySelector(`[data-field="${CSS.escape(e.field)}"]`)
    || form.querySelector(`[data-field="${CSS.escape(e.field.split('.')[0])}"]`)) : null;
  if (wrap) {
    const p = wrap.querySelector('.field-error');
    p.textContent = fieldMessage(e);
    p.hidden = false;
    const input = wrap.querySelector('input:not([type="checkbox"]), select, textarea') || wrap.querySelector('input');
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
    const details = wrap.closest('details');
    if (details) details.open = true;
    return;
  }
  const top = form.querySelector('.form-error');
  if (top) { top.replaceChildren(h('div', { class: 'state state-error', role: 'alert' }, errorMessage(e))); top.querySelector('div').focus?.(); }
}

export function values(form, name) { return [...form.querySelectorAll(`[name="${name}"]:checked`)].map((x) => x.value); }
