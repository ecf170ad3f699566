/* api.h - the JSON API: routing, request context, and the helpers every
 * resource file uses to read JSON input field by field and answer errors that
 * name the field. One file per resource registers a route table. */
#ifndef TB_API_H
#define TB_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
#include "api/present.h"
#include "domain/actor.h"
#include "http/http.h"
#include "model/release.h"

struct catalog_index; /* domain/docking.h */
struct store;         /* one connection, opaque above domain (domain/app.h) */
struct store_pool;
struct api_cache;     /* api/cache.c */
struct cache_req;
struct linelog;       /* core/linelog.h */

struct api_app {
	struct store_pool *pool;
	struct catalog_index *index;  /* may be NULL: text search falls back to the store */
	const char *web_dir;          /* static files; NULL = none */
	int secure_cookies;           /* serve --secure: the session cookie gets the Secure flag */
	/* == release (issue #16) == */
	struct life_settings life;    /* validity and reminder days; zero = the defaults */
	struct api_cache *cache;      /* public answers kept until the data changes; NULL = none */
	/* == observability (api/observe.c) == */
	const char *metrics_token;    /* TB_METRICS_TOKEN: /metrics needs it as a bearer token */
	struct linelog *access_log;   /* serve --access-log; NULL = off */
	unsigned char log_key[16];    /* keys the user-id hash of the access log */
};

/* Who is asking. Filled by the auth layer; anonymous has user_id 0. */
struct principal {
	int64_t user_id;
	int64_t org_id;
	const char *role;   /* admin reviewer org_admin member broker anonymous */
	const char *email;
	int64_t cred_id;    /* the session or API token that authenticated this request; 0 = none */
	const char *csrf;   /* the session's CSRF token (cookie sessions only) */
	int via_cookie;     /* 1 = session cookie (CSRF applies), 0 = bearer token or anonymous */
};

struct api_ctx {
	struct http_req *req;
	struct http_resp *resp;
	struct api_app *app;
	struct arena *a;
	struct store *st;           /* acquired per request, returned by the router */
	int64_t ids[4];             /* {id} path parameters, in order */
	int nids;
	json_t *body;               /* parsed request body (object) or NULL */
	struct principal who;
	struct tb_field_error fe;
	int answered;
	struct cache_req *cache;    /* set by api_cache_answer for api_cache_keep */
	const char *fail_cause;     /* set: the router answers 500 and logs this (api_fail_cause) */
	const struct api_route *route; /* the matched route: one handler may serve a table of them */
	const struct api_table *tables; /* every route table (api_route_tables), for the */
	size_t ntables;                 /* API's own description: resources never call routes.c */
	enum tb_lang lang;          /* the answer's language (api_lang); valid when lang_set */
	int lang_set;
};

typedef void (*api_fn)(struct api_ctx *c);
/* What /api/openapi.json says about a route (api/openapi.c), written next to
 * the route in its resource file so that the document cannot drift from the
 * router (issue #16). Strings, all optional but en/zh/access:
 *   access  "public", "login" (any account) or "resource:action" of policy.c,
 *           from which the document lists the roles allowed;
 *   query   query parameters "name:type,..." (type string|integer|number);
 *   body    request body: "#Component" or "name:type,..." ("name:type!" required;
 *           type string|integer|number|boolean|array|object);
 *   ok      success statuses "200" or "201,202"; ":#Component" after one names
 *           its schema ("200:#Achievement", "200:[#Achievement" = a page of them);
 *   errors  error statuses besides those the document derives (401 unless
 *           public, 403 for a policy pair, 404 with an {id}, 400 with input);
 *   media   the success media type when not JSON ("text/csv"). */
struct api_doc {
	const char *en, *zh, *access, *query, *body, *ok, *errors, *media;
};
struct api_route { const char *method; const char *pattern; api_fn fn; struct api_doc doc; };
/* The route tables with their OpenAPI tag (api/routes.c). */
struct api_table { const struct api_route *routes; const char *tag, *tag_zh; };

/* Route tables, one per resource file; NULL-method terminated. */
extern const struct api_route api_catalog_routes[];
extern const struct api_route api_org_routes[];
extern const struct api_route api_system_routes[];
/* == more route tables: one line per resource file, in its own section == */
extern const struct api_route api_match_routes[];
/* == accounts == */
extern const struct api_route api_auth_routes[];
extern const struct api_route api_user_routes[];
extern const struct api_route api_audit_routes[];
extern const struct api_route api_review_routes[];
extern const struct api_route api_org_profile_routes[];
extern const struct api_route api_attachment_routes[];
extern const struct api_route api_favourite_routes[];

