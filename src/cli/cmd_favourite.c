/* cmd_favourite.c - `techbridge favourite add|list|remove --as EMAIL`: one
 * account's saved listings from the command line (issue #18, CLI parity with
 * /api/favourites). Favourites belong to a user, so --as names whose list it
 * is. The same rules as the API: only a listing that user may see can be
 * saved (else "item_id: no such listing", exit 2, as the API's 404), saving
 * twice changes nothing, at most FAVOURITES_MAX. --json prints the API's
 * objects; a listed item the user may no longer see is listed with "item":
 * null, as the API does. */
#include "api/present.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/account_ops.h"
#include "domain/app.h"
#include "domain/brokerage.h"
#include "domain/catalog_ops.h"
#include "domain/favourite.h"
#include "domain/visibility.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "favourite"
#define USAGE "add|remove --kind achievement|demand --id N | list  --db PATH --as EMAIL [--json]"

static int fail(int rc, const struct tb_field_error *fe)
{
	if (fe && fe->field[0])
		cli_field_error(fe);
	else
		fprintf(stderr, "techbridge " CMD ": %s\n", tb_strerror(rc));
	return rc == TB_EINVAL || rc == TB_ENOTFOUND || rc == TB_ECONFLICT ? CLI_EXIT_USAGE
	                                                                   : CLI_EXIT_FAIL;
}

/* The API's visibility of a listing (api/favourites.c visible): a public
 * status for everyone, any other for those who read the organisation's drafts. */
static bool visible(struct store *st, const struct user *u, const char *status, int64_t owner)
{
	struct actor who = { u->id, u->org_id, u->role };
	if (!strcmp(status, "published") || !strcmp(status, "commercialised") ||
	    !strcmp(status, "closed"))
		return true;
	return listing_reads_hidden(st, &who, owner);
}

static int kind_id(int argc, char **argv, bool *is_ach, int64_t *id)
{
	const char *kind = cli_opt(argc, argv, "--kind", NULL), *v = cli_opt(argc, argv, "--id", NULL);
	if (!kind || (strcmp(kind, "achievement") && strcmp(kind, "demand")))
		return cli_usage_error(CMD, "--kind must be achievement or demand");
	if (!v || !parse_i64(v, id) || *id <= 0)
		return cli_usage_error(CMD, "--id takes the listing's id");
	*is_ach = !strcmp(kind, "achievement");
	return CLI_EXIT_OK;
}

static int add(int argc, char **argv, struct store *st, struct arena *a, const struct user *u,
               bool js)
{
	struct tb_field_error fe = { 0 };
	struct achievement x;
	struct demand d;
	bool is_ach;
	int64_t id;
	int created = 0, rc;

	if ((rc = kind_id(argc, argv, &is_ach, &id)))
		return rc;
	rc = is_ach ? catalog_ach_get(st, a, id, &x) : catalog_dem_get(st, a, id, &d);
	/* one the user may not see is not there for them (the API's 404) */
	if (rc == TB_ENOTFOUND ||
	    (!rc && !visible(st, u, is_ach ? x.status : d.status, is_ach ? x.owner_org_id : d.org_id)))
		return TB_FE_S(&fe, "item_id", "no_such", "listing"), fail(TB_ENOTFOUND, &fe);
	if (rc || (rc = favourite_add(st, a, u->id, is_ach, id, &created, &fe)))
		return fail(rc, &fe);
	if (js)
		cli_print_json(CMD, json_pack("{s:s,s:I,s:b}", "kind",
		                              is_ach ? "achievement" : "demand", "item_id",
		                              (json_int_t)id, "saved", 1));
	else
		printf("%s %lld %s\n", is_ach ? "achievement" : "demand", (long long)id,
		       created ? "saved" : "was saved before");
	return CLI_EXIT_OK;
}

static int remove_one(int argc, char **argv, struct store *st, const struct user *u, bool js)
{
	bool is_ach;
	int64_t id;
	int rc;
	if ((rc = kind_id(argc, argv, &is_ach, &id)))
		return rc;
	if ((rc = favourite_remove(st, u->id, is_ach, id)))
		return fail(rc, NULL);
	if (js)
		cli_print_json(CMD, json_pack("{s:s,s:I,s:b}", "kind",
		                              is_ach ? "achievement" : "demand", "item_id",
		                              (json_int_t)id, "saved", 0));
	else
		printf("%s %lld removed\n", is_ach ? "achievement" : "demand", (long long)id);
	return CLI_EXIT_OK;
}

