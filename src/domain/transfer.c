/* transfer.c - see transfer.h. Each kind has a column enum whose order is
 * the export order; import reads the same columns by index. Messages name the
 * column and say what a valid value looks like, because the person reading
 * them is fixing a spreadsheet. */
#include "domain/transfer.h"
#include "domain/region.h"
#include "domain/payment.h"
#include "core/util.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_ID, O_NAME, O_NAME_EN, O_KIND, O_PROVINCE, O_CITY, O_CITY_EN, O_DISTRICT, O_REGION_CODE,
       O_CREATED, O_UPDATED, O_N };
static const char *const org_cols[] = { "id", "name", "name_en", "kind", "province", "city", "city_en",
                                        "district", "region_code", "created_at", "updated_at", NULL };

enum { A_ID, A_REG_NO, A_TITLE_ZH, A_TITLE_EN, A_ABS_ZH, A_ABS_EN, A_KEYWORDS, A_FIELD, A_TRL,
       A_IP, A_PATENTS, A_MODES, A_PRICE, A_OWNER_ID, A_OWNER, A_C_NAME, A_C_EMAIL, A_C_PHONE,
       A_STATUS, A_NOTE, A_CREATED, A_UPDATED, A_PUBLISHED, A_ATTRIBUTE, A_PAYMENT, A_EXPIRES, A_N };
static const char *const ach_cols[] = {
	"id", "reg_no", "title_zh", "title_en", "abstract_zh", "abstract_en", "keywords", "field", "trl",
	"ip_status", "patents", "modes", "price", "owner_org_id", "owner_org", "contact_name",
	"contact_email", "contact_phone", "status", "review_note", "created_at", "updated_at",
	"published_at", "attribute", "payment_modes", "expires_at", NULL
};

enum { D_ID, D_TITLE_ZH, D_TITLE_EN, D_DESC_ZH, D_DESC_EN, D_KEYWORDS, D_FIELD, D_BMIN, D_BMAX,
       D_DEADLINE, D_TRL_MIN, D_MODES, D_ORG_ID, D_ORG, D_REGION, D_C_NAME, D_C_EMAIL, D_C_PHONE,
       D_STATUS, D_NOTE, D_CREATED, D_UPDATED, D_PUBLISHED, D_EXPIRES, D_N };
static const char *const dem_cols[] = {
	"id", "title_zh", "title_en", "desc_zh", "desc_en", "keywords", "field", "budget_min",
	"budget_max", "deadline", "trl_min", "modes", "org_id", "org", "region", "contact_name",
	"contact_email", "contact_phone", "status", "review_note", "created_at", "updated_at",
	"published_at", "expires_at", NULL
};

_Static_assert(O_N <= XFER_MAX_COLS && A_N <= XFER_MAX_COLS && D_N <= XFER_MAX_COLS, "too many columns");

static const char *const kind_names[] = { "orgs", "achievements", "demands", NULL };

bool xfer_kind_parse(const char *s, enum xfer_kind *k)
{
	for (int i = 0; s && kind_names[i]; i++)
		if (!strcmp(s, kind_names[i])) {
			*k = (enum xfer_kind)i;
			return true;
		}
	return false;
}

const char *xfer_kind_name(enum xfer_kind k) { return kind_names[k]; }

static const struct plain_field no_plain[] = { { NULL, PLAIN_TEXT, 0, 0 } };
static const struct plain_field *plain_of(enum xfer_kind k)
{
	return k == XFER_ACHIEVEMENTS ? ach_plain_fields : k == XFER_DEMANDS ? dem_plain_fields : no_plain;
}

/* A kind's file columns: the fixed ones above (their order is the file
 * format: never reorder), then every plain field (model/catalog.h) that has no
 * fixed column of its name, in table order. Built once, on first use. */
static struct { const char *name[XFER_MAX_COLS + 1]; int n; } all_cols[3];
static pthread_once_t cols_once = PTHREAD_ONCE_INIT;

