/* index.c - see index.h. Layout:
 *   - documents get dense ordinals in put order; per-ordinal arrays hold the id,
 *     field lengths, the structured attributes and a live flag (a replaced or
 *     deleted document is a tombstone until mindex_compact);
 *   - a hash map id -> ordinal, a term dictionary (open addressing on a string
 *     pool), and interned attribute strings (field, city, province);
 *   - postings per term: append-only bytes, varint(ordinal delta) + one byte of
 *     packed per-field tfs (title<=3, keywords<=3, body<=14; else 0xFF and three
 *     varints), with a skip entry every SKIP postings so explanations can find
 *     one document's tfs without decoding the whole list;
 *   - search: term-at-a-time into a per-thread float accumulator + touched list,
 *     then filters, structured evidence and a top-k heap over touched docs. */
#include "match/index.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "text/analyzer.h"

#define SKIP 128
#define MAX_QTERMS 256
#define MAX_LIMIT 1000
#define MAX_OFFSET 100000
#define NONE_ID UINT32_MAX

void mparams_default(struct mparams *p)
{
	/* BM25F: grid search on SciFact train qrels only (docs/matching.md); the
	 * keywords field does not exist there and mirrors the title settings. */
	memset(p, 0, sizeof(*p));
	p->k1 = 1.5;
	p->w[MF_TITLE] = 4.0;
	p->w[MF_KEYWORDS] = 4.0;
	p->w[MF_BODY] = 1.0;
	p->b[MF_TITLE] = 1.0;
	p->b[MF_KEYWORDS] = 1.0;
	p->b[MF_BODY] = 0.75;
	p->w_same_field = 1.5;
	p->w_trl_fit = 0.8;
	p->w_mode_overlap = 0.8;
	p->w_budget_fit = 0.8;
	/* locality multiplies the whole score (docs/matching.md): +15 % same city,
	 * +7.5 % same province at locality 1; an additive bonus of 1.0 was nothing
	 * next to item-to-item text scores of ~180 */
	p->w_same_city = 0.15;
	p->w_same_province = 0.075;
	p->locality = 1.0;
	p->analyzer_flags = 0;
}

void mquery_init(struct mquery *q)
{
	memset(q, 0, sizeof(*q));
	q->price_min = q->price_max = -1;
	q->ev.price_lo = q->ev.price_hi = -1;
	q->limit = 10;
}

/* ---- small hashing helpers ---- */

static inline uint32_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return (uint32_t)(h ^ (h >> 32));
}

static inline uint32_t hash_i64(int64_t v)
{
	uint64_t x = (uint64_t)v;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return (uint32_t)x;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t nc;
	void *n;
	if (need <= *cap)
		return TB_OK;
	nc = *cap ? *cap : 16;
	while (nc < need)
		nc = nc + nc / 2 + 8;
	n = realloc(*p, nc * elem);
	if (!n)
		return TB_ENOMEM;
	*p = n;
	*cap = nc;
	return TB_OK;
}

/* ---- terms ---- */

struct term {
	uint32_t hash;
	uint32_t str;   /* offset in strpool */
	uint32_t df;    /* postings, tombstones included */
	uint32_t last;  /* last ordinal appended */
	uint8_t *pl;
	uint32_t plen, pcap;
	uint32_t *skip; /* pairs: (ordinal before the block, byte offset) */
	uint32_t nskip, skcap;
	uint8_t slen;
	/* cached max over postings of tt/(k1+tt) for the current ranking generation:
	 * (generation << 32) | float bits; read and written atomically because
	 * concurrent searches fill it lazily under the read lock */
	uint64_t ub;
};

struct strset { /* interned attribute strings, ids from 1 */
	char **s;
	size_t n, cap;
	uint32_t *tab; /* id or 0 */
	size_t tcap;
};

struct mindex {
	pthread_rwlock_t lock;
	struct mparams p;
	unsigned an_flags; /* p.analyzer_flags, fixed at creation: read without the lock */
	bool pairs;        /* p.w_pair > 0 at creation: pair terms are indexed */

	/* per ordinal */
	int64_t *ids;
	uint16_t (*flen)[MF_NFIELDS];
	uint8_t *live, *trl, *modes;
	uint32_t *field, *city, *prov;
	float *plo, *phi;
	uint32_t *until;   /* last valid day as YYYYMMDD; 0 = open-ended */
	size_t nord, ordcap;
	size_t nlive;
	uint64_t lensum[MF_NFIELDS]; /* over live docs */
	/* Average field lengths used for ranking: a snapshot refreshed when the real
	 * averages drift by more than 1%, so that cached term bounds stay exact.
	 * ubgen changes whenever the snapshot or the parameters change. */
	double avg[MF_NFIELDS];
	uint32_t ubgen;

	/* id -> ordinal (linear probing, backward-shift delete) */
	int64_t *mkeys;
	uint32_t *mvals;
	size_t mcap, mcount;

	/* terms */
	struct term *terms;
	size_t nterms, tcap;
	uint32_t *ttab; /* term index + 1, or 0 */
	size_t ttcap;
	char *strpool;
	size_t splen, spcap;

	struct strset attrs;
	size_t plbytes;
};

/* ---- per-thread scratch ---- */

struct dterm { /* one distinct term of a document or query */
	uint32_t hash, off, gen;
	uint8_t len;
	uint16_t tf[MF_NFIELDS];
};

struct scratch {
	struct analyzer *an;
	unsigned an_flags;
	/* doc/query term map */
	struct dterm *dt;
	size_t dtcap;
	uint32_t gen;
	uint32_t *used;
	size_t nused, usedcap;
	char *pool;
	size_t plen, pcap;
	int field;   /* field being analysed */
	uint32_t ntok; /* word tokens seen in this field (pair terms not counted) */
	bool pairs;  /* also add adjacent-word pair terms */
	char prev[ANALYZER_MAX_TERM];
	size_t prev_len;
	uint32_t prev_pos;
	int full;    /* ran out of room (query term cap) */
	size_t maxterms;
	/* search */
	float *acc;
	size_t acccap;
	uint32_t *touched;
	size_t ntouched, tocap;
	struct buf nb; /* attribute normalisation */
};

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void *v)
{
	struct scratch *s = v;
	if (!s)
		return;
	analyzer_free(s->an);
	free(s->dt);
	free(s->used);
	free(s->pool);
	free(s->acc);
	free(s->touched);
	buf_release(&s->nb);
	free(s);
}

static void scratch_key_init(void) { pthread_key_create(&scratch_key, scratch_free); }

static struct scratch *scratch_get(unsigned an_flags)
{
	struct scratch *s;
	pthread_once(&scratch_once, scratch_key_init);
	s = pthread_getspecific(scratch_key);
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			return NULL;
		buf_init(&s->nb, 4096);
		if (pthread_setspecific(scratch_key, s)) {
			free(s);
			return NULL;
		}
	}
	if (!s->an || s->an_flags != an_flags) {
		analyzer_free(s->an);
		s->an = analyzer_new_flags(an_flags);
		s->an_flags = an_flags;
		if (!s->an)
			return NULL;
	}
	return s;
}

