/* transfer.h - bulk import/export mapping between flat rows of named text
 * values and the org / achievement / demand structs. The CLI reads CSV or
 * JSONL into a row (one value per column, NULL = absent) and this module
 * turns it into a struct the domain validators accept, or a struct back into
 * a row for export. Column names are the API's JSON field names; lists
 * (keywords, patents, modes) are ';'-separated in a row. No I/O, no SQL, no
 * JSON: the formats live in the CLI, the meaning of each column lives here. */
#ifndef TB_TRANSFER_H
#define TB_TRANSFER_H

#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
#include "domain/catalog.h"
#include "domain/org.h"

enum xfer_kind { XFER_ORGS, XFER_ACHIEVEMENTS, XFER_DEMANDS };
#define XFER_MAX_COLS 32

bool xfer_kind_parse(const char *s, enum xfer_kind *k);
const char *xfer_kind_name(enum xfer_kind k);

/* Column names in export order, NULL-terminated. Every column is accepted on
 * import; id, review_note (and for orgs city_en, created_at, updated_at) are
 * read-only and ignored there. */
const char *const *xfer_columns(enum xfer_kind k);
int xfer_ncolumns(enum xfer_kind k);
int xfer_column_index(enum xfer_kind k, const char *name); /* -1 if unknown */

/* Looks an organisation up by (Chinese or English) name for the owner_org /
 * org columns: TB_OK with *id, or TB_ENOTFOUND. */
typedef int (*xfer_org_resolver)(void *ctx, const char *name, int64_t *id);

/* Row (v[i] is column i; NULL or "" = absent) -> struct with defaults applied
 * (status draft, price negotiable, ...), then the domain validator. Strings
 * point into `a` or into v. On failure fe names the column. */
int xfer_row_to_org(struct arena *a, const char *const *v, struct org *o, struct tb_field_error *fe);
int xfer_row_to_ach(struct arena *a, const char *const *v, xfer_org_resolver res, void *ctx,
                    struct achievement *x, struct tb_field_error *fe);
int xfer_row_to_dem(struct arena *a, const char *const *v, xfer_org_resolver res, void *ctx,
                    struct demand *x, struct tb_field_error *fe);

/* Struct -> row; NULL values are empty. Lists are joined with ';'. */
void xfer_org_to_row(struct arena *a, const struct org *o, const char **v);
void xfer_ach_to_row(struct arena *a, const struct achievement *x, const char **v);
void xfer_dem_to_row(struct arena *a, const struct demand *x, const char **v);

/* Shortest decimal text that reads back as exactly d. */
const char *xfer_fmt_num(struct arena *a, double d);
/* "2024-05-01" or "2024-05-01T08:00:00Z" -> the latter form in `a`; NULL if malformed. */
const char *xfer_timestamp(struct arena *a, const char *s);

#endif
