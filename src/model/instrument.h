/* instrument.h - shared research instruments (大型科研仪器共享): the record,
 * the training record (qualification) and the name tables (statuses,
 * services, fee units, user classes, weekdays). Times are local text, see
 * domain/instrument.h. No rules here. */
#ifndef TB_MODEL_INSTRUMENT_H
#define TB_MODEL_INSTRUMENT_H

#include <stdint.h>

extern const char *const weekday_keys[]; /* mon..sun, NULL-terminated */

extern const char *const instrument_statuses[]; /* available maintenance retired */
extern const char *const instrument_services[]; /* self_operation staff_operated sample_testing */
extern const char *const fee_units[];           /* hour sample */
extern const char *const user_classes[];        /* internal academic enterprise */

struct instrument {
	int64_t id;
	int64_t org_id;            /* owner organisation */
	const char *name_zh;
	const char *name_en;       /* at least one name */
	const char *category;
	const char *model;
	const char *manufacturer;
	const char *location;
	const char *specs;         /* key specifications, free text */
	const char *services;      /* comma-separated instrument_services */
	int training_required;
	const char *fee_unit;      /* hour | sample */
	double rate_internal, rate_academic, rate_enterprise; /* yuan per unit */
	const char *hours;         /* opening hours, text form */
	const char *closed_dates;  /* comma-separated YYYY-MM-DD */
	int min_slot_min, max_slot_min;
	int lead_hours;            /* book at least this long before the start */
	int cancel_hours;          /* cancel at least this long before the start */
	int offer_hours;           /* a waitlisted request offered a freed slot must accept within */
	int requires_approval;
	const char *status;
	double value;              /* yuan */
	const char *created_at;
	const char *updated_at;
	/* joined from the owner organisation, read-only */
	const char *org_name;
	const char *org_city;
};

/* Qualification (training record) of a person at an organisation for one
 * instrument, valid until `expires_on` inclusive. */
struct qualification {
	int64_t id;
	int64_t instrument_id;
	int64_t org_id;
	const char *email;
	const char *name;
	const char *expires_on;    /* YYYY-MM-DD */
	const char *created_at;
};

/* Listing filter (store_instrument_list) and per-instrument usage (store_instrument_usage). */
struct instr_query {
	const char *category, *status, *q;   /* q: substring of names, model, manufacturer */
	int64_t org_id;                      /* owner; 0 = any */
	double value_min;                    /* <0 = any */
	int limit, offset;
};
struct instr_usage { int64_t instrument_id; double used_hours, fees; int64_t uses; };

/* Instrument revenue per owning organisation (store op instrument_revenue_by_org). */
struct instr_org_revenue { int64_t org_id; const char *city, *district; double fees; int64_t uses; };

#endif