static void dt_reset(struct scratch *s)
{
	s->nused = 0;
	s->plen = 0;
	s->full = 0;
	if (++s->gen == 0) { /* wrapped: clear stamps */
		for (size_t i = 0; i < s->dtcap; i++)
			s->dt[i].gen = 0;
		s->gen = 1;
	}
}

static int dt_rehash(struct scratch *s)
{
	size_t nc = s->dtcap ? s->dtcap * 2 : 1024;
	struct dterm *n = calloc(nc, sizeof(*n));
	if (!n)
		return TB_ENOMEM;
	for (size_t i = 0; i < s->nused; i++) {
		struct dterm *o = &s->dt[s->used[i]];
		size_t j = o->hash & (nc - 1);
		while (n[j].gen == s->gen)
			j = (j + 1) & (nc - 1);
		n[j] = *o;
		s->used[i] = (uint32_t)j;
	}
	free(s->dt);
	s->dt = n;
	s->dtcap = nc;
	return TB_OK;
}

static int dt_insert(struct scratch *s, const char *t, size_t n)
{
	uint32_t h = hash_bytes(t, n);
	size_t j;
	int rc;
	if ((s->nused + 1) * 2 > s->dtcap && (rc = dt_rehash(s)))
		return rc;
	for (j = h & (s->dtcap - 1); s->dt[j].gen == s->gen; j = (j + 1) & (s->dtcap - 1)) {
		struct dterm *d = &s->dt[j];
		if (d->hash == h && d->len == n && memcmp(s->pool + d->off, t, n) == 0) {
			if (d->tf[s->field] < UINT16_MAX)
				d->tf[s->field]++;
			return 0;
		}
	}
	if (s->nused >= s->maxterms) {
		s->full = 1;
		return 0;
	}
	if ((rc = grow((void **)&s->pool, &s->pcap, s->plen + n, 1)) ||
	    (rc = grow((void **)&s->used, &s->usedcap, s->nused + 1, sizeof(*s->used))))
		return rc;
	memcpy(s->pool + s->plen, t, n);
	s->dt[j] = (struct dterm){ .hash = h, .off = (uint32_t)s->plen, .gen = s->gen,
				   .len = (uint8_t)n };
	s->dt[j].tf[s->field] = 1;
	s->plen += n;
	s->used[s->nused++] = (uint32_t)j;
	return 0;
}

/* Pair terms ("\x01w1 w2") of adjacent Latin/number tokens give a small
 * proximity signal without storing positions; CJK is already bigrammed. */
#define PAIR_MARK '\x01'

static int dt_token(void *ctx, const char *t, size_t n, uint32_t pos)
{
	struct scratch *s = ctx;
	int rc;
	s->ntok++;
	if ((rc = dt_insert(s, t, n)))
		return rc;
	if (!s->pairs)
		return 0;
	if ((unsigned char)t[0] >= 0x80) {
		s->prev_len = 0;
		return 0;
	}
	if (s->prev_len && s->prev_pos + 1 == pos) {
		char pair[2 * ANALYZER_MAX_TERM + 2];
		pair[0] = PAIR_MARK;
		memcpy(pair + 1, s->prev, s->prev_len);
		pair[1 + s->prev_len] = ' ';
		memcpy(pair + 2 + s->prev_len, t, n);
		if ((rc = dt_insert(s, pair, s->prev_len + n + 2)))
			return rc;
	}
	memcpy(s->prev, t, n);
	s->prev_len = n;
	s->prev_pos = pos;
	return 0;
}

/* Analyse into the scratch term map; returns the field token count via *ntok. */
static int analyse_field(struct scratch *s, int field, const char *text, uint32_t *ntok)
{
	int rc;
	*ntok = 0;
	if (!text || !*text)
		return TB_OK;
	s->field = field;
	s->ntok = 0;
	s->prev_len = 0;
	rc = analyzer_run(s->an, text, strlen(text), dt_token, s);
	*ntok = s->ntok;
	return rc;
}

/* ---- attribute strings ---- */

static const char *norm_attr(struct scratch *s, const char *v)
{
	buf_reset(&s->nb);
	if (!v || !*v)
		return NULL;
	if (analyzer_normalize(s->an, v, strlen(v), &s->nb) || !s->nb.len)
		return NULL;
	return s->nb.ptr;
}

static uint32_t attr_find(const struct strset *a, const char *v)
{
	size_t j;
	if (!a->tcap)
		return 0;
	for (j = hash_bytes(v, strlen(v)) & (a->tcap - 1); a->tab[j]; j = (j + 1) & (a->tcap - 1))
		if (strcmp(a->s[a->tab[j] - 1], v) == 0)
			return a->tab[j];
	return 0;
}

static int attr_intern(struct strset *a, const char *v, uint32_t *out)
{
	size_t j;
	char *c;
	*out = 0;
	if (!v)
		return TB_OK;
	if ((*out = attr_find(a, v)))
		return TB_OK;
	if ((a->n + 1) * 2 > a->tcap) {
		size_t nc = a->tcap ? a->tcap * 2 : 64;
		uint32_t *t = calloc(nc, sizeof(*t));
		if (!t)
			return TB_ENOMEM;
		for (size_t i = 0; i < a->n; i++) {
			for (j = hash_bytes(a->s[i], strlen(a->s[i])) & (nc - 1); t[j]; j = (j + 1) & (nc - 1))
				;
			t[j] = (uint32_t)i + 1;
		}
		free(a->tab);
		a->tab = t;
		a->tcap = nc;
	}
	if (grow((void **)&a->s, &a->cap, a->n + 1, sizeof(*a->s)) || !(c = strdup(v)))
		return TB_ENOMEM;
	a->s[a->n++] = c;
	for (j = hash_bytes(v, strlen(v)) & (a->tcap - 1); a->tab[j]; j = (j + 1) & (a->tcap - 1))
		;
	a->tab[j] = (uint32_t)a->n;
	*out = (uint32_t)a->n;
	return TB_OK;
}

/* ---- id map ---- */

static size_t idmap_slot(const struct mindex *x, int64_t id)
{
	size_t j = hash_i64(id) & (x->mcap - 1);
	while (x->mkeys[j] && x->mkeys[j] != id)
		j = (j + 1) & (x->mcap - 1);
	return j;
}

static int idmap_put(struct mindex *x, int64_t id, uint32_t ord)
{
	size_t j;
	if ((x->mcount + 1) * 2 > x->mcap) {
		size_t oc = x->mcap, nc = oc ? oc * 2 : 1024;
		int64_t *ok = x->mkeys;
		uint32_t *ov = x->mvals;
		x->mkeys = calloc(nc, sizeof(*x->mkeys));
		x->mvals = calloc(nc, sizeof(*x->mvals));
		if (!x->mkeys || !x->mvals) {
			free(x->mkeys);
			free(x->mvals);
			x->mkeys = ok;
			x->mvals = ov;
			return TB_ENOMEM;
		}
		x->mcap = nc;
		for (size_t i = 0; i < oc; i++)
			if (ok[i]) {
				j = idmap_slot(x, ok[i]);
				x->mkeys[j] = ok[i];
				x->mvals[j] = ov[i];
			}
		free(ok);
		free(ov);
	}
	j = idmap_slot(x, id);
	if (!x->mkeys[j])
		x->mcount++;
	x->mkeys[j] = id;
	x->mvals[j] = ord;
	return TB_OK;
}

