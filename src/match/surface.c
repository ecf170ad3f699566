/* surface.c - see surface.h. Re-analyses the listing's text piece by piece
 * (one Latin word, or one pair of CJK characters, at a time) with the same
 * analyzer the index used, so that a piece is tied to a term exactly when the
 * index would have produced that term from it. */
#include "match/surface.h"
#include "core/err.h"
#include <stdlib.h>
#include <string.h>

#define MAX_TERMS 256

struct sctx {
	const struct mfactor *f;
	size_t n;
	int hit; /* index into f of the last matched term, -1 none */
};

static int match_cb(void *ctx, const char *t, size_t len, uint32_t pos)
{
	struct sctx *s = ctx;
	(void)pos;
	for (size_t i = 0; i < s->n; i++)
		if (s->f[i].is_term && strlen(s->f[i].name) == len && !memcmp(s->f[i].name, t, len)) {
			s->hit = (int)i;
			return 0;
		}
	return 0;
}

/* Decodes one UTF-8 code point at p (< e); returns its length, 1 for a bad byte. */
static size_t dec(const unsigned char *p, const unsigned char *e, unsigned *cp)
{
	size_t n = p[0] < 0x80 ? 1 : p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 1;
	unsigned v = n == 1 ? p[0] : n == 2 ? p[0] & 0x1F : n == 3 ? p[0] & 0x0F : p[0] & 0x07;
	if ((size_t)(e - p) < n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (p[i] & 0x3F);
	}
	*cp = v;
	return n;
}

static int is_cjk(unsigned c)
{
	return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF) ||
	       (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF);
}

static int is_word(unsigned c)
{
	return (c < 0x80 && ((c | 32) - 'a' < 26 || c - '0' < 10)) || (c >= 0xC0 && c < 0x2000) ||
	       (c >= 0xFF10 && c <= 0xFF5A); /* full-width letters and digits */
}

/* Which matched term, if any, the analyzer makes of text[0..len); -1 none. */
static int term_of(struct analyzer *an, struct sctx *s, const char *t, size_t len)
{
	s->hit = -1;
	if (analyzer_run(an, t, len, match_cb, s))
		return -1;
	return s->hit;
}

static int cmp_w(const void *x, const void *y)
{
	const struct msurface *a = x, *b = y;
	return (a->weight < b->weight) - (a->weight > b->weight);
}

int msurface_words(struct analyzer *an, const char *text, const struct mfactor *f, size_t n,
		   struct arena *a, struct msurface **out, size_t *nout)
{
	const unsigned char *p = (const unsigned char *)(text ? text : ""), *e;
	const char *word[MAX_TERMS] = { 0 };
	size_t wlen[MAX_TERMS] = { 0 };
	struct sctx s = { f, n > MAX_TERMS ? MAX_TERMS : n, -1 };
	struct msurface *w;
	size_t nw = 0;
	int rc = TB_OK;

	e = p + strlen((const char *)p);
	n = s.n;
	while (p < e) {
		unsigned cp;
		size_t l = dec(p, e, &cp);
		if (is_word(cp)) { /* one Latin word */
			const unsigned char *q = p + l;
			int k;
			while (q < e && (l = dec(q, e, &cp), is_word(cp)))
				q += l;
			k = term_of(an, &s, (const char *)p, (size_t)(q - p));
			if (k >= 0 && !word[k]) {
				word[k] = (const char *)p;
				wlen[k] = (size_t)(q - p);
			}
			p = q;
		} else if (is_cjk(cp)) { /* one run of CJK characters, pair by pair */
			const unsigned char *c0 = p, *c1 = p + l, *rs = NULL;
			int ks[MAX_TERMS], nk = 0;
			for (;;) {
				unsigned cp2 = 0;
				size_t l2 = c1 < e ? dec(c1, e, &cp2) : 0;
				int k = -1;
				if (l2 && is_cjk(cp2))
					k = term_of(an, &s, (const char *)c0, (size_t)(c1 + l2 - c0));
				else if (c0 == p && !rs) /* a one-character run: its unigram */
					k = term_of(an, &s, (const char *)c0, (size_t)(c1 - c0));
				if (k >= 0) {
					if (!rs)
						rs = c0;
					if (nk < MAX_TERMS)
						ks[nk++] = k;
				}
				if (rs && (k < 0 || !l2 || !is_cjk(cp2))) {
					/* the run of matched pairs ends: the surface word is rs..c1(+pair end) */
					const unsigned char *re = k >= 0 && l2 && is_cjk(cp2) ? c1 + l2 : c1;
					for (int i = 0; i < nk; i++)
						if (!word[ks[i]]) {
							word[ks[i]] = (const char *)rs;
							wlen[ks[i]] = (size_t)(re - rs);
						}
					rs = NULL;
					nk = 0;
				}
				if (!l2 || !is_cjk(cp2))
					break;
				c0 = c1;
				c1 += l2;
			}
			p = c1;
		} else {
			p += l;
		}
	}
	w = arena_alloc(a, sizeof(*w) * (n + 1));
	if (!w) {
		rc = TB_ENOMEM;
		goto out;
	}
	/* one entry per distinct surface word, weights summed */
	for (size_t i = 0; i < n; i++) {
		const char *wd;
		size_t j;
		if (!f[i].is_term)
			continue;
		wd = word[i] ? arena_strndup(a, word[i], wlen[i]) : arena_strdup(a, f[i].name);
		if (!wd) {
			rc = TB_ENOMEM;
			goto out;
		}
		for (j = 0; j < nw; j++)
			if (!strcmp(w[j].word, wd))
				break;
		if (j == nw) {
			w[nw].word = wd;
			w[nw].weight = 0;
			w[nw].terms = arena_strdup(a, f[i].name);
			nw++;
		} else {
			w[j].terms = arena_printf(a, "%s|%s", w[j].terms, f[i].name);
		}
		w[j].weight += f[i].weight;
		if (!w[j].terms) {
			rc = TB_ENOMEM;
			goto out;
		}
	}
	qsort(w, nw, sizeof(*w), cmp_w);
	*out = w;
	*nout = nw;
out:
	return rc;
}
