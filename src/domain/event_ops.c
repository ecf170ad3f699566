/* event_ops.c - editing an event, its outcome and its agenda (event_ops.h). */
#include "model/region.h"
#include "domain/event_ops.h"
#include "domain/account_ops.h"
#include "store/store.h"
#include "core/util.h"
#include <stdio.h>
#include <string.h>

/* from -> to: a planned event is held or cancelled; a held one may have its
 * outcome text completed later (cases and contracts come after the event). */
static const struct { const char *from, *to; } moves[] = {
	{ "planned", "held" },
	{ "planned", "cancelled" },
	{ "held", "held" },
};

bool event_move_ok(const char *from, const char *to)
{
	for (size_t i = 0; i < ARRAY_SIZE(moves); i++)
		if (from && to && !strcmp(moves[i].from, from) && !strcmp(moves[i].to, to))
			return true;
	return false;
}

static int audit(struct store *st, const struct actor *by, const char *action, int64_t id,
                 const char *detail)
{
	return audit_ok(st, by ? by->user_id : 0, NULL, by && by->role ? by->role : "system", "event",
	                action, id, detail);
}

static bool is_date(const char *s) { return s && parse_date(s, NULL, NULL, NULL); }

static bool in(const char *const *names, const char *v)
{
	for (; v && *names; names++)
		if (!strcmp(*names, v))
			return true;
	return false;
}

/* Reads the event inside the transaction and checks the organiser. */
static int load(struct store *st, struct arena *a, const struct actor *by, int64_t id, struct event *e)
{
	int rc = store_event_get(st, a, id, e);
	if (rc)
		return rc;
	return event_organises(by, e) ? TB_OK : TB_EPERM;
}

static int finish(struct store *st, int rc)
{
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int event_edit(struct store *st, struct arena *a, const struct actor *by, int64_t id,
               const struct event_patch *p, struct event *out, struct tb_field_error *fe)
{
	struct event e;
	int rc;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = load(st, a, by, id, &e)))
		return finish(st, rc);
	if (strcmp(e.status, "planned")) {
		TB_FE_ST(fe, "status", "state_is", "event", e.status);
		return finish(st, TB_ESTATE);
	}
	if (p->kind) e.kind = p->kind;
	if (p->title) e.title = p->title;
	if (p->starts_on) e.starts_on = p->starts_on;
	if (p->ends_on) e.ends_on = p->ends_on;
	if (p->clear_ends_on) e.ends_on = NULL;
	if (p->place) e.place = p->place;
	if (p->fields) e.fields = p->fields;
	if (p->online >= 0) e.online = p->online;
	if (p->capacity >= 0) e.capacity = p->capacity;
	/* the rules of event_create, on the edited whole */
	if (!in(event_kinds, e.kind))
		rc = (TB_FE_S(fe, "kind", "one_of", "roadshow, expert_tour, docking_meeting or field_event"), TB_EINVAL);
	else if (!e.title || !*e.title || strlen(e.title) > 200)
		rc = (TB_FE_N(fe, "title", "required_max_bytes", 200), TB_EINVAL);
	else if (!is_date(e.starts_on))
		rc = (TB_FE(fe, "starts_on", "invalid_date"), TB_EINVAL);
	else if (e.ends_on && (!is_date(e.ends_on) || strcmp(e.ends_on, e.starts_on) < 0))
		rc = (TB_FE_S(fe, "ends_on", "date_not_before", "starts_on"), TB_EINVAL);
	else if (!e.online && (!e.place || !*e.place))
		rc = (TB_FE(fe, "place", "place_required"), TB_EINVAL);
	else if (e.capacity < 0 || e.capacity > 100000)
		rc = (TB_FE_NM(fe, "capacity", "int_range", 0, 100000), TB_EINVAL);
	/* nobody registered loses their seat */
	else if (e.capacity > 0 && e.registered > e.capacity)
		rc = (TB_FE_N(fe, "capacity", "registered_exceeds", e.registered), TB_ECONFLICT);
	if (!rc && !(rc = store_event_update(st, &e, "planned")) && !(rc = audit(st, by, "update", id, NULL)))
		rc = store_event_get(st, a, id, out);
	return finish(st, rc);
}

