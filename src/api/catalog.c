/* catalog.c - /api/achievements and /api/demands: list (filters, sort,
 * pagination, facets, text search), get, create, partial update, and the
 * status transitions (submit, publish, return, withdraw). */
#include "api/api.h"
#include "domain/visibility.h"
#include "domain/catalog_ops.h"
#include "domain/docking.h"
#include "domain/quality.h"
#include "domain/lifecycle.h"
#include "domain/alerts.h"
#include "domain/payment.h"
#include "domain/revision_ops.h"
#include "domain/region.h"
#include "core/util.h"
#include "core/log.h"
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ to JSON */

/* A listing became published: alert its subscribers (issue #16). An alert
 * that fails is logged, never the publisher's error: the listing is out. */
static void alert(struct api_ctx *c, bool is_ach, int64_t id)
{
	int sent = 0;
	if (alerts_on_published(c->st, c->app->index, is_ach, id, &sent))
		tb_error("alerts for %s %lld failed", is_ach ? "achievement" : "demand", (long long)id);
}

/* ------------------------------------------------------ list summaries */

/* List items carry summaries, not the full texts: with real abstracts of a
 * few hundred characters a page of full items is mostly abstracts; fields=full
 * asks for whole items. */
#define SUMMARY_CHARS 120

/* The first SUMMARY_CHARS characters (code points) of s, "…" when cut. */
static json_t *summary_json(struct api_ctx *c, const char *s)
{
	size_t i = 0;
	int chars = 0;
	if (!s)
		return json_null();
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == SUMMARY_CHARS)
			break;
	}
	if (!s[i])
		return json_string(s);
	return json_string(arena_printf(c->a, "%.*s…", (int)i, s));
}

/* Replaces the item's long texts <base>_zh/<base>_en with summary_zh/_en. */
static void summarise(struct api_ctx *c, json_t *o, const char *zh_key, const char *en_key,
                      const char *zh, const char *en)
{
	json_object_del(o, zh_key);
	json_object_del(o, en_key);
	json_object_set_new(o, "summary_zh", summary_json(c, zh));
	json_object_set_new(o, "summary_en", summary_json(c, en));
}

/* fields=summary (default) or full; anything else is a 400 naming it. */
static int parse_fields(struct api_ctx *c, bool *full)
{
	const char *f = qs_str(c, "fields");
	*full = f && !strcmp(f, "full");
	if (f && !*full && strcmp(f, "summary"))
		return TB_FE_S(&c->fe, "fields", "one_of", "summary or full"), TB_EINVAL;
	return TB_OK;
}

/* ------------------------------------------------------- listing input */

static int parse_query(struct api_ctx *c, struct catalog_query *q, int is_ach)
{
	int rc;
	const char *modes, *bad = NULL;

	catalog_query_init(q);
	q->q = qs_str(c, "q");
	q->field = qs_str(c, "field");
	q->city = region_city_canonical(qs_str(c, "city"));
	q->status = qs_str(c, "status");
	q->sort = qs_str(c, "sort");
	if (q->status && !name_in(is_ach ? ach_statuses : demand_statuses, q->status))
		return TB_FE(&c->fe, "status", "unknown_status"), TB_EINVAL;
	if (q->sort && !name_in(catalog_sorts, q->sort))
		return tb_fe_code(&c->fe, "sort", "one_of_list", 0, 0,
		                  "newest, oldest, price, -price, trl, -trl, title, deadline, "
		                  "relevance",
		                  NULL), TB_EINVAL;
	if ((rc = qs_int32(c, "trl_min", 1, 9, 0, &q->trl_min)))
		return rc;
	if ((rc = qs_int32(c, "trl_max", 1, 9, 0, &q->trl_max)))
		return rc;
	if (q->trl_min && q->trl_max && q->trl_min > q->trl_max)
		return TB_FE_S(&c->fe, "trl_min", "min_exceeds_max", "trl_max"), TB_EINVAL;
	if ((rc = qs_int(c, "org", 1, INT64_MAX, 0, &q->org_id)) ||
	    (rc = qs_num(c, is_ach ? "price_min" : "budget_min", -1, &q->price_min)) ||
	    (rc = qs_num(c, is_ach ? "price_max" : "budget_max", -1, &q->price_max)))
		return rc;
	if ((rc = catalog_check_range(q->price_min, q->price_max, is_ach ? "price_min" : "budget_min",
	                              is_ach ? "price_max" : "budget_max", &c->fe)))
		return rc;
	if ((rc = qs_page(c, 100, 20, 1000000, &q->limit, &q->offset)))
		return rc;
	/* Keyset pagination: after=ID continues after that item (next_after of
	 * the previous page); only in the date orders, and not with an offset. */
	if ((rc = qs_int(c, "after", 1, INT64_MAX, 0, &q->after)))
		return rc;
	if (q->after && ((q->sort && strcmp(q->sort, "newest") && strcmp(q->sort, "oldest")) ||
	                 q->offset || q->q))
		return TB_FE(&c->fe, "after", "after_cursor"), TB_EINVAL;
	modes = qs_str(c, "mode");
	if (modes && !modes_parse(modes, &q->modes, &bad))
		return TB_FE_S(&c->fe, "mode", "unknown_mode_value", bad), TB_EINVAL;
	return TB_OK;
}

/* next_after: the id to pass as after= for the next page in a date order,
 * null when this page is the last one (or the order has no keyset). */
static json_t *page_json(json_t *items, int64_t total, const struct catalog_query *q,
                         int64_t last_id, int n)
{
	bool keyset = !q->q && (!q->sort || !strcmp(q->sort, "newest") || !strcmp(q->sort, "oldest"));
	return json_pack("{s:o,s:I,s:i,s:i,s:o}", "items", items, "total", (json_int_t)total,
	                 "limit", q->limit, "offset", q->offset, "next_after",
	                 keyset && n == q->limit && last_id > 0 ? json_integer(last_id) : json_null());
}

/* The owner organisation and reviewers see an item's pending revision (the
 * public sees only the published text). */
