/* analyzer.h - turns Chinese/English text into index terms. Both the index and
 * the queries go through the same analyzer so that they agree on terms:
 *   - normalisation: NFKC case folding (full-width -> half-width, case fold) and
 *     Traditional -> Simplified Chinese (ICU's "Traditional-Simplified" turned
 *     into a lookup table once per process, so it is thread-safe and cheap);
 *     pure ASCII and plain Chinese text never enter ICU (fast path);
 *   - runs of CJK characters -> overlapping bigrams (a one-character run -> the
 *     unigram), optionally also unigrams;
 *   - Latin words -> lowercase, English stopwords dropped, Snowball English stem;
 *     tokens with digits ("5g", "304l", "22900") are kept as they are;
 *   - malformed UTF-8 is skipped byte by byte (never read past `len`).
 * An analyzer instance is NOT thread-safe (it owns a Snowball stemmer and
 * scratch buffers): use one per thread. */
#ifndef TB_ANALYZER_H
#define TB_ANALYZER_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct analyzer;

/* Longest term handed to a callback, in bytes; longer words are truncated. */
#define ANALYZER_MAX_TERM 64

enum analyzer_flags {
	ANALYZER_CJK_UNIGRAMS = 1, /* also emit every CJK character as a unigram */
	ANALYZER_NO_STEM = 2,      /* keep English words unstemmed */
	ANALYZER_KEEP_STOPWORDS = 4,
};

/* Term callback: term bytes (not NUL-terminated), length, and the token position
 * (0, 1, 2, ... in text order). A non-zero return stops the run and is returned. */
typedef int (*analyzer_cb)(void *ctx, const char *term, size_t len, uint32_t pos);

struct analyzer *analyzer_new(void);               /* NULL on OOM */
struct analyzer *analyzer_new_flags(unsigned flags);
void analyzer_free(struct analyzer *a);

/* Tokenise text[0..len). Returns TB_OK, TB_ENOMEM, TB_ETOOBIG (text over
 * 64 MiB), or the first non-zero value returned by cb. */
int analyzer_run(struct analyzer *a, const char *text, size_t len, analyzer_cb cb, void *ctx);

/* Normalised text (NFKC case fold + Traditional -> Simplified, invalid bytes
 * dropped, surrounding whitespace trimmed) appended to out. Used to compare
 * attribute strings such as city or field names. */
int analyzer_normalize(struct analyzer *a, const char *text, size_t len, struct buf *out);

#endif
