/* fuzz_targets.c - the bodies of the fuzz targets, shared by libFuzzer
 * (`make fuzz`, tests/fuzz/fuzz_*.c) and by the deterministic smoke run in
 * `make test` (tests/unit/test_fuzz_smoke.c). Each takes arbitrary bytes and
 * must neither crash, leak, nor trip ASan/UBSan. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/catalog.h"
#include "match/index.h"
#include "text/analyzer.h"

static int count_cb(void *ctx, const char *term, size_t len, uint32_t pos)
{
	size_t *n = ctx;
	/* touch every byte so ASan sees out-of-bounds terms */
	for (size_t i = 0; i < len; i++)
		*n += (unsigned char)term[i] & 1;
	(*n)++;
	(void)pos;
	return 0;
}

int fuzz_analyzer(const uint8_t *d, size_t n);
int fuzz_analyzer(const uint8_t *d, size_t n)
{
	static struct analyzer *a;
	size_t count = 0;
	struct buf out = BUF_INIT(1 << 20);
	if (!a)
		a = analyzer_new();
	analyzer_run(a, (const char *)d, n, count_cb, &count);
	analyzer_normalize(a, (const char *)d, n, &out);
	buf_release(&out);
	return 0;
}

int fuzz_csv(const uint8_t *d, size_t n);
int fuzz_csv(const uint8_t *d, size_t n)
{
	struct csv_reader r;
	const char *const *f;
	int nf, rows = 0;
	csv_init_mem(&r, (const char *)d, n);
	csv_set_limits(&r, 4096, 65536, 64);
	while (rows++ < 10000 && csv_next(&r, &f, &nf) == TB_OK && nf > 0)
		for (int i = 0; i < nf; i++)
			(void)strlen(f[i]);
	csv_release(&r);
	return 0;
}

/* Validators and parsers that see user strings. */
int fuzz_fields(const uint8_t *d, size_t n);
int fuzz_fields(const uint8_t *d, size_t n)
{
	char *s = malloc(n + 1), out[512];
	struct tb_field_error fe;
	unsigned m;
	const char *bad;
	int64_t v;
	double x;
	if (!s)
		return 0;
	memcpy(s, d, n);
	s[n] = '\0';
	keywords_normalize(s, out, sizeof(out), 10, &fe, "keywords");
	modes_parse(s, &m, &bad);
	parse_i64(s, &v);
	parse_double(s, &x);
	parse_date(s, NULL, NULL, NULL);
	utf8_valid((const char *)d, n);
	free(s);
	return 0;
}

/* A small index queried with arbitrary text and filters from the input bytes. */
int fuzz_match_query(const uint8_t *d, size_t n);
int fuzz_match_query(const uint8_t *d, size_t n)
{
	static struct mindex *ix;
	struct mquery q;
	struct mresults r;
	char *s = malloc(n + 1);
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
	memcpy(s, d, n);
	s[n] = '\0';
	mquery_init(&q);
	q.text = s;
	if (n > 2) {
		q.trl_min = d[0] % 10;
		q.modes_any = d[1] & 31;
		q.limit = d[2] % 20;
		q.offset = d[n - 1] % 4;
	}
	mindex_search(ix, &q, &r);
	mresults_release(&r);
	free(s);
	return 0;
}
