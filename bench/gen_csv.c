/* gen_csv.c - writes a large achievements CSV for the import benchmark:
 * `gen_csv DB OUT [ROWS] [SEED]`. Owners are the organisations already in DB
 * (named in the owner_org column, as a registry export would), text comes
 * from the demo generator, and registration numbers use region prefix 219 so
 * they never collide with the demo's own (210...). See docs/import.md. */
#include "cli/demo_catalog.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/transfer.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const cols[] = {
	"reg_no", "title_zh", "title_en", "abstract_zh", "abstract_en", "keywords", "field", "trl",
	"ip_status", "patents", "modes", "price", "owner_org", "contact_name", "contact_email",
	"contact_phone", "status", "created_at", NULL
};

int main(int argc, char **argv)
{
	struct store *st;
	struct arena keep, row;
	struct demo_owner *owners = NULL;
	struct demo_ctx d;
	struct org_query q = { NULL, NULL, NULL, 500, 0 };
	struct buf line = BUF_INIT(1 << 20);
	int64_t rows = 100000, seed = 7, total;
	int nowners = 0, idx[32];
	FILE *out;

	if (argc < 3 || (argc > 3 && !parse_i64(argv[3], &rows)) || (argc > 4 && !parse_i64(argv[4], &seed))) {
		fprintf(stderr, "usage: gen_csv DB OUT [ROWS] [SEED]\n");
		return 2;
	}
	if (store_open(argv[1], &st))
		return fprintf(stderr, "gen_csv: cannot open %s\n", argv[1]), 1;
	arena_init(&keep, 256u << 20);
	arena_init(&row, 16u << 20);
	for (;;) { /* every organisation except government bodies may own an achievement */
		struct org *o;
		int n;
		if (store_org_list(st, &keep, &q, &o, &n, &total))
			return fprintf(stderr, "gen_csv: cannot list organisations\n"), 1;
		if (!owners && !(owners = calloc((size_t)total + 1, sizeof(*owners))))
			return 1;
		for (int i = 0; i < n; i++)
			if (strcmp(o[i].kind, "government") && nowners < total)
				owners[nowners++] = (struct demo_owner){ o[i].id, o[i].name, o[i].city, -1 };
		if (n < q.limit)
			break;
		q.offset += n;
	}
	if (!nowners)
		return fprintf(stderr, "gen_csv: %s has no organisations; run techbridge demo first\n", argv[1]), 1;
	if (!(out = fopen(argv[2], "w")))
		return fprintf(stderr, "gen_csv: cannot write %s\n", argv[2]), 1;
	memset(&d, 0, sizeof(d));
	d.st = st;
	d.rng = (uint64_t)(seed + 1) * 0x9E3779B97F4A7C15ULL;
	for (int c = 0; cols[c]; c++) {
		idx[c] = xfer_column_index(XFER_ACHIEVEMENTS, cols[c]);
		fprintf(out, "%s%s", c ? "," : "", cols[c]);
	}
	fputc('\n', out);
	for (int64_t i = 0; i < rows; i++) {
		struct achievement x;
		const char *v[XFER_MAX_COLS];
		const struct demo_owner *ow = &owners[demo_pick(&d, nowners)];
		demo_make_achievement(&d, &row, ow, i < 100000 ? (long)i : -1, &x);
		if (x.reg_no)
			x.reg_no = arena_printf(&row, "219%s", x.reg_no + 3);
		x.owner_name = ow->name;
		xfer_ach_to_row(&row, &x, v);
		buf_reset(&line);
		for (int c = 0; cols[c]; c++) {
			if (c)
				buf_addc(&line, ',');
			buf_add_csv(&line, v[idx[c]]);
		}
		buf_addc(&line, '\n');
		fwrite(line.ptr, 1, line.len, out);
		arena_release(&row);
	}
	if (fclose(out))
		return fprintf(stderr, "gen_csv: write failed\n"), 1;
	fprintf(stderr, "wrote %lld achievements to %s\n", (long long)rows, argv[2]);
	buf_release(&line);
	arena_release(&keep);
	free(owners);
	store_close(st);
	return 0;
}
