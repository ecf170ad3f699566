/* migrations.c - the SQLite schema, versioned. Each entry runs once, in
 * order, inside a transaction together with the bump of the recorded version
 * (the runner is src/store/sql/migrate.c), so a failed migration leaves the
 * database at the previous version. Append; never edit a shipped entry. The
 * PostgreSQL DDL (src/store/pg/migrations.c) uses the same version numbers. */
#include "store/sql/sq.h"
#include "store/sql/migrate.h"
#include "store/sql/seed.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include <stdio.h>

/* Migration 13's triggers, spelled once: CL_LOG3(table, entity, id column,
 * WHEN of insert, of update, of delete) appends one change row per written
 * row, in the writing transaction. */
#define CL_NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
#define CL_LOG(tbl, ev, ent, row, idc, op, when)                                       \
	"CREATE TRIGGER " tbl "_cl_" op " AFTER " ev " ON " tbl when                      \
	" BEGIN INSERT INTO changes(entity,entity_id,op,at) VALUES ('" ent "'," row "." idc \
	",'" op "'," CL_NOW "); END;"
#define CL_LOG3(tbl, ent, idc, w_ins, w_upd, w_del)                                    \
	CL_LOG(tbl, "INSERT", ent, "NEW", idc, "insert", w_ins)                            \
	CL_LOG(tbl, "UPDATE", ent, "NEW", idc, "update", w_upd)                            \
	CL_LOG(tbl, "DELETE", ent, "OLD", idc, "delete", w_del)
#define CL_PUB "('published','commercialised','closed')"
#define CL_PUBLIC_NEW " WHEN NEW.status IN " CL_PUB
#define CL_PUBLIC_OLD " WHEN OLD.status IN " CL_PUB
#define CL_PUBLIC_EITHER " WHEN NEW.status IN " CL_PUB " OR OLD.status IN " CL_PUB
#define CL_CH_NEW " WHEN NEW.status NOT IN ('draft','submitted')"
#define CL_CH_OLD " WHEN OLD.status NOT IN ('draft','submitted')"
#define CL_CH_EITHER CL_CH_NEW " OR OLD.status NOT IN ('draft','submitted')"
#define CL_DROP_PV(tbl) "DROP TRIGGER " tbl "_pv_ins; DROP TRIGGER " tbl "_pv_upd; DROP TRIGGER " tbl "_pv_del;"

