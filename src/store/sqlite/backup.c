/* backup.c - `techbridge backup` on SQLite: the online backup API copies the
 * database page by page into a new file while the server keeps reading and
 * writing (docs/deploy.md, "Backups"). The copy is a consistent snapshot:
 * when another connection writes during a step, SQLite restarts the copy
 * from its last consistent point. */
#include "store/sqlite/sq.h"
#include "core/err.h"
#include "core/log.h"
#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* Pages per step: small enough that the read lock is short, large enough
 * that a busy file still finishes (a writer restarts only the steps after
 * its commit in WAL mode). */
#define BACKUP_PAGES 1024

int sq_backup(struct store *s, const char *dest)
{
	struct sq *q = SQ(s);
	sqlite3 *out = NULL;
	sqlite3_backup *b = NULL;
	char tmp[4096];
	int rc = TB_OK, step;
	struct timespec nap = { 0, 10 * 1000000L };

	if (!dest || !*dest || snprintf(tmp, sizeof(tmp), "%s.tmp", dest) >= (int)sizeof(tmp))
		return TB_EINVAL;
	unlink(tmp);
	if (sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		tb_error("backup: cannot create %s: %s", tmp, out ? sqlite3_errmsg(out) : "out of memory");
		rc = TB_EIO;
		goto out;
	}
	if (!(b = sqlite3_backup_init(out, "main", q->db, "main"))) {
		tb_error("backup: %s", sqlite3_errmsg(out));
		rc = TB_EIO;
		goto out;
	}
	do {
		step = sqlite3_backup_step(b, BACKUP_PAGES);
		if (step == SQLITE_BUSY || step == SQLITE_LOCKED)
			nanosleep(&nap, NULL);
	} while (step == SQLITE_OK || step == SQLITE_BUSY || step == SQLITE_LOCKED);
	if (step != SQLITE_DONE) {
		tb_error("backup: %s", sqlite3_errstr(step));
		rc = step == SQLITE_NOMEM ? TB_ENOMEM : TB_EIO;
	}
out:
	if (b && sqlite3_backup_finish(b) != SQLITE_OK && !rc)
		rc = TB_EIO;
	if (out && sqlite3_close(out) != SQLITE_OK && !rc)
		rc = TB_EIO;
	if (!rc && rename(tmp, dest)) {
		tb_error("backup: cannot rename %s to %s", tmp, dest);
		rc = TB_EIO;
	}
	if (rc)
		unlink(tmp);
	return rc;
}
