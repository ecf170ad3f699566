/* pg_fixture.h - a PostgreSQL database for unit tests. The cluster is the one
 * `make test` started (TB_TEST_PG_URL, from scripts/pg-cluster.sh); a test
 * binary run on its own starts its own throw-away cluster the same way (from
 * the repository root) and stops it at exit. Never a server the machine
 * happens to run: there is no default URL. */
#ifndef TB_PG_FIXTURE_H
#define TB_PG_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char pgfx_base[512];
static char pgfx_dir[64];

static void pgfx_stop(void)
{
	char cmd[160];
	if (!pgfx_dir[0])
		return;
	snprintf(cmd, sizeof(cmd), "scripts/pg-cluster.sh stop %s", pgfx_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "pg_fixture: stopping %s failed\n", pgfx_dir);
	pgfx_dir[0] = '\0';
}

/* The cluster's base URL (database `postgres`), or NULL with a message. */
static const char *pgfx_base_url(void)
{
	const char *env = getenv("TB_TEST_PG_URL");
	char cmd[160];
	FILE *p;

	if (pgfx_base[0])
		return pgfx_base;
	if (env && *env) {
		snprintf(pgfx_base, sizeof(pgfx_base), "%s", env);
		return pgfx_base;
	}
	snprintf(pgfx_dir, sizeof(pgfx_dir), "/tmp/tb-unit-pg.XXXXXX");
	if (!mkdtemp(pgfx_dir)) {
		pgfx_dir[0] = '\0';
		fprintf(stderr, "pg_fixture: mkdtemp failed\n");
		return NULL;
	}
	atexit(pgfx_stop);
	snprintf(cmd, sizeof(cmd), "scripts/pg-cluster.sh start %s", pgfx_dir);
	if (!(p = popen(cmd, "r")) || !fgets(pgfx_base, sizeof(pgfx_base), p)) {
		if (p)
			pclose(p);
		pgfx_base[0] = '\0';
		fprintf(stderr, "pg_fixture: '%s' failed (run from the repository root)\n", cmd);
		return NULL;
	}
	pclose(p);
	pgfx_base[strcspn(pgfx_base, "\n")] = '\0';
	return pgfx_base;
}

/* The URL of database `name` on the cluster (base URL with its path replaced). */
static void pgfx_db_url(char *out, size_t n, const char *name)
{
	const char *base = pgfx_base_url();
	const char *q = base ? strchr(base, '?') : NULL;
	const char *path = base ? strstr(base, ":///") : NULL;
	if (!base || !q || !path) {
		snprintf(out, n, "%s", base ? base : "");
		return;
	}
	snprintf(out, n, "%.*s%s%s", (int)(path + 4 - base), base, name, q);
}

#endif
