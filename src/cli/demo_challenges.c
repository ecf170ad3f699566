/* demo_challenges.c - the demo province's 揭榜挂帅 programme (issue #13):
 * 40 challenges (8 with --small) across the seed's core-technology fields
 * (intelligent robots, metal additive manufacturing, drone flight control,
 * high-temperature alloys, bearing steel, ...) issued by Shenyang
 * enterprises, in every status, with applications, expert scores, a horse
 * race (two winners), milestones with paid tranches, overdue milestones and
 * one failure. Every step goes through the domain service
 * (domain/challenge.h) with a simulated clock, so the demo obeys the same
 * rules as the API (sealed applications, notice, paid once) and leaves the
 * same audit rows. Budgets are drawn so that the programme stays well inside
 * the seed's 375 M yuan of special funds over three years. */
#include "cli/demo.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/challenge.h"
#include <stdio.h>
#include <string.h>

struct topic { const char *field, *zh, *en, *ind, *target, *unit; };
static const struct topic topics[] = {
	{ "intelligent robots", "六轴工业机器人高精度RV减速器", "High-precision RV reducer for six-axis robots", "重复定位精度", "0.02", "mm" },
	{ "intelligent robots", "协作机器人力控关节模组", "Force-controlled joint module for collaborative robots", "力控分辨率", "0.1", "N" },
	{ "intelligent robots", "洁净室晶圆搬运机器人", "Clean-room wafer handling robot", "洁净等级", "1", "ISO class" },
	{ "metal additive manufacturing", "激光选区熔化钛合金构件缺陷控制", "Defect control in laser powder-bed fusion of titanium parts", "致密度", "99.9", "%" },
	{ "metal additive manufacturing", "大型构件电弧增材制造装备", "Wire-arc additive manufacturing of large parts", "沉积效率", "5", "kg/h" },
	{ "metal additive manufacturing", "高温合金粉末制备与回收", "High-temperature alloy powder production and recycling", "氧含量", "100", "ppm" },
	{ "drone flight control", "工业无人机抗干扰飞控系统", "Interference-resistant flight control for industrial drones", "定位精度", "0.1", "m" },
	{ "drone flight control", "长航时垂直起降无人机动力系统", "Power system for long-endurance VTOL drones", "续航时间", "6", "h" },
	{ "high-temperature alloys", "单晶高温合金叶片定向凝固工艺", "Directional solidification of single-crystal alloy blades", "承温能力", "1100", "°C" },
	{ "high-temperature alloys", "燃气轮机涡轮盘粉末高温合金", "Powder superalloy turbine discs for gas turbines", "持久寿命", "1000", "h" },
	{ "bearing steel", "高端轴承钢纯净度提升", "Cleanliness of high-end bearing steel", "氧含量", "5", "ppm" },
	{ "bearing steel", "风电主轴轴承长寿命热处理", "Long-life heat treatment of wind-turbine main bearings", "设计寿命", "20", "years" },
	{ "industrial software", "数控系统五轴联动插补算法", "Five-axis interpolation for CNC systems", "轮廓误差", "5", "μm" },
	{ "IC equipment", "刻蚀机射频电源国产化", "Domestic RF power supply for etching tools", "功率稳定度", "0.5", "%" },
	{ "new energy", "氢燃料电池膜电极批量制备", "Mass production of fuel-cell membrane electrodes", "功率密度", "1.2", "W/cm²" },
	{ "new materials", "高强镁合金汽车结构件", "High-strength magnesium alloy automotive parts", "抗拉强度", "350", "MPa" },
};

/* Status plan: 40 challenges (every status; in_progress includes the horse race). */
static const char *const plan[] = {
	"draft", "draft", "draft", "submitted", "submitted", "submitted",
	"published", "published", "published", "published", "published", "published",
	"applications_closed", "applications_closed", "applications_closed",
	"under_review", "under_review", "under_review", "under_review",
	"notice", "notice", "notice", "awarded", "awarded", "awarded",
	"in_progress", "in_progress", "in_progress", "in_progress", "in_progress", "in_progress",
	"in_progress", "in_progress", "accepted", "accepted", "accepted", "accepted",
	"failed", "closed", "closed",
};
static const char *const small_plan[] = { "draft", "published", "under_review", "notice", "in_progress",
	"in_progress", "accepted", "failed" };

