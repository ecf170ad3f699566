/* cmd_contract.c - `techbridge contract register|list|seed|amend|terminate`: register a
 * technology contract from the command line (same workflow and validation as
 * POST /api/contracts), list contracts as a table/CSV/JSON, and run only the
 * contracts demo seeder on an existing database (`seed`, for trying the
 * indicators before `techbridge demo` wires it in); amend and terminate as
 * PATCH /api/contracts/{id} and POST .../terminate do (issue #16, CLI parity). */
#include "cli/cli.h"
#include "cli/demo.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/contract.h"
#include "domain/contract_ops.h"
#include "domain/indicators.h"
#include "domain/app.h"
#include "api/present.h"
#include <jansson.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static int usage_field(const char *field, const char *msg)
{
	fprintf(stderr, "%s: %s\n", field, msg);
	return CLI_EXIT_USAGE;
}

/* "--seller 12" (an org id) or "--seller 北京某公司" (a free-text party). */
static int party_opt(int argc, char **argv, const char *side, struct contract_party *p)
{
	char key[32];
	const char *v;
	int64_t id;
	snprintf(key, sizeof(key), "--%s", side);
	v = cli_opt(argc, argv, key, NULL);
	if (v && parse_i64(v, &id) && id > 0)
		p->org_id = id;
	else
		p->name = v;
	snprintf(key, sizeof(key), "--%s-region", side);
	p->region_code = cli_opt(argc, argv, key, NULL);
	snprintf(key, sizeof(key), "--%s-country", side);
	p->country = cli_opt(argc, argv, key, NULL);
	return TB_OK;
}

static int id_opt(int argc, char **argv, const char *key, int64_t *out)
{
	const char *v = cli_opt(argc, argv, key, NULL);
	if (!v)
		return TB_OK;
	return parse_i64(v, out) && *out > 0 ? TB_OK : TB_EINVAL;
}

static int do_register(int argc, char **argv, struct store *st, struct arena *a)
{
	struct contract c;
	struct tb_field_error fe = { 0 };
	const char *amount = cli_opt(argc, argv, "--amount", NULL);
	const char *tx = cli_opt(argc, argv, "--tx-amount", NULL);
	int64_t changed = 0;
	char m[32];
	int rc;

	memset(&c, 0, sizeof(c));
	c.reg_no = cli_opt(argc, argv, "--reg-no", NULL);
	c.type = cli_opt(argc, argv, "--type", NULL);
	c.subtype = cli_opt(argc, argv, "--subtype", NULL);
	c.title = cli_opt(argc, argv, "--title", NULL);
	c.signed_on = cli_opt(argc, argv, "--signed", NULL);
	c.valid_from = cli_opt(argc, argv, "--valid-from", NULL);
	c.valid_to = cli_opt(argc, argv, "--valid-to", NULL);
	c.field = cli_opt(argc, argv, "--field", NULL);
	c.note = cli_opt(argc, argv, "--note", NULL);
	party_opt(argc, argv, "seller", &c.seller);
	party_opt(argc, argv, "buyer", &c.buyer);
	if (!amount)
		return usage_field("amount", "is required (yuan)");
	if (!money_parse_yuan(amount, &c.amount_fen))
		return usage_field("amount", "must be a non-negative amount in yuan with at most two decimals");
	c.tx_amount_fen = -1;
	if (tx && !money_parse_yuan(tx, &c.tx_amount_fen))
		return usage_field("tx_amount", "must be a non-negative amount in yuan with at most two decimals");
	if (id_opt(argc, argv, "--achievement", &c.achievement_id))
		return usage_field("achievement_id", "must be an id");
	if (id_opt(argc, argv, "--demand", &c.demand_id))
		return usage_field("demand_id", "must be an id");
	if ((rc = contract_register(st, a, &c, NULL, &fe, &changed))) {
		if (rc == TB_EINVAL || fe.field[0]) {
			cli_field_error(&fe);
			return rc == TB_EINVAL || rc == TB_ENOTFOUND ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
		}
		fprintf(stderr, "techbridge contract register: %s\n", tb_strerror(rc));
		return CLI_EXIT_FAIL;
	}
	money_format(c.amount_fen, m);
	printf("contract %lld registered: %s, %s yuan, signed %s%s%s\n", (long long)c.id, c.reg_no, m,
	       c.signed_on, c.local ? ", local conversion" : "",
	       changed ? ", achievement commercialised" : "");
	return CLI_EXIT_OK;
}

