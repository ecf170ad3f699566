/* bench_csl.c - Chinese retrieval on CSL (dev half, 1,000 papers). Two tasks,
 * each for our index and for SQLite FTS5 tokenize='trigram' on the same data in
 * the same run (both index title + abstract only):
 *   - known item: the paper's keywords (joined by spaces) as the query, the paper
 *     itself is the answer: MRR@10 and Recall@10;
 *   - field matching: the paper's title as the query, the other papers of the
 *     same discipline are relevant, the paper itself excluded: P@10.
 * FTS5 trigram query: OR of every quoted 3-character window of each run of
 * non-separator characters (separators: whitespace, ASCII punctuation, CJK and
 * full-width punctuation); runs shorter than 3 characters cannot be matched by
 * trigram and are dropped. Ranking ORDER BY bm25(); the paper itself is
 * excluded in SQL for field matching (rowid != ?). */
#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "bench.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "match/index.h"
#include "text/analyzer.h"

struct paper {
	char *title, *abstract, *kw, *disc;
};

static struct paper *P;
static size_t NP;

static char *dupstr(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p)
		exit(1);
	return p;
}

static int load(const char *path)
{
	size_t len, cap = 0;
	char *data = slurp(path, &len), *p, *nl;
	if (!data)
		return -1;
	for (p = data; p < data + len; p = nl + 1) {
		json_error_t err;
		json_t *o, *kw;
		struct buf b = BUF_INIT(1 << 16);
		nl = memchr(p, '\n', (size_t)(data + len - p));
		if (!nl)
			nl = data + len;
		if (nl == p || !(o = json_loadb(p, (size_t)(nl - p), 0, &err)))
			continue;
		if (NP == cap) {
			cap = cap ? cap * 2 : 1024;
			P = realloc(P, cap * sizeof(*P));
		}
		P[NP].title = dupstr(json_string_value(json_object_get(o, "title")));
		P[NP].abstract = dupstr(json_string_value(json_object_get(o, "abstract")));
		P[NP].disc = dupstr(json_string_value(json_object_get(o, "discipline")));
		kw = json_object_get(o, "keywords");
		for (size_t i = 0; i < json_array_size(kw); i++) {
			if (i)
				buf_addc(&b, ' ');
			buf_adds(&b, json_string_value(json_array_get(kw, i)));
		}
		P[NP].kw = b.ptr ? buf_detach(&b, NULL) : dupstr("");
		NP++;
		json_decref(o);
	}
	free(data);
	return 0;
}

struct res {
	double mrr, r10, p10, ms;
};

static struct res eval_ours(unsigned flags)
{
	struct mparams p;
	struct mindex *x;
	struct res r = { 0 };
	double t0;
	mparams_default(&p);
	p.analyzer_flags = flags;
	x = mindex_new(&p);
	for (size_t i = 0; i < NP; i++) {
		struct mdoc d = { .id = (int64_t)i + 1, .title = P[i].title, .body = P[i].abstract,
				  .price_lo = -1, .price_hi = -1 };
		mindex_put(x, &d);
	}
	t0 = now_s();
	for (size_t i = 0; i < NP; i++) {
		struct mquery q;
		struct mresults res;
		mquery_init(&q);
		q.text = P[i].kw;
		if (mindex_search(x, &q, &res) == TB_OK)
			for (size_t h = 0; h < res.nhits; h++)
				if (res.hits[h].id == (int64_t)i + 1) {
					r.mrr += 1.0 / (double)(h + 1);
					r.r10 += 1;
					break;
				}
		mresults_release(&res);
		mquery_init(&q);
		q.text = P[i].title;
		q.exclude_id = (int64_t)i + 1;
		if (mindex_search(x, &q, &res) == TB_OK)
			for (size_t h = 0; h < res.nhits; h++)
				if (strcmp(P[res.hits[h].id - 1].disc, P[i].disc) == 0)
					r.p10 += 0.1;
		mresults_release(&res);
	}
	r.ms = (now_s() - t0) * 1e3 / (double)(2 * NP);
	r.mrr /= (double)NP;
	r.r10 /= (double)NP;
	r.p10 /= (double)NP;
	mindex_free(x);
	return r;
}

static bool is_sep(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
			 (cp >= 'A' && cp <= 'Z'));
	return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
	       (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0x2000 && cp <= 0x206F) || cp == 0xB7;
}

