/* challenge.h - the 揭榜挂帅 open-competition service (issue #13), the only
 * writer of challenges: the status machine (draft -> submitted -> published
 * -> applications_closed -> under_review -> notice -> awarded -> in_progress
 * -> accepted | failed -> closed; a failed one may be re-opened), sealed
 * applications, expert assignment with conflict-of-interest exclusion,
 * weighted scoring and ranking, the public notice (公示) with objections,
 * the award with its task book and technology-development contract, and
 * milestones with funding tranches paid exactly once. Every operation is one
 * store transaction and appends an audit row; every status UPDATE is guarded
 * by the expected status (a lost race is TB_ESTATE naming the current one).
 * Visibility that depends on who asks (sealed applications, experts' own
 * challenges) is decided here, not in the API. No JSON, no SQL. */
#ifndef TB_CHALLENGE_H
#define TB_CHALLENGE_H

#include <stdbool.h>
#include <stdint.h>
#include "core/err.h"
#include "model/challenge.h"
#include "core/arena.h"
#include "model/catalog.h"
#include "model/contract.h"
#include "model/challenge_version.h"

struct store;         /* opaque above domain (domain/app.h) */
struct catalog_index;

/* Who acts. bureau: the science bureau (reviewer role) or admin. NULL = the
 * operator at the command line: acts as the bureau, but is never a team, so
 * sealed applications stay sealed to it too. */
struct ch_actor {
	int64_t user_id, org_id;
	const char *email, *role;
	bool bureau;
};

#define CH_DEFAULT_NOTICE_DAYS 5
/* Bounds of one request, not of the programme: lines (indicators,
 * deliverables, ... or members, consortium, ...) of one challenge or
 * application, far above a real one (~300); and scores per application and
 * expert: criteria weigh 1..100 and add up to 100, so there are at most 100. */
#define CH_MAX_LINES 1000
#define CH_MAX_CRITERIA 100

/* A challenge with its lines (indicators, deliverables, stages, criteria, contacts). */
struct ch_full {
	struct challenge c;
	struct ch_line *lines;
	int nlines;
};
/* An application with its lines (members, consortium, achievements, budget, milestones). */
struct ch_app_full {
	struct ch_app app;
	struct ch_line *lines;
	int nlines;
};
/* One row of the ranking: weighted total (0..100) averaged over the experts
 * who scored every criterion, and the spread (max - min) between them. */
struct ch_rank {
	int64_t app_id;
	const char *team_name;
	int64_t team_org_id;
	double total, spread;
	int experts;
	int rank;
	const char *status;
};

/* Rules without the store. */
int challenge_validate(const struct challenge *c, const struct ch_line *lines, int n,
                       struct tb_field_error *fe);
/* date (YYYY-MM-DD) plus n working days (Monday..Friday) -> out; false on a bad date. */
bool challenge_add_working_days(const char *date, int n, char out[16]);
/* "YYYY-MM-DD" (end of that day, UTC) or "YYYY-MM-DDTHH:MM:SSZ" -> the latter; false otherwise. */
bool challenge_deadline_norm(const char *in, char out[32]);
/* A milestone due before today that the team has not delivered (pending or rejected). */
bool challenge_ms_overdue(const struct ch_milestone *m, const char *today);
/* Weighted total of one expert's scores for one application; false when a criterion is missing. */
bool challenge_weighted(const struct ch_line *criteria, int ncrit, const struct ch_score *sc, int nsc,
                        int64_t app_id, int64_t expert_id, double *total);
/* The status an action leads to from `from`, or NULL when illegal. */
const char *challenge_next(const char *from, const char *action);

/* Reads. challenge_get: drafts and submitted challenges only to the issuer
 * and the bureau (TB_ENOTFOUND to others). */
int challenge_get(struct store *st, struct arena *a, const struct ch_actor *by, int64_t id,
                  struct ch_full *out);
bool challenge_is_public(const char *status);
/* Applications of a challenge that `by` may see at time now (ISO UTC):
 * before the deadline only the applicant team's own (team or consortium
 * member organisation) - whoever asks, bureau and admin included; after it,
 * the issuer, the bureau and the challenge's non-excluded experts see all.
 * *sealed tells whether the deadline is still ahead. */