static json_t *with_pending(struct api_ctx *c, int is_ach, int64_t id, int64_t owner, json_t *o)
{
	const char *res = is_ach ? "achievement" : "demand";
	struct revision r;
	if (!api_may(c, res, "update", owner) && !api_may(c, res, "publish", owner))
		return o;
	if (catalog_pending(c->st, c->a, is_ach, id, &r) == TB_OK)
		json_object_set_new(o, "pending_revision", revision_json(&r));
	return o;
}

/* An edit of a public item by someone who may not publish waits for review:
 * it is stored as the item's pending revision and answered 202 (issue #10).
 * When a revision is already pending the edit applies on top of it, so
 * successive edits accumulate; reviewers and admins edit directly. */
static bool edit_needs_review(struct api_ctx *c, int is_ach, const char *status, int64_t owner)
{
	return catalog_status_public(status) &&
	       !api_may(c, is_ach ? "achievement" : "demand", "publish", owner);
}

static void answer_revision(struct api_ctx *c, struct revision *r)
{
	int rc;
	r->author_id = c->who.user_id;
	if ((rc = catalog_propose(c->st, c->a, r, &c->fe)))
		return api_fail(c, rc);
	api_audit(c, "revision_propose", r->is_ach ? "achievement" : "demand", r->item_id, "allow",
	          arena_printf(c->a, "revision %lld", (long long)r->id));
	api_json(c, 202, json_pack("{s:o}", "revision", revision_json(r)));
}

/* --------------------------------------------------------- write input */

const char *const api_ach_keys[] = {
	"reg_no", "title_zh", "title_en", "abstract_zh", "abstract_en", "keywords", "trl",
	"ip_status", "patents", "attribute", "modes", "price", "owner_org_id", "contact", "status",
	"payment_modes", NULL
};

/* The plain fields (model/catalog.h) of a body: a key that is absent leaves
 * the member as it is (an edit changes what it names). */
static int read_plain(struct api_ctx *c, const struct plain_field *f, void *rec)
{
	char *p = rec;
	int rc = TB_OK;
	for (; !rc && f->name; f++) {
		if (f->type == PLAIN_TEXT) {
			rc = jin_str(c, f->name, false, (const char **)(void *)(p + f->off));
		} else {
			int64_t v = *(int *)(p + f->off);
			if (!(rc = jin_int(c, f->name, false, 0, f->max, &v)))
				*(int *)(p + f->off) = (int)v;
		}
	}
	return rc;
}

static int read_contact(struct api_ctx *c, const char **name, const char **email, const char **phone)
{
	json_t *ct = json_object_get(c->body, "contact");
	json_t *saved = c->body;
	static const char *const keys[] = { "name", "email", "phone", NULL };
	int rc;
	if (!ct || json_is_null(ct))
		return TB_OK;
	if (!json_is_object(ct))
		return TB_FE_S(&c->fe, "contact", "shape_object", "{name, email, phone}"), TB_EINVAL;
	c->body = ct;
	rc = api_only_keys(c, keys);
	if (!rc) rc = jin_str(c, "name", false, name);
	if (!rc) rc = jin_str(c, "email", false, email);
	if (!rc) rc = jin_str(c, "phone", false, phone);
	c->body = saved;
	if (rc && c->fe.field[0] && strncmp(c->fe.field, "contact", 7)) {
		char f[sizeof(c->fe.field) + 8];
		snprintf(f, sizeof(f), "contact.%s", c->fe.field);
		snprintf(c->fe.field, sizeof(c->fe.field), "%.63s", f);
	}
	return rc;
}

static int read_modes(struct api_ctx *c, unsigned *mask)
{
	const char *csv = NULL, *bad = NULL;
	int rc;
	if (!jin_has(c, "modes"))
		return TB_OK;
	if ((rc = jin_list(c, "modes", &csv)))
		return rc;
	if (!modes_parse(csv, mask, &bad))
		return TB_FE_S(&c->fe, "modes", "unknown_mode_value", bad), TB_EINVAL;
	return TB_OK;
}

/* Civil Code art. 846 payment modes the owner accepts (issue #16). */
static int read_pay_modes(struct api_ctx *c, unsigned *mask)
{
	const char *csv = NULL, *bad = NULL;
	int rc;
	if (!jin_has(c, "payment_modes"))
		return TB_OK;
	if ((rc = jin_list(c, "payment_modes", &csv)))
		return rc;
	if (!payment_modes_parse(csv, mask, &bad))
		return TB_FE_S(&c->fe, "payment_modes", "unknown_payment_mode", bad), TB_EINVAL;
	return TB_OK;
}

static int read_keywords(struct api_ctx *c, const char *key, int max, const char **out)
{
	const char *raw = NULL;
	char norm[1024];
	int rc;
	if (!jin_has(c, key))
		return TB_OK;
	if ((rc = jin_list(c, key, &raw)))
		return rc;
	if (!raw) {
		*out = NULL;
		return TB_OK;
	}
	if ((rc = keywords_normalize(raw, norm, sizeof(norm), max, &c->fe, key)))
		return rc;
	if (!norm[0]) {
		*out = NULL;
		return TB_OK;
	}
	/* A failed copy must not store the item without its keywords. */
	*out = arena_strdup(c->a, norm);
	return *out ? TB_OK : TB_ENOMEM;
}

