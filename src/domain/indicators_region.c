/* indicators_region.c - the regions the indicators are reported for: the
 * province, its cities (model/region.h) and the sub-city units (districts
 * and development zones) in ind_units[], with resolution from codes or names
 * and the location snapshot of a contract party. */
#include "domain/indicators.h"
#include "core/util.h"
#include "model/region.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ regions */

/* Districts (GB/T 2260) and development zones of the two largest cities. A
 * zone is listed under the district code that hosts it, so that an org's
 * district field ("浑南区", "浑南") resolves to it. Data, not logic: extend freely. */
const struct ind_unit ind_units[] = {
	{ "210102", "210100", "district", "和平区", "Heping District", "和平" },
	{ "210103", "210100", "district", "沈河区", "Shenhe District", "沈河" },
	{ "210104", "210100", "district", "大东区", "Dadong District", "大东" },
	{ "210105", "210100", "district", "皇姑区", "Huanggu District", "皇姑" },
	{ "210106", "210100", "district", "铁西区", "Tiexi District", "铁西" },
	{ "210111", "210100", "district", "苏家屯区", "Sujiatun District", "苏家屯" },
	{ "210112", "210100", "zone", "浑南", "Hunnan zone", "浑南区" },
	{ "210113", "210100", "district", "沈北新区", "Shenbei New District", "沈北" },
	{ "210114", "210100", "district", "于洪区", "Yuhong District", "于洪" },
	{ "210202", "210200", "district", "中山区", "Zhongshan District", "中山" },
	{ "210203", "210200", "district", "西岗区", "Xigang District", "西岗" },
	{ "210204", "210200", "district", "沙河口区", "Shahekou District", "沙河口" },
	{ "210211", "210200", "zone", "大连高新区", "Dalian Hi-tech Zone", "甘井子区" },
	{ "210212", "210200", "district", "旅顺口区", "Lushunkou District", "旅顺口" },
	{ "210213", "210200", "district", "金州区", "Jinzhou District", "金州" },
	{ NULL, NULL, NULL, NULL, NULL, NULL },
};

const struct ind_unit *ind_unit_by_code(const char *code)
{
	for (const struct ind_unit *u = ind_units; code && u->code; u++)
		if (!strcmp(u->code, code))
			return u;
	return NULL;
}

const struct ind_unit *ind_unit_for(const char *city_zh, const char *district)
{
	const struct city *c = region_city_by_zh(city_zh);
	if (!c || str_empty(district))
		return NULL;
	for (const struct ind_unit *u = ind_units; u->code; u++)
		if (!strcmp(u->city_code, c->code) &&
		    (!strcmp(u->zh, district) || (u->alias && !strcmp(u->alias, district)) ||
		     !strcasecmp(u->en, district) || !strcmp(u->code, district)))
			return u;
	return NULL;
}

const char *ind_region_level_name(enum ind_level l)
{
	return l == IND_PROVINCE ? "province" : l == IND_CITY ? "city" : "district";
}

static void region_province(struct ind_region *r)
{
	memset(r, 0, sizeof(*r));
	r->level = IND_PROVINCE;
	r->code = IND_PROVINCE_CODE;
	r->zh = region_province_zh;
	r->en = region_province_en;
}

static void region_city(struct ind_region *r, const struct city *c)
{
	memset(r, 0, sizeof(*r));
	r->level = IND_CITY;
	r->code = c->code;
	r->zh = c->zh;
	r->en = c->en;
	r->city_zh = c->zh;
}

static void region_unit(struct ind_region *r, const struct ind_unit *u)
{
	memset(r, 0, sizeof(*r));
	r->level = IND_UNIT;
	r->code = u->code;
	r->zh = u->zh;
	r->en = u->en;
	r->city_zh = region_city_by_code(u->city_code)->zh;
	r->unit = u;
}

int ind_region_resolve(const char *q, struct ind_region *out)
{
	const char *canon;
	const struct city *c;
	if (str_empty(q) || !strcmp(q, IND_PROVINCE_CODE) || !strcmp(q, region_province_zh) ||
	    !strcasecmp(q, region_province_en) || !strcmp(q, "辽宁省") || !strcasecmp(q, "province")) {
		region_province(out);
		return TB_OK;
	}
	if ((c = region_city_by_code(q))) {
		region_city(out, c);
		return TB_OK;
	}
	canon = region_city_canonical(q);
	if ((c = region_city_by_zh(canon))) {
		region_city(out, c);
		return TB_OK;
	}
	for (const struct ind_unit *u = ind_units; u->code; u++)
		if (!strcmp(u->code, q) || !strcmp(u->zh, q) || (u->alias && !strcmp(u->alias, q)) ||
		    !strcasecmp(u->en, q)) {
			region_unit(out, u);
			return TB_OK;
		}
	/* "沈阳浑南" / "Shenyang Hunnan": a city name followed by a unit name. */
	for (c = region_cities; c->zh; c++) {
		size_t zl = strlen(c->zh), el = strlen(c->en);
		const char *rest = NULL;
		if (!strncmp(q, c->zh, zl))
			rest = q + zl;
		else if (!strncasecmp(q, c->en, el))
			rest = q + el;
		while (rest && *rest == ' ')
			rest++;
		if (rest && *rest) {
			const struct ind_unit *u = ind_unit_for(c->zh, rest);
			char en[80];
			if (!u) {
				snprintf(en, sizeof(en), "%s zone", rest);
				u = ind_unit_for(c->zh, en);
			}
			if (u) {
				region_unit(out, u);
				return TB_OK;
			}
		}
	}
	return TB_ENOTFOUND;
}

int ind_region_parent(const struct ind_region *r, struct ind_region *out)
{
	if (r->level == IND_PROVINCE)
		return TB_ENOTFOUND;
	if (r->level == IND_CITY) {
		region_province(out);
		return TB_OK;
	}
	region_city(out, region_city_by_code(r->unit->city_code));
	return TB_OK;
}

void ind_party_locate(struct contract_party *p, const char *city, const char *district)
{
	const struct city *c = NULL;
	const struct ind_unit *u = NULL;
	if (city)
		c = region_city_by_zh(region_city_canonical(city));
	if (c) {
		u = ind_unit_for(c->zh, district);
	} else if (contract_code_in_province(p->region_code, p->country)) {
		/* A free-text party: its GB/T 2260 code names the city (first four digits). */
		char cc[8];
		snprintf(cc, sizeof(cc), "%.4s00", p->region_code);
		c = region_city_by_code(cc);
		u = ind_unit_by_code(p->region_code);
	}
	p->city = c ? c->zh : (city ? city : NULL);
	p->city_code = c ? c->code : NULL;
	p->unit_code = u ? u->code : NULL;
	p->in_province = c != NULL;
}

void ind_region_filter(const struct ind_region *r, int buyer_side, struct contract_filter *f)
{
	f->buyer_side = buyer_side;
	f->in_province = 1;
	f->city_code = r->level == IND_CITY ? r->code : r->level == IND_UNIT ? r->unit->city_code : NULL;
	f->unit_code = r->level == IND_UNIT ? r->code : NULL;
}
