/* demo.h - the demo province generator's shared context. `techbridge demo`
 * (cmd_demo.c) creates organisations and the catalogue first, then calls each
 * module's seeder in turn. Seeders are deterministic (seeded PRNG), generate
 * their own bilingual text (nothing copied from anywhere), find the
 * organisations they need through the bulk loader (bulk_org_list by
 * kind/city), and wrap their writes in bulk_begin/bulk_commit (domain/bulk.h:
 * the CLI writes through domain only, issue #11). */
#ifndef TB_DEMO_H
#define TB_DEMO_H

#include <stddef.h>
#include <stdint.h>
#include "domain/bulk.h"

/* The demo's own dates. The catalogue's history ends on DEMO_END; events and
 * docking cases run to 30 November; the whole generator runs on DEMO_NOW
 * (now_pin), the province as of 1 December 2026: bookings "a year back",
 * challenge deadlines, docking-case and contract dates, the match's validity
 * day and the life-cycle pass are all counted from that day, never from the
 * real date, so a seed gives the same province on any day (issue #19: the
 * exported demo differed between 2026-12-02 and 2026-12-03, Shenyang time). */
#define DEMO_END 1794787200LL             /* 2026-11-16T00:00:00Z: no catalogue timestamp after this */
#define DEMO_NOW 1796083200LL             /* 2026-12-01T00:00:00Z, 08:00 in Shenyang */

struct demo_ctx {
	struct store *st;
	uint64_t rng;      /* xorshift64* state; never 0 */
	int small;         /* --small: a few hundred rows, for tests */
	int quiet;
};

uint64_t demo_rand(struct demo_ctx *d);
int demo_pick(struct demo_ctx *d, int n);            /* uniform 0..n-1 */
double demo_uniform(struct demo_ctx *d);             /* [0,1) */
const char *demo_choose(struct demo_ctx *d, const char *const *list); /* NULL-terminated list */

/* Organisation ids of a kind (and city; NULL = any) in id order, at most
 * DEMO_MAX_IDS: the seeders' way to the organisations they need. */
#define DEMO_MAX_IDS 4096
struct demo_ids { int64_t v[DEMO_MAX_IDS]; int n; };
struct arena;
int demo_org_ids(struct store *st, struct arena *a, const char *kind, const char *city,
                 struct demo_ids *out);

/* Seeders, called in this order by cmd_demo.c; each returns TB_OK or an error. */
int demo_seed_catalog(struct demo_ctx *d);       /* orgs, achievements, demands */
/* == more seeders: one line each, in their own section == */
/* == accounts == */
/* One demo user per role, passwords as documented in docs/security.md
 * (demo_user_password); idempotent. Needs orgs: uses the first university,
 * government, transfer and enterprise org (creating any that is missing). */
int demo_seed_users(struct demo_ctx *d);
/* "demo-<role>-2026": the documented demo password for a role; email is <role>@demo.techbridge.cn. */
const char *demo_user_password(const char *role, char *out, unsigned outsz);

/* == instruments and bookings == */
int demo_seed_instruments(struct demo_ctx *d);  /* ~2,540 instruments at ~327 institutions, a year of bookings */

/* == contracts and indicators == */
int demo_seed_contracts(struct demo_ctx *d);     /* contracts, certifications, targets (docs/indicators.md) */

/* == challenges (揭榜挂帅) == */
int demo_seed_challenges(struct demo_ctx *d);    /* 40 challenges in every status (docs/challenges.md) */
/* == enterprise tiers and the seeds' other figures == */
/* The condition platform's 115 M yuan (2020), the 4,016 collected mature
 * achievements (2024), enterprise facts and their evaluation. After
 * instruments and contracts. */
int demo_seed_sources(struct demo_ctx *d);
/* == brokers, cases, feedback == */
int demo_seed_brokers(struct demo_ctx *d);      /* 68 institutions, ~600 brokers, a year of cases */
/* == alliances and service agencies (issue #15) == */
/* 600 alliances with 2,000+ memberships (Liaoning, 2023); 333 service agencies
 * in the Shenyang High-Tech Zone (end of 2020), 400+ in Liaoning (2023), the
 * Shenyang transfer institutions among them. After brokers. */
int demo_seed_registries(struct demo_ctx *d);
/* == release: listing life cycle (issue #16) == */
/* The validity end of a demo listing published at published_at (ISO time):
 * owners renewed yearly up to the demo's end, except one in eight (by the
 * hash of the title) who let the last year lapse. */
struct arena;
const char *demo_expiry(struct arena *a, const char *published_at, const char *title);
/* Runs the life cycle once at now, so the published demo is true (no listing
 * past its validity or deadline, no demand a contract realised). */
int demo_seed_release(struct demo_ctx *d);

#endif
