/* csv.c - see csv.h. A small state machine over bytes: one byte of pushback
 * is enough to tell CRLF from CR and "" from a closing quote. */
#include "core/csv.h"
#include "core/err.h"
#include "core/util.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void init_common(struct csv_reader *r)
{
	r->max_field = CSV_MAX_FIELD_DEFAULT;
	r->max_fields = CSV_MAX_FIELDS_DEFAULT;
	r->line = 0;
	r->cur_line = 1;
	r->pushback = -1;
	buf_init(&r->rec, CSV_MAX_RECORD_DEFAULT);
}

void csv_init_file(struct csv_reader *r, FILE *fp)
{
	memset(r, 0, sizeof(*r));
	r->fp = fp;
	init_common(r);
}

void csv_init_mem(struct csv_reader *r, const char *p, size_t n)
{
	memset(r, 0, sizeof(*r));
	r->mem = (const unsigned char *)p;
	r->memlen = n;
	init_common(r);
}

void csv_set_limits(struct csv_reader *r, size_t max_field, size_t max_record, int max_fields)
{
	r->max_field = max_field;
	r->rec.max = max_record;
	r->max_fields = max_fields;
}

void csv_release(struct csv_reader *r)
{
	buf_release(&r->rec);
	free(r->offs);
	free(r->fields);
	r->offs = NULL;
	r->fields = NULL;
}

long csv_line(const struct csv_reader *r) { return r->line; }
const char *csv_error(const struct csv_reader *r) { return r->err; }

/* -1 at end of input, -2 on a read error. */
static int get(struct csv_reader *r)
{
	int c;
	if (r->pushback >= 0) {
		c = r->pushback;
		r->pushback = -1;
		return c;
	}
	if (r->pre_pos < r->npre)
		return r->pre[r->pre_pos++];
	if (r->fp) {
		c = getc_unlocked(r->fp);
		if (c == EOF)
			return ferror(r->fp) ? -2 : -1;
		return c;
	}
	return r->mempos < r->memlen ? r->mem[r->mempos++] : -1;
}

static void unget(struct csv_reader *r, int c) { r->pushback = c; }

static int fail(struct csv_reader *r, int rc, long line, const char *msg, int field)
{
	r->line = line;
	if (field > 0)
		snprintf(r->err, sizeof(r->err), "%s (field %d)", msg, field);
	else
		snprintf(r->err, sizeof(r->err), "%s", msg);
	return rc;
}

static int start_field(struct csv_reader *r, int nf)
{
	if (nf >= r->max_fields) {
		snprintf(r->err, sizeof(r->err), "more than %d fields in a record", r->max_fields);
		return TB_ETOOBIG;
	}
	r->offs[nf] = r->rec.len;
	return TB_OK;
}

static inline int add_byte(struct csv_reader *r, int nf, int c)
{
	int rc;
	/* Fast path: room in the buffer and under the caps (end_field terminates). */
	if (r->rec.len + 2 < r->rec.cap && r->rec.len - r->offs[nf] < r->max_field) {
		r->rec.ptr[r->rec.len++] = (char)c;
		return TB_OK;
	}
	if (r->rec.len - r->offs[nf] >= r->max_field) {
		snprintf(r->err, sizeof(r->err), "field %d is longer than %zu bytes", nf + 1, r->max_field);
		return TB_ETOOBIG;
	}
	if ((rc = buf_addc(&r->rec, (char)c))) {
		if (rc == TB_ETOOBIG)
			snprintf(r->err, sizeof(r->err), "record is longer than %zu bytes", r->rec.max);
		else
			snprintf(r->err, sizeof(r->err), "out of memory");
	}
	return rc;
}

/* End the current field: NUL-terminate it inside the record buffer. */
static int end_field(struct csv_reader *r)
{
	int rc = buf_grow(&r->rec, 1);
	if (rc) {
		snprintf(r->err, sizeof(r->err), "record is longer than %zu bytes", r->rec.max);
		return rc;
	}
	r->rec.ptr[r->rec.len++] = '\0';
	r->rec.ptr[r->rec.len] = '\0';
	return TB_OK;
}

