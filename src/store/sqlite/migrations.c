/* migrations.c - versioned schema. Each entry runs once, in order, inside a
 * transaction together with the bump of schema_version, so a failed migration
 * leaves the database at the previous version. Append; never edit a shipped entry. */
#include "store/sqlite/sq.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include <stdio.h>

struct migration { int version; const char *name; const char *sql; };

static const struct migration migrations[] = {
	{ 1, "catalog",
	  "CREATE TABLE orgs ("
	  " id INTEGER PRIMARY KEY,"
	  " name TEXT NOT NULL UNIQUE,"
	  " name_en TEXT,"
	  " kind TEXT NOT NULL CHECK (kind IN ('university','institute','enterprise','agency','transfer','government')),"
	  " province TEXT, city TEXT, district TEXT, region_code TEXT,"
	  " created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	  "CREATE INDEX orgs_city ON orgs(city);"
	  "CREATE TABLE achievements ("
	  " id INTEGER PRIMARY KEY,"
	  " reg_no TEXT UNIQUE,"
	  " title_zh TEXT, title_en TEXT, abstract_zh TEXT, abstract_en TEXT,"
	  " keywords TEXT, field TEXT,"
	  " trl INTEGER NOT NULL CHECK (trl BETWEEN 1 AND 9),"
	  " ip_status TEXT NOT NULL DEFAULT 'none', patents TEXT,"
	  " modes INTEGER NOT NULL CHECK (modes BETWEEN 1 AND 31),"
	  " price REAL NOT NULL,"
	  " owner_org_id INTEGER NOT NULL REFERENCES orgs(id),"
	  " contact_name TEXT, contact_email TEXT, contact_phone TEXT,"
	  " status TEXT NOT NULL CHECK (status IN ('draft','submitted','published','withdrawn','commercialised')),"
	  " review_note TEXT,"
	  " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, published_at TEXT,"
	  " CHECK (title_zh IS NOT NULL OR title_en IS NOT NULL));"
	  "CREATE INDEX ach_status_created ON achievements(status, created_at);"
	  "CREATE INDEX ach_owner ON achievements(owner_org_id);"
	  "CREATE INDEX ach_field ON achievements(field);"
	  "CREATE TABLE demands ("
	  " id INTEGER PRIMARY KEY,"
	  " title_zh TEXT, title_en TEXT, desc_zh TEXT, desc_en TEXT,"
	  " keywords TEXT, field TEXT,"
	  " budget_min REAL, budget_max REAL, deadline TEXT,"
	  " trl_min INTEGER NOT NULL DEFAULT 0 CHECK (trl_min BETWEEN 0 AND 9),"
	  " modes INTEGER NOT NULL DEFAULT 0 CHECK (modes BETWEEN 0 AND 31),"
	  " org_id INTEGER NOT NULL REFERENCES orgs(id),"
	  " region TEXT,"
	  " contact_name TEXT, contact_email TEXT, contact_phone TEXT,"
	  " status TEXT NOT NULL CHECK (status IN ('draft','submitted','published','withdrawn','closed')),"
	  " review_note TEXT,"
	  " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, published_at TEXT,"
	  " CHECK (title_zh IS NOT NULL OR title_en IS NOT NULL));"
	  "CREATE INDEX dem_status_created ON demands(status, created_at);"
	  "CREATE INDEX dem_org ON demands(org_id);"
	  "CREATE INDEX dem_field ON demands(field);" },

	/* == v2: accounts: users, sessions, tokens, audit == */
	{ 2, "accounts",
	  "CREATE TABLE users ("
	  " id INTEGER PRIMARY KEY,"
	  " email TEXT NOT NULL UNIQUE,"
	  " name TEXT,"
	  " org_id INTEGER REFERENCES orgs(id),"
	  " role TEXT NOT NULL CHECK (role IN ('admin','reviewer','org_admin','member','broker')),"
	  " pw_hash TEXT NOT NULL,"
	  " created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	  "CREATE INDEX users_org ON users(org_id);"
	  "CREATE TABLE user_orgs ("
	  " user_id INTEGER NOT NULL REFERENCES users(id),"
	  " org_id INTEGER NOT NULL REFERENCES orgs(id),"
	  " PRIMARY KEY (user_id, org_id)) WITHOUT ROWID;"
	  /* Sessions and API tokens: only a hash of the secret is kept. */
	  "CREATE TABLE credentials ("
	  " id INTEGER PRIMARY KEY,"
	  " user_id INTEGER NOT NULL REFERENCES users(id),"
	  " kind TEXT NOT NULL CHECK (kind IN ('session','api')),"
	  " token_hash TEXT NOT NULL UNIQUE,"
	  " csrf TEXT, name TEXT,"
	  " created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);"
	  "CREATE INDEX credentials_user ON credentials(user_id, kind);"
	  "CREATE TABLE login_failures (key TEXT NOT NULL, at INTEGER NOT NULL);"
	  "CREATE INDEX login_failures_key ON login_failures(key, at);"
	  "CREATE TABLE audit_log ("
	  " id INTEGER PRIMARY KEY,"
	  " at TEXT NOT NULL,"
	  " user_id INTEGER, email TEXT, role TEXT NOT NULL,"
	  " action TEXT NOT NULL, resource TEXT NOT NULL, resource_id INTEGER,"
	  " outcome TEXT NOT NULL, client_ip TEXT, detail TEXT);"
	  "CREATE INDEX audit_at ON audit_log(at);"
	  "CREATE INDEX audit_user ON audit_log(user_id);"
	  /* Append-only: the database itself refuses to rewrite history. */
	  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
	  " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
	  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
	  " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;" },


	/* == v3: instruments and bookings == */


	/* == v4: contracts and indicators == */


};

int sq_schema_version(struct store *s, int *version)
{
	sqlite3_stmt *st = sq_prep(SQ(s), "PRAGMA user_version");
	if (!st)
		return TB_EDB;
	*version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return TB_OK;
}

int sq_migrate(struct store *s, int *applied)
{
	struct sq *q = SQ(s);
	int cur, rc = TB_OK;
	char pragma[64];

	*applied = 0;
	if ((rc = sq_exec(q, "BEGIN IMMEDIATE")))
		return rc;
	/* Read the version inside the write lock so two processes never both migrate. */
	if ((rc = sq_schema_version(s, &cur)))
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(migrations); i++) {
		const struct migration *m = &migrations[i];
		if (m->version <= cur)
			continue;
		if ((rc = sq_exec(q, m->sql))) {
			tb_error("migration %d (%s) failed", m->version, m->name);
			goto out;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", m->version);
		if ((rc = sq_exec(q, pragma)))
			goto out;
		tb_info("migration %d (%s) applied", m->version, m->name);
		(*applied)++;
	}
out:
	if (rc) {
		sq_exec(q, "ROLLBACK");
		*applied = 0;
		return rc;
	}
	return sq_exec(q, "COMMIT");
}