/* Applies the body onto x (create: x zeroed with defaults; update: x loaded). */
static int achievement_from_body(struct api_ctx *c, struct achievement *x)
{
	int64_t v;
	int rc;
	json_t *price;

	if ((rc = api_only_keys_plain(c, api_ach_keys, ach_plain_fields)) ||
	    (rc = jin_str(c, "reg_no", false, &x->reg_no)) ||
	    (rc = jin_str(c, "title_zh", false, &x->title_zh)) ||
	    (rc = jin_str(c, "title_en", false, &x->title_en)) ||
	    (rc = jin_str(c, "abstract_zh", false, &x->abstract_zh)) ||
	    (rc = jin_str(c, "abstract_en", false, &x->abstract_en)) ||
	    (rc = read_keywords(c, "keywords", 10, &x->keywords)) ||
	    (rc = read_plain(c, ach_plain_fields, x)) ||
	    (rc = jin_str(c, "ip_status", false, &x->ip_status)) ||
	    (rc = jin_str(c, "attribute", false, &x->attribute)) ||
	    (rc = read_keywords(c, "patents", 50, &x->patents)) ||
	    (rc = read_modes(c, &x->modes)) ||
	    (rc = read_pay_modes(c, &x->payment_modes)) ||
	    (rc = read_contact(c, &x->contact_name, &x->contact_email, &x->contact_phone)))
		return rc;
	v = x->trl;
	if ((rc = jin_int(c, "trl", false, 1, 9, &v)))
		return rc;
	x->trl = (int)v;
	v = x->owner_org_id;
	if ((rc = jin_int(c, "owner_org_id", false, 1, INT64_MAX, &v)))
		return rc;
	x->owner_org_id = v;
	price = json_object_get(c->body, "price");
	if (price) {
		if (json_is_null(price) || (json_is_string(price) &&
		    (!strcmp(json_string_value(price), "negotiable") || !strcmp(json_string_value(price), "面议"))))
			x->price = PRICE_NEGOTIABLE;
		else if ((rc = jin_num(c, "price", false, &x->price)))
			return TB_FE(&c->fe, "price", "invalid_price"), TB_EINVAL;
	}
	return TB_OK;
}

const char *const api_dem_keys[] = {
	"title_zh", "title_en", "desc_zh", "desc_en", "keywords", "budget_min", "budget_max",
	"deadline", "trl_min", "modes", "org_id", "region", "contact", "status", NULL
};

static int demand_from_body(struct api_ctx *c, struct demand *x)
{
	int64_t v;
	int rc;
	if ((rc = api_only_keys_plain(c, api_dem_keys, dem_plain_fields)) ||
	    (rc = jin_str(c, "title_zh", false, &x->title_zh)) ||
	    (rc = jin_str(c, "title_en", false, &x->title_en)) ||
	    (rc = jin_str(c, "desc_zh", false, &x->desc_zh)) ||
	    (rc = jin_str(c, "desc_en", false, &x->desc_en)) ||
	    (rc = read_keywords(c, "keywords", 10, &x->keywords)) ||
	    (rc = read_plain(c, dem_plain_fields, x)) ||
	    (rc = jin_num(c, "budget_min", false, &x->budget_min)) ||
	    (rc = jin_num(c, "budget_max", false, &x->budget_max)) ||
	    (rc = jin_str(c, "deadline", false, &x->deadline)) ||
	    (rc = jin_str(c, "region", false, &x->region)) ||
	    (rc = read_modes(c, &x->modes)) ||
	    (rc = read_contact(c, &x->contact_name, &x->contact_email, &x->contact_phone)))
		return rc;
	v = x->trl_min;
	if ((rc = jin_int(c, "trl_min", false, 0, 9, &v)))
		return rc;
	x->trl_min = (int)v;
	v = x->org_id;
	if ((rc = jin_int(c, "org_id", false, 1, INT64_MAX, &v)))
		return rc;
	x->org_id = v;
	if (x->region)
		x->region = region_city_canonical(x->region);
	return TB_OK;
}

/* Initial status on create: draft unless the caller asks to submit or (when
 * allowed) publish directly. */
static int initial_status(struct api_ctx *c, const char *res, int64_t org, const char **st)
{
	const char *want = NULL;
	int rc = jin_str(c, "status", false, &want);
	if (rc)
		return rc;
	if (!want || !strcmp(want, "draft"))
		*st = "draft";
	else if (!strcmp(want, "submitted"))
		*st = "submitted";
	else if (!strcmp(want, "published")) {
		if (!api_allow(c, res, "publish", org))
			return TB_EPERM;
		*st = "published";
	} else
		return TB_FE_S(&c->fe, "status", "one_of", "draft, submitted or published"), TB_EINVAL;
	return TB_OK;
}

/* 400 with every failing field: {"error","field"} name the first (as every
 * other 400 does) and "errors": [{"field","error"}] lists them all, so a form
 * shows each message next to its input after one submit. */
static void fail_fields(struct api_ctx *c, const struct catalog_errors *errs)
{
	json_t *all = json_array();
	const char *first = NULL;
	enum tb_lang lang = api_lang(c);
	for (int i = 0; i < errs->n; i++) {
		struct tb_field_error x = errs->e[i];
		char msg[256];
		char *f = arena_strdup(c->a, x.field);
		if (!strncmp(f, "contact_", 8)) /* the API nests contact fields */
			f[7] = '.';
		if (!first)
			first = f;
		/* Each entry: the code and the message without the field (the form
		 * shows it next to the input), in the caller's language. */
		tb_msg_render(&x, lang, msg, sizeof(msg));
		json_array_append_new(all, json_pack("{s:s,s:s,s:s}", "field", f, "error", msg,
		                                     "code",
		                                     x.code[0] ? x.code : "invalid"));
	}
	if (!first) {
		json_decref(all);
		return api_fail(c, TB_ENOMEM);
	}
	/* error/code/field name the first, as every other 400; errors lists all. */
	c->fe = errs->e[0];
	snprintf(c->fe.field, sizeof(c->fe.field), "%s", first);
	{
		json_t *o = api_error_json(c, 400, &c->fe);
		if (o)
			json_object_set_new(o, "errors", all);
		else
			json_decref(all);
		api_json(c, 400, o);
	}
}

/* A deadline the caller sets (create, or a change on update) must not be
 * past; reported with the other field errors. Not in demand_check: imports
 * and old demands keep their historical deadlines. */
static void add_deadline_error(struct api_ctx *c, struct catalog_errors *errs, const char *old,
                               const char *now)
{
	char today[11];
	if (!now || (old && !strcmp(old, now)) || errs->n >= CATALOG_MAX_ERRORS)
		return;
	region_today(today);
	if (catalog_check_deadline(now, today, &c->fe))
		errs->e[errs->n++] = c->fe;
}

