/* pg.h - what the PostgreSQL side exports besides its driver (sqd_pg in
 * store/sql/sqd.h): the versioned DDL of migrations.c. */
#ifndef TB_PG_H
#define TB_PG_H

#include <stddef.h>

struct pg_migration { int version; const char *name; const char *sql; };

/* Versions 1.. in order, the same numbers and intent as the SQLite list
 * (src/store/sqlite/migrations.c). */
extern const struct pg_migration pg_migrations[];
extern const size_t pg_migrations_count;

#endif
