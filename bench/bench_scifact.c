/* bench_scifact.c - retrieval quality on BEIR SciFact: indexes corpus.jsonl
 * (title -> title field, text -> body field), runs the claims of qrels/train.tsv
 * and qrels/test.tsv, and reports nDCG@10 and Recall@100 (trec_eval
 * definitions) for our index and, on the same data in the same run, for SQLite
 * FTS5 (tokenize='porter unicode61', columns title+text, OR of the claim's
 * words, ORDER BY bm25). Writes the TREC run of our test results to
 * bench-output/scifact-test.run. With TB_TUNE=1 it grid-searches the BM25F
 * parameters on the TRAIN qrels only and prints the best settings. */
#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "bench.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "match/index.h"

struct sdoc {
	char *sid;
	char *title, *text;
};

struct qrel {
	char *qid;
	size_t qidx;      /* into queries */
	size_t *docs;     /* doc indexes */
	int *grades;
	size_t n, cap;
};

struct query {
	char *qid, *text;
};

static struct sdoc *docs;
static size_t ndocs;
static size_t *doc_order; /* doc indexes sorted by sid */
static struct query *queries;
static size_t nqueries;

static int cmp_doc_sid(const void *a, const void *b)
{
	return strcmp(docs[*(const size_t *)a].sid, docs[*(const size_t *)b].sid);
}

static long find_doc(const char *sid)
{
	size_t lo = 0, hi = ndocs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(docs[doc_order[mid]].sid, sid);
		if (c == 0)
			return (long)doc_order[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return p;
}

static int load_jsonl(const char *path, int is_corpus)
{
	size_t len;
	char *data = slurp(path, &len), *p, *nl;
	size_t cap = 0;
	if (!data)
		return -1;
	for (p = data; p < data + len; p = nl + 1) {
		json_error_t err;
		json_t *o;
		nl = memchr(p, '\n', (size_t)(data + len - p));
		if (!nl)
			nl = data + len;
		if (nl == p)
			continue;
		o = json_loadb(p, (size_t)(nl - p), 0, &err);
		if (!o)
			continue;
		if (is_corpus) {
			if (ndocs == cap) {
				cap = cap ? cap * 2 : 1024;
				docs = realloc(docs, cap * sizeof(*docs));
			}
			docs[ndocs].sid = xstrdup(json_string_value(json_object_get(o, "_id")));
			docs[ndocs].title = xstrdup(json_string_value(json_object_get(o, "title")));
			docs[ndocs].text = xstrdup(json_string_value(json_object_get(o, "text")));
			ndocs++;
		} else {
			if (nqueries == cap) {
				cap = cap ? cap * 2 : 1024;
				queries = realloc(queries, cap * sizeof(*queries));
			}
			queries[nqueries].qid = xstrdup(json_string_value(json_object_get(o, "_id")));
			queries[nqueries].text = xstrdup(json_string_value(json_object_get(o, "text")));
			nqueries++;
		}
		json_decref(o);
	}
	free(data);
	return 0;
}

static struct qrel *load_qrels(const char *path, size_t *nq)
{
	size_t len, n = 0, cap = 0;
	char *data = slurp(path, &len), *line, *save = NULL;
	struct qrel *q = NULL;
	bool header = true;
	if (!data)
		return NULL;
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char qid[64], did[64];
		int g;
		long di;
		if (header) {
			header = false;
			continue;
		}
		if (sscanf(line, "%63s %63s %d", qid, did, &g) != 3 || g <= 0)
			continue;
		if ((di = find_doc(did)) < 0)
			continue;
		if (!n || strcmp(q[n - 1].qid, qid) != 0) {
			size_t qi;
			for (qi = 0; qi < nqueries && strcmp(queries[qi].qid, qid) != 0; qi++)
				;
			if (qi == nqueries)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				q = realloc(q, cap * sizeof(*q));
			}
			memset(&q[n], 0, sizeof(q[n]));
			q[n].qid = xstrdup(qid);
			q[n].qidx = qi;
			n++;
		}
		struct qrel *r = &q[n - 1];
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 4;
			r->docs = realloc(r->docs, r->cap * sizeof(*r->docs));
			r->grades = realloc(r->grades, r->cap * sizeof(*r->grades));
		}
		r->docs[r->n] = (size_t)di;
		r->grades[r->n] = g;
		r->n++;
	}
	free(data);
	*nq = n;
	return q;
}

struct figures {
	double ndcg10, recall100, ms_per_query;
};

/* ret[i] = doc index of rank i. */
static void score_query(const struct qrel *r, const size_t *ret, size_t nret, double *ndcg,
			double *recall)
{
	int gains[100];
	size_t found = 0;
	for (size_t i = 0; i < nret && i < 100; i++) {
		gains[i] = 0;
		for (size_t j = 0; j < r->n; j++)
			if (r->docs[j] == ret[i]) {
				gains[i] = r->grades[j];
				found++;
			}
	}
	*ndcg = ndcg_at(gains, nret < 100 ? nret : 100, r->grades, r->n, 10);
	*recall = r->n ? (double)found / (double)r->n : 0;
}

