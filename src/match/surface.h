/* surface.h - turns the index terms of an explanation back into the words a
 * person wrote. The index matches on stems ("compens") and CJK bigrams
 * ("预测", "测性"); an explanation shown to people must quote the listing's
 * own text instead ("compensation", "预测性"). No I/O. */
#ifndef TB_MATCH_SURFACE_H
#define TB_MATCH_SURFACE_H

#include <stddef.h>
#include "core/arena.h"
#include "match/index.h"
#include "text/analyzer.h"

struct msurface {
	const char *word;  /* a substring of the text (arena); the term itself when the
			      text holds no surface form of it */
	double weight;     /* sum of the weights of the terms it stands for */
	const char *terms; /* the index terms it stands for, "|"-separated (arena) */
};

/* Maps the term factors of `f[0..n)` (is_term ones; others are ignored) onto
 * surface words of `text`: a Latin word whose analysis yields a matched term,
 * or the longest run of CJK characters whose consecutive bigrams are all
 * matched terms. Each term goes to its first occurrence; words are returned by
 * weight, heaviest first. */
int msurface_words(struct analyzer *an, const char *text, const struct mfactor *f, size_t n,
		   struct arena *a, struct msurface **out, size_t *nout);

#endif
