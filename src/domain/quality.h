/* quality.h - the completeness and quality score of a listing (issue #16):
 * what industry asks of an achievement or a demand before it is worth
 * reading (docs/release.md, "Listing quality"). One rule table per kind; each
 * rule has a stable code, the field it concerns, points, whether it blocks
 * submission on its own, and what to add in Chinese and English. The score is
 * a pure function of the record, computed on every save and every read, so
 * it never goes stale. No JSON, no SQL. */
#ifndef TB_QUALITY_H
#define TB_QUALITY_H

#include <stdbool.h>
#include "model/catalog.h"

/* Submit (and publish) are refused under this score, or when a blocking
 * item is missing whatever the score. */
#define QUALITY_THRESHOLD 60
#define QUALITY_MAX_ITEMS 12

struct quality_item {
	const char *code;     /* stable: "abstract_length", "ip_consistent", ... */
	const char *field;    /* the API field to edit: "abstract_zh", "contact.email", ... */
	int points;           /* weight; the points of all items add up to 100 */
	bool blocking;        /* missing -> submit refused whatever the score */
	bool ok;
	const char *zh, *en;  /* what the rule asks for, said as what to add */
};

struct quality_report {
	int score;            /* 0..100: the points of the items that are met */
	int threshold;
	bool ready;           /* score >= threshold and no blocking item missing */
	int n;
	struct quality_item items[QUALITY_MAX_ITEMS];
};

void quality_achievement(const struct achievement *x, struct quality_report *out);
void quality_demand(const struct demand *x, struct quality_report *out);

/* Text probes the rules use (exposed for the unit tests). */
int quality_sentences(const char *s);       /* sentence ends: 。！？；.!? */
bool quality_has_figure(const char *s);     /* a number with %, 倍, times, -fold, x */
bool quality_has_any(const char *s, const char *const *words); /* ASCII words case-folded */

#endif