/* --------------------------------------------------------- the two kinds */

/* Achievements and demands are handled by one set of handlers over a kind
 * descriptor (in the spirit of a per-protocol handler table): a row of
 * `achievements` or `demands` says what differs (record, body reader,
 * checks, names, domain calls), so a new field or kind does not copy a
 * handler (issue #11: the handlers were two copies). A record is held in a
 * union item; the hooks take it as void * and cast to their own type. */
union item {
	struct achievement ach;
	struct demand dem;
};

/* Pointers to the members every handler reads or sets, whatever the kind;
 * deadline is NULL for a kind without one. */
struct item_ref {
	int64_t *id, *owner;
	const char **status, **review_note, **email, **phone, **long_zh, **long_en, **deadline;
};

struct kind {
	bool is_ach;
	const char *res;                 /* RBAC resource, audit and redaction name */
	const char *owner_key;           /* body key of the owning organisation */
	const char *long_zh, *long_en;   /* keys of the long texts a list summarises */
	bool facets;                     /* the list answers facets= */
	size_t size;                     /* one record, to walk a list's rows */
	void (*init)(void *x);           /* a new record: zeroed, with defaults */
	void (*ref)(void *x, struct item_ref *r);
	json_t *(*json)(const void *x);
	void (*quality)(const void *x, struct quality_report *q);
	int (*from_body)(struct api_ctx *c, void *x);
	int (*check)(const void *x, struct catalog_errors *errs);
	int (*get)(struct store *st, struct arena *a, int64_t id, void *x);
	int (*read)(struct store *st, struct arena *a, const struct actor *who, int64_t id,
	            void *x);
	int (*list)(struct store *st, struct arena *a, const struct catalog_query *q, void **rows,
	            int *n, int64_t *total);
	int (*search)(struct catalog_index *ix, struct store *st, struct arena *a,
	              const struct catalog_query *q, void **rows, struct docking_hit **hits,
	              int *n, int64_t *total);
	int (*create)(struct store *st, struct arena *a, void *x, const char *valid_until,
	              struct tb_field_error *fe);
	int (*edit)(struct store *st, struct arena *a, void *x, struct tb_field_error *fe);
	int (*transition)(struct store *st, struct arena *a, int64_t id, const char *expect,
	                  const char *action, const char *note, const char *valid_until, void *x,
	                  struct tb_field_error *fe);
	void (*changed)(struct catalog_index *ix, const void *x);
	void (*from_revision)(void *x, const struct revision *r); /* x = the proposed record */
	void (*to_revision)(struct revision *r, const void *x);
};

/* The hooks of one kind: typed calls of the domain and the presenters. P is
 * the domain's prefix (ach, dem), T the record, N its noun, NS the plural of
 * the search, M the revision's member. */