static void build_cols(void)
{
	static const char *const *const fixed[3] = { org_cols, ach_cols, dem_cols };
	for (int k = 0; k < 3; k++) {
		int n = 0;
		for (const char *const *c = fixed[k]; *c; c++)
			all_cols[k].name[n++] = *c;
		for (const struct plain_field *f = plain_of((enum xfer_kind)k); f->name; f++) {
			bool have = false;
			for (int i = 0; i < n && !have; i++)
				have = !strcmp(all_cols[k].name[i], f->name);
			/* Past XFER_MAX_COLS a field is left out of files: a build-time
			 * mistake the plain-field test catches. */
			if (!have && n < XFER_MAX_COLS)
				all_cols[k].name[n++] = f->name;
		}
		all_cols[k].name[n] = NULL;
		all_cols[k].n = n;
	}
}

const char *const *xfer_columns(enum xfer_kind k)
{
	pthread_once(&cols_once, build_cols);
	return all_cols[k].name;
}

int xfer_ncolumns(enum xfer_kind k)
{
	pthread_once(&cols_once, build_cols);
	return all_cols[k].n;
}

static int int_col(struct arena *a, const char *s, const char *field, int64_t lo, int64_t hi,
                   int64_t *out, const char *what, struct tb_field_error *fe);

/* The plain fields of a record from a row / into a row, by column name. */
static int plain_from_row(struct arena *a, enum xfer_kind k, const char *const *v, void *rec,
                          struct tb_field_error *fe)
{
	char *p = rec;
	for (const struct plain_field *f = plain_of(k); f->name; f++) {
		int i = xfer_column_index(k, f->name);
		int64_t n = 0;
		int rc;
		if (i < 0)
			continue;
		if (f->type == PLAIN_TEXT) {
			*(const char **)(void *)(p + f->off) = v[i] && v[i][0] ? v[i] : NULL;
			continue;
		}
		if ((rc = int_col(a, v[i] && v[i][0] ? v[i] : NULL, f->name, 0, f->max, &n,
		                  "a whole number in range", fe)))
			return rc;
		*(int *)(void *)(p + f->off) = (int)n;
	}
	return TB_OK;
}

static void plain_to_row(struct arena *a, enum xfer_kind k, const void *rec, const char **v)
{
	const char *p = rec;
	for (const struct plain_field *f = plain_of(k); f->name; f++) {
		int i = xfer_column_index(k, f->name);
		if (i < 0)
			continue;
		v[i] = f->type == PLAIN_TEXT ? *(const char *const *)(const void *)(p + f->off)
		                             : arena_printf(a, "%d", *(const int *)(const void *)(p + f->off));
	}
}

int xfer_column_index(enum xfer_kind k, const char *name)
{
	const char *const *c = xfer_columns(k);
	for (int i = 0; c[i]; i++)
		if (!strcmp(c[i], name))
			return i;
	return -1;
}

/* ------------------------------------------------------------ helpers */

/* Absent or empty -> NULL, so "" in a spreadsheet means "not stated". */
static const char *val(const char *const *v, int i) { return v[i] && v[i][0] ? v[i] : NULL; }

/* Numbers tolerate surrounding blanks (spreadsheets pad them). */
static const char *trimmed(struct arena *a, const char *s)
{
	size_t n;
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n ? arena_strndup(a, s, n) : NULL;
}

/* The bad value quoted in a message: at most cap - 1 bytes, cut between
 * UTF-8 characters (the API answers the message as a JSON string, which must
 * stay valid UTF-8 whatever a spreadsheet cell held). */