static const struct ind_col list_cols[] = {
	{ "id", IV_INT }, { "reg_no", IV_STR }, { "type", IV_STR }, { "seller", IV_STR },
	{ "buyer", IV_STR }, { "amount", IV_MONEY }, { "tx_amount", IV_MONEY },
	{ "signed_on", IV_STR }, { "status", IV_STR }, { "local", IV_STR },
};

static int do_list(int argc, char **argv, struct store *st, struct arena *a)
{
	struct contract_query q;
	struct contract *rows;
	struct ind_table t;
	const char *format = cli_opt(argc, argv, "--format", "table");
	const char *lim = cli_opt(argc, argv, "--limit", "50");
	int64_t limit, total;
	int n, rc;

	memset(&q, 0, sizeof(q));
	q.status = cli_opt(argc, argv, "--status", NULL);
	q.type = cli_opt(argc, argv, "--type", NULL);
	q.from = cli_opt(argc, argv, "--from", NULL);
	q.to = cli_opt(argc, argv, "--to", NULL);
	q.q = cli_opt(argc, argv, "--q", NULL);
	if (!parse_i64(lim, &limit) || limit < 1 || limit > 1000000)
		return usage_field("limit", "must be 1..1000000");
	if (id_opt(argc, argv, "--org", &q.org_id))
		return usage_field("org", "must be an id");
	if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json"))
		return usage_field("format", "must be table, csv or json");
	q.limit = (int)limit;
	if ((rc = contract_list(st, a, &q, &rows, &n, &total))) {
		fprintf(stderr, "techbridge contract list: %s\n", tb_strerror(rc));
		return CLI_EXIT_FAIL;
	}
	ind_table_init(&t, a, list_cols, (int)ARRAY_SIZE(list_cols));
	for (int i = 0; i < n; i++) {
		struct ind_val *r = ind_table_row(&t);
		if (!r)
			return CLI_EXIT_FAIL;
		iv_int(&r[0], rows[i].id);
		iv_str(&r[1], rows[i].reg_no);
		iv_str(&r[2], rows[i].type);
		iv_str(&r[3], rows[i].seller.name);
		iv_str(&r[4], rows[i].buyer.name);
		iv_money(&r[5], rows[i].amount_fen);
		iv_money(&r[6], rows[i].tx_amount_fen);
		iv_str(&r[7], rows[i].signed_on);
		iv_str(&r[8], rows[i].status);
		iv_str(&r[9], rows[i].local ? "yes" : "no");
	}
	rc = cli_print_table(&t, format);
	if (!strcmp(format, "table"))
		printf("(%d of %lld)\n", n, (long long)total);
	return rc;
}

static int do_seed(int argc, char **argv, struct store *st)
{
	struct demo_ctx d;
	int rc;
	memset(&d, 0, sizeof(d));
	d.st = st;
	d.rng = 0x7ec4b1d9e2f3a5c1ULL;
	d.small = cli_flag(argc, argv, "--small");
	if ((rc = demo_seed_contracts(&d))) {
		fprintf(stderr, "techbridge contract seed: %s\n", tb_strerror(rc));
		return CLI_EXIT_FAIL;
	}
	return CLI_EXIT_OK;
}

#define YUAN_RULE "must be a non-negative amount in yuan with at most two decimals"

/* --json: the API's object (contract_json); else one line. */
static int print_contract(const struct contract *x, bool js)
{
	if (js) {
		int rc = cli_print_json("contract", contract_json(x));
		if (rc)
			return rc;
	} else {
		printf("contract %lld %s\n", (long long)x->id, x->status);
	}
	return CLI_EXIT_OK;
}

/* `contract amend ID [--title T] [--amount Y] ... [--json]`: PATCH
 * /api/contracts/{id}: the options register takes, only those given change;
 * saved as amended by the same service with the same messages. */
