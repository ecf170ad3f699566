/* docking.c - see docking.h. Two in-memory indexes (achievements, demands)
 * hold only published items; the store stays the source of truth and rows
 * are loaded from it by id after ranking, so a listing never shows stale
 * text. Index writes happen after the store write has committed. */
#include "model/region.h"
#include "domain/docking.h"
#include "store/store.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "core/metrics.h"
#include "match/index.h"
#include "match/surface.h"
#include "model/broker.h"
#include "text/analyzer.h"
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Feedback memory: one open-addressing table of 64-bit keys. A key is either
 * a declined pair (party, achievement, demand) or a listing signal (side,
 * listing, field of the requests that judged it). */
struct fb_slot { uint64_t key; int16_t neg, pos, con; uint8_t used; };
struct fb_table { struct fb_slot *s; size_t cap, n; };
/* One contract signal as a rule, not per listing: the listings of `side`
 * (0 achievements, 1 demands) of organisation `org` in field `field` count
 * `count` contracts for counterparts in field `other`. Kept so that a listing
 * published after the contract gets the signal when it is indexed (the
 * signal used to reach only the listings published at the time). */
struct ct_rule { int side; int64_t org; char *field, *other; int count; };

/* The match cache: a listing's ranked, explained matches, kept per index
 * generation. Why: a demand's matches cost an analysis of its whole text (the
 * query), a ranking, and a re-analysis of every hit's text to find the words
 * it matched on (match/surface.h); the answer changes only when the index
 * does (every index change, including feedback and, through the change log,
 * other nodes' writes, bumps `version`) or when the listing itself does. So
 * the key is the whole query - the listing's text, its evidence, the filters,
 * the date and the feedback party - and an entry is used only while the
 * version it was computed under is current (read BEFORE computing: an index
 * change during the computation makes the entry stale at once). Rows are
 * still loaded from the store per request (the store decides what is
 * published) and the asker-facing parts (contacts) are redacted above, per
 * request: nothing personal is kept. Two entries per slot, the one used
 * longer ago replaced (direct-mapped, two listings hashing to one slot took
 * turns evicting each other: 110 misses for 50 demands in a 4 s run), a
 * mutex per slot. */
#define MC_SLOTS 1024
struct mc_factor { char *name; double weight; };
struct mc_hit { int64_t id; double score, text; int nfactors; struct mc_factor *factors; };
struct mc_entry {
	uint64_t hash;
	char *key;
	uint64_t version;
	double text_max;
	int n;
	struct mc_hit *hits;
	uint64_t used;      /* mc_tick when last stored or read */
};
struct mc_slot { pthread_mutex_t mu; struct mc_entry e[2]; };
static _Atomic uint64_t mc_tick;

struct catalog_index {
	struct mindex *ach;
	struct mindex *dem;
	_Atomic uint64_t version; /* see catalog_index_version */
	struct docking_settings set;
	pthread_rwlock_t fb_lock;
	struct fb_table fb;
	double fb_weight; /* 1 = the documented multipliers, 0 = feedback ignored */
	struct mc_slot *mc; /* MC_SLOTS; NULL = no match cache (allocation failed) */
	double contract_weight; /* 1 = contracts raise similar pairs, 0 = ignored */
	struct ct_rule *ct;     /* under fb_lock; see struct ct_rule */
	size_t nct, capct;
	/* With a follower attached (docking_attach_sync), changes reach the index
	 * through it only: see docking_changed_achievement. */
	void (*sync)(void *ctx);
	void *sync_ctx;
};

void docking_settings_default(struct docking_settings *s)
{
	s->w_locality = 1.0;
	s->no_feedback = 0;
}

/* zh and en joined: the analyzer handles both in one pass. */
static const char *join2(struct buf *b, const char *x, const char *y)
{
	buf_reset(b);
	if (x)
		buf_adds(b, x);
	if (x && y)
		buf_addc(b, '\n');
	if (y)
		buf_adds(b, y);
	return b->ptr ? b->ptr : "";
}

/* "YYYY-MM-DD" -> YYYYMMDD, 0 when absent or malformed. */
static uint32_t ymd(const char *d)
{
	unsigned y, m, dd;
	if (!d || sscanf(d, "%4u-%2u-%2u", &y, &m, &dd) != 3)
		return 0;
	return y * 10000 + m * 100 + dd;
}

/* Today (the platform's local date, UTC+8) as YYYYMMDD. "Now" is the one clock
 * (now_unix), not time(NULL): a demand's deadline day is decided by the test
 * clock like every other date rule (issue #19). TB_TODAY=YYYY-MM-DD still pins
 * it for demos. */
static uint32_t today_ymd(void)
{
	const char *pin = getenv("TB_TODAY");
	char d[11];
	if (pin && ymd(pin))
		return ymd(pin);
	region_today(d);
	return ymd(d);
}

static int put_achievement(struct catalog_index *ix, const struct achievement *x)
{
	struct buf t = BUF_INIT(1 << 20), body = BUF_INIT(1 << 22);
	struct mdoc d = { 0 };
	int rc;
	d.id = x->id;
	d.title = join2(&t, x->title_zh, x->title_en);
	d.keywords = x->keywords;
	d.body = join2(&body, x->abstract_zh, x->abstract_en);
	d.field = x->field;
	d.trl = x->trl;
	d.modes = x->modes;
	d.city = x->city;
	d.province = x->province;
	d.price_lo = d.price_hi = x->price;
	d.status = x->status;
	rc = mindex_put(ix->ach, &d);
	buf_release(&t);
	buf_release(&body);
	return rc;
}

static int put_demand(struct catalog_index *ix, const struct demand *x)
{
	struct buf t = BUF_INIT(1 << 20), body = BUF_INIT(1 << 22);
	struct mdoc d = { 0 };
	int rc;
	d.id = x->id;
	d.title = join2(&t, x->title_zh, x->title_en);
	d.keywords = x->keywords;
	d.body = join2(&body, x->desc_zh, x->desc_en);
	d.field = x->field;
	d.trl = x->trl_min;
	d.modes = x->modes;
	d.city = x->region ? x->region : x->city;
	d.province = x->province;
	d.price_lo = x->budget_min;
	d.price_hi = x->budget_max;
	d.status = x->status;
	d.valid_until = ymd(x->deadline); /* a closed call is no match (filtered per query) */
	rc = mindex_put(ix->dem, &d);
	buf_release(&t);
	buf_release(&body);
	return rc;
}

static int load_ach(void *ctx, const struct achievement *x) { return put_achievement(ctx, x); }
static int load_dem(void *ctx, const struct demand *x) { return put_demand(ctx, x); }

