/* err.h - error codes threaded through every layer (SQLite-style `rc`).
 * A function returns TB_OK or one of these; callers map them to HTTP status
 * codes or CLI exit codes in exactly one place each (api_status_for in
 * api/router.c; CLI_EXIT_* in cli/cli.h). */
#ifndef TB_ERR_H
#define TB_ERR_H

enum tb_err {
	TB_OK = 0,
	TB_EINVAL,     /* bad input: a field failed validation */
	TB_ENOTFOUND,  /* no such row / route */
	TB_ECONFLICT,  /* uniqueness or overlap violated, or stale state */
	TB_ENOMEM,     /* allocation failed */
	TB_ETOOBIG,    /* a size cap was hit */
	TB_EIO,        /* file or socket error */
	TB_EDB,        /* the store failed for a reason that is not the caller's */
	TB_EAUTH,      /* not authenticated */
	TB_EPERM,      /* authenticated but not allowed */
	TB_ELIMIT,     /* throttled */
	TB_ESTATE,     /* operation not allowed in the object's current state */
	TB_EOVERFLOW,  /* a sum left the representable range: an error, never a wrapped figure */
	TB_EUNAVAIL,   /* the database cannot be reached now (connection lost): retry later */
};

const char *tb_strerror(int rc);

/* A validation failure names the field and says what is wrong with it, so the
 * API can answer {"error":..., "field":...} and the CLI can print it. */
struct tb_field_error {
	char field[64];
	char message[192];
};

void tb_field_error_set(struct tb_field_error *fe, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
