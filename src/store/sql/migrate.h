/* migrate.h - the form in which a driver hands its schema to the one
 * migration runner (sql/migrate.c). Each engine writes its own DDL
 * (src/store/sqlite/migrations.c, src/store/pg/migrations.c) under the SAME
 * version numbers, so a version means the same tables on both; the runner
 * applies the missing ones in order, each in one transaction together with
 * the bump of the recorded version. */
#ifndef TB_SQ_MIGRATE_H
#define TB_SQ_MIGRATE_H

#include <stddef.h>

struct sq;

struct sq_migration { int version; const char *name; const char *sql; };

struct sq_migrations {
	const struct sq_migration *list; /* ascending versions */
	size_t n;
	/* What SQL alone cannot say: a C step run before migration `version`'s
	 * SQL, inside the same transaction (NULL = none). TB_OK when it has
	 * nothing to do for that version. */
	int (*before)(struct sq *q, int version);
};

extern const struct sq_migrations sqlite_migrations; /* src/store/sqlite/migrations.c */
extern const struct sq_migrations pg_migrations;     /* src/store/pg/migrations.c */

#endif