static void apply_settings(struct catalog_index *ix)
{
	struct mparams p;
	mparams_default(&p);
	p.locality = ix->set.w_locality;
	mindex_set_params(ix->ach, &p);
	mindex_set_params(ix->dem, &p);
}


/* ------------------------------------------------------------ feedback */

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}
static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}
static uint64_t key_pair(int64_t party, int64_t a, int64_t d)
{
	return mix(mix(mix(1, (uint64_t)party), (uint64_t)a), (uint64_t)d) | 1;
}
/* One feedback row: remembers the verdict already counted (fb_apply). */
static uint64_t key_row(int64_t id) { return mix(mix(3, (uint64_t)id), 0) | 1; }
static uint64_t key_signal(int side, int64_t id, const char *field)
{
	return mix(mix(mix(2, (uint64_t)side), (uint64_t)id), str_hash(field)) | 1;
}

static struct fb_slot *fb_find(const struct fb_table *t, uint64_t k)
{
	if (!t->cap)
		return NULL;
	for (size_t i = k & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		if (!t->s[i].used)
			return NULL;
		if (t->s[i].key == k)
			return &t->s[i];
	}
}

static struct fb_slot *fb_get(struct fb_table *t, uint64_t k)
{
	struct fb_slot *f = fb_find(t, k);
	size_t i;
	if (f)
		return f;
	if ((t->n + 1) * 2 > t->cap) { /* grow at half full */
		struct fb_table g = { calloc(t->cap ? t->cap * 2 : 1024, sizeof(struct fb_slot)),
				      t->cap ? t->cap * 2 : 1024, 0 };
		if (!g.s)
			return NULL;
		for (size_t j = 0; j < t->cap; j++)
			if (t->s[j].used) {
				for (i = t->s[j].key & (g.cap - 1); g.s[i].used; i = (i + 1) & (g.cap - 1))
					;
				g.s[i] = t->s[j];
				g.n++;
			}
		free(t->s);
		*t = g;
	}
	for (i = k & (t->cap - 1); t->s[i].used; i = (i + 1) & (t->cap - 1))
		;
	t->s[i].used = 1;
	t->s[i].key = k;
	t->n++;
	return &t->s[i];
}

/* Records one feedback row. The table keeps counts per signal plus, per
 * row id, the verdict already counted, so applying a row is idempotent: the
 * change log's follower may apply what the writer applied, and a restart
 * replays rows the index was built with. */
static void fb_apply(struct catalog_index *ix, struct store *st, const struct match_feedback *f)
{
	struct arena a;
	struct achievement x;
	struct demand d;
	int on_ach;
	arena_init(&a, 1 << 20);
	if (store_achievement_get(st, &a, f->achievement_id, &x) || store_demand_get(st, &a, f->demand_id, &d))
		goto out;
	on_ach = f->party_org_id == d.org_id; /* the enterprise judged the achievement */
	pthread_rwlock_wrlock(&ix->fb_lock);
	{
		bool neg = !strcmp(f->verdict, "not_interested");
		/* The verdict last counted for this row: the same row applied twice
		 * (by the writer and by the change log's follower, or replayed
		 * after a restart) counts once; a changed verdict moves the count. */
		struct fb_slot *row = f->id > 0 ? fb_get(&ix->fb, key_row(f->id)) : NULL, *sig;
		int prev_neg = row ? row->neg : 0, prev_pos = row ? row->pos : 0;
		if ((prev_neg || prev_pos) && (prev_neg != 0) == neg) {
			pthread_rwlock_unlock(&ix->fb_lock);
			goto out;
		}
		if (row) {
			row->neg = neg;
			row->pos = !neg;
		}
		/* fb_get may grow the table: `row` is not used after this */
		sig = fb_get(&ix->fb, on_ach ? key_signal(0, x.id, d.field) : key_signal(1, d.id, x.field));
		if (sig) {
			if (prev_neg && sig->neg > 0)
				sig->neg--;
			if (prev_pos && sig->pos > 0)
				sig->pos--;
			if (neg)
				sig->neg++;
			else
				sig->pos++;
		}
		if (neg) {
			struct fb_slot *p = fb_get(&ix->fb, key_pair(f->party_org_id, x.id, d.id));
			if (p)
				p->neg = 1;
		} else {
			struct fb_slot *p = fb_find(&ix->fb, key_pair(f->party_org_id, x.id, d.id));
			if (p)
				p->neg = 0; /* changed their mind: shown again */
		}
	}
	pthread_rwlock_unlock(&ix->fb_lock);
	ix->version++; /* rankings changed: cached answers of matches are stale */
out:
	arena_release(&a);
}

void docking_feedback_changed(struct catalog_index *ix, struct store *st, const struct match_feedback *f)
{
	if (ix && ix->sync)
		ix->sync(ix->sync_ctx);
	else if (ix)
		fb_apply(ix, st, f);
}

void docking_feedback_apply(struct catalog_index *ix, struct store *st, const struct match_feedback *f)
{
	if (ix)
		fb_apply(ix, st, f);
}

void docking_feedback_weight(struct catalog_index *ix, double w)
{
	if (ix)
		ix->fb_weight = w;
}

struct fb_load { struct catalog_index *ix; struct store *st; };
static int load_fb(void *ctx, const struct match_feedback *f)
{
	struct fb_load *l = ctx;
	fb_apply(l->ix, l->st, f);
	return 0;
}

/* Who receives the list and in which field: decides exclusions and signals. */
struct fb_ctx { int side; int64_t party; int64_t self_id; const char *field; };

/* The feedback multiplier of one hit (1 = none); -1 = hide it. */
static double fb_factor(struct catalog_index *ix, const struct fb_ctx *fc, int64_t id)
{
	struct fb_slot *p, *sig;
	double m = 1.0;
	int neg, pos;
	if (!fc || (ix->fb_weight <= 0 && ix->contract_weight <= 0) || !ix->fb.n)
		return 1.0;
	pthread_rwlock_rdlock(&ix->fb_lock);
	p = fb_find(&ix->fb, fc->side == 0 ? key_pair(fc->party, id, fc->self_id)
					   : key_pair(fc->party, fc->self_id, id));
	if (p && p->neg) {
		pthread_rwlock_unlock(&ix->fb_lock);
		return -1;
	}
	sig = fc->field ? fb_find(&ix->fb, key_signal(fc->side, id, fc->field)) : NULL;
	if (sig) {
		int con = sig->con > 3 ? 3 : sig->con;
		neg = sig->neg > 3 ? 3 : sig->neg;
		pos = sig->pos > 3 ? 3 : sig->pos;
		m = pow(0.85, neg * ix->fb_weight) * pow(1.10, pos * ix->fb_weight) *
		    pow(DOCKING_CONTRACT_BOOST, con * ix->contract_weight);
	}
	pthread_rwlock_unlock(&ix->fb_lock);
	return m;
}

