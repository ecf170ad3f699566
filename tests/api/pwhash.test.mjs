// pwhash.test.mjs - the test suite's password hash cost (TB_PWHASH=test,
// docs/security.md "The test hash cost"): what a deployment can never get by
// mistake, and what happens to a cheap hash once the setting is off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, BIN, cli, sqlShell } from './lib.mjs';

// Without any test clock variable: what a production service's environment looks like.
function prodEnv(extra) {
  const env = { ...process.env, ...extra };
  for (const k of ['TB_TEST_CLOCK', 'TB_TEST_CLOCK_FILE', 'TB_TEST_CLOCK_OFFSET']) delete env[k];
  return env;
}

// Guards: serve taking the insecure cost without a test clock (a stray
// TB_PWHASH=test in a unit file would weaken every new password), and a
// misspelt value silently meaning "normal cost" or "test cost".
test('serve refuses TB_PWHASH=test without a test clock; other values are refused by every command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-pwhash-'));
  try {
    const db = join(dir, 'x.db');
    const r = cli(['serve', '--db', db, '--listen', '127.0.0.1:0'], { env: prodEnv({ TB_PWHASH: 'test' }), timeout: 20000 });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim(), 'techbridge serve: TB_PWHASH=test is for the test suite only: it needs a test clock (TB_TEST_CLOCK_FILE, docs/testing.md)');
    for (const v of ['Test', 'fast', '1']) {
      const u = cli(['demo-users', '--db', db, '--quiet'], { env: prodEnv({ TB_PWHASH: v }) });
      assert.equal(u.code, 2, v);
      assert.equal(u.stderr.trim(), `techbridge: TB_PWHASH must be 'test' or unset, not '${v}'`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Guards: a hash made at the test cost staying cheap on a server that runs at
// the real cost. It must still verify, and the login must store a new hash
// at argon2id t=2, 64 MiB. Also: the CLI's cheap hash is logged as insecure.
test('a password hashed at the test cost logs in on a normal server and is re-hashed at the real cost', async () => {
  let made;
  const srv = await Server.start({
    users: false,
    env: { TB_PWHASH: '' },   // this server hashes at the production cost
    setup: (db) => {
      // spawnSync: cli() keeps stderr only on failure.
      made = spawnSync(BIN, ['user', 'add', '--db', db, '--email', 'cheap@pwhash.test.cn', '--role', 'admin',
                             '--password', 'cheap-then-real-7'], { encoding: 'utf8', env: { ...process.env, TB_PWHASH: 'test' } });
      assert.equal(made.status, 0, made.stderr);
    },
  });
  try {
    assert.match(made.stderr, /warn TB_PWHASH=test: passwords are hashed at the INSECURE test cost/);
    const hash = () => sqlShell(srv.db, "SELECT pw_hash FROM users WHERE email = 'cheap@pwhash.test.cn'").trim();
    assert.match(hash(), /^\$argon2id\$v=19\$m=8,t=1,p=1\$/);
    const r = await srv.client().login('cheap@pwhash.test.cn', 'cheap-then-real-7');
    assert.equal(r.status, 200, r.text);
    assert.match(hash(), /^\$argon2id\$v=19\$m=65536,t=2,p=1\$/);
    assert.equal((await srv.client().login('cheap@pwhash.test.cn', 'cheap-then-real-7')).status, 200);
    assert.doesNotMatch(srv.stderr, /INSECURE/);
  } finally {
    await srv.stop();
  }
});
