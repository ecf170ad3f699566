/* favourites.c - a user's saved listings (issue #18):
 *   GET    /api/favourites                      the saved listings, newest first,
 *                                               each with its current summary
 *                                               (one the user may no longer see
 *                                               is listed as unavailable)
 *   POST   /api/favourites {"kind","item_id"}   save (201; 200 when saved before)
 *   DELETE /api/favourites/achievements/{id}, /api/favourites/demands/{id}
 * Logged-in users only; each sees and changes only their own. */
#include "api/api.h"
#include "domain/catalog_ops.h"
#include "domain/favourite.h"
#include <string.h>

static bool visible(struct api_ctx *c, bool is_ach, const char *status, int64_t owner)
{
	const char *res = is_ach ? "achievement" : "demand";
	if (!strcmp(status, "published") || !strcmp(status, "commercialised") || !strcmp(status, "closed"))
		return api_may(c, res, "read", owner);
	return api_may(c, res, "read_draft", owner);
}

static void list(struct api_ctx *c)
{
	struct favourite *f;
	int n, rc;
	json_t *items;

	if (!api_allow(c, "favourite", "read", 0))
		return;
	if ((rc = favourite_list(c->st, c->a, c->who.user_id, &f, &n)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++) {
		struct achievement a;
		struct demand d;
		json_t *o = json_pack("{s:s,s:I,s:o}", "kind", f[i].is_ach ? "achievement" : "demand",
		                      "item_id", (json_int_t)f[i].item_id, "saved_at", jstr(f[i].created_at));
		rc = f[i].is_ach ? catalog_ach_get(c->st, c->a, f[i].item_id, &a)
		                 : catalog_dem_get(c->st, c->a, f[i].item_id, &d);
		if (rc && rc != TB_ENOTFOUND) {
			json_decref(o);
			json_decref(items);
			return api_fail(c, rc);
		}
		/* a listing withdrawn since, or gone: kept in the list, without its data */
		if (!rc && visible(c, f[i].is_ach, f[i].is_ach ? a.status : d.status,
		                   f[i].is_ach ? a.owner_org_id : d.org_id)) {
			if (f[i].is_ach) {
				api_redact_contact(c, "achievement", a.id, a.owner_org_id, &a.contact_email, &a.contact_phone);
				json_object_set_new(o, "item", achievement_json(&a));
			} else {
				api_redact_contact(c, "demand", d.id, d.org_id, &d.contact_email, &d.contact_phone);
				json_object_set_new(o, "item", demand_json(&d));
			}
		} else {
			json_object_set_new(o, "item", json_null());
		}
		json_array_append_new(items, o);
	}
	api_json(c, 200, json_pack("{s:o,s:i,s:i}", "items", items, "total", n, "max", FAVOURITES_MAX));
}

static void add(struct api_ctx *c)
{
	static const char *const keys[] = { "kind", "item_id", NULL };
	const char *kind = NULL;
	int64_t id = 0;
	int created = 0, rc;
	bool is_ach;
	struct achievement a;
	struct demand d;

	if (!api_allow(c, "favourite", "update", 0))
		return;
	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "kind", true, &kind)) ||
	    (rc = jin_int(c, "item_id", true, 1, INT64_MAX, &id)))
		return api_fail(c, rc);
	if (strcmp(kind, "achievement") && strcmp(kind, "demand"))
		return TB_FE_S(&c->fe, "kind", "one_of", "achievement or demand"), api_fail(c, TB_EINVAL);
	is_ach = !strcmp(kind, "achievement");
	/* one the user may not see is not there for them */
	rc = is_ach ? catalog_ach_get(c->st, c->a, id, &a) : catalog_dem_get(c->st, c->a, id, &d);
	if (rc == TB_ENOTFOUND ||
	    (!rc && !visible(c, is_ach, is_ach ? a.status : d.status, is_ach ? a.owner_org_id : d.org_id)))
		return TB_FE_S(&c->fe, "item_id", "no_such", "listing"), api_fail(c, TB_ENOTFOUND);
	if (rc || (rc = favourite_add(c->st, c->a, c->who.user_id, is_ach, id, &created, &c->fe)))
		return api_fail(c, rc);
	api_json(c, created ? 201 : 200, json_pack("{s:s,s:I,s:b}", "kind", kind, "item_id", (json_int_t)id,
	                                           "saved", 1));
}

static void remove_one(struct api_ctx *c, bool is_ach)
{
	int rc;
	if (!api_allow(c, "favourite", "update", 0))
		return;
	if ((rc = favourite_remove(c->st, c->who.user_id, is_ach, c->ids[0])))
		return api_fail(c, rc);
	c->resp->status = 204;
	buf_reset(&c->resp->body);
	c->answered = 1;
}

static void remove_ach(struct api_ctx *c) { remove_one(c, true); }
static void remove_dem(struct api_ctx *c) { remove_one(c, false); }

const struct api_route api_favourite_routes[] = {
	{ "GET", "/api/favourites", list,
	  { .en = "The signed-in user's saved listings", .zh = "我的收藏", .access = "favourite:read", .ok = "200" } },
	{ "POST", "/api/favourites", add,
	  { .en = "Save a listing", .zh = "收藏条目", .access = "favourite:update", .body = "kind:string!,id:integer!", .ok = "200" } },
	{ "DELETE", "/api/favourites/achievements/{id}", remove_ach,
	  { .en = "Remove a saved achievement", .zh = "取消收藏成果", .access = "favourite:update", .ok = "200" } },
	{ "DELETE", "/api/favourites/demands/{id}", remove_dem,
	  { .en = "Remove a saved demand", .zh = "取消收藏需求", .access = "favourite:update", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};
