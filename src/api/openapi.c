/* openapi.c - GET /api/openapi.json: the OpenAPI 3.1 document of this API,
 * generated from the route tables (api/routes.c, handed over in the request) and the `doc` each route
 * carries next to its handler, so that it cannot drift from what the server
 * answers (issue #16). Roles come from the policy table (api_role_may), error
 * codes from the message catalogue (core/errmsg.c), record schemas from the
 * presenters themselves (each builder run on an empty record: the keys and
 * JSON types it emits), catalogue input schemas from the body readers' key
 * lists. tests/api/openapi.test.mjs validates it and checks it against the
 * route tables and a running server; web/js/pages/apiref.js shows it. */
#include "api/api.h"
#include "model/account.h"
#include "domain/booking.h"
#include "domain/quality.h"
#include "model/bulletin.h"
#include "core/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- schemas from the presenters */

/* The schema of one value a presenter emitted. A null in the sample record
 * says only that the field may be absent: its type is whatever a real record
 * fills in (a text, an id, a nested object), so the schema leaves it open. */
static json_t *schema_of(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		json_t *props = json_object();
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x)
			json_object_set_new(props, k, schema_of(x));
		return json_pack("{s:s,s:o}", "type", "object", "properties", props);
	}
	case JSON_ARRAY:
		if (json_array_size(v))
			return json_pack("{s:s,s:o}", "type", "array", "items",
			                 schema_of(json_array_get(v, 0)));
		return json_pack("{s:s}", "type", "array");
	case JSON_STRING: return json_pack("{s:s}", "type", "string");
	case JSON_INTEGER: return json_pack("{s:s}", "type", "integer");
	case JSON_REAL: return json_pack("{s:s}", "type", "number");
	case JSON_TRUE: case JSON_FALSE: return json_pack("{s:s}", "type", "boolean");
	case JSON_NULL: break;
	}
	return json_pack("{s:s}", "description", "null when not set");
}

/* The union of two schemas of the same field from two sample records (a
 * presenter that answers "negotiable" or null for a negative amount): equal
 * types stay, different ones become a list, an open side stays open. */
static json_t *schema_merge(json_t *a, json_t *b)
{
	json_t *ta = json_object_get(a, "type"), *tb = json_object_get(b, "type");
	if (!ta || !tb)
		return json_pack("{s:s}", "description", "null when not set");
	if (json_is_string(ta) && json_is_string(tb) &&
	    !strcmp(json_string_value(ta), json_string_value(tb))) {
		json_t *out = json_deep_copy(a);
		json_t *pa = json_object_get(a, "properties"), *pb = json_object_get(b, "properties");
		const char *k;
		json_t *x;
		if (pa && pb) {
			json_t *props = json_object_get(out, "properties");
			json_object_foreach(pb, k, x) {
				json_t *y = json_object_get(pa, k);
				json_object_set_new(props, k, y ? schema_merge(y, x) : json_deep_copy(x));
			}
		}
		return out;
	}
	return json_pack("{s:[O,O]}", "type", ta, tb);
}

static void add_schema(json_t *schemas, const char *name, json_t *example)
{
	if (!example) {
		/* The presenter refused the sample record: an object, still named,
		 * so that every $ref resolves (the test checks the names). */
		json_object_set_new(schemas, name, json_pack("{s:s}", "type", "object"));
		return;
	}
	json_object_set_new(schemas, name, schema_of(example));
	json_decref(example);
}

/* A record whose presenter answers another type for some values (a negative
 * amount: "negotiable" or null): the union of the schemas of both samples. */
static void add_schema2(json_t *schemas, const char *name, json_t *one, json_t *two)
{
	json_t *a, *b;
	if (!one || !two) {
		json_decref(one);
		json_decref(two);
		json_object_set_new(schemas, name, json_pack("{s:s}", "type", "object"));
		return;
	}
	a = schema_of(one);
	b = schema_of(two);
	json_object_set_new(schemas, name, schema_merge(a, b));
	json_decref(a);
	json_decref(b);
	json_decref(one);
	json_decref(two);
}

/* The input schema of a catalogue body: the record's properties restricted
 * to the keys the body reader accepts (api_only_keys rejects any other). */
