/* fuzz_targets.c - the bodies of the fuzz targets, shared by libFuzzer
 * (`make fuzz`, tests/fuzz/fuzz_*.c) and by the deterministic smoke run in
 * `make test` (tests/unit/test_fuzz_smoke.c). Each takes arbitrary bytes and
 * must not crash, leak or trip ASan/UBSan, and each checks properties of what
 * the code under test answers (FUZZ_CHECK): surviving is not enough (issue
 * #19). A violated property aborts under libFuzzer (which then saves the
 * input) and fails the cmocka test in the smoke run (FUZZ_SMOKE). */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/static.h"
#include "cli/import.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/contract.h"
#include "domain/indicators.h"
#include "domain/instrument.h"
#include "domain/region.h"
#include "domain/transfer.h"
#include "match/index.h"
#include "store/store.h"
#include "text/analyzer.h"

#ifdef FUZZ_SMOKE
void fuzz_dump_input(void); /* the smoke test prints the input that failed */
#define FUZZ_CHECK(cond)                                                                   \
	do {                                                                                   \
		if (!(cond)) {                                                                     \
			fuzz_dump_input();                                                             \
			fail_msg("%s:%d: property violated: %s", __FILE__, __LINE__, #cond);          \
		}                                                                                  \
	} while (0)
#else
#define FUZZ_CHECK(cond)                                                                   \
	do {                                                                                   \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                       \
		}                                                                                  \
	} while (0)
#endif

static char *cstr(const uint8_t *d, size_t n)
{
	char *s = malloc(n + 1);
	if (s) {
		memcpy(s, d, n);
		s[n] = '\0';
	}
	return s;
}

/* ------------------------------------------------------------ analyzer */

struct terms { struct buf all; size_t n; };

static int collect_cb(void *ctx, const char *term, size_t len, uint32_t pos)
{
	struct terms *t = ctx;
	FUZZ_CHECK(len > 0);
	FUZZ_CHECK(utf8_valid(term, len));      /* terms are valid UTF-8, no NUL */
	FUZZ_CHECK(!memchr(term, ' ', len));    /* and never span a space */
	t->n++;
	(void)pos;
	return buf_add(&t->all, term, len) || buf_addc(&t->all, ' ');
}

struct one_term { size_t n, len; };

static int one_term_cb(void *ctx, const char *term, size_t len, uint32_t pos)
{
	struct one_term *o = ctx;
	o->n++;
	o->len = len;
	(void)term, (void)pos;
	return 0;
}

/* The analyzer is idempotent on its own output: without stemming, analysing
 * the terms it produced (space-separated) yields the same terms, and
 * normalising twice is normalising once; otherwise a stored term and the same
 * term typed into a query would not meet. With the default Snowball stemmer
 * full idempotence does not hold (Snowball itself is not idempotent:
 * robvision -> robvis -> robvi), so there each term analysed again must stay
 * one term, no longer than before (stop words kept for this check: "thens"
 * stems to the stop word "then"). */
