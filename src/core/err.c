/* err.c - names for error codes and the field-error helper. */
#include "core/err.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *tb_strerror(int rc)
{
	switch (rc) {
	case TB_OK: return "ok";
	case TB_EINVAL: return "invalid input";
	case TB_ENOTFOUND: return "not found";
	case TB_ECONFLICT: return "conflict";
	case TB_ENOMEM: return "out of memory";
	case TB_ETOOBIG: return "too large";
	case TB_EIO: return "i/o error";
	case TB_EDB: return "storage error";
	case TB_EAUTH: return "authentication required";
	case TB_EPERM: return "forbidden";
	case TB_ELIMIT: return "too many requests";
	case TB_ESTATE: return "not allowed in the current state";
	case TB_EOVERFLOW: return "arithmetic overflow";
	case TB_EUNAVAIL: return "storage unavailable";
	}
	return "unknown error";
}

void tb_field_error_set(struct tb_field_error *fe, const char *field, const char *fmt, ...)
{
	va_list ap;
	if (!fe)
		return;
	snprintf(fe->field, sizeof(fe->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(fe->message, sizeof(fe->message), fmt, ap);
	va_end(ap);
}