static void add_input(json_t *schemas, const char *name, const char *record,
                      const char *const *keys, const struct plain_field *plain)
{
	json_t *rec = json_object_get(json_object_get(schemas, record), "properties");
	json_t *props = json_object();
	for (; *keys; keys++) {
		json_t *p = json_object_get(rec, *keys);
		json_object_set_new(props, *keys, p ? json_deep_copy(p) : json_object());
	}
	/* the plain fields the body reader accepts beside the key list */
	for (; plain && plain->name; plain++) {
		json_t *p = json_object_get(rec, plain->name);
		json_object_set_new(props, plain->name, p ? json_deep_copy(p) : json_object());
	}
	json_object_set_new(schemas, name,
	                    json_pack("{s:s,s:o,s:b}", "type", "object", "properties", props,
	                              "additionalProperties", 0));
}

static json_t *error_schema(void)
{
	json_t *codes = json_array();
	const char *code;
	for (size_t i = 0; (code = tb_code_at(i)); i++)
		json_array_append_new(codes, json_string(code));
	return json_pack(
		"{s:s,s:[s,s],s:{"
		"s:{s:s,s:s},"
		"s:{s:s,s:o,s:s},"
		"s:{s:s,s:s},"
		"s:{s:s,s:s},"
		"s:{s:s,s:{s:s,s:{s:{s:s},s:{s:s},s:{s:s}}}}}}",
		"type", "object", "required", "error", "code", "properties",
		"error", "type", "string", "description",
		"the message in the caller's language (?lang=, else Accept-Language, else English)",
		"code", "type", "string", "enum", codes, "description",
		"a stable machine code (docs/api.md); clients key on it, never on the text",
		"field", "type", "string", "description", "the input at fault, when there is one",
		"detail", "type", "string", "description",
		"the English text of a message not yet in the catalogue (its code is the status's)",
		"errors", "type", "array", "items", "type", "object", "properties", "field", "type",
		"string", "error", "type", "string", "code", "type", "string");
}

/* The records of the other presenters (api/present.h), each run on an empty
 * sample; the text members a presenter packs as plain strings get "". */
static void add_more_schemas(json_t *schemas)
{
	struct tier_rule tr; struct ent_facts ef; struct tier_cert tc; struct alliance al;
	struct agency ag; struct revision rv; struct challenge ch; struct ch_app ca;
	struct ch_milestone cm; struct representation rp; struct case_step st;
	struct match_feedback fb; struct quality_report q; struct bulletin bu;
	struct instr_stats is;
	memset(&tr, 0, sizeof(tr)); memset(&ef, 0, sizeof(ef)); memset(&tc, 0, sizeof(tc));
	memset(&al, 0, sizeof(al)); memset(&ag, 0, sizeof(ag)); memset(&rv, 0, sizeof(rv));
	memset(&ch, 0, sizeof(ch)); memset(&ca, 0, sizeof(ca)); memset(&cm, 0, sizeof(cm));
	memset(&rp, 0, sizeof(rp)); memset(&st, 0, sizeof(st)); memset(&fb, 0, sizeof(fb));
	memset(&q, 0, sizeof(q)); memset(&bu, 0, sizeof(bu)); memset(&is, 0, sizeof(is));
	add_schema(schemas, "TierRule", tier_rule_json(&tr));
	{
		/* -1 is "not reported": the presenter answers null */
		struct ent_facts ef2 = ef;
		ef2.revenue_fen = ef2.total_cost_fen = ef2.rd_fen = ef2.assets_fen = -1;
		ef2.liabilities_fen = ef2.vc_round_fen = ef2.staff = ef2.st_staff = -1;
		ef2.ip_class1 = ef2.ip_class2 = ef2.valuation_usd = ef2.listed = -1;
		ef2.rd_institution = -1;
		ef2.hightech_rev_pct = ef2.rd_china_pct = ef2.main_business_pct = -1;
		ef2.niche_share_pct = -1;
		add_schema2(schemas, "EnterpriseFacts", ent_facts_json(&ef), ent_facts_json(&ef2));
	}
	add_schema(schemas, "TierCertification", tier_cert_json(&tc));
	add_schema(schemas, "Alliance", alliance_json(&al));
	add_schema(schemas, "Agency", agency_json(&ag));
	add_schema(schemas, "Revision", revision_json(&rv));
	add_schema(schemas, "Challenge", challenge_json(&ch, NULL, 0));
	add_schema(schemas, "ChallengeApplication", ch_app_json(&ca, NULL, 0));
	add_schema(schemas, "ChallengeMilestone", ch_milestone_json(&cm, "2026-01-01"));
	add_schema(schemas, "Representation", representation_json(&rp));
	add_schema(schemas, "CaseStep", case_step_json(&st));
	add_schema(schemas, "MatchFeedback", feedback_json(&fb));
	add_schema(schemas, "QualityReport", quality_json(&q));
	add_schema(schemas, "BulletinSummary", bulletin_summary_json(&bu));
	add_schema(schemas, "Bulletin", bulletin_json(&bu));
	add_schema(schemas, "InstrumentStats", instr_stats_json(&is, 0));
}

