// format.js - locale-aware numbers, money and dates (Intl). Money is stored in
// yuan. Chinese: 元 below 10 000, then 万元 / 亿元 (Intl "compact" in zh-CN gives
// 万 and 亿). English: "¥" + compact figure: ¥8,000, ¥350K, ¥1.2M, ¥1.5B.
import { getLang, t } from './i18n.js';

const loc = () => (getLang() === 'zh' ? 'zh-CN' : 'en-GB');

export function fmtNumber(n) {
  if (n === null || n === undefined || n === '') return '';
  return new Intl.NumberFormat(loc()).format(n);
}

export function fmtMoney(yuan) {
  if (yuan === 'negotiable') return t('price.negotiable');
  if (yuan === null || yuan === undefined || yuan === '' || Number.isNaN(Number(yuan))) return '—';
  const v = Number(yuan);
  if (getLang() === 'zh') {
    if (Math.abs(v) < 10000) return new Intl.NumberFormat('zh-CN').format(v) + '元';
    return new Intl.NumberFormat('zh-CN', { notation: 'compact', maximumFractionDigits: 2 }).format(v) + '元';
  }
  // en-US compact gives the capital K / M / B readers expect in money.
  if (Math.abs(v) < 10000) return '¥' + new Intl.NumberFormat('en-US').format(v);
  return '¥' + new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 }).format(v);
}

export function fmtBudget(min, max) {
  const has = (x) => x !== null && x !== undefined;
  if (has(min) && has(max)) return `${fmtMoney(min)} – ${fmtMoney(max)}`;
  if (has(min)) return t('budget.from', { v: fmtMoney(min) });
  if (has(max)) return t('budget.upto', { v: fmtMoney(max) });
  return t('budget.none');
}

// Accepts "2026-11-23", "2026-11-23 09:10:00", ISO with T/Z.
export function fmtDate(s, withTime = false) {
  if (!s) return '';
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(s) ? s + 'T00:00:00' : s.replace(' ', 'T');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return s;
  const o = { year: 'numeric', month: 'short', day: 'numeric' };
  if (withTime) Object.assign(o, { hour: '2-digit', minute: '2-digit' });
  return new Intl.DateTimeFormat(loc(), o).format(d);
}