/* ------------------------------------------------------------ match cache */

static void mc_entry_release(struct mc_entry *e)
{
	for (int i = 0; i < e->n; i++) {
		for (int f = 0; f < e->hits[i].nfactors; f++)
			free(e->hits[i].factors[f].name);
		free(e->hits[i].factors);
	}
	free(e->hits);
	free(e->key);
	memset(e, 0, sizeof(*e));
}

/* A copy of the hits on the heap, or TB_ENOMEM (then nothing is kept). */
static int mc_entry_fill(struct mc_entry *e, const char *key, uint64_t hash, uint64_t version,
                         double text_max, const struct docking_hit *h, int n)
{
	memset(e, 0, sizeof(*e));
	e->hash = hash;
	e->version = version;
	e->text_max = text_max;
	if (!(e->key = strdup(key)) || !(e->hits = calloc((size_t)(n ? n : 1), sizeof(*e->hits))))
		return TB_ENOMEM;
	for (int i = 0; i < n; i++) {
		struct mc_hit *m = &e->hits[i];
		e->n = i + 1;
		m->id = h[i].id;
		m->score = h[i].score;
		m->text = h[i].text;
		if (!(m->factors = calloc((size_t)(h[i].nfactors ? h[i].nfactors : 1), sizeof(*m->factors))))
			return TB_ENOMEM;
		for (int f = 0; f < h[i].nfactors; f++) {
			m->nfactors = f + 1;
			m->factors[f].weight = h[i].factors[f].weight;
			if (!(m->factors[f].name = strdup(h[i].factors[f].name)))
				return TB_ENOMEM;
		}
	}
	return TB_OK;
}

static void mc_put(struct catalog_index *ix, const char *key, uint64_t hash, uint64_t version,
                   double text_max, const struct docking_hit *h, int n)
{
	struct mc_entry fresh, old;
	struct mc_slot *sl;
	if (!ix->mc)
		return;
	if (mc_entry_fill(&fresh, key, hash, version, text_max, h, n)) {
		mc_entry_release(&fresh);
		return;
	}
	sl = &ix->mc[hash % MC_SLOTS];
	fresh.used = ++mc_tick;
	/* Swap under the lock, free outside it: the entry of the same key, else
	 * an empty one, else the one used longer ago. */
	pthread_mutex_lock(&sl->mu);
	{
		struct mc_entry *e = &sl->e[0];
		if (sl->e[1].key && sl->e[1].hash == hash && !strcmp(sl->e[1].key, key))
			e = &sl->e[1];
		else if (!(sl->e[0].key && sl->e[0].hash == hash && !strcmp(sl->e[0].key, key)) &&
		         (!sl->e[1].key || (sl->e[0].key && sl->e[1].used < sl->e[0].used)))
			e = &sl->e[1];
		old = *e;
		*e = fresh;
	}
	pthread_mutex_unlock(&sl->mu);
	mc_entry_release(&old);
}

/* Copies a current entry into the arena: true on a hit. Factor names are
 * copied, so the entry may be replaced as soon as the lock is released. */
static bool mc_get(struct catalog_index *ix, const char *key, uint64_t hash, uint64_t version,
                   struct arena *a, struct docking_hit **out, int *n, double *text_max)
{
	struct mc_slot *sl;
	struct mc_entry *e = NULL;
	struct docking_hit *h = NULL;
	bool hit = false, ok = true;
	if (!ix->mc)
		return false;
	sl = &ix->mc[hash % MC_SLOTS];
	pthread_mutex_lock(&sl->mu);
	for (int w = 0; w < 2 && !e; w++)
		if (sl->e[w].key && sl->e[w].hash == hash && sl->e[w].version == version &&
		    !strcmp(sl->e[w].key, key))
			e = &sl->e[w];
	if (e) {
		hit = true;
		e->used = ++mc_tick;
		h = arena_alloc(a, sizeof(*h) * (size_t)(e->n ? e->n : 1));
		ok = h != NULL;
		for (int i = 0; ok && i < e->n; i++) {
			const struct mc_hit *m = &e->hits[i];
			h[i].id = m->id;
			h[i].score = m->score;
			h[i].text = m->text;
			h[i].text_max = e->text_max;
			/* Room for the conditions, filled per request from the row. */
			h[i].conds = arena_alloc(a, sizeof(struct docking_condition) * 8);
			h[i].factors = arena_alloc(a, sizeof(struct docking_factor) *
			                                  (size_t)(m->nfactors ? m->nfactors : 1));
			ok = h[i].conds && h[i].factors;
			for (int f = 0; ok && f < m->nfactors; f++) {
				h[i].factors[f].weight = m->factors[f].weight;
				ok = (h[i].factors[f].name = arena_strdup(a, m->factors[f].name)) != NULL;
			}
			h[i].nfactors = m->nfactors;
		}
		*n = e->n;
		*text_max = e->text_max;
	}
	pthread_mutex_unlock(&sl->mu);
	/* An arena that ran out is a miss: the computation reports it properly. */
	if (hit && !ok)
		return false;
	*out = h;
	return hit;
}

/* Counts one more contract for the rule (side, org, field, other) and
 * returns the new count; 0 when out of memory (the signal is then left out:
 * a ranking nuance, never a wrong answer). Caller holds fb_lock (write). */
static int ct_note(struct catalog_index *ix, int side, int64_t org, const char *field, const char *other)
{
	struct ct_rule *r;
	for (size_t i = 0; i < ix->nct; i++) {
		r = &ix->ct[i];
		if (r->side == side && r->org == org && !strcmp(r->field, field) && !strcmp(r->other, other))
			return r->count < INT16_MAX ? ++r->count : r->count;
	}
	if (ix->nct == ix->capct) {
		size_t cap = ix->capct ? ix->capct * 2 : 16;
		struct ct_rule *t = realloc(ix->ct, cap * sizeof(*t));
		if (!t)
			return 0;
		ix->ct = t;
		ix->capct = cap;
	}
	r = &ix->ct[ix->nct];
	if (!(r->field = strdup(field)) || !(r->other = strdup(other))) {
		free(r->field);
		return 0;
	}
	r->side = side;
	r->org = org;
	r->count = 1;
	ix->nct++;
	return 1;
}

static void ct_clear(struct catalog_index *ix)
{
	for (size_t i = 0; i < ix->nct; i++) {
		free(ix->ct[i].field);
		free(ix->ct[i].other);
	}
	free(ix->ct);
	ix->ct = NULL;
	ix->nct = ix->capct = 0;
}

