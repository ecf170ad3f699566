/* err.h - error codes threaded through every layer (SQLite-style `rc`).
 * A function returns TB_OK or one of these; callers map them to HTTP status
 * codes or CLI exit codes in exactly one place each (present_status in
 * api/router.c; CLI_EXIT_* in cli/cli.h). */
#ifndef TB_ERR_H
#define TB_ERR_H

#include <stddef.h>

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
	TB_ETYPE,      /* content of a type that is not accepted (an upload: 415) */
};

const char *tb_strerror(int rc);

/* A validation failure names the field and says what is wrong with it, so the
 * API can answer {"error":..., "code":..., "field":...} and the CLI can print it.
 * Issue #16: the layers below the API stay language-free. A site that uses
 * tb_fe_code() sets a stable code and its parameters; the API and the CLI
 * render the message in the caller's language from the catalogue
 * (core/errmsg.c). `message` always holds the English rendering, for logs,
 * import reports and the sites not converted yet (code "" = free English text,
 * answered with code "invalid"). */
struct tb_field_error {
	char field[64];
	char message[192];
	char code[32];       /* stable machine code (docs/api.md); "" = free text only */
	long long n, m;      /* numeric parameters {n} {m} of the code's template */
	char s[128], t[64];  /* text parameters {s} {t}; {fs} is the field label of s */
};

void tb_field_error_set(struct tb_field_error *fe, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets field + code + parameters (unused ones 0 / NULL) and the English message. */
void tb_fe_code(struct tb_field_error *fe, const char *field, const char *code, long long n,
                long long m, const char *s, const char *t);
#define TB_FE(fe, field, code) tb_fe_code((fe), (field), (code), 0, 0, NULL, NULL)
#define TB_FE_N(fe, field, code, n) tb_fe_code((fe), (field), (code), (n), 0, NULL, NULL)
#define TB_FE_NM(fe, field, code, n, m) tb_fe_code((fe), (field), (code), (n), (m), NULL, NULL)
#define TB_FE_S(fe, field, code, s) tb_fe_code((fe), (field), (code), 0, 0, (s), NULL)
#define TB_FE_ST(fe, field, code, s, t) tb_fe_code((fe), (field), (code), 0, 0, (s), (t))

/* ---- the message catalogue (core/errmsg.c) */
enum tb_lang { TB_LANG_EN = 0, TB_LANG_ZH = 1 };
/* "zh", "zh-CN", "zh_CN.UTF-8", an Accept-Language list ("zh-CN,zh;q=0.9,en;q=0.8")
 * -> the first supported language; anything else (or NULL) -> dflt. */
enum tb_lang tb_lang_parse(const char *s, enum tb_lang dflt);
/* The language of a request: the ?lang= parameter (the web UI's choice, a
 * link) when given, then Accept-Language, then English. One rule for the API
 * and for the answers the HTTP layer makes itself (a 413 before any route). */
enum tb_lang tb_lang_pick(const char *param, const char *accept);
/* The message of fe without the field, in lang: the code's template with its
 * parameters, or fe->message when fe has no code (English only). */
void tb_msg_render(const struct tb_field_error *fe, enum tb_lang lang, char *out, size_t cap);
/* The whole sentence the API and CLI show: "field: message" in English (the
 * API field name, as before), "<label>：<message>" in Chinese; no field: the
 * message alone. */
void tb_msg_full(const struct tb_field_error *fe, enum tb_lang lang, char *out, size_t cap);
/* A field's label in lang ("title_zh" -> "中文标题"); unknown fields -> the name. */
const char *tb_field_label(const char *field, enum tb_lang lang);
/* The message of a code without parameters (the HTTP-level codes: not_found,
 * login_required, ...), or NULL when the code is not in the catalogue. */
const char *tb_code_text(const char *code, enum tb_lang lang);
/* Every code of the catalogue, in order (the OpenAPI Error schema's enum);
 * NULL past the end. */
const char *tb_code_at(size_t i);

#endif