struct pool { int64_t *id; int n; };

static int orgs_of(struct demo_ctx *d, struct arena *a, const char *kind, const char *city, struct pool *p,
                   int max)
{
	struct org_query q;
	struct org *rows;
	int64_t total;
	int n, rc;
	memset(&q, 0, sizeof(q));
	q.kind = kind;
	q.city = city;
	q.limit = max;
	if ((rc = bulk_org_list(d->st, a, &q, &rows, &n, &total)))
		return rc;
	p->id = arena_alloc(a, sizeof(int64_t) * (size_t)(n ? n : 1));
	if (!p->id)
		return TB_ENOMEM;
	for (int i = 0; i < n; i++)
		p->id[i] = rows[i].id;
	p->n = n;
	return TB_OK;
}

/* An account that acts for an organisation in the demo (no password login:
 * the hash "!" never verifies); found again when it exists. */
static int account(struct demo_ctx *d, struct arena *a, const char *email, int64_t org,
                   const char *role, struct ch_actor *out)
{
	struct user u;
	int rc = bulk_user_find(d->st, a, email, &u);
	if (rc == TB_ENOTFOUND) {
		memset(&u, 0, sizeof(u));
		u.email = email;
		u.org_id = org;
		u.role = role;
		u.name = email;
		u.pw_hash = "!";
		rc = bulk_user_insert(d->st, &u);
	}
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	out->user_id = u.id;
	out->org_id = u.org_id;
	out->email = u.email;
	out->role = u.role;
	out->bureau = !strcmp(u.role, "reviewer") || !strcmp(u.role, "admin");
	return TB_OK;
}

static const char *iso_days(struct arena *a, int64_t base, int days, bool date_only)
{
	char b[32];
	fmt_iso8601(base + (int64_t)days * 86400, b);
	return date_only ? arena_printf(a, "%.10s", b) : arena_strdup(a, b);
}

static int status_rank(const char *s)
{
	for (int i = 0; challenge_statuses[i]; i++)
		if (!strcmp(challenge_statuses[i], s))
			return i;
	return -1;
}

struct ctx {
	struct demo_ctx *d;
	struct arena *a;
	struct pool issuers, teams;
	struct ch_actor experts[3];
	int64_t now;
	int serial;
};

static int check(int rc, const struct tb_field_error *fe, const char *step, int i)
{
	if (rc)
		fprintf(stderr, "demo challenge %d, %s: %s %s %s\n", i, step, tb_strerror(rc), fe->field,
		        fe->message);
	return rc;
}