static const char *quoted(char *out, size_t cap, const char *s)
{
	size_t n = strlen(s);
	if (n >= cap) {
		n = cap - 1;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

static int int_col(struct arena *a, const char *s, const char *field, int64_t lo, int64_t hi,
                   int64_t *out, const char *what, struct tb_field_error *fe)
{
	int64_t v;
	s = trimmed(a, s);
	if (!s)
		return TB_OK;
	if (!parse_i64(s, &v) || v < lo || v > hi)
		return TB_FE_ST(fe, field, "import_value", what, quoted((char[81]){ 0 }, 41, s)), TB_EINVAL;
	*out = v;
	return TB_OK;
}

static int amount_col(struct arena *a, const char *s, const char *field, double *out,
                      struct tb_field_error *fe)
{
	double d;
	s = trimmed(a, s);
	if (!s)
		return TB_OK;
	if (!parse_double(s, &d) || d < 0)
		return TB_FE_S(fe, field, "import_money", quoted((char[81]){ 0 }, 41, s)), TB_EINVAL;
	*out = d;
	return TB_OK;
}

static int list_col(struct arena *a, const char *s, const char *field, int max, const char **out,
                    struct tb_field_error *fe)
{
	char norm[4096];
	int rc;
	if (!s)
		return TB_OK;
	if ((rc = keywords_normalize(s, norm, sizeof(norm), max, fe, field)))
		return rc;
	*out = norm[0] ? arena_strdup(a, norm) : NULL;
	return TB_OK;
}

static int modes_col(struct arena *a, const char *s, unsigned *mask, struct tb_field_error *fe)
{
	char norm[256];
	const char *bad = NULL;
	int rc;
	if (!s)
		return TB_OK;
	/* Any list separator (; , ， 、) works; modes_parse wants commas. */
	if ((rc = keywords_normalize(s, norm, sizeof(norm), 10, fe, "modes")))
		return rc;
	if (!modes_parse(norm, mask, &bad))
		return TB_FE_S(fe, "modes", "unknown_mode_value", quoted((char[81]){ 0 }, 41, bad)), TB_EINVAL;
	(void)a;
	return TB_OK;
}

/* == release (issue #16): payment modes and the validity end == */
static int pay_col(const char *s, unsigned *mask, struct tb_field_error *fe)
{
	char norm[256];
	const char *bad = NULL;
	int rc;
	if (!s)
		return TB_OK;
	if ((rc = keywords_normalize(s, norm, sizeof(norm), 10, fe, "payment_modes")))
		return rc;
	if (!payment_modes_parse(norm, mask, &bad))
		return TB_FE_S(fe, "payment_modes", "unknown_payment_mode", quoted((char[81]){ 0 }, 41, bad)), TB_EINVAL;
	return TB_OK;
}

static int expires_col(struct arena *a, const char *s, const char **out, struct tb_field_error *fe)
{
	s = trimmed(a, s);
	if (s && !parse_date(s, NULL, NULL, NULL))
		return TB_FE(fe, "expires_at", "invalid_date"), TB_EINVAL;
	*out = s;
	return TB_OK;
}

static const char *pay_out(struct arena *a, unsigned m)
{
	const char *out = NULL;
	for (int i = 0; payment_mode_names[i]; i++)
		if (m & (1u << i))
			out = out ? arena_printf(a, "%s;%s", out, payment_mode_names[i]) : payment_mode_names[i];
	return out;
}

const char *xfer_timestamp(struct arena *a, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char date[11];
	if (n != 10 && n != 20)
		return NULL;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!parse_date(date, NULL, NULL, NULL))
		return NULL;
	if (n == 10)
		return arena_printf(a, "%sT00:00:00Z", date);
	if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return NULL;
	for (int i = 11; i < 19; i++)
		if (i != 13 && i != 16 && (s[i] < '0' || s[i] > '9'))
			return NULL;
	if ((s[11] - '0') * 10 + (s[12] - '0') > 23 || (s[14] - '0') * 10 + (s[15] - '0') > 59 ||
	    (s[17] - '0') * 10 + (s[18] - '0') > 60)
		return NULL;
	return arena_strdup(a, s);
}

static int time_col(struct arena *a, const char *s, const char *field, const char **out,
                    struct tb_field_error *fe)
{
	const char *t;
	s = trimmed(a, s);
	if (!s)
		return TB_OK;
	if (!(t = xfer_timestamp(a, s)))
		return TB_FE_S(fe, field, "import_date", quoted((char[81]){ 0 }, 41, s)), TB_EINVAL;
	*out = t;
	return TB_OK;
}

/* owner by name wins over owner by id: names survive a move between databases. */
static int owner_col(struct arena *a, const char *name, const char *id_s, const char *name_field,
                     const char *id_field, xfer_org_resolver res, void *ctx, int64_t *out,
                     struct tb_field_error *fe)
{
	if (name) {
		if (!res || res(ctx, name, out) != TB_OK)
			return TB_FE_S(fe, name_field, "import_unknown_org", quoted((char[81]){ 0 }, 81, name)), TB_EINVAL;
		return TB_OK;
	}
	return int_col(a, id_s, id_field, 1, INT64_MAX, out, "a positive organisation id", fe);
}

/* -------------------------------------------------------------- import */

int xfer_row_to_org(struct arena *a, const char *const *v, struct org *o, struct tb_field_error *fe)
{
	const struct city *c;
	memset(o, 0, sizeof(*o));
	o->name = val(v, O_NAME);
	o->name_en = val(v, O_NAME_EN);
	o->kind = trimmed(a, val(v, O_KIND));
	o->province = val(v, O_PROVINCE);
	o->city = region_city_canonical(trimmed(a, val(v, O_CITY)));
	o->district = val(v, O_DISTRICT);
	o->region_code = trimmed(a, val(v, O_REGION_CODE));
	if (o->city && region_in_province(o->city)) {
		if (!o->province)
			o->province = region_province_zh;
		for (c = region_cities; c->zh && !o->region_code; c++)
			if (!strcmp(c->zh, o->city))
				o->region_code = c->code;
	}
	return org_validate(o, fe);
}

int xfer_row_to_ach(struct arena *a, const char *const *v, xfer_org_resolver res, void *ctx,
                    struct achievement *x, struct tb_field_error *fe)
{
	int64_t trl = 0;
	const char *p;
	int rc;

	memset(x, 0, sizeof(*x));
	x->price = PRICE_NEGOTIABLE;
	x->reg_no = trimmed(a, val(v, A_REG_NO));
	x->title_zh = val(v, A_TITLE_ZH);
	x->title_en = val(v, A_TITLE_EN);
	x->abstract_zh = val(v, A_ABS_ZH);
	x->abstract_en = val(v, A_ABS_EN);
	x->ip_status = trimmed(a, val(v, A_IP));
	x->attribute = trimmed(a, val(v, A_ATTRIBUTE));
	x->contact_name = val(v, A_C_NAME);
	x->contact_email = trimmed(a, val(v, A_C_EMAIL));
	x->contact_phone = val(v, A_C_PHONE);
	x->status = trimmed(a, val(v, A_STATUS));
	if (!x->status)
		x->status = "draft";
	x->review_note = val(v, A_NOTE);
	if ((rc = list_col(a, val(v, A_KEYWORDS), "keywords", 10, &x->keywords, fe)) ||
	    (rc = list_col(a, val(v, A_PATENTS), "patents", 50, &x->patents, fe)) ||
	    (rc = modes_col(a, val(v, A_MODES), &x->modes, fe)) ||
	    (rc = int_col(a, val(v, A_TRL), "trl", 1, 9, &trl, "an integer from 1 to 9", fe)) ||
	    (rc = owner_col(a, val(v, A_OWNER), val(v, A_OWNER_ID), "owner_org", "owner_org_id", res, ctx,
	                    &x->owner_org_id, fe)) ||
	    (rc = time_col(a, val(v, A_CREATED), "created_at", &x->created_at, fe)) ||
	    (rc = time_col(a, val(v, A_UPDATED), "updated_at", &x->updated_at, fe)) ||
	    (rc = time_col(a, val(v, A_PUBLISHED), "published_at", &x->published_at, fe)) ||
	    (rc = pay_col(val(v, A_PAYMENT), &x->payment_modes, fe)) ||
	    (rc = expires_col(a, val(v, A_EXPIRES), &x->expires_at, fe)) ||
	    (rc = plain_from_row(a, XFER_ACHIEVEMENTS, v, x, fe)))
		return rc;
	x->trl = (int)trl;
	p = trimmed(a, val(v, A_PRICE));
	if (p && strcmp(p, "negotiable") && strcmp(p, "面议")) {
		if (!parse_double(p, &x->price) || x->price < 0)
			return TB_FE_S(fe, "price", "import_price", quoted((char[81]){ 0 }, 41, p)), TB_EINVAL;
	}
	return achievement_validate(x, fe);
}

int xfer_row_to_dem(struct arena *a, const char *const *v, xfer_org_resolver res, void *ctx,
                    struct demand *x, struct tb_field_error *fe)
{
	int64_t trl = 0;
	int rc;

	memset(x, 0, sizeof(*x));
	x->budget_min = x->budget_max = -1;
	x->title_zh = val(v, D_TITLE_ZH);
	x->title_en = val(v, D_TITLE_EN);
	x->desc_zh = val(v, D_DESC_ZH);
	x->desc_en = val(v, D_DESC_EN);
	x->deadline = trimmed(a, val(v, D_DEADLINE));
	x->region = region_city_canonical(trimmed(a, val(v, D_REGION)));
	x->contact_name = val(v, D_C_NAME);
	x->contact_email = trimmed(a, val(v, D_C_EMAIL));
	x->contact_phone = val(v, D_C_PHONE);
	x->status = trimmed(a, val(v, D_STATUS));
	if (!x->status)
		x->status = "draft";
	x->review_note = val(v, D_NOTE);
	if ((rc = list_col(a, val(v, D_KEYWORDS), "keywords", 10, &x->keywords, fe)) ||
	    (rc = modes_col(a, val(v, D_MODES), &x->modes, fe)) ||
	    (rc = amount_col(a, val(v, D_BMIN), "budget_min", &x->budget_min, fe)) ||
	    (rc = amount_col(a, val(v, D_BMAX), "budget_max", &x->budget_max, fe)) ||
	    (rc = int_col(a, val(v, D_TRL_MIN), "trl_min", 0, 9, &trl, "0 (any) or 1 to 9", fe)) ||
	    (rc = owner_col(a, val(v, D_ORG), val(v, D_ORG_ID), "org", "org_id", res, ctx, &x->org_id, fe)) ||
	    (rc = time_col(a, val(v, D_CREATED), "created_at", &x->created_at, fe)) ||
	    (rc = time_col(a, val(v, D_UPDATED), "updated_at", &x->updated_at, fe)) ||
	    (rc = time_col(a, val(v, D_PUBLISHED), "published_at", &x->published_at, fe)) ||
	    (rc = expires_col(a, val(v, D_EXPIRES), &x->expires_at, fe)) ||
	    (rc = plain_from_row(a, XFER_DEMANDS, v, x, fe)))
		return rc;
	x->trl_min = (int)trl;
	return demand_validate(x, fe);
}

/* -------------------------------------------------------------- export */

const char *xfer_fmt_num(struct arena *a, double d)
{
	char s[40];
	double back;
	snprintf(s, sizeof(s), "%.15g", d);
	if (!parse_double(s, &back) || back != d)
		snprintf(s, sizeof(s), "%.17g", d);
	return arena_strdup(a, s);
}

/* Stored lists are comma-joined; rows use ';' so a list is one CSV field without quoting. */
static const char *list_out(struct arena *a, const char *s)
{
	char *o;
	if (!s)
		return NULL;
	o = arena_strdup(a, s);
	for (char *p = o; p && *p; p++)
		if (*p == ',')
			*p = ';';
	return o;
}

static const char *modes_out(struct arena *a, unsigned m)
{
	char s[64] = "";
	size_t n = 0;
	for (int i = 0; mode_names[i]; i++)
		if (m & (1u << i))
			n += (size_t)snprintf(s + n, sizeof(s) - n, "%s%s", n ? ";" : "", mode_names[i]);
	return n ? arena_strdup(a, s) : NULL;
}

static const char *id_out(struct arena *a, int64_t id) { return arena_printf(a, "%lld", (long long)id); }

void xfer_org_to_row(struct arena *a, const struct org *o, const char **v)
{
	memset(v, 0, sizeof(*v) * O_N);
	v[O_ID] = id_out(a, o->id);
	v[O_NAME] = o->name;
	v[O_NAME_EN] = o->name_en;
	v[O_KIND] = o->kind;
	v[O_PROVINCE] = o->province;
	v[O_CITY] = o->city;
	v[O_CITY_EN] = region_city_en(o->city);
	v[O_DISTRICT] = o->district;
	v[O_REGION_CODE] = o->region_code;
	v[O_CREATED] = o->created_at;
	v[O_UPDATED] = o->updated_at;
}

void xfer_ach_to_row(struct arena *a, const struct achievement *x, const char **v)
{
	memset(v, 0, sizeof(*v) * (size_t)xfer_ncolumns(XFER_ACHIEVEMENTS));
	v[A_ID] = id_out(a, x->id);
	v[A_REG_NO] = x->reg_no;
	v[A_TITLE_ZH] = x->title_zh;
	v[A_TITLE_EN] = x->title_en;
	v[A_ABS_ZH] = x->abstract_zh;
	v[A_ABS_EN] = x->abstract_en;
	v[A_KEYWORDS] = list_out(a, x->keywords);
	v[A_TRL] = arena_printf(a, "%d", x->trl);
	v[A_IP] = x->ip_status;
	v[A_PATENTS] = list_out(a, x->patents);
	v[A_MODES] = modes_out(a, x->modes);
	v[A_PRICE] = x->price < 0 ? "negotiable" : xfer_fmt_num(a, x->price);
	v[A_OWNER_ID] = id_out(a, x->owner_org_id);
	v[A_OWNER] = x->owner_name;
	v[A_C_NAME] = x->contact_name;
	v[A_C_EMAIL] = x->contact_email;
	v[A_C_PHONE] = x->contact_phone;
	v[A_STATUS] = x->status;
	v[A_NOTE] = x->review_note;
	v[A_CREATED] = x->created_at;
	v[A_UPDATED] = x->updated_at;
	v[A_PUBLISHED] = x->published_at;
	v[A_ATTRIBUTE] = x->attribute;
	v[A_PAYMENT] = pay_out(a, x->payment_modes);
	v[A_EXPIRES] = x->expires_at;
	plain_to_row(a, XFER_ACHIEVEMENTS, x, v);
}

void xfer_dem_to_row(struct arena *a, const struct demand *x, const char **v)
{
	memset(v, 0, sizeof(*v) * (size_t)xfer_ncolumns(XFER_DEMANDS));
	v[D_ID] = id_out(a, x->id);
	v[D_TITLE_ZH] = x->title_zh;
	v[D_TITLE_EN] = x->title_en;
	v[D_DESC_ZH] = x->desc_zh;
	v[D_DESC_EN] = x->desc_en;
	v[D_KEYWORDS] = list_out(a, x->keywords);
	v[D_BMIN] = x->budget_min < 0 ? NULL : xfer_fmt_num(a, x->budget_min);
	v[D_BMAX] = x->budget_max < 0 ? NULL : xfer_fmt_num(a, x->budget_max);
	v[D_DEADLINE] = x->deadline;
	v[D_TRL_MIN] = arena_printf(a, "%d", x->trl_min);
	v[D_MODES] = modes_out(a, x->modes);
	v[D_ORG_ID] = id_out(a, x->org_id);
	v[D_ORG] = x->org_name;
	v[D_REGION] = x->region;
	v[D_C_NAME] = x->contact_name;
	v[D_C_EMAIL] = x->contact_email;
	v[D_C_PHONE] = x->contact_phone;
	v[D_STATUS] = x->status;
	v[D_NOTE] = x->review_note;
	v[D_CREATED] = x->created_at;
	v[D_UPDATED] = x->updated_at;
	v[D_PUBLISHED] = x->published_at;
	v[D_EXPIRES] = x->expires_at;
	plain_to_row(a, XFER_DEMANDS, x, v);
}
