/* cache.c - answers to anonymous GETs of public data (catalogue listings,
 * searches, details, matches, indicators), kept in memory and reused until
 * the data changes, with an ETag for conditional requests (docs/performance.md).
 *
 * Why it is safe:
 * - only requests with no principal (no session, no token) are looked up or
 *   stored, and only 200 JSON answers whose only header is the router's
 *   Cache-Control: a member's draft can never be stored, so never served to
 *   anyone else; authenticated answers stay "Cache-Control: no-store";
 * - an entry holds the database's public version (store_public_version,
 *   bumped by triggers in the same transaction as any change to public data,
 *   from any process) and the match index version, both read BEFORE the answer
 *   was computed: if either moved meanwhile, the entry is already stale and
 *   the next lookup misses. Drafts do not move the public version, so an ETag
 *   reveals nothing about unpublished data.
 * Why it is needed: the default catalogue page costs ~2 ms to build (JSON of
 * 20 full items) against ~20 us for the bare server; the targets ask for a
 * quarter of the bare server's rate. */
#include "api/api.h"
#include "core/fault.h"
#include "core/metrics.h"
#include "domain/app.h"
#include "domain/docking.h"
#include "core/util.h"
#include "model/region.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 512                 /* direct-mapped by key hash */
#define CACHE_MAX_BODY ((size_t)256 << 10) /* larger answers are not kept: 128 MiB at most */
#define CACHE_MAX_KEY 2048

struct cache_entry {
	uint64_t hash;
	char *key;
	int64_t pub;                        /* public version when computed */
	uint64_t ixv;                       /* match index version when computed */
	char *body;
	size_t len;
	char etag[48];
};

struct api_cache {
	pthread_mutex_t lock;
	struct cache_entry slot[CACHE_SLOTS];
};

/* Per request: what the lookup computed, for api_cache_keep. */
struct cache_req {
	const char *key;
	uint64_t hash;
	int64_t pub;
	uint64_t ixv;
};

int api_cache_new(struct api_cache **out)
{
	struct api_cache *c = calloc(1, sizeof(*c));
	if (!c)
		return TB_ENOMEM;
	pthread_mutex_init(&c->lock, NULL);
	*out = c;
	return TB_OK;
}