/* == revisions of public listings == */
extern const struct api_route api_revision_routes[];

/* == contracts and indicators == */
extern const struct api_route api_contract_routes[];
extern const struct api_route api_indicator_routes[];

/* == brokers, cases, contact requests, feedback == */
extern const struct api_route api_broker_routes[];
extern const struct api_route api_event_routes[];
/* == instruments and bookings == */
extern const struct api_route api_instrument_routes[];
extern const struct api_route api_booking_routes[];

/* == challenges (揭榜挂帅) == */
extern const struct api_route api_challenge_routes[];
/* == enterprise tiers == */
extern const struct api_route api_tier_routes[];
extern const struct api_route api_platform_routes[];
/* == alliances and service agencies (issue #15) == */
extern const struct api_route api_alliance_routes[];
extern const struct api_route api_agency_routes[];
/* == events: edit, outcome, agenda (issue #14) == */
extern const struct api_route api_event_agenda_routes[];
/* == release: quality, life cycle, subscriptions (issue #16) == */
extern const struct api_route api_subscription_routes[];
extern const struct api_route api_feed_routes[];
/* The keys a catalogue body may carry (api/catalog.c): the body reader's own
 * list, also the OpenAPI input schemas'. */
extern const char *const api_ach_keys[];
extern const char *const api_dem_keys[];
/* == the API's own description (issue #16) == */
extern const struct api_route api_openapi_routes[];
/* The OpenAPI 3.1 document of every route table (api/openapi.c); new object. */
json_t *api_openapi_document(const struct api_table *tables, size_t n);
extern const struct api_route api_bulletin_routes[];
struct quality_report;
/* 400 naming every unmet checklist item (code, field, zh, en) under the threshold. */
void api_fail_quality(struct api_ctx *c, const struct quality_report *q);
/* The server's life-cycle settings (the defaults when not configured). */
const struct life_settings *api_life(struct api_ctx *c);

void api_handle(struct http_req *req, struct http_resp *resp, void *app);
/* Every resource's route table, in dispatch order (`techbridge routes`, the
 * CLI parity test): *n tables, each ending with a NULL method. */
const struct api_table *api_route_tables(size_t *n);
/* The route for the request's method and path (c->ids filled, req->route
 * set for the metrics), or NULL with *allow naming the methods the path has
 * (NULL too when no pattern matches); api/routes.c. */
const struct api_route *api_route_find(struct api_ctx *c, const char **allow);
/* The headers-phase hook (http_admit), run before any body byte is read:
 * unsafe /api requests must come from a valid session or token (401
 * otherwise; only the few anonymous writes are let through, with a body of a
 * few KiB), and a body must be declared application/json (415). */
int api_admit(struct http_req *req, struct http_resp *resp, void *app, size_t *max_body);

/* == observability (api/observe.c, docs/performance.md "Observability") ==
 * Route indexes for the metrics: every route of the tables, then these
 * pseudo routes (api_route_pseudo gives their index). */
enum { API_ROUTE_STATIC, API_ROUTE_UNMATCHED, API_ROUTE_METRICS, API_ROUTE_PSEUDO };
int api_route_pseudo(int which);
const char *api_route_name(int route);  /* the pattern ("unmatched" for -1) */
void api_routes_init(void);     /* names the routes for core/metrics.h; serve calls it first */
/* The http_observe hook: one observation for the metrics, one access log line. */
void api_observe(const struct http_req *req, const struct http_resp *resp, void *app, uint64_t us);
/* GET /metrics. On the API's listener (own_listener 0) it exists only with
 * a token (404 otherwise) and answers 401 without it; on serve
 * --metrics-listen's own listener it needs the token only when one is set. */
void api_metrics(struct http_req *req, struct http_resp *resp, struct api_app *app, int own_listener);
/* The handler of the --metrics-listen listener: /metrics, 404 for the rest. */
void api_metrics_handle(struct http_req *req, struct http_resp *resp, void *app);
/* Keys the access log's user hash: TB_ACCESS_LOG_KEY when set (stable across
 * restarts and nodes), random otherwise. */
int api_log_key_init(struct api_app *app);
/* Bodies: 2 MiB of JSON; an attachment upload (api/attachments.c) up to its
 * file cap. The server's ceiling is API_MAX_UPLOAD; api_admit lowers it. */
