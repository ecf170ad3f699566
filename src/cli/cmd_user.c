/* cmd_user.c - account commands: `user add|passwd|role|list|link`,
 * `admin-init` (first administrator, generated password printed once),
 * `token add` (an API token, optionally short-lived, for scripts and tests)
 * and `demo-users` (the documented demo account per role). Role and password
 * changes made here are written to the audit log as role "cli". */
#include "cli/cli.h"
#include "cli/demo.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/account.h"
#include "domain/app.h"
#include "domain/account_ops.h"
#include "domain/org.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Opens and migrates the database named by --db. */
static int open_db(const char *cmd, int argc, char **argv, struct store **st)
{
	const char *db = cli_opt(argc, argv, "--db", NULL);
	int rc, applied;
	if (!db)
		return cli_usage_error(cmd, "--db PATH is required");
	if ((rc = app_open(db, 0, NULL, st)))
		return fprintf(stderr, "techbridge %s: cannot open %s: %s\n", cmd, app_url_shown(db), app_open_error(rc)), CLI_EXIT_FAIL;
	if ((rc = app_migrate(*st, &applied))) {
		app_close(*st);
		return fprintf(stderr, "techbridge %s: migration failed: %s\n", cmd, tb_strerror(rc)), CLI_EXIT_FAIL;
	}
	account_crypto_init();
	return CLI_EXIT_OK;
}

/* ID or exact name (Chinese or English). */
static int resolve_org(struct store *st, struct arena *a, const char *spec, int64_t *id)
{
	struct org o;
	int64_t v;
	if (parse_i64(spec, &v) && v > 0) {
		if (org_get(st, a, v, &o))
			return TB_ENOTFOUND;
		*id = v;
		return TB_OK;
	}
	if (org_find_by_name(st, a, spec, &o))
		return TB_ENOTFOUND;
	*id = o.id;
	return TB_OK;
}

static void cli_audit(struct store *st, const char *action, int64_t user_id, const char *detail)
{
	struct audit_entry e = { 0 };
	const char *who = getenv("USER");
	e.email = who ? who : "cli";
	e.role = "cli";
	e.action = action;
	e.resource = "user";
	e.resource_id = user_id;
	e.outcome = "ok";
	e.client_ip = "local";
	e.detail = detail;
	audit_append(st, &e);
}

/* Reads a line from the terminal with echo off. */
static int prompt_password(const char *label, char *out, size_t outsz)
{
	struct termios old, quiet;
	FILE *tty = fopen("/dev/tty", "r+");
	int ok;
	if (!tty)
		return TB_EIO;
	fprintf(tty, "%s", label);
	fflush(tty);
	tcgetattr(fileno(tty), &old);
	quiet = old;
	quiet.c_lflag &= (tcflag_t)~ECHO;
	tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	ok = fgets(out, (int)outsz, tty) != NULL;
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	if (!ok)
		return TB_EIO;
	out[strcspn(out, "\r\n")] = '\0';
	return TB_OK;
}

/* --password P, --generate, or a prompt (twice) when on a terminal; else generated.
 * *generated is set when the caller must print the password once. */
static int get_password(const char *cmd, int argc, char **argv, const char *email, const char *name,
                        char *out, size_t outsz, int *generated)
{
	const char *p = cli_opt(argc, argv, "--password", NULL);
	struct tb_field_error fe = { { 0 }, { 0 } };
	char again[300];
	*generated = 0;
	if (p) {
		snprintf(out, outsz, "%s", p);
	} else if (!cli_flag(argc, argv, "--generate") && isatty(0)) {
		if (prompt_password("password: ", out, outsz) || prompt_password("again: ", again, sizeof(again)))
			return cli_usage_error(cmd, "cannot read a password from the terminal");
		if (strcmp(out, again))
			return cli_usage_error(cmd, "the passwords differ");
	} else {
		char g[32];
		password_generate(g);
		snprintf(out, outsz, "%s", g);
		*generated = 1;
	}
	if (account_password_validate_for(out, email, name, &fe))
		return fprintf(stderr, "%s: %s\n", fe.field, fe.message), CLI_EXIT_USAGE;
	return CLI_EXIT_OK;
}

