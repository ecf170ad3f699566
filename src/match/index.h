/* index.h - in-memory inverted index and ranking for matching achievements
 * (科技成果) with enterprise demands. One instance holds one kind of document
 * (achievements or demands). No I/O: the caller loads documents from the store
 * and puts them here; the index copies what it needs.
 *
 * Ranking = BM25F over title, keywords and body (per-field weight and b, one
 * k1) + small additive structured evidence (same field, TRL fit, transaction
 * mode overlap, budget/price fit, same city / province). With no evidence in
 * the query the score is pure BM25F. Every hit carries its explanation: the
 * matched terms with their BM25F contribution and each structured factor.
 *
 * Thread-safety: searches run in parallel (read lock), put/del are exclusive
 * (write lock). Each thread that calls in gets its own analyzer and scratch
 * space (thread-local, freed when the thread exits). */
#ifndef TB_MATCH_INDEX_H
#define TB_MATCH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

/* Transaction modes (bitmask). */
enum mmode {
	MMODE_TRANSFER = 1,
	MMODE_LICENCE = 2,
	MMODE_EQUITY = 4,
	MMODE_CODEV = 8,
	MMODE_SERVICE = 16,
};

enum mfield { MF_TITLE, MF_KEYWORDS, MF_BODY, MF_NFIELDS };

struct mparams {
	double k1;                   /* BM25 term-frequency saturation */
	double w[MF_NFIELDS];        /* BM25F field weights (title, keywords, body) */
	double b[MF_NFIELDS];        /* per-field length normalisation */
	double w_pair;               /* weight of adjacent-word pair terms (a proximity
					signal for Latin text); 0 at mindex_new = none
					indexed */
	/* structured evidence, additive; set by hand (no labelled pairs yet). For
	 * scale: on SciFact the median top-1 BM25F score is 13.6, rank 10 is 6.3 */
	double w_same_field;
	double w_trl_fit;
	double w_mode_overlap;
	double w_budget_fit;
	double w_same_city;          /* score multiplier boost (0.15 = +15 %) times locality */
	double w_same_province;      /* same, when not the same city */
	double locality;             /* policy knob for local conversion; 0 disables */
	unsigned analyzer_flags;     /* enum analyzer_flags; fixed at mindex_new */
};

/* Text parameters tuned on SciFact train only; structured weights set by hand
 * (docs/matching.md). */
void mparams_default(struct mparams *p);

struct mdoc {
	int64_t id;
	const char *title;      /* zh and/or en */
	const char *keywords;   /* comma / semicolon / 、 separated */
	const char *body;       /* abstract / description */
	const char *field;      /* discipline code or name; may be NULL */
	int trl;                /* 1..9, 0 unknown (demands: minimum TRL wanted, 0 any) */
	unsigned modes;         /* enum mmode bits */
	const char *city;       /* may be NULL */
	const char *province;   /* may be NULL */
	double price_lo, price_hi; /* asking price or budget in yuan; < 0 negotiable/unknown */
	const char *status;     /* informational; the caller decides what it indexes */
	uint32_t valid_until;   /* last valid day as YYYYMMDD (a demand's deadline); 0 none */
};

/* Which side the query comes from decides how TRL and price compare. */
enum mside {
	MSIDE_DEMAND,      /* a demand looking for achievements: trl = minimum wanted,
			      price = budget; docs are achievements */
	MSIDE_ACHIEVEMENT, /* an achievement looking for demands: trl = its TRL,
			      price = its asking price; docs are demands */
};

struct mevidence {
	enum mside side;
	const char *field;     /* NULL = no evidence */
	int trl;               /* 0 = no evidence */
	unsigned modes;        /* 0 = no evidence */
	double price_lo, price_hi; /* < 0 = no evidence */
	const char *city;
	const char *province;
};

struct mquery {
	const char *text;      /* free text; no terms -> every doc passing the filters */
	/* filters, applied inside the index */
	const char *field;     /* equals (normalised: case folded, full-width folded) */
	int trl_min, trl_max;  /* 0 = unbounded; docs with unknown TRL fail either bound */
	unsigned modes_any;    /* doc must offer one of these; 0 = no filter */
	const char *city;      /* equals */
	double price_min, price_max; /* doc price range must overlap; < 0 = unbounded;
					negotiable docs always pass */
	struct mevidence ev;   /* structured scoring */
	size_t limit;          /* hits wanted (<= 1000); 0 = count only */
	size_t offset;         /* <= 100000 */
	int64_t exclude_id;    /* never returned; 0 = none (ids are > 0) */
	uint32_t valid_on;     /* YYYYMMDD: docs whose valid_until is earlier never match;
				  0 = no date filter */
	bool exact_total;      /* count every match (slower: no dynamic pruning) */
};

/* Sets no filters, no evidence, limit 10. */
void mquery_init(struct mquery *q);

struct mfactor {
	const char *name;  /* a matched term ("数据", "run") or a structured factor name */
	double weight;     /* its additive contribution to the score */
	bool is_term;
};

struct mhit {
	int64_t id;
	double score;
	double text;             /* the text (BM25F) part of score, before locality */
	struct mfactor *factors; /* terms by weight, then structured factors */
	size_t nfactors;
};

struct mresults {
	struct mhit *hits;
	size_t nhits;
	size_t total;       /* documents that matched and passed the filters */
	double text_max;    /* the text score a document holding every query term at
			       saturation would get: sum of the query terms' idf * qtf
			       (the reference for the 0-100 match strength) */
	bool total_is_lower_bound; /* pruned search: at least `total` matched */
	struct arena arena; /* owns hits and factors */
};

struct mindex;

struct mindex *mindex_new(const struct mparams *p); /* NULL p = defaults; NULL on OOM */
void mindex_free(struct mindex *idx);
/* Insert, or replace the document with the same id. TB_EINVAL for id <= 0. */
int mindex_put(struct mindex *idx, const struct mdoc *d);
/* TB_OK, or TB_ENOTFOUND. */
int mindex_del(struct mindex *idx, int64_t id);
size_t mindex_count(struct mindex *idx);
/* The ids of the live documents (malloc'd, caller frees; in no order): lets
 * the owner resynchronise the index with its source without rebuilding it. */
int mindex_ids(struct mindex *idx, int64_t **out, size_t *n);
/* Ranking parameters can change at any time (BM25F is computed at query time);
 * analyzer_flags is ignored here, and w_pair only acts when the index was created
 * with w_pair > 0 (pair terms are indexed then). */
void mindex_set_params(struct mindex *idx, const struct mparams *p);
/* Approximate heap bytes held by the index. */
size_t mindex_bytes(struct mindex *idx);
/* Drops deleted and replaced documents from the postings (exclusive; O(index)). */
int mindex_compact(struct mindex *idx);

/* Fills out (initialised here; call mresults_release afterwards, also on error). */
int mindex_search(struct mindex *idx, const struct mquery *q, struct mresults *out);
void mresults_release(struct mresults *r);

#endif
