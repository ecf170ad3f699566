/* instrument.c - instrument and booking rules: local-time parsing, opening
 * hours, validation, the checks a booking request must pass, cancellation
 * deadline, user class and fees, and available hours for utilisation. */
#include "domain/instrument.h"
#include "domain/catalog.h"
#include "domain/money.h"
#include "core/util.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------- time */

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool tb_date_local(const char *date, int64_t *local)
{
	return date_utc(date, 0, local);
}

bool tb_time_parse(const char *s, int64_t *local)
{
	char date[11];
	int hh, mm, ss = 0, oh, om;
	size_t n, i = 16;
	int64_t t;

	if (!s || (n = strlen(s)) < 16 || n > 40)
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if ((s[10] != 'T' && s[10] != ' ') || !tb_date_local(date, &t))
		return false;
	if (!digits(s + 11, 2, &hh) || s[13] != ':' || !digits(s + 14, 2, &mm) || hh > 23 || mm > 59)
		return false;
	if (s[i] == ':') {
		if (!digits(s + 17, 2, &ss) || ss > 59)
			return false;
		i = 19;
		if (s[i] == '.') /* fractional seconds are accepted and dropped */
			for (i++; s[i] >= '0' && s[i] <= '9'; i++)
				;
	}
	t += hh * 3600 + mm * 60 + ss;
	if (s[i] == '\0') {
		*local = t;  /* no offset: already local */
		return true;
	}
	if (s[i] == 'Z' && s[i + 1] == '\0') {
		*local = t + REGION_UTC_OFFSET_S;
		return true;
	}
	if ((s[i] == '+' || s[i] == '-') && digits(s + i + 1, 2, &oh) && s[i + 3] == ':' &&
	    digits(s + i + 4, 2, &om) && s[i + 6] == '\0' && oh <= 14 && om <= 59) {
		int64_t off = (int64_t)(oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
		*local = t - off + REGION_UTC_OFFSET_S;
		return true;
	}
	return false;
}

void tb_time_fmt(int64_t local, char out[32])
{
	time_t tt = (time_t)local;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
}

int64_t tb_now_local(void) { return now_unix() + REGION_UTC_OFFSET_S; }

static int weekday_mon0(int64_t local)
{
	time_t tt = (time_t)local;
	struct tm tm;
	gmtime_r(&tt, &tm);
	return (tm.tm_wday + 6) % 7;
}

static int64_t day_start(int64_t local)
{
	int64_t r = local % 86400;
	return local - (r < 0 ? r + 86400 : r);
}

/* ---------------------------------------------------------- opening */

static bool hhmm(const char *s, int *min)
{
	int h, m;
	if (!digits(s, 2, &h) || s[2] != ':' || !digits(s + 3, 2, &m) || m > 59 || h > 24 ||
	    (h == 24 && m))
		return false;
	*min = h * 60 + m;
	return true;
}

bool window_parse(const char *s, int *from, int *to)
{
	size_t n = s ? strlen(s) : 0;
	if (!s || n == 0 || !strcmp(s, "-") || !strcmp(s, "closed")) {
		*from = *to = 0;
		return true;
	}
	if (n != 11 || s[5] != '-' || !hhmm(s, from) || !hhmm(s + 6, to) || *to <= *from)
		return false;
	return true;
}

bool opening_parse(const char *s, struct opening *o)
{
	const char *p = s;
	for (int d = 0; d < 7; d++) {
		char w[16];
		const char *e = p ? strchr(p, ',') : NULL;
		size_t n;
		if (!p)
			return false;
		n = e ? (size_t)(e - p) : strlen(p);
		if (n >= sizeof(w) || (d < 6 && !e) || (d == 6 && e))
			return false;
		memcpy(w, p, n);
		w[n] = '\0';
		if (!window_parse(w, &o->from[d], &o->to[d]))
			return false;
		p = e ? e + 1 : NULL;
	}
	return true;
}

void opening_fmt(const struct opening *o, char out[128])
{
	size_t off = 0;
	out[0] = '\0';
	for (int d = 0; d < 7; d++) {
		if (o->to[d] > o->from[d])
			off += (size_t)snprintf(out + off, 128 - off, "%s%02d:%02d-%02d:%02d", d ? "," : "",
			                        o->from[d] / 60, o->from[d] % 60, o->to[d] / 60, o->to[d] % 60);
		else
			off += (size_t)snprintf(out + off, 128 - off, "%s-", d ? "," : "");
	}
}

/* ------------------------------------------------------- validation */

void instrument_defaults(struct instrument *x)
{
	memset(x, 0, sizeof(*x));
	x->services = "staff_operated";
	x->fee_unit = "hour";
	x->hours = OPENING_DEFAULT;
	x->min_slot_min = 30;
	x->max_slot_min = 480;
	x->lead_hours = 24;
	x->cancel_hours = 24;
	x->offer_hours = 12;
	x->status = "available";
}

static bool closed_dates_ok(const char *csv)
{
	const char *p = csv;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char d[11];
		if (n != 10)
			return false;
		memcpy(d, p, 10);
		d[10] = '\0';
		if (!parse_date(d, NULL, NULL, NULL))
			return false;
		p = e ? e + 1 : NULL;
	}
	return true;
}

