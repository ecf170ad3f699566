// dashboard.js - /dashboard: the official technology-market indicators
// (docs/indicators.md) for a year and a region: headline figures, turnover
// trend with year-on-year growth, breakdown by contract type and by city (or
// by district/zone inside a city), the achievement conversion funnel, and
// progress against the year's targets. Charts are Apache ECharts
// (/vendor/echarts.min.js, canvas renderer, rich-text tooltips so the CSP's
// style-src 'self' is respected). Every chart exports CSV (built here from
// the rows on screen: headers in the page's language, a BOM for Excel, and a
// file name per chart) and PNG (echarts getDataURL).
import { h } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { api } from '../api.js';
import { can } from '../auth.js';
import { fmtMoney, fmtNumber } from '../format.js';
import { loading, errorBox, empty } from '../ui.js';
import { registriesPanel } from './dash_registries.js';
import { kpiPanel } from './dash_kpis.js';

let echartsP = null;
function loadEcharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!echartsP) {
    echartsP = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/vendor/echarts.min.js';
      s.onload = () => resolve(window.echarts);
      s.onerror = () => { echartsP = null; reject(new Error(t('dash.no_charts'))); };
      document.head.append(s);
    });
  }
  return echartsP;
}

function loadCss() {
  if (document.querySelector('link[data-dashboard-css]')) return;
  document.head.append(h('link', { rel: 'stylesheet', href: '/css/dashboard.css', 'data-dashboard-css': '1' }));
}

const qs = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();

// Money on axes: 亿元 in Chinese, billions of yuan in English.
const bigUnit = () => (getLang() === 'zh' ? 1e8 : 1e9);
const bigLabel = () => t('dash.unit_big');
const big = (yuan) => Math.round((yuan / bigUnit()) * 100) / 100;
const pct = (v) => (v === null || v === undefined ? '—' : `${v >= 0 && v !== 0 ? '+' : ''}${v.toFixed(1)}%`);
const pctPlain = (v) => (v === null || v === undefined ? '—' : `${v.toFixed(1)}%`);

function regionName(r) {
  if (!r) return '';
  return getLang() === 'zh' ? r.zh : r.en;
}

function kpi(label, value, note, id) {
  return h('div', { class: 'kpi', dataset: { kpi: id } },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, value),
    note ? h('div', { class: 'kpi-note' }, note) : null);
}

const TYPE_KEYS = {
  development: 'dash.type.development', transfer: 'dash.type.transfer', licensing: 'dash.type.licensing',
  consulting: 'dash.type.consulting', service: 'dash.type.service',
};
const typeName = (k) => (TYPE_KEYS[k] ? t(TYPE_KEYS[k]) : k);
const METRIC_KEYS = {
  contract_count: 'dash.metric.contract_count', turnover: 'dash.metric.turnover',
  commercialised: 'dash.metric.commercialised', local_conversion_rate: 'dash.metric.local_conversion_rate',
  high_tech: 'dash.metric.high_tech',
};
const metricName = (k) => (METRIC_KEYS[k] ? t(METRIC_KEYS[k]) : k);