void api_cache_free(struct api_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		free(c->slot[i].key);
		free(c->slot[i].body);
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* Public reads whose answer depends only on the URL and the data. */
static bool cacheable_path(const char *p)
{
	/* a listing's attachments change without a publication: never kept */
	if (strstr(p, "/attachments"))
		return false;
	return !strncmp(p, "/api/achievements", 17) || !strncmp(p, "/api/demands", 12) ||
	       !strncmp(p, "/api/indicators/", 16);
}

struct key_ctx { struct buf *b; };
static int key_arg(void *ctx, const char *k, const char *v)
{
	struct key_ctx *kc = ctx;
	/* Separators that cannot appear decoded in a way that makes two
	 * different argument lists spell the same key. */
	if (buf_addc(kc->b, '\x01') || buf_adds(kc->b, k) || buf_addc(kc->b, '\x02') ||
	    buf_adds(kc->b, v ? v : ""))
		return TB_ETOOBIG;
	return TB_OK;
}

/* Replaces a header the router set (Cache-Control), or adds it. */
static void set_header(struct http_resp *r, const char *name, const char *value)
{
	for (int i = 0; i < r->nheaders; i++)
		if (!strcasecmp(r->headers[i].name, name)) {
			r->headers[i].value = value;
			return;
		}
	http_resp_header(r, name, value);
}

static void public_headers(struct api_ctx *c, const char *etag)
{
	/* Shared caches may keep public answers but must ask again (ETag);
	 * an answer differs with the credentials sent. */
	set_header(c->resp, "Cache-Control", "no-cache");
	set_header(c->resp, "Vary", "Cookie, Authorization");
	set_header(c->resp, "ETag", etag);
}

static bool not_modified(struct api_ctx *c, const char *etag)
{
	const char *inm = http_header(c->req, "If-None-Match");
	if (!api_etag_match(inm, etag))
		return false;
	c->resp->status = 304;
	buf_reset(&c->resp->body);
	c->answered = 1;
	return true;
}

bool api_cache_answer(struct api_ctx *c)
{
	struct api_cache *ac = c->app->cache;
	struct cache_req *cr;
	struct cache_entry *e;
	struct key_ctx kc;
	struct buf key;
	char today[11];
	const char *etag = NULL;
	bool hit = false;

	c->cache = NULL;
	if (!ac || strcmp(c->req->method, "GET") || c->who.user_id || c->who.cred_id ||
	    !cacheable_path(c->req->path))
		return false;
	if (!(cr = arena_alloc(c->a, sizeof(*cr))))
		return false;
	/* Today's date is part of the key: answers that default to the current
	 * year must not outlive the day. The province's date, on the server's one
	 * clock (tests move it), as the default year is: a UTC date kept the old
	 * year's answers from 16:00 to 24:00 UTC on 31 December. */
	region_today(today);
	buf_init(&key, CACHE_MAX_KEY);
	kc.b = &key;
	if (buf_adds(&key, c->req->path) || http_query_each(c->req, key_arg, &kc) ||
	    buf_addc(&key, '\x03') || buf_adds(&key, today) || buf_addc(&key, '\0') ||
	    app_public_version(c->st, &cr->pub)) {
		buf_release(&key);
		return false;
	}
	cr->key = arena_strdup(c->a, key.ptr);
	buf_release(&key);
	if (!cr->key)
		return false;
	cr->hash = fnv1a(cr->key, strlen(cr->key), FNV1A_OFFSET);
	cr->ixv = catalog_index_version(c->app->index);
	c->cache = cr;

	pthread_mutex_lock(&ac->lock);
	e = &ac->slot[cr->hash % CACHE_SLOTS];
	if (e->key && e->hash == cr->hash && e->pub == cr->pub && e->ixv == cr->ixv &&
	    !strcmp(e->key, cr->key)) {
		etag = arena_strdup(c->a, e->etag);
		if (etag && buf_add(&c->resp->body, e->body, e->len) == TB_OK) {
			c->resp->status = 200;
			public_headers(c, etag);
			c->answered = 1;
			hit = true;
		} else {
			buf_reset(&c->resp->body);
		}
	}
	pthread_mutex_unlock(&ac->lock);
	if (hit) {
		tbm_inc(TBM_ANSWER_CACHE_HITS);
		not_modified(c, etag);
	}
	return hit;
}

void api_cache_keep(struct api_ctx *c)
{
	struct api_cache *ac = c->app->cache;
	struct cache_req *cr = c->cache;
	struct cache_entry *e, fresh;
	char *etag;

	/* Only a plain JSON 200 with nothing but the router's Cache-Control, and
	 * never an answer that lost something on the way (the router turns that
	 * into a 500 after this; a kept copy would outlive it). */
	if (fault_request_failed() || c->fail_cause || c->resp->body.failed || c->resp->headers_dropped)
		return;
	if (!ac || !cr || c->resp->status != 200 || c->resp->content_type || c->resp->nheaders != 1 ||
	    !c->resp->body.ptr || c->resp->body.len > CACHE_MAX_BODY)
		return;
	memset(&fresh, 0, sizeof(fresh));
	snprintf(fresh.etag, sizeof(fresh.etag), "\"%llx-%016llx\"", (unsigned long long)cr->pub,
	         (unsigned long long)fnv1a(c->resp->body.ptr, c->resp->body.len,
	                                   FNV1A_OFFSET));
	if (!(etag = arena_strdup(c->a, fresh.etag)))
		return;
	public_headers(c, etag);
	fresh.hash = cr->hash;
	fresh.pub = cr->pub;
	fresh.ixv = cr->ixv;
	fresh.len = c->resp->body.len;
	fresh.key = strdup(cr->key);
	fresh.body = malloc(fresh.len ? fresh.len : 1);
	if (fresh.key && fresh.body) {
		memcpy(fresh.body, c->resp->body.ptr, fresh.len);
		pthread_mutex_lock(&ac->lock);
		e = &ac->slot[cr->hash % CACHE_SLOTS];
		/* Swap under the lock, free outside it. */
		{
			struct cache_entry old = *e;
			*e = fresh;
			fresh = old;
		}
		pthread_mutex_unlock(&ac->lock);
	}
	free(fresh.key);
	free(fresh.body);
	not_modified(c, etag);
}
