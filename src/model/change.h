/* change.h - one row of the change log (issue #12): a committed write of a
 * row that some node indexes or caches. Rows are appended by the database
 * itself (triggers of schema version 13), in the writing transaction, and
 * read by every node that follows the log (domain/changefeed.h). Data only. */
#ifndef TB_MODEL_CHANGE_H
#define TB_MODEL_CHANGE_H

#include <stdint.h>

struct change {
	int64_t seq;         /* increasing in commit order; never reused */
	const char *entity;  /* achievement demand org contract indicator_target certification
	                      * instrument booking challenge challenge_app challenge_milestone
	                      * feedback */
	int64_t entity_id;   /* the row's id (indicator_target: year; certification: org id) */
	const char *op;      /* insert update delete */
	const char *at;      /* commit time, ISO 8601 UTC */
};

#endif
