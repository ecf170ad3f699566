/* analyzer.c - see analyzer.h. Two normalisation paths feed one tokenizer:
 * the fast path decodes UTF-8 itself and handles ASCII, CJK ideographs,
 * full-width ASCII and common punctuation (for these NFKC case folding is a
 * trivial mapping); any other code point sends the whole text through ICU
 * (UTF-16, NFKC_Casefold). Traditional -> Simplified is a 16-bit table built once
 * from ICU's transliterator, because the transliterator itself is slow and not
 * thread-safe and the ICU rules for this direction are one character to one. */
#include "text/analyzer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include "core/err.h"

#define MAX_TEXT (64u << 20)
#define T2S_LO 0x3400u
#define T2S_HI 0x9FFFu
#define STEM_CACHE 8192u
#define STEM_KEY 24

/* ---- process-wide tables (built once) ---- */

static uint16_t t2s[T2S_HI - T2S_LO + 1];
static pthread_once_t t2s_once = PTHREAD_ONCE_INIT;
static const UNormalizer2 *nfkc_cf;

static void t2s_build(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UTransliterator *tr;
	size_t n = T2S_HI - T2S_LO + 1;
	UChar *s;
	int32_t len, limit;

	for (size_t i = 0; i < n; i++)
		t2s[i] = (uint16_t)(T2S_LO + i);
	nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
	if (U_FAILURE(st))
		nfkc_cf = NULL;
	st = U_ZERO_ERROR;
	tr = utrans_openU((const UChar[]){ 'T', 'r', 'a', 'd', 'i', 't', 'i', 'o', 'n', 'a', 'l', '-',
					   'S', 'i', 'm', 'p', 'l', 'i', 'f', 'i', 'e', 'd', 0 },
			  -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st) || !tr)
		return; /* no ICU data: identity mapping */
	s = malloc((n * 2 + 16) * sizeof(*s));
	if (!s)
		goto out;
	/* One call over every BMP ideograph; if the rules ever map one character to
	 * several the lengths differ and we fall back to one call per character. */
	for (size_t i = 0; i < n; i++)
		s[i] = (UChar)(T2S_LO + i);
	len = limit = (int32_t)n;
	utrans_transUChars(tr, s, &len, (int32_t)(n * 2 + 16), 0, &limit, &st);
	if (U_SUCCESS(st) && len == (int32_t)n) {
		for (size_t i = 0; i < n; i++)
			if (!U16_IS_SURROGATE(s[i]))
				t2s[i] = s[i];
	} else {
		for (size_t i = 0; i < n; i++) {
			UChar c[8] = { (UChar)(T2S_LO + i) };
			st = U_ZERO_ERROR;
			len = limit = 1;
			utrans_transUChars(tr, c, &len, 8, 0, &limit, &st);
			if (U_SUCCESS(st) && len == 1 && !U16_IS_SURROGATE(c[0]))
				t2s[i] = c[0];
		}
	}
	free(s);
out:
	utrans_close(tr);
}

/* Snowball's English stopword list (the short forms are what our tokenizer
 * leaves of contractions such as "don't"). Sorted for bsearch. */
static const char *const stopwords[] = {
	"a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any",
	"are", "as", "at", "be", "because", "been", "before", "being", "below", "between",
	"both", "but", "by", "can", "could", "d", "did", "do", "does", "doing", "don", "down",
	"during", "each", "few", "for", "from", "further", "had", "has", "have", "having",
	"he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
	"in", "into", "is", "it", "its", "itself", "just", "ll", "m", "me", "more", "most",
	"my", "myself", "no", "nor", "not", "now", "o", "of", "off", "on", "once", "only",
	"or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "re", "s",
	"same", "she", "should", "so", "some", "such", "t", "than", "that", "the", "their",
	"theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
	"through", "to", "too", "under", "until", "up", "ve", "very", "was", "we", "were",
	"what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
	"would", "y", "you", "your", "yours", "yourself", "yourselves",
};