int challenge_apps_visible(struct store *st, struct arena *a, const struct ch_actor *by,
                           int64_t challenge_id, const char *now, struct ch_app **out, int *n,
                           bool *sealed);
/* One application by the same rule; invisible -> TB_ENOTFOUND. */
int challenge_app_get(struct store *st, struct arena *a, const struct ch_actor *by, int64_t app_id,
                      const char *now, struct ch_app_full *out);
/* Challenges assigned to an expert (status assigned only). */
int challenge_expert_assigned(struct store *st, struct arena *a, int64_t user_id,
                              struct ch_expert **out, int *n);
/* Ranking by weighted total; only the bureau, the issuer and assigned experts. */
int challenge_ranking(struct store *st, struct arena *a, const struct ch_actor *by,
                      int64_t challenge_id, struct ch_rank **out, int *n);

/* Matching help: teams from the catalogue for a public challenge. The
 * challenge's title, problem and indicators are matched as free text
 * against published achievements (domain/docking.h, with the challenge's
 * field and region as evidence); achievements are grouped by their owner
 * organisation, ranked by the best hit; each keeps up to 3 achievements with
 * the factors that made them. ix NULL -> TB_ENOTFOUND (no index). */
struct catalog_index;
struct docking_hit;
struct ch_proposal {
	int64_t org_id;
	const char *org_name;
	double score;
	int nach;
	struct achievement ach[3];
	const struct docking_hit *hit[3];
};
int challenge_propose(struct catalog_index *ix, struct store *st, struct arena *a, int64_t id,
                      int limit, struct ch_proposal **out, int *n);
/* Issue #13 leftover: the team edits its submitted application until the
 * deadline (the same rules as applying; team_org_id stays). The version it
 * replaces is kept (challenge_app_versions); *version = the new version
 * number (2 after the first edit). Another team's application: TB_ENOTFOUND
 * (sealed); after the deadline or once not "submitted": TB_ESTATE. */
int challenge_app_edit(struct store *st, struct arena *a, const struct ch_actor *by, int64_t app_id,
                       struct ch_app_full *x, const char *now, int *version,
                       struct tb_field_error *fe);
/* The replaced versions, oldest first, for whoever may see the application
 * (the same seal as challenge_app_get). */
int challenge_app_versions(struct store *st, struct arena *a, const struct ch_actor *by,
                           int64_t app_id, const char *now, struct ch_app_version **out, int *n);

/* After publication: every user of the proposed organisations (the best ten)
 * gets an in-app notification (kind alert, item_kind challenge; carried by
 * the e-mail digest), once per user per challenge. *sent = new ones. ix NULL:
 * nothing to propose, TB_OK (domain/challenge_notify.c). */
int challenge_notify_fits(struct catalog_index *ix, struct store *st, struct arena *a, int64_t id,
                          int *sent);

/* Indicators of the programme, in total and per field and per region
 * (city): public challenges, applications, awarded challenges, funds
 * committed (awards) and released (paid tranches), milestones accepted
 * on time (decided no later than due) of those accepted. */
struct ch_ind {
	const char *key;           /* "" = total */
	int64_t published, applications, awarded;
	int64_t committed_fen, released_fen;
	int64_t ms_accepted, ms_on_time, ms_overdue;
};
int challenge_indicators(struct store *st, struct arena *a, const char *today, struct ch_ind *total,
                         struct ch_ind **by_field, int *nfield, struct ch_ind **by_region,
                         int *nregion);

/* Writes. */
int challenge_create(struct store *st, struct arena *a, const struct ch_actor *by,
                     struct ch_full *x, struct tb_field_error *fe);
int challenge_edit(struct store *st, struct arena *a, const struct ch_actor *by,
                   struct ch_full *x, struct tb_field_error *fe);
/* submit publish return close_applications start_review start accept fail
 * reopen close. note: the reason (required for return, fail, close of a
 * failed one); deadline: the new application deadline for reopen. */
int challenge_act(struct store *st, struct arena *a, const struct ch_actor *by, int64_t id,
                  const char *action, const char *note, const char *deadline, const char *now,
                  struct challenge *out, struct tb_field_error *fe);
int challenge_apply(struct store *st, struct arena *a, const struct ch_actor *by,
                    struct ch_app_full *x, const char *now, struct tb_field_error *fe);