// CSV of the rows a chart shows: a header row in the page's language, a
// UTF-8 BOM (Excel), CRLF lines, quoting where needed; saved as `name`.
function downloadCsv(name, table) {
  const cell = (v) => { const s = v === null || v === undefined ? '' : String(v); return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
  const text = '\ufeff' + table.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// Turnover rows (trend by period, by contract type, by city/district).
function turnoverTable(rows, by) {
  const first = { period: t('dash.col.year'), type: t('dash.col.type'), area: t('dash.col.area') }[by];
  const label = (r) => (by === 'period' ? r.period : by === 'type' ? typeName(r.group) : (getLang() === 'zh' ? r.group_zh : r.group_en) || r.group);
  return [[first, t('dash.col.amount'), t('dash.col.count'), t('dash.col.yoy')],
    ...rows.map((r) => [label(r), r.amount, r.count, r.yoy_amount_pct === null || r.yoy_amount_pct === undefined ? '' : Math.round(r.yoy_amount_pct * 10) / 10])];
}

export default async function render(ctx) {
  loadCss();
  ctx.setTitle(t('dash.title'));
  const now = new Date().getUTCFullYear();
  const head = h('h1', null, t('dash.title'));
  ctx.main.append(head);

  let regions, echarts, trend;
  try {
    [regions, echarts, trend] = await Promise.all([
      api.get('/api/indicators/regions', null, { signal: ctx.signal }),
      loadEcharts(),
      api.get('/api/indicators/turnover', { from: now - 15, to: now, region: ctx.query.get('region') || undefined }, { signal: ctx.signal }),
    ]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    ctx.main.append(errorBox(e));
    return undefined;
  }
  const years = trend.rows.filter((r) => r.count > 0).map((r) => Number(r.period));
  const qYear = Number(ctx.query.get('year'));
  const year = qYear || (years.length ? Math.max(...years) : now - 1);
  const region = trend.query.region;
  const isProvince = region.level === 'province';
  const isCity = region.level === 'city';

  // ---- toolbar: year and region
  const yearSel = h('select', { id: 'dash-year', name: 'year' },
    [...new Set([...years, year])].sort((a, b) => b - a).map((y) => h('option', { value: y, selected: y === year }, String(y))));
  const regSel = h('select', { id: 'dash-region', name: 'region' },
    regions.regions.map((r) => h('option', { value: r.code, selected: r.code === region.code },
      `${r.level === 'province' ? '' : r.level === 'city' ? '· ' : '· · '}${getLang() === 'zh' ? r.zh : r.en}`)));
  const go = () => ctx.navigate(`/dashboard?${qs({ year: yearSel.value, region: regSel.value })}`, { replace: true, keepScroll: true });
  yearSel.addEventListener('change', go);
  regSel.addEventListener('change', go);
  ctx.main.append(h('div', { class: 'toolbar' },
    h('div', { class: 'form-field' }, h('label', { for: 'dash-year' }, t('dash.year')), yearSel),
    h('div', { class: 'form-field' }, h('label', { for: 'dash-region' }, t('dash.region')), regSel)));

  // 揭榜挂帅 programme (docs/challenges.md): headline figures, drill-down by field on /challenges.
  const chi = await api.get('/api/indicators/challenges', null, { signal: ctx.signal }).catch(() => null);
  if (chi) {
    const x = chi.total;
    ctx.main.append(h('section', { id: 'dash-challenges' }, h('h2', null, t('dash.challenges')),
      h('p', null, t('dash.challenges_line', { published: fmtNumber(x.published), apps: fmtNumber(x.applications),
        awarded: fmtNumber(x.awarded), committed: fmtMoney(x.committed_fen / 100), released: fmtMoney(x.released_fen / 100) })),
      h('ul', null, chi.by_field.map((f) => h('li', null, h('a', { href: `/challenges?field=${encodeURIComponent(f.key)}` }, f.key),
        ` ${fmtNumber(f.published)} · ${fmtMoney(f.committed_fen / 100)}`)))));
  }

  // ---- data for the year
  const rq = { region: region.code };
  const from = Math.max(year - 9, Math.min(...(years.length ? years : [year])));
  const q = {
    summary: { year, ...rq },
    trend: { from, to: year, ...rq },
    type: { from: year, to: year, by: 'type', ...rq },
    area: { from: year, to: year, by: isProvince ? 'city' : 'district', ...rq },
    funnel: { from: year, to: year, ...rq },
    targets: { year, ...rq },
  };
  let s, tr, ty, ar, fu, tg;
  const body = h('div', null, loading());
  ctx.main.append(body);
  try {
    [s, tr, ty, ar, fu, tg] = await Promise.all([
      api.get('/api/indicators/summary', q.summary, { signal: ctx.signal }),
      api.get('/api/indicators/turnover', q.trend, { signal: ctx.signal }),
      api.get('/api/indicators/turnover', q.type, { signal: ctx.signal }),
      isProvince || isCity ? api.get('/api/indicators/turnover', q.area, { signal: ctx.signal }) : null,
      api.get('/api/indicators/funnel', q.funnel, { signal: ctx.signal }),
      api.get('/api/indicators/targets', q.targets, { signal: ctx.signal }),
    ]);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    body.replaceChildren(errorBox(e));
    return undefined;
  }

  // ---- headline figures
  const kpis = h('div', { class: 'kpis' },
    kpi(t('dash.kpi.turnover'), fmtMoney(s.turnover), t('dash.kpi.yoy', { v: pct(s.turnover_yoy_pct) }), 'turnover'),
    kpi(t('dash.kpi.contracts'), fmtNumber(s.contract_count), t('dash.kpi.yoy', { v: pct(s.count_yoy_pct) }), 'contracts'),
    isProvince ? null : kpi(t('dash.kpi.share'), pctPlain(s.turnover_share_of_parent_pct), t('dash.kpi.share_note'), 'share'),
    kpi(t('dash.kpi.local_rate'), pctPlain(s.local_conversion_rate_pct),
      t('dash.kpi.local_note', { n: fmtNumber(s.commercialised_local), total: fmtNumber(s.commercialised) }), 'local'),
    kpi(t('dash.kpi.high_tech'), fmtNumber(s.high_tech_enterprises), null, 'hightech'),
    s.service_revenue_fen ? kpi(t('dash.kpi.service'), fmtMoney(s.service_revenue), null, 'service') : null);

  const charts = [];
  const cards = [];
  // CSV: a click saves the chart's rows with headers in the page's language
  // (downloadCsv); the link itself stays the API's machine-readable CSV (for
  // "copy link" and scripts).
  const card = (id, title, csvPath, csvParams, table, option) => {
    const box = h('div', { class: 'chart', id: `chart-${id}`, role: 'img', 'aria-label': title });
    const png = h('button', { type: 'button', class: 'btn btn-small', dataset: { png: id } }, t('dash.png'));
    const csv = h('a', { class: 'btn btn-small', href: `${csvPath}?${qs({ ...csvParams, format: 'csv' })}`, download: `${id}-${year}.csv`, dataset: { csv: id },
      onclick: (ev) => { ev.preventDefault(); downloadCsv(`${id}-${year}.csv`, table()); } }, t('dash.csv'));
    cards.push(h('section', { class: 'chart-card', dataset: { chart: id } },
      h('div', { class: 'chart-head' }, h('h2', null, title), h('div', { class: 'chart-actions' }, csv, png)),
      option ? box : empty(t('dash.no_data'))));
    if (option) charts.push({ id, box, option, png });
  };
  const base = { animation: false, tooltip: { renderMode: 'richText' }, textStyle: { fontFamily: 'inherit' } };

  // 1. trend
  const trows = tr.rows;
  card('trend', t('dash.chart.trend', { region: regionName(region) }), '/api/indicators/turnover', q.trend, () => turnoverTable(trows, 'period'),
    trows.length ? {
      ...base,
      tooltip: { ...base.tooltip, trigger: 'axis' },
      legend: { data: [t('dash.series.turnover'), t('dash.series.yoy')] },
      grid: { left: 60, right: 60, bottom: 30, top: 40 },
      xAxis: { type: 'category', data: trows.map((r) => r.period) },
      yAxis: [{ type: 'value', name: bigLabel() }, { type: 'value', name: '%' }],
      series: [
        { name: t('dash.series.turnover'), type: 'bar', data: trows.map((r) => big(r.amount)), itemStyle: { color: '#1f6feb' } },
        { name: t('dash.series.yoy'), type: 'line', yAxisIndex: 1, data: trows.map((r) => (r.yoy_amount_pct === null ? null : Math.round(r.yoy_amount_pct * 10) / 10)), itemStyle: { color: '#d9822b' } },
      ],
    } : null);

  // 2. by type
  card('type', t('dash.chart.type'), '/api/indicators/turnover', q.type, () => turnoverTable(ty.rows, 'type'),
    ty.rows.length ? {
      ...base,
      tooltip: { ...base.tooltip, trigger: 'item' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: ty.rows.map((r) => ({ name: typeName(r.group), value: big(r.amount) })) }],
    } : null);

  // 3. by city (province) or by district/zone (city)
  if (ar) {
    const rows = [...ar.rows].sort((a, b) => b.amount - a.amount);
    card('area', t(isProvince ? 'dash.chart.city' : 'dash.chart.district'), '/api/indicators/turnover', q.area, () => turnoverTable(rows, 'area'),
      rows.length ? {
        ...base,
        tooltip: { ...base.tooltip, trigger: 'axis' },
        // The unit (亿元) goes under the axis, inside the canvas: at the axis end
        // it was cut off at the right edge.
        grid: { left: 10, right: 24, bottom: 44, top: 20, containLabel: true },
        xAxis: { type: 'value', name: bigLabel(), nameLocation: 'middle', nameGap: 28 },
        yAxis: { type: 'category', inverse: true, data: rows.map((r) => (getLang() === 'zh' ? r.group_zh : r.group_en)) },
        series: [{ type: 'bar', data: rows.map((r) => big(r.amount)), itemStyle: { color: '#2f9e6e' } }],
      } : null);
  }

  // 4. funnel
  const fr = fu.rows.find((r) => r.period === String(year));
  card('funnel', t('dash.chart.funnel'), '/api/indicators/funnel', q.funnel, () => [[t('dash.col.year'), t('dash.funnel.published'), t('dash.funnel.commercialised'), t('dash.funnel.local')],
    ...fu.rows.map((r) => [r.period, r.published, r.commercialised, r.commercialised_local])],
    fr ? {
      ...base,
      tooltip: { ...base.tooltip, trigger: 'item' },
      series: [{
        type: 'funnel', sort: 'none', left: '10%', width: '80%', label: { position: 'inside', formatter: '{b}: {c}' },
        data: [
          { name: t('dash.funnel.published'), value: fr.published },
          { name: t('dash.funnel.commercialised'), value: fr.commercialised },
          { name: t('dash.funnel.local'), value: fr.commercialised_local },
        ],
      }],
    } : null);

  // 5. targets
  const trg = tg.rows.filter((r) => r.progress_pct !== null);
  card('targets', t('dash.chart.targets'), '/api/indicators/targets', q.targets, () => [[t('dash.col.metric'), t('dash.col.target'), t('dash.col.actual'), t('dash.col.progress'), t('dash.col.met')],
    ...tg.rows.map((r) => [metricName(r.metric), r.target, r.actual, r.progress_pct === null ? '' : Math.round(r.progress_pct * 10) / 10, t(`dash.met.${r.met === 'yes' ? 'yes' : 'no'}`)])],
    trg.length ? {
      ...base,
      tooltip: { ...base.tooltip, trigger: 'axis' },
      grid: { left: 150, right: 40, bottom: 30, top: 20 },
      xAxis: { type: 'value', name: '%', max: (v) => Math.max(120, Math.ceil(v.max / 10) * 10) },
      yAxis: { type: 'category', inverse: true, data: trg.map((r) => metricName(r.metric)) },
      series: [{
        type: 'bar', data: trg.map((r) => ({ value: Math.round(r.progress_pct * 10) / 10, itemStyle: { color: r.met === 'yes' ? '#2f9e6e' : '#d9822b' } })),
        label: { show: true, position: 'right', formatter: '{c}%' },
        markLine: { symbol: 'none', data: [{ xAxis: 100 }], lineStyle: { color: '#888', type: 'dashed' }, label: { formatter: '100%', position: 'start' } }, // top (the y axis is inverted): at the foot it covered the axis's own 100
      }],
    } : null);

  body.replaceChildren(
    h('p', { class: 'hint' }, t('dash.scope', { year, region: regionName(region) })),
    kpis,
    h('div', { class: 'chart-grid' }, cards),
    // The contracts export is for roles that may read contracts (anonymous
    // visitors got a 401 file); the definitions are a link, not a path.
    h('p', { class: 'hint dash-foot' },
      can('contract', 'read') ? [h('a', { href: '/api/contracts?format=csv&limit=1000000', download: 'contracts.csv' }, t('dash.export_contracts')), ' · '] : null,
      h('a', { href: '/docs/indicators.md', target: '_blank', rel: 'noopener' }, t('dash.definitions'))));

  // Charts need their boxes in the document (the app swaps the page in when
  // render resolves), so they are created on the next task.
  const instances = [];
  const timer = setTimeout(() => {
    for (const c of charts) {
      if (!c.box.isConnected) continue;
      const inst = echarts.init(c.box, null, { renderer: 'canvas' });
      inst.on('finished', () => { c.box.dataset.rendered = '1'; });
      inst.setOption(c.option);
      instances.push(inst);
      c.png.addEventListener('click', () => {
        const a = h('a', { href: inst.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }), download: `${c.id}-${year}.png` });
        document.body.append(a);
        a.click();
        a.remove();
      });
    }
  }, 0);
  kpiPanel(ctx, year);
  // the registries of the innovation system in the chosen region (issue #15)
  registriesPanel(ctx, year, region, regions.regions).catch((e) => { if (e.name !== 'AbortError') ctx.main.append(errorBox(e)); });
  const onResize = () => instances.forEach((i) => i.resize());
  window.addEventListener('resize', onResize);
  return () => {
    clearTimeout(timer);
    window.removeEventListener('resize', onResize);
    instances.forEach((i) => i.dispose());
  };
}