/* Gives listing `id` (of `side`, organisation `org`, field `field`) the
 * signal of every rule that names it. Assigns the rule's count (never adds),
 * so putting the same listing again changes nothing. */
static void ct_apply(struct catalog_index *ix, int side, int64_t id, int64_t org, const char *field)
{
	if (!field || !ix->nct)
		return;
	pthread_rwlock_wrlock(&ix->fb_lock);
	for (size_t i = 0; i < ix->nct; i++) {
		const struct ct_rule *r = &ix->ct[i];
		if (r->side == side && r->org == org && !strcmp(r->field, field)) {
			struct fb_slot *sig = fb_get(&ix->fb, key_signal(side, id, r->other));
			if (sig)
				sig->con = (int16_t)r->count;
		}
	}
	pthread_rwlock_unlock(&ix->fb_lock);
}

/* The published listings of one organisation (docking.h). */
int docking_each_org_listing(struct store *st, bool demands, int64_t org_id, const char *field,
                             int (*cb)(void *ctx, const struct achievement *x, const struct demand *d),
                             void *ctx)
{
	struct catalog_query q;
	int64_t total;
	int rc = TB_OK, n;
	catalog_query_init(&q);
	q.status = "published";
	q.org_id = org_id;
	q.field = field;
	q.limit = 200;
	for (q.offset = 0; !rc; q.offset += q.limit) {
		struct arena pa;
		struct achievement *xs = NULL;
		struct demand *ds = NULL;
		n = 0;
		arena_init(&pa, 16 << 20);
		rc = demands ? store_demand_list(st, &pa, &q, &ds, &n, &total)
		             : store_achievement_list(st, &pa, &q, &xs, &n, &total);
		for (int i = 0; !rc && i < n; i++)
			rc = cb(ctx, demands ? NULL : &xs[i], demands ? &ds[i] : NULL);
		arena_release(&pa);
		if (n < q.limit)
			break;
	}
	return rc;
}

/* raise_similar's walk: the listing gets the rule's count for `other`. */
struct raise_ctx { struct catalog_index *ix; const char *other; int count; };
static int raise_one(void *ctx, const struct achievement *x, const struct demand *d)
{
	struct raise_ctx *r = ctx;
	struct fb_slot *sig;
	pthread_rwlock_wrlock(&r->ix->fb_lock);
	sig = fb_get(&r->ix->fb, x ? key_signal(0, x->id, r->other) : key_signal(1, d->id, r->other));
	if (sig)
		sig->con = (int16_t)r->count;
	pthread_rwlock_unlock(&r->ix->fb_lock);
	return 0;
}

/* A registered contract reached through a docking case raises similar pairs
 * (docs/docking.md, "Feedback on matches"): the published achievements of the
 * seller organisation in the achievement's field, for requests in the
 * demand's field, and the published demands of the buyer enterprise in the
 * demand's field, for achievements in the achievement's field. Similar = same
 * organisation, same field on both sides. The rule is kept (ct_note), so a
 * listing published later gets it when it is indexed (ct_apply); the ones
 * published now get it here, every one of them (paged, no cap). */
static void raise_similar(struct catalog_index *ix, struct store *st, const struct achievement *x,
                          const struct demand *d)
{
	struct raise_ctx rx = { ix, d->field, 0 }, rd = { ix, x->field, 0 };
	if (!x->field || !d->field)
		return;
	pthread_rwlock_wrlock(&ix->fb_lock);
	rx.count = ct_note(ix, 0, x->owner_org_id, x->field, d->field);
	rd.count = ct_note(ix, 1, d->org_id, d->field, x->field);
	pthread_rwlock_unlock(&ix->fb_lock);
	/* A store error leaves some listings unraised until the next index
	 * build: a ranking nuance, as before. */
	if (rx.count)
		docking_each_org_listing(st, false, x->owner_org_id, x->field, raise_one, &rx);
	if (rd.count)
		docking_each_org_listing(st, true, d->org_id, d->field, raise_one, &rd);
	ix->version++;
}

void docking_contract_changed(struct catalog_index *ix, struct store *st, int64_t achievement_id,
                              int64_t demand_id)
{
	struct arena a;
	struct achievement x;
	struct demand d;
	if (!ix || achievement_id <= 0 || demand_id <= 0)
		return;
	arena_init(&a, 1 << 20);
	if (!store_achievement_get(st, &a, achievement_id, &x) && !store_demand_get(st, &a, demand_id, &d))
		raise_similar(ix, st, &x, &d);
	arena_release(&a);
}

void docking_contract_weight(struct catalog_index *ix, double w)
{
	if (ix)
		ix->contract_weight = w;
}

/* The contracts of the record: cases that reached a registered (not
 * terminated) contract and name both an achievement and a demand. */
static int load_contracts(struct catalog_index *ix, struct store *st)
{
	struct case_query cq = { 0 };
	struct arena a;
	struct dcase *cases;
	int n, rc;
	int64_t total;
	arena_init(&a, 64 << 20);
	cq.status = "contracted";
	cq.limit = 100000;
	if (!(rc = store_case_list(st, &a, &cq, &cases, &n, &total)))
		for (int i = 0; i < n; i++) {
			struct contract c;
			if (cases[i].achievement_id <= 0 || cases[i].demand_id <= 0 || cases[i].contract_id <= 0 ||
			    store_contract_get(st, &a, cases[i].contract_id, &c) || !strcmp(c.status, "terminated"))
				continue;
			docking_contract_changed(ix, st, cases[i].achievement_id, cases[i].demand_id);
		}
	arena_release(&a);
	return rc;
}

int catalog_index_build(struct store *st, const struct docking_settings *set, struct catalog_index **out)
{
	struct catalog_index *ix = calloc(1, sizeof(*ix));
	int rc;
	*out = NULL;
	if (!ix)
		return TB_ENOMEM;
	ix->set = *set;
	ix->fb_weight = 1.0;
	ix->contract_weight = 1.0;
	pthread_rwlock_init(&ix->fb_lock, NULL);
	if ((ix->mc = calloc(MC_SLOTS, sizeof(*ix->mc))))
		for (int i = 0; i < MC_SLOTS; i++)
			pthread_mutex_init(&ix->mc[i].mu, NULL);
	ix->ach = mindex_new(NULL);
	ix->dem = mindex_new(NULL);
	if (!ix->ach || !ix->dem) {
		catalog_index_free(ix);
		return TB_ENOMEM;
	}
	apply_settings(ix);
	if ((rc = store_achievement_each(st, "published", load_ach, ix)) ||
	    (rc = store_demand_each(st, "published", load_dem, ix))) {
		catalog_index_free(ix);
		return rc;
	}
	{
		struct fb_load l = { ix, st };
		if (!set->no_feedback && ((rc = store_fb_each(st, load_fb, &l)) || (rc = load_contracts(ix, st)))) {
			catalog_index_free(ix);
			return rc;
		}
	}
	tb_info("match index: %zu achievements, %zu demands, %zu KiB", mindex_count(ix->ach),
	        mindex_count(ix->dem), (mindex_bytes(ix->ach) + mindex_bytes(ix->dem)) >> 10);
	*out = ix;
	return TB_OK;
}

