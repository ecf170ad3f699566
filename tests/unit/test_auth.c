/* test_auth.c - unit tests for account crypto and rules: argon2id password
 * hashing and verification (parameters, rehash detection), token generation
 * and hashing, constant-time comparison, email/password/role validation, and
 * the store's credential expiry and append-only audit log on a temp database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/account.h"
#include "store/store.h"

static void test_password_hash_verify(void **state)
{
	char h[ACCOUNT_HASH_MAX], h2[ACCOUNT_HASH_MAX];
	assert_int_equal(password_hash("correct horse battery", h), TB_OK);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	/* INTERACTIVE preset: t=2, m=64 MiB. */
	assert_non_null(strstr(h, "m=65536,t=2"));
	assert_null(strstr(h, "correct horse"));
	assert_true(password_verify(h, "correct horse battery"));
	assert_false(password_verify(h, "correct horse batterY"));
	assert_false(password_verify(h, ""));
	assert_false(password_verify(NULL, "x"));
	assert_false(password_needs_rehash(h));
	/* Same password, new salt: a different hash. */
	assert_int_equal(password_hash("correct horse battery", h2), TB_OK);
	assert_string_not_equal(h, h2);
}

static void test_password_rehash(void **state)
{
	char weak[crypto_pwhash_STRBYTES];
	/* A hash made with weaker (older) parameters verifies but asks to be upgraded. */
	assert_int_equal(crypto_pwhash_str_alg(weak, "old password 1", 14, crypto_pwhash_OPSLIMIT_MIN,
	                                       8192, crypto_pwhash_ALG_ARGON2ID13), 0);
	assert_true(password_verify(weak, "old password 1"));
	assert_true(password_needs_rehash(weak));
}

/* The test suite's hash cost (TB_PWHASH=test, docs/security.md). Guards:
 * the cheap cost leaking into production (it must be off unless switched
 * on), hashes made at it failing to verify later, and a server that keeps
 * such a hash instead of upgrading it at the next login once it is off. */
static void test_password_test_cost(void **state)
{
	char cheap[ACCOUNT_HASH_MAX], normal[ACCOUNT_HASH_MAX];
	/* Production default: the interactive cost, nothing switched on. */
	assert_false(password_cost_is_test());
	password_cost_set_test(true);
	assert_true(password_cost_is_test());
	assert_int_equal(password_hash("cheap horse battery", cheap), TB_OK);
	assert_non_null(strstr(cheap, "$argon2id$v=19$m=8,t=1,p=1$"));
	assert_true(password_verify(cheap, "cheap horse battery"));
	assert_false(password_verify(cheap, "cheap horse batterY"));
	assert_false(password_needs_rehash(cheap));
	password_cost_set_test(false);
	/* Off again: the cheap hash still verifies and asks for the real cost,
	 * which the next hash has (what login does, api/auth.c). */
	assert_false(password_cost_is_test());
	assert_true(password_verify(cheap, "cheap horse battery"));
	assert_true(password_needs_rehash(cheap));
	assert_int_equal(password_hash("cheap horse battery", normal), TB_OK);
	assert_non_null(strstr(normal, "$argon2id$v=19$m=65536,t=2,p=1$"));
	assert_false(password_needs_rehash(normal));
	assert_true(password_verify(normal, "cheap horse battery"));
}

static void test_tokens(void **state)
{
	char a[TOKEN_STR_MAX], b[TOKEN_STR_MAX], ha[TOKEN_HASH_HEX], ha2[TOKEN_HASH_HEX], hb[TOKEN_HASH_HEX];
	token_generate("", a);
	token_generate("tbk_", b);
	assert_int_equal(strlen(a), 64);
	assert_int_equal(strlen(b), 68);
	assert_true(strncmp(b, "tbk_", 4) == 0);
	assert_int_equal(strspn(a, "0123456789abcdef"), 64);
	token_hash(a, ha);
	token_hash(a, ha2);
	token_hash(b, hb);
	assert_int_equal(strlen(ha), 64);
	assert_string_equal(ha, ha2);       /* deterministic: lookups by hash work */
	assert_string_not_equal(ha, hb);
	assert_string_not_equal(ha, a);     /* never the secret itself */
	token_generate("", b);
	assert_string_not_equal(a, b);      /* random */
	assert_true(secret_equal(a, a));
	assert_false(secret_equal(a, b));
	assert_false(secret_equal(a, NULL));
	assert_false(secret_equal("", ""));
	assert_false(secret_equal("abc", "abcd"));
}

static void test_generated_password(void **state)
{
	char p[32], q[32];
	struct tb_field_error fe;
	password_generate(p);
	password_generate(q);
	assert_int_equal(strlen(p), 20);
	assert_string_not_equal(p, q);
	assert_int_equal(account_password_validate(p, &fe), TB_OK);
}

/* Guards issue #10 (password policy): weak passwords were accepted. */
static void test_password_policy(void **state)
{
	struct tb_field_error fe;
	static const char *const bad[] = { "aaaaaaaaaa", "1234567890", "0987654321", "zyxwvutsrq",
	                                   "password12", "PASSWORD!!2026", "1q2w3e4r5t", "qwertyuiop" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(account_password_validate(bad[i], &fe), TB_EINVAL);
		assert_string_equal(fe.field, "password");
	}
	assert_int_equal(account_password_validate_for("wang.li@neu.edu.cn", "wang.li@neu.edu.cn", NULL, &fe),
	                 TB_EINVAL);
	assert_int_equal(account_password_validate_for("Wang.Li2026", "wang.li@neu.edu.cn", NULL, &fe),
	                 TB_EINVAL);
	assert_int_equal(account_password_validate_for("Wang Lihua!", NULL, "wang lihua", &fe), TB_EINVAL);
	assert_int_equal(account_password_validate_for("demo-admin-2026", "admin@demo.techbridge.cn",
	                                               "Demo Admin", &fe), TB_OK);
	assert_int_equal(account_password_validate("  spaces kept  ", &fe), TB_OK);
	assert_int_equal(account_password_validate("1234567891", &fe), TB_OK);
}

