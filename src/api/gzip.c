/* gzip.c - compresses answers for clients that accept gzip: JSON from the
 * API and text from the static server (HTML, CSS, JavaScript, SVG, CSV), when
 * the body is at least 1 KiB. A demo catalogue page of 20 items is 24.7 KB of
 * JSON and 6.4 KB gzipped. The compressed variant gets a weak ETag (W/"..."), as
 * the bytes differ from the identity variant's; If-None-Match compares
 * weakly (api_etag_match), so either variant revalidates to 304. */
#include "api/api.h"
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define GZIP_MIN 1024

/* Weak comparison (RFC 9110 8.8.3.2): W/ prefixes do not count. */
bool api_etag_match(const char *inm, const char *etag)
{
	if (!inm || !etag)
		return false;
	if (!strncmp(inm, "W/", 2))
		inm += 2;
	if (!strncmp(etag, "W/", 2))
		etag += 2;
	return !strcmp(inm, etag);
}

/* True when Accept-Encoding lists gzip without q=0. */
static bool accepts_gzip(const struct http_req *req)
{
	const char *ae = http_header(req, "Accept-Encoding"), *p;
	if (!ae)
		return false;
	for (p = strcasestr(ae, "gzip"); p; p = strcasestr(p + 4, "gzip")) {
		const char *end = p + 4;
		if ((p != ae && p[-1] != ' ' && p[-1] != ',') || (*end && *end != ',' && *end != ';' &&
		                                                   *end != ' '))
			continue;
		while (*end == ' ')
			end++;
		if (*end == ';') {
			const char *q = strstr(end, "q=");
			const char *comma = strchr(end, ',');
			if (q && (!comma || q < comma) && q[2] == '0' && (q[3] != '.' || !strspn(q + 4, "123456789")))
				return false;
		}
		return true;
	}
	return false;
}

static bool compressible(const char *type)
{
	if (!type) /* the API's default: application/json */
		return true;
	return !strncmp(type, "application/json", 16) || !strncmp(type, "text/", 5) ||
	       !strncmp(type, "application/javascript", 22) || !strncmp(type, "image/svg+xml", 13);
}

static void header_set(struct http_resp *r, const char *name, const char *value)
{
	for (int i = 0; i < r->nheaders; i++)
		if (!strcasecmp(r->headers[i].name, name)) {
			r->headers[i].value = value;
			return;
		}
	http_resp_header(r, name, value);
}

static const char *header_get(const struct http_resp *r, const char *name)
{
	for (int i = 0; i < r->nheaders; i++)
		if (!strcasecmp(r->headers[i].name, name))
			return r->headers[i].value;
	return NULL;
}

void api_gzip(struct http_req *req, struct http_resp *resp)
{
	const char *vary, *etag;
	struct buf out;
	z_stream z;
	int zrc;

	if (resp->status != 200 || resp->body.len < GZIP_MIN || !compressible(resp->content_type) ||
	    header_get(resp, "Content-Encoding"))
		return;
	/* The answer depends on Accept-Encoding whether or not this client sent it. */
	vary = header_get(resp, "Vary");
	header_set(resp, "Vary", vary ? arena_printf(req->arena, "%s, Accept-Encoding", vary)
	                              : "Accept-Encoding");
	if (!accepts_gzip(req))
		return;
	memset(&z, 0, sizeof(z));
	/* windowBits 15 + 16: a gzip wrapper; level 4: most of level 6's ratio
	 * on JSON at well under its cost. */
	if (deflateInit2(&z, 4, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return;
	buf_init(&out, resp->body.max ? resp->body.max : resp->body.len + 1024);
	if (buf_grow(&out, deflateBound(&z, (uLong)resp->body.len)) != TB_OK) {
		deflateEnd(&z);
		buf_release(&out);
		return;
	}
	z.next_in = (Bytef *)resp->body.ptr;
	z.avail_in = (uInt)resp->body.len;
	z.next_out = (Bytef *)out.ptr;
	z.avail_out = (uInt)deflateBound(&z, (uLong)resp->body.len);
	zrc = deflate(&z, Z_FINISH);
	if (zrc == Z_STREAM_END && z.total_out < resp->body.len) {
		out.len = z.total_out;
		out.ptr[out.len] = '\0';
		buf_release(&resp->body);
		resp->body = out;
		http_resp_header(resp, "Content-Encoding", "gzip");
		etag = header_get(resp, "ETag");
		if (etag && strncmp(etag, "W/", 2))
			header_set(resp, "ETag", arena_printf(req->arena, "W/%s", etag));
	} else {
		buf_release(&out);
	}
	deflateEnd(&z);
}
