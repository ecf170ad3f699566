/* tmpdir.h - where unit tests put their scratch databases and files: $TMPDIR
 * when set (scripts/run-tests.sh points it at a tmpfs, so SQLite's commits
 * cost no disk flush; docs/testing.md), else /tmp. */
#ifndef TB_TEST_TMPDIR_H
#define TB_TEST_TMPDIR_H

#include <stdlib.h>

static inline const char *test_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t ? t : "/tmp";
}

#endif