static int user_add(int argc, char **argv, struct store *st, struct arena *a)
{
	const char *email = cli_opt(argc, argv, "--email", NULL);
	const char *org = cli_opt(argc, argv, "--org", NULL);
	struct tb_field_error fe = { { 0 }, { 0 } };
	char pw[300], hash[ACCOUNT_HASH_MAX];
	struct user u;
	int rc, gen;

	memset(&u, 0, sizeof(u));
	u.role = cli_opt(argc, argv, "--role", "member");
	u.name = cli_opt(argc, argv, "--name", NULL);
	if (!email)
		return cli_usage_error("user add", "--email is required");
	u.email = arena_strdup(a, email);
	account_email_normalize((char *)u.email);
	if (org && resolve_org(st, a, org, &u.org_id))
		return fprintf(stderr, "org: no organisation '%s'\n", org), CLI_EXIT_USAGE;
	if (user_validate(&u, &fe))
		return fprintf(stderr, "%s: %s\n", fe.field, fe.message), CLI_EXIT_USAGE;
	if ((rc = get_password("user add", argc, argv, u.email, u.name, pw, sizeof(pw), &gen)))
		return rc;
	if ((rc = password_hash(pw, hash)))
		return fprintf(stderr, "techbridge user add: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	u.pw_hash = hash;
	if ((rc = account_user_insert(st, &u))) {
		if (rc == TB_ECONFLICT)
			return fprintf(stderr, "email: an account with this email exists\n"), CLI_EXIT_USAGE;
		return fprintf(stderr, "techbridge user add: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	}
	cli_audit(st, "create", u.id, arena_printf(a, "role %s", u.role));
	printf("user %lld %s (%s)\n", (long long)u.id, u.email, u.role);
	if (gen)
		printf("password: %s\n(shown once; store it now)\n", pw);
	return CLI_EXIT_OK;
}

static int find_user(const char *cmd, int argc, char **argv, struct store *st, struct arena *a, struct user *u)
{
	const char *email = cli_opt(argc, argv, "--email", NULL);
	char *em;
	if (!email)
		return cli_usage_error(cmd, "--email is required");
	em = arena_strdup(a, email);
	account_email_normalize(em);
	if (account_user_find(st, a, em, u))
		return fprintf(stderr, "email: no account '%s'\n", em), CLI_EXIT_USAGE;
	return CLI_EXIT_OK;
}

static int user_passwd(int argc, char **argv, struct store *st, struct arena *a)
{
	struct user u;
	char pw[300], hash[ACCOUNT_HASH_MAX];
	int rc, gen, n = 0;
	if ((rc = find_user("user passwd", argc, argv, st, a, &u)) ||
	    (rc = get_password("user passwd", argc, argv, u.email, u.name, pw, sizeof(pw), &gen)))
		return rc;
	if ((rc = password_hash(pw, hash)) || (rc = account_user_set_password(st, u.id, hash)))
		return fprintf(stderr, "techbridge user passwd: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	account_cred_delete_user(st, u.id, 0, &n);
	cli_audit(st, "password", u.id, arena_printf(a, "%d credentials ended", n));
	printf("password changed for %s; %d session(s)/token(s) ended\n", u.email, n);
	if (gen)
		printf("password: %s\n(shown once; store it now)\n", pw);
	return CLI_EXIT_OK;
}

static int user_role(int argc, char **argv, struct store *st, struct arena *a)
{
	struct tb_field_error fe = { { 0 }, { 0 } };
	const char *org = cli_opt(argc, argv, "--org", NULL);
	const char *old;
	struct user u;
	int rc;
	if ((rc = find_user("user role", argc, argv, st, a, &u)))
		return rc;
	old = u.role;
	u.role = cli_opt(argc, argv, "--role", NULL);
	if (!u.role)
		return cli_usage_error("user role", "--role is required");
	if (org && resolve_org(st, a, org, &u.org_id))
		return fprintf(stderr, "org: no organisation '%s'\n", org), CLI_EXIT_USAGE;
	if (user_validate(&u, &fe))
		return fprintf(stderr, "%s: %s\n", fe.field, fe.message), CLI_EXIT_USAGE;
	if ((rc = account_user_update(st, &u)))
		return fprintf(stderr, "techbridge user role: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	cli_audit(st, "role_change", u.id, arena_printf(a, "%s -> %s", old, u.role));
	printf("%s: %s -> %s\n", u.email, old, u.role);
	return CLI_EXIT_OK;
}

static int user_link(int argc, char **argv, struct store *st, struct arena *a)
{
	const char *org = cli_opt(argc, argv, "--org", NULL);
	struct user u;
	int64_t id;
	int rc;
	if ((rc = find_user("user link", argc, argv, st, a, &u)))
		return rc;
	if (!org || resolve_org(st, a, org, &id))
		return fprintf(stderr, "org: give an existing organisation (--org ID|NAME)\n"), CLI_EXIT_USAGE;
	if ((rc = account_user_org_link(st, u.id, id)))
		return fprintf(stderr, "techbridge user link: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	cli_audit(st, "org_link", u.id, arena_printf(a, "org %lld", (long long)id));
	printf("%s now acts for organisation %lld\n", u.email, (long long)id);
	return CLI_EXIT_OK;
}

static int user_list(int argc, char **argv, struct store *st, struct arena *a)
{
	const char *org = cli_opt(argc, argv, "--org", NULL);
	struct user_query q = { 0 };
	struct user *rows;
	int64_t total;
	int n, rc;
	if (org && resolve_org(st, a, org, &q.org_id))
		return fprintf(stderr, "org: no organisation '%s'\n", org), CLI_EXIT_USAGE;
	q.role = cli_opt(argc, argv, "--role", NULL);
	q.limit = 10000;
	if ((rc = account_user_list(st, a, &q, &rows, &n, &total)))
		return fprintf(stderr, "techbridge user list: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	for (int i = 0; i < n; i++)
		printf("%lld\t%s\t%s\t%lld\t%s\n", (long long)rows[i].id, rows[i].email, rows[i].role,
		       (long long)rows[i].org_id, rows[i].org_name ? rows[i].org_name : "-");
	return CLI_EXIT_OK;
}

int cmd_user(int argc, char **argv)
{
	static const struct { const char *name; int (*fn)(int, char **, struct store *, struct arena *); } subs[] = {
		{ "add", user_add }, { "passwd", user_passwd }, { "role", user_role },
		{ "list", user_list }, { "link", user_link },
	};
	struct store *st;
	struct arena a;
	int rc = -1;
	if (argc < 2)
		return cli_usage_error("user", "add|passwd|role|list|link --db PATH ...");
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++) {
		if (strcmp(argv[1], subs[i].name))
			continue;
		if ((rc = open_db("user", argc, argv, &st)))
			return rc;
		arena_init(&a, 64 << 20);
		rc = subs[i].fn(argc, argv, st, &a);
		arena_release(&a);
		app_close(st);
		return rc;
	}
	return cli_usage_error("user", "unknown subcommand '%s' (add, passwd, role, list, link)", argv[1]);
}

int cmd_admin_init(int argc, char **argv)
{
	const char *email = cli_opt(argc, argv, "--email", "admin@techbridge.local");
	struct store *st;
	struct arena a;
	struct user u;
	char pw[32], hash[ACCOUNT_HASH_MAX];
	int rc;

	if ((rc = open_db("admin-init", argc, argv, &st)))
		return rc;
	arena_init(&a, 1 << 20);
	if (account_user_find(st, &a, email, &u) == TB_OK) {
		printf("administrator %s already exists (reset with: techbridge user passwd --email %s)\n",
		       email, email);
		rc = CLI_EXIT_OK;
		goto out;
	}
	memset(&u, 0, sizeof(u));
	u.email = email;
	u.role = "admin";
	u.name = "Administrator";
	password_generate(pw);
	if ((rc = password_hash(pw, hash)))
		goto fail;
	u.pw_hash = hash;
	if ((rc = account_user_insert(st, &u)))
		goto fail;
	cli_audit(st, "create", u.id, "role admin (admin-init)");
	printf("administrator: %s\npassword: %s\n(shown once; store it now)\n", email, pw);
	rc = CLI_EXIT_OK;
	goto out;
fail:
	fprintf(stderr, "techbridge admin-init: %s\n", tb_strerror(rc));
	rc = CLI_EXIT_FAIL;
out:
	arena_release(&a);
	app_close(st);
	return rc;
}

int cmd_token(int argc, char **argv)
{
	const char *name = cli_opt(argc, argv, "--name", "cli");
	const char *secs_s = cli_opt(argc, argv, "--expires-in", NULL);
	const char *days_s = cli_opt(argc, argv, "--days", "30");
	char tok[TOKEN_STR_MAX], h[TOKEN_HASH_HEX];
	struct credential cr = { 0 };
	struct store *st;
	struct arena a;
	struct user u;
	int64_t secs, days;
	int rc;

	if (argc < 2 || strcmp(argv[1], "add"))
		return cli_usage_error("token", "add --db PATH --email E [--name N] [--days N | --expires-in SECONDS]");
	if (secs_s) {
		if (!parse_i64(secs_s, &secs) || secs < 1 || secs > 365 * 86400)
			return cli_usage_error("token", "--expires-in must be 1..31536000 seconds");
	} else {
		if (!parse_i64(days_s, &days) || days < 1 || days > 365)
			return cli_usage_error("token", "--days must be 1..365");
		secs = days * 86400;
	}
	if ((rc = open_db("token", argc, argv, &st)))
		return rc;
	arena_init(&a, 1 << 20);
	if ((rc = find_user("token add", argc, argv, st, &a, &u)))
		goto out;
	token_generate("tbk_", tok);
	token_hash(tok, h);
	cr.user_id = u.id;
	cr.kind = "api";
	cr.token_hash = h;
	cr.name = name;
	cr.created_at = now_unix();
	cr.expires_at = cr.created_at + secs;
	if ((rc = account_cred_insert(st, &cr))) {
		fprintf(stderr, "techbridge token add: %s\n", tb_strerror(rc));
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	cli_audit(st, "create_token", u.id, arena_printf(&a, "token %lld", (long long)cr.id));
	printf("%s\n", tok);
out:
	arena_release(&a);
	app_close(st);
	return rc;
}

int cmd_demo_users(int argc, char **argv)
{
	struct demo_ctx d = { 0 };
	int rc;
	if ((rc = open_db("demo-users", argc, argv, &d.st)))
		return rc;
	d.rng = 1;
	d.quiet = cli_flag(argc, argv, "--quiet");
	rc = demo_seed_users(&d);
	app_close(d.st);
	if (rc)
		return fprintf(stderr, "techbridge demo-users: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	return CLI_EXIT_OK;
}
