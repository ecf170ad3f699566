// cli_parity.test.mjs - issue #16, CLI parity. Defect guarded: the CLI lacked
// submit/publish/return and other actions the API has (listings, contracts,
// bookings, audit export, the instrument free-slot search and statistics).
// 1. Every write route of the router (read from its own tables by
//    `techbridge routes --json`) maps to a CLI command, or is listed below
//    with the reason it has none; a new route without either fails here.
// 2. The new commands give the API's answers: the same objects with --json,
//    the same validation messages, exit 0 ok / 1 runtime / 2 bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, cli, complete } from './lib.mjs';

// route -> "command subcommand" (subcommand may be empty), or { none: reason }.
const NO_CLI_SESSION = { none: 'browser sessions and API tokens of a logged-in user; the CLI opens the database itself (tokens: `token add`)' };
const WEB_FORM = { none: 'a form helper of the web UI (scores an unsaved form); the CLI shows the checklist of a saved listing (`achievement|demand show`) and applies it on submit' };
const FIELD_EDIT = { none: 'a field edit of one listing is a form (web); bulk data goes through `import`; a published listing\'s edit becomes a pending revision decided by `revision accept|reject`' };
const MAP = {
  // issue #18 (web2): attachments, favourites, batch review, application edits (cli_web2.test.mjs)
  'POST /api/review/batch': 'review batch',
  'POST /api/favourites': 'favourite add',
  'DELETE /api/favourites/achievements/{id}': 'favourite remove',
  'DELETE /api/favourites/demands/{id}': 'favourite remove',
  'POST /api/achievements/{id}/attachments': 'attachment add',
  'POST /api/demands/{id}/attachments': 'attachment add',
  'POST /api/challenges/{id}/attachments': 'attachment add',
  'POST /api/cases/{id}/attachments': 'attachment add',
  'DELETE /api/attachments/{id}': 'attachment remove',
  'PUT /api/challenge-applications/{id}': 'challenge app-edit',
  // issues #15, #14 (registries2)
  'POST /api/alliances': 'alliance add',
  'POST /api/alliances/{id}/members': 'alliance member',
  'POST /api/alliances/{id}/activities': 'alliance activity',
  'PUT /api/agencies/{id}': 'agency put',
  'PATCH /api/events/{id}': 'event edit',
  'POST /api/events/{id}/status': 'event status',
  'POST /api/events/{id}/items': 'event agenda-add',
  'DELETE /api/events/{id}/achievements/{id}': 'event agenda-remove',
  'DELETE /api/events/{id}/demands/{id}': 'event agenda-remove',
  'POST /api/auth/login': NO_CLI_SESSION,
  'POST /api/auth/logout': NO_CLI_SESSION,
  'POST /api/auth/logout-all': NO_CLI_SESSION,
  'POST /api/auth/tokens': 'token add',
  'DELETE /api/auth/tokens/{id}': NO_CLI_SESSION,
  'POST /api/users': 'user add',
  'PATCH /api/users/{id}': 'user role',
  'POST /api/users/{id}/password': 'user passwd',
  'POST /api/orgs': 'org add',
  'PATCH /api/orgs/{id}': { none: 'organisation details are edited in the web; `import --kind orgs` loads them in bulk' },
  'POST /api/achievements/quality': WEB_FORM,
  'POST /api/demands/quality': WEB_FORM,
  'POST /api/achievements': 'import',
  'PATCH /api/achievements/{id}': FIELD_EDIT,
  'PUT /api/achievements/{id}': FIELD_EDIT,
  'POST /api/achievements/{id}/submit': 'achievement submit',
  'POST /api/achievements/{id}/publish': 'achievement publish',
  'POST /api/achievements/{id}/return': 'achievement return',
  'POST /api/achievements/{id}/withdraw': 'achievement withdraw',
  'POST /api/achievements/{id}/renew': 'achievement renew',
  'POST /api/demands': 'import',
  'PATCH /api/demands/{id}': FIELD_EDIT,
  'PUT /api/demands/{id}': FIELD_EDIT,
  'POST /api/demands/{id}/submit': 'demand submit',
  'POST /api/demands/{id}/publish': 'demand publish',
  'POST /api/demands/{id}/return': 'demand return',
  'POST /api/demands/{id}/withdraw': 'demand withdraw',
  'POST /api/demands/{id}/close': 'demand close',
  'POST /api/demands/{id}/renew': 'demand renew',
  'POST /api/achievements/{id}/revision/accept': 'revision accept',
  'POST /api/achievements/{id}/revision/reject': 'revision reject',
  'POST /api/demands/{id}/revision/accept': 'revision accept',
  'POST /api/demands/{id}/revision/reject': 'revision reject',
  'POST /api/match': 'match',
  'POST /api/instruments': 'instrument add',
  'PATCH /api/instruments/{id}': { none: 'instrument details (hours, rates) are edited in the web; `instrument add` registers one' },
  'POST /api/instruments/{id}/qualifications': { none: 'a training record is entered by the instrument\'s owner in the web, next to the booking it unlocks' },
  'POST /api/instruments/{id}/bookings': 'booking create',
  'POST /api/bookings/{id}/approve': 'booking approve',
  'POST /api/bookings/{id}/reject': 'booking reject',
  'POST /api/bookings/{id}/cancel': 'booking cancel',
  'POST /api/bookings/{id}/accept': 'booking accept',
  'POST /api/bookings/{id}/usage': 'booking usage',
  'POST /api/contracts': 'contract register',
  'PATCH /api/contracts/{id}': 'contract amend',
  'POST /api/contracts/{id}/terminate': 'contract terminate',
  'PUT /api/indicators/targets': { none: 'annual targets are set by the science bureau on the dashboard; `stats targets` reads them' },
  'POST /api/challenges': 'challenge create',
  'PUT /api/challenges/{id}': { none: 'a draft challenge is edited in the web; `challenge create` takes the whole record' },
  'POST /api/challenges/{id}/submit': 'challenge submit',
  'POST /api/challenges/{id}/publish': 'challenge publish',
  'POST /api/challenges/{id}/return': 'challenge return',
  'POST /api/challenges/{id}/close-applications': 'challenge close-applications',
  'POST /api/challenges/{id}/start-review': 'challenge start-review',
  'POST /api/challenges/{id}/start': 'challenge start',
  'POST /api/challenges/{id}/accept': 'challenge accept',
  'POST /api/challenges/{id}/fail': 'challenge fail',
  'POST /api/challenges/{id}/reopen': 'challenge reopen',
  'POST /api/challenges/{id}/close': 'challenge close',
  'POST /api/challenges/{id}/applications': 'challenge apply',
  'POST /api/challenges/{id}/experts': 'challenge expert',
  'POST /api/challenges/{id}/select': 'challenge select',
  'POST /api/challenges/{id}/objections': 'challenge object',
  'POST /api/challenges/{id}/confirm': 'challenge confirm',
  'POST /api/challenge-applications/{id}/scores': 'challenge score',
  'POST /api/challenge-applications/{id}/contract': 'challenge contract',
  'POST /api/challenge-objections/{id}/uphold': 'challenge uphold',
  'POST /api/challenge-objections/{id}/dismiss': 'challenge dismiss',
  'POST /api/challenge-milestones/{id}/report': 'challenge report',
  'POST /api/challenge-milestones/{id}/accept': 'challenge milestone-accept',
  'POST /api/challenge-milestones/{id}/reject': 'challenge milestone-reject',
  'POST /api/challenge-milestones/{id}/pay': 'challenge pay',
  'POST /api/tiers/rules': 'tier rule-add',
  'POST /api/tiers/rules/{id}/retire': 'tier retire',
  'POST /api/tiers/facts/import': 'tier import',
  'POST /api/tiers/evaluate': 'tier evaluate',
  'POST /api/tiers/certifications': 'tier certify',
  'PUT /api/enterprises/{id}/facts': { none: 'one enterprise\'s facts are entered in the web; `tier import` loads a year of facts' },
  'POST /api/platforms': 'platform add',
  'POST /api/platforms/{id}/status': 'platform status',
  'POST /api/platforms/{id}/links': 'platform link',
  'PUT /api/brokers/{id}': 'broker set',
  'POST /api/representations': { none: 'an organisation asks a broker to act for it from its own account in the web; the broker side (`broker consent|decline|revoke`) is in the CLI' },
  'POST /api/representations/{id}/{id}/consent': 'broker consent',
  'POST /api/representations/{id}/{id}/decline': 'broker decline',
  'POST /api/representations/{id}/{id}/revoke': 'broker revoke',
  'POST /api/cases': 'broker case-open',
  'POST /api/cases/{id}/advance': 'broker case-advance',
  'POST /api/contacts': { none: 'a contact request (我要对接) is a visitor\'s message from a detail page' },
  'POST /api/contacts/{id}/accept': { none: 'answered by the receiving organisation in its inbox (web)' },
  'POST /api/contacts/{id}/decline': { none: 'answered by the receiving organisation in its inbox (web)' },
  'PUT /api/feedback': 'broker feedback',
  'POST /api/events': { none: 'events are announced in the web (poster, agenda); not an action on listings, contracts or bookings' },
  'POST /api/events/{id}/register': { none: 'a participant registers themselves in the web' },
  'POST /api/events/{id}/attendees/{id}/checkin': { none: 'check-in happens at the door on a phone (web)' },
  'PUT /api/mail': { none: 'a user\'s own e-mail preference (web); the operator sends digests with `maintain --smtp`' },
  'POST /api/subscriptions': 'subscription add',
  'DELETE /api/subscriptions/{id}': 'subscription delete',
  'POST /api/notifications/{id}/read': { none: 'marks a notification read for the user who saw it (web)' },
  'POST /api/bulletins': 'bulletin make',
};