static struct figures eval_ours(struct mindex *x, const struct qrel *qr, size_t nq, FILE *run)
{
	struct figures f = { 0 };
	double t0 = now_s();
	for (size_t i = 0; i < nq; i++) {
		struct mquery q;
		struct mresults r;
		size_t ret[100];
		double nd, rc;
		mquery_init(&q);
		q.text = queries[qr[i].qidx].text;
		q.limit = 100;
		if (mindex_search(x, &q, &r) != TB_OK) {
			mresults_release(&r);
			continue;
		}
		for (size_t h = 0; h < r.nhits; h++) {
			ret[h] = (size_t)(r.hits[h].id - 1);
			if (run)
				fprintf(run, "%s Q0 %s %zu %.6f techbridge\n", qr[i].qid,
					docs[ret[h]].sid, h + 1, r.hits[h].score);
		}
		score_query(&qr[i], ret, r.nhits, &nd, &rc);
		f.ndcg10 += nd;
		f.recall100 += rc;
		mresults_release(&r);
	}
	f.ms_per_query = (now_s() - t0) * 1e3 / (double)(nq ? nq : 1);
	f.ndcg10 /= (double)(nq ? nq : 1);
	f.recall100 /= (double)(nq ? nq : 1);
	return f;
}

/* ---- SQLite FTS5 peer ---- */

static sqlite3 *fts_build(void)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return NULL;
	sqlite3_exec(db, "CREATE VIRTUAL TABLE d USING fts5(title, text, tokenize='porter unicode61');"
			 "BEGIN;", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO d(rowid, title, text) VALUES (?, ?, ?)", -1, &st, NULL);
	for (size_t i = 0; i < ndocs; i++) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_text(st, 2, docs[i].title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, docs[i].text, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL);
	return db;
}

/* OR of the text's words, each quoted (words = runs of anything but ASCII
 * punctuation/space, as unicode61 splits). */
static void fts_or_query(const char *s, struct buf *b)
{
	buf_reset(b);
	while (*s) {
		const char *e;
		while (*s && (unsigned char)*s < 0x80 && !((*s >= 'a' && *s <= 'z') ||
							   (*s >= 'A' && *s <= 'Z') ||
							   (*s >= '0' && *s <= '9')))
			s++;
		e = s;
		while (*e && ((unsigned char)*e >= 0x80 || (*e >= 'a' && *e <= 'z') ||
			      (*e >= 'A' && *e <= 'Z') || (*e >= '0' && *e <= '9')))
			e++;
		if (e > s) {
			if (b->len)
				buf_adds(b, " OR ");
			buf_addc(b, '"');
			buf_add(b, s, (size_t)(e - s));
			buf_addc(b, '"');
		}
		s = e;
	}
}

static struct figures eval_fts(sqlite3 *db, const struct qrel *qr, size_t nq)
{
	struct figures f = { 0 };
	struct buf b = BUF_INIT(1 << 20);
	sqlite3_stmt *st;
	double t0 = now_s();
	sqlite3_prepare_v2(db, "SELECT rowid FROM d WHERE d MATCH ? ORDER BY bm25(d) LIMIT 100", -1,
			   &st, NULL);
	for (size_t i = 0; i < nq; i++) {
		size_t ret[100], n = 0;
		double nd, rc;
		fts_or_query(queries[qr[i].qidx].text, &b);
		if (!b.len)
			continue;
		sqlite3_bind_text(st, 1, b.ptr, -1, SQLITE_TRANSIENT);
		while (n < 100 && sqlite3_step(st) == SQLITE_ROW)
			ret[n++] = (size_t)sqlite3_column_int64(st, 0) - 1;
		sqlite3_reset(st);
		score_query(&qr[i], ret, n, &nd, &rc);
		f.ndcg10 += nd;
		f.recall100 += rc;
	}
	sqlite3_finalize(st);
	buf_release(&b);
	f.ms_per_query = (now_s() - t0) * 1e3 / (double)(nq ? nq : 1);
	f.ndcg10 /= (double)(nq ? nq : 1);
	f.recall100 /= (double)(nq ? nq : 1);
	return f;
}

