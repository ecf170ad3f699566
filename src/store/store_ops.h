/* store_ops.h - the one list of store operations. Each entry is
 * X(return type, name, (parameters), (arguments)); the list generates the
 * public functions store_<name> (store.h), the backend vtable (store_impl.h),
 * the dispatch wrappers (store.c) and every backend's table (sq.c builds
 * `.name = sq_<name>` from it), so a backend that lacks an operation does
 * not build, and a new operation is written here once. Every operation's
 * first parameter is `struct store *s`. The records are in src/model; the
 * query structs in store.h. Structs returned point into the caller's arena. */
#ifndef TB_STORE_OPS_H
#define TB_STORE_OPS_H

#define STORE_OPS(X) \
	X(int, migrate, (struct store *s, int *applied), (s, applied)) \
	X(int, schema_version, (struct store *s, int *version), (s, version)) \
	\
	/* Write transaction (IMMEDIATE in SQLite so writers queue instead of failing late). */ \
	X(int, begin, (struct store *s), (s)) \
	X(int, commit, (struct store *s), (s)) \
	X(int, rollback, (struct store *s), (s)) \
	\
	/* Organisations */ \
	/* sets id, timestamps */ \
	X(int, org_insert, (struct store *s, struct org *o), (s, o)) \
	X(int, org_update, (struct store *s, const struct org *o), (s, o)) \
	X(int, org_get, (struct store *s, struct arena *a, int64_t id, struct org *out), \
	  (s, a, id, out)) \
	X(int, org_find_by_name, (struct store *s, struct arena *a, const char *name, \
	  struct org *out), \
	  (s, a, name, out)) \
	X(int, org_list, (struct store *s, struct arena *a, const struct org_query *q, \
	  struct org **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	\
	/* Achievements */ \
	/* sets id, timestamps */ \
	X(int, achievement_insert, (struct store *s, struct achievement *x), (s, x)) \
	X(int, achievement_update, (struct store *s, const struct achievement *x), (s, x)) \
	/* Status change guarded by the expected current status (UPDATE ... WHERE \
	 * status = expect): TB_ESTATE when the item has another status by now, \
	 * TB_ENOTFOUND when it does not exist. Demands alike. */ \
	X(int, achievement_set_status, (struct store *s, int64_t id, const char *expect, \
	  const char *status, const char *note), \
	  (s, id, expect, status, note)) \
	X(int, achievement_get, (struct store *s, struct arena *a, int64_t id, struct achievement *out), \
	  (s, a, id, out)) \
	X(int, achievement_list, (struct store *s, struct arena *a, const struct catalog_query *q, \
	  struct achievement **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	/* Streams every row (status NULL = all) in id order; cb returning \
	 * non-zero stops with that rc. */ \
	X(int, achievement_each, (struct store *s, const char *status, \
	  int (*cb)(void *ctx, const struct achievement *x), void *ctx), \
	  (s, status, cb, ctx)) \
	\
	/* Demands */ \
	X(int, demand_insert, (struct store *s, struct demand *x), (s, x)) \
	X(int, demand_update, (struct store *s, const struct demand *x), (s, x)) \
	X(int, demand_set_status, (struct store *s, int64_t id, const char *expect, \
	  const char *status, const char *note), \
	  (s, id, expect, status, note)) \
	X(int, demand_get, (struct store *s, struct arena *a, int64_t id, struct demand *out), \
	  (s, a, id, out)) \
	X(int, demand_list, (struct store *s, struct arena *a, const struct catalog_query *q, \
	  struct demand **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	X(int, demand_each, (struct store *s, const char *status, \
	  int (*cb)(void *ctx, const struct demand *x), void *ctx), \
	  (s, status, cb, ctx)) \
	\
	/* Facet counts for a listing (same filters, ignoring the facet's own filter). */ \
	/* facet: field|city|trl|status */ \
	X(int, achievement_facet, (struct store *s, struct arena *a, const char *facet, \
	  const struct catalog_query *q, struct facet **out, int *n), \
	  (s, a, facet, q, out, n)) \
	\
	/* == accounts: users, sessions, tokens, audit == */ \
	/* Users. Emails are stored lower-case; a duplicate email is TB_ECONFLICT. */ \
	/* sets id, timestamps */ \
	X(int, user_insert, (struct store *s, struct user *u), (s, u)) \
	/* email, name, org, role */ \
	X(int, user_update, (struct store *s, const struct user *u), (s, u)) \
	X(int, user_set_password, (struct store *s, int64_t id, const char *pw_hash), \
	  (s, id, pw_hash)) \
	X(int, user_get, (struct store *s, struct arena *a, int64_t id, struct user *out), \
	  (s, a, id, out)) \
	X(int, user_find_by_email, (struct store *s, struct arena *a, const char *email, \
	  struct user *out), \
	  (s, a, email, out)) \
	X(int, user_list, (struct store *s, struct arena *a, const struct user_query *q, \
	  struct user **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	/* Brokers act for several organisations: the user_orgs link table. */ \
	X(int, user_org_link, (struct store *s, int64_t user_id, int64_t org_id), \
	  (s, user_id, org_id)) \
	X(int, user_org_linked, (struct store *s, int64_t user_id, int64_t org_id, int *linked), \
	  (s, user_id, org_id, linked)) \
	X(int, user_org_list, (struct store *s, struct arena *a, int64_t user_id, int64_t **out, \
	  int *n), \
	  (s, a, user_id, out, n)) \
	/* Credentials (sessions and API tokens), looked up by the hash of the secret. */ \
	/* sets id */ \
	X(int, credential_insert, (struct store *s, struct credential *c), (s, c)) \
	/* ENOTFOUND when expired */ \
	X(int, credential_find, (struct store *s, struct arena *a, const char *token_hash, \
	  int64_t now, struct credential *out), \
	  (s, a, token_hash, now, out)) \
	X(int, credential_list, (struct store *s, struct arena *a, int64_t user_id, const char *kind, \
	  int64_t now, struct credential **out, int *n), \
	  (s, a, user_id, kind, now, out, n)) \
	/* ENOTFOUND if not the user's */ \
	X(int, credential_delete, (struct store *s, int64_t user_id, int64_t id), (s, user_id, id)) \
	X(int, credential_delete_user, (struct store *s, int64_t user_id, int64_t except_id, \
	  int *deleted), \
	  (s, user_id, except_id, deleted)) \
	/* drops expired rows */ \
	X(int, credential_purge, (struct store *s, int64_t now), (s, now)) \
	/* Failed logins, keyed "account:EMAIL", "ip:ADDR" or "device:...". \
	 * Throttling in one atomic step - one write transaction, so parallel \
	 * attempts cannot all read "under the limit" before any records a failure. \
	 * For each of n keys, counts failures at or after `since`; when any count has \
	 * reached max[i], *blocked_oldest gets the oldest failure of that key and \
	 * nothing is recorded. Otherwise one failure per key is recorded at `now` \
	 * (ids[i]), i.e. charged before the password is checked; a correct password \
	 * takes its charges back with login_uncharge. */ \
	X(int, login_charge, (struct store *s, const char *const *keys, const int *max, int n, \
	  int64_t since, int64_t now, int64_t *blocked_oldest, int64_t *ids), \
	  (s, keys, max, n, since, now, blocked_oldest, ids)) \
	X(int, login_uncharge, (struct store *s, const int64_t *ids, int n), (s, ids, n)) \
	X(int, login_fail_clear, (struct store *s, const char *key), (s, key)) \
	/* Devices an account has logged in from (hash of the device cookie). */ \
	X(int, device_add, (struct store *s, int64_t user_id, const char *token_hash, int64_t now), \
	  (s, user_id, token_hash, now)) \
	X(int, device_known, (struct store *s, int64_t user_id, const char *token_hash, \
	  int *known), \
	  (s, user_id, token_hash, known)) \
	/* Append-only audit log (UPDATE and DELETE raise in the database). */ \
	X(int, audit_append, (struct store *s, const struct audit_entry *e), (s, e)) \
	X(int, audit_list, (struct store *s, struct arena *a, const struct audit_query *q, \
	  struct audit_entry **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	X(int, audit_each, (struct store *s, const struct audit_query *q, \
	  int (*cb)(void *ctx, const struct audit_entry *e), void *ctx), \
	  (s, q, cb, ctx)) \
	\
	\
	/* == instruments and bookings == */ \
	/* Instruments. Times are local text (domain/instrument.h). */ \
	/* sets id, timestamps */ \
	X(int, instrument_insert, (struct store *s, struct instrument *x), (s, x)) \
	X(int, instrument_update, (struct store *s, const struct instrument *x), (s, x)) \
	X(int, instrument_get, (struct store *s, struct arena *a, int64_t id, struct instrument *out), \
	  (s, a, id, out)) \
	X(int, instrument_list, (struct store *s, struct arena *a, const struct instr_query *q, \
	  struct instrument **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	/* Instruments (status available, optional category) with no slot-holding \
	 * booking overlapping [from, to). */ \
	X(int, instrument_free, (struct store *s, struct arena *a, const char *from, const char *to, \
	  const char *category, int limit, struct instrument **out, int *n), \
	  (s, a, from, to, category, limit, out, n)) \
	/* Counts for statistics: instruments, owning institutions, instruments >= 500,000 yuan. */ \
	X(int, instrument_counts, (struct store *s, int64_t *instruments, int64_t *institutions, \
	  int64_t *kpi_instruments), \
	  (s, instruments, institutions, kpi_instruments)) \
	/* Per instrument, usage recorded with used_start in [from, to): hours, fees, count. */ \
	X(int, instrument_usage, (struct store *s, struct arena *a, const char *from, const char *to, \
	  struct instr_usage **out, int *n), \
	  (s, a, from, to, out, n)) \
	/* Technical-service revenue: the sum of fees of uses with used_start in \
	 * [from, to) (local times or dates "YYYY-MM-DD"); owner_org 0 = all. The \
	 * indicators module quotes this. */ \
	X(int, instrument_revenue, (struct store *s, const char *from, const char *to, \
	  int64_t owner_org, double *yuan, int64_t *uses), \
	  (s, from, to, owner_org, yuan, uses)) \
	\
	/* Bookings. store_booking_create must run inside store_begin/store_commit: \
	 * for a slot-holding status it probes for an overlap and inserts under the \
	 * write lock (TB_ECONFLICT on overlap); a trigger refuses overlaps too. */ \
	/* sets id, timestamps */ \
	X(int, booking_create, (struct store *s, struct booking *b), (s, b)) \
	/* Bulk loads (the demo province): n bookings in few statements (many \
	 * rows each: one round trip per statement on PostgreSQL), inside the \
	 * caller's transaction, with no overlap probe: the caller has ruled \
	 * overlaps out. The database still refuses one (TB_ECONFLICT; nothing \
	 * of that statement is written). Ids are not returned. */ \
	X(int, booking_insert_many, (struct store *s, const struct booking *b, int n), (s, b, n)) \
	X(int, booking_get, (struct store *s, struct arena *a, int64_t id, struct booking *out), \
	  (s, a, id, out)) \
	X(int, booking_list, (struct store *s, struct arena *a, const struct booking_query *q, \
	  struct booking **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	/* Slot-holding bookings on one instrument overlapping [from, to). */ \
	X(int, booking_busy, (struct store *s, struct arena *a, int64_t instrument_id, \
	  const char *from, const char *to, struct booking **out, int *n), \
	  (s, a, instrument_id, from, to, out, n)) \
	/* Status change guarded by the expected current status (TB_ESTATE when it \
	 * changed meanwhile); TB_ECONFLICT when the new status would overlap. */ \
	X(int, booking_set_status, (struct store *s, int64_t id, const char *expect, \
	  const char *status, const char *note, const char *offer_expires), \
	  (s, id, expect, status, note, offer_expires)) \
	/* -> completed */ \
	X(int, booking_record_usage, (struct store *s, const struct booking *b), (s, b)) \
	/* First waitlisted request on the instrument starting after `now` whose slot \
	 * is free now; TB_ENOTFOUND when none. */ \
	X(int, booking_next_waitlisted, (struct store *s, struct arena *a, \
	  int64_t instrument_id, const char *now, struct booking *out), \
	  (s, a, instrument_id, now, out)) \
	/* Offers whose acceptance window passed become expired; *instruments gets \
	 * the distinct instruments affected (up to max) so their waitlists can move. */ \
	X(int, booking_expire_offers, (struct store *s, const char *now, int64_t *instruments, \
	  int max, int *n), \
	  (s, now, instruments, max, n)) \
	\
	/* Qualifications (training records). */ \
	X(int, qualification_insert, (struct store *s, struct qualification *q), (s, q)) \
	/* True when email holds a qualification for the instrument valid on date (YYYY-MM-DD). */ \
	X(int, qualification_valid, (struct store *s, int64_t instrument_id, const char *email, \
	  const char *date, int *valid), \
	  (s, instrument_id, email, date, valid)) \
	X(int, qualification_list, (struct store *s, struct arena *a, int64_t instrument_id, \
	  struct qualification **out, int *n), \
	  (s, a, instrument_id, out, n)) \
	\
	\
	/* == contracts and indicators == */ \
	/* sets id, timestamps */ \
	X(int, contract_insert, (struct store *s, struct contract *c), (s, c)) \
	X(int, contract_update, (struct store *s, const struct contract *c), (s, c)) \
	X(int, contract_get, (struct store *s, struct arena *a, int64_t id, \
	  struct contract *out), \
	  (s, a, id, out)) \
	X(int, contract_list, (struct store *s, struct arena *a, const struct contract_query *q, \
	  struct contract **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	/* Statistics filter: live (not terminated) contracts signed in [from, to) whose \
	 * seller (or buyer) location matches every given field. */ \
	X(int, contract_each, (struct store *s, const struct contract_filter *f, \
	  int (*cb)(void *ctx, const struct contract *c), void *ctx), \
	  (s, f, cb, ctx)) \
	/* Live contracts realising an achievement (to decide its status after a termination). */ \
	X(int, contract_live_for_ach, (struct store *s, int64_t achievement_id, int64_t *count), \
	  (s, achievement_id, count)) \
	/* published_at dates of achievements published in [from, to) whose owner is in \
	 * the region: in_province, or city (zh), or district matching one of names[]. */ \
	X(int, achievement_published_each, (struct store *s, const struct ach_region_filter *f, \
	  int (*cb)(void *ctx, const char *published_at), void *ctx), \
	  (s, f, cb, ctx)) \
	/* Targets: (year, region code, metric) -> integer value in the metric's unit. */ \
	X(int, target_put, (struct store *s, const struct ind_target *t), (s, t)) \
	X(int, target_list, (struct store *s, struct arena *a, int year, \
	  const char *region_code, struct ind_target **out, int *n), \
	  (s, a, year, region_code, out, n)) \
	/* Enterprise tiers (high_tech ...) per org and year. */ \
	X(int, cert_put, (struct store *s, int64_t org_id, const char *tier, int year), \
	  (s, org_id, tier, year)) \
	X(int, cert_count, (struct store *s, const char *tier, int year, \
	  const struct ach_region_filter *f, int64_t *count), \
	  (s, tier, year, f, count)) \
	\
	\
	/* == revisions: pending edits of public listings (model/revision.h) == */ \
	/* Stores r as the item's pending revision, replacing one that is pending; \
	 * sets r->id (the pending row it created or replaced) and r->status. */ \
	X(int, revision_put, (struct store *s, struct revision *r), (s, r)) \
	/* TB_ENOTFOUND: none pending */ \
	X(int, revision_pending, (struct store *s, struct arena *a, bool is_ach, int64_t item_id, \
	  struct revision *out), \
	  (s, a, is_ach, item_id, out)) \
	/* Newest first; status NULL = any. */ \
	X(int, revision_list, (struct store *s, struct arena *a, const char *status, int limit, \
	  struct revision **out, int *n), \
	  (s, a, status, limit, out, n)) \
	/* pending -> status (TB_ESTATE when no longer pending). */ \
	X(int, revision_decide, (struct store *s, int64_t id, const char *status, const char *reason, \
	  int64_t decided_by), \
	  (s, id, status, reason, decided_by)) \
	\
	/* == read path (issue #17) == */ \
	/* Instrument revenue per owning organisation in one grouped query, for the \
	 * owners located in `city` (NULL: everywhere), with the owner's city and \
	 * district so that the caller can narrow to a district or zone. Replaces one \
	 * instr_revenue call per organisation (a city's indicator summary took tens \
	 * of seconds on the demo). Orgs without use are absent. */ \
	X(int, instrument_revenue_by_org, (struct store *s, struct arena *a, const char *from, \
	  const char *to, const char *city, struct instr_org_revenue **out, int *n), \
	  (s, a, from, to, city, out, n)) \
	/* A number that changes whenever data visible to anonymous readers changes \
	 * (published catalogue items, organisations, contracts, targets, \
	 * certifications, instruments, bookings, challenges, match feedback), \
	 * whoever wrote it: the change log's last seq (changes_last). The API \
	 * keeps public answers while it stays the same (src/api/cache.c). */ \
	X(int, public_version, (struct store *s, int64_t *version), (s, version)) \
	/* The contracts of the filter summed per (period, group); see struct contract_sum. */ \
	X(int, contract_sums, (struct store *s, const struct contract_filter *f, \
	  enum contract_sum_period period, enum contract_sum_by by, \
	  int (*cb)(void *ctx, const struct contract_sum *sum), void *ctx), \
	  (s, f, period, by, cb, ctx)) \
	\
	/* == bulk loading: import and demo == */ \
	/* Large single-transaction loads (100,000 rows) spill SQLite's default 2 MB \
	 * page cache and re-read their own pages; bulk mode gives the connection a \
	 * large cache until it is switched off again. Durability is unchanged. */ \
	X(int, bulk_mode, (struct store *s, int on), (s, on)) \
	\
	/* == challenges: 揭榜挂帅 open competitions (model/challenge.h) == */ \
	/* sets id, timestamps; status as given (the domain sets draft) */ \
	X(int, ch_insert, (struct store *s, struct challenge *c), (s, c)) \
	/* every writable column but status and note */ \
	X(int, ch_update, (struct store *s, const struct challenge *c), (s, c)) \
	X(int, ch_get, (struct store *s, struct arena *a, int64_t id, struct challenge *out), \
	  (s, a, id, out)) \
	X(int, ch_list, (struct store *s, struct arena *a, const struct ch_query *q, \
	  struct challenge **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	/* expect -> status (TB_ESTATE when the status is no longer expect); sets \
	 * published_at when status is published; note NULL keeps the note. */ \
	X(int, ch_set_status, (struct store *s, int64_t id, const char *expect, \
	  const char *status, const char *note), \
	  (s, id, expect, status, note)) \
	/* Replaces the lines of (challenge, app, kind) with lines[0..n). */ \
	X(int, ch_lines_put, (struct store *s, int64_t challenge_id, int64_t app_id, \
	  const char *kind, const struct ch_line *lines, int n), \
	  (s, challenge_id, app_id, kind, lines, n)) \
	/* Lines of one owner (app_id 0 = the challenge's), by kind then seq. */ \
	X(int, ch_lines_get, (struct store *s, struct arena *a, int64_t challenge_id, \
	  int64_t app_id, struct ch_line **out, int *n), \
	  (s, a, challenge_id, app_id, out, n)) \
	/* sets id, created_at (one live application per team: the domain's rule) */ \
	X(int, ch_app_insert, (struct store *s, struct ch_app *x), (s, x)) \
	/* status, requested_fen, award_fen, contract_id, plan */ \
	X(int, ch_app_update, (struct store *s, const struct ch_app *x), (s, x)) \
	X(int, ch_app_get, (struct store *s, struct arena *a, int64_t id, struct ch_app *out), \
	  (s, a, id, out)) \
	/* challenge_id 0 = every challenge; team_org 0 = every team; id order */ \
	X(int, ch_app_list, (struct store *s, struct arena *a, int64_t challenge_id, \
	  int64_t team_org, struct ch_app **out, int *n), \
	  (s, a, challenge_id, team_org, out, n)) \
	/* Upsert of (challenge, user). */ \
	X(int, ch_expert_put, (struct store *s, const struct ch_expert *e), (s, e)) \
	/* challenge_id 0 = every challenge; user_id 0 = every expert */ \
	X(int, ch_expert_list, (struct store *s, struct arena *a, int64_t challenge_id, \
	  int64_t user_id, struct ch_expert **out, int *n), \
	  (s, a, challenge_id, user_id, out, n)) \
	/* Upsert of (app, expert, criterion). */ \
	X(int, ch_score_put, (struct store *s, const struct ch_score *x), (s, x)) \
	X(int, ch_score_list, (struct store *s, struct arena *a, int64_t challenge_id, \
	  struct ch_score **out, int *n), \
	  (s, a, challenge_id, out, n)) \
	/* sets id, created_at, status open */ \
	X(int, ch_obj_insert, (struct store *s, struct ch_objection *o), (s, o)) \
	X(int, ch_obj_list, (struct store *s, struct arena *a, int64_t challenge_id, \
	  struct ch_objection **out, int *n), \
	  (s, a, challenge_id, out, n)) \
	/* open -> status (TB_ESTATE when already decided) */ \
	X(int, ch_obj_decide, (struct store *s, int64_t id, const char *status, \
	  const char *resolution), \
	  (s, id, status, resolution)) \
	/* sets id */ \
	X(int, ch_ms_insert, (struct store *s, struct ch_milestone *m), (s, m)) \
	X(int, ch_ms_get, (struct store *s, struct arena *a, int64_t id, struct ch_milestone *out), \
	  (s, a, id, out)) \
	/* challenge_id 0 = every challenge; by challenge, app, seq */ \
	X(int, ch_ms_list, (struct store *s, struct arena *a, int64_t challenge_id, \
	  struct ch_milestone **out, int *n), \
	  (s, a, challenge_id, out, n)) \
	/* Writes status, evidence, reason, reported_at, decided_at when the stored \
	 * status is still expect (TB_ESTATE otherwise). */ \
	X(int, ch_ms_set, (struct store *s, const struct ch_milestone *m, const char *expect), \
	  (s, m, expect)) \
	/* accepted -> paid, once: TB_ESTATE when not accepted or already paid. */ \
	X(int, ch_ms_pay, (struct store *s, int64_t id, int64_t by, const char *at), \
	  (s, id, by, at)) \
	/* == enterprise tiers: rules as data, facts, results, certifications (model/tier.h) == */ \
	/* Inserts the rule with its criteria and bands; sets id, created_at and \
	 * version (one more than the highest of the same tier and region). */ \
	X(int, tier_rule_insert, (struct store *s, struct tier_rule *r), (s, r)) \
	X(int, tier_rule_get, (struct store *s, struct arena *a, int64_t id, struct tier_rule *out), \
	  (s, a, id, out)) \
	/* tier / region_code NULL = any; with criteria and bands; by tier, region, version. */ \
	X(int, tier_rule_list, (struct store *s, struct arena *a, const char *tier, \
	  const char *region_code, struct tier_rule **out, int *n), \
	  (s, a, tier, region_code, out, n)) \
	/* Sets valid_to; TB_ENOTFOUND for no such rule. */ \
	X(int, tier_rule_retire, (struct store *s, int64_t id, const char *valid_to), \
	  (s, id, valid_to)) \
	/* Annual facts, one row per (org, year): a second put replaces the first. */ \
	X(int, facts_put, (struct store *s, const struct ent_facts *f), (s, f)) \
	/* org_id 0 / year 0 = any; by org, then year. */ \
	X(int, facts_list, (struct store *s, struct arena *a, int64_t org_id, int year, \
	  struct ent_facts **out, int *n), \
	  (s, a, org_id, year, out, n)) \
	/* One result per (org, year, tier): a re-evaluation replaces it. */ \
	X(int, tier_result_put, (struct store *s, const struct tier_result *r), (s, r)) \
	/* org_id 0 / year 0 / tier NULL = any; by org, year, tier. */ \
	X(int, tier_result_list, (struct store *s, struct arena *a, int64_t org_id, int year, \
	  const char *tier, struct tier_result **out, int *n), \
	  (s, a, org_id, year, tier, out, n)) \
	/* The official list: (org, tier, year) with validity; a second put updates it. */ \
	X(int, tier_cert_put, (struct store *s, const struct tier_cert *c), (s, c)) \
	/* org_id 0 / tier NULL / year 0 / f NULL = any; f: the owner's region \
	 * (the filter of cert_count); by year, tier, org. */ \
	X(int, tier_cert_list, (struct store *s, struct arena *a, const struct cert_query *cq, \
	  struct tier_cert **out, int *n, int64_t *total), \
	  (s, a, cq, out, n, total)) \
	/* Enterprises on the year's list of `tier` that were not on the year before's, \
	 * owner in the region (the filter of cert_count). */ \
	X(int, cert_count_new, (struct store *s, const char *tier, int year, \
	  const struct ach_region_filter *f, int64_t *count), \
	  (s, tier, year, f, count)) \
	/* Named achievement collections: add (a second add is a no-op), count. */ \
	X(int, collection_add, (struct store *s, const char *name, int64_t achievement_id, \
	  const char *added_on), \
	  (s, name, achievement_id, added_on)) \
	X(int, collection_count, (struct store *s, const char *name, int64_t *count), \
	  (s, name, count)) \
	/* Platform registry (model/platform.h): kinds are rows of platform_kinds. */ \
	X(int, platform_kinds, (struct store *s, struct arena *a, struct platform_kind **out, int *n), \
	  (s, a, out, n)) \
	/* sets id, timestamps; hosts inserted with it */ \
	X(int, platform_insert, (struct store *s, struct platform *p), (s, p)) \
	X(int, platform_get, (struct store *s, struct arena *a, int64_t id, struct platform *out), \
	  (s, a, id, out)) \
	X(int, platform_list, (struct store *s, struct arena *a, const struct platform_query *q, \
	  struct platform **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	/* Counts grouped by kind|level|city|district|field|year|status under the filters. */ \
	X(int, platform_counts, (struct store *s, struct arena *a, const char *by, \
	  const struct platform_query *q, struct platform_count **out, int *n), \
	  (s, a, by, q, out, n)) \
	/* Status change guarded by the expected status (TB_ESTATE when it changed). */ \
	X(int, platform_set_status, (struct store *s, int64_t id, const char *expect, \
	  const char *status, const char *evaluation), \
	  (s, id, expect, status, evaluation)) \
	/* A second add of the same link is a no-op. */ \
	X(int, platform_link_add, (struct store *s, const struct platform_link *l), (s, l)) \
	X(int, platform_links, (struct store *s, struct arena *a, int64_t platform_id, \
	  struct platform_link **out, int *n), \
	  (s, a, platform_id, out, n)) \
	/* == brokers: profiles, consented representation, docking cases, contact \
	 * requests, match feedback (model/broker.h, issue #14) == */ \
	/* Inserts or replaces the profile of b->user_id. */ \
	X(int, broker_put, (struct store *s, const struct broker *b), (s, b)) \
	X(int, broker_get, (struct store *s, struct arena *a, int64_t user_id, struct broker *out), \
	  (s, a, user_id, out)) \
	/* Senior first, then by name; field/region match one element of the lists. */ \
	X(int, broker_list, (struct store *s, struct arena *a, const struct broker_query *q, \
	  struct broker **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	/* A new request, or a declined/revoked one asked again (TB_ESTATE when it is \
	 * requested or consented already). */ \
	X(int, rep_request, (struct store *s, int64_t user_id, int64_t org_id, const char *scope), \
	  (s, user_id, org_id, scope)) \
	X(int, rep_get, (struct store *s, struct arena *a, int64_t user_id, int64_t org_id, \
	  struct representation *out), \
	  (s, a, user_id, org_id, out)) \
	/* from -> to, only while the row is in `from` (TB_ESTATE otherwise). */ \
	X(int, rep_decide, (struct store *s, int64_t user_id, int64_t org_id, const char *from, \
	  const char *to, int64_t by, const char *note), \
	  (s, user_id, org_id, from, to, by, note)) \
	/* By broker (user_id > 0) or by organisation (org_id > 0); status NULL = any. */ \
	X(int, rep_list, (struct store *s, struct arena *a, int64_t user_id, int64_t org_id, \
	  const char *status, struct representation **out, int *n), \
	  (s, a, user_id, org_id, status, out, n)) \
	/* *ok = 1 when the link is consented and its scope holds `scope`. */ \
	X(int, rep_allows, (struct store *s, int64_t user_id, int64_t org_id, const char *scope, \
	  int *ok), \
	  (s, user_id, org_id, scope, ok)) \
	/* sets c->id */ \
	X(int, case_insert, (struct store *s, struct dcase *c), (s, c)) \
	X(int, case_get, (struct store *s, struct arena *a, int64_t id, struct dcase *out), \
	  (s, a, id, out)) \
	/* Newest first. */ \
	X(int, case_list, (struct store *s, struct arena *a, const struct case_query *q, \
	  struct dcase **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	/* from -> to while the case is in `from` (TB_ESTATE otherwise); sets close_reason, \
	 * contract_id (> 0) and contracted_on when given. */ \
	X(int, case_move, (struct store *s, int64_t id, const char *from, const char *to, \
	  const char *close_reason, int64_t contract_id, const char *contracted_on), \
	  (s, id, from, to, close_reason, contract_id, contracted_on)) \
	/* sets st->id */ \
	X(int, case_step_add, (struct store *s, struct case_step *st), (s, st)) \
	/* Oldest first. */ \
	X(int, case_steps, (struct store *s, struct arena *a, int64_t case_id, \
	  struct case_step **out, int *n), \
	  (s, a, case_id, out, n)) \
	/* sets r->id */ \
	X(int, contact_insert, (struct store *s, struct contact_request *r), (s, r)) \
	X(int, contact_get, (struct store *s, struct arena *a, int64_t id, \
	  struct contact_request *out), \
	  (s, a, id, out)) \
	/* To an organisation (to_org > 0) or from a user (from_user > 0); newest first. */ \
	X(int, contact_list, (struct store *s, struct arena *a, int64_t to_org, int64_t from_user, \
	  const char *status, struct contact_request **out, int *n), \
	  (s, a, to_org, from_user, status, out, n)) \
	/* pending -> to (TB_ESTATE when no longer pending). */ \
	X(int, contact_decide, (struct store *s, int64_t id, const char *to, const char *reason, \
	  int64_t by), \
	  (s, id, to, reason, by)) \
	/* *ok = 1 when user or org (either > 0) holds an accepted request on the listing. */ \
	X(int, contact_accepted, (struct store *s, int64_t user_id, int64_t org_id, \
	  const char *listing_kind, int64_t listing_id, int *ok), \
	  (s, user_id, org_id, listing_kind, listing_id, ok)) \
	/* One row per (party, achievement, demand): insert or replace the verdict; \
	 * sets f->id and *created (1 new, 0 replaced). */ \
	X(int, fb_put, (struct store *s, struct match_feedback *f, int *created), (s, f, created)) \
	X(int, fb_get, (struct store *s, struct arena *a, int64_t party_org_id, int64_t ach_id, \
	  int64_t dem_id, struct match_feedback *out), \
	  (s, a, party_org_id, ach_id, dem_id, out)) \
	/* Every row, oldest first (ranking priors are built from it). */ \
	X(int, fb_each, (struct store *s, int (*cb)(void *ctx, const struct match_feedback *f), \
	  void *ctx), \
	  (s, cb, ctx)) \
	/* Counts by verdict and reason about one listing (is_ach: an achievement). */ \
	X(int, fb_summary, (struct store *s, struct arena *a, bool is_ach, int64_t listing_id, \
	  struct feedback_count **out, int *n), \
	  (s, a, is_ach, listing_id, out, n)) \
	/* Cases opened in [since, until] or whose registered (not terminated) \
	 * contract was signed then (at most 20,000: TB_ETOOBIG beyond), \
	 * with that contract; by case id. */ \
	X(int, kpi_rows, (struct store *s, struct arena *a, const char *since, const char *until, \
	  struct kpi_row **out, int *n), \
	  (s, a, since, until, out, n)) \
	/* Events: sets e->id. */ \
	X(int, event_insert, (struct store *s, struct event *e), (s, e)) \
	X(int, event_get, (struct store *s, struct arena *a, int64_t id, struct event *out), \
	  (s, a, id, out)) \
	/* Starting in [since, until] (NULL = open), kind NULL = any; by date. */ \
	X(int, event_list, (struct store *s, struct arena *a, const char *since, const char *until, \
	  const char *kind, int limit, struct event **out, int *n), \
	  (s, a, since, until, kind, limit, out, n)) \
	/* Registers a person (TB_ECONFLICT when registered already); sets at->id. */ \
	X(int, event_register, (struct store *s, struct event_attendee *at), (s, at)) \
	/* Checks an attendee in once (TB_ESTATE when already checked in). */ \
	X(int, event_checkin, (struct store *s, int64_t event_id, int64_t attendee_id), \
	  (s, event_id, attendee_id)) \
	/* In registration order. */ \
	X(int, event_attendees, (struct store *s, struct arena *a, int64_t event_id, \
	  struct event_attendee **out, int *n), \
	  (s, a, event_id, out, n)) \
	/* == release: payment schedules, validity, maintenance lease, notifications (issue #16) == */ \
	/* Replaces the contract's instalments with items[0..n) (seq = position + 1). */ \
	X(int, contract_schedule_put, (struct store *s, int64_t contract_id, \
	  const struct instalment *items, int n), \
	  (s, contract_id, items, n)) \
	/* In seq order; n = 0 when none. */ \
	X(int, contract_schedule_get, (struct store *s, struct arena *a, int64_t contract_id, \
	  struct instalment **out, int *n), \
	  (s, a, contract_id, out, n)) \
	/* Published rows with no validity get date(published_at) + days; *n = rows set. */ \
	X(int, cat_assign_expiry, (struct store *s, bool is_ach, int days, int *n), \
	  (s, is_ach, days, n)) \
	/* Sets the validity end (YYYY-MM-DD) and clears the reminder mark. */ \
	X(int, cat_set_expiry, (struct store *s, bool is_ach, int64_t id, const char *expires_at), \
	  (s, is_ach, id, expires_at)) \
	/* Ids (ascending, at most max) of the published rows due on `date` (YYYY-MM-DD) for: \
	 * "expire" (expires_at < date), "remind" (expires_at <= date, not reminded), \
	 * "deadline" (demands: deadline < date), "realised" (demands with a live contract). */ \
	X(int, cat_due, (struct store *s, struct arena *a, bool is_ach, const char *what, \
	  const char *date, int max, int64_t **out, int *n), \
	  (s, a, is_ach, what, date, max, out, n)) \
	/* expect -> status with review_note = note; TB_ESTATE when no longer `expect`. */ \
	X(int, cat_set_status_if, (struct store *s, bool is_ach, int64_t id, const char *expect, \
	  const char *status, const char *note), \
	  (s, is_ach, id, expect, status, note)) \
	X(int, cat_mark_reminded, (struct store *s, bool is_ach, int64_t id, const char *at), \
	  (s, is_ach, id, at)) \
	/* Takes the named lease for ttl seconds when it is free, expired or already \
	 * the holder's (*got = 1); otherwise *got = 0. One statement: atomic across nodes. */ \
	X(int, lease_acquire, (struct store *s, const char *name, const char *holder, int64_t now, \
	  int64_t ttl, int *got), \
	  (s, name, holder, now, ttl, got)) \
	X(int, lease_release, (struct store *s, const char *name, const char *holder), \
	  (s, name, holder)) \
	/* Inserts unless the same (kind, item, recipient) exists: *created 1 or 0; sets id. */ \
	X(int, notify_insert, (struct store *s, struct notification *nt, int *created), \
	  (s, nt, created)) \
	/* The user's own and their organisation's notifications, newest first. */ \
	X(int, notify_list, (struct store *s, struct arena *a, int64_t user_id, int64_t org_id, \
	  int limit, struct notification **out, int *n), \
	  (s, a, user_id, org_id, limit, out, n)) \
	/* Marks one read; TB_ENOTFOUND when it is not the user's or their organisation's. */ \
	X(int, notify_read, (struct store *s, int64_t user_id, int64_t org_id, int64_t id), \
	  (s, user_id, org_id, id)) \
	/* Subscriptions (saved searches, followed organisations); sets id. */ \
	X(int, sub_insert, (struct store *s, struct subscription *x), (s, x)) \
	/* user_id 0 = every user's (alerts); target NULL = both sides; oldest first. */ \
	X(int, sub_list, (struct store *s, struct arena *a, int64_t user_id, const char *target, \
	  struct subscription **out, int *n), \
	  (s, a, user_id, target, out, n)) \
	/* TB_ENOTFOUND when it is not the user's. */ \
	X(int, sub_delete, (struct store *s, int64_t user_id, int64_t id), (s, user_id, id)) \
	/* E-mail digest preference: none daily weekly (none = unsubscribed). */ \
	X(int, mail_pref_put, (struct store *s, int64_t user_id, const char *digest), \
	  (s, user_id, digest)) \
	/* "none" when never set. */ \
	X(int, mail_pref_get, (struct store *s, struct arena *a, int64_t user_id, const char **digest), \
	  (s, a, user_id, digest)) \
	/* Users with a digest whose next send time is <= now, at most max. */ \
	X(int, mail_due, (struct store *s, struct arena *a, int64_t now, int max, \
	  struct mail_due **out, int *n), \
	  (s, a, now, max, out, n)) \
	/* The user's alerts not yet mailed, oldest first, at most max. */ \
	X(int, mail_pending, (struct store *s, struct arena *a, int64_t user_id, int max, \
	  struct notification **out, int *n), \
	  (s, a, user_id, max, out, n)) \
	/* Sent: the user's notifications with id <= upto are mailed; next send at next_at. */ \
	X(int, mail_sent, (struct store *s, int64_t user_id, int64_t upto, int64_t next_at), \
	  (s, user_id, upto, next_at)) \
	/* Failed: nothing is marked; retry at next_at. */ \
	X(int, mail_failed, (struct store *s, int64_t user_id, int failures, int64_t next_at), \
	  (s, user_id, failures, next_at)) \
	/* The server key `name`: stored once (the first caller's candidate wins), \
	 * then the same for every node; len bytes into out. */ \
	X(int, server_key, (struct store *s, const char *name, const unsigned char *candidate, \
	  size_t len, unsigned char *out), \
	  (s, name, candidate, len, out)) \
	/* == bulletins (issue #16) == */ \
	/* Inserts the bulletin and its items (b->items[0..n_items)) and sets b->id; \
	 * TB_ECONFLICT when the period has one already (made once per period). */ \
	X(int, bulletin_insert, (struct store *s, struct bulletin *b), (s, b)) \
	/* With its items in their order; TB_ENOTFOUND when the period has none. */ \
	X(int, bulletin_get, (struct store *s, struct arena *a, const char *period, \
	  struct bulletin *out), \
	  (s, a, period, out)) \
	/* Newest period first, kind NULL = both; items NULL. */ \
	X(int, bulletin_list, (struct store *s, struct arena *a, const char *kind, int limit, \
	  struct bulletin **out, int *n), \
	  (s, a, kind, limit, out, n)) \
	/* Listings published in [from, to) (YYYY-MM-DD) and published still, by \
	 * field then date, at most max, as items of section new_achievement|new_demand. */ \
	X(int, bulletin_new_listings, (struct store *s, struct arena *a, bool is_ach, \
	  const char *from, const char *to, int max, struct bulletin_item **out, int *n), \
	  (s, a, is_ach, from, to, max, out, n)) \
	/* Published demands whose deadline is in [from, to), by deadline (closing_demand). */ \
	X(int, bulletin_closing_demands, (struct store *s, struct arena *a, const char *from, \
	  const char *to, int max, struct bulletin_item **out, int *n), \
	  (s, a, from, to, max, out, n)) \
	/* The counts of struct bulletin_figures for [from, to) (closing and events \
	 * over [to, window_to)). */ \
	X(int, bulletin_figures, (struct store *s, const char *from, const char *to, \
	  const char *window_to, struct bulletin_figures *out), \
	  (s, from, to, window_to, out)) \
	/* == alliances and service agencies (issue #15, model/alliance.h) == */ \
	/* Inserts the alliance and its members (x->members); sets id. */ \
	X(int, alliance_insert, (struct store *s, struct alliance *x), (s, x)) \
	/* The alliance with members, counts and the substantive rule for `year`. */ \
	X(int, alliance_get, (struct store *s, struct arena *a, int64_t id, int year, \
	  struct alliance *out), \
	  (s, a, id, year, out)) \
	X(int, alliance_list, (struct store *s, struct arena *a, const struct alliance_query *q, \
	  struct alliance **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	X(int, alliance_stats, (struct store *s, const struct alliance_query *q, \
	  struct alliance_stats *out), \
	  (s, q, out)) \
	/* Adds the member or changes its role (joined_on kept when NULL). */ \
	X(int, alliance_member_put, (struct store *s, int64_t alliance_id, \
	  const struct alliance_member *m), \
	  (s, alliance_id, m)) \
	X(int, alliance_activity_add, (struct store *s, struct alliance_activity *v), (s, v)) \
	/* Newest first, at most 500. */ \
	X(int, alliance_activities, (struct store *s, struct arena *a, int64_t alliance_id, \
	  struct alliance_activity **out, int *n), \
	  (s, a, alliance_id, out, n)) \
	/* Creates or replaces the service profile of an organisation. */ \
	X(int, agency_put, (struct store *s, const struct agency *x), (s, x)) \
	X(int, agency_get, (struct store *s, struct arena *a, int64_t org_id, struct agency *out), \
	  (s, a, org_id, out)) \
	X(int, agency_list, (struct store *s, struct arena *a, const struct agency_query *q, \
	  struct agency **out, int *n, int64_t *total), \
	  (s, a, q, out, n, total)) \
	/* by: service city district year; TB_EINVAL otherwise. */ \
	X(int, agency_counts, (struct store *s, struct arena *a, const char *by, \
	  const struct agency_query *q, struct agency_count **out, int *n), \
	  (s, a, by, q, out, n)) \
	/* Enterprises served (cases run by its brokers, their contracts), most contracts first. */ \
	X(int, agency_clients, (struct store *s, struct arena *a, int64_t org_id, int max, \
	  struct agency_client **out, int *n), \
	  (s, a, org_id, max, out, n)) \
	/* == events: agenda, edit, outcome (issue #14, model/event_item.h) == */ \
	/* Adds an achievement presented / demand discussed (kind); idempotent. */ \
	X(int, event_item_add, (struct store *s, int64_t event_id, const char *kind, int64_t item_id), \
	  (s, event_id, kind, item_id)) \
	/* TB_ENOTFOUND when it was not on the agenda. */ \
	X(int, event_item_remove, (struct store *s, int64_t event_id, const char *kind, \
	  int64_t item_id), \
	  (s, event_id, kind, item_id)) \
	/* Achievements first, then demands, with the listing's title and status. */ \
	X(int, event_items, (struct store *s, struct arena *a, int64_t event_id, \
	  struct event_item **out, int *n), \
	  (s, a, event_id, out, n)) \
	/* kind title dates place online fields capacity; TB_ESTATE when no longer `expect`. */ \
	X(int, event_update, (struct store *s, const struct event *e, const char *expect), \
	  (s, e, expect)) \
	/* expect -> status, outcome kept when NULL; TB_ESTATE when no longer `expect`. */ \
	X(int, event_set_status, (struct store *s, int64_t id, const char *expect, const char *status, \
	  const char *outcome), \
	  (s, id, expect, status, outcome)) \
	\
	/* == web2: reviewer workbench, history of an item (issue #18) == */ \
	/* Every revision of one item (any status), newest first, at most limit. */ \
	X(int, revision_of_item, (struct store *s, struct arena *a, bool is_ach, int64_t item_id, \
	  int limit, struct revision **out, int *n), \
	  (s, a, is_ach, item_id, limit, out, n)) \
	/* Attachments of listings, challenges and cases (model/attachment.h; kind \
	 * is one of its four names): x->data holds x->size \
	 * bytes; sets x->id and x->created_at. */ \
	X(int, attachment_insert, (struct store *s, struct attachment *x), (s, x)) \
	/* The item's attachments, oldest first, without their bytes. */ \
	X(int, attachment_list, (struct store *s, struct arena *a, const char *kind, int64_t item_id, \
	  struct attachment **out, int *n), \
	  (s, a, kind, item_id, out, n)) \
	/* One attachment; with_data reads its bytes into the arena. TB_ENOTFOUND. */ \
	X(int, attachment_get, (struct store *s, struct arena *a, int64_t id, bool with_data, \
	  struct attachment *out), \
	  (s, a, id, with_data, out)) \
	/* TB_ENOTFOUND when there is no such attachment. */ \
	X(int, attachment_delete, (struct store *s, int64_t id), (s, id)) \
	/* Earlier versions of challenge applications (model/challenge_version.h); \
	 * sets v->id and v->replaced_at; (app_id, version) is unique: TB_ECONFLICT. */ \
	X(int, ch_app_version_add, (struct store *s, struct ch_app_version *v), (s, v)) \
	/* Oldest first. */ \
	X(int, ch_app_version_list, (struct store *s, struct arena *a, int64_t app_id, \
	  struct ch_app_version **out, int *n), \
	  (s, a, app_id, out, n)) \
	/* A user's saved listings (model/attachment.h struct favourite): put is \
	 * idempotent (*created 0 when it was there); delete: TB_ENOTFOUND. */ \
	X(int, favourite_put, (struct store *s, int64_t user_id, bool is_ach, int64_t item_id, \
	  int *created), \
	  (s, user_id, is_ach, item_id, created)) \
	X(int, favourite_delete, (struct store *s, int64_t user_id, bool is_ach, int64_t item_id), \
	  (s, user_id, is_ach, item_id)) \
	/* Newest first, at most FAVOURITES_MAX. */ \
	X(int, favourite_list, (struct store *s, struct arena *a, int64_t user_id, \
	  struct favourite **out, int *n), \
	  (s, a, user_id, out, n)) \
	/* == change log == (issue #12; docs/deploy.md, "The change log") \
	 * Changes with after < seq (<= upto when upto > 0), oldest first, at most \
	 * limit (1..10000). */ \
	X(int, changes_after, (struct store *s, struct arena *a, int64_t after, int64_t upto, \
	  int limit, struct change **out, int *n), \
	  (s, a, after, upto, limit, out, n)) \
	/* The oldest seq still kept and the last seq; 0 and 0 when nothing was ever \
	 * logged. A follower at pos < first - 1 fell behind the horizon. */ \
	X(int, changes_last, (struct store *s, int64_t *first, int64_t *last), (s, first, last)) \
	/* Transaction fences for the follower's holes: *next = an id above every \
	 * transaction running now, *done = every transaction below it has ended \
	 * (PostgreSQL: pg_snapshot_xmax / xmin of the current snapshot). A hole \
	 * seen with fence `next` is final once a later `done` >= next and the log \
	 * was read again. TB_EINVAL where writes never overlap (SQLite: a hole is \
	 * a rollback; the follower then waits CHANGEFEED_GRACE_MS as before). */ \
	X(int, changes_fence, (struct store *s, int64_t *next, int64_t *done), (s, next, done)) \
	/* Returns when the last seq is > after (*last = it) or after timeout_ms \
	 * (*last = the last seq, <= after). Cheap while nothing changes: SQLite \
	 * polls PRAGMA data_version (moves only when another connection commits) \
	 * and reads the table only then; PostgreSQL sleeps on LISTEN tb_changes \
	 * (the driver's wait hook, sqd.h) and reads the table at a NOTIFY. \
	 * Meant for a connection of its own (the follower's). */ \
	X(int, changes_wait, (struct store *s, int64_t after, int timeout_ms, int64_t *last), \
	  (s, after, timeout_ms, last)) \
	/* Deletes changes committed before `before` (ISO 8601) except the last \
	 * keep_rows (>= 1: the last seq stays known); *deleted gets how many. */ \
	X(int, changes_prune, (struct store *s, const char *before, int64_t keep_rows, \
	  int64_t *deleted), \
	  (s, before, keep_rows, deleted)) \
	/* One match feedback row by id (what a feedback change names). */ \
	X(int, fb_get_id, (struct store *s, struct arena *a, int64_t id, struct match_feedback *out), \
	  (s, a, id, out)) \
	/* An online backup of the whole database into the file `dest` (SQLite: \
	 * the backup API, page by page, while others keep writing; written to \
	 * dest.tmp and renamed, so dest is whole or absent). TB_EINVAL where the \
	 * backend has its own tools (PostgreSQL: pg_basebackup, docs/deploy.md). */ \
	X(int, backup, (struct store *s, const char *dest), (s, dest)) \
	/* Copying a whole database into another one (techbridge migrate --from \
	 * --to; domain/dbcopy.c), the same schema version on both sides: \
	 * the tables, parents before the tables that reference them (internal \
	 * ones left out); every row of one table; on the target: one transaction \
	 * with foreign keys checked at commit, a table emptied, rows inserted with \
	 * their ids, and the finish (foreign keys checked now; PostgreSQL: identity \
	 * sequences moved past the copied ids). Table names come from copy_tables \
	 * only: others are TB_EINVAL. */ \
	X(int, copy_tables, (struct store *s, struct arena *a, const char ***names, int *n), \
	  (s, a, names, n)) \
	X(int, copy_rows, (struct store *s, const char *table, \
	  int (*row)(void *ctx, const struct copy_row *r), void *ctx), \
	  (s, table, row, ctx)) \
	X(int, copy_begin, (struct store *s), (s)) \
	X(int, copy_clear, (struct store *s, const char *table), (s, table)) \
	X(int, copy_put, (struct store *s, const char *table, const struct copy_row *rows, int n), \
	  (s, table, rows, n)) \
	X(int, copy_finish, (struct store *s), (s)) \
	/* end of STORE_OPS */

#endif
