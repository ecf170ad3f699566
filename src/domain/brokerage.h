/* brokerage.h - the rules of brokers, consented representation, docking
 * cases (对接案例), contact requests ("我要对接") and match feedback
 * (docs/docking.md). The only writer of these records: every operation is
 * one store transaction with an audit row; state machines are tables;
 * illegal moves answer TB_ESTATE naming the current state in fe. */
#ifndef TB_DOMAIN_BROKERAGE_H
#define TB_DOMAIN_BROKERAGE_H

#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
#include "model/broker.h"
#include "domain/actor.h"

struct store;


/* Profile of a broker account (role broker) employed by a transfer institution
 * or service agency (orgs.kind transfer/agency). */
int broker_validate(const struct broker *b, struct tb_field_error *fe);
int broker_save(struct store *st, struct arena *a, const struct actor *by, const struct broker *b,
		struct tb_field_error *fe);

/* A broker asks org_id to consent to representation within `scope`
 * (comma-separated rep_scopes; NULL = all). */
int rep_request(struct store *st, struct arena *a, const struct actor *by, int64_t org_id,
		const char *scope, struct tb_field_error *fe);
/* action: consent | decline (the org, while requested), revoke (the org or the
 * broker, while consented or requested). */
int rep_decide(struct store *st, struct arena *a, const struct actor *by, int64_t broker_id,
	       int64_t org_id, const char *action, const char *note, struct tb_field_error *fe);

/* Opens a case in first_contact (c->status, opened_on default today); the
 * explanation of a match is copied as it is now. */
int case_open(struct store *st, struct arena *a, const struct actor *by, struct dcase *c,
	      const char *note, struct tb_field_error *fe);
/* Moves a case forward (any later open state), to contracted (needs a
 * registered contract and comes from negotiation or evaluation) or to closed
 * (needs a reason code); records the step. */
int case_advance(struct store *st, struct arena *a, const struct actor *by, int64_t id, const char *to,
		 const char *on_date, const char *note, const char *attachments, const char *close_reason,
		 int64_t contract_id, struct dcase *out, struct tb_field_error *fe);
/* May `by` see and work on the case: its broker, a party (or a broker with
 * consent for 'cases' from a party), admin. */
bool case_may(struct store *st, const struct actor *by, const struct dcase *c);

/* A logged-in user asks to be put in touch about a listing: the request goes
 * to the owner organisation and a case opens (origin contact). */
int contact_create(struct store *st, struct arena *a, const struct actor *by, const char *kind,
		   int64_t listing_id, const char *message, struct contact_request *out,
		   struct tb_field_error *fe);
/* The owner organisation accepts or declines (reason code required to decline). */
int contact_decide(struct store *st, struct arena *a, const struct actor *by, int64_t id, bool accept,
		   const char *reason, struct contact_request *out, struct tb_field_error *fe);
/* May `by` see the listing's staff e-mail and phone: a party of the listing,
 * an admin or reviewer, or a user whose contact request the owner accepted. */
bool contact_visible(struct store *st, const struct actor *by, const char *kind, int64_t listing_id,
		     int64_t owner_org);

/* Feedback of the receiving party on the pair (achievement, demand): one row
 * per party per pair; the party is the actor's organisation (or one that
 * consented to them for listings), never taken from the request. */
int feedback_put(struct store *st, struct arena *a, const struct actor *by, int64_t party_org,
		 int64_t ach_id, int64_t dem_id, const char *verdict, const char *reason,
		 const char *note, struct match_feedback *out, int *created, struct tb_field_error *fe);

/* Events: created by admin, reviewers, or an org_admin for their own
 * organisation as organiser; a logged-in person registers themselves (within
 * the capacity, not for a cancelled or past event); the organiser checks
 * attendees in, once each. */
int event_create(struct store *st, struct arena *a, const struct actor *by, struct event *e,
		 struct tb_field_error *fe);