#define API_MAX_JSON_BODY ((size_t)2 << 20)
#define API_MAX_UPLOAD (((size_t)8 << 20) + 4096)
/* True for the routes that take a raw file body (api/attachments.c). */
bool api_is_upload(const char *method, const char *path);
/* One route pattern against a path; fills ids (exported for the fuzz target). */
bool api_match_pattern(const char *pat, const char *path, int64_t ids[4], int *nids);
/* Routes jansson's allocations through core/fault.h and reads TB_FAIL_ALLOC;
 * serve calls it first, before any thread starts. */
void api_alloc_init(void);

/* ---- answering */
void api_json(struct api_ctx *c, int status, json_t *v);          /* steals v */
/* Every 4xx/5xx is {"error": message in the caller's language, "code": a
 * stable code (core/errmsg.c, docs/api.md), "field"?}. api_error takes a free
 * English text (a catalogue message becomes its code); api_error_code a code;
 * api_error_fe a field error with its code and parameters. */
void api_error(struct api_ctx *c, int status, const char *msg, const char *field);
void api_error_code(struct api_ctx *c, int status, const char *code, const char *field);
void api_error_fe(struct api_ctx *c, int status, const struct tb_field_error *fe);
/* The same object, for answers that add to it (catalogue "errors"). */
json_t *api_error_json(struct api_ctx *c, int status, const struct tb_field_error *fe);
/* ?lang=, else Accept-Language, else English. */
enum tb_lang api_lang(struct api_ctx *c);
void api_fail(struct api_ctx *c, int rc);                         /* rc -> status; uses c->fe */
int api_status_for(int rc);
/* Marks the request failed: whatever the handler answers, the router replaces
 * it with a 500 and logs `cause` (a static string; the first one wins). */
/* The router answers 500 and logs the first cause set (no partial answer). */
static inline void api_fail_cause(struct api_ctx *c, const char *cause)
{
	if (!c->fail_cause)
		c->fail_cause = cause;
}

/* ---- authorisation: every handler asks before acting. Returns true when
 * allowed; otherwise the 401/403 has been answered. owner_org 0 = none. */
bool api_allow(struct api_ctx *c, const char *resource, const char *action, int64_t owner_org);
/* The request's user as the domain sees it. */
struct actor api_actor(const struct api_ctx *c);
/* A domain decision answered: false on TB_OK; otherwise answers 401 (TB_EAUTH,
 * "login required"), 403 (TB_EPERM) or api_fail(rc) and returns true. */
bool api_answer_denied(struct api_ctx *c, int rc);
/* The same decision without answering or auditing (for shaping listings). */
bool api_may(struct api_ctx *c, const char *resource, const char *action, int64_t owner_org);
/* What a role may do at all, from the same table: 0 no, 1 anywhere, 2 for its
 * own organisation only. For telling the web UI which actions to offer. */
int api_role_may(const char *role, const char *resource, const char *action);
/* Fills c->who from the session cookie or the bearer token and enforces CSRF
 * on cookie-authenticated unsafe methods. Returns true when it has answered
 * (401 bad token, 403 CSRF); the router then skips dispatch. (api/auth.c) */
bool auth_resolve(struct api_ctx *c);
/* Appends to the audit log as c->who; never pass secrets in detail. */
void api_audit(struct api_ctx *c, const char *action, const char *resource, int64_t resource_id,
               const char *outcome, const char *detail);

/* Clears a listing's staff e-mail and phone unless the asker may see them:
 * a party, a consented broker, admin/reviewer, or the other side of an
 * accepted contact request (api/brokers.c). Every response that carries a
 * listing's contacts goes through it. */
void api_redact_contact(struct api_ctx *c, const char *kind, int64_t id, int64_t owner_org,
			const char **email, const char **phone);
/* ---- reading input. Each returns TB_OK, or TB_EINVAL with c->fe naming the field. */
int api_body(struct api_ctx *c);                                   /* parses an object into c->body */
int api_only_keys(struct api_ctx *c, const char *const *allowed);  /* unknown key -> 400 naming it */
/* api_body, then api_only_keys: a write's body with only these keys. */
int api_body_keys(struct api_ctx *c, const char *const *allowed);
/* The same, also allowing the names of a plain-field table (model/catalog.h). */
int api_only_keys_plain(struct api_ctx *c, const char *const *allowed, const struct plain_field *plain);
int jin_str(struct api_ctx *c, const char *key, bool required, const char **out);
/* A string taken verbatim (no trimming, "" kept): passwords. */
int jin_secret(struct api_ctx *c, const char *key, bool required, const char **out);
int jin_int(struct api_ctx *c, const char *key, bool required, int64_t lo, int64_t hi, int64_t *out);
int jin_num(struct api_ctx *c, const char *key, bool required, double *out); /* absent -> unchanged */
/* Array of strings or one comma-separated string -> "a,b,c" (or NULL when absent). */
int jin_list(struct api_ctx *c, const char *key, const char **out);
bool jin_has(struct api_ctx *c, const char *key);