static int list(struct store *st, struct arena *a, const struct user *u, bool js)
{
	struct favourite *f;
	int n, rc;
	json_t *items = json_array();

	if ((rc = favourite_list(st, a, u->id, &f, &n)))
		return json_decref(items), fail(rc, NULL);
	for (int i = 0; i < n; i++) {
		struct achievement x;
		struct demand d;
		json_t *o = json_pack("{s:s,s:I,s:o}", "kind", f[i].is_ach ? "achievement" : "demand",
		                      "item_id", (json_int_t)f[i].item_id, "saved_at", f[i].created_at ? json_string(f[i].created_at) : json_null());
		const char *title = NULL;
		rc = f[i].is_ach ? catalog_ach_get(st, a, f[i].item_id, &x)
		                 : catalog_dem_get(st, a, f[i].item_id, &d);
		if (rc && rc != TB_ENOTFOUND) {
			json_decref(o);
			json_decref(items);
			return fail(rc, NULL);
		}
		if (!rc && visible(st, u, f[i].is_ach ? x.status : d.status,
		                   f[i].is_ach ? x.owner_org_id : d.org_id)) {
			/* The staff contact only for those the API shows it to
			 * (api_redact_contact): the CLI acts as the user --as names. */
			struct actor who = { u->id, u->org_id, u->role };
			const char **em = f[i].is_ach ? &x.contact_email : &d.contact_email;
			const char **ph = f[i].is_ach ? &x.contact_phone : &d.contact_phone;
			if ((*em || *ph) && !contact_visible(st, &who, f[i].is_ach ? "achievement" : "demand",
			                                     f[i].item_id, f[i].is_ach ? x.owner_org_id : d.org_id)) {
				*em = NULL;
				*ph = NULL;
			}
			json_object_set_new(o, "item", f[i].is_ach ? achievement_json(&x) : demand_json(&d));
			title = f[i].is_ach ? x.title_zh : d.title_zh;
		} else {
			json_object_set_new(o, "item", json_null());
		}
		if (!js)
			printf("%s\t%lld\t%s\t%s\n", f[i].is_ach ? "achievement" : "demand",
			       (long long)f[i].item_id, f[i].created_at ? f[i].created_at : "",
			       title ? title : "(unavailable)");
		json_array_append_new(items, o);
	}
	if (js)
		cli_print_json(CMD, json_pack("{s:o,s:i,s:i}", "items", items, "total", n, "max",
		                              FAVOURITES_MAX));
	else
		json_decref(items);
	return CLI_EXIT_OK;
}

int cmd_favourite(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "", *db = cli_opt(argc, argv, "--db", NULL);
	const char *as = cli_opt(argc, argv, "--as", NULL);
	bool js = cli_flag(argc, argv, "--json");
	struct store *st;
	struct arena a;
	struct user u;
	int rc;

	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "remove"))
		return cli_usage_error(CMD, USAGE);
	if (!db)
		return cli_usage_error(CMD, "--db PATH is required");
	if (!as)
		return cli_usage_error(CMD, "--as EMAIL is required (whose saved listings)");
	if ((rc = app_open(db, 1, NULL, &st)))
		return fprintf(stderr, "techbridge " CMD ": cannot open %s: %s\n", app_url_shown(db),
		               app_open_error(rc)), CLI_EXIT_FAIL;
	arena_init(&a, 64u << 20);
	if (account_user_find(st, &a, as, &u)) {
		rc = cli_usage_error(CMD, "--as: no account %s", as);
		goto out;
	}
	if (!strcmp(sub, "add"))
		rc = add(argc, argv, st, &a, &u, js);
	else if (!strcmp(sub, "remove"))
		rc = remove_one(argc, argv, st, &u, js);
	else
		rc = list(st, &a, &u, js);
out:
	arena_release(&a);
	app_close(st);
	return rc;
}