int event_signup(struct store *st, struct arena *a, const struct actor *by, int64_t event_id, const char *name,
		 struct event_attendee *out, struct tb_field_error *fe);
bool event_organises(const struct actor *by, const struct event *e);
int event_check_in(struct store *st, struct arena *a, const struct actor *by, int64_t event_id,
		   int64_t attendee_id, struct tb_field_error *fe);

/* KPIs per broker / institution / event ("broker", "institution", "event")
 * over [since, until], counted only from registered contracts reached through a
 * case: a contract without a case counts for nobody. A case opened in the
 * period counts as opened; a contract signed in the period counts once per key
 * (however many of the key's cases name it), with its amounts, and its case as
 * reaching contract; median days from the case's opening to the signature.
 * `only` > 0 keeps that key. *out is sorted by tx amount, then key. */
int kpi_compute(struct store *st, struct arena *a, const char *by, const char *since, const char *until,
		int64_t only, struct kpi **out, int *n, struct tb_field_error *fe);
/* The rows behind one key's figure (drill-down): its cases in the period and
 * the contracts counted. */
int kpi_trace(struct store *st, struct arena *a, const char *by, int64_t key, const char *since,
	      const char *until, struct kpi_row **out, int *n, struct tb_field_error *fe);

/* Reads of brokers, representations, cases, contacts, feedback and events,
 * and the demo's bulk writes of them, for the API and the CLI: they reach the
 * store only through domain (issue #11). Each is the store operation of the
 * same name (store_ops.h documents them). */
int brokerage_broker_put(struct store *st, const struct broker *b);
int brokerage_broker_get(struct store *st, struct arena *a, int64_t user_id, struct broker *out);
int brokerage_broker_list(struct store *st, struct arena *a, const struct broker_query *q,
			  struct broker **out, int *n, int64_t *total);
int brokerage_rep_request(struct store *st, int64_t user_id, int64_t org_id, const char *scope);
int brokerage_rep_get(struct store *st, struct arena *a, int64_t user_id, int64_t org_id,
		      struct representation *out);
int brokerage_rep_decide(struct store *st, int64_t user_id, int64_t org_id, const char *from,
			 const char *to, int64_t by, const char *note);
int brokerage_rep_list(struct store *st, struct arena *a, int64_t user_id, int64_t org_id,
		       const char *status, struct representation **out, int *n);
int brokerage_case_get(struct store *st, struct arena *a, int64_t id, struct dcase *out);
int brokerage_case_list(struct store *st, struct arena *a, const struct case_query *q,
			struct dcase **out, int *n, int64_t *total);
int brokerage_case_steps(struct store *st, struct arena *a, int64_t case_id, struct case_step **out,
			 int *n);
int brokerage_contact_list(struct store *st, struct arena *a, int64_t to_org, int64_t from_user,
			   const char *status, struct contact_request **out, int *n);
int brokerage_fb_summary(struct store *st, struct arena *a, bool is_ach, int64_t listing_id,
			 struct feedback_count **out, int *n);
int brokerage_event_insert(struct store *st, struct event *e);
int brokerage_event_get(struct store *st, struct arena *a, int64_t id, struct event *out);
int brokerage_event_list(struct store *st, struct arena *a, const char *since, const char *until,
			 const char *kind, int limit, struct event **out, int *n);
int brokerage_event_register(struct store *st, struct event_attendee *at);
int brokerage_event_checkin(struct store *st, int64_t event_id, int64_t attendee_id);
int brokerage_event_attendees(struct store *st, struct arena *a, int64_t event_id,
			      struct event_attendee **out, int *n);
/* The attendee list as CSV (RFC 4180, CRLF, a header line), shared by GET
 * /api/events/{id}/attendees.csv and `techbridge event attendees`; b's cap
 * (b->failed) is the caller's to check. */
struct buf;
void brokerage_attendees_csv(struct buf *b, const struct event_attendee *rows, int n);

#endif
