/* respond.c - how a request is answered: a JSON value, an error in the
 * caller's language with its stable code and field, a result code mapped to
 * its HTTP status once (api_status_for), and the path patterns of the route
 * tables ({id}, {period}). Every resource file answers through these; they
 * call nothing of the resources or the router. */
#include "api/api.h"
#include "core/log.h"
#include "core/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Match one pattern; fills ids. An {id} is a canonical decimal (no sign, no
 * leading zero), so every matching path is exactly the pattern with its ids
 * written in: /api/x/012 and /api/x/+12 are not aliases of /api/x/12. */
bool api_match_pattern(const char *pat, const char *path, int64_t ids[4], int *nids)
{
	int n = 0;
	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return false;
		pat++, path++;
		const char *pe = strchr(pat, '/'), *se = strchr(path, '/');
		size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
		size_t sl = se ? (size_t)(se - path) : strlen(path);
		if (pl == 4 && !strncmp(pat, "{id}", 4)) {
			char tmp[24];
			int64_t v;
			if (sl == 0 || sl >= sizeof(tmp) || n >= 4 || path[0] < '1' || path[0] > '9')
				return false;
			memcpy(tmp, path, sl);
			tmp[sl] = '\0';
			if (!parse_i64(tmp, &v) || v <= 0)
				return false;
			ids[n++] = v;
		} else if (pl == 8 && !strncmp(pat, "{period}", 8)) {
			/* A bulletin's period: YYYY-Www or YYYY-MM (digits, '-', 'W'); the
			 * handler reads the segment and the domain checks it exactly. */
			if (sl < 7 || sl > 8)
				return false;
			for (size_t k = 0; k < sl; k++)
				if (!((path[k] >= '0' && path[k] <= '9') || path[k] == '-' || path[k] == 'W'))
					return false;
		} else if (pl != sl || strncmp(pat, path, pl)) {
			return false;
		}
		pat += pl;
		path += sl;
	}
	if (*pat || *path)
		return false;
	*nids = n;
	return true;
}

int api_status_for(int rc)
{
	switch (rc) {
	case TB_OK: return 200;
	case TB_EINVAL: return 400;
	case TB_EAUTH: return 401;
	case TB_EPERM: return 403;
	case TB_ENOTFOUND: return 404;
	case TB_ECONFLICT: case TB_ESTATE: return 409;
	case TB_ETOOBIG: return 413;
	case TB_ELIMIT: return 429;
	case TB_EUNAVAIL: return 503;
	case TB_ETYPE: return 415;
	}
	return 500;
}

void api_json(struct api_ctx *c, int status, json_t *v)
{
	c->resp->status = status;
	buf_reset(&c->resp->body);
	c->answered = 1;
	/* A NULL value is what json_pack/json_object return when they fail: never
	 * let it become a 200 with an empty body. */
	if (!v) {
		api_fail_cause(c, "response JSON could not be built");
		return;
	}
	/* One pass straight into our buffer. It was two (json_dumpb to measure,
	 * then to write, for a single allocation), but dumping is the expensive
	 * part - jansson's loop check formats every object's address - and the
	 * buffer grows geometrically anyway. */
	if (jw_tree(&c->resp->body, v) || c->resp->body.failed) {
		/* Never a partial body, whatever answers in its place. */
		buf_reset(&c->resp->body);
		api_fail_cause(c, "response JSON could not be encoded");
	}
}

/* The language of the answer (issue #16): ?lang= (the web UI's choice, a
 * link), then Accept-Language, then English. Resolved once per request. */
enum tb_lang api_lang(struct api_ctx *c)
{
	if (!c->lang_set) {
		const char *q = c->req ? http_query(c->req, "lang") : NULL;
		const char *al = c->req ? http_header(c->req, "Accept-Language") : NULL;
		c->lang = tb_lang_pick(q, al);
		c->lang_set = 1;
	}
	return c->lang;
}

/* The code an answer carries when its site named none: by status. */
static const char *code_for_status(int status)
{
	switch (status) {
	case 400: return "invalid";
	case 401: return "login_required";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413: return "too_large";
	case 415: return "unsupported_media_type";
	case 429: return "rate_limited";
	case 503: return "unavailable";
	}
	return "internal_error";
}

