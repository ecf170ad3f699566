/* trail.c - the audit row of a request (api_audit): who (the request's
 * principal), what, on which resource, with what outcome, from which address.
 * Resources, the policy checks and the router record through it; it calls
 * nothing of theirs, so none of them include each other for it. */
#include "api/api.h"
#include "domain/account_ops.h"
#include "core/log.h"

void api_audit(struct api_ctx *c, const char *action, const char *resource, int64_t resource_id,
               const char *outcome, const char *detail)
{
	struct audit_entry e = { 0 };
	e.user_id = c->who.user_id;
	e.email = c->who.email;
	e.role = c->who.role ? c->who.role : "anonymous";
	e.action = action;
	e.resource = resource;
	e.resource_id = resource_id;
	e.outcome = outcome;
	e.client_ip = c->req->client_ip;
	e.detail = detail;
	if (audit_append(c->st, &e))
		tb_error("audit: could not record %s %s (%s)", action, resource, outcome);
}