static void test_validation(void **state)
{
	struct tb_field_error fe;
	struct user u = { 0 };
	char em[] = "Wang.Li@NEU.edu.CN";
	account_email_normalize(em);
	assert_string_equal(em, "wang.li@neu.edu.cn");
	assert_int_equal(account_email_validate("a@b.cn", &fe), TB_OK);
	assert_int_equal(account_email_validate("a@b", &fe), TB_EINVAL);
	assert_int_equal(account_email_validate("@b.cn", &fe), TB_EINVAL);
	assert_int_equal(account_email_validate("a b@c.cn", &fe), TB_EINVAL);
	assert_string_equal(fe.field, "email");
	assert_int_equal(account_password_validate("short", &fe), TB_EINVAL);
	assert_string_equal(fe.field, "password");
	assert_int_equal(account_password_validate("十个汉字的密码也可以用", &fe), TB_OK);
	u.email = "m@x.cn";
	u.role = "member";
	assert_int_equal(user_validate(&u, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "org");
	u.org_id = 3;
	assert_int_equal(user_validate(&u, &fe), TB_OK);
	u.role = "superuser";
	assert_int_equal(user_validate(&u, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "role");
	u.role = "admin";
	u.org_id = 0;
	assert_int_equal(user_validate(&u, &fe), TB_OK);
}

static void test_store_credentials_and_audit(void **state)
{
	char dir[] = "/tmp/tb-unit-XXXXXX", path[64], h[TOKEN_HASH_HEX], tok[TOKEN_STR_MAX];
	char pw[ACCOUNT_HASH_MAX];
	struct store *st;
	struct arena a;
	struct user u = { 0 }, got;
	struct credential cr = { 0 }, found;
	struct audit_entry e = { 0 }, *rows;
	struct audit_query q = { 0 };
	int applied, n, deleted;
	int64_t total, oldest, now = now_unix();

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	assert_int_equal(store_open(path, &st), TB_OK);
	assert_int_equal(store_migrate(st, &applied), TB_OK);
	arena_init(&a, 1 << 20);

	assert_int_equal(password_hash("unit-test-pass", pw), TB_OK);
	u.email = "u@x.cn";
	u.role = "admin";
	u.pw_hash = pw;
	assert_int_equal(store_user_insert(st, &u), TB_OK);
	assert_int_equal(store_user_insert(st, &u), TB_ECONFLICT);
	assert_int_equal(store_user_find_by_email(st, &a, "u@x.cn", &got), TB_OK);
	assert_true(password_verify(got.pw_hash, "unit-test-pass"));

	token_generate("", tok);
	token_hash(tok, h);
	cr.user_id = u.id;
	cr.kind = "session";
	cr.token_hash = h;
	cr.created_at = now;
	cr.expires_at = now + 10;
	assert_int_equal(store_credential_insert(st, &cr), TB_OK);
	assert_int_equal(store_credential_find(st, &a, h, now, &found), TB_OK);
	assert_int_equal(found.user_id, u.id);
	assert_int_equal(store_credential_find(st, &a, h, now + 10, &found), TB_ENOTFOUND); /* expired */
	assert_int_equal(store_credential_delete_user(st, u.id, 0, &deleted), TB_OK);
	assert_int_equal(deleted, 1);
	assert_int_equal(store_credential_find(st, &a, h, now, &found), TB_ENOTFOUND);

	{
		/* a failure outside the window does not count; at the limit nothing
		 * more is recorded and the oldest failure in the window is named */
		const char *keys[1] = { "account:u@x.cn" };
		const int max[1] = { 2 };
		int64_t ids[1];
		assert_int_equal(store_login_charge(st, keys, max, 1, now - 900, now - 1000, &oldest, ids), TB_OK);
		assert_int_equal(store_login_charge(st, keys, max, 1, now - 900, now - 10, &oldest, ids), TB_OK);
		assert_int_equal(store_login_charge(st, keys, max, 1, now - 900, now, &oldest, ids), TB_OK);
		assert_int_equal(oldest, 0);
		assert_int_equal(store_login_charge(st, keys, max, 1, now - 900, now, &oldest, ids), TB_OK);
		assert_int_equal(oldest, now - 10);
	}

	e.user_id = u.id;
	e.role = "admin";
	e.action = "login";
	e.resource = "session";
	e.outcome = "ok";
	assert_int_equal(store_audit_append(st, &e), TB_OK);
	q.limit = 10;
	assert_int_equal(store_audit_list(st, &a, &q, &rows, &n, &total), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].action, "login");

	arena_release(&a);
	store_close(st);
	snprintf(path, sizeof(path), "%s/t.db", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash_verify),
		cmocka_unit_test(test_password_rehash),
		cmocka_unit_test(test_password_test_cost),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_generated_password),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_password_policy),
		cmocka_unit_test(test_store_credentials_and_audit),
	};
	if (account_crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
