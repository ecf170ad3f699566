/* subscriptions.c - /api/subscriptions (saved searches, followed
 * organisations, own-match alerts) and /api/notifications (the in-app
 * alerts and reminders of issue #16). Each user sees and changes only their
 * own subscriptions; notifications are the user's own and those addressed to
 * their organisation. */
#include "api/api.h"
#include "domain/alerts.h"
#include "domain/digest.h"
#include "core/util.h"
#include "core/buf.h"
#include <stdio.h>
#include "domain/region.h"
#include <string.h>

/* percent-encoding for a query value */
static void qs_add(struct buf *b, const char *key, const char *v)
{
	if (!v || !*v)
		return;
	buf_printf(b, "%c%s=", b->len && strchr(b->ptr, '?') ? '&' : '?', key);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			buf_addc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

/* The Atom feed of a saved search or followed organisation (api/feeds.c). */
static json_t *feed_of(const struct subscription *x)
{
	struct buf b = BUF_INIT(4096);
	json_t *out;
	char n[24];
	if (!strcmp(x->kind, "own_matches"))
		return json_null();
	buf_printf(&b, "/api/feeds/%ss.atom", x->target);
	qs_add(&b, "field", x->field);
	qs_add(&b, "city", x->city);
	qs_add(&b, "q", x->q);
	snprintf(n, sizeof(n), "%d", x->trl_min);
	qs_add(&b, "trl_min", x->trl_min ? n : NULL);
	snprintf(n, sizeof(n), "%lld", (long long)x->org_id);
	qs_add(&b, "org", x->org_id > 0 ? n : NULL);
	out = b.failed ? json_null() : json_string(b.ptr);
	buf_release(&b);
	return out;
}

static json_t *subscription_json(const struct subscription *x)
{
	json_t *o = json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:i,s:o,s:f,s:o}", "id", (json_int_t)x->id,
	                 "kind", x->kind, "target", x->target, "q", jstr(x->q), "field", jstr(x->field),
	                 "city", jstr(x->city), "trl_min", x->trl_min,
	                 "org_id", x->org_id > 0 ? json_integer(x->org_id) : json_null(),
	                 "min_score", x->min_score, "created_at", jstr(x->created_at));
	if (o)
		json_object_set_new(o, "feed", feed_of(x));
	return o;
}

static json_t *notification_json(const struct notification *x)
{
	return json_pack("{s:I,s:s,s:s,s:I,s:s,s:s,s:o,s:o}", "id", (json_int_t)x->id, "kind", x->kind,
	                 "item_kind", x->item_kind, "item_id", (json_int_t)x->item_id,
	                 "text_zh", x->text_zh, "text_en", x->text_en,
	                 "created_at", jstr(x->created_at), "read_at", jstr(x->read_at));
}

static void list_subscriptions(struct api_ctx *c)
{
	struct subscription *rows;
	int n, rc;
	if (!api_allow(c, "subscription", "read", 0))
		return;
	if ((rc = subscription_list(c->st, c->a, c->who.user_id, NULL, &rows, &n)))
		return api_fail(c, rc);
	API_ITEMS(c, rows, n, subscription_json);
}

static void create_subscription(struct api_ctx *c)
{
	static const char *const keys[] = { "kind", "target", "q", "field", "city", "trl_min",
	                                    "org_id", "min_score", NULL };
	struct subscription x;
	int64_t v = 0;
	int rc;
	memset(&x, 0, sizeof(x));
	if (!api_allow(c, "subscription", "create", 0))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "kind", true, &x.kind)) || (rc = jin_str(c, "target", true, &x.target)) ||
	    (rc = jin_str(c, "q", false, &x.q)) || (rc = jin_str(c, "field", false, &x.field)) ||
	    (rc = jin_str(c, "city", false, &x.city)) ||
	    (rc = jin_int(c, "trl_min", false, 0, 9, &v)))
		return api_fail(c, rc);
	x.trl_min = (int)v;
	v = 0;
	if ((rc = jin_int(c, "org_id", false, 1, INT64_MAX, &v)) ||
	    (rc = jin_num(c, "min_score", false, &x.min_score)))
		return api_fail(c, rc);
	x.org_id = v;
	x.city = region_city_canonical(x.city);
	x.user_id = c->who.user_id;
	if ((rc = subscription_add(c->st, &x, &c->fe)))
		return api_fail(c, rc);
	api_audit(c, "subscribe", "subscription", x.id, "ok", x.kind);
	api_json(c, 201, subscription_json(&x));
}

static void delete_subscription(struct api_ctx *c)
{
	int rc;
	if (!api_allow(c, "subscription", "delete", 0))
		return;
	if ((rc = subscription_delete(c->st, c->who.user_id, c->ids[0])))
		return api_fail(c, rc);
	api_json(c, 200, json_pack("{s:b}", "deleted", 1));
}