static void add_schemas(json_t *schemas)
{
	struct org o; struct achievement a; struct demand d; struct instrument in;
	struct booking b; struct contract k; struct platform p; struct broker br;
	struct event e; struct dcase cs; struct contact_request cr;
	memset(&o, 0, sizeof(o)); memset(&a, 0, sizeof(a)); memset(&d, 0, sizeof(d));
	memset(&in, 0, sizeof(in)); memset(&b, 0, sizeof(b)); memset(&k, 0, sizeof(k));
	memset(&p, 0, sizeof(p)); memset(&br, 0, sizeof(br)); memset(&e, 0, sizeof(e));
	memset(&cs, 0, sizeof(cs)); memset(&cr, 0, sizeof(cr));
	b.start_at = b.end_at = b.status = "";  /* booking_json packs these as plain strings */

	json_object_set_new(schemas, "Error", error_schema());
	add_schema(schemas, "Organisation", org_json(&o));
	{
		/* a negative price or budget is "negotiable" / not stated */
		struct achievement a2 = a;
		struct demand d2 = d;
		a2.price = -1;
		d2.budget_min = d2.budget_max = -1;
		add_schema2(schemas, "Achievement", achievement_json(&a), achievement_json(&a2));
		add_schema2(schemas, "Demand", demand_json(&d), demand_json(&d2));
	}
	add_schema(schemas, "Instrument", instrument_json(&in));
	add_schema(schemas, "Booking", booking_json(&b));
	add_schema(schemas, "Contract", contract_json(&k));
	add_schema(schemas, "Platform", platform_json(&p));
	add_schema(schemas, "Broker", broker_json(&br));
	add_schema(schemas, "Event", event_json(&e));
	add_schema(schemas, "DockingCase", case_json(&cs));
	add_schema(schemas, "ContactRequest", contact_json(&cr));
	add_more_schemas(schemas);
	add_input(schemas, "AchievementInput", "Achievement", api_ach_keys, ach_plain_fields);
	add_input(schemas, "DemandInput", "Demand", api_dem_keys, dem_plain_fields);
}

/* ---- operations */

/* "/api/x/{id}/y/{id}" -> "/api/x/{id}/y/{id2}" (OpenAPI names each path
 * parameter once); returns the number of parameters. */
static int openapi_path(const char *pattern, char *out, size_t cap)
{
	size_t o = 0;
	int n = 0;
	out[0] = '\0';
	for (const char *p = pattern; *p && o + 8 < cap; ) {
		if (!strncmp(p, "{id}", 4)) {
			n++;
			o += (size_t)snprintf(out + o, cap - o, n == 1 ? "{id}" : "{id%d}", n);
			p += 4;
		} else {
			out[o++] = *p++;
			out[o] = '\0';
		}
	}
	return n;
}

static json_t *type_schema(const char *type)
{
	if (!strcmp(type, "array"))
		/* jin_list: an array of strings, or one comma-separated string */
		return json_pack("{s:[{s:s,s:{s:s}},{s:s}]}", "oneOf", "type", "array", "items",
		                 "type", "string", "type", "string");
	if (!strcmp(type, "any"))
		return json_object();
	return json_pack("{s:s}", "type", type);
}

/* "a:integer,b,c:string!" -> one callback per item (name, type, required). */
static void each_item(const char *list, void (*fn)(void *, const char *, const char *, bool),
                      void *arg)
{
	char name[64], type[16];
	for (const char *p = list; p && *p; ) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *colon = memchr(p, ':', n);
		size_t nl = colon ? (size_t)(colon - p) : n;
		bool req = n && p[n - 1] == '!';
		size_t tl = colon ? n - nl - 1 - (req ? 1 : 0) : 0;
		snprintf(name, sizeof(name), "%.*s", (int)(nl - (!colon && req ? 1 : 0)), p);
		snprintf(type, sizeof(type), "%.*s", (int)tl, colon ? colon + 1 : "");
		fn(arg, name, type[0] ? type : "string", req);
		p = e ? e + 1 : NULL;
	}
}

