/* contracts.c - the JSON shape of technology contracts and their parties: one builder per record,
 * shared by the API's answers and the command line's --json/export output
 * (present/present.h). Builds values only: no request, no store, no policy. */
#include "present/present.h"
#include "core/csv.h"
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/catalog_ops.h"
#include "domain/contract.h"
#include "domain/contract_ops.h"
#include "domain/docking.h"
#include "domain/payment.h"
#include "domain/region.h"
#include <string.h>

static json_t *party_json(const struct contract_party *p)
{
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:b}",
	                 "org_id", p->org_id > 0 ? json_integer(p->org_id) : json_null(),
	                 "name", jstr(p->name), "region_code", jstr(p->region_code),
	                 "country", jstr(p->country), "city", jstr(p->city),
	                 "city_en", jstr(region_city_en(p->city)), "city_code", jstr(p->city_code),
	                 "unit_code", jstr(p->unit_code), "in_province", p->in_province != 0);
}

json_t *contract_json(const struct contract *x)
{
	return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:I,s:o,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,"
	                 "s:b,s:o,s:o,s:o,s:o}",
	                 "id", (json_int_t)x->id, "reg_no", jstr(x->reg_no), "title", jstr(x->title),
	                 "type", jstr(x->type), "subtype", jstr(x->subtype),
	                 "seller", party_json(&x->seller), "buyer", party_json(&x->buyer),
	                 "amount", present_yuan(x->amount_fen), "amount_fen", (json_int_t)x->amount_fen,
	                 "tx_amount", present_yuan(x->tx_amount_fen),
	                 "tx_amount_fen", (json_int_t)x->tx_amount_fen,
	                 "signed_on", jstr(x->signed_on), "valid_from", jstr(x->valid_from),
	                 "valid_to", jstr(x->valid_to),
	                 "achievement_id", x->achievement_id > 0 ? json_integer(x->achievement_id) : json_null(),
	                 "demand_id", x->demand_id > 0 ? json_integer(x->demand_id) : json_null(),
	                 "field", jstr(x->field), "status", jstr(x->status), "local", x->local != 0,
	                 "note", jstr(x->note), "created_at", jstr(x->created_at),
	                 "updated_at", jstr(x->updated_at),
	                 /* == release (issue #16) == */
	                 "payment_mode", jstr(x->payment_mode));
}
