/* catalog_csv.c - a search exported as CSV (issue #18):
 * GET /api/{achievements,demands}?<the search>&format=csv[&lang=zh|en]
 * answers the same search's first 1,000 rows, in the same order, as CSV with
 * a UTF-8 BOM (spreadsheet programs then read Chinese names), headers and
 * mode names in the asked language (Chinese by default), titles in that
 * language with the other as fallback, and a link to each listing. */
#include "api/api.h"
#include "core/buf.h"
#include "core/csv.h"
#include <string.h>

/* The search's rows: more than a page, bounded. */
#define CSV_MAX_ROWS 1000

static const char *const mode_zh[] = { "转让", "许可", "作价入股", "合作开发", "技术服务" };

static int modes_cell(struct buf *b, unsigned modes, bool zh)
{
	char tmp[128] = "";
	size_t at = 0;
	for (int i = 0; mode_names[i]; i++) {
		if (!(modes & (1u << i)))
			continue;
		int w = snprintf(tmp + at, sizeof(tmp) - at, "%s%s", at ? (zh ? "、" : "; ") : "",
		                 zh && i < 5 ? mode_zh[i] : mode_names[i]);
		if (w < 0 || (size_t)w >= sizeof(tmp) - at)
			break;
		at += (size_t)w;
	}
	return csv_cell(b, tmp);
}

static const char *pick(const char *want, const char *other)
{
	return want && *want ? want : other ? other : "";
}

/* An amount in yuan; "" when not stated (<0, negotiable). */
static int money_cell(struct buf *b, double yuan)
{
	return yuan < 0 ? 0 : buf_printf(b, "%.0f", yuan);
}

int api_catalog_csv_limit(void) { return CSV_MAX_ROWS; }

void api_catalog_csv(struct api_ctx *c, bool is_ach, const struct achievement *a,
                     const struct demand *d, int n)
{
	const char *lang = qs_str(c, "lang");
	bool zh = !lang || strcmp(lang, "en");
	struct buf b;
	int rc = 0;

	if (lang && strcmp(lang, "zh") && strcmp(lang, "en"))
		return TB_FE_S(&c->fe, "lang", "one_of", "zh or en"), api_fail(c, TB_EINVAL);
	buf_init(&b, 16u << 20);
	if (is_ach)
		rc |= buf_adds(&b, zh ? "编号,标题,单位,城市,领域,技术成熟度,合作方式,价格（元）,链接\r\n"
		                      : "id,title,organisation,city,field,TRL,modes,price (yuan),link\r\n");
	else
		rc |= buf_adds(&b, zh ? "编号,标题,单位,城市,领域,最低技术成熟度,合作方式,预算下限（元）,预算上限（元）,截止日期,链接\r\n"
		                      : "id,title,organisation,city,field,minimum TRL,modes,budget min (yuan),budget max (yuan),deadline,link\r\n");
	for (int i = 0; i < n && !rc; i++) {
		rc |= buf_printf(&b, "%lld,", (long long)(is_ach ? a[i].id : d[i].id));
		rc |= csv_cell(&b, is_ach ? pick(zh ? a[i].title_zh : a[i].title_en, zh ? a[i].title_en : a[i].title_zh)
		                          : pick(zh ? d[i].title_zh : d[i].title_en, zh ? d[i].title_en : d[i].title_zh));
		rc |= buf_addc(&b, ',');
		rc |= csv_cell(&b, is_ach ? a[i].owner_name : d[i].org_name);
		rc |= buf_addc(&b, ',');
		rc |= csv_cell(&b, is_ach ? a[i].city : d[i].city);
		rc |= buf_addc(&b, ',');
		rc |= csv_cell(&b, is_ach ? a[i].field : d[i].field);
		rc |= buf_printf(&b, ",%d,", is_ach ? a[i].trl : d[i].trl_min);
		rc |= modes_cell(&b, is_ach ? a[i].modes : d[i].modes, zh);
		rc |= buf_addc(&b, ',');
		if (is_ach) {
			rc |= money_cell(&b, a[i].price);
		} else {
			rc |= money_cell(&b, d[i].budget_min);
			rc |= buf_addc(&b, ',');
			rc |= money_cell(&b, d[i].budget_max);
			rc |= buf_addc(&b, ',');
			rc |= csv_cell(&b, d[i].deadline);
		}
		rc |= buf_printf(&b, ",/%s/%lld\r\n", is_ach ? "achievements" : "demands",
		                 (long long)(is_ach ? a[i].id : d[i].id));
	}
	if (rc) {
		buf_release(&b);
		return api_error_code(c, 413, "export_too_large", NULL);
	}
	api_send_csv(c, &b, is_ach ? "achievements.csv" : "demands.csv");
	buf_release(&b);
}