static void add_query(void *arg, const char *name, const char *type, bool req)
{
	json_array_append_new(arg, json_pack("{s:s,s:s,s:b,s:o}", "name", name, "in", "query",
	                                     "required", req, "schema", type_schema(type)));
}

struct body_acc { json_t *props, *required; };

static void add_prop(void *arg, const char *name, const char *type, bool req)
{
	struct body_acc *b = arg;
	json_object_set_new(b->props, name, type_schema(type));
	if (req)
		json_array_append_new(b->required, json_string(name));
}

static json_t *ref(const char *name)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "#/components/%s", name);
	return json_pack("{s:s}", "$ref", buf);
}

/* "#Achievement" -> its $ref; "[#Achievement" -> a page {items: [...]}. */
static json_t *schema_ref(const char *s)
{
	char name[96];
	if (s[0] == '[') {
		snprintf(name, sizeof(name), "schemas/%s", s + 2);
		return json_pack("{s:s,s:{s:{s:s,s:o},s:{s:s}}}", "type", "object", "properties",
		                 "items", "type", "array", "items", ref(name), "total", "type",
		                 "integer");
	}
	snprintf(name, sizeof(name), "schemas/%s", s + 1);
	return ref(name);
}

static const char *status_text(int s)
{
	switch (s) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted (an edit of a published listing, pending review)";
	case 204: return "No content";
	case 400: return "Bad input: the Error names the field (field_required, too_long, ...)";
	case 401: return "Login required (code login_required)";
	case 403: return "Not allowed for the role or organisation (code not_allowed)";
	case 404: return "No such record (code not_found)";
	case 409: return "Conflict with the current state (state_conflict, status_transition, ...)";
	case 413: return "Too large (code body_too_large)";
	case 415: return "The body is not application/json (code unsupported_media_type)";
	case 429: return "Too many requests (code rate_limited)";
	}
	return "Response";
}

/* Which roles the policy lets do resource:action: {role: "any"|"own"}. */
static json_t *roles_for(const char *access, char *line, size_t cap)
{
	char res[48], act[48];
	const char *colon = strchr(access, ':');
	json_t *roles = json_object();
	size_t o = 0;
	line[0] = '\0';
	if (!colon) {
		if (!strcmp(access, "public"))
			json_object_set_new(roles, "anonymous", json_string("any"));
		for (size_t i = 0; account_roles[i]; i++)
			json_object_set_new(roles, account_roles[i], json_string("any"));
		snprintf(line, cap, "%s", !strcmp(access, "public") ? "Anyone, without an account."
		                                                    : "Any logged-in account.");
		return roles;
	}
	snprintf(res, sizeof(res), "%.*s", (int)(colon - access), access);
	snprintf(act, sizeof(act), "%s", colon + 1);
	o += (size_t)snprintf(line + o, cap - o, "Roles (policy %s:%s):", res, act);
	for (int r = -1; account_roles[r < 0 ? 0 : r]; r++) {
		const char *role = r < 0 ? "anonymous" : account_roles[r];
		int may = api_role_may(role, res, act);
		if (!may)
			continue;
		json_object_set_new(roles, role, json_string(may == 1 ? "any" : "own"));
		if (o < cap)
			o += (size_t)snprintf(line + o, cap - o, " %s%s", role,
			                      may == 2 ? " (own organisation)" : "");
	}
	return roles;
}

static void add_error(json_t *responses, int status)
{
	char key[8], name[32];
	snprintf(key, sizeof(key), "%d", status);
	snprintf(name, sizeof(name), "responses/E%d", status);
	if (!json_object_get(responses, key))
		json_object_set_new(responses, key, ref(name));
}

/* A 2xx whose route names no record schema still gets a named one,
 * "<OperationId>_<status>" in components: text for a text media type, else an
 * object whose keys the route does not describe yet (the handler builds it by
 * hand). Clients can $ref it; describing it is one place to change. */
static json_t *route_schema(json_t *schemas, const char *opid, const char *status,
                            const char *method, const char *path, const char *media)
{
	char name[200], desc[400], rname[220];
	size_t o = 0;
	bool up = true;
	for (const char *p = opid; *p && o + 1 < sizeof(name); p++) {
		if (*p == '_') {
			up = true;
			continue;
		}
		name[o++] = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
		up = false;
	}
	name[o] = '\0';
	snprintf(name + o, sizeof(name) - o, "%s%s", strcmp(status, "200") ? "_" : "",
	         strcmp(status, "200") ? status : "");
	snprintf(desc, sizeof(desc), "The %s answer of %s %s", status, method, path);
	if (!json_object_get(schemas, name))
		json_object_set_new(schemas, name,
		                    media ? json_pack("{s:s,s:s,s:s}", "type", "string",
		                                      "contentMediaType", media, "description", desc)
		                          : json_pack("{s:s,s:s}", "type", "object", "description",
		                                      desc));
	snprintf(rname, sizeof(rname), "schemas/%s", name);
	return ref(rname);
}