static int one(struct ctx *x, int i, const char *target)
{
	struct arena *a = x->a;
	const struct topic *tp = &topics[i % (int)ARRAY_SIZE(topics)];
	int want = status_rank(target), horse = x->d->small ? i == 4 : i == 25, failed = !strcmp(target, "failed");
	bool past = want >= status_rank("applications_closed") || failed;
	int64_t t0 = x->now + (past ? -(int64_t)(200 + demo_pick(x->d, 60)) * 86400 : 0);
	int64_t budget = (int64_t)(300 + demo_pick(x->d, 9) * 100) * 10000 * 100; /* 3..11 M yuan, in fen */
	struct ch_line lines[8];
	struct ch_full c;
	struct ch_actor issuer, team[3];
	struct challenge out;
	struct tb_field_error fe = { 0 };
	int64_t app_ids[3];
	int nteams = want >= status_rank("published") ? 2 + demo_pick(x->d, 2) : 0, rc;
	const char *deadline = past ? iso_days(a, t0, 30, true) : iso_days(a, x->now, 20 + demo_pick(x->d, 40), true);

	if ((rc = account(x->d, a, arena_printf(a, "issuer-%lld@demo.techbridge.cn",
	                  (long long)x->issuers.id[i % x->issuers.n]), x->issuers.id[i % x->issuers.n],
	                  "member", &issuer)))
		return rc;
	memset(&c, 0, sizeof(c));
	memset(lines, 0, sizeof(lines));
	c.c.issuer_org_id = issuer.org_id;
	c.c.title_zh = arena_printf(a, "%s（%d）", tp->zh, i + 1);
	c.c.title_en = arena_printf(a, "%s (%d)", tp->en, i + 1);
	c.c.problem = arena_printf(a, "%s：本地产业尚无成熟方案，关键指标与进口产品差距明显，面向全国张榜招贤。", tp->zh);
	c.c.field = tp->field;
	c.c.region = "沈阳";
	c.c.deadline = deadline;
	c.c.period_start = iso_days(a, t0, 60, true);
	c.c.period_end = iso_days(a, t0, 60 + 540, true);
	c.c.acceptance = "第三方检测机构出具检测报告，用户单位现场验收";
	c.c.budget_fen = budget;
	c.c.max_winners = horse ? 2 : 1;
	c.c.notice_days = 5;
	lines[0] = (struct ch_line){ .kind = "indicator", .name = tp->ind, .value = tp->target, .unit = tp->unit };
	lines[1] = (struct ch_line){ .kind = "deliverable", .name = "样机及检测报告" };
	lines[2] = (struct ch_line){ .kind = "stage", .name = "首期", .unit = "initial", .amount_fen = budget * 4 / 10 };
	lines[3] = (struct ch_line){ .kind = "stage", .name = "中期", .unit = "milestone", .amount_fen = budget * 4 / 10 };
	lines[4] = (struct ch_line){ .kind = "stage", .name = "验收奖励", .unit = "reward", .amount_fen = budget - 2 * (budget * 4 / 10) };
	lines[5] = (struct ch_line){ .kind = "criterion", .name = "技术路线与创新性", .weight = 50 };
	lines[6] = (struct ch_line){ .kind = "criterion", .name = "团队能力与前期基础", .weight = 30 };
	lines[7] = (struct ch_line){ .kind = "criterion", .name = "经费与进度合理性", .weight = 20 };
	c.lines = lines;
	c.nlines = 8;
	if ((rc = check(challenge_create(x->d->st, a, &issuer, &c, &fe), &fe, "create", i)))
		return rc;
	int64_t id = c.c.id;
#define STEP(action, when)                                                                        \
	if ((rc = check(challenge_act(x->d->st, a, NULL, id, action, NULL, NULL, when, &out, &fe), &fe, \
	                action, i)))                                                               \
		return rc;
	if (want == status_rank("draft"))
		return TB_OK;
	STEP("submit", iso_days(a, t0, -2, false));
	if (want == status_rank("submitted"))
		return TB_OK;
	STEP("publish", iso_days(a, t0, -1, false));
	/* Applications: budget per stage, milestones whose tranches add up. */
	for (int k = 0; k < nteams; k++) {
		struct ch_app_full ap;
		struct ch_line al[5];
		int64_t req = budget * (6 + demo_pick(x->d, 4)) / 10 / (horse ? 2 : 1);
		int64_t org = x->teams.id[(i * 3 + k) % x->teams.n];
		if ((rc = account(x->d, a, arena_printf(a, "team-%lld@demo.techbridge.cn", (long long)org), org,
		                  "member", &team[k])))
			return rc;
		memset(&ap, 0, sizeof(ap));
		memset(al, 0, sizeof(al));
		ap.app.challenge_id = id;
		ap.app.team_org_id = org;
		ap.app.plan = arena_printf(a, "围绕“%s”开展材料、工艺与装备联合攻关，分三阶段验证。", tp->ind);
		al[0] = (struct ch_line){ .kind = "member", .name = "项目负责人", .value = "负责人" };
		al[1] = (struct ch_line){ .kind = "budget", .name = "首期", .amount_fen = req / 2 };
		al[2] = (struct ch_line){ .kind = "budget", .name = "中期及验收", .amount_fen = req - req / 2 };
		al[3] = (struct ch_line){ .kind = "milestone", .name = "方案验证与样件", .value = iso_days(a, t0, 240, true),
		                          .unit = "initial", .note = arena_printf(a, "%s达到中间目标", tp->ind),
		                          .amount_fen = req / 2 };
		/* Every third project has a second milestone already due: overdue when undelivered. */
		al[4] = (struct ch_line){ .kind = "milestone", .name = "样机交付与验收",
		                          .value = iso_days(a, t0, i % 3 ? 420 : 190, true),
		                          .unit = "milestone", .note = arena_printf(a, "%s %s %s", tp->ind, tp->target, tp->unit),
		                          .amount_fen = req - req / 2 };
		ap.lines = al;
		ap.nlines = 5;
		if ((rc = check(challenge_apply(x->d->st, a, &team[k], &ap, iso_days(a, t0, 10 + k, false), &fe), &fe,
		                "apply", i)))
			return rc;
		app_ids[k] = ap.app.id;
	}
	if (want == status_rank("published"))
		return TB_OK;
	STEP("close_applications", iso_days(a, t0, 31, false));
	if (want == status_rank("applications_closed"))
		return TB_OK;
	STEP("start_review", iso_days(a, t0, 32, false));
	for (int e = 0; e < 3; e++) {
		struct ch_expert ex;
		if ((rc = check(challenge_assign_expert(x->d->st, a, NULL, id, x->experts[e].user_id, NULL, &ex, &fe),
		                &fe, "expert", i)))
			return rc;
		for (int k = 0; k < nteams && !strcmp(ex.status, "assigned"); k++) {
			struct ch_score sc[3];
			memset(sc, 0, sizeof(sc));
			for (int q = 0; q < 3; q++) {
				sc[q].criterion = q + 1;
				sc[q].score = 55 + demo_pick(x->d, 40) - k * 5;
			}
			if ((rc = check(challenge_score(x->d->st, a, &x->experts[e], app_ids[k], sc, 3, &fe), &fe, "score", i)))
				return rc;
		}
	}
	if (want == status_rank("under_review"))
		return TB_OK;
	{
		const char *sel = want == status_rank("notice") ? iso_days(a, x->now, 0, true) : iso_days(a, t0, 40, true);
		if ((rc = check(challenge_select(x->d->st, a, NULL, id, app_ids, horse ? 2 : 1, -1, sel, &out, &fe), &fe,
		                "select", i)))
			return rc;
	}
	if (want == status_rank("notice"))
		return TB_OK;
	if ((rc = check(challenge_confirm(x->d->st, a, NULL, id, iso_days(a, t0, 50, true), &out, &fe), &fe, "confirm", i)))
		return rc;
	if (want == status_rank("awarded"))
		return TB_OK;
	/* The contract of the (first) winner flows into the contract registry. */
	for (;;) {
		struct contract k;
		const char *reg = arena_printf(a, "202621019%07d", 1000000 + x->serial++);
		rc = challenge_register_contract(x->d->st, a, NULL, app_ids[0], reg, iso_days(a, t0, 55, true), &k, &fe);
		if (rc != TB_ECONFLICT || strcmp(fe.field, "reg_no"))
			break;
		memset(&fe, 0, sizeof(fe));
	}
	if ((rc = check(rc, &fe, "contract", i)))
		return rc;
	STEP("start", iso_days(a, t0, 60, false));
	{
		struct ch_milestone *ms, m;
		struct ch_actor eu = issuer;
		int n;
		bool deliver_all = want >= status_rank("accepted") && !failed;
		if ((rc = ch_read_ms_list(x->d->st, a, id, &ms, &n)))
			return rc;
		for (int k = 0; k < n; k++) {
			struct ch_actor *tm = &team[0];
			for (int j = 0; j < nteams; j++)
				if (app_ids[j] == ms[k].app_id)
					tm = &team[j];
			/* In progress: the first milestone is delivered and paid; some of
			 * the second ones are overdue (due date passed, nothing reported). */
			if (!deliver_all && ms[k].seq > 1)
				continue;
			if (failed && ms[k].seq == 1) {
				if ((rc = check(challenge_ms_report(x->d->st, a, tm, ms[k].id, "中试样件检测报告",
				                                    iso_days(a, t0, 235, false), &m, &fe), &fe, "report", i)) ||
				    (rc = check(challenge_ms_decide(x->d->st, a, &eu, ms[k].id, false,
				                                    "样件关键指标未达到中间目标", iso_days(a, t0, 238, false), &m, &fe),
				                &fe, "reject", i)))
					return rc;
				continue;
			}
			if ((rc = check(challenge_ms_report(x->d->st, a, tm, ms[k].id, "第三方检测报告及现场照片",
			                                    iso_days(a, t0, 230 + 150 * (ms[k].seq - 1), false), &m, &fe), &fe,
			                "report", i)) ||
			    (rc = check(challenge_ms_decide(x->d->st, a, &eu, ms[k].id, true, NULL,
			                                    iso_days(a, t0, 233 + 150 * (ms[k].seq - 1), false), &m, &fe), &fe,
			                "accept", i)) ||
			    (rc = check(challenge_ms_pay(x->d->st, a, NULL, ms[k].id, iso_days(a, t0, 240 + 150 * (ms[k].seq - 1), false),
			                                 &m, &fe), &fe, "pay", i)))
				return rc;
		}
	}
	if (want == status_rank("in_progress"))
		return TB_OK;
	if (failed) {
		if ((rc = check(challenge_act(x->d->st, a, NULL, id, "fail", "中试关键指标未达标，经专家论证终止", NULL,
		                              iso_days(a, t0, 250, false), &out, &fe), &fe, "fail", i)))
			return rc;
		return TB_OK;
	}
	STEP("accept", iso_days(a, t0, 430, false));
	if (want == status_rank("accepted"))
		return TB_OK;
	STEP("close", iso_days(a, t0, 440, false));
#undef STEP
	return TB_OK;
}

