/* catalog.h - achievements (科技成果) and technology demands (技术需求): the
 * two sides of docking. Plain records, the transaction modes, the status
 * names and the listing query both sides share. No rules here (those are in
 * domain/catalog.h), no JSON, no SQL. */
#ifndef TB_MODEL_CATALOG_H
#define TB_MODEL_CATALOG_H

#include <stddef.h>
#include <stdint.h>
#include "model/names.h"

/* Transaction modes, a bitmask so a listing can offer several. */
enum {
	MODE_TRANSFER = 1,
	MODE_LICENCE = 2,
	MODE_EQUITY = 4,     /* 作价入股 */
	MODE_CODEV = 8,      /* joint development */
	MODE_SERVICE = 16,
	MODE_ALL = 31,
};
extern const char *const mode_names[]; /* index = bit position */

extern const char *const ach_statuses[];    /* draft submitted published withdrawn commercialised expired */
extern const char *const demand_statuses[]; /* draft submitted published withdrawn closed expired */
extern const char *const ip_statuses[];     /* none pending granted */
/* Attribute of an achievement in the registry (../shared/domain.md):
 * original innovation, imported and absorbed, secondary development. */
extern const char *const ach_attributes[];  /* original imported_absorbed secondary */

#define PRICE_NEGOTIABLE (-1.0)

struct achievement {
	int64_t id;
	const char *reg_no;       /* 12 digits: 3 region + 4 year + 1 type + 4 serial; optional */
	const char *title_zh;
	const char *title_en;     /* at least one title */
	const char *abstract_zh;
	const char *abstract_en;
	const char *keywords;     /* comma-separated, normalised */
	const char *field;        /* field / discipline */
	int trl;                  /* 1..9 */
	const char *ip_status;
	const char *patents;      /* comma-separated patent numbers */
	const char *attribute;    /* ach_attributes; NULL = not stated */
	unsigned modes;
	double price;             /* yuan; PRICE_NEGOTIABLE */
	int64_t owner_org_id;
	const char *contact_name;
	const char *contact_email;
	const char *contact_phone;
	const char *status;
	const char *review_note;  /* reason when returned by a reviewer */
	const char *created_at;
	const char *updated_at;
	const char *published_at;
	/* joined from the owner organisation, read-only */
	const char *owner_name;
	const char *city;
	const char *province;
	/* == release (issue #16) == */
	unsigned payment_modes;   /* PAY_* mask (model/release.h); 0 = not stated */
	const char *expires_at;   /* YYYY-MM-DD, end of validity; set on publish and renewal */
};

struct demand {
	int64_t id;
	const char *title_zh;
	const char *title_en;
	const char *desc_zh;
	const char *desc_en;
	const char *keywords;
	const char *field;
	double budget_min;        /* yuan; <0 = not stated */
	double budget_max;
	const char *deadline;     /* YYYY-MM-DD, optional */
	int trl_min;              /* 0 = any */
	unsigned modes;           /* acceptable modes; 0 = any */
	int64_t org_id;           /* the publishing enterprise */
	const char *region;       /* where the solution is wanted; defaults to the org's city */
	const char *contact_name;
	const char *contact_email;
	const char *contact_phone;
	const char *status;
	const char *review_note;
	const char *created_at;
	const char *updated_at;
	const char *published_at;
	const char *org_name;
	const char *city;
	const char *province;
	/* == release (issue #16) == */
	const char *expires_at;   /* YYYY-MM-DD, end of validity; set on publish and renewal */
};

/* == Plain fields (issue #11: "adding a field should touch two files").
 * A plain field is a member of the record with no rule of its own beyond its
 * type and size. One line here,
 *     X(member, TYPE, max)      TYPE: TEXT (max = characters) or INT (0..max)
 * makes it, under the member's name: a column of the item's table and of
 * `revisions` (sql/catalog.c, sql/revisions.c), a key of the JSON the API and
 * `techbridge export` write (api/catalog.c), a key the API body accepts, a
 * column of import/export files (domain/transfer.c; appended after the fixed
 * columns unless the file format already has one of that name) and a length
 * check in validation (domain/catalog.c). So a new plain field is the member
 * in the struct above, one line here and a migration adding the column to the
 * table and to `revisions` (docs/conventions.md, "Add a field").
 * tests/unit/test_plain_fields.c walks these tables through every layer. */
#define ACH_PLAIN_FIELDS(X) X(field, TEXT, 64)
#define DEM_PLAIN_FIELDS(X) X(field, TEXT, 64)

enum plain_type { PLAIN_TEXT, PLAIN_INT };
struct plain_field {
	const char *name;       /* member, column, JSON key, file column */
	enum plain_type type;   /* TEXT: const char *; INT: int */
	size_t off;             /* offsetof the member in the record */
	long max;               /* TEXT: most characters; INT: largest value (least 0) */
};
/* Built from the lists above; end with a { NULL } entry. */
extern const struct plain_field ach_plain_fields[];
extern const struct plain_field dem_plain_fields[];

/* Listing query shared by both sides; unset numbers are <0, unset strings NULL. */
struct catalog_query {
	const char *q;            /* text search */
	const char *field;
	int trl_min, trl_max;
	unsigned modes;           /* any-of */
	const char *city;
	const char *status;       /* NULL = published */
	double price_min, price_max; /* achievements: price; demands: budget overlap */
	int64_t org_id;           /* 0 = any */
	const char *sort;         /* newest oldest price -price trl -trl title */
	int limit, offset;
	int64_t after;            /* keyset: items after this id in the newest/oldest order; 0 = none */
};
void catalog_query_init(struct catalog_query *q);
/* One facet value of a listing and how many items have it. */
struct facet { const char *value; int64_t count; };
extern const char *const catalog_sorts[];

#endif