/* A free English text that is exactly a catalogue message (without
 * parameters) is that code: "login required" -> login_required. */
static const char *code_for_text(const char *msg)
{
	const char *code;
	for (size_t i = 0; msg && (code = tb_code_at(i)); i++)
		if (!strcmp(tb_code_text(code, TB_LANG_EN), msg))
			return code;
	return NULL;
}

json_t *api_error_json(struct api_ctx *c, int status, const struct tb_field_error *fe)
{
	enum tb_lang lang = api_lang(c);
	const char *code = fe->code[0] ? fe->code : NULL;
	struct tb_field_error x = *fe;
	char msg[400];
	json_t *o = json_object();

	if (!code)
		code = code_for_text(fe->message);
	if (!code) {
		/* A message not in the catalogue yet (docs/api.md lists what is
		 * left): English as it was; in Chinese the status's sentence. The
		 * English text is always in detail: a client knows the code is the
		 * status's, not the message's. */
		code = code_for_status(status);
		if (fe->message[0])
			json_object_set_new(o, "detail", json_string(fe->message));
		if (lang == TB_LANG_EN && fe->message[0])
			x.code[0] = '\0';  /* tb_msg_render then uses the text as it is */
		else
			snprintf(x.code, sizeof(x.code), "%s", code);
	} else {
		snprintf(x.code, sizeof(x.code), "%s", code);
	}
	/* A 400 names its field in the sentence ("trl: must be ..."), as before;
	 * other statuses say the message alone and name the field beside it. */
	if (status != 400)
		x.field[0] = '\0';
	tb_msg_full(&x, lang, msg, sizeof(msg));
	json_object_set_new(o, "error", json_string(msg));
	json_object_set_new(o, "code", json_string(code));
	if (fe->field[0])
		json_object_set_new(o, "field", json_string(fe->field));
	return o;
}

void api_error_fe(struct api_ctx *c, int status, const struct tb_field_error *fe)
{
	api_json(c, status, api_error_json(c, status, fe));
}

void api_error(struct api_ctx *c, int status, const char *msg, const char *field)
{
	struct tb_field_error fe;
	memset(&fe, 0, sizeof(fe));
	snprintf(fe.field, sizeof(fe.field), "%s", field ? field : "");
	snprintf(fe.message, sizeof(fe.message), "%s", msg ? msg : "");
	api_error_fe(c, status, &fe);
}

void api_error_code(struct api_ctx *c, int status, const char *code, const char *field)
{
	struct tb_field_error fe;
	memset(&fe, 0, sizeof(fe));
	TB_FE(&fe, field, code);
	api_error_fe(c, status, &fe);
}

void api_fail(struct api_ctx *c, int rc)
{
	int status = api_status_for(rc);
	/* Domain names flat fields (contact_email); the API nests them
	 * (contact.email). An unknown key is named as the caller sent it. */
	if (!strncmp(c->fe.field, "contact_", 8) && strcmp(c->fe.code, "unknown_field"))
		c->fe.field[7] = '.';
	if (status == 503) {
		/* The database connection was lost (PostgreSQL restarted, a
		 * failover): nothing was acknowledged, the node reconnects on a
		 * later request, so the client may retry. */
		tb_warn("%s %s failed: %s", c->req->method, c->req->path, tb_strerror(rc));
		http_resp_header(c->resp, "Retry-After", "1");
		api_error(c, 503, "storage unavailable", NULL);
		return;
	}
	if (status == 500) {
		/* Never leak internals: the log has the details. */
		tb_error("%s %s failed: %s", c->req->method, c->req->path, tb_strerror(rc));
		api_error_code(c, 500, "internal_error", NULL);
		return;
	}
	if (!c->fe.code[0] && !c->fe.message[0])
		/* Nothing said by the site: the error class's text, which is a
		 * catalogue message (not_found, state_conflict, auth_required, ...). */
		snprintf(c->fe.message, sizeof(c->fe.message), "%s", tb_strerror(rc));
	api_error_fe(c, status, &c->fe);
}
