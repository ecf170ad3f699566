/* challenge_version.h - an earlier version of a challenge application
 * (issue #13 leftover): a team may edit its application until the deadline;
 * each edit keeps the version it replaces - plan, requested amount and its
 * lines as text - so the history is complete once the seal lifts. Data, no
 * rules. */
#ifndef TB_MODEL_CHALLENGE_VERSION_H
#define TB_MODEL_CHALLENGE_VERSION_H

#include <stdint.h>

struct ch_app_version {
	int64_t id, app_id;
	int version;              /* 1 = as first submitted */
	const char *plan;
	int64_t requested_fen;
	const char *lines;        /* kind\tseq\tname\tvalue\tunit\tweight\tamount_fen\tref_id per line */
	const char *replaced_at;
	int64_t replaced_by;      /* user id, 0 = none */
};

#endif
