/* migrate.c - the one migration runner over the driver's list (migrate.h).
 * Where the schema version is recorded differs by engine: SQLite keeps it in
 * the file header (PRAGMA user_version, as every existing database already
 * has it); PostgreSQL in a one-column table, with an advisory lock so two
 * nodes starting at once never both migrate. */
#include "store/sql/sq.h"
#include "store/sql/migrate.h"
#include "core/err.h"
#include "core/log.h"
#include <stdio.h>

/* Any fixed number: the lock key all nodes agree on for migrating. */
#define PG_MIGRATE_LOCK "7470061"

int sq_schema_version(struct store *s, int *version)
{
	struct sq *q = SQ(s);
	struct sqs *st;
	int step;

	*version = 0;
	/* PostgreSQL: a database never migrated has no schema_version table,
	 * and that is version 0. Reading it is no DDL (a read-only role or a
	 * hot standby can ask; a read once took a CREATE TABLE and failed
	 * there): the table is created by sq_migrate only. */
	if (sq_dialect(q) == SQD_PG) {
		if (!(st = sq_prep(q, "SELECT to_regclass('schema_version') IS NOT NULL")))
			return TB_EDB;
		step = sqs_step(st);
		if (step == SQD_ROW && !sqs_col_int(st, 0))
			step = SQD_DONE;   /* no table: version 0 */
		sqs_reset(st);
		if (step != SQD_ROW)
			return step == SQD_DONE ? TB_OK : step;
	}
	st = sq_prep(q, SQ_SQL(q, "PRAGMA user_version",
	                       "SELECT coalesce(max(version),0) FROM schema_version"));
	if (!st)
		return TB_EDB;
	step = sqs_step(st);
	if (step == SQD_ROW)
		*version = sqs_col_int(st, 0);
	sqs_reset(st);
	return step == SQD_ROW ? TB_OK : step == SQD_DONE ? TB_OK : step;
}

static int record_version(struct sq *q, int version)
{
	char sql[96];
	if (sq_dialect(q) == SQD_SQLITE)
		snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", version);
	else
		snprintf(sql, sizeof(sql), "INSERT INTO schema_version(version) VALUES(%d)", version);
	return sq_exec_sql(q, sql);
}

int sq_migrate(struct store *s, int *applied)
{
	struct sq *q = SQ(s);
	const struct sq_migrations *ms = q->migrations;
	int cur, rc = TB_OK;

	*applied = 0;
	if (!ms) {
		tb_error("%s: no migrations for this backend", q->drv->name);
		return TB_EDB;
	}
	/* SQLite: BEGIN IMMEDIATE takes the write lock before the version is read. */
	if ((rc = q->drv->begin(q->conn)))
		return rc;
	if (sq_dialect(q) == SQD_PG && (rc = sq_exec_sql(q, "SELECT pg_advisory_xact_lock(" PG_MIGRATE_LOCK ")")))
		goto out;
	/* The only place the version table is created (reading it is no DDL). */
	if (sq_dialect(q) == SQD_PG &&
	    (rc = sq_exec_sql(q, "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")))
		goto out;
	/* Read the version inside the lock so two processes never both migrate. */
	if ((rc = sq_schema_version(s, &cur)))
		goto out;
	for (size_t i = 0; i < ms->n; i++) {
		const struct sq_migration *m = &ms->list[i];
		if (m->version <= cur)
			continue;
		if ((ms->before && (rc = ms->before(q, m->version))) || (rc = sq_exec_sql(q, m->sql))) {
			tb_error("migration %d (%s) failed", m->version, m->name);
			goto out;
		}
		if ((rc = record_version(q, m->version)))
			goto out;
		tb_info("migration %d (%s) applied", m->version, m->name);
		(*applied)++;
	}
out:
	if (rc) {
		q->drv->rollback(q->conn);
		*applied = 0;
		return rc;
	}
	return q->drv->commit(q->conn);
}