let srv, admin, member, reviewer, orgA, orgX;
before(async () => {
  srv = await Server.start({ args: ['--maintain-interval', '0'] });
  admin = await srv.session('admin');
  member = await srv.session('member');
  reviewer = await srv.session('reviewer');
  orgA = member.user.org_id;
  orgX = (await admin.post('/api/orgs', { name: 'CLI对等测试企业', kind: 'enterprise', city: '大连' })).json.id;
});
after(async () => { await srv.stop(); });

const tb = (...args) => cli([...args, '--db', srv.db]);
// The CLI prints `field: message` (docs/conventions.md); a 400's error already
// starts with its field, a 409's names it beside.
const apiLine = (j) => (j.error.startsWith(`${j.field}: `) ? j.error : `${j.field}: ${j.error}`);
// The CLI's --json object is the API's write answer (contract_json): an
// empty PATCH answers the same object (updated_at aside).
async function sameContract(cliObj, id) {
  const patch = await admin.patch(`/api/contracts/${id}`, {});
  assert.equal(patch.status, 200, patch.text);
  assert.deepEqual(Object.keys(cliObj).sort(), Object.keys(patch.json).sort());
  for (const k of Object.keys(cliObj)) if (k !== 'updated_at') assert.deepEqual(cliObj[k], patch.json[k], k);
}

