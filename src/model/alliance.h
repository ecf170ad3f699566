/* alliance.h - two registries of the innovation system (issue #15):
 * industry-university-research alliances (产学研联盟: member organisations
 * with a role, a lead organisation, field, level, founding date, dated
 * activities) and service agencies (科技服务机构: an organisation of kind
 * agency or transfer with the services it offers and the regions it
 * serves; the enterprises it served are derived from docking cases and
 * contracts, never typed in). Plain records and name tables; strings point
 * into the caller's arena. */
#ifndef TB_MODEL_ALLIANCE_H
#define TB_MODEL_ALLIANCE_H

#include <stdint.h>

struct alliance_member {
	int64_t org_id;
	const char *role;          /* alliance_roles */
	const char *joined_on;     /* YYYY-MM-DD, optional */
	const char *org_name, *org_kind; /* read only */
};

struct alliance_activity { int64_t id, alliance_id; const char *held_on, *title; };

struct alliance {
	int64_t id;
	const char *name, *name_en, *field, *level, *city, *founded_on, *description;
	int64_t lead_org_id;
	const char *lead_name;     /* read only */
	const char *created_at, *updated_at;
	/* read only: members (on get), counts and the substantive rule for the
	 * query's year (docs/registries.md, "Alliances") */
	struct alliance_member *members;
	int nmembers;
	int64_t member_count, activity_count;
	int substantive;
};

/* Filters (NULL / 0 = any). year: the year the substantive rule looks at
 * (activities held in it); substantive: -1 any, 0 not, 1 substantive. */
struct alliance_query {
	const char *field, *level, *city, *q;
	int founded_to;            /* founded in or before this year */
	int64_t member_org;
	int year, substantive;
	int limit, offset;
};

/* The registry's totals under a query: alliances, memberships (member rows,
 * the seeds' "2,000+ members"), distinct member organisations, substantive. */
struct alliance_stats { int64_t alliances, memberships, member_orgs, substantive; };

extern const char *const alliance_roles[];   /* lead vice_lead member; NULL-terminated */

/* A service agency: the profile of an organisation of kind agency or transfer. */
struct agency {
	int64_t org_id;
	const char *name, *name_en, *org_kind, *city, *district; /* the organisation's, read only */
	const char *level;         /* national provincial city */
	int year;                  /* recognised (registered as a service agency) in */
	const char *services;      /* "finance,transfer,...": agency_services keys */
	const char *regions;       /* "沈阳,浑南区,...": regions served */
	const char *description;
	const char *updated_at;
	int64_t served;            /* read only: enterprises served (derived) */
};

struct agency_query {
	const char *service, *region, *city, *district, *q;
	int year_to;
	int limit, offset;
};

/* One enterprise an agency served: from the cases its brokers ran
 * (institution_id) and the contracts those cases produced. */
struct agency_client { int64_t org_id; const char *name; int64_t cases, contracts; };

struct agency_count { const char *key; int64_t count; };

struct agency_service_name { const char *key, *zh, *en; };
extern const struct agency_service_name agency_services[]; /* {NULL} terminated */

#endif