void catalog_index_free(struct catalog_index *ix)
{
	if (!ix)
		return;
	mindex_free(ix->ach);
	mindex_free(ix->dem);
	free(ix->fb.s);
	ct_clear(ix);
	if (ix->mc) {
		for (int i = 0; i < MC_SLOTS; i++) {
			mc_entry_release(&ix->mc[i].e[0]);
			mc_entry_release(&ix->mc[i].e[1]);
			pthread_mutex_destroy(&ix->mc[i].mu);
		}
		free(ix->mc);
	}
	pthread_rwlock_destroy(&ix->fb_lock);
	free(ix);
}

void catalog_index_counts(struct catalog_index *ix, int64_t *a, int64_t *d)
{
	*a = ix ? (int64_t)mindex_count(ix->ach) : 0;
	*d = ix ? (int64_t)mindex_count(ix->dem) : 0;
}

void docking_apply_achievement(struct catalog_index *ix, const struct achievement *x)
{
	if (!ix)
		return;
	/* A draft that was never indexed changes nothing: kept answers stay. */
	if (!strcmp(x->status, "published")) {
		if (put_achievement(ix, x) == TB_OK)
			ct_apply(ix, 0, x->id, x->owner_org_id, x->field);
	} else if (mindex_del(ix->ach, x->id) == TB_ENOTFOUND)
		return;
	ix->version++;
}

void docking_apply_demand(struct catalog_index *ix, const struct demand *x)
{
	if (!ix)
		return;
	if (!strcmp(x->status, "published")) {
		if (put_demand(ix, x) == TB_OK)
			ct_apply(ix, 1, x->id, x->org_id, x->field);
	} else if (mindex_del(ix->dem, x->id) == TB_ENOTFOUND)
		return;
	ix->version++;
}

void docking_remove(struct catalog_index *ix, bool is_ach, int64_t id)
{
	if (ix && mindex_del(is_ach ? ix->ach : ix->dem, id) == TB_OK)
		ix->version++;
}

/* With a follower attached, the writer's copy of the row is not put into the
 * index: the follower applies the write from the log, re-reading the row, in
 * log order. Otherwise a request that wrote version 1 could put it after
 * the follower had applied another node's version 2, and the index would
 * keep the older text until the next change. The sync is bounded
 * (changefeed.c), so the request still sees its own write. */
void docking_changed_achievement(struct catalog_index *ix, const struct achievement *x)
{
	if (ix && ix->sync)
		ix->sync(ix->sync_ctx);
	else
		docking_apply_achievement(ix, x);
}

void docking_changed_demand(struct catalog_index *ix, const struct demand *x)
{
	if (ix && ix->sync)
		ix->sync(ix->sync_ctx);
	else
		docking_apply_demand(ix, x);
}

void docking_attach_sync(struct catalog_index *ix, void (*sync)(void *ctx), void *ctx)
{
	if (!ix)
		return;
	ix->sync_ctx = ctx;
	ix->sync = sync;
}

/* Resynchronisation from scratch, in place (requests keep searching): every
 * published row is put again, indexed ids the store no longer has published
 * are dropped, feedback memory is reloaded. */
struct resync { struct catalog_index *ix; int64_t *ids; size_t n; uint8_t *seen; };

static void resync_mark(struct resync *r, int64_t id)
{
	/* ids are sorted: binary search */
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < r->n && r->ids[lo] == id)
		r->seen[lo] = 1;
}
static int resync_ach(void *ctx, const struct achievement *x)
{
	struct resync *r = ctx;
	resync_mark(r, x->id);
	return put_achievement(r->ix, x);
}
static int resync_dem(void *ctx, const struct demand *x)
{
	struct resync *r = ctx;
	resync_mark(r, x->id);
	return put_demand(r->ix, x);
}
static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int resync_side(struct catalog_index *ix, struct store *st, bool is_ach)
{
	struct mindex *m = is_ach ? ix->ach : ix->dem;
	struct resync r = { ix, NULL, 0, NULL };
	int rc;
	if ((rc = mindex_ids(m, &r.ids, &r.n)))
		return rc;
	qsort(r.ids, r.n, sizeof(*r.ids), cmp_i64);
	if (!(r.seen = calloc(r.n ? r.n : 1, 1))) {
		free(r.ids);
		return TB_ENOMEM;
	}
	rc = is_ach ? store_achievement_each(st, "published", resync_ach, &r)
	            : store_demand_each(st, "published", resync_dem, &r);
	for (size_t i = 0; !rc && i < r.n; i++)
		if (!r.seen[i])
			mindex_del(m, r.ids[i]);
	free(r.ids);
	free(r.seen);
	return rc;
}

int catalog_index_resync(struct catalog_index *ix, struct store *st)
{
	int rc;
	if (!ix)
		return TB_OK;
	if ((rc = resync_side(ix, st, true)) || (rc = resync_side(ix, st, false)))
		return rc;
	if (!ix->set.no_feedback) {
		struct fb_load l = { ix, st };
		pthread_rwlock_wrlock(&ix->fb_lock);
		free(ix->fb.s);
		memset(&ix->fb, 0, sizeof(ix->fb));
		ct_clear(ix); /* the contract signals live in the same table: rebuilt below */
		pthread_rwlock_unlock(&ix->fb_lock);
		if ((rc = store_fb_each(st, load_fb, &l)) || (rc = load_contracts(ix, st)))
			return rc;
	}
	ix->version++;
	tb_info("match index resynchronised: %zu achievements, %zu demands", mindex_count(ix->ach),
	        mindex_count(ix->dem));
	return TB_OK;
}

uint64_t catalog_index_version(struct catalog_index *ix) { return ix ? ix->version : 0; }

static void query_filters(struct mquery *mq, const struct catalog_query *q)
{
	mq->field = q->field;
	mq->trl_min = q->trl_min;
	mq->trl_max = q->trl_max;
	mq->modes_any = q->modes;
	mq->city = q->city;
	mq->price_min = q->price_min;
	mq->price_max = q->price_max;
	mq->limit = (size_t)(q->limit > 0 ? q->limit : 10);
	mq->offset = (size_t)(q->offset > 0 ? q->offset : 0);
}