static bool idmap_get(const struct mindex *x, int64_t id, uint32_t *ord)
{
	size_t j;
	if (!x->mcap)
		return false;
	j = idmap_slot(x, id);
	if (!x->mkeys[j])
		return false;
	*ord = x->mvals[j];
	return true;
}

static void idmap_del(struct mindex *x, int64_t id)
{
	size_t i, j, k, m = x->mcap - 1;
	if (!x->mcap)
		return;
	i = idmap_slot(x, id);
	if (!x->mkeys[i])
		return;
	x->mkeys[i] = 0;
	x->mcount--;
	/* backward-shift the cluster that follows */
	for (j = (i + 1) & m; x->mkeys[j]; j = (j + 1) & m) {
		k = hash_i64(x->mkeys[j]) & m;
		if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
			x->mkeys[i] = x->mkeys[j];
			x->mvals[i] = x->mvals[j];
			x->mkeys[j] = 0;
			i = j;
		}
	}
}

/* ---- term dictionary ---- */

static struct term *term_find(const struct mindex *x, const char *t, size_t n, uint32_t h)
{
	if (!x->ttcap)
		return NULL;
	for (size_t j = h & (x->ttcap - 1); x->ttab[j]; j = (j + 1) & (x->ttcap - 1)) {
		struct term *e = &x->terms[x->ttab[j] - 1];
		if (e->hash == h && e->slen == n && memcmp(x->strpool + e->str, t, n) == 0)
			return e;
	}
	return NULL;
}

static int term_get(struct mindex *x, const char *t, size_t n, uint32_t h, struct term **out)
{
	size_t j;
	struct term *e;
	int rc;
	if ((x->nterms + 1) * 2 > x->ttcap) {
		size_t nc = x->ttcap ? x->ttcap * 2 : 4096;
		uint32_t *tab = calloc(nc, sizeof(*tab));
		if (!tab)
			return TB_ENOMEM;
		for (size_t i = 0; i < x->nterms; i++) {
			for (j = x->terms[i].hash & (nc - 1); tab[j]; j = (j + 1) & (nc - 1))
				;
			tab[j] = (uint32_t)i + 1;
		}
		free(x->ttab);
		x->ttab = tab;
		x->ttcap = nc;
	}
	for (j = h & (x->ttcap - 1); x->ttab[j]; j = (j + 1) & (x->ttcap - 1)) {
		e = &x->terms[x->ttab[j] - 1];
		if (e->hash == h && e->slen == n && memcmp(x->strpool + e->str, t, n) == 0) {
			*out = e;
			return TB_OK;
		}
	}
	if ((rc = grow((void **)&x->terms, &x->tcap, x->nterms + 1, sizeof(*x->terms))) ||
	    (rc = grow((void **)&x->strpool, &x->spcap, x->splen + n, 1)))
		return rc;
	e = &x->terms[x->nterms++];
	memset(e, 0, sizeof(*e));
	e->hash = h;
	e->str = (uint32_t)x->splen;
	e->slen = (uint8_t)n;
	memcpy(x->strpool + x->splen, t, n);
	x->splen += n;
	x->ttab[j] = (uint32_t)x->nterms;
	*out = e;
	return TB_OK;
}