test('listing actions: same rules, messages and objects as the API, exit codes 0/1/2', async () => {
  // A thin achievement: the API's 400 and the CLI's message are the same.
  const thin = await member.post('/api/achievements', { title_zh: '命令行对等薄成果', owner_org_id: orgA, modes: ['licence'], trl: 4 });
  assert.equal(thin.status, 201, thin.text);
  const api400 = await member.post(`/api/achievements/${thin.json.id}/submit`);
  assert.equal(api400.status, 400);
  const c400 = tb('achievement', 'submit', String(thin.json.id));
  assert.equal(c400.code, 2);
  const lines = c400.stderr.trim().split('\n');
  assert.equal(lines[0], api400.json.error);
  assert.deepEqual(lines.slice(1), api400.json.errors.map((e) => `${e.field}: ${e.error}`));
  const j400 = tb('achievement', 'submit', String(thin.json.id), '--json');
  assert.equal(j400.code, 2);
  assert.deepEqual(JSON.parse(j400.stdout), api400.json);

  // A complete one: submit, return without a reason (2, the API's message), return, submit, publish.
  const a = await member.post('/api/achievements', complete('achievements', { title_zh: '命令行对等成果', owner_org_id: orgA, modes: ['licence'] }));
  const id = String(a.json.id);
  assert.equal(tb('achievement', 'submit', id).code, 0);
  const noReasonApi = await reviewer.post(`/api/achievements/${id}/return`);
  const noReason = tb('achievement', 'return', id);
  assert.equal(noReason.code, 2);
  assert.equal(noReason.stderr.trim(), apiLine(noReasonApi.json));
  const ret = tb('achievement', 'return', id, '--reason', '请补充中试数据', '--json');
  assert.equal(ret.code, 0, ret.stderr);
  assert.equal(JSON.parse(ret.stdout).status, 'draft');
  assert.equal(JSON.parse(ret.stdout).review_note, '请补充中试数据');
  assert.equal(tb('achievement', 'submit', id).code, 0);
  // A subscriber hears of a CLI publication as of an API one.
  assert.equal((await admin.post('/api/subscriptions', { kind: 'org', target: 'achievement', org_id: orgA })).status, 201);
  const pub = tb('achievement', 'publish', id, '--json');
  assert.equal(pub.code, 0, pub.stderr);
  const got = JSON.parse(pub.stdout);
  const apiView = (await admin.get(`/api/achievements/${id}`)).json;
  assert.equal(got.status, 'published');
  assert.match(got.expires_at, /^\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(got.quality, apiView.quality);
  assert.equal(got.expires_at, apiView.expires_at);
  const alerts = (await admin.get('/api/notifications')).json.items.filter((n) => n.kind === 'alert' && n.item_id === a.json.id);
  assert.equal(alerts.length, 1, 'the CLI publication alerted the subscriber');
  // Guarded by the expected status: 2 with the API's 409 message.
  const stale = tb('achievement', 'withdraw', id, '--expected-status', 'submitted');
  const staleApi = await member.post(`/api/achievements/${id}/withdraw`, { expected_status: 'submitted' });
  assert.equal(staleApi.status, 409);
  assert.equal(stale.code, 2);
  assert.equal(stale.stderr.trim(), apiLine(staleApi.json));
  assert.equal(tb('achievement', 'renew', id).code, 0);
  assert.equal(tb('achievement', 'withdraw', id).code, 0);
  assert.equal((await admin.get(`/api/achievements/${id}`)).json.status, 'withdrawn');
  // Demands close; an achievement does not.
  const d = await admin.post('/api/demands', complete('demands', { title_zh: '命令行对等需求', org_id: orgX, status: 'published' }));
  const cl = tb('demand', 'close', String(d.json.id), '--json');
  assert.equal(cl.code, 0, cl.stderr);
  assert.equal(JSON.parse(cl.stdout).status, 'closed');
  assert.equal(tb('achievement', 'close', id).code, 2);
  // Unknown id 2, unknown action 2, unreadable database 1.
  assert.equal(tb('demand', 'publish', '99999999').code, 2);
  assert.equal(tb('demand', 'frobnicate', '1').code, 2);
  assert.equal(cli(['demand', 'show', '1', '--db', '/nonexistent/dir/x.db']).code, 1);
  // The audit log names the CLI as the actor of its changes.
  const audit = tb('audit', 'export', '--resource', 'achievement', '--action', 'publish');
  assert.equal(audit.code, 0, audit.stderr);
  assert.ok(audit.stdout.split('\r\n').some((l) => l.includes(`,cli,publish,achievement,${id},ok,`)), audit.stdout);
});

test('contracts: amend and terminate as PATCH and /terminate; audit export as /api/audit.csv', async () => {
  const body = { reg_no: '2024210100009901', title: 'CLI对等合同', type: 'licensing', subtype: 'patent',
    seller: { org_id: orgA }, buyer: { org_id: orgX }, amount: 200000, signed_on: '2024-05-01' };
  const k = await admin.post('/api/contracts', body);
  assert.equal(k.status, 201, k.text);
  const id = String(k.json.id);
  const bad = tb('contract', 'amend', id, '--signed', '2024-13-01');
  const badApi = await admin.patch(`/api/contracts/${id}`, { signed_on: '2024-13-01' });
  assert.equal(badApi.status, 400);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim(), apiLine(badApi.json));
  const am = tb('contract', 'amend', id, '--title', 'CLI对等合同（变更）', '--json');
  assert.equal(am.code, 0, am.stderr);
  assert.equal(JSON.parse(am.stdout).status, 'amended');
  assert.equal(JSON.parse(am.stdout).title, 'CLI对等合同（变更）');
  await sameContract(JSON.parse(am.stdout), id);
  const t = tb('contract', 'terminate', id, '--reason', '双方协商解除', '--json');
  assert.equal(t.code, 0, t.stderr);
  assert.equal(JSON.parse(t.stdout).status, 'terminated');
  for (const [k, v] of Object.entries(JSON.parse(t.stdout))) if (k !== 'updated_at') assert.deepEqual(v, (await admin.get(`/api/contracts/${id}`)).json[k], k);
  const again = tb('contract', 'terminate', id);
  const againApi = await admin.post(`/api/contracts/${id}/terminate`);
  assert.equal(again.code, 2);
  assert.equal(again.stderr.trim(), apiLine(againApi.json));

  const csvApi = await admin.get('/api/audit.csv?resource=contract');
  assert.equal(csvApi.status, 200);
  const csv = tb('audit', 'export', '--resource', 'contract');
  assert.equal(csv.code, 0, csv.stderr);
  // The CLI's own export runs after the API's: the same rows, the same columns.
  assert.equal(csv.stdout, csvApi.text);
  const badSince = tb('audit', 'export', '--since', 'yesterday');
  const badSinceApi = await admin.get('/api/audit.csv?since=yesterday');
  assert.equal(badSince.code, 2);
  assert.equal(badSince.stderr.trim(), apiLine(badSinceApi.json));
});