int docking_strength(double text, double text_max, int met, int unmet)
{
	/* docs/matching.md: 70 points for text coverage, 30 for the asker's stated
	 * conditions; coverage = text / text_max, shown through a square root
	 * because whole-listing queries rarely cover more than half their terms */
	double cov = text_max > 0 ? text / text_max : 0, c = met + unmet > 0 ? (double)met / (met + unmet) : 0.5;
	double v;
	if (cov < 0)
		cov = 0;
	if (cov > 1)
		cov = 1;
	v = 70.0 * sqrt(cov) + 30.0 * c;
	if (text <= 0)
		v = 30.0 * c * 0.5; /* nothing in common in the text: at most 15 */
	return (int)lround(v < 0 ? 0 : v > 100 ? 100 : v);
}

/* What differs between the two sides: load a row, its text, its conditions. */
struct side {
	size_t elem;
	int (*load)(struct store *st, struct arena *a, int64_t id, void *out);
	const char *(*text)(struct arena *a, const void *row);
	int (*conds)(struct arena *a, const struct mevidence *ev, const void *row,
		     struct docking_condition *out);
};

/* Loads one row by id into `out`; the two sides differ only in this. */
typedef int (*row_loader)(struct store *st, struct arena *a, int64_t id, void *out);
/* The index holds published items only, but another process (cron's
 * `techbridge maintain`, another app node) may have expired or closed one
 * since this node indexed it: the store decides, so such rows are skipped
 * like deleted ones (issue #16). */
static int load_ach_row(struct store *st, struct arena *a, int64_t id, void *out)
{
	int rc = store_achievement_get(st, a, id, out);
	if (!rc && strcmp(((struct achievement *)out)->status, "published"))
		rc = TB_ENOTFOUND;
	return rc;
}
static int load_dem_row(struct store *st, struct arena *a, int64_t id, void *out)
{
	int rc = store_demand_get(st, a, id, out);
	if (!rc && strcmp(((struct demand *)out)->status, "published"))
		rc = TB_ENOTFOUND;
	return rc;
}

static const char *nz(const char *s) { return s ? s : ""; }

static const char *ach_text(struct arena *a, const void *row)
{
	const struct achievement *x = row;
	return arena_printf(a, "%s\n%s\n%s\n%s\n%s", nz(x->title_zh), nz(x->title_en), nz(x->keywords),
			    nz(x->abstract_zh), nz(x->abstract_en));
}
static const char *dem_text(struct arena *a, const void *row)
{
	const struct demand *x = row;
	return arena_printf(a, "%s\n%s\n%s\n%s\n%s", nz(x->title_zh), nz(x->title_en), nz(x->keywords),
			    nz(x->desc_zh), nz(x->desc_en));
}

/* The conditions both sides share: transaction mode, price vs budget, TRL vs
 * the minimum wanted, field. `price`/`budget`/`have`/`want` are already
 * oriented (achievement's price and TRL, demand's budget and minimum). */
static int conds_common(const struct mevidence *ev, unsigned doc_modes, const char *doc_field,
			double price, double budget, int have, int want, struct docking_condition *c)
{
	int n = 0;
	if (ev->field && doc_field)
		c[n++] = (struct docking_condition){ "field",
			strcmp(ev->field, doc_field) ? "other_field" : "same_field", !strcmp(ev->field, doc_field) };
	if (ev->modes && doc_modes)
		c[n++] = (struct docking_condition){ "mode", ev->modes & doc_modes ? "mode_match" : "mode_mismatch",
						     (ev->modes & doc_modes) != 0 };
	if (budget >= 0) {
		if (price < 0)
			c[n++] = (struct docking_condition){ "price", "price_negotiable", -1 };
		else
			c[n++] = (struct docking_condition){ "price",
				price <= budget ? "price_within_budget" : "price_over_budget", price <= budget };
	}
	if (want > 0 && have > 0)
		c[n++] = (struct docking_condition){ "trl", have >= want ? "trl_meets_min" : "trl_below_min",
						     have >= want };
	return n;
}

/* asker = a demand (evidence), row = an achievement */
static int ach_conds(struct arena *a, const struct mevidence *ev, const void *row,
		     struct docking_condition *out)
{
	const struct achievement *x = row;
	double budget = ev->price_hi >= 0 ? ev->price_hi : -1;
	(void)a;
	return conds_common(ev, x->modes, x->field, x->price, budget, x->trl, ev->trl, out);
}
/* asker = an achievement (evidence), row = a demand */
static int dem_conds(struct arena *a, const struct mevidence *ev, const void *row,
		     struct docking_condition *out)
{
	const struct demand *x = row;
	double price = ev->price_lo >= 0 ? ev->price_lo : ev->price_hi;
	(void)a;
	if (ev->price_lo < 0 && ev->price_hi < 0)
		price = -2; /* no evidence about our price: no price condition */
	return conds_common(ev, x->modes, x->field, price, price == -2 ? -1 : x->budget_max, ev->trl,
			    x->trl_min, out);
}

static const struct side ach_side = { sizeof(struct achievement), load_ach_row, ach_text, ach_conds };
static const struct side dem_side = { sizeof(struct demand), load_dem_row, dem_text, dem_conds };

/* The asker's conditions checked against the row, and the strength they give:
 * per request, from the row as the store has it now (cheap). */
static void finish_hit(const struct mquery *mq, const struct side *sd, struct arena *a, const void *row,
                       struct docking_hit *h)
{
	int met = 0, unmet = 0;
	h->nconds = mq->ev.side == MSIDE_DEMAND || mq->ev.side == MSIDE_ACHIEVEMENT
			    ? sd->conds(a, &mq->ev, row, h->conds) : 0;
	for (int i = 0; i < h->nconds; i++) {
		if (h->conds[i].met == 1)
			met++;
		else if (h->conds[i].met == 0)
			unmet++;
	}
	h->strength = docking_strength(h->text, h->text_max, met, unmet);
}

/* Copies one index hit into the caller's arena: term factors become the
 * listing's own words (match/surface.h), structured factors stay by name. */
static int copy_hit(struct arena *a, struct analyzer *an, const struct mquery *mq,
		    const struct mresults *r, const struct mhit *mh, const struct side *sd,
		    const void *row, struct docking_hit *h)
{
	struct msurface *w = NULL;
	size_t nw = 0, k = 0;
	int rc;
	h->id = mh->id;
	h->score = mh->score;
	h->text = mh->text;
	h->text_max = r->text_max;
	if ((rc = msurface_words(an, sd->text(a, row), mh->factors, mh->nfactors, a, &w, &nw)))
		return rc;
	h->factors = arena_alloc(a, sizeof(struct docking_factor) * (mh->nfactors + 2));
	h->conds = arena_alloc(a, sizeof(struct docking_condition) * 8);
	if (!h->factors || !h->conds)
		return TB_ENOMEM;
	for (size_t i = 0; i < nw; i++) {
		/* Terms are shown as "term:x" so clients can tell them from factors. */
		if (!(h->factors[k].name = arena_printf(a, "term:%s", w[i].word)))
			return TB_ENOMEM;
		h->factors[k++].weight = w[i].weight;
	}
	for (size_t f = 0; f < mh->nfactors; f++)
		if (!mh->factors[f].is_term) {
			h->factors[k].name = mh->factors[f].name;
			h->factors[k++].weight = mh->factors[f].weight;
		}
	h->nfactors = (int)k;
	finish_hit(mq, sd, a, row, h);
	return TB_OK;
}