static bool is_stopword(const char *w, size_t n)
{
	size_t lo = 0, hi = sizeof(stopwords) / sizeof(stopwords[0]);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *s = stopwords[mid];
		size_t sl = strlen(s);
		int c = memcmp(w, s, n < sl ? n : sl);
		if (c == 0)
			c = (n > sl) - (n < sl);
		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* ---- analyzer instance ---- */

struct stem_slot {
	uint8_t klen;  /* 0 = empty */
	uint8_t slen;  /* 0 = stopword */
	char key[STEM_KEY];
	char stem[STEM_KEY];
};

enum cls { C_SEP, C_WORD, C_CJK };

struct analyzer {
	unsigned flags;
	struct sb_stemmer *stemmer;
	struct stem_slot *cache;
	UChar *u16, *norm;
	size_t u16cap, normcap;

	/* tokenizer state for one run */
	analyzer_cb cb;
	void *ctx;
	struct buf *nout; /* normalise mode when set */
	int rc;
	uint32_t pos;
	char word[ANALYZER_MAX_TERM + 8];
	size_t wlen;
	bool w_nonascii, w_alpha_only;
	uint32_t cjk_prev;
	unsigned cjk_run;
};

struct analyzer *analyzer_new_flags(unsigned flags)
{
	struct analyzer *a;
	pthread_once(&t2s_once, t2s_build);
	a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->flags = flags;
	a->stemmer = sb_stemmer_new("english", NULL);
	a->cache = calloc(STEM_CACHE, sizeof(*a->cache));
	if (!a->stemmer || !a->cache) {
		analyzer_free(a);
		return NULL;
	}
	return a;
}

struct analyzer *analyzer_new(void) { return analyzer_new_flags(0); }

void analyzer_free(struct analyzer *a)
{
	if (!a)
		return;
	if (a->stemmer)
		sb_stemmer_delete(a->stemmer);
	free(a->cache);
	free(a->u16);
	free(a->norm);
	free(a);
}

static size_t put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decodes one code point at p (< e). Returns its length, or 0 for an invalid
 * byte (the caller skips one byte). */
static inline size_t dec_utf8(const unsigned char *p, const unsigned char *e, uint32_t *out)
{
	unsigned c = p[0];
	size_t need, i;
	uint32_t cp;
	if (c < 0x80) {
		*out = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; }
	else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; }
	else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; }
	else return 0;
	if ((size_t)(e - p) < need + 1)
		return 0;
	for (i = 1; i <= need; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	*out = cp;
	return need + 1;
}

static inline bool is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF);
}

static inline bool is_cjk_other(uint32_t cp) /* kana, hangul: bigrammed like Han */
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0x31F0 && cp <= 0x31FF);
}

static inline uint32_t to_simplified(uint32_t cp)
{
	if (cp >= T2S_LO && cp <= T2S_HI)
		return t2s[cp - T2S_LO];
	return cp;
}

/* ---- tokenizer ---- */

static void emit(struct analyzer *a, const char *t, size_t n)
{
	if (a->rc)
		return;
	a->rc = a->cb(a->ctx, t, n, a->pos++);
}

