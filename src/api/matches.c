/* matches.c - docking endpoints: ranked, explained matches for a demand
 * (achievements that could solve it), for an achievement (demands it could
 * serve), and for free text from either side. Each hit carries its 0-100
 * strength, its raw score and the factors that made it: the listing's own
 * matched words ("镁合金", "compensation") and structured evidence
 * (same_field, trl_fit, ..., same_city), and the asker's conditions, met or not
 * (docs/matching.md). */
#include "api/api.h"
#include "domain/visibility.h"
#include "domain/catalog_ops.h"
#include "domain/docking.h"
#include "domain/region.h"
#include "domain/app.h"
#include "core/metrics.h"
#include "core/util.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The hit's factors: the listing's own matched words ("term") and the
 * structured evidence ("factor"). */
static int factors_write(struct buf *b, const struct docking_hit *h)
{
	int rc = buf_addc(b, '[');
	for (int f = 0; !rc && f < h->nfactors; f++) {
		const char *nm = h->factors[f].name;
		int term = !strncmp(nm, "term:", 5);
		if (f)
			buf_addc(b, ',');
		buf_adds(b, "{\"name\":");
		if (!(rc = jw_str(b, term ? nm + 5 : nm))) {
			buf_adds(b, term ? ",\"kind\":\"term\",\"weight\":" : ",\"kind\":\"factor\",\"weight\":");
			rc = jw_real(b, h->factors[f].weight);
		}
		buf_addc(b, '}');
	}
	return rc ? rc : buf_addc(b, ']');
}

/* Satisfied and unsatisfied conditions, kept apart for the reader. */
static int conditions_write(struct buf *b, const struct docking_hit *h)
{
	int rc = buf_addc(b, '[');
	for (int i = 0; !rc && i < h->nconds; i++) {
		const struct docking_condition *k = &h->conds[i];
		if (i)
			buf_addc(b, ',');
		buf_adds(b, "{\"name\":");
		if (!(rc = jw_str(b, k->name))) {
			buf_adds(b, ",\"code\":");
			rc = jw_str(b, k->code);
		}
		buf_adds(b, k->met < 0 ? ",\"met\":null}" : k->met ? ",\"met\":true}" : ",\"met\":false}");
	}
	return rc ? rc : buf_addc(b, ']');
}

static int match_filters(struct api_ctx *c, struct catalog_query *q)
{
	int rc;
	const char *modes, *bad = NULL;
	catalog_query_init(q);
	q->field = qs_str(c, "field");
	q->city = region_city_canonical(qs_str(c, "city"));
	if ((rc = qs_int32(c, "trl_min", 1, 9, 0, &q->trl_min)))
		return rc;
	if ((rc = qs_int32(c, "trl_max", 1, 9, 0, &q->trl_max)))
		return rc;
	if ((rc = qs_page(c, 100, 10, 10000, &q->limit, &q->offset)))
		return rc;
	modes = qs_str(c, "mode");
	if (modes && !modes_parse(modes, &q->modes, &bad))
		return TB_FE_S(&c->fe, "mode", "unknown_mode_value", bad), TB_EINVAL;
	return TB_OK;
}

/* One match item, {"achievement"|"demand":{...},"strength",...}, written
 * straight into b (api/json_out.c: the trees of ~150 small objects a page
 * cost more than the matching once the match cache has the ranking). The
 * listing itself still goes through its presenter, the one every other
 * answer and the export use. */
static int item_write(struct buf *b, int want_demands, void *row, const struct docking_hit *h)
{
	json_t *o = want_demands ? demand_json((struct demand *)row) : achievement_json((struct achievement *)row);
	int rc = buf_adds(b, want_demands ? "{\"demand\":" : "{\"achievement\":");
	if (!rc)
		rc = jw_tree(b, o);
	else
		json_decref(o);
	if (!rc)
		rc = buf_printf(b, ",\"strength\":%d,\"score\":", h->strength);
	if (!rc)
		rc = jw_real(b, h->score);
	if (!rc)
		rc = buf_adds(b, ",\"factors\":");
	if (!rc)
		rc = factors_write(b, h);
	if (!rc)
		rc = buf_adds(b, ",\"conditions\":");
	if (!rc)
		rc = conditions_write(b, h);
	return rc ? rc : buf_addc(b, '}');
}

/* "items":[...] of rows and hits, each listing's contacts redacted for this
 * asker (free-text matches, which are not kept). */