struct adj { size_t i; double score, mult; };
static int cmp_adj(const void *x, const void *y)
{
	const struct adj *a = x, *b = y;
	if (a->score != b->score)
		return (a->score < b->score) - (a->score > b->score);
	return (a->i > b->i) - (a->i < b->i);
}

/* Runs a query on one index and loads the rows; rows deleted since they were
 * indexed are skipped. With feedback (fc), more hits are fetched, declined
 * pairs dropped and the rest re-ranked by their feedback multiplier before
 * the page is cut. */
/* A cached ranking (mc_get): the rows are loaded now, deleted or unpublished
 * ones skipped as on a computed answer, and the conditions checked. */
static int from_cache(struct store *st, struct arena *a, const struct mquery *mq, const struct side *sd,
                      struct docking_hit *ch, int cn, void **rows, struct docking_hit **hits, int *n)
{
	char *out = arena_alloc(a, sd->elem * (size_t)(cn ? cn : 1));
	int k = 0, rc;
	if (!out)
		return TB_ENOMEM;
	for (int i = 0; i < cn; i++) {
		void *row = out + sd->elem * (size_t)k;
		if ((rc = sd->load(st, a, ch[i].id, row)) == TB_ENOTFOUND)
			continue;
		if (rc)
			return rc;
		ch[k] = ch[i];
		finish_hit(mq, sd, a, row, &ch[k]);
		k++;
	}
	*rows = out;
	*hits = ch;
	*n = k;
	return TB_OK;
}

static int run_query(struct catalog_index *ix, struct mindex *idx, struct store *st, struct arena *a,
                     const struct mquery *mq0, const struct fb_ctx *fc, const struct side *sd,
                     const char *ckey, void **rows, struct docking_hit **hits, int *n, int64_t *total)
{
	struct mquery mq = *mq0;
	struct mresults r;
	struct analyzer *an = NULL;
	struct docking_hit *h;
	struct adj *ord = NULL;
	size_t nord = 0, from, to;
	int rc, k = 0;
	char *out;
	uint64_t chash = 0, cver = 0;

	memset(&r, 0, sizeof(r));
	if (ckey) {
		struct docking_hit *ch;
		double text_max;
		int cn;
		chash = fnv1a(ckey, strlen(ckey), FNV1A_OFFSET);
		cver = ix->version; /* before computing: see the match cache above */
		if (mc_get(ix, ckey, chash, cver, a, &ch, &cn, &text_max)) {
			tbm_inc(TBM_MATCH_CACHE_HITS);
			return from_cache(st, a, mq0, sd, ch, cn, rows, hits, n);
		}
		tbm_inc(TBM_MATCH_CACHE_MISSES);
	}
	if (fc) {
		mq.limit = (mq0->limit + mq0->offset) * 2 + 20;
		mq.offset = 0;
	}
	if ((rc = mindex_search(idx, &mq, &r)))
		goto done;
	ord = arena_alloc(a, sizeof(*ord) * (r.nhits ? r.nhits : 1));
	out = arena_alloc(a, sd->elem * (r.nhits ? r.nhits : 1));
	h = arena_alloc(a, sizeof(*h) * (r.nhits ? r.nhits : 1));
	if (!ord || !out || !h || !(an = analyzer_new())) {
		rc = TB_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < r.nhits; i++) {
		double m = fc ? fb_factor(ix, fc, r.hits[i].id) : 1.0;
		if (m < 0)
			continue; /* declined by this party: never shown again */
		ord[nord++] = (struct adj){ i, r.hits[i].score * m, m };
	}
	if (fc)
		qsort(ord, nord, sizeof(*ord), cmp_adj);
	from = fc ? mq0->offset : 0;
	to = fc ? mq0->offset + mq0->limit : nord;
	for (size_t j = from; j < nord && j < to; j++) {
		const struct mhit *mh = &r.hits[ord[j].i];
		void *row = out + sd->elem * (size_t)k;
		int grc = sd->load(st, a, mh->id, row);
		if (grc == TB_ENOTFOUND)
			continue;
		if (grc || (grc = copy_hit(a, an, &mq, &r, mh, sd, row, &h[k]))) {
			rc = grc;
			goto done;
		}
		if (ord[j].mult != 1.0) {
			/* the change is its own factor, so the factors still add up */
			h[k].factors[h[k].nfactors].name = "feedback";
			h[k].factors[h[k].nfactors++].weight = mh->score * (ord[j].mult - 1.0);
			h[k].score = ord[j].score;
		}
		k++;
	}
	*rows = out;
	*hits = h;
	*n = k;
	if (total)
		*total = (int64_t)r.total;
	if (ckey)
		mc_put(ix, ckey, chash, cver, r.text_max, h, k);
done:
	analyzer_free(an);
	mresults_release(&r);
	return rc;
}

static int run_ach(struct catalog_index *ix, struct store *st, struct arena *a, const struct mquery *mq,
                   struct achievement **rows, struct docking_hit **hits, int *n, int64_t *total)
{
	return run_query(ix, ix->ach, st, a, mq, NULL, &ach_side, NULL, (void **)rows, hits, n, total);
}

static int run_dem(struct catalog_index *ix, struct store *st, struct arena *a, const struct mquery *mq,
                   struct demand **rows, struct docking_hit **hits, int *n, int64_t *total)
{
	return run_query(ix, ix->dem, st, a, mq, NULL, &dem_side, NULL, (void **)rows, hits, n, total);
}

static int only_published(const struct catalog_query *q)
{
	return !q->status || !strcmp(q->status, "published");
}

int docking_search_achievements(struct catalog_index *ix, struct store *st, struct arena *a,
                                const struct catalog_query *q, struct achievement **rows,
                                struct docking_hit **hits, int *n, int64_t *total)
{
	struct mquery mq;
	if (!ix || !only_published(q) || q->org_id) {
		*hits = NULL;
		return store_achievement_list(st, a, q, rows, n, total);
	}
	mquery_init(&mq);
	mq.text = q->q;
	query_filters(&mq, q);
	return run_ach(ix, st, a, &mq, rows, hits, n, total);
}

