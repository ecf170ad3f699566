// bulletins.js - /bulletins: the archive of weekly and monthly bulletins
// (issue #16), and /bulletins/:period (2026-W48, 2026-11): one bulletin as a
// printable page - headline figures, new achievements and demands by field,
// demands closing soon, upcoming events - with a print stylesheet
// (css/app.css, @media print) so the browser's "print" gives a clean PDF.
// Reviewers and administrators make a bulletin the scheduler has not made.
import { h, append } from '../dom.js';
import { t, term, getLang } from '../i18n.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { control, clearErrors, showError } from '../form.js';
import { empty, errorBox, titleText } from '../ui.js';
import { fmtNumber, fmtMoney, fmtDate } from '../format.js';

// "2026-W48" -> "2026年第48周" / "Week 48, 2026"; "2026-11" -> "2026年11月" / "November 2026".
export function periodTitle(p) {
  const w = /^(\d{4})-W(\d{2})$/.exec(p);
  if (w) return t('bulletin.week_of', { y: w[1], w: String(Number(w[2])) });
  const m = /^(\d{4})-(\d{2})$/.exec(p);
  if (!m) return p;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return new Intl.DateTimeFormat(getLang() === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(d);
}

// The last day of [from, to).
function lastDay(to) {
  const d = new Date(to + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export default async function render(ctx) {
  if (ctx.params.period) return bulletin(ctx, ctx.params.period);
  return archive(ctx);
}

async function archive(ctx) {
  ctx.setTitle(t('bulletin.archive'));
  const head = h('h1', null, t('bulletin.archive'));
  let r;
  try {
    r = await api.get('/api/bulletins', { limit: 200 }, { signal: ctx.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(head, errorBox(e));
    return;
  }
  const section = (kind) => {
    const rows = r.items.filter((b) => b.kind === kind);
    return h('section', { class: 'panel bulletin-archive', id: `archive-${kind}` }, h('h2', null, t(`bulletin.${kind}`)),
      rows.length ? h('ul', { class: 'bulletin-list' }, rows.map((b) => h('li', { dataset: { period: b.period } },
        h('a', { href: `/bulletins/${b.period}` }, periodTitle(b.period)), ' ',
        h('span', { class: 'muted' }, `${fmtDate(b.from)} – ${fmtDate(lastDay(b.to))} · `,
          t('bulletin.counts', { a: fmtNumber(b.figures.new_achievements), d: fmtNumber(b.figures.new_demands) })))))
        : empty(t('bulletin.none')));
  };
  append(ctx.main, [head, h('p', { class: 'hint' }, t('bulletin.hint')), makeForm(ctx), section('weekly'), section('monthly')]);
}

function makeForm(ctx) {
  if (!can('bulletin', 'create')) return null;
  const form = h('form', { novalidate: true, id: 'bulletin-make', class: 'panel', onsubmit: async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    try {
      const b = await api.post('/api/bulletins', { period: form.elements.period.value.trim() });
      ctx.navigate(`/bulletins/${b.period}`);
    } catch (e) { showError(form, e); }
  } }, h('h2', null, t('bulletin.make')),
  h('div', { class: 'form-error', 'aria-live': 'assertive' }),
  control({ name: 'period', label: t('bulletin.period'), hint: t('bulletin.period_hint'), attrs: { placeholder: '2026-W48', autocomplete: 'off' } }),
  h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'bulletin-make-btn' }, t('bulletin.make_btn'))));
  return form;
}

function listingGroups(groups, kind) {
  if (!groups.length) return empty(t('bulletin.none_new'));
  return h('div', { class: 'bulletin-groups' }, groups.map((g) => h('section', { class: 'bulletin-field' },
    h('h3', null, g.field ? term('field', g.field) : t('bulletin.no_field'), ' ', h('span', { class: 'muted' }, `(${fmtNumber(g.items.length)})`)),
    h('ul', null, g.items.map((x) => h('li', { dataset: { id: x.id } },
      h('a', { href: `/${kind}/${x.id}` }, titleText(x)), ' ', h('span', { class: 'muted' }, `${x.org || ''} · ${fmtDate(x.date)}`)))))));
}

async function bulletin(ctx, period) {
  ctx.setTitle(`${t('bulletin.title')} ${periodTitle(period)}`);
  let b;
  try {
    b = await api.get(`/api/bulletins/${period}`, null, { signal: ctx.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(h('h1', null, t('bulletin.title')), errorBox(e));
    return;
  }
  const f = b.figures;
  const kpi = (id, label, value, note) => h('div', { class: 'kpi', id }, h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, value), note ? h('div', { class: 'kpi-note muted' }, note) : null);
  const art = h('article', { class: 'bulletin', id: 'bulletin', dataset: { period: b.period } },
    h('header', { class: 'bulletin-head' },
      h('p', { class: 'bulletin-kicker' }, t('app.footer')),
      h('h1', { id: 'bulletin-title' }, `${t('bulletin.title')} · ${periodTitle(b.period)}`),
      h('p', { class: 'bulletin-dates' }, `${fmtDate(b.from)} – ${fmtDate(lastDay(b.to))}`, ' · ',
        t(b.kind === 'weekly' ? 'bulletin.weekly_one' : 'bulletin.monthly_one'))),
    h('section', { class: 'bulletin-figures', 'aria-labelledby': 'bf-h' }, h('h2', { id: 'bf-h' }, t('bulletin.figures')),
      h('div', { class: 'kpis' },
        kpi('kpi-new-a', t('bulletin.new_a'), fmtNumber(f.new_achievements)),
        kpi('kpi-new-d', t('bulletin.new_d'), fmtNumber(f.new_demands)),
        kpi('kpi-contracts', t('bulletin.contracts'), fmtNumber(f.contracts), fmtMoney(f.contract_amount)),
        kpi('kpi-closing', t('bulletin.closing'), fmtNumber(f.closing_demands), t('bulletin.before', { d: fmtDate(lastDay(b.window_to)) })),
        kpi('kpi-events', t('bulletin.events'), fmtNumber(f.upcoming_events)),
        kpi('kpi-live', t('bulletin.live'), `${fmtNumber(f.published_achievements)} / ${fmtNumber(f.published_demands)}`, t('bulletin.live_note')))),
    h('section', { 'aria-labelledby': 'ba-h' }, h('h2', { id: 'ba-h' }, t('bulletin.new_a')), listingGroups(b.new_achievements, 'achievements')),
    h('section', { 'aria-labelledby': 'bd-h' }, h('h2', { id: 'bd-h' }, t('bulletin.new_d')), listingGroups(b.new_demands, 'demands')),
    h('section', { 'aria-labelledby': 'bc-h' }, h('h2', { id: 'bc-h' }, t('bulletin.closing')),
      b.closing_demands.length ? h('table', { class: 'data-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('item.deadline')), h('th', { scope: 'col' }, t('bulletin.demand')), h('th', { scope: 'col' }, t('bulletin.org')))),
        h('tbody', null, b.closing_demands.map((x) => h('tr', { dataset: { id: x.id } }, h('td', null, fmtDate(x.deadline)),
          h('td', null, h('a', { href: `/demands/${x.id}` }, titleText(x))), h('td', null, x.org || '')))))
        : empty(t('bulletin.none_closing'))),
    h('section', { 'aria-labelledby': 'be-h' }, h('h2', { id: 'be-h' }, t('bulletin.events')),
      b.events.length ? h('ul', null, b.events.map((e) => h('li', null, `${fmtDate(e.starts_on)} · `, e.title, e.organiser ? ` · ${e.organiser}` : '')))
        : empty(t('bulletin.none_events'))),
    h('footer', { class: 'bulletin-foot muted' }, t('bulletin.generated', { at: fmtDate(b.generated_at, true) })));
  append(ctx.main, [
    h('p', { class: 'no-print bulletin-tools' }, h('a', { href: '/bulletins' }, t('bulletin.back')), ' ',
      h('button', { type: 'button', class: 'btn', id: 'bulletin-print', onclick: () => window.print() }, t('bulletin.print'))),
    art]);
}