static const struct sq_migration migrations[] = {
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
	{ 3, "instruments",
	  "CREATE TABLE instruments ("
	  " id INTEGER PRIMARY KEY,"
	  " org_id INTEGER NOT NULL REFERENCES orgs(id),"
	  " name_zh TEXT, name_en TEXT, category TEXT, model TEXT, manufacturer TEXT,"
	  " location TEXT, specs TEXT,"
	  " services TEXT NOT NULL DEFAULT 'staff_operated',"
	  " training_required INTEGER NOT NULL DEFAULT 0,"
	  " fee_unit TEXT NOT NULL DEFAULT 'hour' CHECK (fee_unit IN ('hour','sample')),"
	  " rate_internal REAL NOT NULL DEFAULT 0, rate_academic REAL NOT NULL DEFAULT 0,"
	  " rate_enterprise REAL NOT NULL DEFAULT 0,"
	  " hours TEXT NOT NULL, closed_dates TEXT,"
	  " min_slot_min INTEGER NOT NULL, max_slot_min INTEGER NOT NULL,"
	  " lead_hours INTEGER NOT NULL, cancel_hours INTEGER NOT NULL, offer_hours INTEGER NOT NULL,"
	  " requires_approval INTEGER NOT NULL DEFAULT 0,"
	  " status TEXT NOT NULL CHECK (status IN ('available','maintenance','retired')),"
	  " value REAL NOT NULL DEFAULT 0,"
	  " created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	  " CHECK (name_zh IS NOT NULL OR name_en IS NOT NULL));"
	  "CREATE INDEX instruments_org ON instruments(org_id);"
	  "CREATE INDEX instruments_category ON instruments(category);"
	  "CREATE TABLE bookings ("
	  " id INTEGER PRIMARY KEY,"
	  " instrument_id INTEGER NOT NULL REFERENCES instruments(id),"
	  " org_id INTEGER NOT NULL REFERENCES orgs(id),"
	  " booker_name TEXT, booker_email TEXT,"
	  " user_class TEXT NOT NULL CHECK (user_class IN ('internal','academic','enterprise')),"
	  " service TEXT, purpose TEXT, samples INTEGER NOT NULL DEFAULT 0,"
	  /* Local times 'YYYY-MM-DDTHH:MM:SS+08:00': fixed width, so text order is time order. */
	  " start_at TEXT NOT NULL, end_at TEXT NOT NULL,"
	  " status TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','cancelled',"
	  "'waitlisted','offered','completed','expired')),"
	  " note TEXT, offer_expires TEXT,"
	  " used_start TEXT, used_end TEXT, used_samples INTEGER, used_hours REAL,"
	  " billed_qty REAL, rate REAL, fee REAL,"
	  " created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	  " CHECK (end_at > start_at));"
	  /* The overlap probe: only slot-holding rows, per instrument, by end time. */
	  "CREATE INDEX bookings_active ON bookings(instrument_id, end_at, start_at)"
	  " WHERE status IN ('pending','approved','offered');"
	  "CREATE INDEX bookings_instr_start ON bookings(instrument_id, start_at);"
	  "CREATE INDEX bookings_org_start ON bookings(org_id, start_at);"
	  "CREATE INDEX bookings_status ON bookings(status, instrument_id);"
	  "CREATE INDEX bookings_used ON bookings(used_start) WHERE used_start IS NOT NULL;"
	  /* Defence in depth: whatever code path writes, SQLite itself refuses two
	   * slot-holding bookings that overlap on one instrument. */
	  "CREATE TRIGGER bookings_no_overlap_ins BEFORE INSERT ON bookings"
	  " WHEN NEW.status IN ('pending','approved','offered') BEGIN"
	  " SELECT RAISE(ABORT,'overlap') WHERE EXISTS (SELECT 1 FROM bookings b INDEXED BY bookings_active"
	  " WHERE b.instrument_id=NEW.instrument_id AND b.status IN ('pending','approved','offered')"
	  " AND b.end_at>NEW.start_at AND b.start_at<NEW.end_at); END;"
	  "CREATE TRIGGER bookings_no_overlap_upd BEFORE UPDATE OF status,start_at,end_at,instrument_id"
	  " ON bookings WHEN NEW.status IN ('pending','approved','offered') BEGIN"
	  " SELECT RAISE(ABORT,'overlap') WHERE EXISTS (SELECT 1 FROM bookings b INDEXED BY bookings_active"
	  " WHERE b.instrument_id=NEW.instrument_id AND b.status IN ('pending','approved','offered')"
	  " AND b.id<>NEW.id AND b.end_at>NEW.start_at AND b.start_at<NEW.end_at); END;"
	  "CREATE TABLE qualifications ("
	  " id INTEGER PRIMARY KEY,"
	  " instrument_id INTEGER NOT NULL REFERENCES instruments(id),"
	  " org_id INTEGER NOT NULL REFERENCES orgs(id),"
	  " email TEXT NOT NULL COLLATE NOCASE, name TEXT,"
	  " expires_on TEXT NOT NULL,"
	  " created_at TEXT NOT NULL);"
	  "CREATE INDEX qualifications_who ON qualifications(instrument_id, email);" },

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
	/* Issue #10: who made a booking (nobody approves their own), and the
	 * devices an account has logged in from (a correct password from a known
	 * device is not held up by another source's failed logins). */
	{ 5, "booking requester and known login devices",
	  "ALTER TABLE bookings ADD COLUMN booked_by INTEGER REFERENCES users(id);"
	  "CREATE TABLE login_devices ("
	  " token_hash TEXT PRIMARY KEY,"
	  " user_id INTEGER NOT NULL REFERENCES users(id),"
	  " created_at INTEGER NOT NULL);"
	  "CREATE INDEX login_devices_user ON login_devices(user_id);" },

	/* == v6: pending revisions of published listings (issue #10) ==
	 * An owner's edit of a public achievement or demand waits here, as the
	 * whole proposed record, until a reviewer accepts (copied onto the item)
	 * or rejects it. One pending revision per item; a newer edit replaces it. */
	{ 6, "revisions",
	  "CREATE TABLE revisions ("
	  " id INTEGER PRIMARY KEY,"
	  " kind TEXT NOT NULL CHECK (kind IN ('achievement','demand')),"
	  " item_id INTEGER NOT NULL,"
	  " author_id INTEGER,"
	  " status TEXT NOT NULL CHECK (status IN ('pending','accepted','rejected')),"
	  " reason TEXT, decided_by INTEGER, decided_at TEXT, created_at TEXT NOT NULL,"
	  " reg_no TEXT, title_zh TEXT, title_en TEXT, body_zh TEXT, body_en TEXT,"
	  " keywords TEXT, field TEXT, trl INTEGER NOT NULL DEFAULT 0, ip_status TEXT, patents TEXT,"
	  " modes INTEGER NOT NULL DEFAULT 0, price REAL, budget_min REAL, budget_max REAL,"
	  " deadline TEXT, region TEXT, org_id INTEGER NOT NULL,"
	  " contact_name TEXT, contact_email TEXT, contact_phone TEXT);"
	  "CREATE UNIQUE INDEX revisions_one_pending ON revisions(kind, item_id) WHERE status='pending';"
	  "CREATE INDEX revisions_status ON revisions(status, created_at);" },

	/* Read path (docs/performance.md): indexes so that listings read a page,
	 * not the table, and indicator reports read indexes only.
	 * - catalogue filters with the default order (newest first);
	 * - contracts: the indicator sums (signed_on range, live, side's region,
	 *   amounts) from covering indexes (contracts_sums; contracts_seller_city
	 *   gains the columns for a city's sums); the achievement's first live
	 *   contract without reading rows (contracts_ach gains status);
	 * - bookings: a period's completed uses and fees (service revenue);
	 * - achievements published in a period with the owner (funnel, summary). */
	{ 7, "read-path indexes",
	  "CREATE INDEX ach_status_field ON achievements(status, field, created_at);"
	  "CREATE INDEX ach_status_owner ON achievements(status, owner_org_id, created_at);"
	  "CREATE INDEX dem_status_field ON demands(status, field, created_at);"
	  "CREATE INDEX dem_status_org ON demands(status, org_id, created_at);"
	  "CREATE INDEX contracts_sums ON contracts(signed_on, status, seller_in_province,"
	  " seller_city_code, seller_unit_code, buyer_in_province, buyer_city_code, buyer_unit_code,"
	  " amount_fen, tx_amount_fen, local, type, achievement_id);"
	  "DROP INDEX contracts_seller_city;"
	  "CREATE INDEX contracts_seller_city ON contracts(seller_city_code, signed_on, status,"
	  " seller_in_province, seller_unit_code, amount_fen, tx_amount_fen, local, type, achievement_id);"
	  "DROP INDEX contracts_ach;"
	  "CREATE INDEX contracts_ach ON contracts(achievement_id, signed_on, status);"
	  "CREATE INDEX bookings_completed ON bookings(status, used_start, instrument_id, fee);"
	  "CREATE INDEX ach_published_owner ON achievements(published_at, status, owner_org_id);"
	  /* A counter that every change to public data bumps in the same
	   * transaction (from any process: the API, the CLI, an import), so that
	   * answers to anonymous readers can be kept until it moves
	   * (src/api/cache.c). Drafts and submissions are not public: changes that
	   * neither start nor end in a public status leave it alone. */
	  "CREATE TABLE public_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);"
	  "INSERT INTO public_version VALUES (1, 0);"
	  "CREATE TRIGGER achievements_pv_ins AFTER INSERT ON achievements WHEN NEW.status IN ('published','commercialised','closed')"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER achievements_pv_upd AFTER UPDATE ON achievements"
	  " WHEN NEW.status IN ('published','commercialised','closed') OR OLD.status IN ('published','commercialised','closed')"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER achievements_pv_del AFTER DELETE ON achievements WHEN OLD.status IN ('published','commercialised','closed')"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER demands_pv_ins AFTER INSERT ON demands WHEN NEW.status IN ('published','commercialised','closed')"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER demands_pv_upd AFTER UPDATE ON demands"
	  " WHEN NEW.status IN ('published','commercialised','closed') OR OLD.status IN ('published','commercialised','closed')"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER demands_pv_del AFTER DELETE ON demands WHEN OLD.status IN ('published','commercialised','closed')"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER orgs_pv_ins AFTER INSERT ON orgs"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER orgs_pv_upd AFTER UPDATE ON orgs"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER orgs_pv_del AFTER DELETE ON orgs"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER contracts_pv_ins AFTER INSERT ON contracts"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER contracts_pv_upd AFTER UPDATE ON contracts"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER contracts_pv_del AFTER DELETE ON contracts"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER indicator_targets_pv_ins AFTER INSERT ON indicator_targets"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER indicator_targets_pv_upd AFTER UPDATE ON indicator_targets"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER indicator_targets_pv_del AFTER DELETE ON indicator_targets"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER enterprise_certifications_pv_ins AFTER INSERT ON enterprise_certifications"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER enterprise_certifications_pv_upd AFTER UPDATE ON enterprise_certifications"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER enterprise_certifications_pv_del AFTER DELETE ON enterprise_certifications"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER instruments_pv_ins AFTER INSERT ON instruments"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER instruments_pv_upd AFTER UPDATE ON instruments"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER instruments_pv_del AFTER DELETE ON instruments"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER bookings_pv_ins AFTER INSERT ON bookings"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER bookings_pv_upd AFTER UPDATE ON bookings"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER bookings_pv_del AFTER DELETE ON bookings"
	  " BEGIN UPDATE public_version SET n=n+1; END;" },

	/* == v8: achievement attribute (original innovation, imported and
	 * absorbed, secondary development); a pending revision carries it too. */
	{ 8, "achievement attribute",
	  "ALTER TABLE achievements ADD COLUMN attribute TEXT;"
	  "ALTER TABLE revisions ADD COLUMN attribute TEXT;" },

	/* == v9: 揭榜挂帅 open competitions (issue #13) ==
	 * Challenges, their sub-lists and the applications' sub-lists share
	 * challenge_lines (kind says what a line is). Money columns are integer
	 * fen with the platform's bound (docs/security.md); a milestone's tranche
	 * is paid once: paid_at is set by one guarded UPDATE. */
	{ 9, "challenges",
	  "CREATE TABLE challenges ("
	  " id INTEGER PRIMARY KEY,"
	  " demand_id INTEGER REFERENCES demands(id),"
	  " issuer_org_id INTEGER NOT NULL REFERENCES orgs(id),"
	  " end_user_org_id INTEGER REFERENCES orgs(id),"
	  " created_by INTEGER,"
	  " title_zh TEXT, title_en TEXT, problem TEXT, field TEXT, region TEXT,"
	  " eligibility TEXT, acceptance TEXT, deadline TEXT, period_start TEXT, period_end TEXT,"
	  " budget_fen INTEGER NOT NULL CHECK (budget_fen BETWEEN 0 AND 100000000000000),"
	  " awarded_fen INTEGER NOT NULL DEFAULT 0 CHECK (awarded_fen BETWEEN 0 AND 100000000000000),"
	  " max_winners INTEGER NOT NULL DEFAULT 1 CHECK (max_winners BETWEEN 1 AND 10),"
	  " notice_days INTEGER NOT NULL DEFAULT 5 CHECK (notice_days BETWEEN 0 AND 30),"
	  " notice_start TEXT, notice_end TEXT,"
	  " status TEXT NOT NULL CHECK (status IN ('draft','submitted','published',"
	  "'applications_closed','under_review','notice','awarded','in_progress','accepted',"
	  "'failed','closed')),"
	  " note TEXT, published_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	  " CHECK (title_zh IS NOT NULL OR title_en IS NOT NULL));"
	  "CREATE INDEX challenges_status ON challenges(status);"
	  "CREATE INDEX challenges_issuer ON challenges(issuer_org_id);"
	  "CREATE TABLE challenge_apps ("
	  " id INTEGER PRIMARY KEY,"
	  " challenge_id INTEGER NOT NULL REFERENCES challenges(id),"
	  " team_org_id INTEGER NOT NULL REFERENCES orgs(id),"
	  " created_by INTEGER, plan TEXT,"
	  " status TEXT NOT NULL CHECK (status IN ('submitted','won','lost')),"
	  " requested_fen INTEGER NOT NULL CHECK (requested_fen BETWEEN 0 AND 100000000000000),"
	  " award_fen INTEGER NOT NULL DEFAULT 0 CHECK (award_fen BETWEEN 0 AND 100000000000000),"
	  " contract_id INTEGER REFERENCES contracts(id),"
	  " created_at TEXT NOT NULL);"
	  "CREATE INDEX challenge_apps_ch ON challenge_apps(challenge_id, team_org_id);"
	  "CREATE TABLE challenge_lines ("
	  " id INTEGER PRIMARY KEY,"
	  " challenge_id INTEGER NOT NULL REFERENCES challenges(id),"
	  " app_id INTEGER NOT NULL DEFAULT 0,"
	  " kind TEXT NOT NULL CHECK (kind IN ('indicator','deliverable','stage','criterion',"
	  "'contact','member','consortium','achievement','budget','milestone')),"
	  " seq INTEGER NOT NULL, name TEXT, value TEXT, unit TEXT, note TEXT,"
	  " weight INTEGER NOT NULL DEFAULT 0,"
	  " amount_fen INTEGER NOT NULL DEFAULT 0 CHECK (amount_fen BETWEEN 0 AND 100000000000000),"
	  " ref_id INTEGER NOT NULL DEFAULT 0);"
	  "CREATE INDEX challenge_lines_owner ON challenge_lines(challenge_id, app_id, kind, seq);"
	  "CREATE TABLE challenge_experts ("
	  " challenge_id INTEGER NOT NULL REFERENCES challenges(id),"
	  " user_id INTEGER NOT NULL REFERENCES users(id),"
	  " org_id INTEGER, status TEXT NOT NULL CHECK (status IN ('assigned','excluded')),"
	  " reason TEXT, created_at TEXT NOT NULL,"
	  " PRIMARY KEY (challenge_id, user_id));"
	  "CREATE INDEX challenge_experts_user ON challenge_experts(user_id);"
	  "CREATE TABLE challenge_scores ("
	  " challenge_id INTEGER NOT NULL REFERENCES challenges(id),"
	  " app_id INTEGER NOT NULL REFERENCES challenge_apps(id),"
	  " expert_id INTEGER NOT NULL REFERENCES users(id),"
	  " criterion INTEGER NOT NULL,"
	  " score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100), comment TEXT,"
	  " PRIMARY KEY (app_id, expert_id, criterion));"
	  "CREATE INDEX challenge_scores_ch ON challenge_scores(challenge_id);"
	  "CREATE TABLE challenge_objections ("
	  " id INTEGER PRIMARY KEY,"
	  " challenge_id INTEGER NOT NULL REFERENCES challenges(id),"
	  " app_id INTEGER, user_id INTEGER, text TEXT NOT NULL,"
	  " status TEXT NOT NULL CHECK (status IN ('open','upheld','dismissed')),"
	  " resolution TEXT, created_at TEXT NOT NULL);"
	  "CREATE INDEX challenge_objections_ch ON challenge_objections(challenge_id);"
	  "CREATE TABLE challenge_milestones ("
	  " id INTEGER PRIMARY KEY,"
	  " challenge_id INTEGER NOT NULL REFERENCES challenges(id),"
	  " app_id INTEGER NOT NULL REFERENCES challenge_apps(id),"
	  " seq INTEGER NOT NULL, title TEXT, due_on TEXT, indicators TEXT,"
	  " tranche_kind TEXT NOT NULL CHECK (tranche_kind IN ('initial','milestone','reward')),"
	  " tranche_fen INTEGER NOT NULL CHECK (tranche_fen BETWEEN 0 AND 100000000000000),"
	  " status TEXT NOT NULL CHECK (status IN ('pending','reported','accepted','rejected','paid')),"
	  " evidence TEXT, reason TEXT, reported_at TEXT, decided_at TEXT, paid_at TEXT,"
	  " paid_by INTEGER);"
	  "CREATE INDEX challenge_milestones_ch ON challenge_milestones(challenge_id, app_id, seq);"
	  /* The programme indicators (/api/indicators/challenges) are public and
	   * cached for anonymous readers (api/cache.c): changes to public
	   * challenges, their applications and milestones move the public
	   * version; drafts do not. */
	  "CREATE TRIGGER challenges_pv_ins AFTER INSERT ON challenges"
	  " WHEN NEW.status NOT IN ('draft','submitted')"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER challenges_pv_upd AFTER UPDATE ON challenges"
	  " WHEN NEW.status NOT IN ('draft','submitted') OR OLD.status NOT IN ('draft','submitted')"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER challenge_apps_pv_ins AFTER INSERT ON challenge_apps"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER challenge_apps_pv_upd AFTER UPDATE ON challenge_apps"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER challenge_ms_pv_ins AFTER INSERT ON challenge_milestones"
	  " BEGIN UPDATE public_version SET n=n+1; END;"
	  "CREATE TRIGGER challenge_ms_pv_upd AFTER UPDATE ON challenge_milestones"
	  " BEGIN UPDATE public_version SET n=n+1; END;" },
	/* == v10: brokers, docking cases, contact requests, match feedback, events (issue #14) ==
	 * A broker acts for an organisation only with that organisation's consent:
	 * user_orgs gains a status (existing links were made by administrators and
	 * count as consented) and a scope. Cases follow a docking from first contact
	 * to a registered contract; KPIs are computed from cases and contracts. */
	{ 10, "brokers, docking cases and events",
	  "ALTER TABLE user_orgs ADD COLUMN status TEXT NOT NULL DEFAULT 'consented'"
	  " CHECK (status IN ('requested','consented','declined','revoked'));"
	  "ALTER TABLE user_orgs ADD COLUMN scope TEXT NOT NULL DEFAULT 'listings,contracts,bookings,cases';"
	  "ALTER TABLE user_orgs ADD COLUMN requested_at TEXT;"
	  "ALTER TABLE user_orgs ADD COLUMN decided_at TEXT;"
	  "ALTER TABLE user_orgs ADD COLUMN decided_by INTEGER;"
	  "ALTER TABLE user_orgs ADD COLUMN note TEXT;"
	  "CREATE INDEX user_orgs_org ON user_orgs(org_id, status);"
	  "CREATE TABLE brokers ("
	  " user_id INTEGER PRIMARY KEY REFERENCES users(id),"
	  " institution_id INTEGER NOT NULL REFERENCES orgs(id),"
	  " name TEXT NOT NULL,"
	  " grade TEXT NOT NULL CHECK (grade IN ('junior','middle','senior')),"
	  " fields TEXT, regions TEXT, cert_no TEXT, cert_date TEXT, cert_expiry TEXT, bio TEXT,"
	  " created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	  "CREATE INDEX brokers_inst ON brokers(institution_id);"
	  "CREATE TABLE cases ("
	  " id INTEGER PRIMARY KEY,"
	  " achievement_id INTEGER REFERENCES achievements(id),"
	  " demand_id INTEGER REFERENCES demands(id),"
	  " seeker_org_id INTEGER REFERENCES orgs(id),"
	  " owner_org_id INTEGER REFERENCES orgs(id),"
	  " broker_id INTEGER REFERENCES users(id),"
	  " institution_id INTEGER REFERENCES orgs(id),"
	  " event_id INTEGER,"
	  " origin TEXT NOT NULL CHECK (origin IN ('match','contact','event','manual')),"
	  " match_score REAL, match_strength INTEGER, match_explanation TEXT,"
	  " status TEXT NOT NULL CHECK (status IN ('first_contact','meeting','evaluation','negotiation',"
	  "'contracted','closed')),"
	  " close_reason TEXT, contract_id INTEGER REFERENCES contracts(id),"
	  " opened_on TEXT NOT NULL, contracted_on TEXT,"
	  " created_by INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	  " CHECK (achievement_id IS NOT NULL OR demand_id IS NOT NULL));"
	  "CREATE INDEX cases_broker ON cases(broker_id, opened_on);"
	  "CREATE INDEX cases_inst ON cases(institution_id, opened_on);"
	  "CREATE INDEX cases_contract ON cases(contract_id);"
	  "CREATE INDEX cases_event ON cases(event_id);"
	  "CREATE TABLE case_steps ("
	  " id INTEGER PRIMARY KEY,"
	  " case_id INTEGER NOT NULL REFERENCES cases(id),"
	  " status TEXT NOT NULL, on_date TEXT NOT NULL, note TEXT, attachments TEXT,"
	  " by_user INTEGER, created_at TEXT NOT NULL);"
	  "CREATE INDEX case_steps_case ON case_steps(case_id, id);"
	  "CREATE TABLE contact_requests ("
	  " id INTEGER PRIMARY KEY,"
	  " case_id INTEGER REFERENCES cases(id),"
	  " listing_kind TEXT NOT NULL CHECK (listing_kind IN ('achievement','demand')),"
	  " listing_id INTEGER NOT NULL,"
	  " from_user INTEGER NOT NULL REFERENCES users(id),"
	  " from_org INTEGER REFERENCES orgs(id),"
	  " to_org INTEGER NOT NULL REFERENCES orgs(id),"
	  " message TEXT NOT NULL,"
	  " status TEXT NOT NULL CHECK (status IN ('pending','accepted','declined')),"
	  " reason TEXT, decided_by INTEGER, decided_at TEXT, created_at TEXT NOT NULL);"
	  "CREATE INDEX contact_to ON contact_requests(to_org, status);"
	  "CREATE INDEX contact_from ON contact_requests(from_user);"
	  "CREATE TABLE match_feedback ("
	  " id INTEGER PRIMARY KEY,"
	  " party_org_id INTEGER NOT NULL REFERENCES orgs(id),"
	  " achievement_id INTEGER NOT NULL REFERENCES achievements(id),"
	  " demand_id INTEGER NOT NULL REFERENCES demands(id),"
	  " verdict TEXT NOT NULL CHECK (verdict IN ('interested','not_interested')),"
	  " reason TEXT, note TEXT, by_user INTEGER,"
	  " created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	  " UNIQUE (party_org_id, achievement_id, demand_id));"
	  "CREATE INDEX feedback_ach ON match_feedback(achievement_id);"
	  "CREATE INDEX feedback_dem ON match_feedback(demand_id);"
	  "CREATE TABLE events ("
	  " id INTEGER PRIMARY KEY,"
	  " kind TEXT NOT NULL CHECK (kind IN ('roadshow','expert_tour','docking_meeting','field_event')),"
	  " title TEXT NOT NULL, starts_on TEXT NOT NULL, ends_on TEXT,"
	  " place TEXT, online INTEGER NOT NULL DEFAULT 0,"
	  " organiser_org_id INTEGER REFERENCES orgs(id),"
	  " fields TEXT, capacity INTEGER NOT NULL DEFAULT 0,"
	  " status TEXT NOT NULL CHECK (status IN ('planned','held','cancelled')),"
	  " outcome TEXT, created_by INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	  "CREATE INDEX events_start ON events(starts_on);"
	  "CREATE TABLE event_items ("
	  " event_id INTEGER NOT NULL REFERENCES events(id),"
	  " kind TEXT NOT NULL CHECK (kind IN ('achievement','demand')),"
	  " item_id INTEGER NOT NULL,"
	  " PRIMARY KEY (event_id, kind, item_id)) WITHOUT ROWID;"
	  "CREATE TABLE event_attendees ("
	  " id INTEGER PRIMARY KEY,"
	  " event_id INTEGER NOT NULL REFERENCES events(id),"
	  " user_id INTEGER REFERENCES users(id),"
	  " org_id INTEGER REFERENCES orgs(id),"
	  " name TEXT NOT NULL,"
	  " registered_at TEXT NOT NULL, checked_in_at TEXT,"
	  " UNIQUE (event_id, user_id));" },
	/* == v11: enterprise tiers as data (issue #15) ==
	 * Rule sets (tier, region, version, validity) with their criteria and
	 * score bands; the defaults below are the national rules and Liaoning's
	 * gazelle thresholds of shared/domain.md ("Enterprise tiers"). An
	 * enterprise's annual facts carry their source; evaluation results keep
	 * the rule version; the official list (enterprise_certifications) gains
	 * its validity period. Facts: -1 = not reported, money in fen. */
	{ 11, "enterprise tiers",
	  "CREATE TABLE tier_rules ("
	  " id INTEGER PRIMARY KEY, tier TEXT NOT NULL, region_code TEXT NOT NULL,"
	  " version INTEGER NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT, source TEXT,"
	  " created_at TEXT NOT NULL, UNIQUE (tier, region_code, version));"
	  "CREATE TABLE tier_criteria ("
	  " rule_id INTEGER NOT NULL REFERENCES tier_rules(id), pos INTEGER NOT NULL,"
	  " grp INTEGER NOT NULL CHECK (grp >= 0), metric TEXT NOT NULL,"
	  " op TEXT NOT NULL CHECK (op IN ('>=','>','<=','<','=')), value REAL NOT NULL,"
	  " PRIMARY KEY (rule_id, pos));"
	  "CREATE TABLE tier_bands ("
	  " rule_id INTEGER NOT NULL REFERENCES tier_rules(id), pos INTEGER NOT NULL,"
	  " component TEXT NOT NULL, metric TEXT NOT NULL, lower REAL NOT NULL,"
	  " points INTEGER NOT NULL CHECK (points >= 0), PRIMARY KEY (rule_id, pos));"
	  "CREATE TABLE enterprise_facts ("
	  " org_id INTEGER NOT NULL REFERENCES orgs(id), year INTEGER NOT NULL,"
	  " staff INTEGER NOT NULL DEFAULT -1, st_staff INTEGER NOT NULL DEFAULT -1,"
	  " revenue_fen INTEGER NOT NULL DEFAULT -1, total_cost_fen INTEGER NOT NULL DEFAULT -1,"
	  " rd_fen INTEGER NOT NULL DEFAULT -1, assets_fen INTEGER NOT NULL DEFAULT -1,"
	  " liabilities_fen INTEGER NOT NULL DEFAULT -1, vc_round_fen INTEGER NOT NULL DEFAULT -1,"
	  " ip_class1 INTEGER NOT NULL DEFAULT -1, ip_class2 INTEGER NOT NULL DEFAULT -1,"
	  " valuation_usd INTEGER NOT NULL DEFAULT -1, listed INTEGER NOT NULL DEFAULT -1,"
	  " rd_institution INTEGER NOT NULL DEFAULT -1, hightech_rev_pct REAL, rd_china_pct REAL,"
	  " main_business_pct REAL, niche_share_pct REAL, founded_on TEXT, source TEXT NOT NULL,"
	  " updated_at TEXT NOT NULL, PRIMARY KEY (org_id, year));"
	  "CREATE INDEX enterprise_facts_year ON enterprise_facts(year);"
	  "CREATE TABLE tier_results ("
	  " org_id INTEGER NOT NULL REFERENCES orgs(id), year INTEGER NOT NULL, tier TEXT NOT NULL,"
	  " rule_id INTEGER NOT NULL REFERENCES tier_rules(id), rule_version INTEGER NOT NULL,"
	  " eligible INTEGER NOT NULL, score REAL, evaluated_at TEXT NOT NULL,"
	  " PRIMARY KEY (org_id, year, tier));"
	  "ALTER TABLE enterprise_certifications ADD COLUMN valid_from TEXT;"
	  "ALTER TABLE enterprise_certifications ADD COLUMN valid_to TEXT;"
	  "ALTER TABLE enterprise_certifications ADD COLUMN source TEXT;"
	  /* Registry of innovation platforms: kinds are a table (new kinds are rows). */
	  "CREATE TABLE platform_kinds (key TEXT PRIMARY KEY, zh TEXT NOT NULL, en TEXT NOT NULL,"
	  " pos INTEGER NOT NULL);"
	  "INSERT INTO platform_kinds VALUES('key_lab','重点实验室','key laboratory',0);"
	  "INSERT INTO platform_kinds VALUES('tech_innovation_centre','技术创新中心','technological innovation centre',1);"
	  "INSERT INTO platform_kinds VALUES('eng_research_centre','工程研究中心','engineering research centre',2);"
	  "INSERT INTO platform_kinds VALUES('enterprise_tech_centre','企业技术中心','enterprise technology centre',3);"
	  "INSERT INTO platform_kinds VALUES('new_rd_institution','新型研发机构','new R&D institution',4);"
	  "INSERT INTO platform_kinds VALUES('pilot_base','中试基地','pilot-test base',5);"
	  "INSERT INTO platform_kinds VALUES('science_park','大学科技园','university science park',6);"
	  "INSERT INTO platform_kinds VALUES('maker_space','众创空间','maker space',7);"
	  "INSERT INTO platform_kinds VALUES('transfer_demo','技术转移示范机构','technology-transfer demonstration institution',8);"
	  "INSERT INTO platform_kinds VALUES('liaoning_lab','辽宁实验室','Liaoning laboratory',9);"
	  "INSERT INTO platform_kinds VALUES('other','其他创新平台','other innovation platform',10);"
	  "CREATE TABLE platforms ("
	  " id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_en TEXT,"
	  " kind TEXT NOT NULL REFERENCES platform_kinds(key),"
	  " level TEXT NOT NULL CHECK (level IN ('national','provincial','city')),"
	  " city TEXT, district TEXT, approval_body TEXT, batch TEXT, year INTEGER NOT NULL,"
	  " field TEXT,"
	  " status TEXT NOT NULL CHECK (status IN ('active','under_evaluation','revoked')),"
	  " evaluation TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	  "CREATE INDEX platforms_kind ON platforms(kind, level, year);"
	  "CREATE INDEX platforms_city ON platforms(city, district);"
	  "CREATE TABLE platform_hosts ("
	  " platform_id INTEGER NOT NULL REFERENCES platforms(id),"
	  " org_id INTEGER NOT NULL REFERENCES orgs(id), PRIMARY KEY (platform_id, org_id));"
	  "CREATE INDEX platform_hosts_org ON platform_hosts(org_id);"
	  "CREATE TABLE platform_links ("
	  " platform_id INTEGER NOT NULL REFERENCES platforms(id),"
	  " kind TEXT NOT NULL CHECK (kind IN ('achievement','instrument','expert')),"
	  " ref_id INTEGER NOT NULL, PRIMARY KEY (platform_id, kind, ref_id));"
	  "CREATE INDEX platform_links_ref ON platform_links(kind, ref_id);"
	  /* Named collections of achievements ("4,016 highly mature achievements
	   * collected" is a collection, not a count of listings). */
	  "CREATE TABLE achievement_collections ("
	  " name TEXT NOT NULL, achievement_id INTEGER NOT NULL REFERENCES achievements(id),"
	  " added_on TEXT NOT NULL, PRIMARY KEY (name, achievement_id));"
	  SQ_SEED_TIER_RULES },
	/* == v12: regular release (issue #16) ==
	 * Payment modes (Civil Code art. 846) on achievements (and their pending
	 * revisions) and contracts, a contract's instalments; validity of a
	 * listing (expires_at, reminded_at) and the status `expired` (the CHECKs
	 * are widened by widen_status_checks); the maintenance lease that lets
	 * one app node at a time run the life cycle; in-app notifications, made
	 * once per (kind, item, recipient). */
	{ 12, "release: payment modes, validity, leases, notifications",
	  "ALTER TABLE achievements ADD COLUMN payment_modes INTEGER NOT NULL DEFAULT 0;"
	  "ALTER TABLE revisions ADD COLUMN payment_modes INTEGER NOT NULL DEFAULT 0;"
	  "ALTER TABLE contracts ADD COLUMN payment_mode TEXT CHECK (payment_mode IN"
	  " ('lump_sum','instalments','royalty','royalty_entry_fee'));"
	  "CREATE TABLE contract_instalments ("
	  " contract_id INTEGER NOT NULL REFERENCES contracts(id),"
	  " seq INTEGER NOT NULL, due_on TEXT NOT NULL,"
	  " amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),"
	  " PRIMARY KEY (contract_id, seq));"
	  "ALTER TABLE achievements ADD COLUMN expires_at TEXT;"
	  "ALTER TABLE achievements ADD COLUMN reminded_at TEXT;"
	  "ALTER TABLE demands ADD COLUMN expires_at TEXT;"
	  "ALTER TABLE demands ADD COLUMN reminded_at TEXT;"
	  "CREATE INDEX ach_status_expires ON achievements(status, expires_at);"
	  "CREATE INDEX dem_status_expires ON demands(status, expires_at);"
	  "CREATE INDEX dem_status_deadline ON demands(status, deadline);"
	  "CREATE TABLE leases ("
	  " name TEXT PRIMARY KEY, holder TEXT NOT NULL, until INTEGER NOT NULL);"
	  "CREATE TABLE notifications ("
	  " id INTEGER PRIMARY KEY,"
	  " user_id INTEGER NOT NULL DEFAULT 0, org_id INTEGER NOT NULL DEFAULT 0,"
	  " kind TEXT NOT NULL, item_kind TEXT NOT NULL, item_id INTEGER NOT NULL,"
	  " text_zh TEXT NOT NULL, text_en TEXT NOT NULL,"
	  " created_at TEXT NOT NULL, read_at TEXT,"
	  " UNIQUE (kind, item_kind, item_id, user_id, org_id));"
	  "CREATE INDEX notifications_user ON notifications(user_id, created_at);"
	  "CREATE INDEX notifications_org ON notifications(org_id, created_at);"
	  "CREATE TABLE subscriptions ("
	  " id INTEGER PRIMARY KEY,"
	  " user_id INTEGER NOT NULL REFERENCES users(id),"
	  " kind TEXT NOT NULL CHECK (kind IN ('search','org','own_matches')),"
	  " target TEXT NOT NULL CHECK (target IN ('achievement','demand')),"
	  " q TEXT, field TEXT, city TEXT, trl_min INTEGER NOT NULL DEFAULT 0,"
	  " org_id INTEGER NOT NULL DEFAULT 0, min_score REAL NOT NULL DEFAULT 0,"
	  " created_at TEXT NOT NULL);"
	  "CREATE INDEX subscriptions_user ON subscriptions(user_id);"
	  "ALTER TABLE notifications ADD COLUMN mailed_at TEXT;"
	  "CREATE TABLE mail_prefs ("
	  " user_id INTEGER PRIMARY KEY REFERENCES users(id),"
	  " digest TEXT NOT NULL CHECK (digest IN ('none','daily','weekly')),"
	  " next_at INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0);"
	  "CREATE TABLE server_keys (name TEXT PRIMARY KEY, key BLOB NOT NULL);" },

	/* == v13: the change log (issue #12) ==
	 * Every committed write of a row that a node indexes or caches appends a
	 * row to `changes` in the same transaction, from a trigger, so no code
	 * path (API, CLI, import, another node) can forget it. Nodes follow the
	 * log from their last position (domain/changefeed.h). It replaces the
	 * public_version counter of migration 7: the public version is now the
	 * last seq (store_public_version), one mechanism instead of two. The WHEN
	 * conditions are those of the counter's triggers (drafts and submissions
	 * are not public and are not logged, so the ETag of a public answer still
	 * reveals nothing about them); match feedback is added because it
	 * changes rankings. AUTOINCREMENT: a seq is never reused, even after the
	 * last rows are pruned, and SQLite serialises writers, so seq order is
	 * commit order. The PostgreSQL form is in docs/deploy.md ("The change
	 * log in PostgreSQL"). */
	{ 13, "change log",
	  "CREATE TABLE changes ("
	  " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	  " entity TEXT NOT NULL, entity_id INTEGER NOT NULL,"
	  " op TEXT NOT NULL CHECK (op IN ('insert','update','delete')),"
	  " at TEXT NOT NULL);"
	  "CREATE INDEX changes_at ON changes(at);"
	  CL_DROP_PV("achievements") CL_DROP_PV("demands") CL_DROP_PV("orgs")
	  CL_DROP_PV("contracts") CL_DROP_PV("indicator_targets")
	  CL_DROP_PV("enterprise_certifications") CL_DROP_PV("instruments") CL_DROP_PV("bookings")
	  "DROP TRIGGER challenges_pv_ins; DROP TRIGGER challenges_pv_upd;"
	  "DROP TRIGGER challenge_apps_pv_ins; DROP TRIGGER challenge_apps_pv_upd;"
	  "DROP TRIGGER challenge_ms_pv_ins; DROP TRIGGER challenge_ms_pv_upd;"
	  "DROP TABLE public_version;"
	  CL_LOG3("achievements", "achievement", "id", CL_PUBLIC_NEW, CL_PUBLIC_EITHER, CL_PUBLIC_OLD)
	  CL_LOG3("demands", "demand", "id", CL_PUBLIC_NEW, CL_PUBLIC_EITHER, CL_PUBLIC_OLD)
	  CL_LOG3("orgs", "org", "id", "", "", "")
	  CL_LOG3("contracts", "contract", "id", "", "", "")
	  CL_LOG3("indicator_targets", "indicator_target", "year", "", "", "")
	  CL_LOG3("enterprise_certifications", "certification", "org_id", "", "", "")
	  CL_LOG3("instruments", "instrument", "id", "", "", "")
	  CL_LOG3("bookings", "booking", "id", "", "", "")
	  CL_LOG3("challenges", "challenge", "id", CL_CH_NEW, CL_CH_EITHER, CL_CH_OLD)
	  CL_LOG3("challenge_apps", "challenge_app", "id", "", "", "")
	  CL_LOG3("challenge_milestones", "challenge_milestone", "id", "", "", "")
	  CL_LOG3("match_feedback", "feedback", "id", "", "", "") },
	/* == v14: alliances and service agencies (issue #15) ==
	 * Industry-university-research alliances with their member organisations
	 * (one role each) and dated activities; the profile of a service agency
	 * (an organisation of kind agency or transfer): services and regions as
	 * comma-separated keys, the year it was recognised. Enterprises served
	 * are derived from cases and contracts, so nothing stores them. */
	{ 14, "alliances and service agencies",
	  "CREATE TABLE alliances ("
	  " id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_en TEXT, field TEXT,"
	  " level TEXT NOT NULL CHECK (level IN ('national','provincial','city')),"
	  " city TEXT, founded_on TEXT NOT NULL,"
	  " lead_org_id INTEGER NOT NULL REFERENCES orgs(id), description TEXT,"
	  " created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	  "CREATE INDEX alliances_field ON alliances(field, level);"
	  "CREATE TABLE alliance_members ("
	  " alliance_id INTEGER NOT NULL REFERENCES alliances(id),"
	  " org_id INTEGER NOT NULL REFERENCES orgs(id),"
	  " role TEXT NOT NULL CHECK (role IN ('lead','vice_lead','member')),"
	  " joined_on TEXT, PRIMARY KEY (alliance_id, org_id));"
	  "CREATE INDEX alliance_members_org ON alliance_members(org_id);"
	  "CREATE TABLE alliance_activities ("
	  " id INTEGER PRIMARY KEY, alliance_id INTEGER NOT NULL REFERENCES alliances(id),"
	  " held_on TEXT NOT NULL, title TEXT NOT NULL);"
	  "CREATE INDEX alliance_activities_a ON alliance_activities(alliance_id, held_on);"
	  "CREATE TABLE agency_profiles ("
	  " org_id INTEGER PRIMARY KEY REFERENCES orgs(id),"
	  " level TEXT NOT NULL CHECK (level IN ('national','provincial','city')),"
	  " year INTEGER NOT NULL, services TEXT NOT NULL, regions TEXT, description TEXT,"
	  " updated_at TEXT NOT NULL);" },
	{ 15, "bulletins: weekly and monthly, archived by period",
	  "CREATE TABLE bulletins ("
	  " id INTEGER PRIMARY KEY,"
	  " period TEXT NOT NULL UNIQUE,"
	  " kind TEXT NOT NULL CHECK (kind IN ('weekly','monthly')),"
	  " date_from TEXT NOT NULL, date_to TEXT NOT NULL, window_to TEXT NOT NULL,"
	  " generated_at TEXT NOT NULL, generated_by TEXT NOT NULL,"
	  " new_achievements INTEGER NOT NULL, new_demands INTEGER NOT NULL,"
	  " contracts INTEGER NOT NULL, contract_amount_fen INTEGER NOT NULL,"
	  " published_achievements INTEGER NOT NULL, published_demands INTEGER NOT NULL,"
	  " closing_demands INTEGER NOT NULL, upcoming_events INTEGER NOT NULL);"
	  "CREATE INDEX bulletins_kind ON bulletins(kind, date_from);"
	  "CREATE TABLE bulletin_items ("
	  " bulletin_id INTEGER NOT NULL REFERENCES bulletins(id),"
	  " seq INTEGER NOT NULL,"
	  " section TEXT NOT NULL CHECK (section IN"
	  " ('new_achievement','new_demand','closing_demand','event')),"
	  " field TEXT, ref_id INTEGER NOT NULL, title_zh TEXT, title_en TEXT, org TEXT, date TEXT,"
	  " PRIMARY KEY (bulletin_id, seq));"
	  "CREATE INDEX ach_status_published ON achievements(status, published_at);"
	  "CREATE INDEX dem_status_published ON demands(status, published_at);" },
	/* == web2 (issue #18): attachments on listings, the bytes in the database
	 * so that every app node sees them (docs/web.md, "Attachments") == */
	{ 17, "attachments, challenge application versions, favourites",
	  "CREATE TABLE attachments ("
	  " id INTEGER PRIMARY KEY,"
	  " kind TEXT NOT NULL CHECK (kind IN ('achievement','demand')),"
	  " item_id INTEGER NOT NULL,"
	  " name TEXT NOT NULL, mime TEXT NOT NULL,"
	  " size INTEGER NOT NULL CHECK (size > 0), sha256 TEXT NOT NULL,"
	  " data TEXT NOT NULL, uploaded_by INTEGER, created_at TEXT NOT NULL);"  /* base64: the driver carries text */
	  "CREATE INDEX attachments_item ON attachments(kind, item_id, id);"
	  /* issue #13 leftover: a challenge application edited before the
	   * deadline keeps every version it replaced */
	  "CREATE TABLE challenge_app_versions ("
	  " id INTEGER PRIMARY KEY, app_id INTEGER NOT NULL, version INTEGER NOT NULL,"
	  " plan TEXT NOT NULL, requested_fen INTEGER NOT NULL, lines TEXT NOT NULL,"
	  " replaced_at TEXT NOT NULL, replaced_by INTEGER, UNIQUE (app_id, version));"
	  /* issue #18: a user's saved listings */
	  "CREATE TABLE favourites ("
	  " user_id INTEGER NOT NULL,"
	  " kind TEXT NOT NULL CHECK (kind IN ('achievement','demand')),"
	  " item_id INTEGER NOT NULL, created_at TEXT NOT NULL,"
	  " PRIMARY KEY (user_id, kind, item_id));" },
	/* == issue #18: attachments on challenges and docking cases too. SQLite
	 * cannot ALTER a CHECK; nothing refers to attachments (no foreign key,
	 * trigger or view), so the table is rebuilt with the wider CHECK, the
	 * rows copied with their ids (the procedure of the SQLite manual, "ALTER
	 * TABLE", section 7) == */
	{ 20, "attachments on challenges and docking cases",
	  "CREATE TABLE attachments_v20 ("
	  " id INTEGER PRIMARY KEY,"
	  " kind TEXT NOT NULL CHECK (kind IN ('achievement','demand','challenge','case')),"
	  " item_id INTEGER NOT NULL,"
	  " name TEXT NOT NULL, mime TEXT NOT NULL,"
	  " size INTEGER NOT NULL CHECK (size > 0), sha256 TEXT NOT NULL,"
	  " data TEXT NOT NULL, uploaded_by INTEGER, created_at TEXT NOT NULL);"
	  "INSERT INTO attachments_v20 (id,kind,item_id,name,mime,size,sha256,data,uploaded_by,created_at)"
	  " SELECT id,kind,item_id,name,mime,size,sha256,data,uploaded_by,created_at FROM attachments;"
	  "DROP TABLE attachments;"
	  "ALTER TABLE attachments_v20 RENAME TO attachments;"
	  "CREATE INDEX attachments_item ON attachments(kind, item_id, id);" },
};

