/* bench_feedback.c - does feedback on matches improve the next matches?
 * (issue #14, docs/docking.md). Builds the demo province (build/techbridge
 * demo) and takes its docking history: a case that got past first contact
 * (meeting, evaluation, negotiation, contracted) marks its (achievement,
 * demand) pair relevant; the enterprises' "not interested" feedback marks
 * pairs they rejected. Demands are split by id parity: the history of the
 * even half is replayed as feedback (interested for its cases, the stored
 * not_interested rows), and precision@10 / hit@10 of the matches of the odd
 * half (whose own feedback is never used) are measured before and after.
 * Figures are what they are: the held-out demands only see the effect
 * through same-field listing signals, which is small by design. */
#include "bench.h"
#include "domain/docking.h"
#include "model/broker.h"
#include "store/store.h"

#define MAXP 20000

struct pair { int64_t a, d; };
static struct pair pos[MAXP], fbrows[MAXP];
static char fbverdict[MAXP];
static int64_t fbparty[MAXP];
static int npos, nfb;

static int fb_cb(void *ctx, const struct match_feedback *f)
{
	(void)ctx;
	if (nfb < MAXP) {
		fbrows[nfb] = (struct pair){ f->achievement_id, f->demand_id };
		fbverdict[nfb] = !strcmp(f->verdict, "interested");
		fbparty[nfb++] = f->party_org_id;
	}
	return 0;
}

static bool relevant(int64_t a, int64_t d)
{
	for (int i = 0; i < npos; i++)
		if (pos[i].a == a && pos[i].d == d)
			return true;
	return false;
}

/* Mean precision@10 and hit@10 over the test demands. */
static void measure(struct catalog_index *ix, struct store *st, const int64_t *dems, int n, double *p10,
		    double *hit10)
{
	double sp = 0, sh = 0;
	for (int i = 0; i < n; i++) {
		struct arena a;
		struct catalog_query q;
		struct achievement *rows;
		struct docking_hit *hits;
		int k = 0, rel = 0;
		arena_init(&a, 64 << 20);
		catalog_query_init(&q);
		q.limit = 10;
		if (docking_for_demand(ix, st, &a, dems[i], &q, &rows, &hits, &k) == TB_OK)
			for (int j = 0; j < k; j++)
				rel += relevant(rows[j].id, dems[i]);
		sp += rel / 10.0;
		sh += rel > 0;
		arena_release(&a);
	}
	*p10 = n ? sp / n : 0;
	*hit10 = n ? sh / n : 0;
}

int main(void)
{
	char db[256], cmd[512];
	struct store *st = NULL;
	struct arena a;
	struct case_query cq = { 0 };
	struct dcase *cases;
	struct docking_settings set;
	struct catalog_index *ix = NULL;
	static int64_t test_dems[MAXP];
	int n, ntest = 0, replayed = 0, ncontracts = 0;
	int64_t total;
	double p0, h0, p1, h1, p2, h2, p3, h3, t0 = now_s();

	snprintf(db, sizeof(db), "%s/bench-feedback.db", out_dir());
	snprintf(cmd, sizeof(cmd), "build/techbridge demo --force --quiet --db %s >/dev/null", db);
	if (system(cmd) != 0 || store_open(db, &st)) {
		fprintf(stderr, "bench_feedback: cannot build the demo database (%s)\n", cmd);
		return 1;
	}
	arena_init(&a, 256 << 20);
	cq.limit = 100000;
	if (store_case_list(st, &a, &cq, &cases, &n, &total) || store_fb_each(st, fb_cb, NULL))
		return 1;
	for (int i = 0; i < n && npos < MAXP; i++)
		if (strcmp(cases[i].status, "first_contact") && strcmp(cases[i].status, "closed") &&
		    cases[i].achievement_id > 0 && cases[i].demand_id > 0)
			pos[npos++] = (struct pair){ cases[i].achievement_id, cases[i].demand_id };
	for (int i = 0; i < npos; i++) {
		bool seen = false;
		if (pos[i].d % 2 == 0)
			continue;
		for (int j = 0; j < ntest; j++)
			seen |= test_dems[j] == pos[i].d;
		if (!seen)
			test_dems[ntest++] = pos[i].d;
	}
	docking_settings_default(&set);
	set.no_feedback = 1;
	if (catalog_index_build(st, &set, &ix))
		return 1;
	measure(ix, st, test_dems, ntest, &p0, &h0);
	/* replay the training half's history as feedback */
	for (int i = 0; i < n; i++) {
		struct demand d;
		struct match_feedback f = { 0 };
		if (cases[i].demand_id % 2 || cases[i].achievement_id <= 0 || cases[i].demand_id <= 0 ||
		    !strcmp(cases[i].status, "first_contact") || store_demand_get(st, &a, cases[i].demand_id, &d))
			continue;
		f.party_org_id = d.org_id;
		f.achievement_id = cases[i].achievement_id;
		f.demand_id = cases[i].demand_id;
		f.verdict = strcmp(cases[i].status, "closed") ? "interested" : "not_interested";
		docking_feedback_changed(ix, st, &f);
		replayed++;
	}
	for (int i = 0; i < nfb; i++) {
		struct match_feedback f = { 0 };
		if (fbrows[i].d % 2)
			continue;
		f.party_org_id = fbparty[i];
		f.achievement_id = fbrows[i].a;
		f.demand_id = fbrows[i].d;
		f.verdict = fbverdict[i] ? "interested" : "not_interested";
		docking_feedback_changed(ix, st, &f);
		replayed++;
	}
	measure(ix, st, test_dems, ntest, &p1, &h1);
	/* contracts of the training half as the positive signal (issue #14:
	 * "interest and contracts raise similar pairs"): with the feedback above,
	 * then alone */
	for (int i = 0; i < n; i++)
		if (cases[i].demand_id % 2 == 0 && !strcmp(cases[i].status, "contracted") &&
		    cases[i].achievement_id > 0 && cases[i].demand_id > 0) {
			docking_contract_changed(ix, st, cases[i].achievement_id, cases[i].demand_id);
			ncontracts++;
		}
	measure(ix, st, test_dems, ntest, &p2, &h2);
	docking_feedback_weight(ix, 0);
	measure(ix, st, test_dems, ntest, &p3, &h3);
	printf("feedback benchmark (demo province, seed 1): %d cases, %d relevant pairs, %d feedback rows\n", n,
	       npos, nfb);
	printf("| held-out demands | replayed events | contracts replayed | P@10 none | P@10 feedback | P@10 feedback + contracts | P@10 contracts only |"
	       " hit@10 none | hit@10 feedback | hit@10 feedback + contracts | hit@10 contracts only |\n");
	printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
	printf("| %d | %d | %d | %.4f | %.4f | %.4f | %.4f | %.3f | %.3f | %.3f | %.3f |\n", ntest, replayed, ncontracts,
	       p0, p1, p2, p3, h0, h1, h2, h3);
	printf("(%.1f s)\n", now_s() - t0);
	catalog_index_free(ix);
	arena_release(&a);
	store_close(st);
	unlink(db);
	return 0;
}
