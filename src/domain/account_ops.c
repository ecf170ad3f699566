/* account_ops.c - the account service (see account_ops.h). */
#include "domain/account_ops.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/err.h"
#include "core/util.h"
#include <string.h>
#include "store/store.h"
#include "core/err.h"
#include "core/metrics.h"

int account_user_get(struct store *st, struct arena *a, int64_t id, struct user *out)
{
	return store_user_get(st, a, id, out);
}

int account_user_find(struct store *st, struct arena *a, const char *email, struct user *out)
{
	return store_user_find_by_email(st, a, email, out);
}

int account_user_list(struct store *st, struct arena *a, const struct user_query *q,
                      struct user **out, int *n, int64_t *total)
{
	return store_user_list(st, a, q, out, n, total);
}

int account_user_insert(struct store *st, struct user *u)
{
	return store_user_insert(st, u);
}

int account_user_update(struct store *st, const struct user *u)
{
	return store_user_update(st, u);
}

int account_user_orgs(struct store *st, struct arena *a, int64_t user_id, int64_t **out, int *n)
{
	return store_user_org_list(st, a, user_id, out, n);
}

int account_user_org_linked(struct store *st, int64_t user_id, int64_t org_id, int *linked)
{
	return store_user_org_linked(st, user_id, org_id, linked);
}

int account_user_org_link(struct store *st, int64_t user_id, int64_t org_id)
{
	return store_user_org_link(st, user_id, org_id);
}

int account_rep_allows(struct store *st, int64_t user_id, int64_t org_id, const char *scope,
                       int *ok)
{
	return store_rep_allows(st, user_id, org_id, scope, ok);
}

int account_cred_insert(struct store *st, struct credential *c)
{
	return store_credential_insert(st, c);
}

int account_cred_find(struct store *st, struct arena *a, const char *token_hash, int64_t now,
                      struct credential *out)
{
	return store_credential_find(st, a, token_hash, now, out);
}

int account_cred_list(struct store *st, struct arena *a, int64_t user_id, const char *kind,
                      int64_t now, struct credential **out, int *n)
{
	return store_credential_list(st, a, user_id, kind, now, out, n);
}

int account_cred_delete(struct store *st, int64_t user_id, int64_t id)
{
	return store_credential_delete(st, user_id, id);
}

int account_cred_delete_user(struct store *st, int64_t user_id, int64_t except_id, int *deleted)
{
	return store_credential_delete_user(st, user_id, except_id, deleted);
}

int account_cred_purge(struct store *st, int64_t now)
{
	return store_credential_purge(st, now);
}

int account_login_charge(struct store *st, const char *const *keys, const int *max, int n,
                         int64_t since, int64_t now, int64_t *blocked_oldest, int64_t *ids)
{
	int rc = store_login_charge(st, keys, max, n, since, now, blocked_oldest, ids);
	/* A refused login is the throttle at work (core/metrics.h). */
	if (rc == TB_OK && *blocked_oldest)
		tbm_inc(TBM_LOGIN_THROTTLES);
	return rc;
}

int account_login_uncharge(struct store *st, const int64_t *ids, int n)
{
	return store_login_uncharge(st, ids, n);
}

int account_login_clear(struct store *st, const char *key)
{
	return store_login_fail_clear(st, key);
}

int account_device_add(struct store *st, int64_t user_id, const char *token_hash, int64_t now)
{
	return store_device_add(st, user_id, token_hash, now);
}

int account_device_known(struct store *st, int64_t user_id, const char *token_hash, int *known)
{
	return store_device_known(st, user_id, token_hash, known);
}

int audit_append(struct store *st, const struct audit_entry *e)
{
	return store_audit_append(st, e);
}

int audit_ok(struct store *st, int64_t user_id, const char *email, const char *role,
             const char *resource, const char *action, int64_t id, const char *detail)
{
	struct audit_entry e = { 0 };
	e.user_id = user_id;
	e.email = email;
	e.role = role;
	e.action = action;
	e.resource = resource;
	e.resource_id = id;
	e.outcome = "ok";
	e.detail = detail;
	return store_audit_append(st, &e);
}

int audit_list(struct store *st, struct arena *a, const struct audit_query *q,
               struct audit_entry **out, int *n, int64_t *total)
{
	return store_audit_list(st, a, q, out, n, total);
}

int audit_each(struct store *st, const struct audit_query *q, int (*cb)(void *ctx,
               const struct audit_entry *e), void *ctx)
{
	return store_audit_each(st, q, cb, ctx);
}
int account_user_set_password(struct store *st, int64_t id, const char *pw_hash)
{
	return store_user_set_password(st, id, pw_hash);
}

int account_password_change(struct store *st, int64_t user_id, const char *pw_hash,
                            int64_t except_id, int *ended)
{
	int rc;
	*ended = 0;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_user_set_password(st, user_id, pw_hash)) ||
	    (rc = store_credential_delete_user(st, user_id, except_id, ended)) ||
	    (rc = store_commit(st))) {
		store_rollback(st);
		*ended = 0;
	}
	return rc;
}

int audit_csv_row(void *ctx, const struct audit_entry *e)
{
	struct buf *b = ctx;
	int rc = 0;
	rc |= buf_printf(b, "%lld,", (long long)e->id);
	rc |= csv_cell(b, e->at);
	rc |= buf_printf(b, e->user_id > 0 ? ",%lld," : ",,", (long long)e->user_id);
	rc |= csv_cell(b, e->email);
	rc |= buf_addc(b, ',');
	rc |= csv_cell(b, e->role);
	rc |= buf_addc(b, ',');
	rc |= csv_cell(b, e->action);
	rc |= buf_addc(b, ',');
	rc |= csv_cell(b, e->resource);
	rc |= buf_printf(b, e->resource_id > 0 ? ",%lld," : ",,", (long long)e->resource_id);
	rc |= csv_cell(b, e->outcome);
	rc |= buf_addc(b, ',');
	rc |= csv_cell(b, e->client_ip);
	rc |= buf_addc(b, ',');
	rc |= csv_cell(b, e->detail);
	rc |= buf_adds(b, "\r\n");
	return rc ? TB_ETOOBIG : TB_OK;
}

int audit_query_check(const struct audit_query *q, struct tb_field_error *fe)
{
	if (q->since && !parse_date(q->since, NULL, NULL, NULL) && strlen(q->since) != 20)
		return TB_FE(fe, "since", "date_or_time"), TB_EINVAL;
	if (q->until && !parse_date(q->until, NULL, NULL, NULL) && strlen(q->until) != 20)
		return TB_FE(fe, "until", "date_or_time"), TB_EINVAL;
	return TB_OK;
}
