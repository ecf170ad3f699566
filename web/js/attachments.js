// attachments.js - the attachments panel of a detail page (issue #18): the
// files of a listing, a challenge or a docking case (PDF, images, Word, Excel) with their type and size, image
// thumbnails, a download link each; for those who may edit the listing, an
// upload form and a delete button per file. The server types each file by
// its content and refuses anything else (415, shown next to the input).
import { h } from './dom.js';
import { t } from './i18n.js';
import { api, upload, ApiError } from './api.js';
import { can } from './auth.js';
import { errorBox, loading } from './ui.js';
import { fmtNumber } from './format.js';
import { knownText } from './messages.js';

const LABEL = {
  'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
};

function size(n) {
  return n >= 1048576 ? t('attach.mb', { n: fmtNumber(Math.round(n / 104857.6) / 10) })
    : t('attach.kb', { n: fmtNumber(Math.max(1, Math.round(n / 1024))) });
}

// kind: 'achievements' | 'demands' | 'challenges' | 'cases'; owner: the
// organisation whose editors may change the files (a listing's, a
// challenge's issuer); opts.mayEdit overrides (a case: its participants).
// The server decides; this only chooses whether to offer the form.
const RES = { achievements: 'achievement', demands: 'demand', challenges: 'challenge' };
export function attachmentsPanel(kind, id, owner, opts = {}) {
  const mayEdit = opts.mayEdit ?? (RES[kind] ? can(RES[kind], 'update', owner) : false);
  const list = h('div', { id: 'attachments-body', 'aria-live': 'polite' }, loading());
  const panel = h('section', { class: 'panel attachments-panel', id: 'attachments', 'aria-labelledby': 'h-attach' },
    h('h2', { id: 'h-attach' }, t('attach.title')), list);
  const load = async () => {
    try {
      const r = await api.get(`/api/${kind}/${id}/attachments`);
      const items = r.items.map((x) => h('li', { class: 'attachment', dataset: { id: x.id } },
        x.mime.startsWith('image/') ? h('img', { class: 'thumb', src: `${x.url}?inline=1`, alt: '', width: 48, height: 48, loading: 'lazy' }) : h('span', { class: 'file-badge', 'aria-hidden': 'true' }, LABEL[x.mime] || '?'),
        h('a', { href: x.url, download: x.name }, x.name),
        h('span', { class: 'hint' }, `${LABEL[x.mime] || x.mime} · ${size(x.size)}`),
        mayEdit ? h('button', { type: 'button', class: 'btn btn-danger btn-small', dataset: { action: 'delete-attachment' }, 'aria-label': t('attach.delete_named', { name: x.name }), onclick: async (ev) => {
          ev.currentTarget.disabled = true;
          try { await api.del(x.url); await load(); } catch (e) { list.append(errorBox(e)); }
        } }, t('attach.delete')) : null));
      list.replaceChildren(items.length ? h('ul', { class: 'attachment-list' }, items) : h('p', { class: 'hint' }, t('attach.none')));
    } catch (e) {
      list.replaceChildren(errorBox(e, load));
    }
  };
  if (mayEdit) {
    const err = h('p', { class: 'field-error', id: 'attach-error', hidden: true, role: 'alert' });
    const input = h('input', { type: 'file', id: 'attach-file', name: 'file', accept: '.pdf,.png,.jpg,.jpeg,.docx,.xlsx', 'aria-describedby': 'attach-hint attach-error' });
    const form = h('form', { class: 'attach-form', novalidate: true, dataset: { field: 'file' }, onsubmit: async (ev) => {
      ev.preventDefault();
      err.hidden = true;
      const f = input.files[0];
      if (!f) { err.textContent = t('attach.choose'); err.hidden = false; return; }
      btn.disabled = true;
      try {
        await upload(`/api/${kind}/${id}/attachments`, f, { name: f.name });
        form.reset();
        await load();
      } catch (e) {
        err.textContent = e instanceof ApiError && e.status === 415 ? t('attach.refused', { detail: knownText(e) || e.message.replace(/^[\w.-]+: /, '') })
          : e instanceof ApiError && e.status === 413 ? t('attach.too_big') : (knownText(e) || t('error.400'));
        err.hidden = false;
      } finally { btn.disabled = false; }
    } },
    h('label', { for: 'attach-file' }, t('attach.add')), input,
    h('p', { class: 'hint', id: 'attach-hint' }, t('attach.hint')), err);
    const btn = h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'upload' } }, t('attach.upload'));
    form.append(btn);
    panel.append(form);
  }
  load();
  return panel;
}
