/* json_in.c - reading request input: the body as a JSON object (duplicates
 * rejected, size already capped by the server), typed field getters that name
 * the field on error, and query-string parsers with ranges. */
#include "api/api.h"
#include "core/util.h"
#include <math.h>
#include <string.h>

int api_body(struct api_ctx *c)
{
	json_error_t err;
	json_t *v;

	if (c->req->body_len == 0)
		return TB_FE(&c->fe, "body", "body_required"), TB_EINVAL;
	v = json_loadb(c->req->body, c->req->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!v)
		return tb_fe_code(&c->fe, "body", "invalid_json", err.line, err.column, err.text,
		                  NULL), TB_EINVAL;
	if (!json_is_object(v)) {
		json_decref(v);
		return TB_FE(&c->fe, "body", "body_not_object"), TB_EINVAL;
	}
	c->body = v;
	return TB_OK;
}

int api_body_keys(struct api_ctx *c, const char *const *allowed)
{
	int rc = api_body(c);
	return rc ? rc : api_only_keys(c, allowed);
}

int api_only_keys(struct api_ctx *c, const char *const *allowed)
{
	return api_only_keys_plain(c, allowed, NULL);
}

int api_only_keys_plain(struct api_ctx *c, const char *const *allowed, const struct plain_field *plain)
{
	const char *key;
	json_t *val;
	json_object_foreach(c->body, key, val) {
		int ok = 0;
		for (const char *const *a = allowed; *a; a++)
			if (!strcmp(*a, key))
				ok = 1;
		for (const struct plain_field *f = plain; f && f->name; f++)
			if (!strcmp(f->name, key))
				ok = 1;
		if (!ok && strlen(key) >= sizeof(c->fe.field))
			/* Truncated, the name would point at a field that is not there. */
			return TB_FE_N(&c->fe, "body", "key_too_long",
			               (long long)(sizeof(c->fe.field) - 1)), TB_EINVAL;
		if (!ok)
			return TB_FE(&c->fe, key, "unknown_field"), TB_EINVAL;
	}
	return TB_OK;
}

bool jin_has(struct api_ctx *c, const char *key)
{
	return c->body && json_object_get(c->body, key) != NULL;
}

int jin_str(struct api_ctx *c, const char *key, bool required, const char **out)
{
	json_t *v = c->body ? json_object_get(c->body, key) : NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return TB_FE(&c->fe, key, "field_required"), TB_EINVAL;
		if (v)
			*out = NULL;
		return TB_OK;
	}
	if (!json_is_string(v))
		return TB_FE(&c->fe, key, "not_string"), TB_EINVAL;
	if (memchr(json_string_value(v), 0, json_string_length(v)))
		return TB_FE(&c->fe, key, "contains_nul"), TB_EINVAL;
	/* Empty or blank strings mean "not given": store NULL, not "". */
	{
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
			n--;
		while (n && (*s == ' ' || *s == '\t' || *s == '\n'))
			s++, n--;
		if (!n) {
			if (required)
				return TB_FE(&c->fe, key, "field_required"), TB_EINVAL;
			*out = NULL;
			return TB_OK;
		}
		*out = arena_strndup(c->a, s, n);
	}
	return *out ? TB_OK : TB_ENOMEM;
}

/* Secrets (passwords) are taken exactly as sent: trimming would make
 * " hunter2 " and "hunter2" the same password, and a blank one "not given"
 * (which once got a generated password substituted). Absent or null -> NULL. */
int jin_secret(struct api_ctx *c, const char *key, bool required, const char **out)
{
	json_t *v = c->body ? json_object_get(c->body, key) : NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return TB_FE(&c->fe, key, "field_required"), TB_EINVAL;
		*out = NULL;
		return TB_OK;
	}
	if (!json_is_string(v))
		return TB_FE(&c->fe, key, "not_string"), TB_EINVAL;
	if (memchr(json_string_value(v), 0, json_string_length(v)))
		return TB_FE(&c->fe, key, "contains_nul"), TB_EINVAL;
	*out = arena_strndup(c->a, json_string_value(v), json_string_length(v));
	return *out ? TB_OK : TB_ENOMEM;
}

int jin_int(struct api_ctx *c, const char *key, bool required, int64_t lo, int64_t hi, int64_t *out)
{
	json_t *v = c->body ? json_object_get(c->body, key) : NULL;
	int64_t x;
	if (!v || json_is_null(v)) {
		if (required)
			return TB_FE(&c->fe, key, "field_required"), TB_EINVAL;
		return TB_OK;
	}
	if (json_is_integer(v))
		x = json_integer_value(v);
	else if (json_is_string(v) && parse_i64(json_string_value(v), &x))
		;
	else
		return TB_FE(&c->fe, key, "not_integer"), TB_EINVAL;
	if (x < lo || x > hi)
		return TB_FE_NM(&c->fe, key, "out_of_range", lo, hi), TB_EINVAL;
	*out = x;
	return TB_OK;
}