int fuzz_analyzer(const uint8_t *d, size_t n);
int fuzz_analyzer(const uint8_t *d, size_t n)
{
	static struct analyzer *a, *ns, *ks;
	struct terms t1 = { BUF_INIT(1 << 20), 0 }, t2 = { BUF_INIT(1 << 20), 0 };
	struct terms st = { BUF_INIT(1 << 20), 0 };
	struct buf n1 = BUF_INIT(1 << 20), n2 = BUF_INIT(1 << 20);
	if (!a) {
		a = analyzer_new();
		ns = analyzer_new_flags(ANALYZER_NO_STEM);
		ks = analyzer_new_flags(ANALYZER_KEEP_STOPWORDS);
	}
	if (analyzer_run(ns, (const char *)d, n, collect_cb, &t1) == TB_OK && t1.n) {
		FUZZ_CHECK(analyzer_run(ns, t1.all.ptr, t1.all.len, collect_cb, &t2) == TB_OK);
		FUZZ_CHECK(t2.n == t1.n && t2.all.len == t1.all.len && !memcmp(t1.all.ptr, t2.all.ptr, t1.all.len));
	}
	if (analyzer_run(ks, (const char *)d, n, collect_cb, &st) == TB_OK && st.n) {
		for (const char *p = st.all.ptr, *sp; (sp = strchr(p, ' ')); p = sp + 1) {
			struct one_term o = { 0, 0 };
			FUZZ_CHECK(analyzer_run(ks, p, (size_t)(sp - p), one_term_cb, &o) == TB_OK);
			FUZZ_CHECK(o.n == 1 && o.len <= (size_t)(sp - p));
		}
	}
	if (analyzer_normalize(a, (const char *)d, n, &n1) == TB_OK && n1.ptr) {
		/* Invalid bytes are dropped (NUL is valid UTF-8 but our validator's "no NUL" too). */
		FUZZ_CHECK(memchr(d, 0, n) || utf8_valid(n1.ptr, n1.len));
		FUZZ_CHECK(analyzer_normalize(a, n1.ptr, n1.len, &n2) == TB_OK);
		FUZZ_CHECK(n2.len == n1.len && (!n1.len || !memcmp(n1.ptr, n2.ptr, n1.len)));
	}
	buf_release(&t1.all);
	buf_release(&t2.all);
	buf_release(&st.all);
	buf_release(&n1);
	buf_release(&n2);
	return 0;
}

/* ------------------------------------------------------------ CSV */

#define RT_COLS 3

/* Writes rows of cells with the writer every export uses (csv_cell) and
 * parses them back: each cell must come back exactly, except that a cell a
 * spreadsheet would run as a formula (first byte = + - @ TAB CR) comes back
 * with the single quote the writer's formula guard puts in front. */
static bool csv_cell_back(const char *got, const char *cell)
{
	if (cell[0] && strchr("=+-@\t\r", cell[0]))
		return got[0] == '\'' && !strcmp(got + 1, cell);
	return !strcmp(got, cell);
}

static void csv_round_trip(const char *const *cells, int ncells)
{
	struct buf out = BUF_INIT(1 << 20);
	struct csv_reader r;
	const char *const *f;
	int nf, row = 0, rc;

	for (int i = 0; i < ncells; i++) {
		if (i % RT_COLS)
			buf_addc(&out, ',');
		csv_cell(&out, cells[i]);
		if (i % RT_COLS == RT_COLS - 1)
			buf_adds(&out, "\r\n");
	}
	FUZZ_CHECK(!out.failed);
	csv_init_mem(&r, out.ptr ? out.ptr : "", out.len);
	while ((rc = csv_next(&r, &f, &nf)) == TB_OK) {
		FUZZ_CHECK(nf == RT_COLS);
		FUZZ_CHECK((row + 1) * RT_COLS <= ncells);
		for (int i = 0; i < nf && (row + 1) * RT_COLS <= ncells; i++)
			FUZZ_CHECK(csv_cell_back(f[i], cells[row * RT_COLS + i]));
		row++;
	}
	FUZZ_CHECK(rc == TB_ENOTFOUND);          /* the writer's output always parses */
	FUZZ_CHECK(row * RT_COLS == ncells);      /* and no row is lost */
	csv_release(&r);
	buf_release(&out);
}

/* 1. The reader on arbitrary bytes: fields are valid UTF-8 without NUL, and
 *    whatever it accepted survives a write-then-parse round trip.
 * 2. The input itself cut into cells (at '\t', RT_COLS to a row): if the cells
 *    are valid UTF-8, writing them and parsing them back gives the same cells. */