static void emit_word(struct analyzer *a, const char *w, size_t n)
{
	struct stem_slot *s;
	uint32_t h = 2166136261u;
	const sb_symbol *st;
	int sl;

	if (n >= STEM_KEY) {
		if (!(a->flags & ANALYZER_NO_STEM)) {
			st = sb_stemmer_stem(a->stemmer, (const sb_symbol *)w, (int)n);
			if (st) {
				emit(a, (const char *)st, (size_t)sb_stemmer_length(a->stemmer));
				return;
			}
		}
		emit(a, w, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	s = &a->cache[h & (STEM_CACHE - 1)];
	if (s->klen == n && memcmp(s->key, w, n) == 0) {
		if (s->slen)
			emit(a, s->stem, s->slen);
		return;
	}
	s->klen = (uint8_t)n;
	memcpy(s->key, w, n);
	if (!(a->flags & ANALYZER_KEEP_STOPWORDS) && is_stopword(w, n)) {
		s->slen = 0;
		return;
	}
	if (a->flags & ANALYZER_NO_STEM) {
		st = (const sb_symbol *)w;
		sl = (int)n;
	} else {
		st = sb_stemmer_stem(a->stemmer, (const sb_symbol *)w, (int)n);
		sl = st ? sb_stemmer_length(a->stemmer) : 0;
		if (!st || sl <= 0 || sl >= STEM_KEY) {
			st = (const sb_symbol *)w;
			sl = (int)n;
		}
	}
	memcpy(s->stem, st, (size_t)sl);
	s->slen = (uint8_t)sl;
	emit(a, s->stem, s->slen);
}

static void flush_word(struct analyzer *a)
{
	if (!a->wlen)
		return;
	if (a->w_alpha_only && !a->w_nonascii)
		emit_word(a, a->word, a->wlen);
	else
		emit(a, a->word, a->wlen);
	a->wlen = 0;
	a->w_nonascii = false;
	a->w_alpha_only = true;
}

static void flush_cjk(struct analyzer *a)
{
	if (a->cjk_run == 1 && !(a->flags & ANALYZER_CJK_UNIGRAMS)) {
		char b[4];
		emit(a, b, put_utf8(b, a->cjk_prev));
	}
	a->cjk_run = 0;
}

static inline void feed(struct analyzer *a, uint32_t cp, enum cls c)
{
	if (a->nout) { /* normalise mode: collapse separators to one space */
		char b[4];
		if (c == C_SEP) {
			if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000) {
				if (a->nout->len && a->nout->ptr[a->nout->len - 1] != ' ')
					a->rc = a->rc ? a->rc : buf_addc(a->nout, ' ');
				return;
			}
		}
		if (!a->rc)
			a->rc = buf_add(a->nout, b, put_utf8(b, cp));
		return;
	}
	switch (c) {
	case C_WORD:
		if (a->cjk_run)
			flush_cjk(a);
		if (a->wlen + 4 <= ANALYZER_MAX_TERM) {
			if (cp >= 0x80)
				a->w_nonascii = true;
			else if (cp >= '0' && cp <= '9')
				a->w_alpha_only = false;
			a->wlen += put_utf8(a->word + a->wlen, cp);
		}
		break;
	case C_CJK:
		if (a->wlen)
			flush_word(a);
		if (a->flags & ANALYZER_CJK_UNIGRAMS) {
			char b[4];
			emit(a, b, put_utf8(b, cp));
		}
		if (a->cjk_run) {
			char b[8];
			size_t n = put_utf8(b, a->cjk_prev);
			n += put_utf8(b + n, cp);
			emit(a, b, n);
		}
		a->cjk_prev = cp;
		a->cjk_run++;
		break;
	case C_SEP:
		if (a->wlen)
			flush_word(a);
		if (a->cjk_run)
			flush_cjk(a);
		break;
	}
}

/* Fast-path classification; returns false when ICU is needed for cp. */
static inline bool fast_cp(uint32_t *cp, enum cls *c)
{
	uint32_t x = *cp;
	if (x >= 0xFF01 && x <= 0xFF5E) /* full-width ASCII: NFKC is this shift */
		x -= 0xFEE0;
	if (x < 0x80) {
		if (x >= 'A' && x <= 'Z')
			x += 32;
		*cp = x;
		*c = ((x >= 'a' && x <= 'z') || (x >= '0' && x <= '9')) ? C_WORD : C_SEP;
		return true;
	}
	if ((x >= 0x4E00 && x <= 0x9FFF) || (x >= 0x3400 && x <= 0x4DBF)) {
		*cp = to_simplified(x);
		*c = C_CJK;
		return true;
	}
	/* CJK and general punctuation that NFKC keeps non-alphanumeric. */
	if ((x >= 0x3000 && x <= 0x3004) || (x >= 0x3008 && x <= 0x3037) ||
	    (x >= 0x2010 && x <= 0x2027) || (x >= 0x2030 && x <= 0x205E) || x == 0x00A0 ||
	    x == 0x00B7 || x == 0xFF0C) {
		*cp = x;
		*c = C_SEP;
		return true;
	}
	return false;
}

static enum cls slow_class(uint32_t cp)
{
	int8_t t;
	if (is_han(cp) || is_cjk_other(cp))
		return C_CJK;
	if (u_isalnum((UChar32)cp))
		return C_WORD;
	t = u_charType((UChar32)cp);
	if (t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK)
		return C_WORD;
	return C_SEP;
}

static int grow16(UChar **p, size_t *cap, size_t need)
{
	UChar *n;
	if (need <= *cap)
		return TB_OK;
	n = realloc(*p, need * sizeof(UChar));
	if (!n)
		return TB_ENOMEM;
	*p = n;
	*cap = need;
	return TB_OK;
}

static int run_slow(struct analyzer *a, const unsigned char *p, const unsigned char *e)
{
	size_t n = 0, i;
	int32_t nl;
	UErrorCode st = U_ZERO_ERROR;
	int rc = grow16(&a->u16, &a->u16cap, (size_t)(e - p) + 1);
	if (rc)
		return rc;
	while (p < e) { /* UTF-8 -> UTF-16, invalid bytes dropped */
		uint32_t cp;
		size_t l = dec_utf8(p, e, &cp);
		if (!l) {
			p++;
			a->u16[n++] = ' ';
			continue;
		}
		p += l;
		if (cp >= 0x10000) {
			a->u16[n++] = U16_LEAD(cp);
			a->u16[n++] = U16_TRAIL(cp);
		} else {
			a->u16[n++] = (UChar)cp;
		}
	}
	if (!nfkc_cf)
		return TB_EINVAL;
	rc = grow16(&a->norm, &a->normcap, n + 16);
	if (rc)
		return rc;
	nl = unorm2_normalize(nfkc_cf, a->u16, (int32_t)n, a->norm, (int32_t)a->normcap, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		rc = grow16(&a->norm, &a->normcap, (size_t)nl + 16);
		if (rc)
			return rc;
		st = U_ZERO_ERROR;
		nl = unorm2_normalize(nfkc_cf, a->u16, (int32_t)n, a->norm, (int32_t)a->normcap, &st);
	}
	if (U_FAILURE(st))
		return TB_EINVAL;
	for (i = 0; i < (size_t)nl && !a->rc;) {
		UChar32 c;
		U16_NEXT(a->norm, i, (size_t)nl, c);
		if (U16_IS_SURROGATE(c)) {
			feed(a, ' ', C_SEP);
			continue;
		}
		uint32_t cp = to_simplified((uint32_t)c);
		feed(a, cp, slow_class(cp));
	}
	return TB_OK;
}

static int run(struct analyzer *a, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text, *e = p + len, *q;
	bool fast = true;
	int rc;

	if (len > MAX_TEXT)
		return TB_ETOOBIG;
	a->rc = 0;
	a->pos = 0;
	a->wlen = 0;
	a->w_nonascii = false;
	a->w_alpha_only = true;
	a->cjk_run = 0;
	/* Prescan: can the fast path handle every code point? */
	for (q = p; q < e;) {
		uint32_t cp;
		enum cls c;
		size_t l;
		if (*q < 0x80) {
			q++;
			continue;
		}
		l = dec_utf8(q, e, &cp);
		if (!l) {
			q++;
			continue;
		}
		q += l;
		if (!fast_cp(&cp, &c)) {
			fast = false;
			break;
		}
	}
	if (fast) {
		while (p < e && !a->rc) {
			uint32_t cp;
			enum cls c = C_SEP;
			size_t l = dec_utf8(p, e, &cp);
			if (!l) {
				p++;
				feed(a, ' ', C_SEP);
				continue;
			}
			p += l;
			fast_cp(&cp, &c);
			feed(a, cp, c);
		}
	} else {
		rc = run_slow(a, p, e);
		if (rc)
			return rc;
	}
	if (!a->nout)
		feed(a, ' ', C_SEP);
	return a->rc;
}

int analyzer_run(struct analyzer *a, const char *text, size_t len, analyzer_cb cb, void *ctx)
{
	if (!text)
		return TB_OK;
	a->cb = cb;
	a->ctx = ctx;
	a->nout = NULL;
	return run(a, text, len);
}

int analyzer_normalize(struct analyzer *a, const char *text, size_t len, struct buf *out)
{
	size_t start = out->len;
	int rc;
	if (!text)
		return TB_OK;
	a->nout = out;
	rc = run(a, text, len);
	a->nout = NULL;
	if (rc)
		return rc;
	/* trim the separator spaces we may have left at either end */
	while (out->len > start && out->ptr[out->len - 1] == ' ')
		out->ptr[--out->len] = 0;
	if (out->len > start && out->ptr[start] == ' ') {
		memmove(out->ptr + start, out->ptr + start + 1, out->len - start - 1);
		out->ptr[--out->len] = 0;
	}
	return TB_OK;
}
