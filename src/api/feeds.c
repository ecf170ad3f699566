/* feeds.c - Atom feeds (RFC 4287) of newly published achievements and demands
 * (issue #16): /api/feeds/achievements.atom and /api/feeds/demands.atom, with
 * the filters of a saved search (field, city, trl_min, q) or a followed
 * organisation (org), newest first. Only
 * published listings, so nothing expired or closed ever appears; public data,
 * no login, so any feed reader can poll it. */
#include "api/api.h"
#include "core/buf.h"
#include "domain/catalog_ops.h"
#include "domain/region.h"
#include <string.h>

/* XML text: the five entities escaped, and the C0 controls XML 1.0 forbids dropped. */
static void xml_text(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&apos;"); break;
		default:
			if (*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
				buf_addc(b, (char)*p);
		}
	}
}

static void el(struct buf *b, const char *name, const char *text)
{
	buf_printf(b, "<%s>", name);
	xml_text(b, text);
	buf_printf(b, "</%s>", name);
}

/* The base of links: the request's Host (loopback in tests), else a fixed name. */
static const char *base_url(struct api_ctx *c)
{
	const char *host = http_header(c->req, "Host");
	if (!host || strpbrk(host, "\"<>'& \t\r\n"))
		host = "localhost";
	return arena_printf(c->a, "http://%s", host);
}

static void entry(struct buf *b, const char *base, const char *kind, int64_t id, const char *tzh,
                  const char *ten, const char *text, const char *org, const char *updated,
                  const char *published)
{
	buf_adds(b, "<entry>");
	buf_printf(b, "<id>tag:techbridge,2026:%s:%lld</id>", kind, (long long)id);
	el(b, "title", tzh ? tzh : ten);
	buf_printf(b, "<link rel=\"alternate\" href=\"%s/%ss/%lld\"/>", base, kind, (long long)id);
	el(b, "updated", updated);
	if (published)
		el(b, "published", published);
	buf_adds(b, "<author>");
	el(b, "name", org ? org : "TechBridge");
	buf_adds(b, "</author>");
	buf_adds(b, "<summary type=\"text\">");
	xml_text(b, text);
	buf_adds(b, "</summary></entry>");
}

static void feed(struct api_ctx *c, bool is_ach)
{
	const char *kind = is_ach ? "achievement" : "demand";
	const char *base = base_url(c);
	struct catalog_query q;
	struct buf *b = &c->resp->body;
	int64_t v, total;
	int n, rc;
	void *rows;

	if (!api_allow(c, kind, "read", 0))
		return;
	catalog_query_init(&q);
	q.field = qs_str(c, "field");
	q.city = region_city_canonical(qs_str(c, "city"));
	q.q = qs_str(c, "q");
	q.sort = "newest";
	if ((rc = qs_int(c, "trl_min", 1, 9, 0, &v)))
		return api_fail(c, rc);
	q.trl_min = (int)v;
	if ((rc = qs_int(c, "org", 1, INT64_MAX, 0, &q.org_id)))
		return api_fail(c, rc);
	if ((rc = qs_int(c, "limit", 1, 100, 50, &v)))
		return api_fail(c, rc);
	q.limit = (int)v;
	rc = is_ach ? catalog_ach_list(c->st, c->a, &q, (struct achievement **)&rows, &n, &total)
	            : catalog_dem_list(c->st, c->a, &q, (struct demand **)&rows, &n, &total);
	if (rc)
		return api_fail(c, rc);
	c->resp->status = 200;
	c->resp->content_type = "application/atom+xml; charset=utf-8";
	buf_reset(b);
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">");
	buf_printf(b, "<id>tag:techbridge,2026:feed:%ss</id>", kind);
	el(b, "title", is_ach ? "科技成果 Achievements - TechBridge" : "技术需求 Demands - TechBridge");
	buf_printf(b, "<link rel=\"self\" href=\"%s/api/feeds/%ss.atom\"/>", base, kind);
	el(b, "updated", n ? (is_ach ? ((struct achievement *)rows)[0].updated_at
	                               : ((struct demand *)rows)[0].updated_at)
	                   : "2026-01-01T00:00:00Z");
	buf_adds(b, "<author><name>TechBridge</name></author>");
	for (int i = 0; i < n; i++) {
		if (is_ach) {
			const struct achievement *x = &((struct achievement *)rows)[i];
			entry(b, base, kind, x->id, x->title_zh, x->title_en,
			      x->abstract_zh ? x->abstract_zh : x->abstract_en, x->owner_name, x->updated_at,
			      x->published_at);
		} else {
			const struct demand *x = &((struct demand *)rows)[i];
			entry(b, base, kind, x->id, x->title_zh, x->title_en,
			      x->desc_zh ? x->desc_zh : x->desc_en, x->org_name, x->updated_at,
			      x->published_at);
		}
	}
	buf_adds(b, "</feed>\n");
	if (b->failed)
		return api_error_code(c, 413, "feed_too_large", NULL);
	c->answered = 1;
}

static void ach_feed(struct api_ctx *c) { feed(c, true); }
static void dem_feed(struct api_ctx *c) { feed(c, false); }

const struct api_route api_feed_routes[] = {
	{ "GET", "/api/feeds/achievements.atom", ach_feed,
	  { .en = "Atom feed of new achievements", .zh = "新成果 Atom 订阅源", .access = "feed:read",
	    .query = "field,city,q,trl_min:integer,org:integer,limit:integer", .ok = "200",
	    .media = "application/atom+xml" } },
	{ "GET", "/api/feeds/demands.atom", dem_feed,
	  { .en = "Atom feed of new demands", .zh = "新需求 Atom 订阅源", .access = "feed:read",
	    .query = "field,city,q,trl_min:integer,org:integer,limit:integer", .ok = "200",
	    .media = "application/atom+xml" } },
	{ NULL, NULL, NULL, { 0 } },
};