static json_t *operation(const struct api_route *r, const char *tag, const char *path, int nids,
                         bool period, json_t *schemas)
{
	const struct api_doc *d = &r->doc;
	const char *access = d->access ? d->access : "login";
	bool is_public = !strcmp(access, "public");
	bool write = strcmp(r->method, "GET") != 0;
	char line[400], opid[160];
	json_t *params = json_array(), *responses = json_object();
	json_t *op = json_object();
	json_t *roles = roles_for(access, line, sizeof(line));
	size_t o = 0;

	for (const char *p = r->method; *p && o + 1 < sizeof(opid); p++)
		opid[o++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	for (const char *p = path; *p && o + 1 < sizeof(opid); p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			opid[o++] = *p;
		else if (o && opid[o - 1] != '_')
			opid[o++] = '_';
	while (o && opid[o - 1] == '_')
		o--;
	opid[o] = '\0';

	for (int i = 1; i <= nids; i++) {
		char name[8];
		snprintf(name, sizeof(name), i == 1 ? "id" : "id%d", i);
		json_array_append_new(params, json_pack("{s:s,s:s,s:b,s:{s:s,s:i}}", "name", name,
		                                        "in", "path", "required", 1, "schema",
		                                        "type", "integer", "minimum", 1));
	}
	if (period)
		/* api_match_pattern's {period}: a bulletin's week or month */
		json_array_append_new(params, json_pack("{s:s,s:s,s:b,s:{s:s,s:s}}", "name",
		                                        "period", "in", "path", "required", 1,
		                                        "schema", "type", "string", "pattern",
		                                        "^[0-9]{4}-(W[0-9]{2}|[0-9]{2})$"));
	if (d->query)
		each_item(d->query, add_query, params);
	json_array_append_new(params, ref("parameters/lang"));

	json_object_set_new(op, "operationId", json_string(opid));
	json_object_set_new(op, "tags", json_pack("[s]", tag));
	json_object_set_new(op, "summary", json_string(d->en ? d->en : ""));
	json_object_set_new(op, "x-summary-zh", json_string(d->zh ? d->zh : ""));
	json_object_set_new(op, "description", json_string(line));
	json_object_set_new(op, "x-access", json_string(access));
	json_object_set_new(op, "x-roles", roles);
	json_object_set_new(op, "parameters", params);
	json_object_set_new(op, "security",
	                    is_public ? json_array()
	                              : json_pack("[{s:[]},{s:[]}]", "session", "bearer"));

	if (d->body) {
		json_t *schema;
		if (d->body[0] == '#') {
			schema = schema_ref(d->body);
		} else {
			struct body_acc b = { json_object(), json_array() };
			each_item(d->body, add_prop, &b);
			schema = json_pack("{s:s,s:o}", "type", "object", "properties", b.props);
			if (json_array_size(b.required))
				json_object_set_new(schema, "required", b.required);
			else
				json_decref(b.required);
		}
		json_object_set_new(op, "requestBody",
		                    json_pack("{s:b,s:{s:{s:o}}}", "required", 0, "content",
		                              "application/json", "schema", schema));
	}

	/* Success statuses, each with its schema when named. */
	for (const char *p = d->ok ? d->ok : "200"; p && *p; ) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *colon = memchr(p, ':', n);
		char key[8], sref[96];
		const char *media = d->media ? d->media : "application/json";
		json_t *schema;
		snprintf(key, sizeof(key), "%.*s", (int)(colon ? (size_t)(colon - p) : n), p);
		if (colon) {
			size_t sl = n - (size_t)(colon - p) - 1;
			snprintf(sref, sizeof(sref), "%.*s", (int)sl, colon + 1);
			schema = schema_ref(sref);
		} else {
			schema = route_schema(schemas, opid, key, r->method, path, d->media);
		}
		json_object_set_new(responses, key,
		                    json_pack("{s:s,s:{s:{s:o}}}", "description",
		                              status_text((int)strtol(key, NULL, 10)), "content",
		                              media, "schema", schema));
		p = e ? e + 1 : NULL;
	}
	/* Errors the router and the common helpers produce for this shape of route. */
	if (d->query || d->body)
		add_error(responses, 400);
	if (!is_public)
		add_error(responses, 401);
	if (strchr(access, ':'))
		add_error(responses, 403);
	if (nids || period)
		add_error(responses, 404);
	if (write && d->body)
		add_error(responses, 415);
	for (const char *p = d->errors; p && *p; ) {
		add_error(responses, (int)strtol(p, NULL, 10));
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	json_object_set_new(op, "responses", responses);
	return op;
}

static json_t *error_responses(void)
{
	static const int statuses[] = { 400, 401, 403, 404, 409, 413, 415, 429 };
	json_t *r = json_object();
	for (size_t i = 0; i < ARRAY_SIZE(statuses); i++) {
		char key[8];
		snprintf(key, sizeof(key), "E%d", statuses[i]);
		json_object_set_new(r, key, json_pack("{s:s,s:{s:{s:o}}}", "description",
		                                      status_text(statuses[i]), "content",
		                                      "application/json", "schema",
		                                      ref("schemas/Error")));
	}
	return r;
}

json_t *api_openapi_document(const struct api_table *tables, size_t ntables)
{
	json_t *paths = json_object(), *tags = json_array(), *schemas = json_object();
	json_t *doc;

	for (size_t t = 0; t < ntables; t++) {
		const struct api_table *tb = &tables[t];
		bool seen = false;
		for (size_t i = 0; i < json_array_size(tags); i++) {
			json_t *name = json_object_get(json_array_get(tags, i), "name");
			if (!strcmp(json_string_value(name), tb->tag))
				seen = true;
		}
		if (!seen)
			json_array_append_new(tags, json_pack("{s:s,s:s,s:s}", "name", tb->tag,
			                                      "description", tb->tag_zh,
			                                      "x-name-zh", tb->tag_zh));
		for (const struct api_route *r = tb->routes; r->method; r++) {
			char path[256], method[8];
			int nids = openapi_path(r->pattern, path, sizeof(path));
			json_t *item = json_object_get(paths, path);
			size_t i;
			if (!item) {
				item = json_object();
				json_object_set_new(paths, path, item);
			}
			for (i = 0; r->method[i] && i + 1 < sizeof(method); i++)
				method[i] = (char)(r->method[i] - 'A' + 'a');
			method[i] = '\0';
			bool period = strstr(path, "{period}") != NULL;
			json_object_set_new(item, method,
			                    operation(r, tb->tag, path, nids, period, schemas));
		}
	}
	add_schemas(schemas);
	doc = json_pack(
		"{s:s,s:{s:s,s:s,s:s,s:s},s:[{s:s}],s:o,s:o,"
		"s:{s:o,s:o,s:{s:{s:s,s:s,s:s,s:b,s:{s:s,s:[s,s]}}},"
		"s:{s:{s:s,s:s,s:s},s:{s:s,s:s}}}}",
		"openapi", "3.1.0",
		"info", "title", "techbridge API", "version", "1",
		"description",
		"Achievements, demands, docking, instruments, contracts, challenges, registries "
		"and release of a regional science-and-technology platform. Generated from the "
		"server's "
		"route tables. Errors are {error, code, field}: error in the caller's language "
		"(?lang=zh|en, else Accept-Language, else English), code stable (docs/api.md). "
		"Writes need a session cookie (send X-CSRF-Token) or a bearer token.",
		"x-title-zh", "techbridge 接口文档",
		"servers", "url", "/",
		"tags", tags, "paths", paths,
		"components", "schemas", schemas, "responses", error_responses(),
		"parameters", "lang", "name", "lang", "in", "query", "description",
		"the language of error messages (zh or en); overrides Accept-Language",
		"required", 0, "schema", "type", "string", "enum", "zh", "en",
		"securitySchemes", "session", "type", "apiKey", "in", "cookie", "name",
		"tb_session", "bearer", "type", "http", "scheme", "bearer");
	return doc;
}

static void get_openapi(struct api_ctx *c)
{
	api_json(c, 200, api_openapi_document(c->tables, c->ntables));
}

const struct api_route api_openapi_routes[] = {
	{ "GET", "/api/openapi.json", get_openapi,
	  { .en = "This document (OpenAPI 3.1)", .zh = "本接口文档（OpenAPI 3.1）", .access = "public",
	    .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};
