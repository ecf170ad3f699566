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


	/* == v3: instruments and bookings == */


	/* == v4: contracts and indicators == */
	/* Money in integer fen. Party locations are snapshotted at registration
	 * (statistics follow the registry, not later moves); see docs/indicators.md. */
	{ 4, "contracts and indicators",
	  "CREATE TABLE contracts ("
	  " id INTEGER PRIMARY KEY,"
	  " reg_no TEXT NOT NULL UNIQUE CHECK (length(reg_no)=16),"
	  " title TEXT,"
	  " type TEXT NOT NULL CHECK (type IN ('development','transfer','licensing','consulting','service')),"
	  " subtype TEXT,"
	  " seller_org_id INTEGER REFERENCES orgs(id), seller_name TEXT,"
	  " seller_region_code TEXT, seller_country TEXT NOT NULL DEFAULT '156',"
	  " seller_city TEXT, seller_city_code TEXT, seller_unit_code TEXT,"
	  " seller_in_province INTEGER NOT NULL DEFAULT 0,"
	  " buyer_org_id INTEGER REFERENCES orgs(id), buyer_name TEXT,"
	  " buyer_region_code TEXT, buyer_country TEXT NOT NULL DEFAULT '156',"
	  " buyer_city TEXT, buyer_city_code TEXT, buyer_unit_code TEXT,"
	  " buyer_in_province INTEGER NOT NULL DEFAULT 0,"
	  " amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),"
	  " tx_amount_fen INTEGER NOT NULL CHECK (tx_amount_fen >= 0 AND tx_amount_fen <= amount_fen),"
	  " signed_on TEXT NOT NULL, valid_from TEXT, valid_to TEXT,"
	  " achievement_id INTEGER REFERENCES achievements(id),"
	  " demand_id INTEGER REFERENCES demands(id),"
	  " field TEXT,"
	  " status TEXT NOT NULL CHECK (status IN ('registered','amended','terminated')),"
	  " local INTEGER NOT NULL DEFAULT 0,"
	  " note TEXT,"
	  " created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	  " CHECK (seller_org_id IS NOT NULL OR seller_name IS NOT NULL),"
	  " CHECK (buyer_org_id IS NOT NULL OR buyer_name IS NOT NULL));"
	  "CREATE INDEX contracts_signed ON contracts(signed_on);"
	  "CREATE INDEX contracts_seller_city ON contracts(seller_city_code, signed_on);"
	  "CREATE INDEX contracts_seller_unit ON contracts(seller_unit_code, signed_on);"
	  "CREATE INDEX contracts_ach ON contracts(achievement_id, signed_on);"
	  "CREATE INDEX contracts_seller_org ON contracts(seller_org_id);"
	  "CREATE INDEX contracts_buyer_org ON contracts(buyer_org_id);"
	  "CREATE INDEX ach_published ON achievements(published_at);"
	  "CREATE TABLE indicator_targets ("
	  " year INTEGER NOT NULL, region_code TEXT NOT NULL, metric TEXT NOT NULL,"
	  " value INTEGER NOT NULL CHECK (value >= 0), updated_at TEXT NOT NULL,"
	  " PRIMARY KEY (year, region_code, metric));"
	  "CREATE TABLE enterprise_certifications ("
	  " org_id INTEGER NOT NULL REFERENCES orgs(id), tier TEXT NOT NULL, year INTEGER NOT NULL,"
	  " PRIMARY KEY (tier, year, org_id));" },


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