/* Appends OR of quoted 3-codepoint windows of s (valid UTF-8 from jansson). */
static void trigram_query(const char *s, struct buf *b)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *cps[4096];
	size_t n = 0;
	buf_reset(b);
	for (;;) {
		uint32_t cp = 0;
		size_t l = 0;
		if (*p) {
			l = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
			cp = *p < 0x80 ? *p : *p < 0xE0 ? (uint32_t)(*p & 0x1F) << 6 | (p[1] & 0x3F)
			     : *p < 0xF0 ? (uint32_t)(*p & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 |
					   (p[2] & 0x3F)
					 : 0x10000;
		}
		if (!*p || is_sep(cp) || n + 1 >= ARRAY_SIZE(cps)) {
			cps[n] = p;
			for (size_t i = 0; i + 3 <= n; i++) {
				const unsigned char *w = cps[i], *we = cps[i + 3];
				if (b->len)
					buf_adds(b, " OR ");
				buf_addc(b, '"');
				for (; w < we; w++) {
					if (*w == '"')
						buf_addc(b, '"');
					buf_addc(b, (char)*w);
				}
				buf_addc(b, '"');
			}
			n = 0;
			if (!*p)
				break;
			p += l;
			continue;
		}
		cps[n++] = p;
		p += l;
	}
}

static struct res eval_fts(void)
{
	sqlite3 *db;
	sqlite3_stmt *ins, *q1, *q2;
	struct buf b = BUF_INIT(1 << 20);
	struct res r = { 0 };
	double t0;
	sqlite3_open(":memory:", &db);
	sqlite3_exec(db, "CREATE VIRTUAL TABLE d USING fts5(title, abstract, tokenize='trigram'); BEGIN;",
		     NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO d(rowid, title, abstract) VALUES (?,?,?)", -1, &ins, NULL);
	for (size_t i = 0; i < NP; i++) {
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_text(ins, 2, P[i].title, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, P[i].abstract, -1, SQLITE_STATIC);
		sqlite3_step(ins);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "SELECT rowid FROM d WHERE d MATCH ? ORDER BY bm25(d) LIMIT 10", -1,
			   &q1, NULL);
	sqlite3_prepare_v2(db,
			   "SELECT rowid FROM d WHERE d MATCH ? AND rowid != ? ORDER BY bm25(d) LIMIT 10",
			   -1, &q2, NULL);
	t0 = now_s();
	for (size_t i = 0; i < NP; i++) {
		int h = 0;
		trigram_query(P[i].kw, &b);
		if (b.len) {
			sqlite3_bind_text(q1, 1, b.ptr, -1, SQLITE_TRANSIENT);
			while (sqlite3_step(q1) == SQLITE_ROW) {
				h++;
				if (sqlite3_column_int64(q1, 0) == (sqlite3_int64)i + 1) {
					r.mrr += 1.0 / h;
					r.r10 += 1;
					break;
				}
			}
			sqlite3_reset(q1);
		}
		trigram_query(P[i].title, &b);
		if (b.len) {
			sqlite3_bind_text(q2, 1, b.ptr, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(q2, 2, (sqlite3_int64)i + 1);
			while (sqlite3_step(q2) == SQLITE_ROW)
				if (strcmp(P[sqlite3_column_int64(q2, 0) - 1].disc, P[i].disc) == 0)
					r.p10 += 0.1;
			sqlite3_reset(q2);
		}
	}
	r.ms = (now_s() - t0) * 1e3 / (double)(2 * NP);
	sqlite3_finalize(q1);
	sqlite3_finalize(q2);
	sqlite3_close(db);
	buf_release(&b);
	r.mrr /= (double)NP;
	r.r10 /= (double)NP;
	r.p10 /= (double)NP;
	return r;
}

int main(void)
{
	const char *dir = shared_data_dir();
	char path[4096];
	struct res a, u, f;
	if (!dir || !join_path(path, sizeof(path), dir, "csl-dev/papers.jsonl") || load(path) || !NP) {
		printf("bench_csl: SKIP (no csl-dev/papers.jsonl under the shared data dir; set TB_SHARED)\n");
		return 0;
	}
	a = eval_ours(0);
	u = eval_ours(ANALYZER_CJK_UNIGRAMS);
	f = eval_fts();
	printf("\n== CSL dev (%zu papers; title+abstract indexed)\n", NP);
	printf("%-36s %10s %10s %12s %10s\n", "system", "KI MRR@10", "KI R@10", "field P@10",
	       "ms/query");
	printf("%-36s %10.4f %10.4f %12.4f %10.3f\n", "techbridge bigrams (default)", a.mrr, a.r10,
	       a.p10, a.ms);
	printf("%-36s %10.4f %10.4f %12.4f %10.3f\n", "techbridge bigrams+unigrams", u.mrr, u.r10,
	       u.p10, u.ms);
	printf("%-36s %10.4f %10.4f %12.4f %10.3f\n", "SQLite FTS5 trigram", f.mrr, f.r10, f.p10,
	       f.ms);
	return 0;
}
