/* region.c - Liaoning's 14 prefecture-level cities with GB/T 2260 codes, and
 * the name lookups over that table (data, no rules). */
#include "model/region.h"
#include "core/util.h"
#include <time.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

const char *const region_province_zh = "辽宁";
const char *const region_province_en = "Liaoning";

const struct city region_cities[] = {
	{ "沈阳", "Shenyang", "210100" },  { "大连", "Dalian", "210200" },
	{ "鞍山", "Anshan", "210300" },    { "抚顺", "Fushun", "210400" },
	{ "本溪", "Benxi", "210500" },     { "丹东", "Dandong", "210600" },
	{ "锦州", "Jinzhou", "210700" },   { "营口", "Yingkou", "210800" },
	{ "阜新", "Fuxin", "210900" },     { "辽阳", "Liaoyang", "211000" },
	{ "盘锦", "Panjin", "211100" },    { "铁岭", "Tieling", "211200" },
	{ "朝阳", "Chaoyang", "211300" },  { "葫芦岛", "Huludao", "211400" },
	{ NULL, NULL, NULL },
};

const char *region_city_canonical(const char *name)
{
	size_t n;
	if (!name)
		return NULL;
	n = strlen(name);
	for (const struct city *c = region_cities; c->zh; c++) {
		size_t zl = strlen(c->zh);
		if (!strcasecmp(name, c->en) || !strcmp(name, c->zh) ||
		    (n == zl + 3 && !strncmp(name, c->zh, zl) && !strcmp(name + zl, "市")))
			return c->zh;
	}
	return name;
}

const char *region_city_en(const char *zh)
{
	for (const struct city *c = region_cities; zh && c->zh; c++)
		if (!strcmp(zh, c->zh))
			return c->en;
	return NULL;
}

int region_in_province(const char *city)
{
	const char *c = region_city_canonical(city);
	return c && region_city_en(c) != NULL;
}

const struct city *region_city_by_code(const char *code)
{
	for (const struct city *c = region_cities; code && c->zh; c++)
		if (!strcmp(c->code, code))
			return c;
	return NULL;
}

const struct city *region_city_by_zh(const char *zh)
{
	for (const struct city *c = region_cities; zh && c->zh; c++)
		if (!strcmp(c->zh, zh))
			return c;
	return NULL;
}

int region_local_year(int64_t t)
{
	time_t tt = (time_t)(t + REGION_UTC_OFFSET_S);
	struct tm tm;
	gmtime_r(&tt, &tm);
	return tm.tm_year + 1900;
}

void region_local_date(int64_t t, char out[11])
{
	time_t tt = (time_t)(t + REGION_UTC_OFFSET_S);
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void region_today(char out[11]) { region_local_date(now_unix(), out); }

int region_this_year(void) { return region_local_year(now_unix()); }