static int do_amend(int argc, char **argv, struct store *st, struct arena *a)
{
	static const struct { const char *opt; size_t off; } texts[] = {
		{ "--reg-no", offsetof(struct contract, reg_no) },
		{ "--type", offsetof(struct contract, type) },
		{ "--subtype", offsetof(struct contract, subtype) },
		{ "--title", offsetof(struct contract, title) },
		{ "--signed", offsetof(struct contract, signed_on) },
		{ "--valid-from", offsetof(struct contract, valid_from) },
		{ "--valid-to", offsetof(struct contract, valid_to) },
		{ "--field", offsetof(struct contract, field) },
		{ "--note", offsetof(struct contract, note) },
	};
	struct tb_field_error fe = { 0 };
	const char *amount = cli_opt(argc, argv, "--amount", NULL);
	const char *tx = cli_opt(argc, argv, "--tx-amount", NULL);
	struct contract c;
	int64_t id;
	int rc;

	if (argc < 3 || !parse_i64(argv[2], &id) || id <= 0)
		return usage_field("id", "amend needs the contract's id");
	if ((rc = contract_get(st, a, id, &c)))
		return fprintf(stderr, "techbridge contract amend: %s\n", tb_strerror(rc)),
		       rc == TB_ENOTFOUND ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const char *v = cli_opt(argc, argv, texts[i].opt, NULL);
		if (v)
			*(const char **)((char *)&c + texts[i].off) = v;
	}
	if (cli_opt(argc, argv, "--seller", NULL)) {
		memset(&c.seller, 0, sizeof(c.seller));
		party_opt(argc, argv, "seller", &c.seller);
	}
	if (cli_opt(argc, argv, "--buyer", NULL)) {
		memset(&c.buyer, 0, sizeof(c.buyer));
		party_opt(argc, argv, "buyer", &c.buyer);
	}
	if (amount && !money_parse_yuan(amount, &c.amount_fen))
		return usage_field("amount", YUAN_RULE);
	if (tx && !money_parse_yuan(tx, &c.tx_amount_fen))
		return usage_field("tx_amount", YUAN_RULE);
	if (id_opt(argc, argv, "--achievement", &c.achievement_id))
		return usage_field("achievement_id", "must be an id");
	if (id_opt(argc, argv, "--demand", &c.demand_id))
		return usage_field("demand_id", "must be an id");
	if ((rc = contract_amend(st, a, &c, &fe)) || (rc = contract_get(st, a, id, &c))) {
		if (fe.field[0])
			fprintf(stderr, "%s: %s\n", fe.field, fe.message);
		else
			fprintf(stderr, "techbridge contract amend: %s\n", tb_strerror(rc));
		return rc == TB_EINVAL || rc == TB_ENOTFOUND || rc == TB_ESTATE ? CLI_EXIT_USAGE
		                                                                : CLI_EXIT_FAIL;
	}
	return print_contract(&c, cli_flag(argc, argv, "--json"));
}

/* `contract terminate ID [--reason R] [--json]`: POST /api/contracts/{id}/terminate,
 * the same service and messages (an achievement with no live contract left
 * returns to published). */
static int do_terminate(int argc, char **argv, struct store *st, struct arena *a)
{
	struct tb_field_error fe = { 0 };
	struct contract x;
	int64_t id, changed = 0;
	int rc;

	if (argc < 3 || !parse_i64(argv[2], &id) || id <= 0)
		return usage_field("id", "terminate needs the contract's id");
	if ((rc = contract_get(st, a, id, &x)) ||
	    (rc = contract_terminate(st, a, id, cli_opt(argc, argv, "--reason", NULL), &fe, &changed)) ||
	    (rc = contract_get(st, a, id, &x))) {
		if (fe.field[0])
			fprintf(stderr, "%s: %s\n", fe.field, fe.message);
		else
			fprintf(stderr, "techbridge contract terminate: %s\n", tb_strerror(rc));
		return rc == TB_EINVAL || rc == TB_ENOTFOUND || rc == TB_ESTATE ? CLI_EXIT_USAGE
		                                                                : CLI_EXIT_FAIL;
	}
	return print_contract(&x, cli_flag(argc, argv, "--json"));
}

int cmd_contract(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	const char *sub = argc > 1 ? argv[1] : NULL;
	struct store *st;
	struct arena a;
	int rc, applied;

	if (!sub || (strcmp(sub, "register") && strcmp(sub, "list") && strcmp(sub, "seed") &&
	             strcmp(sub, "terminate") && strcmp(sub, "amend")))
		return cli_usage_error("contract", "use: contract register|list|seed|amend|terminate "
		                                   "--db PATH ...");
	if ((rc = app_open(db, 0, NULL, &st)))
		return fprintf(stderr, "techbridge contract: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)),
		       CLI_EXIT_FAIL;
	if ((rc = app_migrate(st, &applied))) {
		app_close(st);
		return fprintf(stderr, "techbridge contract: migration failed: %s\n", tb_strerror(rc)),
		       CLI_EXIT_FAIL;
	}
	arena_init(&a, 256u << 20);
	if (!strcmp(sub, "register"))
		rc = do_register(argc, argv, st, &a);
	else if (!strcmp(sub, "list"))
		rc = do_list(argc, argv, st, &a);
	else if (!strcmp(sub, "terminate"))
		rc = do_terminate(argc, argv, st, &a);
	else if (!strcmp(sub, "amend"))
		rc = do_amend(argc, argv, st, &a);
	else
		rc = do_seed(argc, argv, st);
	arena_release(&a);
	app_close(st);
	return rc;
}