int event_set_outcome(struct store *st, struct arena *a, const struct actor *by, int64_t id,
                      const char *status, const char *outcome, struct event *out,
                      struct tb_field_error *fe)
{
	struct event e;
	char d[11];
	int rc;
	if (!status || (strcmp(status, "held") && strcmp(status, "cancelled")))
		return TB_FE_S(fe, "status", "one_of", "held or cancelled"), TB_EINVAL;
	if (outcome && strlen(outcome) > 4000)
		return TB_FE_N(fe, "outcome", "too_long_bytes", 4000), TB_EINVAL;
	region_today(d);
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = load(st, a, by, id, &e)))
		return finish(st, rc);
	if (!event_move_ok(e.status, status)) {
		TB_FE_ST(fe, "status", "status_move", e.status, status);
		return finish(st, TB_ESTATE);
	}
	if (!strcmp(status, "held") && strcmp(e.starts_on, d) > 0) {
		TB_FE_S(fe, "status", "event_not_started", e.starts_on);
		return finish(st, TB_ESTATE);
	}
	if (!(rc = store_event_set_status(st, id, e.status, status, outcome)) &&
	    !(rc = audit(st, by, "status", id, arena_printf(a, "%s -> %s", e.status, status))))
		rc = store_event_get(st, a, id, out);
	return finish(st, rc);
}

static int check_item(struct store *st, struct arena *a, const char *kind, int64_t item_id,
                      struct tb_field_error *fe)
{
	const char *status = NULL;
	int rc;
	if (!strcmp(kind, "achievement")) {
		struct achievement x;
		if (!(rc = store_achievement_get(st, a, item_id, &x)))
			status = x.status;
	} else {
		struct demand x;
		if (!(rc = store_demand_get(st, a, item_id, &x)))
			status = x.status;
	}
	if (rc == TB_ENOTFOUND)
		return TB_FE_S(fe, "item_id", "no_such", kind), TB_EINVAL;
	if (rc)
		return rc;
	/* the agenda is public: only listings the public may read */
	if (strcmp(status, "published") && strcmp(status, "commercialised"))
		return TB_FE_ST(fe, "item_id", "not_published_item", kind, status), TB_EINVAL;
	return TB_OK;
}

/* An agenda change starts here: a listing kind, the transaction, the event
 * the actor may change (load); on failure nothing is left open. */
static int agenda_begin(struct store *st, struct arena *a, const struct actor *by, int64_t event_id,
                        const char *kind, struct event *e, struct tb_field_error *fe)
{
	int rc;
	if (!kind || (strcmp(kind, "achievement") && strcmp(kind, "demand")))
		return TB_FE_S(fe, "kind", "one_of", "achievement or demand"), TB_EINVAL;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = load(st, a, by, event_id, e)))
		return finish(st, rc);
	return TB_OK;
}

int event_agenda_add(struct store *st, struct arena *a, const struct actor *by, int64_t event_id,
                     const char *kind, int64_t item_id, struct tb_field_error *fe)
{
	struct event e;
	int rc;
	if ((rc = agenda_begin(st, a, by, event_id, kind, &e, fe)))
		return rc;
	if (!strcmp(e.status, "cancelled")) {
		TB_FE_ST(fe, "status", "state_is", "event", "cancelled");
		return finish(st, TB_ESTATE);
	}
	if (!(rc = check_item(st, a, kind, item_id, fe)) &&
	    !(rc = store_event_item_add(st, event_id, kind, item_id)))
		rc = audit(st, by, "agenda_add", event_id, arena_printf(a, "%s %lld", kind, (long long)item_id));
	return finish(st, rc);
}

int event_agenda_remove(struct store *st, struct arena *a, const struct actor *by, int64_t event_id,
                        const char *kind, int64_t item_id, struct tb_field_error *fe)
{
	struct event e;
	int rc;
	if ((rc = agenda_begin(st, a, by, event_id, kind, &e, fe)))
		return rc;
	if (!(rc = store_event_item_remove(st, event_id, kind, item_id)))
		rc = audit(st, by, "agenda_remove", event_id, arena_printf(a, "%s %lld", kind, (long long)item_id));
	return finish(st, rc);
}

int event_agenda(struct store *st, struct arena *a, int64_t event_id, struct event_item **out, int *n)
{
	return store_event_items(st, a, event_id, out, n);
}

int event_outcomes(struct store *st, struct arena *a, int64_t event_id, struct kpi *sum,
                   struct kpi_row **rows, int *n, struct tb_field_error *fe)
{
	static const char since[] = "1950-01-01", until[] = "2100-12-31";
	struct event e;
	struct kpi *k;
	int nk, rc;
	if ((rc = store_event_get(st, a, event_id, &e)))
		return rc;
	memset(sum, 0, sizeof(*sum));
	sum->key = event_id;
	sum->median_days = -1;
	if ((rc = kpi_compute(st, a, "event", since, until, event_id, &k, &nk, fe)) ||
	    (rc = kpi_trace(st, a, "event", event_id, since, until, rows, n, fe)))
		return rc;
	if (nk > 0)
		*sum = k[0];
	return TB_OK;
}
