/* release.h - records and names of the regular-release module (issue #16):
 * payment modes (Civil Code art. 846), a contract's payment instalment, an
 * in-app notification, and the life-cycle settings. Data only. */
#ifndef TB_MODEL_RELEASE_H
#define TB_MODEL_RELEASE_H

#include <stdint.h>

/* Payment modes, a bitmask on achievements (what the owner accepts); a
 * contract names exactly one. Index = bit position. */
enum {
	PAY_LUMP_SUM = 1,          /* 一次总算、一次总付 */
	PAY_INSTALMENTS = 2,       /* 一次总算、分期支付 */
	PAY_ROYALTY = 4,           /* 提成支付 */
	PAY_ROYALTY_ENTRY_FEE = 8, /* 提成支付附加预付入门费 */
	PAY_ALL = 15,
};
extern const char *const payment_mode_names[]; /* lump_sum instalments royalty royalty_entry_fee */
extern const char *const payment_mode_zh[];

/* One payment of a contract's schedule. */
struct instalment {
	int seq;                  /* 1.. in date order */
	const char *due_on;       /* YYYY-MM-DD */
	int64_t amount_fen;       /* > 0 */
};

/* An in-app notification to a user or to every user of an organisation;
 * (kind, item_kind, item_id, user_id, org_id) is unique, so it is made once. */
struct notification {
	int64_t id;
	int64_t user_id;          /* 0 = the organisation's users */
	int64_t org_id;           /* 0 = a single user */
	const char *kind;         /* expiry_reminder expired closed ... */
	const char *item_kind;    /* achievement demand */
	int64_t item_id;
	const char *text_zh, *text_en;
	const char *created_at, *read_at;
};

/* A saved search or a followed organisation (issue #16). kind "search":
 * listings of `target` matching every given filter (field, city, trl_min,
 * words of q in either language); "org": listings of org_id; "own_matches":
 * a new listing that matches one of the user's organisation's own listings
 * with at least min_score. */
struct subscription {
	int64_t id;
	int64_t user_id;
	const char *kind;         /* search org own_matches */
	const char *target;       /* achievement demand: the listings watched */
	const char *q, *field, *city;
	int trl_min;              /* 0 = any */
	int64_t org_id;           /* kind org */
	double min_score;         /* kind own_matches */
	const char *created_at;
};
extern const char *const subscription_kinds[]; /* search org own_matches */

/* A user whose e-mail digest is due (digest daily or weekly). */
struct mail_due {
	int64_t user_id;
	const char *email;
	const char *digest;       /* daily weekly */
	int failures;             /* consecutive failed sends (back-off) */
};

/* Life-cycle settings (serve/maintain options). */
struct life_settings {
	int validity_days;        /* a listing's validity from publication or renewal; default 365 */
	int remind_days;          /* remind the owner this many days before expiry; default 30 */
};

#endif
