/* org.c - organisation kinds and validation. */
#include "domain/org.h"
#include "store/store.h"
#include "domain/catalog.h"
#include "domain/region.h"
#include "core/util.h"
#include <string.h>

int org_validate(const struct org *o, struct tb_field_error *fe)
{
	long n;
	if (str_empty(o->name))
		return TB_FE(fe, "name", "field_required"), TB_EINVAL;
	n = utf8_len(o->name, strlen(o->name));
	if (n < 0)
		return TB_FE(fe, "name", "invalid_utf8"), TB_EINVAL;
	if (n > 200)
		return TB_FE_N(fe, "name", "too_long", 200), TB_EINVAL;
	if (o->name_en && utf8_len(o->name_en, strlen(o->name_en)) > 300)
		return TB_FE_N(fe, "name_en", "too_long", 300), TB_EINVAL;
	if (!name_in(org_kinds, o->kind))
		return tb_fe_code(fe, "kind", "one_of_list", 0, 0,
		                  "university, institute, enterprise, agency, transfer, government",
		                  NULL), TB_EINVAL;
	if (o->region_code) {
		if (strlen(o->region_code) != 6 || strspn(o->region_code, "0123456789") != 6)
			return TB_FE(fe, "region_code", "region_code_format"), TB_EINVAL;
	}
	if (o->city && strlen(o->city) > 64)
		return TB_FE(fe, "city", "list_too_long"), TB_EINVAL;
	return TB_OK;
}

int org_create(struct store *st, struct org *o)
{
	return store_org_insert(st, o);
}

int org_save(struct store *st, const struct org *o)
{
	return store_org_update(st, o);
}

int org_get(struct store *st, struct arena *a, int64_t id, struct org *out)
{
	return store_org_get(st, a, id, out);
}

int org_find_by_name(struct store *st, struct arena *a, const char *name, struct org *out)
{
	return store_org_find_by_name(st, a, name, out);
}

int org_list(struct store *st, struct arena *a, const struct org_query *q, struct org **out, int *n,
             int64_t *total)
{
	return store_org_list(st, a, q, out, n, total);
}