int fuzz_csv(const uint8_t *d, size_t n);
int fuzz_csv(const uint8_t *d, size_t n)
{
	struct csv_reader r;
	const char *const *f;
	const char *cells[RT_COLS * 64];
	char *copies[RT_COLS * 64];
	int nf, rows = 0, ncells = 0;
	char *s;

	csv_init_mem(&r, (const char *)d, n);
	csv_set_limits(&r, 4096, 65536, 64);
	while (rows++ < 64 && csv_next(&r, &f, &nf) == TB_OK && nf > 0) {
		for (int i = 0; i < nf; i++)
			FUZZ_CHECK(utf8_valid(f[i], strlen(f[i])));
		if (nf == RT_COLS && ncells + RT_COLS <= (int)ARRAY_SIZE(copies))
			for (int i = 0; i < nf; i++) {
				copies[ncells] = strdup(f[i]);
				cells[ncells] = copies[ncells];
				ncells++;
			}
	}
	csv_release(&r);
	if (ncells)
		csv_round_trip(cells, ncells);
	for (int i = 0; i < ncells; i++)
		free(copies[i]);

	if (!utf8_valid((const char *)d, n) || !(s = cstr(d, n)))
		return 0;
	ncells = 0;
	for (char *p = s; ncells < (int)ARRAY_SIZE(cells);) {
		char *tab = strchr(p, '\t');
		cells[ncells++] = p;
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	while (ncells % RT_COLS)
		cells[ncells++] = "";
	csv_round_trip(cells, ncells);
	free(s);
	return 0;
}

/* ------------------------------------------------------------ field parsers */

static int days_in(int y, int m)
{
	static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : md[m - 1];
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Validators and parsers that see user strings: numbers, dates, money, times,
 * opening hours, regions, registration numbers, keywords, modes. Each either
 * rejects the string or accepts a value that is in range and survives being
 * written out and parsed again. */
int fuzz_fields(const uint8_t *d, size_t n);
int fuzz_fields(const uint8_t *d, size_t n)
{
	char *s = cstr(d, n), out[512], out2[512], tmp[128];
	struct tb_field_error fe;
	struct opening o, o2;
	struct ind_region reg, reg2;
	unsigned m;
	const char *bad;
	int64_t v, v2;
	double x;
	int y, mo, dd, from, to;

	if (!s)
		return 0;
	if (parse_i64(s, &v)) {
		snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
		FUZZ_CHECK(parse_i64(tmp, &v2) && v2 == v);
	}
	if (parse_double(s, &x))
		FUZZ_CHECK(x == x);                         /* never NaN */
	if (parse_date(s, &y, &mo, &dd)) {
		FUZZ_CHECK(y >= 1900 && mo >= 1 && mo <= 12 && dd >= 1 && dd <= days_in(y, mo));
		snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, mo, dd);
		FUZZ_CHECK(!strcmp(tmp, s));                /* only the canonical form */
	}
	if (money_parse_yuan(s, &v)) {
		FUZZ_CHECK(v >= 0);
		snprintf(tmp, sizeof(tmp), "%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
		FUZZ_CHECK(money_parse_yuan(tmp, &v2) && v2 == v);
	}
	if (tb_time_parse(s, &v)) {
		tb_time_fmt(v, tmp);
		FUZZ_CHECK(tb_time_parse(tmp, &v2) && v2 == v);
	}
	if (window_parse(s, &from, &to))
		FUZZ_CHECK(from >= 0 && to <= 24 * 60 && from <= to);
	if (opening_parse(s, &o)) {
		for (int i = 0; i < 7; i++)
			FUZZ_CHECK(o.from[i] >= 0 && o.to[i] <= 24 * 60 && o.from[i] <= o.to[i]);
		opening_fmt(&o, tmp);
		FUZZ_CHECK(opening_parse(tmp, &o2) && !memcmp(&o, &o2, sizeof(o)));
	}
	if (contract_reg_no_valid(s)) {
		FUZZ_CHECK(n == 16 && all_digits(s, 16));
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		FUZZ_CHECK(y >= 1980 && y <= 2099);
	}
	if (ind_region_resolve(s, &reg) == TB_OK) {
		FUZZ_CHECK(reg.code && *reg.code);
		FUZZ_CHECK(ind_region_resolve(reg.code, &reg2) == TB_OK && !strcmp(reg2.code, reg.code));
	}
	{
		const char *c1 = region_city_canonical(s);
		FUZZ_CHECK(c1 && !strcmp(region_city_canonical(c1), c1));
		FUZZ_CHECK(region_in_province(s) == region_in_province(c1));
	}
	memset(&fe, 0, sizeof(fe));
	if (keywords_normalize(s, out, sizeof(out), 10, &fe, "keywords") == TB_OK) {
		int count = out[0] ? 1 : 0;
		for (const char *p = out; *p; p++)
			count += *p == ',';
		FUZZ_CHECK(count <= 10);
		/* Callers pass validated UTF-8 (jansson, the CSV reader); so must the output be. */
		FUZZ_CHECK(!utf8_valid(s, n) || utf8_valid(out, strlen(out)));
		FUZZ_CHECK(keywords_normalize(out, out2, sizeof(out2), 10, &fe, "keywords") == TB_OK);
		FUZZ_CHECK(!strcmp(out, out2));              /* idempotent */
	} else {
		FUZZ_CHECK(!strcmp(fe.field, "keywords"));   /* a rejection names the field */
	}
	if (modes_parse(s, &m, &bad))
		FUZZ_CHECK(m < 32);
	else
		FUZZ_CHECK(bad != NULL);
	free(s);
	return 0;
}

/* ------------------------------------------------------------ match */

/* A small index queried with arbitrary text and filters from the input bytes:
 * at most `limit` hits, scores finite and descending, every hit passes the
 * filters, known ids only. */
int fuzz_match_query(const uint8_t *d, size_t n);
int fuzz_match_query(const uint8_t *d, size_t n)
{
	static struct mindex *ix;
	static const int trl_of[6] = { 0, 3, 4, 5, 6, 7 };
	struct mquery q;
	struct mresults r;
	char *s = cstr(d, n);
	if (!s)
		return 0;
	if (!ix) {
		static const char *const titles[] = { "镁合金轧制技术", "robot vision grasping",
		                                      "海水淡化反渗透膜 membrane", "5G基站 smart grid",
		                                      "數據挖掘 data mining" };
		ix = mindex_new(NULL);
		for (int i = 0; i < 5; i++) {
			struct mdoc doc = { 0 };
			doc.id = i + 1;
			doc.title = titles[i];
			doc.body = titles[(i + 1) % 5];
			doc.trl = i + 3;
			doc.modes = 1u << i;
			doc.price_lo = doc.price_hi = i * 1000.0;
			mindex_put(ix, &doc);
		}
	}
	mquery_init(&q);
	q.text = s;
	if (n > 2) {
		q.trl_min = d[0] % 10;
		q.modes_any = d[1] & 31;
		q.limit = d[2] % 20;
		q.offset = d[n - 1] % 4;
	}
	if (mindex_search(ix, &q, &r) == TB_OK) {
		FUZZ_CHECK(r.nhits <= q.limit);
		for (size_t i = 0; i < r.nhits; i++) {
			const struct mhit *h = &r.hits[i];
			FUZZ_CHECK(h->id >= 1 && h->id <= 5);
			FUZZ_CHECK(h->score == h->score);
			FUZZ_CHECK(i == 0 || r.hits[i - 1].score >= h->score);
			FUZZ_CHECK(!q.trl_min || trl_of[h->id] >= q.trl_min);
			FUZZ_CHECK(!q.modes_any || (q.modes_any & (1u << (h->id - 1))));
		}
		mresults_release(&r);
	}
	free(s);
	return 0;
}

/* ------------------------------------------------------------ JSON body */

/* The request-body readers on an arbitrary JSON body: each getter either
 * accepts a value (in range, trimmed, the list joined from its elements) or
 * answers TB_EINVAL naming exactly the field it was asked for; the
 * unknown-key check names a key that is really in the body and not allowed. */
int fuzz_json_fields(const uint8_t *d, size_t n);
int fuzz_json_fields(const uint8_t *d, size_t n)
{
	static const char *const allowed[] = { "title", "trl", "price", "modes", "keywords", NULL };
	static const char *const keys[] = { "title", "trl", "price", "modes", "keywords", "x" };
	struct api_ctx c;
	struct arena a;
	struct http_req req;
	const char *str;
	int64_t iv;
	double dv;
	int rc;

	memset(&c, 0, sizeof(c));
	memset(&req, 0, sizeof(req));
	req.body = (const char *)d;
	req.body_len = n;
	c.req = &req;
	arena_init(&a, 1 << 20);
	c.a = &a;
	rc = api_body(&c);
	FUZZ_CHECK(rc == TB_OK || (rc == TB_EINVAL && !strcmp(c.fe.field, "body")));
	if (rc)
		goto out;
	FUZZ_CHECK(json_is_object(c.body));
	memset(&c.fe, 0, sizeof(c.fe));
	rc = api_only_keys(&c, allowed);
	if (rc) {
		FUZZ_CHECK(rc == TB_EINVAL && (json_object_get(c.body, c.fe.field) || !strcmp(c.fe.field, "body")));
		for (const char *const *k = allowed; *k; k++)
			FUZZ_CHECK(strcmp(*k, c.fe.field));
	}
	for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
		const char *key = keys[k];
		json_t *v = json_object_get(c.body, key);

		memset(&c.fe, 0, sizeof(c.fe));
		str = "unset";
		rc = jin_str(&c, key, false, &str);
		FUZZ_CHECK(rc == TB_OK || (rc == TB_EINVAL && !strcmp(c.fe.field, key)));
		if (rc == TB_OK && str && strcmp(str, "unset")) {
			size_t l = strlen(str);
			FUZZ_CHECK(l > 0 && json_is_string(v));
			FUZZ_CHECK(str[0] != ' ' && str[l - 1] != ' ' && str[0] != '\n' && str[l - 1] != '\n');
			FUZZ_CHECK(strstr(json_string_value(v), str) != NULL);
		}
		memset(&c.fe, 0, sizeof(c.fe));
		rc = jin_str(&c, key, true, &str);
		FUZZ_CHECK(rc == TB_OK || (rc == TB_EINVAL && !strcmp(c.fe.field, key)));
		FUZZ_CHECK(v || rc == TB_EINVAL);            /* required and absent: refused */

		memset(&c.fe, 0, sizeof(c.fe));
		iv = -12345;
		rc = jin_int(&c, key, false, 1, 9, &iv);
		FUZZ_CHECK(rc == TB_OK || (rc == TB_EINVAL && !strcmp(c.fe.field, key)));
		if (rc == TB_OK)
			FUZZ_CHECK(iv == -12345 || (iv >= 1 && iv <= 9));

		memset(&c.fe, 0, sizeof(c.fe));
		dv = -12345;
		rc = jin_num(&c, key, false, &dv);
		FUZZ_CHECK(rc == TB_OK || (rc == TB_EINVAL && !strcmp(c.fe.field, key)));
		if (rc == TB_OK)
			FUZZ_CHECK(dv == -12345 || dv == -1 || (dv >= 0 && isfinite(dv)));

		memset(&c.fe, 0, sizeof(c.fe));
		str = "unset";
		rc = jin_list(&c, key, &str);
		FUZZ_CHECK(rc == TB_OK || (rc == TB_EINVAL && !strcmp(c.fe.field, key)));
		if (rc == TB_OK && json_is_array(v)) {
			/* The joined list is the elements in order, comma-separated. */
			struct buf j = BUF_INIT(1 << 16);
			size_t i;
			json_t *e;
			json_array_foreach(v, i, e) {
				if (i)
					buf_addc(&j, ',');
				buf_adds(&j, json_string_value(e));
			}
			FUZZ_CHECK(str && !strcmp(str, j.ptr ? j.ptr : ""));
			buf_release(&j);
		}
		FUZZ_CHECK(jin_has(&c, key) == (v != NULL));
	}
out:
	json_decref(c.body);
	arena_release(&a);
	return 0;
}

/* ------------------------------------------------------------ router */

static const struct api_route *const fuzz_tables[] = {
	api_system_routes, api_catalog_routes, api_org_routes, api_match_routes, api_auth_routes,
	api_user_routes, api_audit_routes, api_instrument_routes, api_booking_routes,
	api_contract_routes, api_indicator_routes,
};

/* Route matching and the static-file filter on arbitrary paths: a path that
 * matches a route is exactly that route's pattern with positive ids written
 * in (so never "..", "//", "%2e" or a non-canonical number); a path the
 * static server accepts starts with '/' and has no ".." or hidden segment. */
int fuzz_router(const uint8_t *d, size_t n);
int fuzz_router(const uint8_t *d, size_t n)
{
	char *path = cstr(d, n);
	struct buf rebuilt = BUF_INIT(1 << 16);
	if (!path)
		return 0;
	for (size_t t = 0; t < ARRAY_SIZE(fuzz_tables); t++)
		for (const struct api_route *r = fuzz_tables[t]; r->method; r++) {
			int64_t ids[4];
			int nids = -1, k = 0;
			if (!api_match_pattern(r->pattern, path, ids, &nids))
				continue;
			FUZZ_CHECK(!strstr(path, "..") && !strstr(path, "//"));
			FUZZ_CHECK(nids >= 0 && nids <= 4);
			buf_reset(&rebuilt);
			for (const char *p = r->pattern; *p;) {
				if (!strncmp(p, "{id}", 4)) {
					FUZZ_CHECK(k < nids && ids[k] > 0);
					buf_printf(&rebuilt, "%lld", (long long)ids[k++]);
					p += 4;
				} else {
					buf_addc(&rebuilt, *p++);
				}
			}
			FUZZ_CHECK(k == nids);
			FUZZ_CHECK(!strcmp(rebuilt.ptr, path));
		}
	if (static_path_allowed(path)) {
		FUZZ_CHECK(path[0] == '/' && strlen(path) <= 512);
		for (const char *p = path; (p = strchr(p, '/')); p++)
			FUZZ_CHECK(p[1] != '.');                /* no "..", no hidden file */
		FUZZ_CHECK(!strstr(path, ".."));
	}
	buf_release(&rebuilt);
	free(path);
	return 0;
}

/* ------------------------------------------------------------ JSONL import */

/* The JSONL import into an in-memory database (rolled back after each
 * input): a file is either imported whole - one row per non-blank line - or
 * refused as the client's fault (TB_EINVAL), never failed otherwise. The first
 * byte picks the kind. */
/* A stream over the bytes: a temporary file, since fmemopen's "r" mode read
 * past the given size in one of the builds (glibc's two fmemopen versions). */
static FILE *stream_of(const uint8_t *d, size_t n)
{
	FILE *fp = tmpfile();
	if (fp && (fwrite(d, 1, n, fp) != n || fseek(fp, 0, SEEK_SET))) {
		fclose(fp);
		fp = NULL;
	}
	return fp;
}

int fuzz_import_jsonl(const uint8_t *d, size_t n);
int fuzz_import_jsonl(const uint8_t *d, size_t n)
{
	static struct store *st;
	static const enum xfer_kind kinds[] = { XFER_ORGS, XFER_ACHIEVEMENTS, XFER_DEMANDS };
	long rows = -1, lines = 0;
	int applied, rc;
	FILE *fp;

	if (n < 1)
		return 0;
	if (!st) {
		if (store_open(":memory:", &st) || store_migrate(st, &applied))
			abort();
		/* One organisation for achievements and demands to name. */
		static const char org[] = "{\"name\":\"东北大学\",\"kind\":\"university\",\"city\":\"沈阳\"}\n";
		fp = stream_of((const uint8_t *)org, strlen(org));
		if (!fp || import_stream(st, XFER_ORGS, true, fp, false, &rows) != TB_OK)
			abort();
		fclose(fp);
	}
	if (!(fp = stream_of(d + 1, n - 1)))
		return 0;
	FUZZ_CHECK(store_begin(st) == TB_OK);
	rc = import_stream(st, kinds[d[0] % 3], true, fp, true, &rows);
	FUZZ_CHECK(store_rollback(st) == TB_OK);
	fclose(fp);
	FUZZ_CHECK(rc == TB_OK || rc == TB_EINVAL);
	if (rc == TB_OK) {
		/* Every non-blank line became one row. */
		const char *p = (const char *)d + 1, *end = (const char *)d + n;
		if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
			p += 3;                              /* a BOM is not a row */
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *e = nl ? nl : end;
			for (const char *q = p; q < e; q++)
				if (!strchr(" \t\r", *q)) {
					lines++;
					break;
				}
			p = e + 1;
		}
		FUZZ_CHECK(rows == lines);
	}
	return 0;
}