static int items_write(struct api_ctx *c, struct buf *b, int want_demands, void *rows,
                       struct docking_hit *hits, int n)
{
	int rc = buf_adds(b, "\"items\":[");
	for (int i = 0; !rc && i < n; i++) {
		void *row;
		if (want_demands) {
			struct demand *d = &((struct demand *)rows)[i];
			api_redact_contact(c, "demand", d->id, d->org_id, &d->contact_email, &d->contact_phone);
			row = d;
		} else {
			struct achievement *x = &((struct achievement *)rows)[i];
			api_redact_contact(c, "achievement", x->id, x->owner_org_id, &x->contact_email,
			                   &x->contact_phone);
			row = x;
		}
		if (i)
			buf_addc(b, ',');
		rc = item_write(b, want_demands, row, &hits[i]);
	}
	return rc ? rc : buf_addc(b, ']');
}

static bool index_ready(struct api_ctx *c)
{
	if (c->app->index)
		return true;
	api_error_code(c, 503, "index_not_loaded", NULL);
	return false;
}

/* ------------------------------------------------------ presented matches
 *
 * A listing's matches, presented: the bytes of every item, in two variants
 * (with the listing's contacts, and with them redacted), kept per published
 * listing, filters and day, and used while the database's public version
 * (the change log's last seq: any change to a published listing, an
 * organisation, ..., from any process) and the match index's version
 * (rankings, feedback) are the ones read BEFORE the entry was computed - the
 * model of the public answer cache (api/cache.c). Why: signed-in answers
 * never come from that cache, and once the match cache (domain/docking.c)
 * has the ranking, the rest of a signed-in request was loading ten rows
 * again and presenting them (a jansson tree each, reals through printf):
 * 0.6 ms of CPU per request, the signed-in row of the load benchmark.
 *
 * Why it never crosses users: nothing of the asker is in an entry. The
 * contact variant is chosen per item and per request by the same rule as
 * before (api_redact_contact -> contact_visible: admins and reviewers, the
 * owner organisation, a consented broker, an accepted contact request),
 * after the permission check on the listing. Only published listings are
 * kept: a draft's matches (which only its organisation may ask for) are
 * computed every time, so a draft's text or its matches never sit in here. */
#define MI_SLOTS 256
#define MI_MAX_BYTES ((size_t)512 << 10) /* larger answers are not kept: 128 MiB at most */

struct mi_item {
	int64_t id, owner_org;
	size_t off[2], len[2];   /* [0] contacts redacted, [1] as stored (same when it has none) */
};
struct mi_entry {
	uint64_t hash;
	char *key;
	const void *index;       /* the index it ranked with (one per server) */
	int64_t pub;
	uint64_t ixv;
	int n;
	struct mi_item *items;
	char *bytes;
	size_t nbytes;
};
static struct { pthread_mutex_t mu; struct mi_entry e; } mi_slot[MI_SLOTS];
static pthread_once_t mi_once = PTHREAD_ONCE_INIT;

static void mi_init(void)
{
	for (int i = 0; i < MI_SLOTS; i++)
		pthread_mutex_init(&mi_slot[i].mu, NULL);
}

static void mi_entry_release(struct mi_entry *e)
{
	free(e->key);
	free(e->items);
	free(e->bytes);
	memset(e, 0, sizeof(*e));
}

/* Everything the answer depends on besides the data the two versions cover:
 * which side, the listing, the filters, today (validity dates). */
static const char *mi_key(struct api_ctx *c, int want_demands, int64_t id, const struct catalog_query *q)
{
	char today[11];
	/* The province's date, as the match's validity day (docking.c): with the
	 * UTC date, an answer cached before 16:00 UTC kept a demand whose
	 * deadline day had ended in Shenyang for eight more hours. */
	region_today(today);
#define KS(x) (x) ? strlen(x) : (size_t)0, (x) ? (x) : ""
	return arena_printf(c->a, "%d|%lld|%zu:%s|%zu:%s|%d|%d|%u|%d|%d|%s", want_demands, (long long)id,
	                    KS(q->field), KS(q->city), q->trl_min, q->trl_max, q->modes, q->limit,
	                    q->offset, today);
#undef KS
}

/* The entry of key, copied into the arena (the slot may be replaced once the
 * lock is released): true on a hit. */