static bool csv_in(const char *csv, const char *const *allowed)
{
	const char *p = csv;
	if (!csv || !*csv)
		return false;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char w[32];
		if (n == 0 || n >= sizeof(w))
			return false;
		memcpy(w, p, n);
		w[n] = '\0';
		if (!name_in(allowed, w))
			return false;
		p = e ? e + 1 : NULL;
	}
	return true;
}

static int text_max(const char *s, long max, const char *field, struct tb_field_error *fe)
{
	long n;
	if (!s)
		return TB_OK;
	n = utf8_len(s, strlen(s));
	if (n < 0)
		return TB_FE(fe, field, "invalid_utf8"), TB_EINVAL;
	if (n > max)
		return TB_FE_N(fe, field, "too_long", max), TB_EINVAL;
	return TB_OK;
}

int instrument_validate(const struct instrument *x, struct tb_field_error *fe)
{
	struct opening o;
	int rc;
	if (str_empty(x->name_zh) && str_empty(x->name_en))
		return TB_FE(fe, "name_zh", "name_required"), TB_EINVAL;
	if ((rc = text_max(x->name_zh, 200, "name_zh", fe)) ||
	    (rc = text_max(x->name_en, 300, "name_en", fe)) ||
	    (rc = text_max(x->category, 64, "category", fe)) ||
	    (rc = text_max(x->model, 128, "model", fe)) ||
	    (rc = text_max(x->manufacturer, 128, "manufacturer", fe)) ||
	    (rc = text_max(x->location, 200, "location", fe)) ||
	    (rc = text_max(x->specs, 4000, "specs", fe)))
		return rc;
	if (x->org_id <= 0)
		return TB_FE(fe, "org_id", "field_required"), TB_EINVAL;
	if (!csv_in(x->services, instrument_services))
		return TB_FE_S(fe, "services", "some_of_list",
		               "self_operation, staff_operated, sample_testing"), TB_EINVAL;
	if (!name_in(fee_units, x->fee_unit))
		return TB_FE_S(fe, "fee.unit", "one_of", "hour or sample"), TB_EINVAL;
	if (x->rate_internal < 0 || x->rate_academic < 0 || x->rate_enterprise < 0)
		return TB_FE(fe, "fee", "rates_negative"), TB_EINVAL;
	if (x->rate_internal > (double)MONEY_MAX_YUAN)
		return TB_FE(fe, "fee.internal", "money_too_large"), TB_EINVAL;
	if (x->rate_academic > (double)MONEY_MAX_YUAN)
		return TB_FE(fe, "fee.academic", "money_too_large"), TB_EINVAL;
	if (x->rate_enterprise > (double)MONEY_MAX_YUAN)
		return TB_FE(fe, "fee.enterprise", "money_too_large"),
		       TB_EINVAL;
	if (!x->hours || !opening_parse(x->hours, &o))
		return TB_FE(fe, "opening_hours", "opening_hours_format"), TB_EINVAL;
	if (x->closed_dates && !closed_dates_ok(x->closed_dates))
		return TB_FE(fe, "closed_dates", "dates_format"), TB_EINVAL;
	if (x->min_slot_min < 5 || x->min_slot_min > 1440)
		return TB_FE_NM(fe, "min_slot_minutes", "out_of_range", 5, 1440), TB_EINVAL;
	if (x->max_slot_min < x->min_slot_min || x->max_slot_min > 1440)
		return TB_FE_NM(fe, "max_slot_minutes", "out_of_range", x->min_slot_min, 1440), TB_EINVAL;
	if (x->lead_hours < 0 || x->lead_hours > 24 * 90)
		return TB_FE_NM(fe, "lead_time_hours", "out_of_range", 0, 2160), TB_EINVAL;
	if (x->cancel_hours < 0 || x->cancel_hours > 24 * 90)
		return TB_FE_NM(fe, "cancel_deadline_hours", "out_of_range", 0, 2160),
		       TB_EINVAL;
	if (x->offer_hours < 1 || x->offer_hours > 24 * 14)
		return TB_FE_NM(fe, "offer_hours", "out_of_range", 1, 336), TB_EINVAL;
	if (!name_in(instrument_statuses, x->status))
		return TB_FE_S(fe, "status", "one_of", "available, maintenance or retired"),
		       TB_EINVAL;
	if (x->value < 0)
		return TB_FE(fe, "value", "not_negative"), TB_EINVAL;
	if (x->value > (double)MONEY_MAX_YUAN)
		return TB_FE(fe, "value", "money_too_large"), TB_EINVAL;
	return TB_OK;
}