int docking_search_demands(struct catalog_index *ix, struct store *st, struct arena *a,
                           const struct catalog_query *q, struct demand **rows,
                           struct docking_hit **hits, int *n, int64_t *total)
{
	struct mquery mq;
	if (!ix || !only_published(q) || q->org_id) {
		*hits = NULL;
		return store_demand_list(st, a, q, rows, n, total);
	}
	mquery_init(&mq);
	mq.text = q->q;
	query_filters(&mq, q);
	return run_dem(ix, st, a, &mq, rows, hits, n, total);
}

/* The match cache's key: everything the ranking depends on besides the index
 * (see the match cache above). Strings are written with their length, so no
 * two different queries spell the same key. */
static const char *cache_key(struct arena *a, const struct mquery *q, const struct fb_ctx *fc)
{
#define KS(x) (x) ? strlen(x) : (size_t)0, (x) ? (x) : ""
	return arena_printf(a, "%d|%lld|%lld|%zu:%s|%u|%zu:%s|%d|%d|%u|%zu:%s|%.17g|%.17g|%zu|%zu|%lld|"
	                    "%d|%zu:%s|%d|%u|%.17g|%.17g|%zu:%s|%zu:%s|%zu:%s",
	                    fc->side, (long long)fc->party, (long long)fc->self_id, KS(fc->field), q->valid_on,
	                    KS(q->field), q->trl_min, q->trl_max, q->modes_any, KS(q->city), q->price_min,
	                    q->price_max, q->limit, q->offset, (long long)q->exclude_id, (int)q->ev.side,
	                    KS(q->ev.field), q->ev.trl, q->ev.modes, q->ev.price_lo, q->ev.price_hi,
	                    KS(q->ev.city), KS(q->ev.province), KS(q->text));
#undef KS
}

/* The query for "what matches this item" is its own title, keywords and text;
 * keywords are repeated once so that the parties' own labels weigh more. */
static const char *item_text(struct arena *a, const char *t1, const char *t2, const char *kw,
                             const char *b1, const char *b2)
{
	return arena_printf(a, "%s %s %s %s %s %s", t1 ? t1 : "", t2 ? t2 : "", kw ? kw : "",
	                    kw ? kw : "", b1 ? b1 : "", b2 ? b2 : "");
}

/* A stored item's matches on the other side (idx, sd): mq carries the item's
 * text and evidence, set by the caller; the caller's filters apply, only
 * listings valid today count, and the answer is cached under its key. fc
 * names who receives the list (the feedback that reorders it). */
static int match_item(struct catalog_index *ix, struct mindex *idx, const struct side *sd,
                      struct store *st, struct arena *a, struct mquery *mq,
                      const struct catalog_query *filters, const struct fb_ctx *fc, void **rows,
                      struct docking_hit **hits, int *n)
{
	const char *key;
	query_filters(mq, filters);
	mq->valid_on = today_ymd();
	if (!(key = cache_key(a, mq, fc)))
		return TB_ENOMEM;
	return run_query(ix, idx, st, a, mq, fc, sd, key, rows, hits, n, NULL);
}

int docking_for_demand(struct catalog_index *ix, struct store *st, struct arena *a, int64_t demand_id,
                       const struct catalog_query *filters, struct achievement **rows,
                       struct docking_hit **hits, int *n)
{
	struct demand d;
	struct mquery mq;
	struct fb_ctx fc;
	int rc;
	if (!ix)
		return TB_ENOTFOUND;
	if ((rc = store_demand_get(st, a, demand_id, &d)))
		return rc;
	mquery_init(&mq);
	mq.text = item_text(a, d.title_zh, d.title_en, d.keywords, d.desc_zh, d.desc_en);
	mq.ev.side = MSIDE_DEMAND;
	mq.ev.field = d.field;
	mq.ev.trl = d.trl_min;
	mq.ev.modes = d.modes;
	mq.ev.price_lo = d.budget_min;
	mq.ev.price_hi = d.budget_max;
	mq.ev.city = d.region ? d.region : d.city;
	mq.ev.province = d.province;
	/* the demand's enterprise receives this list */
	fc = (struct fb_ctx){ 0, d.org_id, d.id, d.field };
	return match_item(ix, ix->ach, &ach_side, st, a, &mq, filters, &fc, (void **)rows, hits, n);
}

int docking_for_achievement(struct catalog_index *ix, struct store *st, struct arena *a,
                            int64_t ach_id, const struct catalog_query *filters, struct demand **rows,
                            struct docking_hit **hits, int *n)
{
	struct achievement x;
	struct mquery mq;
	struct fb_ctx fc;
	int rc;
	if (!ix)
		return TB_ENOTFOUND;
	if ((rc = store_achievement_get(st, a, ach_id, &x)))
		return rc;
	mquery_init(&mq);
	mq.text = item_text(a, x.title_zh, x.title_en, x.keywords, x.abstract_zh, x.abstract_en);
	mq.ev.side = MSIDE_ACHIEVEMENT;
	mq.ev.field = x.field;
	mq.ev.trl = x.trl;
	mq.ev.modes = x.modes;
	mq.ev.price_lo = mq.ev.price_hi = x.price;
	mq.ev.city = x.city;
	mq.ev.province = x.province;
	/* the achievement's owner receives this list */
	fc = (struct fb_ctx){ 1, x.owner_org_id, x.id, x.field };
	return match_item(ix, ix->dem, &dem_side, st, a, &mq, filters, &fc, (void **)rows, hits, n);
}

int docking_free_text(struct catalog_index *ix, struct store *st, struct arena *a, int want_demands,
                      const char *text, const struct catalog_query *filters,
                      const struct docking_evidence *ev, void **rows, struct docking_hit **hits,
                      int *n, int64_t *total)
{
	struct mquery mq;
	if (!ix)
		return TB_ENOTFOUND;
	mquery_init(&mq);
	mq.text = text;
	query_filters(&mq, filters);
	mq.valid_on = today_ymd();
	if (ev) {
		mq.ev.side = want_demands ? MSIDE_ACHIEVEMENT : MSIDE_DEMAND;
		mq.ev.field = ev->field;
		mq.ev.trl = ev->trl;
		mq.ev.modes = ev->modes;
		mq.ev.price_lo = ev->price_lo;
		mq.ev.price_hi = ev->price_hi;
		mq.ev.city = ev->city;
		mq.ev.province = ev->province;
	}
	return want_demands ? run_dem(ix, st, a, &mq, (struct demand **)rows, hits, n, total)
	                    : run_ach(ix, st, a, &mq, (struct achievement **)rows, hits, n, total);
}