static bool mi_get(struct api_ctx *c, const char *key, uint64_t hash, int64_t pub, uint64_t ixv,
                   struct mi_entry *out)
{
	struct mi_entry *e;
	bool hit = false;
	pthread_once(&mi_once, mi_init);
	pthread_mutex_lock(&mi_slot[hash % MI_SLOTS].mu);
	e = &mi_slot[hash % MI_SLOTS].e;
	if (e->key && e->hash == hash && e->index == c->app->index && e->pub == pub && e->ixv == ixv &&
	    !strcmp(e->key, key)) {
		*out = *e;
		out->key = NULL;
		out->items = arena_alloc(c->a, sizeof(*e->items) * (size_t)(e->n ? e->n : 1));
		out->bytes = arena_alloc(c->a, e->nbytes ? e->nbytes : 1);
		if (out->items && out->bytes) {
			memcpy(out->items, e->items, sizeof(*e->items) * (size_t)e->n);
			memcpy(out->bytes, e->bytes, e->nbytes);
			hit = true;
		}
	}
	pthread_mutex_unlock(&mi_slot[hash % MI_SLOTS].mu);
	return hit; /* an arena that ran out is a miss: the computation reports it */
}

/* Takes e (heap memory) into the cache. */
static void mi_put(struct mi_entry *e)
{
	struct mi_entry old;
	pthread_once(&mi_once, mi_init);
	pthread_mutex_lock(&mi_slot[e->hash % MI_SLOTS].mu);
	old = mi_slot[e->hash % MI_SLOTS].e;
	mi_slot[e->hash % MI_SLOTS].e = *e;
	pthread_mutex_unlock(&mi_slot[e->hash % MI_SLOTS].mu);
	mi_entry_release(&old);
	memset(e, 0, sizeof(*e));
}

/* The items of a computed answer, both variants of each, into e (heap). */
static int mi_fill(int want_demands, void *rows, const struct docking_hit *hits, int n, struct mi_entry *e)
{
	struct buf b;
	int rc = TB_OK;
	buf_init(&b, (size_t)64 << 20);
	if (!(e->items = calloc((size_t)(n ? n : 1), sizeof(*e->items))))
		return TB_ENOMEM;
	for (int i = 0; !rc && i < n; i++) {
		struct mi_item *it = &e->items[i];
		const char **email, **phone;
		void *row;
		if (want_demands) {
			struct demand *d = &((struct demand *)rows)[i];
			it->id = d->id;
			it->owner_org = d->org_id;
			email = &d->contact_email;
			phone = &d->contact_phone;
			row = d;
		} else {
			struct achievement *x = &((struct achievement *)rows)[i];
			it->id = x->id;
			it->owner_org = x->owner_org_id;
			email = &x->contact_email;
			phone = &x->contact_phone;
			row = x;
		}
		it->off[1] = b.len;
		rc = item_write(&b, want_demands, row, &hits[i]);
		it->len[1] = b.len - it->off[1];
		if (!rc && (*email || *phone)) {
			*email = NULL;
			*phone = NULL;
			it->off[0] = b.len;
			rc = item_write(&b, want_demands, row, &hits[i]);
			it->len[0] = b.len - it->off[0];
		} else {
			it->off[0] = it->off[1];
			it->len[0] = it->len[1];
		}
		e->n = i + 1;
	}
	if (!rc && b.failed)
		rc = TB_ENOMEM;
	e->bytes = buf_detach(&b, &e->nbytes);
	if (!rc && !e->bytes && e->nbytes)
		rc = TB_ENOMEM;
	return rc;
}

/* "items":[...] for this asker: each item's contact variant by the asker's
 * right to see that listing's contacts, decided now. */
static int mi_write(struct api_ctx *c, struct buf *b, int want_demands, const struct mi_entry *e)
{
	int rc = buf_adds(b, "\"items\":[");
	for (int i = 0; !rc && i < e->n; i++) {
		const struct mi_item *it = &e->items[i];
		int v = 0;
		if (it->off[0] != it->off[1]) {
			const char *email = "", *phone = NULL;
			api_redact_contact(c, want_demands ? "demand" : "achievement", it->id, it->owner_org,
			                   &email, &phone);
			v = email != NULL;
		}
		if (i)
			buf_addc(b, ',');
		rc = buf_add(b, e->bytes + it->off[v], it->len[v]);
	}
	return rc ? rc : buf_addc(b, ']');
}

/* GET /api/demands/{id}/matches (want achievements) and
 * /api/achievements/{id}/matches (want demands). */
