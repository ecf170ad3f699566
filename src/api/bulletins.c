/* bulletins.c - /api/bulletins (issue #16): the archive of weekly and monthly
 * bulletins (public, like the published listings they are made of), one
 * bulletin by its period (/api/bulletins/2026-W48, /api/bulletins/2026-11),
 * and POST /api/bulletins {"period"} for the science bureau to make one that
 * the scheduler has not made (a period that has ended, once). */
#include "api/api.h"
#include "present/present.h"
#include "domain/bulletin.h"
#include "core/util.h"
#include <string.h>

static void list_bulletins(struct api_ctx *c)
{
	const char *kind = qs_str(c, "kind");
	struct bulletin *rows;
	int64_t limit;
	int n, rc;

	if (kind && !name_in(bulletin_kinds, kind))
		return TB_FE_S(&c->fe, "kind", "one_of", "weekly or monthly"),
		       api_fail(c, TB_EINVAL);
	if ((rc = qs_int(c, "limit", 1, 200, 52, &limit)))
		return api_fail(c, rc);
	if (!api_allow(c, "bulletin", "read", 0))
		return;
	if ((rc = bulletin_list(c->st, c->a, kind, (int)limit, &rows, &n)))
		return api_fail(c, rc);
	API_ITEMS(c, rows, n, bulletin_summary_json);
}

static void get_bulletin(struct api_ctx *c)
{
	/* The router matched {period} (api_match_pattern): the last segment. */
	const char *period = strrchr(c->req->path, '/') + 1;
	struct bulletin b;
	int rc;
	if (!api_allow(c, "bulletin", "read", 0))
		return;
	if ((rc = bulletin_get(c->st, c->a, period, &b)))
		return api_fail(c, rc);
	api_json(c, 200, bulletin_json(&b));
}

static void make_bulletin(struct api_ctx *c)
{
	static const char *const keys[] = { "period", NULL };
	const char *period = NULL;
	struct bulletin b;
	int rc;
	if (!api_allow(c, "bulletin", "create", 0))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "period", true, &period)))
		return api_fail(c, rc);
	/* The archive is public: it names the maker's role, not their address
	 * (the audit row below names the account). */
	if ((rc = bulletin_make(c->st, c->a, period, now_unix(), c->who.role, &b, &c->fe)))
		return api_fail(c, rc);
	api_audit(c, "bulletin_make", "bulletin", b.id, "allow", period);
	api_json(c, 201, bulletin_json(&b));
}

const struct api_route api_bulletin_routes[] = {
	{ "GET", "/api/bulletins", list_bulletins,
	  { .en = "The archive of weekly and monthly bulletins", .zh = "周报与月报存档",
	    .access = "bulletin:read", .ok = "200:[#BulletinSummary" } },
	{ "POST", "/api/bulletins", make_bulletin,
	  { .en = "Make the bulletin of an ended period", .zh = "生成已结束周期的简报",
	    .access = "bulletin:create", .body = "period:string!", .errors = "409", .ok = "201:#Bulletin" } },
	{ "GET", "/api/bulletins/{period}", get_bulletin,
	  { .en = "One bulletin by its period (2026-W48, 2026-11)",
	    .zh = "按周期查看简报（2026-W48、2026-11）",
	    .access = "bulletin:read", .ok = "200:#Bulletin" } },
	{ NULL, NULL, NULL, { 0 } },
};
