/* csv.h - streaming RFC 4180 CSV reader. Reads one record at a time from a
 * FILE* or a memory buffer, so a 100,000-row import never holds the whole
 * file. Accepts quoted fields with embedded commas, quotes and newlines, a
 * leading UTF-8 BOM, CRLF or LF line ends; skips blank lines; rejects invalid
 * UTF-8, NUL bytes, stray quotes and oversized fields/records with a message
 * and the line number where the record started, so an importer can say
 * "FILE:LINE: ...". Field and record sizes are capped. */
#ifndef TB_CSV_H
#define TB_CSV_H

#include <stddef.h>
#include <stdio.h>
#include "core/buf.h"

#define CSV_MAX_FIELD_DEFAULT (256u << 10)  /* bytes in one field */
#define CSV_MAX_RECORD_DEFAULT (1u << 20)   /* bytes in one record */
#define CSV_MAX_FIELDS_DEFAULT 256          /* fields in one record */

struct csv_reader {
	FILE *fp;                 /* source: a stream ... */
	const unsigned char *mem; /* ... or a buffer */
	size_t memlen, mempos;
	size_t max_field;
	int max_fields;
	long line;                /* physical line where the current record starts (1-based) */
	long cur_line;            /* physical line of the next byte */
	int started, eof, pushback;
	/* Bytes read while looking for a BOM that turned out to be text (a file
	 * may start with U+FF21 "Ａ", whose first byte is the BOM's 0xEF). */
	unsigned char pre[3];
	int npre, pre_pos;
	struct buf rec;           /* the record's fields, each NUL-terminated */
	size_t *offs;             /* field start offsets into rec */
	const char **fields;      /* pointers handed to the caller */
	char err[160];
};

void csv_init_file(struct csv_reader *r, FILE *fp);
void csv_init_mem(struct csv_reader *r, const char *p, size_t n);
/* Optional, before the first csv_next: change the caps. */
void csv_set_limits(struct csv_reader *r, size_t max_field, size_t max_record, int max_fields);
void csv_release(struct csv_reader *r);

/* Next record: TB_OK with fields and count (valid until the next call), TB_ENOTFOUND
 * at end of input, TB_EINVAL on malformed input, TB_ETOOBIG past a cap,
 * TB_EIO on a read error, TB_ENOMEM. On error csv_error() says what and
 * csv_line() where; the reader must not be used further. */
int csv_next(struct csv_reader *r, const char *const **fields, int *n);
long csv_line(const struct csv_reader *r);
const char *csv_error(const struct csv_reader *r);

/* ---- writing. The one CSV writer: every CSV the program emits (API exports,
 * audit, statements, CLI export and stats) goes through csv_cell, so that no
 * output path forgets the formula guard. A text cell starting with = + - @,
 * TAB or CR is prefixed with a single quote (OWASP "CSV injection"): a
 * spreadsheet would otherwise run =HYPERLINK(...) from attacker-chosen text.
 * Then RFC 4180: quoted when it holds a comma, quote, CR or LF, with quotes
 * doubled. NULL writes an empty cell. Numbers the program formats itself are
 * written with buf_printf and are not cells in this sense. */
int csv_cell(struct buf *b, const char *s);

#endif
