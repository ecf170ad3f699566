/* platform.h - the registry of innovation platforms (issue #15): key
 * laboratories, technological innovation centres, engineering research
 * centres, enterprise technology centres, new R&D institutions, pilot-test
 * bases, science parks, maker spaces, technology-transfer demonstration
 * institutions ... Kinds are rows of a table (platform_kinds), not an enum
 * here; levels and statuses are name tables. Strings point into the
 * caller's arena. */
#ifndef TB_MODEL_PLATFORM_H
#define TB_MODEL_PLATFORM_H

#include <stdint.h>

struct platform_kind { const char *key, *zh, *en; };

struct platform {
	int64_t id;
	const char *name, *name_en;
	const char *kind;           /* a platform_kinds key */
	const char *level;          /* national provincial city */
	const char *city, *district;
	const char *approval_body, *batch;
	int year;                   /* approval year */
	const char *field;
	const char *status;         /* active under_evaluation revoked */
	const char *evaluation;     /* the latest evaluation result, free text */
	const char *created_at, *updated_at;
	int64_t *hosts;             /* host organisations */
	int nhosts;
};

/* A link to an achievement, an instrument or an expert (a user). */
struct platform_link { int64_t platform_id; const char *kind; int64_t ref_id; };

/* Platform registry filters (NULL / 0 = any); year_to: approved in or before. */
struct platform_query {
	const char *kind, *level, *city, *district, *field, *status, *q;
	int year, year_to;
	int64_t host_org;
	const char *link_kind;   /* with link_ref: platforms linked to that record */
	int64_t link_ref;
	int limit, offset;
};
struct platform_count { const char *key; int64_t count; };

extern const char *const platform_levels[];    /* NULL-terminated */
extern const char *const platform_statuses[];  /* NULL-terminated */
extern const char *const platform_link_kinds[];

#endif
