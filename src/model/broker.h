/* broker.h - technology brokers (技术经纪人) and the work they do: a broker's
 * profile (grade per T/CASTEM 1007-2022, fields, regions, certification), the
 * organisations they represent with consent, docking cases (对接案例) with
 * their steps, contact requests ("我要对接") and feedback on matches. Plain
 * records and name tables; the rules are in domain/brokerage.h. */
#ifndef TB_MODEL_BROKER_H
#define TB_MODEL_BROKER_H

#include <stdint.h>

extern const char *const broker_grades[];      /* junior middle senior */
extern const char *const rep_statuses[];       /* requested consented declined revoked */
extern const char *const rep_scopes[];         /* listings contracts bookings cases */
extern const char *const case_statuses[];      /* first_contact meeting evaluation negotiation
						  contracted closed */
extern const char *const case_origins[];       /* match contact event manual */
extern const char *const case_close_reasons[]; /* no_response not_feasible price ip_issue
						  chose_other withdrawn duplicate other */
extern const char *const contact_statuses[];   /* pending accepted declined */
extern const char *const contact_decline_reasons[]; /* not_relevant too_early price already_solved
						       no_capacity other */
extern const char *const feedback_verdicts[];  /* interested not_interested */
extern const char *const feedback_reasons[];   /* too_early benefit_unclear route_unclear too_vague
						  price location already_solved other */

struct broker {
	int64_t user_id;
	int64_t institution_id;    /* a transfer institution or service agency (orgs.kind) */
	const char *name;
	const char *grade;
	const char *fields;        /* comma-separated */
	const char *regions;       /* comma-separated city names */
	const char *cert_no, *cert_date, *cert_expiry; /* YYYY-MM-DD */
	const char *bio;
	const char *created_at, *updated_at;
	const char *institution_name; /* joined, read-only */
};

struct broker_query {
	const char *field, *region, *grade, *q; /* NULL = any; field/region: one of the list */
	int64_t institution_id;                 /* 0 = any */
	int limit, offset;
};

/* A broker's standing with one organisation (user_orgs). */
struct representation {
	int64_t user_id, org_id;
	const char *status;
	const char *scope;         /* comma-separated rep_scopes */
	const char *requested_at, *decided_at;
	int64_t decided_by;
	const char *note;
	const char *org_name, *broker_name; /* joined */
};

struct dcase {
	int64_t id;
	int64_t achievement_id, demand_id;   /* 0 = none; at least one */
	int64_t seeker_org_id, owner_org_id; /* 0 = unknown */
	int64_t broker_id, institution_id, event_id;
	const char *origin;
	double match_score;          /* < 0 = not from a match */
	int match_strength;          /* -1 = not from a match */
	const char *match_explanation; /* the words and factors as shown then, "name=weight; ..." */
	const char *status;
	const char *close_reason;
	int64_t contract_id;
	const char *opened_on, *contracted_on;
	int64_t created_by;
	const char *created_at, *updated_at;
};

struct case_query {
	int64_t broker_id, institution_id, org_id, event_id; /* org_id: seeker or owner */
	const char *status;
	const char *since, *until;   /* opened_on range, inclusive */
	int limit, offset;
};

struct case_step {
	int64_t id, case_id;
	const char *status, *on_date, *note;
	const char *attachments;     /* metadata lines "name|bytes|sha256", no content */
	int64_t by_user;
	const char *created_at;
};

struct contact_request {
	int64_t id, case_id;
	const char *listing_kind;    /* achievement | demand */
	int64_t listing_id;
	int64_t from_user, from_org, to_org;
	const char *message;
	const char *status, *reason;
	int64_t decided_by;
	const char *decided_at, *created_at;
};

struct match_feedback {
	int64_t id, party_org_id, achievement_id, demand_id;
	const char *verdict, *reason, *note;
	int64_t by_user;
	const char *created_at, *updated_at;
};

/* Feedback about one listing, summed for its owner. */
struct feedback_count { const char *verdict, *reason; int64_t count; };

extern const char *const event_kinds[];     /* roadshow expert_tour docking_meeting field_event */
extern const char *const event_statuses[];  /* planned held cancelled */

/* Roadshows, Expert Enterprise Tours (experts visiting enterprises), docking
 * meetings and field events, with their attendees. */
struct event {
	int64_t id;
	const char *kind, *title, *starts_on, *ends_on, *place;
	int online;
	int64_t organiser_org_id;
	const char *fields;          /* comma-separated */
	int capacity;                /* 0 = unlimited */
	const char *status, *outcome;
	int64_t created_by;
	const char *created_at, *updated_at;
	int64_t registered, checked_in; /* counts, read-only */
	const char *organiser_name;     /* joined */
};

struct event_attendee {
	int64_t id, event_id, user_id, org_id;
	const char *name, *registered_at, *checked_in_at;
	const char *org_name;           /* joined */
};

/* One case with its contract, the raw material of the KPIs (domain/brokerage.h:
 * kpi_compute): figures are counted only from registered contracts. */
struct kpi_row {
	int64_t case_id, broker_id, institution_id, event_id;
	const char *opened_on, *status;
	int64_t contract_id;          /* 0 = none or terminated */
	const char *signed_on;
	int64_t amount_fen, tx_amount_fen;
};

/* The KPIs of one broker, institution or event over a period. */
struct kpi {
	int64_t key;
	int64_t cases_opened, cases_contracted, contracts;
	int64_t amount_fen, tx_amount_fen;
	double median_days;           /* first contact -> contract; -1 = no contract */
};

#endif