static void list_notifications(struct api_ctx *c)
{
	struct notification *rows;
	json_t *items;
	int64_t limit;
	int n, rc, unread = 0;
	if (!api_allow(c, "notification", "read", 0))
		return;
	if ((rc = qs_int(c, "limit", 1, 200, 50, &limit)) ||
	    (rc = notification_list(c->st, c->a, c->who.user_id, c->who.org_id, (int)limit, &rows, &n)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++) {
		unread += rows[i].read_at == NULL;
		json_array_append_new(items, notification_json(&rows[i]));
	}
	api_json(c, 200, json_pack("{s:o,s:i}", "items", items, "unread", unread));
}

static void read_notification(struct api_ctx *c)
{
	int rc;
	if (!api_allow(c, "notification", "update", 0))
		return;
	if ((rc = notification_read(c->st, c->who.user_id, c->who.org_id, c->ids[0])))
		return api_fail(c, rc);
	api_json(c, 200, json_pack("{s:b}", "read", 1));
}

/* GET/PUT /api/mail: the caller's e-mail digest (none, daily, weekly). */
static void get_mail(struct api_ctx *c)
{
	const char *digest;
	int rc;
	if (!api_allow(c, "mail", "read", 0))
		return;
	if ((rc = digest_pref_get(c->st, c->a, c->who.user_id, &digest)))
		return api_fail(c, rc);
	api_json(c, 200, json_pack("{s:s}", "digest", digest));
}

static void put_mail(struct api_ctx *c)
{
	static const char *const keys[] = { "digest", NULL };
	const char *digest = NULL;
	int rc;
	if (!api_allow(c, "mail", "update", 0))
		return;
	if ((rc = api_body_keys(c, keys)) ||
	    (rc = jin_str(c, "digest", true, &digest)))
		return api_fail(c, rc);
	if (!name_in(digest_names, digest))
		return TB_FE_S(&c->fe, "digest", "one_of", "none, daily or weekly"),
		       api_fail(c, TB_EINVAL);
	if ((rc = digest_pref_put(c->st, c->who.user_id, digest)))
		return api_fail(c, rc);
	api_audit(c, "mail_digest", "mail", c->who.user_id, "ok", digest);
	api_json(c, 200, json_pack("{s:s}", "digest", digest));
}

/* GET /api/unsubscribe?u=ID&t=TOKEN: the link in every digest. Works without
 * login; the token is the user's own MAC (domain/digest.h), so it neither
 * forges nor carries over to another user. Idempotent. */
static void unsubscribe(struct api_ctx *c)
{
	int64_t uid;
	int rc;
	if (!api_allow(c, "mail", "unsubscribe", 0))
		return;
	if ((rc = qs_int(c, "u", 1, INT64_MAX, 0, &uid)))
		return api_fail(c, rc);
	if (!uid || !qs_str(c, "t"))
		return TB_FE(&c->fe, uid ? "t" : "u", "field_required"), api_fail(c, TB_EINVAL);
	if ((rc = digest_token_verify(c->st, uid, qs_str(c, "t")))) {
		if (rc == TB_EPERM)
			return api_error_code(c, 403, "unsubscribe_invalid", "t");
		return api_fail(c, rc);
	}
	if ((rc = digest_pref_put(c->st, uid, "none")))
		return api_fail(c, rc);
	api_json(c, 200, json_pack("{s:s,s:s,s:s}", "digest", "none",
	                           "message_zh", "已退订邮件摘要。", "message_en",
	                           "You are unsubscribed from the e-mail digest."));
}

const struct api_route api_subscription_routes[] = {
	{ "GET", "/api/mail", get_mail,
	  { .en = "E-mail digest settings of the account", .zh = "账号的邮件摘要设置", .access = "mail:read",
	    .ok = "200" } },
	{ "PUT", "/api/mail", put_mail,
	  { .en = "Set the e-mail digest", .zh = "设置邮件摘要", .access = "mail:update",
	    .body = "digest:string!", .ok = "200" } },
	{ "GET", "/api/unsubscribe", unsubscribe,
	  { .en = "Unsubscribe from e-mail by a signed link", .zh = "通过签名链接退订邮件",
	    .access = "mail:unsubscribe", .query = "u:integer,t", .ok = "200" } },
	{ "GET", "/api/subscriptions", list_subscriptions,
	  { .en = "List subscriptions", .zh = "订阅列表", .access = "subscription:read",
	    .ok = "200" } },
	{ "POST", "/api/subscriptions", create_subscription,
	  { .en = "Save a search or follow an organisation", .zh = "保存检索或关注机构",
	    .access = "subscription:create",
	    .body = "kind:string!,target:string!,q:string,field:string,city:string,"
	             "trl_min:integer,org_id:integer,min_score:number", .ok = "201" } },
	{ "DELETE", "/api/subscriptions/{id}", delete_subscription,
	  { .en = "Delete a subscription", .zh = "删除订阅", .access = "subscription:delete",
	    .ok = "200" } },
	{ "GET", "/api/notifications", list_notifications,
	  { .en = "List notifications", .zh = "通知列表", .access = "notification:read",
	    .query = "limit:integer", .ok = "200" } },
	{ "POST", "/api/notifications/{id}/read", read_notification,
	  { .en = "Mark a notification read", .zh = "将通知标为已读", .access = "notification:update",
	    .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};
