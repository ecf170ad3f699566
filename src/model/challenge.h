/* challenge.h - 揭榜挂帅 open competitions (issue #13): the challenge ("榜单")
 * an issuer or the science bureau publishes, the applications teams file, the
 * experts assigned to review them with their scores, objections filed during
 * the public notice (公示), and the milestones with their funding tranches.
 * Sub-lists (indicators, deliverables, stages, criteria, contacts; a team's
 * members, consortium, linked achievements, stage budgets and proposed
 * milestones) share one line record keyed by kind. Plain records and name
 * tables; the rules are in domain/challenge.h. Money is int64 fen. */
#ifndef TB_MODEL_CHALLENGE_H
#define TB_MODEL_CHALLENGE_H

#include <stdbool.h>
#include <stdint.h>

/* draft submitted published applications_closed under_review notice awarded
 * in_progress accepted failed closed (NULL-terminated) */
extern const char *const challenge_statuses[];
/* Challenge lines: indicator deliverable stage criterion contact;
 * application lines: member consortium achievement budget milestone. */
extern const char *const challenge_line_kinds[];
extern const char *const challenge_tranche_kinds[];  /* initial milestone reward */
extern const char *const challenge_app_statuses[];   /* submitted won lost */
extern const char *const challenge_ms_statuses[];    /* pending reported accepted rejected paid */
/* Bilingual label of a challenge status for pages and CSV ("草稿", "draft"). */
const char *challenge_status_label(const char *status, bool zh);

/* One entry of a sub-list. Meaning of the columns per kind:
 *  indicator:   name, value = target value, unit
 *  deliverable: name
 *  stage:       name, unit = tranche kind, amount_fen = planned share
 *  criterion:   name, weight (percent; criteria sum to 100)
 *  contact:     name, value = phone or e-mail
 *  member:      name, value = role in the team (no degree or title asked)
 *  consortium:  ref_id = organisation, weight = 1 for the lead
 *  achievement: ref_id = achievement in the catalogue
 *  budget:      name = stage, amount_fen = requested
 *  milestone:   name = title, value = due date, note = indicators to show,
 *               unit = tranche kind, amount_fen = tranche */
struct ch_line {
	int64_t id, challenge_id, app_id;   /* app_id 0 = a line of the challenge */
	const char *kind;
	int seq;
	const char *name, *value, *unit, *note;
	int weight;
	int64_t amount_fen;
	int64_t ref_id;
};

struct challenge {
	int64_t id;
	int64_t demand_id;          /* 0 = set up from scratch by the bureau */
	int64_t issuer_org_id;      /* 发榜方 */
	int64_t end_user_org_id;    /* accepts the result; 0 = the issuer */
	int64_t created_by;
	const char *title_zh, *title_en;
	const char *problem;        /* problem statement */
	const char *field, *region; /* catalogue field; city */
	const char *eligibility;    /* open by default */
	const char *acceptance;     /* acceptance method */
	const char *deadline;       /* applications until, ISO-8601 UTC "YYYY-MM-DDTHH:MM:SSZ" */
	const char *period_start, *period_end; /* project period, YYYY-MM-DD */
	int64_t budget_fen;         /* ceiling */
	int64_t awarded_fen;        /* sum of the winners' awards */
	int max_winners;            /* 1, or more for a horse race (赛马) */
	int notice_days;            /* public notice, working days */
	const char *notice_start, *notice_end; /* YYYY-MM-DD */
	const char *status;
	const char *note;           /* reason of the last return, failure or closing */
	const char *published_at, *created_at, *updated_at;
	const char *issuer_name, *end_user_name; /* joined, read-only */
};

struct ch_app {
	int64_t id, challenge_id;
	int64_t team_org_id;        /* the applicant (the lead of a consortium) */
	int64_t created_by;
	const char *plan;           /* implementation plan */
	const char *status;
	int64_t requested_fen;      /* sum of the budget lines */
	int64_t award_fen;          /* 0 until awarded */
	int64_t contract_id;        /* registered technology-development contract; 0 = none */
	const char *created_at;
	const char *team_name;      /* joined, read-only */
};

struct ch_expert {
	int64_t challenge_id, user_id;
	int64_t org_id;             /* the expert's organisation when assigned */
	const char *status;         /* assigned, excluded */
	const char *reason;         /* conflict of interest declared or detected */
	const char *created_at;
	const char *email, *name;   /* joined, read-only */
};

struct ch_score {
	int64_t challenge_id, app_id, expert_id;
	int criterion;              /* seq of the criterion line */
	int score;                  /* 0..100 */
	const char *comment;
};

struct ch_objection {
	int64_t id, challenge_id, app_id, user_id;
	const char *text, *status, *resolution, *created_at; /* status: open upheld dismissed */
};

struct ch_milestone {
	int64_t id, challenge_id, app_id;
	int seq;
	const char *title, *due_on, *indicators, *tranche_kind;
	int64_t tranche_fen;
	const char *status, *evidence, *reason;
	const char *reported_at, *decided_at, *paid_at;
	int64_t paid_by;
};

/* Query of store op ch_list: status/field/region NULL = any; issuer_org 0 =
 * any; public_only: only statuses the public may see (published and later). */
struct ch_query {
	const char *status, *field, *region, *q;
	int64_t issuer_org;
	int public_only;
	int limit, offset;          /* limit CH_QUERY_ALL: every row (aggregates, not pages) */
};
#define CH_QUERY_ALL (-1)

#endif
