// apiref.js - /api-docs: the API reference, read from /api/openapi.json (the
// document the server generates from its route tables, issue #16). One
// section per tag, one entry per operation: method and path, the summary in
// the page's language, who may call it (from the policy), parameters, the
// request body's fields, the responses, and an example request (curl).
import { h } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { api } from '../api.js';
import { errorBox, loading } from '../ui.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const ROLES = ['anonymous', 'admin', 'reviewer', 'org_admin', 'member', 'broker'];

function resolve(doc, s) {
  if (s && s.$ref) {
    const parts = s.$ref.replace(/^#\//, '').split('/');
    return parts.reduce((o, k) => (o ? o[k] : undefined), doc) || {};
  }
  return s || {};
}

function typeOf(s) {
  if (!s) return '';
  if (s.oneOf) return s.oneOf.map(typeOf).join(' | ');
  if (Array.isArray(s.type)) return s.type.join(' | ');
  return s.type || '';
}

function sample(s) {
  switch (Array.isArray(s?.type) ? s.type[0] : s?.type) {
    case 'integer': return 1;
    case 'number': return 0;
    case 'boolean': return true;
    case 'array': return ['…'];
    case 'object': return {};
    default: return s?.oneOf ? ['…'] : '…';
  }
}

// curl for the operation, with the query parameters left out (listed above)
// and a body of placeholder values by type.
function example(doc, path, method, op) {
  const url = `${location.origin}${path.replace(/\{id\d*\}/g, '1')}`;
  const lines = [`curl -s${method === 'get' ? '' : ` -X ${method.toUpperCase()}`} '${url}'`];
  if (op.security?.length) lines.push(`  -H "Authorization: Bearer $TOKEN"`);
  lines.push(`  -H 'Accept-Language: ${getLang()}'`);
  const schema = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
  if (schema.properties) {
    const body = {};
    for (const [k, v] of Object.entries(schema.properties)) body[k] = sample(v);
    lines.push(`  -H 'content-type: application/json' -d '${JSON.stringify(body)}'`);
  }
  return lines.join(' \\\n');
}

function rolesText(op) {
  if (op['x-access'] === 'public') return t('apiref.public');
  if (op['x-access'] === 'login') return t('apiref.login');
  const r = op['x-roles'] || {};
  const names = ROLES.filter((x) => r[x]).map((x) => t(`apiref.role_${x}`) + (r[x] === 'own' ? ` (${t('apiref.own')})` : ''));
  return names.length ? names.join(getLang() === 'zh' ? '、' : ', ') : t('apiref.role_admin');
}

function operation(doc, path, method, op) {
  const zh = getLang() === 'zh';
  const params = (op.parameters || []).map((p) => resolve(doc, p));
  const body = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
  const id = op.operationId;
  return h('section', { class: 'api-op panel', id, dataset: { method, path } },
    h('h3', { class: 'api-op-title' },
      h('span', { class: `api-method api-${method}` }, method.toUpperCase()), ' ',
      h('code', { class: 'api-path', lang: 'en' }, path)),
    h('p', { class: 'api-summary' }, zh ? op['x-summary-zh'] || op.summary : op.summary),
    h('p', { class: 'api-roles' }, h('strong', null, t('apiref.roles')), ' ', rolesText(op)),
    params.length ? h('div', null, h('h4', null, t('apiref.params')),
      h('table', { class: 'api-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('apiref.name')), h('th', { scope: 'col' }, t('apiref.in')),
          h('th', { scope: 'col' }, t('apiref.type')), h('th', { scope: 'col' }, t('apiref.required')))),
        h('tbody', null, params.map((p) => h('tr', null, h('td', null, h('code', null, p.name)), h('td', null, p.in),
          h('td', null, typeOf(p.schema)), h('td', null, p.required ? t('apiref.yes') : '')))))) : null,
    body.properties ? h('div', null, h('h4', null, t('apiref.body')),
      h('table', { class: 'api-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('apiref.name')), h('th', { scope: 'col' }, t('apiref.type')),
          h('th', { scope: 'col' }, t('apiref.required')))),
        h('tbody', null, Object.entries(body.properties).map(([k, v]) => h('tr', null, h('td', null, h('code', null, k)),
          h('td', null, typeOf(v)), h('td', null, (body.required || []).includes(k) ? t('apiref.yes') : '')))))) : null,
    h('h4', null, t('apiref.responses')),
    h('ul', { class: 'api-responses' }, Object.keys(op.responses || {}).map((s) =>
      h('li', null, h('code', null, s), ' ', resolve(doc, op.responses[s]).description || ''))),
    h('h4', null, t('apiref.example')),
    h('pre', { class: 'api-example', lang: 'en', tabindex: '0' }, h('code', null, example(doc, path, method, op))));
}

export default async function render(ctx) {
  const { main } = ctx;
  ctx.setTitle(t('apiref.title'));
  main.append(h('h1', null, t('apiref.title')), loading());
  let doc;
  try {
    doc = await api.get('/api/openapi.json');
  } catch (e) {
    main.replaceChildren(h('h1', null, t('apiref.title')), errorBox(e));
    return;
  }
  const zh = getLang() === 'zh';
  const byTag = new Map((doc.tags || []).map((tg) => [tg.name, []]));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      if (!item[m]) continue;
      const tag = item[m].tags?.[0] || 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push([path, m, item[m]]);
    }
  }
  const tagName = (name) => {
    const tg = (doc.tags || []).find((x) => x.name === name);
    return zh && tg?.['x-name-zh'] ? tg['x-name-zh'] : name;
  };
  const count = [...byTag.values()].reduce((n, l) => n + l.length, 0);
  main.replaceChildren(
    h('h1', null, t('apiref.title')),
    h('p', { class: 'lead' }, t('apiref.intro', { n: count }), ' ',
      h('a', { href: '/api/openapi.json', lang: 'en' }, '/api/openapi.json')),
    h('nav', { class: 'api-tags', 'aria-label': t('apiref.tags') },
      h('ul', null, [...byTag.keys()].map((tg) => h('li', null, h('a', { href: `#tag-${tg}` }, tagName(tg)))))),
    ...[...byTag.entries()].map(([tg, ops]) => h('section', { class: 'api-tag', id: `tag-${tg}` },
      h('h2', null, tagName(tg)),
      ...ops.map(([path, m, op]) => operation(doc, path, m, op)))));
}