static void listing_matches(struct api_ctx *c, int want_demands)
{
	struct catalog_query q;
	struct docking_hit *hits = NULL;
	struct mi_entry e;
	struct actor who;
	struct achievement x;
	struct demand d;
	const char *status, *key = NULL;
	void *rows = NULL;
	int64_t org, pub = 0;
	uint64_t hash = 0, ixv = 0;
	int n = 0, rc;

	memset(&e, 0, sizeof(e));
	if (!index_ready(c))
		return;
	if ((rc = match_filters(c, &q)))
		return api_fail(c, rc);
	if (want_demands) {
		if ((rc = catalog_ach_get(c->st, c->a, c->ids[0], &x)))
			return api_fail(c, rc);
		status = x.status;
		org = x.owner_org_id;
	} else {
		if ((rc = catalog_dem_get(c->st, c->a, c->ids[0], &d)))
			return api_fail(c, rc);
		status = d.status;
		org = d.org_id;
	}
	who = api_actor(c);
	if (api_answer_denied(c, listing_match_check(c->st, &who, status, org)))
		return;
	/* Both versions before computing: a change meanwhile makes the entry
	 * stale at once. Unreadable: computed, not kept. */
	if (!strcmp(status, "published") && !app_public_version(c->st, &pub) &&
	    (key = mi_key(c, want_demands, c->ids[0], &q))) {
		hash = fnv1a(key, strlen(key), FNV1A_OFFSET);
		ixv = catalog_index_version(c->app->index);
		if (mi_get(c, key, hash, pub, ixv, &e)) {
			/* The ranking came from memory too: a match cache hit as
			 * well, so that counter keeps its meaning. */
			tbm_inc(TBM_MATCH_CACHE_HITS);
			tbm_inc(TBM_MATCH_ANSWER_HITS);
			goto answer;
		}
	}
	rc = want_demands
		? docking_for_achievement(c->app->index, c->st, c->a, c->ids[0], &q, (struct demand **)&rows,
		                          &hits, &n)
		: docking_for_demand(c->app->index, c->st, c->a, c->ids[0], &q, (struct achievement **)&rows,
		                     &hits, &n);
	if (rc || (rc = mi_fill(want_demands, rows, hits, n, &e))) {
		mi_entry_release(&e);
		return api_fail(c, rc);
	}
	if (key && e.nbytes <= MI_MAX_BYTES && (e.key = strdup(key))) {
		struct mi_entry kept = e;
		/* The answer is written from a copy in the arena; the cache owns e. */
		if (!(e.items = arena_alloc(c->a, sizeof(*e.items) * (size_t)(e.n ? e.n : 1))) ||
		    !(e.bytes = arena_alloc(c->a, e.nbytes ? e.nbytes : 1))) {
			mi_entry_release(&kept);
			return api_fail(c, TB_ENOMEM);
		}
		memcpy(e.items, kept.items, sizeof(*e.items) * (size_t)e.n);
		memcpy(e.bytes, kept.bytes, e.nbytes);
		e.key = NULL;
		kept.hash = hash;
		kept.index = c->app->index;
		kept.pub = pub;
		kept.ixv = ixv;
		mi_put(&kept);
	} else {
		/* Not kept: the heap copy is the one written below, freed after. */
		struct mi_entry tmp = e;
		char *bytes = arena_alloc(c->a, e.nbytes ? e.nbytes : 1);
		struct mi_item *items = arena_alloc(c->a, sizeof(*e.items) * (size_t)(e.n ? e.n : 1));
		if (bytes && items) {
			memcpy(bytes, e.bytes, e.nbytes);
			memcpy(items, e.items, sizeof(*e.items) * (size_t)e.n);
		}
		mi_entry_release(&tmp);
		if (!bytes || !items)
			return api_fail(c, TB_ENOMEM);
		e.key = NULL;
		e.bytes = bytes;
		e.items = items;
	}
answer:
	buf_reset(&c->resp->body);
	buf_printf(&c->resp->body, want_demands ? "{\"achievement_id\":%lld," : "{\"demand_id\":%lld,",
	           (long long)c->ids[0]);
	rc = mi_write(c, &c->resp->body, want_demands, &e);
	buf_addc(&c->resp->body, '}');
	api_json_written(c, 200, rc);
}

static void demand_matches(struct api_ctx *c) { listing_matches(c, 0); }
static void achievement_matches(struct api_ctx *c) { listing_matches(c, 1); }