int csv_next(struct csv_reader *r, const char *const **fields, int *n)
{
	int c, nf = 0, rc, quoted;
	long qline;

	if (!r->offs) {
		r->offs = calloc((size_t)r->max_fields, sizeof(*r->offs));
		r->fields = calloc((size_t)r->max_fields, sizeof(*r->fields));
		if (!r->offs || !r->fields)
			return snprintf(r->err, sizeof(r->err), "out of memory"), TB_ENOMEM;
	}
	if (!r->started) {
		/* Tolerate a UTF-8 byte order mark (Excel writes one). */
		int b0 = get(r), b1, b2;
		r->started = 1;
		if (b0 == 0xEF) {
			b1 = get(r);
			b2 = b1 == 0xBB ? get(r) : -1;
			if (b1 == -2 || b2 == -2)
				return fail(r, TB_EIO, 1, "read error", 0);
			if (b1 != 0xBB || b2 != 0xBF) {
				/* Not a BOM: the bytes are the first field's text
				 * (validated as UTF-8 with the rest of it). */
				r->pre[r->npre++] = (unsigned char)b0;
				if (b1 >= 0)
					r->pre[r->npre++] = (unsigned char)b1;
				if (b2 >= 0)
					r->pre[r->npre++] = (unsigned char)b2;
			}
		} else if (b0 >= 0) {
			unget(r, b0);
		} else if (b0 == -2) {
			return fail(r, TB_EIO, 1, "read error", 0);
		}
	}
	if (r->eof)
		return TB_ENOTFOUND;

	/* Skip blank lines: they carry no record. */
	for (;;) {
		c = get(r);
		if (c == '\n') { r->cur_line++; continue; }
		if (c == '\r') {
			int d = get(r);
			if (d != '\n' && d >= 0) unget(r, d);
			r->cur_line++;
			continue;
		}
		break;
	}
	if (c == -2)
		return fail(r, TB_EIO, r->cur_line, "read error", 0);
	if (c == -1) {
		r->eof = 1;
		return TB_ENOTFOUND;
	}
	unget(r, c);
	r->line = r->cur_line;
	buf_reset(&r->rec);

	for (;;) { /* one field per iteration */
		if ((rc = start_field(r, nf)))
			return r->line = r->cur_line, rc;
		c = get(r);
		quoted = c == '"';
		if (quoted) {
			qline = r->cur_line;
			for (;;) {
				c = get(r);
				if (c == -1)
					return fail(r, TB_EINVAL, qline, "unterminated quoted field", nf + 1);
				if (c == -2)
					return fail(r, TB_EIO, r->cur_line, "read error", 0);
				if (c == '"') {
					int d = get(r);
					if (d == '"') {
						c = '"';
					} else {
						if (d >= 0)
							unget(r, d);
						break;
					}
				}
				if (c == '\n')
					r->cur_line++;
				if ((rc = add_byte(r, nf, c)))
					return r->line = r->cur_line, rc;
			}
			c = get(r);
			if (c != ',' && c != '\n' && c != '\r' && c != -1 && c != -2)
				return fail(r, TB_EINVAL, r->cur_line, "unexpected character after closing quote", nf + 1);
		} else {
			while (c != ',' && c != '\n' && c != '\r' && c >= 0) {
				if (c == '"')
					return fail(r, TB_EINVAL, r->cur_line,
					            "quote inside an unquoted field (quote the whole field and double the quote)",
					            nf + 1);
				if ((rc = add_byte(r, nf, c)))
					return r->line = r->cur_line, rc;
				c = get(r);
			}
		}
		if (c == -2)
			return fail(r, TB_EIO, r->cur_line, "read error", 0);
		if ((rc = end_field(r)))
			return r->line = r->cur_line, rc;
		if (!utf8_valid(r->rec.ptr + r->offs[nf], r->rec.len - 1 - r->offs[nf]))
			return fail(r, TB_EINVAL, r->line, "invalid UTF-8 or NUL byte", nf + 1);
		nf++;
		if (c == ',')
			continue;
		if (c == '\r') {
			int d = get(r);
			if (d != '\n' && d >= 0)
				unget(r, d);
		}
		if (c == '\r' || c == '\n')
			r->cur_line++;
		if (c == -1)
			r->eof = 1;
		break;
	}
	for (int i = 0; i < nf; i++)
		r->fields[i] = r->rec.ptr + r->offs[i];
	*fields = r->fields;
	*n = nf;
	return TB_OK;
}

int csv_cell(struct buf *b, const char *s)
{
	int rc = TB_OK;
	bool formula;
	if (!s || !*s)
		return TB_OK;
	formula = strchr("=+-@\t\r", s[0]) != NULL;
	/* A cell starting with U+FEFF is quoted too: at the start of a file a
	 * reader takes those bytes for a byte order mark and drops them (found
	 * by the CSV round-trip fuzz target). */
	if (!formula && !strpbrk(s, ",\"\r\n") && strncmp(s, "\xEF\xBB\xBF", 3))
		return buf_adds(b, s);
	if ((rc = buf_addc(b, '"')) || (formula && (rc = buf_addc(b, '\''))))
		return rc;
	for (; *s; s++) {
		if (*s == '"' && (rc = buf_addc(b, '"')))
			return rc;
		if ((rc = buf_addc(b, *s)))
			return rc;
	}
	return buf_addc(b, '"');
}
