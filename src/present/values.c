/* values.c - the small JSON values every presenter writes: a string or
 * null, a comma-separated list as an array, an amount in fen as yuan; and
 * the one table from a result code to the HTTP status an answer carries
 * (the API's answers, a batch's per-item status, the CLI's batch lines). */
#include "present/present.h"
#include "core/err.h"
#include "domain/contract.h"
#include <string.h>

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

json_t *present_yuan(int64_t fen) { return json_real((double)fen / 100.0); }

json_t *present_yuan_text(int64_t fen)
{
	char b[32];
	money_format(fen, b);
	return json_string(b);
}

int present_status(int rc)
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