/* Answers 200 {"items": [...]} (API_PAGE: and "total") with fn(&rows[i]) for
 * the n rows, fn being the record's presenter (expert_json, ...): the
 * list answer every resource gives. A macro, so fn keeps its record type. */
#define API_ITEMS(c, rows, n, fn) API_ANSWER_ARRAY_(c, rows, n, fn, json_pack("{s:o}", "items", items_))
#define API_PAGE(c, rows, n, fn, total)                                                         \
	API_ANSWER_ARRAY_(c, rows, n, fn,                                                       \
	                  json_pack("{s:o,s:I}", "items", items_, "total", (json_int_t)(total)))
#define API_ANSWER_ARRAY_(c, rows, n, fn, answer)                                               \
	do {                                                                                    \
		json_t *items_ = json_array();                                                  \
		for (int i_ = 0; i_ < (n); i_++)                                                \
			json_array_append_new(items_, fn(&(rows)[i_]));                         \
		api_json((c), 200, (answer));                                                   \
	} while (0)

/* Query-string helpers for listings. */
int qs_int(struct api_ctx *c, const char *key, int64_t lo, int64_t hi, int64_t dflt, int64_t *out);
int qs_num(struct api_ctx *c, const char *key, double dflt, double *out);
/* qs_int into an int member (a year, a rank): the range keeps it in an int. */
int qs_int32(struct api_ctx *c, const char *key, int lo, int hi, int dflt, int *out);
/* A listing's page: limit (1..max_limit, default dflt) and offset
 * (0..max_offset), each a 400 naming its key when out of range. */
int qs_page(struct api_ctx *c, int max_limit, int dflt, int max_offset, int *limit, int *offset);
const char *qs_str(struct api_ctx *c, const char *key);

/* Public answer cache (api/cache.c). The router asks api_cache_answer after
 * resolving the principal: true when it answered (a kept answer, or 304);
 * otherwise it dispatches and offers the answer to api_cache_keep. */
int api_cache_new(struct api_cache **out);
void api_cache_free(struct api_cache *c);
bool api_cache_answer(struct api_ctx *c);
void api_cache_keep(struct api_ctx *c);

/* gzip (api/gzip.c): compresses a 200 JSON or text answer of 1 KiB or more
 * when the request accepts gzip (weak ETag, Vary: Accept-Encoding); the
 * router calls it last. api_etag_match compares If-None-Match weakly. */
void api_gzip(struct http_req *req, struct http_resp *resp);
bool api_etag_match(const char *if_none_match, const char *etag);

/* JSON text written straight into the response (api/json_out.c): the same
 * bytes api_json() would send for the same values, without building a tree.
 * Each returns TB_OK or an error (and buffer failures stay in body.failed);
 * api_json_written() marks the answer sent, or failed when rc or the buffer
 * says so. jw_tree dumps (and frees) a tree in place, for presenters. */
int jw_str(struct buf *b, const char *s);   /* NULL -> null */
int jw_real(struct buf *b, double v);
int jw_tree(struct buf *b, json_t *v);
void api_json_written(struct api_ctx *c, int status, int rc);
/* One reviewer decision (publish or return) without answering: rc and c->fe
 * say why it failed; *status_out is the item's status after it (api/catalog.c;
 * the batch of api/review.c, issue #18). seen NULL = the status read now. */
int api_catalog_decide(struct api_ctx *c, bool is_ach, int64_t id, const char *action,
                       const char *note, const char *seen, const char **status_out);

/* A catalogue search as CSV (api/catalog_csv.c, issue #18): the rows the
 * listing found (at most api_catalog_csv_limit()), one of a or d. */
struct achievement;
struct demand;
int api_catalog_csv_limit(void);
void api_catalog_csv(struct api_ctx *c, bool is_ach, const struct achievement *a,
                     const struct demand *d, int n);

/* JSON out helpers */
json_t *jstr(const char *s);        /* NULL -> json null */
json_t *jlist(const char *csv);     /* "a,b" -> ["a","b"]; NULL -> [] */
/* A user as the API shows it (api/auth.c). */
struct user;
json_t *api_user_json(struct api_ctx *c, const struct user *u);

/* CSV answers (api/indicators.c): asked for with ?format=csv. */
struct buf;
bool api_want_csv(struct api_ctx *c);
void api_send_csv(struct api_ctx *c, struct buf *csv, const char *filename);

#endif
