// form.js - labelled form controls with an error slot each, and the mapping of
// the API's {"error", "field"} answer onto them. Every control's wrapper has
// data-field = the API field name ("trl", "contact.email"), so a 400 naming a
// field puts its message right under that input (aria-invalid, aria-describedby,
// focus). Forms use novalidate: the server is the one source of validation rules.
import { h, nextId } from './dom.js';
import { errorMessage } from './ui.js';
import { fieldText } from './messages.js';

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

// A server message in the user's language (see messages.js).
export function fieldMessage(e, label) { return fieldText(e, label); }

function labelOf(wrap) {
  const l = wrap.querySelector('legend, label');
  return l ? l.textContent.replace(/\s*\*$/, '').trim() : '';
}

// Puts one message under the input of `field`; returns that input (or null).
function markField(form, field, e) {
  const wrap = form.querySelector(`[data-field="${CSS.escape(field)}"]`)
    || form.querySelector(`[data-field="${CSS.escape(field.split('.')[0])}"]`);
  if (!wrap) return null;
  const p = wrap.querySelector('.field-error');
  // Quality checklist items (issue #16) come in both languages from the server.
  p.textContent = e.text ?? fieldMessage(e, labelOf(wrap));
  p.hidden = false;
  const input = wrap.querySelector('input:not([type="checkbox"]), select, textarea') || wrap.querySelector('input');
  if (input) input.setAttribute('aria-invalid', 'true');
  const details = wrap.closest('details');
  if (details) details.open = true;
  return input || wrap;
}

// Shows an ApiError: every field error it lists (e.errors) next to its
// field, focusing the first; a message without a field of this form on top.
export function showError(form, e) {
  const zh = (document.documentElement.lang || '').startsWith('zh');
  const raw = e.errors?.length
    ? e.errors.map((x) => ({ field: x.field, message: x.error, code: x.code, bare: true, text: x.zh && x.en ? (zh ? x.zh : x.en) : undefined }))
    : (e.field ? [{ field: e.field, message: e.message, code: e.code, detail: e.detail }] : []);
  // Several checklist items may name one field (the abstract): one line each.
  const list = [];
  for (const x of raw) {
    const same = x.text && list.find((y) => y.field === x.field && y.text);
    if (same) same.text += '\n' + x.text; else list.push({ ...x });
  }
  let first = null;
  const unplaced = [];
  for (const x of list) {
    const el = markField(form, x.field, { ...x, status: e.status });
    if (el) first = first || el;
    else unplaced.push(x);
  }
  if (first) {
    first.focus?.();
    if (!unplaced.length) return;
  }
  const top = form.querySelector('.form-error');
  if (!top) return;
  const msgs = unplaced.length && first ? unplaced.map((x) => fieldMessage(x, x.field)) : [errorMessage(e)];
  top.replaceChildren(h('div', { class: 'state state-error', role: 'alert', tabindex: '-1' }, msgs.map((m) => h('p', null, m))));
  if (!first) top.querySelector('div').focus?.();
}

export function values(form, name) { return [...form.querySelectorAll(`[name="${name}"]:checked`)].map((x) => x.value); }
