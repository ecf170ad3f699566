// dash_kpis.js - the docking KPIs of the year on /dashboard (issue #14,
// docs/docking.md): by broker, by transfer institution or by event, counted
// only from registered contracts reached through a docking case. Each row
// drills down to the cases and contracts behind its figures (GET
// /api/kpi/trace): the cases link to /cases/{id}, and the contracts listed
// are exactly the ones counted. Offered to the roles that may read KPIs.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { fmtMoney, fmtNumber } from '../format.js';
import { empty, errorBox } from '../ui.js';

const BY = ['broker', 'institution', 'event'];

async function table(box, trace, q) {
  let r;
  try { r = await api.get('/api/kpi', q); } catch (e) { box.replaceChildren(errorBox(e)); return; }
  if (!r.items.length) { box.replaceChildren(empty(t('kpi.none'))); return; }
  box.replaceChildren(h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: 'kpi-table', dataset: { by: q.by } },
    h('thead', null, h('tr', null, [`kpi.by_${q.by}`, 'kpi.opened', 'kpi.contracted', 'kpi.contracts', 'kpi.tx_amount', 'kpi.median']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, r.items.slice(0, 20).map((k) => h('tr', { dataset: { id: k.id } },
      h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link-btn kpi-drill', onclick: async () => {
        try {
          const tr = await api.get('/api/kpi/trace', { ...q, id: k.id });
          const counted = tr.items.filter((x) => x.contract_id !== null);
          trace.replaceChildren(h('h3', null, t(`kpi.trace_${q.by}`, { id: String(k.id), name: k.name || '' })),
            h('p', { class: 'hint', id: 'kpi-trace-sum' }, t('kpi.trace_sum', { cases: fmtNumber(tr.items.length), contracts: fmtNumber(new Set(counted.map((x) => x.contract_id)).size) })),
            h('ul', null, tr.items.map((x) => h('li', { dataset: { case: x.case_id, contract: x.contract_id ?? '' } },
              h('a', { href: `/cases/${x.case_id}` }, `#${x.case_id}`), ` ${x.opened_on} `,
              x.contract_id ? t('kpi.trace_contract', { id: String(x.contract_id), d: x.signed_on, v: fmtMoney(x.tx_amount) }) : t(`case.s_${x.status}`)))));
        } catch (e) { trace.replaceChildren(errorBox(e)); }
      } }, k.name ? `${k.name} (#${k.id})` : `#${k.id}`)),
      h('td', { dataset: { col: 'opened' } }, fmtNumber(k.cases_opened)), h('td', { dataset: { col: 'contracted' } }, fmtNumber(k.cases_contracted)),
      h('td', { dataset: { col: 'contracts' } }, fmtNumber(k.contracts)),
      h('td', null, fmtMoney(k.tx_amount)), h('td', null, k.median_days === null ? '-' : fmtNumber(k.median_days))))))));
}

export function kpiPanel(ctx, year) {
  if (!can('kpi', 'read')) return; // offered only to roles that may read it (no 401/403 in the console)
  const since = `${year}-01-01`, until = `${year}-12-31`;
  const box = h('div', { 'aria-live': 'polite' });
  const trace = h('div', { id: 'kpi-trace', 'aria-live': 'polite' });
  const sel = h('select', { id: 'kpi-by', name: 'by' }, BY.map((b) => h('option', { value: b }, t(`kpi.by_${b}`))));
  sel.addEventListener('change', () => { trace.replaceChildren(); table(box, trace, { by: sel.value, since, until }); });
  ctx.main.append(h('section', { class: 'panel', id: 'broker-kpis', 'aria-labelledby': 'h-kpi' },
    h('h2', { id: 'h-kpi' }, t('kpi.title', { y: String(year) })), h('p', { class: 'hint' }, t('kpi.hint')),
    h('div', { class: 'form-field' }, h('label', { for: 'kpi-by' }, t('kpi.by')), sel), box, trace));
  table(box, trace, { by: 'broker', since, until });
}