test('instruments: free-slot search and statistics give the API\'s objects', async () => {
  const week = '08:00-18:00';
  const ins = await admin.post('/api/instruments', { org_id: orgA, name_zh: 'CLI对等扫描电镜', category: '电子显微镜',
    services: ['staff_operated'], fee: { unit: 'hour', internal: 100, academic: 200, enterprise: 300 },
    opening_hours: { mon: week, tue: week, wed: week, thu: week, fri: week, sat: null, sun: null }, status: 'available' });
  assert.equal(ins.status, 201, ins.text);
  const from = '2031-03-03T09:00:00+08:00', to = '2031-03-03T11:00:00+08:00';
  const api = await admin.get(`/api/instruments/free?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  assert.equal(api.status, 200, api.text);
  const free = tb('instrument', 'free', '--from', from, '--to', to, '--json');
  assert.equal(free.code, 0, free.stderr);
  assert.deepEqual(JSON.parse(free.stdout), api.json);
  const badApi = await admin.get(`/api/instruments/free?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`);
  const bad = tb('instrument', 'free', '--from', to, '--to', from);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim(), apiLine(badApi.json));
  const stApi = await admin.get('/api/instruments/stats?from=2030-01-01&to=2031-01-01');
  assert.equal(stApi.status, 200, stApi.text);
  const st = tb('instrument', 'stats', '--from', '2030-01-01', '--to', '2031-01-01', '--json');
  assert.equal(st.code, 0, st.stderr);
  assert.deepEqual(JSON.parse(st.stdout), stApi.json);
});

// Last: it runs the CLI many times and needs no server (a long synchronous
// stretch would leave the HTTP client's pooled connection idle past the
// server's timeout before the next test's first request).
test('every write route of the router has a CLI command or a stated reason', () => {
  const r = cli(['routes', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const routes = JSON.parse(r.stdout);
  assert.ok(routes.some((x) => x.method === 'GET' && x.pattern === '/api/achievements'), 'reads are listed too');
  const writes = routes.filter((x) => !['GET', 'HEAD'].includes(x.method)).map((x) => `${x.method} ${x.pattern}`);
  assert.deepEqual(writes.filter((w) => !(w in MAP)), [], 'write routes with neither a command nor a reason');
  assert.deepEqual(Object.keys(MAP).filter((k) => !writes.includes(k)), [], 'rows for routes that no longer exist');
  const help = cli(['help']).stdout;
  const usageOf = new Map();   // one run per command
  const missing = [];
  for (const [route, to] of Object.entries(MAP)) {
    if (typeof to !== 'string') { assert.ok(to.none.length > 20, `${route}: a reason`); continue; }
    const [cmd, sub] = to.split(' ');
    const line = help.split('\n').find((l) => l.trim().split(/\s+/)[0] === cmd);
    if (!line) { missing.push(`${route}: no command ${cmd}`); continue; }
    if (!sub) continue;
    // The subcommands a command takes: its help line and its usage message.
    if (!usageOf.has(cmd)) usageOf.set(cmd, line + ' ' + cli([cmd]).stderr);
    const usage = usageOf.get(cmd);
    if (!new RegExp(`(^|[\\s|:])${sub}([\\s|.]|$)`).test(usage)) missing.push(`${route}: ${cmd} has no ${sub}`);
  }
  assert.deepEqual(missing, []);
});