/* SQLite cannot ALTER a CHECK. Rebuilding achievements and demands would
 * drop what other migrations hang on them (indexes, triggers, foreign keys
 * from contracts), so the CHECK text is widened in place, the procedure the
 * SQLite manual gives for loosening a constraint ("ALTER TABLE", section 7):
 * every existing row satisfies the wider rule, so the file stays valid. */
static int widen_status_checks(struct sq *q)
{
	static const char *const edits[][3] = {
		{ "achievements", "'withdrawn','commercialised')", "'withdrawn','commercialised','expired')" },
		{ "demands", "'withdrawn','closed')", "'withdrawn','closed','expired')" },
	};
	struct sqs *st;
	int rc = TB_OK, version = 0;
	char sql[64];

	if (!(st = sq_prep(q, "PRAGMA schema_version")))
		return TB_EDB;
	if (sqs_step(st) == SQD_ROW)
		version = sqs_col_int(st, 0);
	sqs_reset(st);
	if ((rc = sq_exec_sql(q, "PRAGMA writable_schema=ON")))
		return rc;
	for (size_t i = 0; i < ARRAY_SIZE(edits) && !rc; i++) {
		if (!(st = sq_prep(q, "UPDATE sqlite_schema SET sql=replace(sql,?2,?3)"
		                      " WHERE type='table' AND name=?1 AND instr(sql,?2)>0"))) {
			rc = TB_EDB;
			break;
		}
		for (int k = 0; k < 3; k++)
			sq_bind_text(st, k + 1, edits[i][k]);
		rc = sqs_step(st) == SQD_DONE ? TB_OK : TB_EDB;
		/* Exactly one table changed, or the schema is not what migration 1 wrote. */
		if (!rc && sq_changes(q) != 1)
			rc = TB_EDB;
		sqs_reset(st);
	}
	snprintf(sql, sizeof(sql), "PRAGMA schema_version=%d", version + 1);
	if (!rc)
		rc = sq_exec_sql(q, sql);
	sq_exec_sql(q, "PRAGMA writable_schema=OFF");
	return rc;
}

static int before(struct sq *q, int version)
{
	return version == 12 ? widen_status_checks(q) : TB_OK;
}

const struct sq_migrations sqlite_migrations = { migrations, ARRAY_SIZE(migrations), before };