static void tune(struct mindex *x, const struct qrel *train, size_t ntrain)
{
	static const double k1s[] = { 0.6, 0.8, 0.9, 1.0, 1.2, 1.5 };
	static const double bs[] = { 0.3, 0.4, 0.5, 0.6, 0.75, 0.9 };
	static const double wts[] = { 0.5, 1.0, 1.5, 2.0, 3.0 };
	static const double bts[] = { 0.0, 0.4, 0.8 };
	struct mparams p, best;
	double bestn = -1;
	mparams_default(&p);
	best = p;
	printf("tuning on train (%zu queries): k1 x b_body x w_title x b_title\n", ntrain);
	for (size_t a = 0; a < ARRAY_SIZE(k1s); a++)
		for (size_t b = 0; b < ARRAY_SIZE(bs); b++)
			for (size_t c = 0; c < ARRAY_SIZE(wts); c++)
				for (size_t d = 0; d < ARRAY_SIZE(bts); d++) {
					struct figures f;
					p.k1 = k1s[a];
					p.b[MF_BODY] = p.b[MF_KEYWORDS] = bs[b];
					p.w[MF_TITLE] = wts[c];
					p.b[MF_TITLE] = bts[d];
					mindex_set_params(x, &p);
					f = eval_ours(x, train, ntrain, NULL);
					if (f.ndcg10 > bestn) {
						bestn = f.ndcg10;
						best = p;
						printf("  k1=%.2f b=%.2f w_title=%.2f b_title=%.2f  "
						       "train nDCG@10=%.4f R@100=%.4f\n",
						       p.k1, p.b[MF_BODY], p.w[MF_TITLE], p.b[MF_TITLE],
						       f.ndcg10, f.recall100);
					}
				}
	printf("best on train: k1=%.2f b=%.2f w_title=%.2f b_title=%.2f nDCG@10=%.4f\n", best.k1,
	       best.b[MF_BODY], best.w[MF_TITLE], best.b[MF_TITLE], bestn);
	mparams_default(&p);
	mindex_set_params(x, &p);
}

int main(void)
{
	const char *dir = shared_data_dir();
	char path[4096];
	struct qrel *train, *test;
	size_t ntrain = 0, ntest = 0;
	struct mindex *x;
	struct figures tr, te, ftr = { 0 }, fte;
	double t0, t_build, t_fts;
	sqlite3 *db;
	FILE *run;

	if (!dir) {
		printf("bench_scifact: SKIP (no shared data dir; set TB_SHARED)\n");
		return 0;
	}
	join_path(path, sizeof(path), dir, "scifact/corpus.jsonl");
	if (load_jsonl(path, 1) || !ndocs) {
		printf("bench_scifact: SKIP (%s missing)\n", path);
		return 0;
	}
	join_path(path, sizeof(path), dir, "scifact/queries.jsonl");
	load_jsonl(path, 0);
	doc_order = malloc(ndocs * sizeof(*doc_order));
	for (size_t i = 0; i < ndocs; i++)
		doc_order[i] = i;
	qsort(doc_order, ndocs, sizeof(*doc_order), cmp_doc_sid);
	join_path(path, sizeof(path), dir, "scifact/qrels/train.tsv");
	train = load_qrels(path, &ntrain);
	join_path(path, sizeof(path), dir, "scifact/qrels/test.tsv");
	test = load_qrels(path, &ntest);
	if (!test || !train) {
		printf("bench_scifact: SKIP (qrels missing)\n");
		return 0;
	}

	x = mindex_new(NULL);
	t0 = now_s();
	for (size_t i = 0; i < ndocs; i++) {
		struct mdoc d = { .id = (int64_t)i + 1, .title = docs[i].title, .body = docs[i].text,
				  .price_lo = -1, .price_hi = -1 };
		if (mindex_put(x, &d) != TB_OK) {
			fprintf(stderr, "put failed\n");
			return 1;
		}
	}
	t_build = now_s() - t0;
	if (getenv("TB_TUNE"))
		tune(x, train, ntrain);

	tr = eval_ours(x, train, ntrain, NULL);
	join_path(path, sizeof(path), out_dir(), "scifact-test.run");
	run = fopen(path, "w");
	te = eval_ours(x, test, ntest, run);
	if (run)
		fclose(run);

	t0 = now_s();
	db = fts_build();
	t_fts = now_s() - t0;
	if (getenv("TB_FTS_TRAIN"))
		ftr = eval_fts(db, train, ntrain);
	fte = eval_fts(db, test, ntest);
	sqlite3_close(db);

	printf("\n== SciFact (%zu docs; train %zu queries, test %zu queries)\n", ndocs, ntrain, ntest);
	printf("%-34s %10s %10s %10s\n", "system / split", "nDCG@10", "R@100", "ms/query");
	printf("%-34s %10.4f %10.4f %10.3f\n", "techbridge BM25F / train", tr.ndcg10, tr.recall100,
	       tr.ms_per_query);
	printf("%-34s %10.4f %10.4f %10.3f\n", "techbridge BM25F / test", te.ndcg10, te.recall100,
	       te.ms_per_query);
	if (ftr.ndcg10 > 0)
		printf("%-34s %10.4f %10.4f %10.3f\n", "SQLite FTS5 porter / train", ftr.ndcg10,
		       ftr.recall100, ftr.ms_per_query);
	printf("%-34s %10.4f %10.4f %10.3f\n", "SQLite FTS5 porter / test", fte.ndcg10, fte.recall100,
	       fte.ms_per_query);
	printf("build: techbridge %.3f s, FTS5 %.3f s; run file: %s\n", t_build, t_fts, path);
	mindex_free(x);
	return 0;
}