/* POST /api/match {text, want:"achievements"|"demands", filters..., evidence...} */
static void free_match(struct api_ctx *c)
{
	static const char *const keys[] = { "text", "want", "field", "trl", "trl_min", "trl_max", "modes",
	                                    "budget_min", "budget_max", "city", "limit", "offset", NULL };
	struct catalog_query q;
	struct docking_evidence ev = { 0 };
	struct docking_hit *hits = NULL;
	const char *text = NULL, *want = NULL, *modes = NULL, *bad = NULL;
	void *rows = NULL;
	int64_t v, total = 0;
	int n = 0, rc, wd;

	if (!index_ready(c))
		return;
	catalog_query_init(&q);
	q.limit = 10;
	ev.price_lo = ev.price_hi = -1;
	if ((rc = api_body_keys(c, keys)) || (rc = jin_str(c, "text", true, &text)) ||
	    (rc = jin_str(c, "want", false, &want)) || (rc = jin_str(c, "field", false, &q.field)) ||
	    (rc = jin_str(c, "city", false, &q.city)) || (rc = jin_list(c, "modes", &modes)) ||
	    (rc = jin_num(c, "budget_min", false, &ev.price_lo)) ||
	    (rc = jin_num(c, "budget_max", false, &ev.price_hi)))
		return api_fail(c, rc);
	wd = want && !strcmp(want, "demands");
	if (want && !wd && strcmp(want, "achievements"))
		return TB_FE_S(&c->fe, "want", "one_of", "achievements or demands"),
		       api_fail(c, TB_EINVAL);
	if (modes && !modes_parse(modes, &ev.modes, &bad))
		return TB_FE_S(&c->fe, "modes", "unknown_mode_value", bad), api_fail(c, TB_EINVAL);
	v = 0;
	if ((rc = jin_int(c, "trl", false, 1, 9, &v)))
		return api_fail(c, rc);
	ev.trl = (int)v;
	v = 0;
	if ((rc = jin_int(c, "trl_min", false, 1, 9, &v)))
		return api_fail(c, rc);
	q.trl_min = (int)v;
	v = 0;
	if ((rc = jin_int(c, "trl_max", false, 1, 9, &v)))
		return api_fail(c, rc);
	q.trl_max = (int)v;
	v = 10;
	if ((rc = jin_int(c, "limit", false, 1, 100, &v)))
		return api_fail(c, rc);
	q.limit = (int)v;
	v = 0;
	if ((rc = jin_int(c, "offset", false, 0, 10000, &v)))
		return api_fail(c, rc);
	q.offset = (int)v;
	if (!api_allow(c, wd ? "demand" : "achievement", "read", 0))
		return;
	/* The asker's field and city are evidence; filters stay only what was asked as filters. */
	ev.field = q.field;
	ev.city = q.city ? region_city_canonical(q.city) : NULL;
	ev.province = ev.city && region_in_province(ev.city) ? region_province_zh : NULL;
	q.field = NULL;
	q.city = NULL;
	if ((rc = docking_free_text(c->app->index, c->st, c->a, wd, text, &q, &ev, &rows, &hits, &n, &total)))
		return api_fail(c, rc);
	buf_reset(&c->resp->body);
	buf_printf(&c->resp->body, "{\"want\":\"%s\",\"total\":%lld,", wd ? "demands" : "achievements",
	           (long long)total);
	rc = items_write(c, &c->resp->body, wd, rows, hits, n);
	buf_addc(&c->resp->body, '}');
	api_json_written(c, 200, rc);
}

const struct api_route api_match_routes[] = {
	{ "GET", "/api/demands/{id}/matches", demand_matches,
	  { .en = "Achievements that could solve a demand, explained", .zh = "可解决需求的成果（附匹配理由）",
	    .access = "demand:matches",
	    .query = "field,city,trl_min:integer,trl_max:integer,limit:integer,offset:integer,mode",
	    .ok = "200" } },
	{ "GET", "/api/achievements/{id}/matches", achievement_matches,
	  { .en = "Demands an achievement could solve, explained", .zh = "成果可满足的需求（附匹配理由）",
	    .access = "achievement:matches",
	    .query = "field,city,trl_min:integer,trl_max:integer,limit:integer,offset:integer,mode",
	    .ok = "200" } },
	{ "POST", "/api/match", free_match,
	  { .en = "Match free text against the catalogue", .zh = "用一段文字匹配成果或需求",
	    .access = "match:read",
	    .body = "text:string!,want:string,field:string,city:string,modes:array,"
	             "budget_min:number,budget_max:number,trl:integer,trl_min:integer,"
	             "trl_max:integer,limit:integer,offset:integer", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};