/* Assigns an expert; a member of an applicant organisation (or one who
 * declares a conflict) is recorded as excluded and may not score. */
int challenge_assign_expert(struct store *st, struct arena *a, const struct ch_actor *by,
                            int64_t challenge_id, int64_t user_id, const char *conflict,
                            struct ch_expert *out, struct tb_field_error *fe);
/* One expert's scores for one application (criterion = the criterion's seq). */
int challenge_score(struct store *st, struct arena *a, const struct ch_actor *by, int64_t app_id,
                    const struct ch_score *scores, int n, struct tb_field_error *fe);
/* Winners (1..max_winners) -> public notice of notice_days working days
 * (<0: the challenge's own) from today (YYYY-MM-DD). */
int challenge_select(struct store *st, struct arena *a, const struct ch_actor *by, int64_t id,
                     const int64_t *app_ids, int n, int notice_days, const char *today,
                     struct challenge *out, struct tb_field_error *fe);
int challenge_object(struct store *st, struct arena *a, const struct ch_actor *by, int64_t id,
                     int64_t app_id, const char *text, struct ch_objection *out,
                     struct tb_field_error *fe);
/* Upholding an objection ends the notice: the challenge returns to under_review. */
int challenge_objection_decide(struct store *st, struct arena *a, const struct ch_actor *by,
                               int64_t objection_id, bool uphold, const char *resolution,
                               struct tb_field_error *fe);
/* After the notice (today >= notice_end) with no open objection: awards,
 * creates the winners' milestones from their proposals, -> awarded. */
int challenge_confirm(struct store *st, struct arena *a, const struct ch_actor *by, int64_t id,
                      const char *today, struct challenge *out, struct tb_field_error *fe);
/* The technology-development contract draft of a winning application
 * (seller the team, buyer the issuer, amount the award, linked demand). */
int challenge_contract_draft(struct store *st, struct arena *a, int64_t app_id, struct contract *out,
                             struct tb_field_error *fe);
/* Registers the draft with the contracts domain and links it to the application. */
int challenge_register_contract(struct store *st, struct arena *a, const struct ch_actor *by,
                                int64_t app_id, const char *reg_no, const char *signed_on,
                                struct contract *out, struct tb_field_error *fe);
int challenge_ms_report(struct store *st, struct arena *a, const struct ch_actor *by, int64_t ms_id,
                        const char *evidence, const char *now, struct ch_milestone *out,
                        struct tb_field_error *fe);
int challenge_ms_decide(struct store *st, struct arena *a, const struct ch_actor *by, int64_t ms_id,
                        bool accept, const char *reason, const char *now, struct ch_milestone *out,
                        struct tb_field_error *fe);
/* accepted -> paid exactly once (a second or concurrent payment: TB_ESTATE). */
int challenge_ms_pay(struct store *st, struct arena *a, const struct ch_actor *by, int64_t ms_id,
                     const char *now, struct ch_milestone *out, struct tb_field_error *fe);

/* Plain record reads for the API and the CLI (api and cli reach the store
 * only through domain, issue #11). They do not check who asks: a caller
 * shows their results only after the visibility checks above
 * (challenge_get, challenge_app_get ...) or to the operator. */
int ch_read_get(struct store *st, struct arena *a, int64_t id, struct challenge *out);
int ch_read_list(struct store *st, struct arena *a, const struct ch_query *q,
                 struct challenge **out, int *n, int64_t *total);
int ch_read_app_get(struct store *st, struct arena *a, int64_t id, struct ch_app *out);
int ch_read_app_list(struct store *st, struct arena *a, int64_t challenge_id, int64_t team_org,
                     struct ch_app **out, int *n);
int ch_read_experts(struct store *st, struct arena *a, int64_t challenge_id, int64_t user_id,
                    struct ch_expert **out, int *n);
int ch_read_objections(struct store *st, struct arena *a, int64_t challenge_id,
                       struct ch_objection **out, int *n);
int ch_read_ms_get(struct store *st, struct arena *a, int64_t id, struct ch_milestone *out);
int ch_read_ms_list(struct store *st, struct arena *a, int64_t challenge_id,
                    struct ch_milestone **out, int *n);

#endif
