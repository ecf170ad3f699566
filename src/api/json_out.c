/* json_out.c - JSON text written straight into a response buffer, for the
 * answers where building a jansson tree first costs more than the work
 * itself (a page of matches: some 150 small objects of factors and
 * conditions per page). Measured on a cached page of 10 matches: dumping the
 * tree was half of the request's CPU, because jansson's dump snprintf()s
 * every object's address into a hash table (its loop check) and formats every
 * real with snprintf; building the tree (json_pack) another eighth.
 *
 * The output is byte for byte what api_json() gives for the same values
 * (compact, reals as jansson writes them with JSON_REAL_PRECISION(15), strings
 * escaped as jansson does), so a client cannot tell which path answered.
 * Failures are sticky in the buffer (buf.failed) or in the returned rc. */
#include "api/api.h"
#include "core/util.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

int jw_str(struct buf *b, const char *s)
{
	const char *run;
	size_t len;
	if (!s)
		return buf_adds(b, "null");
	len = strlen(s);
	/* jansson refuses a string that is not UTF-8 (json_string -> NULL). */
	if (!utf8_valid(s, len))
		return TB_EINVAL;
	buf_addc(b, '"');
	for (run = s; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		const char *esc = NULL;
		char seq[8];
		if (ch != '"' && ch != '\\' && ch >= 0x20)
			continue;
		buf_add(b, run, (size_t)(s - run));
		switch (ch) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			snprintf(seq, sizeof(seq), "\\u%04X", (unsigned)ch);
			esc = seq;
		}
		buf_adds(b, esc);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
	return buf_addc(b, '"');
}

int jw_real(struct buf *b, double v)
{
	char t[40], *e;
	int n;
	/* json_real() refuses these: the tree path answered 500. */
	if (!isfinite(v))
		return TB_EINVAL;
	n = snprintf(t, sizeof(t) - 3, "%.15g", v);
	if (n <= 0 || (size_t)n >= sizeof(t) - 3)
		return TB_EINVAL;
	/* jansson: a real always shows it is one ... */
	if (!strchr(t, '.') && !strchr(t, 'e')) {
		t[n++] = '.';
		t[n++] = '0';
		t[n] = '\0';
	}
	/* ... and its exponent has no '+' and no leading zeros (1e+20 -> 1e20). */
	if ((e = strchr(t, 'e'))) {
		char *start = e + 1, *end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start)
			memmove(start, end, strlen(end) + 1);
	}
	return buf_adds(b, t);
}

static int dump_cb(const char *p, size_t n, void *data)
{
	return buf_add(data, p, n) == TB_OK ? 0 : -1;
}

int jw_tree(struct buf *b, json_t *v)
{
	int rc = TB_OK;
	if (!v)
		return TB_ENOMEM;
	if (json_dump_callback(v, dump_cb, b, JSON_COMPACT | JSON_REAL_PRECISION(15)))
		rc = TB_ENOMEM;
	json_decref(v);
	return rc;
}

void api_json_written(struct api_ctx *c, int status, int rc)
{
	c->resp->status = status;
	c->answered = 1;
	if (rc || c->resp->body.failed) {
		buf_reset(&c->resp->body); /* never a partial body */
		api_fail_cause(c, "response JSON could not be written");
	}
}