/* ---------------------------------------------------------- booking */

static bool date_closed(const char *csv, int64_t local)
{
	char d[32];
	size_t dl;
	const char *p;
	if (!csv)
		return false;
	tb_time_fmt(local, d);
	d[10] = '\0';
	dl = 10;
	for (p = strstr(csv, d); p; p = strstr(p + 1, d))
		if ((p == csv || p[-1] == ',') && (p[dl] == '\0' || p[dl] == ','))
			return true;
	return false;
}

int booking_check(const struct instrument *in, int64_t start, int64_t end, int64_t now,
                  struct tb_field_error *fe)
{
	struct opening o;
	int64_t mins, day = day_start(start);
	int wd = weekday_mon0(start), sm, em;
	char t[32];

	if (in->status && strcmp(in->status, "available"))
		return TB_FE_S(fe, "instrument", "instrument_unavailable", in->status), TB_ESTATE;
	if (end <= start)
		return TB_FE(fe, "end", "end_before_start"), TB_EINVAL;
	mins = (end - start) / 60;
	if ((end - start) % 60 || mins < in->min_slot_min)
		return TB_FE_N(fe, "end", "slot_too_short", in->min_slot_min), TB_EINVAL;
	if (mins > in->max_slot_min)
		return TB_FE_N(fe, "end", "slot_too_long", in->max_slot_min), TB_EINVAL;
	if (start < now + (int64_t)in->lead_hours * 3600)
		return TB_FE_N(fe, "start", "lead_time", in->lead_hours), TB_EINVAL;
	if (date_closed(in->closed_dates, start)) {
		tb_time_fmt(start, t);
		t[10] = '\0';
		return TB_FE_S(fe, "start", "closed_on", t), TB_EINVAL;
	}
	if (!in->hours || !opening_parse(in->hours, &o))
		return TB_FE(fe, "start", "no_opening_hours"), TB_EINVAL;
	if (o.to[wd] <= o.from[wd])
		return TB_FE_S(fe, "start", "closed_on", weekday_keys[wd]), TB_EINVAL;
	sm = (int)((start - day) / 60);
	em = (int)((end - day) / 60);
	if (sm < o.from[wd] || em > o.to[wd]) {
		char hours[48];
		snprintf(hours, sizeof(hours), "%02d:%02d-%02d:%02d", o.from[wd] / 60,
		         o.from[wd] % 60, o.to[wd] / 60, o.to[wd] % 60);
		return TB_FE_ST(fe, sm < o.from[wd] ? "start" : "end", "outside_hours", hours,
		                weekday_keys[wd]), TB_EINVAL;
	}
	return TB_OK;
}

int booking_check_cancel(const struct instrument *in, int64_t start, int64_t now,
                         struct tb_field_error *fe)
{
	if (now > start - (int64_t)in->cancel_hours * 3600)
		return TB_FE_N(fe, "start", "cancel_closed", in->cancel_hours), TB_ESTATE;
	return TB_OK;
}

const char *user_class_for(int64_t booker_org, const char *booker_kind, int64_t owner_org)
{
	if (booker_org == owner_org)
		return "internal";
	if (booker_kind && (!strcmp(booker_kind, "university") || !strcmp(booker_kind, "institute")))
		return "academic";
	return "enterprise";
}

double instrument_rate(const struct instrument *in, const char *cls)
{
	if (cls && !strcmp(cls, "internal"))
		return in->rate_internal;
	if (cls && !strcmp(cls, "academic"))
		return in->rate_academic;
	return in->rate_enterprise;
}

double booking_fee(const struct instrument *in, const char *cls, int64_t rs, int64_t re, int64_t us,
                   int64_t ue, int samples, double *qty)
{
	double rate = instrument_rate(in, cls), q;
	if (in->fee_unit && !strcmp(in->fee_unit, "sample")) {
		q = samples > 0 ? samples : 0;
	} else {
		double reserved = re > rs ? (double)(re - rs) / 3600.0 : 0;
		double used = ue > us ? (double)(ue - us) / 3600.0 : 0;
		q = used > reserved ? used : reserved;
	}
	if (qty)
		*qty = q;
	return round(rate * q * 100.0) / 100.0;
}

double instrument_open_hours(const struct instrument *in, int64_t from, int64_t to)
{
	struct opening o;
	double total = 0;
	if (to <= from || !in->hours || !opening_parse(in->hours, &o))
		return 0;
	for (int64_t day = day_start(from); day < to; day += 86400) {
		int wd = weekday_mon0(day);
		int64_t a, b;
		if (o.to[wd] <= o.from[wd] || date_closed(in->closed_dates, day))
			continue;
		a = day + o.from[wd] * 60;
		b = day + o.to[wd] * 60;
		if (a < from) a = from;
		if (b > to) b = to;
		if (b > a)
			total += (double)(b - a) / 3600.0;
	}
	return total;
}