int demo_seed_challenges(struct demo_ctx *d)
{
	struct arena a;
	struct ctx x;
	struct pool unis, insts;
	struct user rv;
	const char *const *p = d->small ? small_plan : plan;
	int n = d->small ? (int)ARRAY_SIZE(small_plan) : (int)ARRAY_SIZE(plan), rc;

	memset(&x, 0, sizeof(x));
	arena_init(&a, 256u << 20);
	x.d = d;
	x.a = &a;
	x.now = now_unix();
	x.serial = 0;
	if ((rc = orgs_of(d, &a, "enterprise", "沈阳", &x.issuers, 40)) ||
	    (rc = orgs_of(d, &a, "university", NULL, &unis, 20)) ||
	    (rc = orgs_of(d, &a, "institute", NULL, &insts, 20)))
		goto out;
	if (!x.issuers.n && (rc = orgs_of(d, &a, "enterprise", NULL, &x.issuers, 40)))
		goto out;
	/* Teams: universities and institutes alternately. */
	x.teams.id = arena_alloc(&a, sizeof(int64_t) * (size_t)(unis.n + insts.n + 1));
	for (int i = 0; i < unis.n || i < insts.n; i++) {
		if (i < unis.n) x.teams.id[x.teams.n++] = unis.id[i];
		if (i < insts.n) x.teams.id[x.teams.n++] = insts.id[i];
	}
	if (!x.issuers.n || x.teams.n < 4) {
		fprintf(stderr, "demo challenges: needs enterprises and at least 4 universities/institutes\n");
		rc = TB_EINVAL;
		goto out;
	}
	/* Experts: the demo reviewer (so "assigned to me" is not empty) and two
	 * professors of a university that applies to some challenges (they are
	 * excluded there: the conflict rule at work in the demo). */
	if ((rc = bulk_user_find(d->st, &a, "reviewer@demo.techbridge.cn", &rv)) == TB_OK) {
		x.experts[0] = (struct ch_actor){ rv.id, rv.org_id, rv.email, rv.role, true };
	} else if ((rc = account(d, &a, "expert-0@demo.techbridge.cn", 0, "member", &x.experts[0]))) {
		goto out;
	}
	if ((rc = account(d, &a, "expert-1@demo.techbridge.cn", x.teams.id[0], "member", &x.experts[1])) ||
	    (rc = account(d, &a, "expert-2@demo.techbridge.cn", x.teams.id[x.teams.n - 1], "member", &x.experts[2])))
		goto out;
	for (int i = 0; i < n; i++) {
		struct arena row;
		arena_init(&row, 64u << 20);
		x.a = &row;
		rc = one(&x, i, p[i]);
		arena_release(&row);
		x.a = &a;
		if (rc)
			goto out;
	}
	if (!d->quiet)
		printf("challenges: %d (every status, a horse race, one failure)\n", n);
out:
	arena_release(&a);
	return rc;
}