#define KIND_HOOKS(P, T, N, NS, M)                                                               \
	static json_t *P##_json(const void *x) { return N##_json(x); }                           \
	static void P##_quality(const void *x, struct quality_report *q)                         \
	{ quality_##N(x, q); }                                                                   \
	static int P##_from_body(struct api_ctx *c, void *x) { return N##_from_body(c, x); }     \
	static int P##_check(const void *x, struct catalog_errors *e) { return N##_check(x, e); } \
	static int P##_get(struct store *st, struct arena *a, int64_t id, void *x)               \
	{ return catalog_##P##_get(st, a, id, x); }                                              \
	static int P##_read(struct store *st, struct arena *a, const struct actor *who,          \
	                    int64_t id, void *x)                                                 \
	{ return catalog_##P##_read(st, a, who, id, x); }                                        \
	static int P##_list(struct store *st, struct arena *a, const struct catalog_query *q,    \
	                    void **rows, int *n, int64_t *total)                                 \
	{                                                                                        \
		T *r = NULL;                                                                     \
		int rc = catalog_##P##_list(st, a, q, &r, n, total);                             \
		*rows = r;                                                                       \
		return rc;                                                                       \
	}                                                                                        \
	static int P##_search(struct catalog_index *ix, struct store *st, struct arena *a,       \
	                      const struct catalog_query *q, void **rows,                        \
	                      struct docking_hit **hits, int *n, int64_t *total)                 \
	{                                                                                        \
		T *r = NULL;                                                                     \
		int rc = docking_search_##NS(ix, st, a, q, &r, hits, n, total);                  \
		*rows = r;                                                                       \
		return rc;                                                                       \
	}                                                                                        \
	static int P##_create(struct store *st, struct arena *a, void *x, const char *until,     \
	                      struct tb_field_error *fe)                                         \
	{ return catalog_##P##_create(st, a, x, until, fe); }                                    \
	static int P##_edit(struct store *st, struct arena *a, void *x, struct tb_field_error *fe) \
	{ return catalog_##P##_edit(st, a, x, fe); }                                             \
	static int P##_transition(struct store *st, struct arena *a, int64_t id,                 \
	                          const char *expect, const char *action, const char *note,      \
	                          const char *until, void *x, struct tb_field_error *fe)         \
	{ return catalog_##P##_transition(st, a, id, expect, action, note, until, x, fe); }      \
	static void P##_changed(struct catalog_index *ix, const void *x)                         \
	{ docking_changed_##N(ix, x); }                                                          \
	static void P##_from_revision(void *x, const struct revision *r) { *(T *)x = r->M; }     \
	static void P##_to_revision(struct revision *r, const void *x) { r->M = *(const T *)x; }

KIND_HOOKS(ach, struct achievement, achievement, achievements, ach)
KIND_HOOKS(dem, struct demand, demand, demands, dem)

static void ach_init(void *x)
{
	struct achievement *a = x;
	memset(a, 0, sizeof(*a));
	a->price = PRICE_NEGOTIABLE;
}

static void dem_init(void *x)
{
	struct demand *d = x;
	memset(d, 0, sizeof(*d));
	d->budget_min = d->budget_max = -1;
}

static void ach_ref(void *x, struct item_ref *r)
{
	struct achievement *a = x;
	*r = (struct item_ref){ &a->id, &a->owner_org_id, &a->status, &a->review_note,
	                        &a->contact_email, &a->contact_phone, &a->abstract_zh,
	                        &a->abstract_en, NULL };
}

static void dem_ref(void *x, struct item_ref *r)
{
	struct demand *d = x;
	*r = (struct item_ref){ &d->id, &d->org_id, &d->status, &d->review_note,
	                        &d->contact_email, &d->contact_phone, &d->desc_zh, &d->desc_en,
	                        &d->deadline };
}

#define KIND_ROW(P)                                                                              \
	.init = P##_init, .ref = P##_ref, .json = P##_json, .quality = P##_quality,              \
	.from_body = P##_from_body, .check = P##_check, .get = P##_get, .read = P##_read,        \
	.list = P##_list, .search = P##_search, .create = P##_create, .edit = P##_edit,          \
	.transition = P##_transition, .changed = P##_changed,                                    \
	.from_revision = P##_from_revision, .to_revision = P##_to_revision

static const struct kind achievements = {
	.is_ach = true, .res = "achievement", .owner_key = "owner_org_id",
	.long_zh = "abstract_zh", .long_en = "abstract_en", .facets = true,
	.size = sizeof(struct achievement), KIND_ROW(ach),
};

static const struct kind demands = {
	.is_ach = false, .res = "demand", .owner_key = "org_id",
	.long_zh = "desc_zh", .long_en = "desc_en", .facets = false,
	.size = sizeof(struct demand), KIND_ROW(dem),
};

/* ------------------------------------------------------------ handlers */

/* The record with its quality checklist (domain/quality.h): authors see what
 * to add, reviewers see the score (issue #16). */
static json_t *item_out(const struct kind *k, const void *x)
{
	struct quality_report q;
	json_t *o = k->json(x);
	k->quality(x, &q);
	json_object_set_new(o, "quality", quality_json(&q));
	return o;
}

/* Each failing field of x, and a deadline the caller sets (create, or a
 * change from `old_deadline` on update) that is past: 0 when none. */
static int check_item(struct api_ctx *c, const struct kind *k, void *x, const char *old_deadline,
                      struct catalog_errors *errs)
{
	struct item_ref r;
	k->ref(x, &r);
	k->check(x, errs);
	add_deadline_error(c, errs, old_deadline, r.deadline ? *r.deadline : NULL);
	return errs->n;
}

static void list_items(struct api_ctx *c, const struct kind *k)
{
	struct catalog_query q;
	void *rows = NULL;
	struct docking_hit *hits = NULL;
	struct actor who;
	struct item_ref r;
	int n = 0, rc;
	int64_t total = 0;
	json_t *items, *out;
	bool full;

	if ((rc = parse_query(c, &q, k->is_ach)) || (rc = parse_fields(c, &full)))
		return api_fail(c, rc);
	who = api_actor(c);
	if (api_answer_denied(c, listing_list_check(c->st, &who, q.status, q.org_id)))
		return;
	if (api_want_csv(c)) { /* the search's first rows as CSV (api/catalog_csv.c) */
		q.limit = api_catalog_csv_limit();
		q.offset = 0;
		q.after = 0;
	}
	if (q.q && c->app->index && (!q.sort || !strcmp(q.sort, "relevance")))
		rc = k->search(c->app->index, c->st, c->a, &q, &rows, &hits, &n, &total);
	else
		rc = k->list(c->st, c->a, &q, &rows, &n, &total);
	if (rc)
		return api_fail(c, rc);
	if (api_want_csv(c))
		return api_catalog_csv(c, k->is_ach, k->is_ach ? rows : NULL, k->is_ach ? NULL : rows, n);
	items = json_array();
	for (int i = 0; i < n; i++) {
		void *x = (char *)rows + (size_t)i * k->size;
		struct quality_report qr;
		json_t *o;
		k->ref(x, &r);
		api_redact_contact(c, k->res, *r.id, *r.owner, r.email, r.phone);
		o = k->json(x);
		k->quality(x, &qr);
		json_object_set_new(o, "quality_score", json_integer(qr.score));
		if (!full)
			summarise(c, o, k->long_zh, k->long_en, *r.long_zh, *r.long_en);
		if (hits)
			json_object_set_new(o, "score", json_real(hits[i].score));
		json_array_append_new(items, o);
	}
	if (n)
		k->ref((char *)rows + (size_t)(n - 1) * k->size, &r);
	out = page_json(items, total, &q, n ? *r.id : 0, n);
	if (k->facets && qs_str(c, "facets")) {
		static const char *const facets[] = { "field", "city", "trl" };
		json_t *fo = json_object();
		for (size_t f = 0; f < ARRAY_SIZE(facets); f++) {
			struct facet *fv;
			int nf;
			json_t *fa = json_array();
			if (catalog_ach_facet(c->st, c->a, facets[f], &q, &fv, &nf) == TB_OK)
				for (int i = 0; i < nf; i++)
					json_array_append_new(fa, json_pack("{s:s,s:I}", "value", fv[i].value,
					                                    "count", (json_int_t)fv[i].count));
			json_object_set_new(fo, facets[f], fa);
		}
		json_object_set_new(out, "facets", fo);
	}
	api_json(c, 200, out);
}

static void get_item(struct api_ctx *c, const struct kind *k)
{
	union item x;
	struct item_ref r;
	struct actor who = api_actor(c);
	/* Non-published items are visible only to those the domain lets read them. */
	if (api_answer_denied(c, k->read(c->st, c->a, &who, c->ids[0], &x)))
		return;
	k->ref(&x, &r);
	api_redact_contact(c, k->res, *r.id, *r.owner, r.email, r.phone);
	api_json(c, 200, with_pending(c, k->is_ach, *r.id, *r.owner, item_out(k, &x)));
}

static void create_item(struct api_ctx *c, const struct kind *k)
{
	union item x;
	struct item_ref r;
	struct catalog_errors errs;
	char until[11];
	int rc;
	k->init(&x);
	k->ref(&x, &r);
	if ((rc = api_body(c)) || (rc = k->from_body(c, &x)))
		return api_fail(c, rc);
	if (!api_allow(c, k->res, "create", *r.owner))
		return;
	if ((rc = initial_status(c, k->res, *r.owner, r.status)))
		return c->answered ? (void)0 : api_fail(c, rc);
	if (check_item(c, k, &x, NULL, &errs))
		return fail_fields(c, &errs);
	if (!strcmp(*r.status, "submitted")) {
		struct quality_report q;
		k->quality(&x, &q);
		if (!q.ready)
			return api_fail_quality(c, &q);
	}
	/* Issue #16: a listing is valid for a period from its publication,
	 * written in the creating transaction. */
	if ((rc = lifecycle_valid_until(api_life(c), now_unix(), until)) ||
	    (rc = k->create(c->st, c->a, &x, until, &c->fe)))
		return api_fail(c, rc);
	if ((rc = k->get(c->st, c->a, *r.id, &x)))
		return api_fail(c, rc);
	k->changed(c->app->index, &x);
	if (!strcmp(*r.status, "published"))
		alert(c, k->is_ach, *r.id);
	api_json(c, 201, item_out(k, &x));
}

static void update_item(struct api_ctx *c, const struct kind *k)
{
	union item x;
	struct item_ref f;
	struct revision r;
	struct catalog_errors errs;
	const char *old_deadline;
	int64_t owner;
	bool review;
	int rc;
	if ((rc = api_body(c)) || (rc = k->get(c->st, c->a, c->ids[0], &x)))
		return api_fail(c, rc);
	k->ref(&x, &f);
	owner = *f.owner;
	if (!api_allow(c, k->res, "update", owner))
		return;
	if (jin_has(c, "status"))
		return TB_FE(&c->fe, "status", "status_via_actions"), api_fail(c, TB_EINVAL);
	review = edit_needs_review(c, k->is_ach, *f.status, owner);
	if (review && catalog_pending(c->st, c->a, k->is_ach, *f.id, &r) == TB_OK) {
		/* successive edits accumulate on the pending revision; the live
		 * status and review note stay */
		const char *status = *f.status, *note = *f.review_note;
		k->from_revision(&x, &r);
		*f.status = status;
		*f.review_note = note;
	}
	old_deadline = f.deadline ? *f.deadline : NULL;
	if ((rc = k->from_body(c, &x)))
		return api_fail(c, rc);
	if (*f.owner != owner && !api_allow(c, k->res, "update", *f.owner))
		return;
	if (check_item(c, k, &x, old_deadline, &errs))
		return fail_fields(c, &errs);
	if (review) {
		memset(&r, 0, sizeof(r));
		r.is_ach = k->is_ach;
		r.item_id = *f.id;
		k->to_revision(&r, &x);
		return answer_revision(c, &r);
	}
	if ((rc = k->edit(c->st, c->a, &x, &c->fe)))
		return api_fail(c, rc);
	k->changed(c->app->index, &x);
	api_json(c, 200, item_out(k, &x));
}

/* ------------------------------------------------------- transitions */

/* The optional body of a status change: {"reason"} (return) and
 * {"expected_status"}, the status the reviewer saw when deciding. A body that
 * does not parse is ignored, as before: these actions need none. */
/* The optional body of a status change. Bad input is a 400 naming the field,
 * never ignored (the OpenAPI sample test found {"expected_status": 5} and
 * unknown keys passing silently). */
static int read_transition_body(struct api_ctx *c, const char **note, const char **seen)
{
	static const char *const keys[] = { "reason", "expected_status", NULL };
	int rc = TB_OK;
	if (c->req->body_len && ((rc = api_body_keys(c, keys)) ||
	                         (rc = jin_str(c, "reason", false, note)) ||
	                         (rc = jin_str(c, "expected_status", false, seen))))
		return rc;
	return TB_OK;
}

/* The change itself and what follows it: the listing's validity period
 * from its publication is written by the service in the same transaction
 * (issue #16: it used to be a second one, which could leave a published
 * listing without validity), then the docking index and alerts follow. */
static int apply_transition(struct api_ctx *c, const struct kind *k, int64_t id, const char *seen,
                            const char *action, const char *note, void *x)
{
	char until[11];
	struct item_ref r;
	int rc;

	if ((rc = lifecycle_valid_until(api_life(c), now_unix(), until)) ||
	    (rc = k->transition(c->st, c->a, id, seen, action, note, until, x, &c->fe)))
		return rc;
	k->ref(x, &r);
	k->changed(c->app->index, x);
	if (!strcmp(*r.status, "published"))
		alert(c, k->is_ach, id);
	return TB_OK;
}

/* The domain guards the change with the status the caller decided on: the
 * body's expected_status (the web's review page sends the status it showed),
 * or else the status read here. Of two reviewers acting on the same
 * submitted item at once, one changes it and the other gets 409 naming the
 * status it has now (issue #11); without expected_status a publish that
 * arrives after a return would publish the returned draft. */
static void transition(struct api_ctx *c, const struct kind *k, const char *action)
{
	const char *note = NULL, *seen = NULL;
	union item x;
	struct item_ref r;
	int rc;

	if ((rc = k->get(c->st, c->a, c->ids[0], &x)))
		return api_fail(c, rc);
	k->ref(&x, &r);
	if (!api_allow(c, k->res, action, *r.owner))
		return;
	if ((rc = read_transition_body(c, &note, &seen)))
		return api_fail(c, rc);
	if (strcmp(action, "return"))
		note = NULL;
	if (note && catalog_check_reason(note, &c->fe))
		return api_fail(c, TB_EINVAL); /* too long: c->fe names "reason" */
	if (!seen)
		seen = *r.status;
	if (!strcmp(action, "submit")) {
		/* Issue #16: a vague listing is stopped before review, item by item. */
		struct quality_report q;
		k->quality(&x, &q);
		if (!q.ready)
			return api_fail_quality(c, &q);
	}
	if ((rc = apply_transition(c, k, c->ids[0], seen, action, note, &x)))
		return api_fail(c, rc);
	api_json(c, 200, item_out(k, &x));
}

/* One decision of the reviewer's batch (api/review.c, issue #18): the same
 * checks and effects as the single POST, but it answers nothing: the caller
 * lists rc (with c->fe) per item. The right is checked per item, against the
 * item's organisation, and audited as for the single request. */
int api_catalog_decide(struct api_ctx *c, bool is_ach, int64_t id, const char *action,
                       const char *note, const char *seen, const char **status_out)
{
	const struct kind *k = is_ach ? &achievements : &demands;
	union item x;
	struct item_ref r;
	bool ok;
	int rc;

	memset(&c->fe, 0, sizeof(c->fe));
	if ((rc = k->get(c->st, c->a, id, &x)))
		return rc;
	k->ref(&x, &r);
	ok = api_may(c, k->res, action, *r.owner);
	api_audit(c, action, k->res, id, ok ? "allow" : "deny",
	          arena_printf(c->a, "org %lld, batch", (long long)*r.owner));
	if (!ok)
		return c->who.user_id > 0 ? TB_EPERM : TB_EAUTH;
	if (note && catalog_check_reason(note, &c->fe))
		return TB_EINVAL;
	if (!seen)
		seen = *r.status;
	if ((rc = apply_transition(c, k, id, seen, action, note, &x)))
		return rc;
	*status_out = *r.status;
	return TB_OK;
}

/* POST /renew (issue #16): the owner extends a published or expired listing
 * for another validity period. A body with field changes saves them and
 * sends the listing back to review; either way it must pass the checklist. */
static void renew(struct api_ctx *c, const struct kind *k)
{
	union item x;
	struct item_ref r;
	struct catalog_errors errs;
	struct quality_report q;
	const char *status = NULL;
	bool changed = false;
	int rc;

	if ((rc = k->get(c->st, c->a, c->ids[0], &x)))
		return api_fail(c, rc);
	k->ref(&x, &r);
	if (!api_allow(c, k->res, "renew", *r.owner))
		return;
	if (c->req->body_len) {
		if ((rc = api_body(c)))
			return api_fail(c, rc);
		if (jin_has(c, "status") || jin_has(c, k->owner_key))
			return TB_FE(&c->fe, jin_has(c, "status") ? "status" : "org", "fixed_on_renewal"),
			       api_fail(c, TB_EINVAL);
		changed = json_object_size(c->body) > 0;
		if (changed && (rc = k->from_body(c, &x)))
			return api_fail(c, rc);
		/* no deadline check here: a renewal keeps the stored deadline rule */
		if (changed && k->check(&x, &errs))
			return fail_fields(c, &errs);
	}
	k->quality(&x, &q);
	if (!q.ready)
		return api_fail_quality(c, &q);
	if ((rc = lifecycle_renew(c->st, k->is_ach, &x, changed, api_life(c), c->who.user_id,
	                          c->who.email, now_unix(), &status, &c->fe)) ||
	    (rc = k->get(c->st, c->a, c->ids[0], &x)))
		return api_fail(c, rc);
	k->changed(c->app->index, &x);
	api_json(c, 200, item_out(k, &x));
}

/* The checklist of an unsaved form (the publish page shows it live while the
 * author types): the same rules as on save, nothing stored. */
static void quality(struct api_ctx *c, const struct kind *k)
{
	union item x;
	struct quality_report q;
	int rc;
	k->init(&x);
	if (!api_allow(c, k->res, "score", 0))
		return;
	if ((rc = api_body(c)) || (rc = k->from_body(c, &x)))
		return api_fail(c, rc);
	k->quality(&x, &q);
	api_json(c, 200, quality_json(&q));
}

/* The route table's entry points: a handler and its kind. */
static void on_ach_quality(struct api_ctx *c) { quality(c, &achievements); }
static void on_dem_quality(struct api_ctx *c) { quality(c, &demands); }
static void on_ach_list(struct api_ctx *c) { list_items(c, &achievements); }
static void on_dem_list(struct api_ctx *c) { list_items(c, &demands); }
static void on_ach_get(struct api_ctx *c) { get_item(c, &achievements); }
static void on_dem_get(struct api_ctx *c) { get_item(c, &demands); }
static void on_ach_create(struct api_ctx *c) { create_item(c, &achievements); }
static void on_dem_create(struct api_ctx *c) { create_item(c, &demands); }
static void on_ach_update(struct api_ctx *c) { update_item(c, &achievements); }
static void on_dem_update(struct api_ctx *c) { update_item(c, &demands); }
static void on_ach_renew(struct api_ctx *c) { renew(c, &achievements); }
static void on_dem_renew(struct api_ctx *c) { renew(c, &demands); }
static void on_ach_submit(struct api_ctx *c) { transition(c, &achievements, "submit"); }
static void on_ach_publish(struct api_ctx *c) { transition(c, &achievements, "publish"); }
static void on_ach_return(struct api_ctx *c) { transition(c, &achievements, "return"); }
static void on_ach_withdraw(struct api_ctx *c) { transition(c, &achievements, "withdraw"); }
static void on_dem_submit(struct api_ctx *c) { transition(c, &demands, "submit"); }
static void on_dem_publish(struct api_ctx *c) { transition(c, &demands, "publish"); }
static void on_dem_return(struct api_ctx *c) { transition(c, &demands, "return"); }
static void on_dem_withdraw(struct api_ctx *c) { transition(c, &demands, "withdraw"); }
static void on_dem_close(struct api_ctx *c) { transition(c, &demands, "close"); }
const struct api_route api_catalog_routes[] = {
	{ "POST", "/api/achievements/quality", on_ach_quality,
	  { .en = "Quality checklist of an unsaved achievement", .zh = "未保存成果的质量检查清单",
	    .access = "achievement:score",
	    .body = "#AchievementInput", .ok = "200:#QualityReport" } },
	{ "POST", "/api/demands/quality", on_dem_quality,
	  { .en = "Quality checklist of an unsaved demand", .zh = "未保存需求的质量检查清单",
	    .access = "demand:score",
	    .body = "#DemandInput", .ok = "200:#QualityReport" } },
	{ "GET", "/api/achievements", on_ach_list,
	  { .en = "Search achievements", .zh = "检索成果", .access = "achievement:read",
	    .query = "facets,q,field,city,status,sort,trl_min:integer,trl_max:integer,org:integer,"
	             "limit:integer,offset:integer,after:integer,mode,fields",
	    .ok = "200:[#Achievement" } },
	{ "POST", "/api/achievements", on_ach_create,
	  { .en = "Create an achievement", .zh = "新建成果", .access = "achievement:create",
	    .body = "#AchievementInput",
	    .ok = "201:#Achievement" } },
	{ "GET", "/api/achievements/{id}", on_ach_get,
	  { .en = "Get one achievement", .zh = "查看成果", .access = "achievement:read",
	    .ok = "200:#Achievement" } },
	{ "PATCH", "/api/achievements/{id}", on_ach_update,
	  { .en = "Edit an achievement (a published one: a revision for review)",
	    .zh = "修改成果（已发布的成果：提交修改待审核）", .access = "achievement:update",
	    .body = "#AchievementInput",
	    .ok = "200:#Achievement,202:#Achievement" } },
	{ "PUT", "/api/achievements/{id}", on_ach_update,
	  { .en = "Edit an achievement (same as PATCH)", .zh = "修改成果（同 PATCH）",
	    .access = "achievement:update",
	    .body = "#AchievementInput",
	    .ok = "200:#Achievement,202:#Achievement" } },
	{ "POST", "/api/achievements/{id}/submit", on_ach_submit,
	  { .en = "Submit an achievement for review", .zh = "提交成果审核",
	    .access = "achievement:submit", .body = "reason:string,expected_status:string",
	    .errors = "409", .ok = "200:#Achievement" } },
	{ "POST", "/api/achievements/{id}/publish", on_ach_publish,
	  { .en = "Publish an achievement", .zh = "发布成果", .access = "achievement:publish",
	    .body = "reason:string,expected_status:string", .errors = "409", .ok = "200:#Achievement" } },
	{ "POST", "/api/achievements/{id}/return", on_ach_return,
	  { .en = "Return an achievement to its author", .zh = "退回成果",
	    .access = "achievement:return", .body = "reason:string,expected_status:string",
	    .errors = "409", .ok = "200:#Achievement" } },
	{ "POST", "/api/achievements/{id}/withdraw", on_ach_withdraw,
	  { .en = "Withdraw an achievement", .zh = "撤回成果", .access = "achievement:withdraw",
	    .body = "reason:string,expected_status:string", .errors = "409", .ok = "200:#Achievement" } },
	{ "POST", "/api/achievements/{id}/renew", on_ach_renew,
	  { .en = "Renew an achievement's validity", .zh = "成果续期", .access = "achievement:renew",
	    .body = "#AchievementInput",
	    .errors = "409", .ok = "200:#Achievement" } },
	{ "GET", "/api/demands", on_dem_list,
	  { .en = "Search demands", .zh = "检索需求", .access = "demand:read",
	    .query = "q,field,city,status,sort,trl_min:integer,trl_max:integer,org:integer,"
	             "limit:integer,offset:integer,after:integer,mode,fields",
	    .ok = "200:[#Demand" } },
	{ "POST", "/api/demands", on_dem_create,
	  { .en = "Create a demand", .zh = "新建需求", .access = "demand:create",
	    .body = "#DemandInput", .ok = "201:#Demand" } },
	{ "GET", "/api/demands/{id}", on_dem_get,
	  { .en = "Get one demand", .zh = "查看需求", .access = "demand:read", .ok = "200:#Demand" } },
	{ "PATCH", "/api/demands/{id}", on_dem_update,
	  { .en = "Edit a demand (a published one: a revision for review)",
	    .zh = "修改需求（已发布的需求：提交修改待审核）", .access = "demand:update",
	    .body = "#DemandInput", .ok = "200:#Demand,202:#Demand" } },
	{ "PUT", "/api/demands/{id}", on_dem_update,
	  { .en = "Edit a demand (same as PATCH)", .zh = "修改需求（同 PATCH）", .access = "demand:update",
	    .body = "#DemandInput", .ok = "200:#Demand,202:#Demand" } },
	{ "POST", "/api/demands/{id}/submit", on_dem_submit,
	  { .en = "Submit a demand for review", .zh = "提交需求审核", .access = "demand:submit",
	    .body = "reason:string,expected_status:string", .errors = "409", .ok = "200:#Demand" } },
	{ "POST", "/api/demands/{id}/publish", on_dem_publish,
	  { .en = "Publish a demand", .zh = "发布需求", .access = "demand:publish",
	    .body = "reason:string,expected_status:string", .errors = "409", .ok = "200:#Demand" } },
	{ "POST", "/api/demands/{id}/return", on_dem_return,
	  { .en = "Return a demand to its author", .zh = "退回需求", .access = "demand:return",
	    .body = "reason:string,expected_status:string", .errors = "409", .ok = "200:#Demand" } },
	{ "POST", "/api/demands/{id}/withdraw", on_dem_withdraw,
	  { .en = "Withdraw a demand", .zh = "撤回需求", .access = "demand:withdraw",
	    .body = "reason:string,expected_status:string", .errors = "409", .ok = "200:#Demand" } },
	{ "POST", "/api/demands/{id}/close", on_dem_close,
	  { .en = "Close a demand", .zh = "关闭需求", .access = "demand:close",
	    .body = "reason:string,expected_status:string", .errors = "409", .ok = "200:#Demand" } },
	{ "POST", "/api/demands/{id}/renew", on_dem_renew,
	  { .en = "Renew a demand's validity", .zh = "需求续期", .access = "demand:renew",
	    .body = "#DemandInput",
	    .errors = "409", .ok = "200:#Demand" } },
	{ NULL, NULL, NULL, { 0 } },
};