int jin_num(struct api_ctx *c, const char *key, bool required, double *out)
{
	json_t *v = c->body ? json_object_get(c->body, key) : NULL;
	double x;
	if (!v || json_is_null(v)) {
		if (required)
			return TB_FE(&c->fe, key, "field_required"), TB_EINVAL;
		if (v)
			*out = -1;
		return TB_OK;
	}
	if (json_is_number(v))
		x = json_number_value(v);
	else if (json_is_string(v) && parse_double(json_string_value(v), &x))
		;
	else
		return TB_FE(&c->fe, key, "not_number"), TB_EINVAL;
	if (!isfinite(x) || x < 0)
		return TB_FE(&c->fe, key, "negative"), TB_EINVAL;
	*out = x;
	return TB_OK;
}

int jin_list(struct api_ctx *c, const char *key, const char **out)
{
	json_t *v = c->body ? json_object_get(c->body, key) : NULL;
	struct buf b = BUF_INIT(8192);
	size_t i;
	json_t *e;
	int rc;

	if (!v)
		return TB_OK;
	if (json_is_null(v)) {
		*out = NULL;
		return TB_OK;
	}
	if (json_is_string(v)) {
		/* A failed copy must not read as "absent": a PATCH would clear the list. */
		*out = arena_strdup(c->a, json_string_value(v));
		return *out ? TB_OK : TB_ENOMEM;
	}
	if (!json_is_array(v))
		return TB_FE(&c->fe, key, "not_list"), TB_EINVAL;
	json_array_foreach(v, i, e) {
		if (!json_is_string(e)) {
			buf_release(&b);
			return TB_FE(&c->fe, key, "not_list"), TB_EINVAL;
		}
		if ((rc = (i ? buf_addc(&b, ',') : TB_OK)) || (rc = buf_adds(&b, json_string_value(e)))) {
			buf_release(&b);
			/* Only the cap is the client's fault; out of memory is ours (500). */
			if (rc != TB_ETOOBIG)
				return rc;
			return TB_FE(&c->fe, key, "list_too_long"), TB_EINVAL;
		}
	}
	*out = arena_strdup(c->a, b.ptr ? b.ptr : "");
	buf_release(&b);
	return *out ? TB_OK : TB_ENOMEM;
}

const char *qs_str(struct api_ctx *c, const char *key)
{
	const char *v = http_query(c->req, key);
	return (v && *v) ? v : NULL;
}

int qs_int(struct api_ctx *c, const char *key, int64_t lo, int64_t hi, int64_t dflt, int64_t *out)
{
	const char *v = qs_str(c, key);
	int64_t x;
	*out = dflt;
	if (!v)
		return TB_OK;
	if (!parse_i64(v, &x))
		return TB_FE(&c->fe, key, "not_integer"), TB_EINVAL;
	if (x < lo || x > hi)
		return TB_FE_NM(&c->fe, key, "out_of_range", lo, hi), TB_EINVAL;
	*out = x;
	return TB_OK;
}

int qs_int32(struct api_ctx *c, const char *key, int lo, int hi, int dflt, int *out)
{
	int64_t v;
	int rc = qs_int(c, key, lo, hi, dflt, &v);
	if (!rc)
		*out = (int)v;
	return rc;
}

int qs_page(struct api_ctx *c, int max_limit, int dflt, int max_offset, int *limit, int *offset)
{
	int rc = qs_int32(c, "limit", 1, max_limit, dflt, limit);
	return rc ? rc : qs_int32(c, "offset", 0, max_offset, 0, offset);
}

int qs_num(struct api_ctx *c, const char *key, double dflt, double *out)
{
	const char *v = qs_str(c, key);
	double x;
	*out = dflt;
	if (!v)
		return TB_OK;
	if (!parse_double(v, &x) || x < 0)
		return TB_FE(&c->fe, key, "negative"), TB_EINVAL;
	*out = x;
	return TB_OK;
}

json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

json_t *jlist(const char *csv)
{
	json_t *arr = json_array();
	const char *p = csv;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n)
			json_array_append_new(arr, json_stringn(p, n));
		p = e ? e + 1 : NULL;
	}
	return arr;
}