static inline uint8_t *put_varint(uint8_t *p, uint32_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

static inline const uint8_t *get_varint(const uint8_t *p, const uint8_t *e, uint32_t *v)
{
	uint32_t r = 0;
	unsigned sh = 0;
	while (p < e && (*p & 0x80) && sh < 28) {
		r |= (uint32_t)(*p++ & 0x7F) << sh;
		sh += 7;
	}
	if (p < e)
		r |= (uint32_t)*p++ << sh;
	*v = r;
	return p;
}

static int term_append(struct mindex *x, struct term *t, uint32_t ord, const uint16_t tf[MF_NFIELDS])
{
	uint8_t tmp[32], *p = tmp;
	size_t need;
	if (t->df && t->df % SKIP == 0) {
		if (t->nskip + 1 > t->skcap) {
			size_t c = (size_t)t->skcap * 2; /* in uint32s */
			if (grow((void **)&t->skip, &c, (size_t)(t->nskip + 1) * 2, sizeof(uint32_t)))
				return TB_ENOMEM;
			t->skcap = (uint32_t)(c / 2);
		}
		t->skip[t->nskip * 2] = t->last;
		t->skip[t->nskip * 2 + 1] = t->plen;
		t->nskip++;
	}
	p = put_varint(p, ord - (t->df ? t->last : 0));
	if (tf[0] <= 3 && tf[1] <= 3 && tf[2] <= 14) {
		*p++ = (uint8_t)(tf[0] << 6 | tf[1] << 4 | tf[2]);
	} else {
		*p++ = 0xFF;
		for (int f = 0; f < MF_NFIELDS; f++)
			p = put_varint(p, tf[f]);
	}
	need = (size_t)(p - tmp);
	if (t->plen + need > t->pcap) {
		size_t c = t->pcap, old = t->pcap;
		if (grow((void **)&t->pl, &c, t->plen + need, 1))
			return TB_ENOMEM;
		t->pcap = (uint32_t)c;
		x->plbytes += c - old;
	}
	memcpy(t->pl + t->plen, tmp, need);
	t->plen += (uint32_t)need;
	t->last = ord;
	t->df++;
	return TB_OK;
}

/* Decodes one posting at p; returns the next position. */
static inline const uint8_t *next_posting(const uint8_t *p, const uint8_t *e, uint32_t *doc,
					  uint32_t tf[MF_NFIELDS])
{
	uint32_t d;
	p = get_varint(p, e, &d);
	*doc += d;
	if (p >= e) {
		tf[0] = tf[1] = tf[2] = 0;
		return p;
	}
	if (*p != 0xFF) {
		uint8_t b = *p++;
		tf[0] = b >> 6;
		tf[1] = (b >> 4) & 3;
		tf[2] = b & 15;
	} else {
		p++;
		for (int f = 0; f < MF_NFIELDS; f++)
			p = get_varint(p, e, &tf[f]);
	}
	return p;
}

/* tfs of one document in a term's postings; false when absent. */
static bool term_doc_tf(const struct term *t, uint32_t ord, uint32_t tf[MF_NFIELDS])
{
	const uint8_t *p = t->pl, *e = t->pl + t->plen;
	uint32_t doc = 0, i, lo = 0, hi = t->nskip;
	bool first = true;
	while (lo < hi) { /* last skip whose "before" ordinal is < ord */
		uint32_t mid = (lo + hi) / 2;
		if (t->skip[mid * 2] < ord)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0) {
		i = lo - 1;
		doc = t->skip[i * 2];
		p = t->pl + t->skip[i * 2 + 1];
		first = false;
	}
	while (p < e) {
		if (first) {
			doc = 0;
			first = false;
		}
		p = next_posting(p, e, &doc, tf);
		if (doc == ord)
			return true;
		if (doc > ord)
			return false;
	}
	return false;
}

/* ---- lifecycle ---- */

struct mindex *mindex_new(const struct mparams *p)
{
	struct mindex *x = calloc(1, sizeof(*x));
	pthread_rwlockattr_t at;
	if (!x)
		return NULL;
	if (p)
		x->p = *p;
	else
		mparams_default(&x->p);
	pthread_rwlockattr_init(&at);
	pthread_rwlockattr_setkind_np(&at, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	if (pthread_rwlock_init(&x->lock, &at)) {
		pthread_rwlockattr_destroy(&at);
		free(x);
		return NULL;
	}
	pthread_rwlockattr_destroy(&at);
	x->ubgen = 1;
	x->an_flags = x->p.analyzer_flags;
	x->pairs = x->p.w_pair > 0;
	return x;
}

static void free_terms(struct mindex *x)
{
	for (size_t i = 0; i < x->nterms; i++) {
		free(x->terms[i].pl);
		free(x->terms[i].skip);
	}
}

void mindex_free(struct mindex *x)
{
	if (!x)
		return;
	free_terms(x);
	free(x->terms);
	free(x->ttab);
	free(x->strpool);
	free(x->ids);
	free(x->flen);
	free(x->live);
	free(x->trl);
	free(x->modes);
	free(x->field);
	free(x->city);
	free(x->prov);
	free(x->plo);
	free(x->phi);
	free(x->until);
	free(x->mkeys);
	free(x->mvals);
	for (size_t i = 0; i < x->attrs.n; i++)
		free(x->attrs.s[i]);
	free(x->attrs.s);
	free(x->attrs.tab);
	pthread_rwlock_destroy(&x->lock);
	free(x);
}

void mindex_set_params(struct mindex *x, const struct mparams *p)
{
	unsigned fl;
	pthread_rwlock_wrlock(&x->lock);
	fl = x->p.analyzer_flags;
	x->p = *p;
	x->p.analyzer_flags = fl;
	if (++x->ubgen == 0)
		x->ubgen = 1;
	pthread_rwlock_unlock(&x->lock);
}

size_t mindex_count(struct mindex *x)
{
	size_t n;
	pthread_rwlock_rdlock(&x->lock);
	n = x->nlive;
	pthread_rwlock_unlock(&x->lock);
	return n;
}

int mindex_ids(struct mindex *x, int64_t **out, size_t *n)
{
	int64_t *ids;
	size_t k = 0;
	pthread_rwlock_rdlock(&x->lock);
	ids = malloc((x->nlive ? x->nlive : 1) * sizeof(*ids));
	if (ids)
		for (size_t o = 0; o < x->nord && k < x->nlive; o++)
			if (x->live[o])
				ids[k++] = x->ids[o];
	pthread_rwlock_unlock(&x->lock);
	*out = ids;
	*n = k;
	return ids ? TB_OK : TB_ENOMEM;
}

size_t mindex_bytes(struct mindex *x)
{
	size_t n;
	pthread_rwlock_rdlock(&x->lock);
	n = x->plbytes + x->tcap * sizeof(struct term) + x->ttcap * 4 + x->spcap +
	    x->ordcap * (8 + 2 * MF_NFIELDS + 3 + 12 + 8) + x->mcap * 12;
	for (size_t i = 0; i < x->nterms; i++)
		n += (size_t)x->terms[i].skcap * 8;
	pthread_rwlock_unlock(&x->lock);
	return n;
}

static int ord_reserve(struct mindex *x, size_t need)
{
	size_t c;
	if (need <= x->ordcap)
		return TB_OK;
#define G(ptr)                                                                        \
	do {                                                                          \
		c = x->ordcap;                                                        \
		if (grow((void **)&x->ptr, &c, need, sizeof(*x->ptr)))               \
			return TB_ENOMEM;                                             \
	} while (0)
	G(ids); G(flen); G(live); G(trl); G(modes); G(field); G(city); G(prov); G(plo); G(phi); G(until);
#undef G
	x->ordcap = c;
	return TB_OK;
}

static void refresh_avg(struct mindex *x)
{
	bool drift = x->nlive < 64;
	double cur[MF_NFIELDS];
	for (int f = 0; f < MF_NFIELDS; f++) {
		cur[f] = x->nlive ? (double)x->lensum[f] / (double)x->nlive : 0;
		if (fabs(cur[f] - x->avg[f]) > 0.01 * x->avg[f] || (x->avg[f] == 0) != (cur[f] == 0))
			drift = true;
	}
	if (!drift)
		return;
	memcpy(x->avg, cur, sizeof(cur));
	if (++x->ubgen == 0)
		x->ubgen = 1;
}

static void kill_ord(struct mindex *x, uint32_t o)
{
	if (!x->live[o])
		return;
	x->live[o] = 0;
	x->nlive--;
	for (int f = 0; f < MF_NFIELDS; f++)
		x->lensum[f] -= x->flen[o][f];
}

/* Per-query ranking constants: norm_f(len) = A_f + B_f * len. */
struct rank {
	float w[MF_NFIELDS], a[MF_NFIELDS], b[MF_NFIELDS], k1;
};

static void rank_init(const struct mindex *x, struct rank *r)
{
	for (int f = 0; f < MF_NFIELDS; f++) {
		r->w[f] = (float)x->p.w[f];
		r->a[f] = (float)(1.0 - x->p.b[f]);
		r->b[f] = x->avg[f] > 0 ? (float)(x->p.b[f] / x->avg[f]) : 0;
	}
	r->k1 = (float)x->p.k1;
}

/* BM25F saturated term frequency tt/(k1+tt) of one posting, in [0, 1). */
static inline float saturate(const struct rank *r, const uint16_t *len, const uint32_t *tf)
{
	float tt = 0;
	if (tf[2])
		tt += r->w[2] * (float)tf[2] / (r->a[2] + r->b[2] * len[2]);
	if (tf[0])
		tt += r->w[0] * (float)tf[0] / (r->a[0] + r->b[0] * len[0]);
	if (tf[1])
		tt += r->w[1] * (float)tf[1] / (r->a[1] + r->b[1] * len[1]);
	return tt > 0 ? tt / (r->k1 + tt) : 0;
}

static inline uint64_t ub_pack(uint32_t gen, float v)
{
	uint32_t bits;
	memcpy(&bits, &v, sizeof(bits));
	return (uint64_t)gen << 32 | bits;
}

/* The cached bound of t for the current generation, computed if missing. */
static float term_bound(const struct mindex *x, struct term *t, const struct rank *r)
{
	uint64_t v = __atomic_load_n(&t->ub, __ATOMIC_RELAXED);
	const uint8_t *p = t->pl, *e = t->pl + t->plen;
	uint32_t doc = 0, tf[MF_NFIELDS], bits;
	float m = 0;
	if ((uint32_t)(v >> 32) == x->ubgen) {
		bits = (uint32_t)v;
		memcpy(&m, &bits, sizeof(m));
		return m;
	}
	while (p < e) {
		float sv;
		p = next_posting(p, e, &doc, tf);
		if (doc >= x->nord)
			break;
		sv = saturate(r, x->flen[doc], tf);
		if (sv > m)
			m = sv;
	}
	__atomic_store_n(&t->ub, ub_pack(x->ubgen, m), __ATOMIC_RELAXED);
	return m;
}

/* After a put: raise the cached bounds of the terms the new document has. */
static void raise_bounds(struct mindex *x, struct scratch *s, uint32_t ord)
{
	struct rank r;
	rank_init(x, &r);
	for (size_t i = 0; i < s->nused; i++) {
		struct dterm *d = &s->dt[s->used[i]];
		struct term *t = term_find(x, s->pool + d->off, d->len, d->hash);
		uint32_t tf[MF_NFIELDS] = { d->tf[0], d->tf[1], d->tf[2] }, bits;
		float m, sv;
		if (!t || (uint32_t)(t->ub >> 32) != x->ubgen)
			continue; /* not cached: computed when first needed */
		bits = (uint32_t)t->ub;
		memcpy(&m, &bits, sizeof(m));
		sv = saturate(&r, x->flen[ord], tf);
		if (sv > m)
			t->ub = ub_pack(x->ubgen, sv);
	}
}

static int compact_locked(struct mindex *x);

static int maybe_compact(struct mindex *x)
{
	size_t dead = x->nord - x->nlive;
	if (dead > 4096 && dead > x->nlive)
		return compact_locked(x);
	return TB_OK;
}

int mindex_put(struct mindex *x, const struct mdoc *d)
{
	struct scratch *s;
	uint32_t ntok[MF_NFIELDS] = { 0 }, ord, old, fid = 0, cid = 0, pid = 0;
	const char *texts[MF_NFIELDS];
	char *nf = NULL, *nc = NULL, *np = NULL;
	bool old_found;
	int rc;

	if (!d || d->id <= 0)
		return TB_EINVAL;
	s = scratch_get(x->an_flags);
	if (!s)
		return TB_ENOMEM;
	/* analyse outside the lock */
	dt_reset(s);
	s->maxterms = SIZE_MAX;
	s->pairs = x->pairs;
	texts[MF_TITLE] = d->title;
	texts[MF_KEYWORDS] = d->keywords;
	texts[MF_BODY] = d->body;
	for (int f = 0; f < MF_NFIELDS; f++)
		if ((rc = analyse_field(s, f, texts[f], &ntok[f])))
			return rc;
	{
		const char *v;
		if ((v = norm_attr(s, d->field)) && !(nf = strdup(v)))
			goto nomem;
		if ((v = norm_attr(s, d->city)) && !(nc = strdup(v)))
			goto nomem;
		if ((v = norm_attr(s, d->province)) && !(np = strdup(v)))
			goto nomem;
	}

	pthread_rwlock_wrlock(&x->lock);
	if ((rc = ord_reserve(x, x->nord + 1)) || (rc = attr_intern(&x->attrs, nf, &fid)) ||
	    (rc = attr_intern(&x->attrs, nc, &cid)) || (rc = attr_intern(&x->attrs, np, &pid)))
		goto unlock;
	/* Take the ordinal now, dead: if appending postings fails half way the
	 * ordinal stays a tombstone and is never reused. */
	ord = (uint32_t)x->nord++;
	x->ids[ord] = d->id;
	x->live[ord] = 0;
	memset(x->flen[ord], 0, sizeof(x->flen[ord]));
	for (size_t i = 0; i < s->nused; i++) {
		struct dterm *t = &s->dt[s->used[i]];
		struct term *e;
		if ((rc = term_get(x, s->pool + t->off, t->len, t->hash, &e)) ||
		    (rc = term_append(x, e, ord, t->tf)))
			goto unlock;
	}
	old_found = idmap_get(x, d->id, &old);
	if ((rc = idmap_put(x, d->id, ord)))
		goto unlock;
	if (old_found)
		kill_ord(x, old);
	for (int f = 0; f < MF_NFIELDS; f++) {
		x->flen[ord][f] = (uint16_t)(ntok[f] > UINT16_MAX ? UINT16_MAX : ntok[f]);
		x->lensum[f] += x->flen[ord][f];
	}
	x->live[ord] = 1;
	x->nlive++;
	x->trl[ord] = (uint8_t)(d->trl >= 1 && d->trl <= 9 ? d->trl : 0);
	x->until[ord] = d->valid_until;
	x->modes[ord] = (uint8_t)(d->modes & 31);
	x->field[ord] = fid;
	x->city[ord] = cid;
	x->prov[ord] = pid;
	x->plo[ord] = (float)d->price_lo;
	x->phi[ord] = (float)d->price_hi;
	refresh_avg(x);
	raise_bounds(x, s, ord);
	rc = maybe_compact(x);
unlock:
	pthread_rwlock_unlock(&x->lock);
	free(nf);
	free(nc);
	free(np);
	return rc;
nomem:
	free(nf);
	free(nc);
	free(np);
	return TB_ENOMEM;
}

int mindex_del(struct mindex *x, int64_t id)
{
	uint32_t o;
	int rc = TB_OK;
	pthread_rwlock_wrlock(&x->lock);
	if (!idmap_get(x, id, &o)) {
		rc = TB_ENOTFOUND;
	} else {
		kill_ord(x, o);
		idmap_del(x, id);
		refresh_avg(x);
		rc = maybe_compact(x);
	}
	pthread_rwlock_unlock(&x->lock);
	return rc;
}

/* Rewrites postings and per-ordinal arrays without dead ordinals. */
static int compact_locked(struct mindex *x)
{
	uint32_t *remap = malloc((x->nord + 1) * sizeof(*remap));
	uint32_t n = 0;
	if (!remap)
		return TB_ENOMEM;
	for (size_t o = 0; o < x->nord; o++)
		remap[o] = x->live[o] ? n++ : NONE_ID;
	for (size_t i = 0; i < x->nterms; i++) {
		struct term *t = &x->terms[i], nt;
		const uint8_t *p = t->pl, *e = t->pl + t->plen;
		uint32_t doc = 0, tf[MF_NFIELDS];
		memset(&nt, 0, sizeof(nt));
		nt.hash = t->hash;
		nt.str = t->str;
		nt.slen = t->slen;
		nt.ub = t->ub; /* same postings minus dead ones: still an upper bound */
		while (p < e) {
			uint16_t tf16[MF_NFIELDS];
			p = next_posting(p, e, &doc, tf);
			if (doc >= x->nord || remap[doc] == NONE_ID)
				continue;
			for (int f = 0; f < MF_NFIELDS; f++)
				tf16[f] = (uint16_t)(tf[f] > UINT16_MAX ? UINT16_MAX : tf[f]);
			if (term_append(x, &nt, remap[doc], tf16)) {
				free(nt.pl);
				free(nt.skip);
				free(remap);
				return TB_ENOMEM; /* old postings untouched so far: still consistent */
			}
		}
		x->plbytes -= t->pcap;
		free(t->pl);
		free(t->skip);
		*t = nt;
	}
	for (size_t o = 0; o < x->nord; o++) {
		uint32_t m = remap[o];
		if (m == NONE_ID)
			continue;
		x->ids[m] = x->ids[o];
		memcpy(x->flen[m], x->flen[o], sizeof(x->flen[o]));
		x->live[m] = 1;
		x->trl[m] = x->trl[o];
		x->modes[m] = x->modes[o];
		x->field[m] = x->field[o];
		x->city[m] = x->city[o];
		x->prov[m] = x->prov[o];
		x->plo[m] = x->plo[o];
		x->phi[m] = x->phi[o];
		x->until[m] = x->until[o];
		x->mvals[idmap_slot(x, x->ids[m])] = m; /* live ids are all in the map */
	}
	x->nord = n;
	free(remap);
	refresh_avg(x);
	return TB_OK;
}

int mindex_compact(struct mindex *x)
{
	int rc;
	pthread_rwlock_wrlock(&x->lock);
	rc = compact_locked(x);
	pthread_rwlock_unlock(&x->lock);
	return rc;
}

/* ---- search ---- */

struct qterm {
	const struct term *t;
	double idf; /* times query tf */
	const char *s;
	size_t len;
};

struct topk {
	float score;
	uint32_t ord;
	int64_t id;
};

static inline bool worse(const struct topk *a, const struct topk *b)
{
	return a->score < b->score || (a->score == b->score && a->id > b->id);
}

static void heap_down(struct topk *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && worse(&h[l], &h[m]))
			m = l;
		if (r < n && worse(&h[r], &h[m]))
			m = r;
		if (m == i)
			return;
		struct topk t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void heap_push(struct topk *h, size_t *n, size_t k, struct topk v)
{
	if (*n < k) {
		size_t i = (*n)++;
		h[i] = v;
		while (i > 0) {
			size_t p = (i - 1) / 2;
			if (!worse(&h[i], &h[p]))
				break;
			struct topk t = h[i];
			h[i] = h[p];
			h[p] = t;
			i = p;
		}
	} else if (k && worse(&h[0], &v)) {
		h[0] = v;
		heap_down(h, *n, 0);
	}
}

static int cmp_topk(const void *a, const void *b)
{
	const struct topk *x = a, *y = b;
	if (worse(x, y))
		return 1;
	if (worse(y, x))
		return -1;
	return 0;
}

struct qctx { /* resolved query: ids of attribute strings, NONE_ID = no match */
	uint32_t f_field, f_city;
	uint32_t e_field, e_city, e_prov;
};

static inline bool passes(const struct mindex *x, const struct mquery *q, const struct qctx *c,
			  uint32_t o)
{
	if (!x->live[o])
		return false;
	if (q->exclude_id && x->ids[o] == q->exclude_id)
		return false;
	if (q->valid_on && x->until[o] && x->until[o] < q->valid_on)
		return false; /* past its deadline: never a match */
	if (c->f_field && x->field[o] != c->f_field)
		return false;
	if (c->f_city && x->city[o] != c->f_city)
		return false;
	if (q->trl_min > 0 && x->trl[o] < q->trl_min)
		return false;
	if (q->trl_max > 0 && (x->trl[o] == 0 || x->trl[o] > q->trl_max))
		return false;
	if (q->modes_any && !(x->modes[o] & q->modes_any))
		return false;
	if (q->price_min >= 0 || q->price_max >= 0) {
		double lo = x->plo[o], hi = x->phi[o];
		if (lo >= 0 || hi >= 0) { /* negotiable docs pass */
			if (lo < 0)
				lo = 0;       /* "up to hi" */
			if (hi < 0)
				hi = INFINITY; /* "from lo" */
			if (q->price_max >= 0 && lo > q->price_max)
				return false;
			if (q->price_min >= 0 && hi < q->price_min)
				return false;
		}
	}
	return true;
}

enum { SF_FIELD, SF_TRL, SF_MODE, SF_BUDGET, SF_CITY, SF_PROV, SF_N };
static const char *const sf_names[SF_N] = { "same_field", "trl_fit", "mode_overlap",
					    "budget_fit", "same_city", "same_province" };

/* Structured evidence; fills parts[] and returns the sum. */
static double structured(const struct mindex *x, const struct mquery *q, const struct qctx *c,
			 uint32_t o, double parts[SF_N])
{
	const struct mparams *p = &x->p;
	const struct mevidence *ev = &q->ev;
	double sum = 0;
	memset(parts, 0, sizeof(double) * SF_N);
	if (c->e_field && c->e_field != NONE_ID && x->field[o] == c->e_field)
		parts[SF_FIELD] = p->w_same_field;
	if (ev->trl > 0 && x->trl[o] > 0) {
		/* demand side: doc TRL should reach the wanted minimum;
		 * achievement side: our TRL should reach the doc's minimum */
		int have = ev->side == MSIDE_DEMAND ? x->trl[o] : ev->trl;
		int want = ev->side == MSIDE_DEMAND ? ev->trl : x->trl[o];
		double fit = have >= want ? 1.0 : 1.0 - (want - have) / 3.0;
		if (fit > 0)
			parts[SF_TRL] = p->w_trl_fit * fit;
	}
	if (ev->modes && (ev->modes & x->modes[o])) {
		parts[SF_MODE] = p->w_mode_overlap * __builtin_popcount(ev->modes & x->modes[o]) /
				 __builtin_popcount(ev->modes & 31);
	}
	if (ev->price_lo >= 0 || ev->price_hi >= 0) {
		/* price = what the achievement asks, budget = what the demand offers */
		double dlo = x->plo[o], dhi = x->phi[o], price, budget;
		double elo = ev->price_lo, ehi = ev->price_hi >= 0 ? ev->price_hi : ev->price_lo;
		if (dlo < 0 && dhi < 0) {
			parts[SF_BUDGET] = 0.5 * p->w_budget_fit; /* negotiable */
		} else {
			if (dhi < 0)
				dhi = dlo;
			if (dlo < 0)
				dlo = dhi;
			if (elo < 0)
				elo = ehi;
			if (ev->side == MSIDE_DEMAND) {
				price = dlo;
				budget = ehi;
			} else {
				price = elo;
				budget = dhi;
			}
			if (price <= budget)
				parts[SF_BUDGET] = p->w_budget_fit;
			else if (price > 0)
				parts[SF_BUDGET] = p->w_budget_fit * budget / price;
		}
	}
	for (int i = 0; i < SF_N; i++)
		sum += parts[i];
	return sum;
}

static bool ev_present(const struct mquery *q)
{
	return q->ev.field || q->ev.trl > 0 || q->ev.modes || q->ev.price_lo >= 0 ||
	       q->ev.price_hi >= 0 || q->ev.city || q->ev.province;
}

/* Locality is a multiplier of the whole score, not an addend: 1 + the same-city
 * (or, failing that, same-province) boost times the locality knob. The boost
 * part is reported as its own factor (the score's increase), so the factors
 * still add up to the score. */
static double locality_mult(const struct mindex *x, const struct qctx *c, uint32_t o, int *which)
{
	const struct mparams *p = &x->p;
	*which = -1;
	if (p->locality <= 0)
		return 1.0;
	if (c->e_city && c->e_city != NONE_ID && x->city[o] == c->e_city) {
		*which = SF_CITY;
		return 1.0 + p->w_same_city * p->locality;
	}
	if (c->e_prov && c->e_prov != NONE_ID && x->prov[o] == c->e_prov) {
		*which = SF_PROV;
		return 1.0 + p->w_same_province * p->locality;
	}
	return 1.0;
}

/* Text score + structured evidence, then the locality multiplier. */
static float evidence_score(const struct mindex *x, const struct mquery *q, const struct qctx *c,
			    uint32_t o, float text)
{
	double parts[SF_N];
	int which;
	double base = (double)text + structured(x, q, c, o, parts);
	return (float)(base * locality_mult(x, c, o, &which));
}

static uint32_t resolve_attr(struct mindex *x, struct scratch *s, const char *v)
{
	const char *n = norm_attr(s, v);
	uint32_t id;
	if (!n)
		return 0;
	id = attr_find(&x->attrs, n);
	return id ? id : NONE_ID;
}

static int cmp_factor(const void *a, const void *b)
{
	const struct mfactor *x = a, *y = b;
	return (x->weight < y->weight) - (x->weight > y->weight);
}

static int explain(struct mindex *x, const struct mquery *q, const struct qctx *c,
		   const struct qterm *qt, size_t nq, const struct rank *rk, const struct topk *h,
		   struct mresults *out, struct mhit *hit)
{
	double parts[SF_N];
	size_t nf = 0;
	uint32_t o = h->ord;
	hit->id = h->id;
	hit->score = h->score;
	double text = 0, base, mult;
	int which = -1;
	hit->factors = arena_alloc(&out->arena, (nq + SF_N) * sizeof(*hit->factors) + 1);
	if (!hit->factors)
		return TB_ENOMEM;
	for (size_t i = 0; i < nq; i++) {
		uint32_t tf[MF_NFIELDS];
		float sv;
		if (!term_doc_tf(qt[i].t, o, tf) || (sv = saturate(rk, x->flen[o], tf)) <= 0)
			continue;
		hit->factors[nf].name = arena_strndup(&out->arena, qt[i].s, qt[i].len);
		hit->factors[nf].weight = (double)((float)qt[i].idf * sv);
		hit->factors[nf].is_term = true;
		if (!hit->factors[nf].name)
			return TB_ENOMEM;
		text += hit->factors[nf].weight;
		nf++;
	}
	qsort(hit->factors, nf, sizeof(*hit->factors), cmp_factor);
	hit->text = text;
	base = text;
	if (ev_present(q))
		base += structured(x, q, c, o, parts);
	else
		memset(parts, 0, sizeof(parts));
	mult = ev_present(q) ? locality_mult(x, c, o, &which) : 1.0;
	if (which >= 0)
		parts[which] = base * (mult - 1.0);
	for (int i = 0; i < SF_N; i++)
		if (parts[i] > 0) {
			hit->factors[nf].name = sf_names[i];
			hit->factors[nf].weight = parts[i];
			hit->factors[nf].is_term = false;
			nf++;
		}
	hit->nfactors = nf;
	return TB_OK;
}

/* ---- document-at-a-time MaxScore ---- */

struct cursor {
	const struct term *t;
	const uint8_t *p, *e;
	uint32_t doc, sk;
	uint32_t tf[MF_NFIELDS];
	bool done;
	float idf, ub; /* ub = idf * bound of tt/(k1+tt) */
};

static inline void cur_next(struct cursor *c)
{
	if (c->p >= c->e) {
		c->done = true;
		c->doc = UINT32_MAX;
		return;
	}
	c->p = next_posting(c->p, c->e, &c->doc, c->tf);
}

static void cur_init(struct cursor *c, const struct term *t)
{
	c->t = t;
	c->p = t->pl;
	c->e = t->pl + t->plen;
	c->doc = 0;
	c->sk = 0;
	c->done = false;
	cur_next(c);
}

/* Advance to the first posting >= target, jumping with the skip entries. */
static void cur_seek(struct cursor *c, uint32_t target)
{
	const struct term *t = c->t;
	uint32_t j = c->sk;
	if (c->done || c->doc >= target)
		return;
	while (j < t->nskip && t->skip[j * 2] < target)
		j++;
	if (j > c->sk) {
		const uint8_t *bp = t->pl + t->skip[(j - 1) * 2 + 1];
		if (bp > c->p) { /* the block is ahead of us: jump */
			c->p = bp;
			c->doc = t->skip[(j - 1) * 2];
		}
		c->sk = j;
		if (c->p == bp) {
			cur_next(c);
			if (c->doc >= target)
				return;
		}
	}
	while (!c->done && c->doc < target)
		cur_next(c);
}

static int cmp_cursor_ub(const void *a, const void *b)
{
	const struct cursor *x = a, *y = b;
	return (x->ub > y->ub) - (x->ub < y->ub);
}

/* Top-k by MaxScore: cursors sorted by bound; the low-bound prefix whose
 * summed bounds (+ the structured maximum) cannot lift a document over the
 * current k-th score is only probed for candidates of the essential terms. */
static void maxscore(const struct mindex *x, const struct mquery *q, const struct qctx *c,
		     struct cursor *cu, size_t n, const struct rank *rk, bool has_ev, float smax,
		     float lmax, struct topk *heap, size_t *nh, size_t k, size_t *total)
{
	float cum[MAX_QTERMS], theta = -1;
	size_t fe = 0;
	qsort(cu, n, sizeof(*cu), cmp_cursor_ub);
	for (size_t i = 0; i < n; i++)
		cum[i] = (i ? cum[i - 1] : 0) + cu[i].ub * 1.0001f + 1e-6f;
	for (;;) {
		uint32_t d = UINT32_MAX;
		float sc = 0;
		bool skip = false;
		for (size_t i = fe; i < n; i++)
			if (cu[i].doc < d)
				d = cu[i].doc;
		if (d == UINT32_MAX || d >= x->nord)
			break;
		for (size_t i = fe; i < n; i++)
			if (cu[i].doc == d) {
				sc += cu[i].idf * saturate(rk, x->flen[d], cu[i].tf);
				cur_next(&cu[i]);
			}
		if (!passes(x, q, c, d))
			continue;
		for (size_t i = fe; i-- > 0;) {
			if (*nh == k && (sc + cum[i] + smax) * lmax < theta) {
				skip = true;
				break;
			}
			cur_seek(&cu[i], d);
			if (cu[i].doc == d)
				sc += cu[i].idf * saturate(rk, x->flen[d], cu[i].tf);
		}
		(*total)++;
		if (skip || (*nh == k && (sc + smax) * lmax < theta))
			continue;
		if (has_ev)
			sc = evidence_score(x, q, c, d, sc);
		heap_push(heap, nh, k, (struct topk){ sc, d, x->ids[d] });
		if (*nh == k) {
			theta = heap[0].score;
			while (fe < n && (cum[fe] + smax) * lmax < theta)
				fe++;
		}
	}
}

int mindex_search(struct mindex *x, const struct mquery *q, struct mresults *out)
{
	struct scratch *s;
	struct qterm qt[MAX_QTERMS];
	struct cursor *cu = NULL;
	struct qctx c = { 0 };
	struct topk *heap = NULL;
	struct rank rk;
	size_t nq = 0, k, nh = 0, limit, offset;
	bool has_ev;
	uint32_t ntok;
	float smax = 0, lmax = 1.0f;
	int rc = TB_OK;

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena, 64u << 20);
	limit = q->limit > MAX_LIMIT ? MAX_LIMIT : q->limit;
	offset = q->offset > MAX_OFFSET ? MAX_OFFSET : q->offset;
	k = limit ? limit + offset : 0;
	s = scratch_get(x->an_flags);
	if (!s)
		return TB_ENOMEM;
	dt_reset(s);
	s->maxterms = MAX_QTERMS;
	s->pairs = x->pairs; /* pair terms are dropped below when w_pair is now 0 */
	if ((rc = analyse_field(s, 0, q->text, &ntok)))
		return rc;
	if (k && !(heap = malloc(k * sizeof(*heap))))
		return TB_ENOMEM;

	pthread_rwlock_rdlock(&x->lock);
	c.f_field = resolve_attr(x, s, q->field);
	c.f_city = resolve_attr(x, s, q->city);
	c.e_field = resolve_attr(x, s, q->ev.field);
	c.e_city = resolve_attr(x, s, q->ev.city);
	c.e_prov = resolve_attr(x, s, q->ev.province);
	has_ev = ev_present(q);
	if (has_ev) {
		const struct mparams *p = &x->p;
		smax = (float)(p->w_same_field + p->w_trl_fit + p->w_mode_overlap + p->w_budget_fit);
		if (p->locality > 0)
			lmax = (float)(1.0 + fmax(p->w_same_city, p->w_same_province) * p->locality) *
			       1.0001f;
	}
	rank_init(x, &rk);
	for (size_t i = 0; i < s->nused; i++) {
		struct dterm *d = &s->dt[s->used[i]];
		const struct term *t = term_find(x, s->pool + d->off, d->len, d->hash);
		double N = (double)x->nlive, df;
		if (!t)
			continue;
		df = t->df < N ? t->df : N;
		qt[nq].t = t;
		qt[nq].idf = log(1.0 + (N - df + 0.5) / (df + 0.5)) * d->tf[0];
		qt[nq].s = s->pool + d->off;
		qt[nq].len = d->len;
		if (d->len && qt[nq].s[0] == PAIR_MARK) { /* shown as "w1 w2" */
			if (x->p.w_pair <= 0)
				continue;
			qt[nq].idf *= x->p.w_pair;
			qt[nq].s++;
			qt[nq].len--;
		}
		out->text_max += qt[nq].idf;
		nq++;
	}
	if (s->nused == 0) {
		/* no query terms: every document that passes the filters, by evidence */
		for (uint32_t o = 0; o < x->nord; o++) {
			if (!passes(x, q, &c, o))
				continue;
			out->total++;
			if (k)
				heap_push(heap, &nh, k,
					  (struct topk){ has_ev ? evidence_score(x, q, &c, o, 0) : 0,
							 o, x->ids[o] });
		}
	} else if (nq && k && !q->exact_total) {
		if (!(cu = malloc(nq * sizeof(*cu)))) {
			rc = TB_ENOMEM;
			goto unlock;
		}
		for (size_t i = 0; i < nq; i++) {
			cur_init(&cu[i], qt[i].t);
			cu[i].idf = (float)qt[i].idf;
			cu[i].ub = cu[i].idf * term_bound(x, (struct term *)qt[i].t, &rk);
		}
		maxscore(x, q, &c, cu, nq, &rk, has_ev, smax, lmax, heap, &nh, k, &out->total);
		out->total_is_lower_bound = true;
	} else if (nq) {
		/* term at a time, every posting: exact total */
		if (x->nord > s->acccap) {
			size_t oc = s->acccap;
			if ((rc = grow((void **)&s->acc, &s->acccap, x->nord, sizeof(float))))
				goto unlock;
			memset(s->acc + oc, 0, (s->acccap - oc) * sizeof(float)); /* stays zero */
		}
		s->ntouched = 0;
		for (size_t i = 0; i < nq; i++) {
			const struct term *t = qt[i].t;
			const uint8_t *p = t->pl, *e = t->pl + t->plen;
			uint32_t doc = 0, tf[MF_NFIELDS];
			float idf = (float)qt[i].idf;
			if ((rc = grow((void **)&s->touched, &s->tocap, s->ntouched + t->df,
				       sizeof(uint32_t))))
				goto unlock;
			while (p < e) {
				float sv;
				p = next_posting(p, e, &doc, tf);
				if (doc >= x->nord)
					break;
				if ((sv = saturate(&rk, x->flen[doc], tf)) <= 0)
					continue;
				if (s->acc[doc] == 0)
					s->touched[s->ntouched++] = doc;
				s->acc[doc] += idf * sv;
			}
		}
		for (size_t i = 0; i < s->ntouched; i++) {
			uint32_t o = s->touched[i];
			float sc = s->acc[o];
			s->acc[o] = 0;
			if (!passes(x, q, &c, o))
				continue;
			out->total++;
			if (!k)
				continue;
			if (has_ev)
				sc = evidence_score(x, q, &c, o, sc);
			heap_push(heap, &nh, k, (struct topk){ sc, o, x->ids[o] });
		}
	}
	if (nh > offset) {
		qsort(heap, nh, sizeof(*heap), cmp_topk);
		out->hits = arena_alloc(&out->arena, (nh - offset) * sizeof(*out->hits));
		if (!out->hits) {
			rc = TB_ENOMEM;
			goto unlock;
		}
		for (size_t i = offset; i < nh; i++) {
			if ((rc = explain(x, q, &c, qt, nq, &rk, &heap[i], out, &out->hits[out->nhits])))
				goto unlock;
			out->nhits++;
		}
	}
unlock:
	pthread_rwlock_unlock(&x->lock);
	free(heap);
	free(cu);
	return rc;
}

void mresults_release(struct mresults *r)
{
	arena_release(&r->arena);
	r->hits = NULL;
	r->nhits = 0;
	r->total = 0;
	r->total_is_lower_bound = false;
}
