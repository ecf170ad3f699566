/* demo_instruments.c - demo seeder for instrument sharing: about 2,540
 * instruments at about 327 universities and institutes (institutes are
 * created when the catalogue seeder left fewer), bilingual names from a table
 * of common large instruments, manufacturers and models, values, fees by user
 * class, opening hours, a year of completed bookings with usage and fees (so
 * utilisation and revenue are non-zero), some upcoming bookings, and training
 * records. --small: about 100 instruments at 12 institutions. Deterministic
 * for a given rng seed and day. */
#include "domain/bulk.h"
#include "cli/demo.h"
#include "core/err.h"
#include "core/log.h"
#include "domain/booking.h"
#include "domain/instrument.h"
#include "domain/region.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct tmpl {
	const char *zh, *en, *category;
	const char *unit;
	double value_lo, value_hi;   /* yuan */
	double rate;                 /* academic rate per unit, yuan */
	int weight;
	const char *makers[4];       /* "Manufacturer|Model" */
	const char *specs;
};

static const struct tmpl tmpls[] = {
	{ "扫描电子显微镜", "Scanning electron microscope", "电子显微镜", "hour", 1.5e6, 6e6, 300, 10,
	  { "Hitachi|SU8010", "JEOL|JSM-7900F", "Zeiss|Sigma 300", "Thermo Fisher|Apreo 2" },
	  "分辨率 0.8 nm @ 15 kV；加速电压 0.02-30 kV；配能谱仪 EDS" },
	{ "透射电子显微镜", "Transmission electron microscope", "电子显微镜", "hour", 5e6, 2.5e7, 800, 4,
	  { "JEOL|JEM-2100F", "Thermo Fisher|Talos F200X", "Hitachi|HT7800", NULL },
	  "点分辨率 0.19 nm；200 kV 场发射；STEM-HAADF" },
	{ "核磁共振波谱仪", "NMR spectrometer", "波谱仪器", "sample", 2e6, 1.2e7, 200, 6,
	  { "Bruker|AVANCE NEO 600", "Bruker|AVANCE III HD 400", "JEOL|JNM-ECZ500R", NULL },
	  "磁场强度 400-600 MHz；液体/固体探头；变温 -150~180 °C" },
	{ "X射线衍射仪", "X-ray diffractometer", "X射线仪器", "sample", 8e5, 4e6, 150, 9,
	  { "Bruker|D8 ADVANCE", "Rigaku|SmartLab", "Malvern Panalytical|Empyrean", NULL },
	  "Cu 靶；测角精度 0.0001°；高温附件至 1200 °C" },
	{ "液相色谱-质谱联用仪", "LC-MS system", "色谱质谱", "sample", 1.2e6, 5e6, 400, 8,
	  { "Agilent|6545 Q-TOF", "Thermo Fisher|Orbitrap Exploris 240", "Waters|Xevo TQ-S", "SCIEX|Triple Quad 6500+" },
	  "质量范围 m/z 50-6000；分辨率 ≥ 60,000" },
	{ "气相色谱-质谱联用仪", "GC-MS system", "色谱质谱", "sample", 5e5, 2e6, 250, 7,
	  { "Agilent|8890-5977B", "Shimadzu|GCMS-QP2020 NX", "Thermo Fisher|ISQ 7610", NULL },
	  "EI/CI 源；质量范围 m/z 1.5-1090" },
	{ "高性能计算集群", "High-performance computing cluster", "计算设备", "hour", 5e6, 5e7, 50, 3,
	  { "Sugon|TC6600", "Inspur|NF5468M6", "Lenovo|ThinkSystem SD650", NULL },
	  "峰值 500 TFLOPS；GPU 节点 32 个；并行存储 2 PB" },
	{ "激光共聚焦显微镜", "Confocal laser scanning microscope", "光学显微镜", "hour", 1.5e6, 6e6, 250, 6,
	  { "Zeiss|LSM 980", "Leica|STELLARIS 5", "Olympus|FV3000", "Nikon|AX R" },
	  "激光线 405/488/561/640 nm；活细胞工作站" },
	{ "原子力显微镜", "Atomic force microscope", "扫描探针显微镜", "hour", 8e5, 3e6, 200, 5,
	  { "Bruker|Dimension Icon", "Oxford Instruments|Cypher ES", "Park Systems|NX20", NULL },
	  "扫描范围 90 µm；Z 向噪声 < 0.03 nm" },
	{ "X射线光电子能谱仪", "X-ray photoelectron spectrometer", "波谱仪器", "sample", 3e6, 8e6, 500, 3,
	  { "Thermo Fisher|ESCALAB Xi+", "Kratos|AXIS SUPRA+", "ULVAC-PHI|PHI VersaProbe 4", NULL },
	  "单色 Al Kα；能量分辨率 ≤ 0.45 eV" },
	{ "电感耦合等离子体质谱仪", "ICP-MS", "色谱质谱", "sample", 1e6, 3e6, 150, 5,
	  { "Agilent|7900", "Thermo Fisher|iCAP RQ", "PerkinElmer|NexION 2000", NULL },
	  "检出限 ppt 级；质量范围 2-260 amu" },
	{ "傅里叶变换红外光谱仪", "FTIR spectrometer", "光谱仪器", "sample", 2e5, 1e6, 80, 9,
	  { "Thermo Fisher|Nicolet iS50", "Bruker|INVENIO S", "Shimadzu|IRTracer-100", NULL },
	  "波数范围 7800-350 cm⁻¹；分辨率 0.09 cm⁻¹" },
	{ "拉曼光谱仪", "Raman spectrometer", "光谱仪器", "hour", 5e5, 2e6, 150, 5,
	  { "HORIBA|LabRAM HR Evolution", "Renishaw|inVia Qontor", "WITec|alpha300 R", NULL },
	  "激发波长 532/633/785 nm；共聚焦成像" },
	{ "流式细胞仪", "Flow cytometer", "生命科学仪器", "hour", 8e5, 4e6, 200, 5,
	  { "BD|FACSCelesta", "Beckman Coulter|CytoFLEX S", "Thermo Fisher|Attune NxT", NULL },
	  "4 激光 14 色；分选速度 25,000 个/秒" },
	{ "高通量测序仪", "High-throughput sequencer", "生命科学仪器", "sample", 3e6, 1.5e7, 1200, 2,
	  { "Illumina|NovaSeq 6000", "MGI|DNBSEQ-T7", "Illumina|NextSeq 2000", NULL },
	  "单次通量 6 Tb；读长 PE150" },
	{ "同步热分析仪", "Simultaneous thermal analyzer", "热分析仪器", "sample", 3e5, 1.2e6, 100, 6,
	  { "NETZSCH|STA 449 F5", "METTLER TOLEDO|TGA/DSC 3+", "TA Instruments|SDT 650", NULL },
	  "温度范围 室温-1600 °C；TG 分辨率 0.1 µg" },
	{ "万能材料试验机", "Universal testing machine", "力学测试", "hour", 3e5, 2e6, 120, 7,
	  { "Instron|5985", "ZwickRoell|Z250", "MTS|Criterion 45", NULL },
	  "最大载荷 250 kN；高低温环境箱 -70~350 °C" },
	{ "三坐标测量机", "Coordinate measuring machine", "计量仪器", "hour", 6e5, 3e6, 180, 5,
	  { "Hexagon|GLOBAL S", "Zeiss|CONTURA", "Mitutoyo|CRYSTA-Apex V", NULL },
	  "测量范围 1200×1000×800 mm；MPE 1.5+L/350 µm" },
	{ "电子探针显微分析仪", "Electron probe microanalyzer", "电子显微镜", "hour", 6e6, 1.5e7, 600, 2,
	  { "JEOL|JXA-iHP200F", "Shimadzu|EPMA-1720", NULL, NULL },
	  "5 道波谱仪；元素范围 Be-U" },
	{ "单晶X射线衍射仪", "Single-crystal X-ray diffractometer", "X射线仪器", "sample", 2e6, 6e6, 300, 3,
	  { "Bruker|D8 VENTURE", "Rigaku|XtaLAB Synergy", NULL, NULL },
	  "Mo/Cu 双光源；低温 100 K" },
	{ "比表面积及孔隙度分析仪", "Surface area and porosity analyzer", "物性测试", "sample", 2e5, 8e5, 100, 6,
	  { "Micromeritics|ASAP 2460", "Quantachrome|Autosorb iQ", NULL, NULL },
	  "比表面积 ≥ 0.0005 m²/g；孔径 0.35-500 nm" },
	{ "激光粒度分析仪", "Laser particle size analyzer", "物性测试", "sample", 1.5e5, 6e5, 60, 6,
	  { "Malvern Panalytical|Mastersizer 3000", "HORIBA|LA-960V2", "Bettersize|BT-9300ST", NULL },
	  "测量范围 0.01-3500 µm" },
	{ "工业CT", "Industrial CT scanner", "无损检测", "hour", 3e6, 1.2e7, 500, 3,
	  { "ZEISS|METROTOM 1500", "Waygate|phoenix v|tome|x m", "Nikon|XT H 450", NULL },
	  "最高电压 450 kV；空间分辨率 2 µm" },
	{ "电感耦合等离子体发射光谱仪", "ICP-OES", "光谱仪器", "sample", 5e5, 1.5e6, 100, 6,
	  { "Agilent|5900", "Thermo Fisher|iCAP PRO", "PerkinElmer|Avio 550 Max", NULL },
	  "波长范围 167-785 nm；同时测定 70 余种元素" },
	{ "聚焦离子束双束电镜", "Focused ion beam SEM", "电子显微镜", "hour", 8e6, 2e7, 900, 2,
	  { "Thermo Fisher|Helios 5 CX", "Zeiss|Crossbeam 550", "TESCAN|AMBER X", NULL },
	  "Ga 离子源；TEM 样品制备；三维重构" },
	{ "冷冻电镜", "Cryo-electron microscope", "电子显微镜", "hour", 3e7, 6e7, 2000, 1,
	  { "Thermo Fisher|Titan Krios G4", "JEOL|CRYO ARM 300 II", NULL, NULL },
	  "300 kV；直接电子探测器；自动数据采集" },
	{ "超高效液相色谱仪", "UHPLC system", "色谱质谱", "sample", 3e5, 1e6, 80, 8,
	  { "Waters|ACQUITY UPLC H-Class", "Agilent|1290 Infinity II", "Shimadzu|Nexera X3", NULL },
	  "耐压 1300 bar；二极管阵列检测器" },
	{ "动态力学分析仪", "Dynamic mechanical analyzer", "热分析仪器", "sample", 4e5, 1.2e6, 120, 4,
	  { "TA Instruments|DMA 850", "NETZSCH|DMA 242 E", NULL, NULL },
	  "频率 0.01-200 Hz；温度 -150~600 °C" },
	{ "振动样品磁强计", "Vibrating sample magnetometer", "电磁测量", "sample", 1e6, 3e6, 200, 3,
	  { "Lake Shore|8604", "Quantum Design|PPMS VSM", NULL, NULL },
	  "磁场 ±9 T；灵敏度 10⁻⁶ emu" },
	{ "风洞试验系统", "Wind tunnel test facility", "大型试验装置", "hour", 1e7, 8e7, 1500, 1,
	  { "中国航空工业|FL-51", "自研|低速回流式", NULL, NULL },
	  "试验段 3×2.5 m；风速 3-80 m/s" },
};

static const char *const fields_zh[] = { "材料科学", "精细化工", "生物医药", "先进制造", "能源",
	"环境科学", "信息技术", "农业科学", "海洋", "冶金", "测试分析", "光电", "检验检测", "化工",
	"食品", "装备", "应用化学", "岩土工程", NULL };
static const char *const fields_en[] = { "Materials Science", "Fine Chemicals", "Biomedicine",
	"Advanced Manufacturing", "Energy", "Environmental Science", "Information Technology",
	"Agricultural Sciences", "Marine Science", "Metallurgy", "Testing and Analysis",
	"Optoelectronics", "Inspection and Testing", "Chemical Engineering", "Food Science",
	"Equipment", "Applied Chemistry", "Geotechnical Engineering", NULL };
static const char *const kinds_zh[] = { "研究院", "研究所", "技术中心", NULL };
static const char *const kinds_en[] = { "Academy of", "Institute of", "Technology Centre for", NULL };

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
	"徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", NULL };
static const char *const surnames_py[] = { "wang", "li", "zhang", "liu", "chen", "yang", "zhao",
	"huang", "zhou", "wu", "xu", "sun", "ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo", NULL };
static const char *const given[] = { "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰",
	"涛", "明", "超", "霞", "平", "刚", "博", "琳", NULL };
static const char *const given_py[] = { "wei", "fang", "na", "min", "jing", "lei", "yang", "yong",
	"yan", "jie", "tao", "ming", "chao", "xia", "ping", "gang", "bo", "lin", NULL };
static const char *const buildings[] = { "分析测试中心", "材料楼", "化学楼", "生命科学楼", "工程实验楼",
	"公共技术平台", "科研楼", NULL };
static const char *const purposes[] = { "样品形貌表征", "成分分析", "课题组常规测试", "企业委托检测",
	"毕业论文实验", "工艺验证", "新产品研发测试", "质量控制抽检", NULL };

static int list_size(const char *const *l)
{
	int n = 0;
	while (l[n])
		n++;
	return n;
}

/* Institutions (universities + institutes), creating institutes as needed. */
static int gather_orgs(struct demo_ctx *d, struct arena *a, int want, struct org **out, int *n)
{
	static const char *const kinds[] = { "university", "institute" };
	struct org *all = arena_alloc(a, sizeof(struct org) * (size_t)(want + 1));
	int count = 0, rc, attempts = 0;
	if (!all)
		return TB_ENOMEM;
	for (int k = 0; k < 2 && count < want; k++) {
		struct org_query q = { 0 };
		struct org *rows;
		int m;
		int64_t total;
		q.kind = kinds[k];
		q.limit = want;
		if ((rc = bulk_org_list(d->st, a, &q, &rows, &m, &total)))
			return rc;
		for (int i = 0; i < m && count < want; i++)
			all[count++] = rows[i];
	}
	while (count < want && attempts++ < want * 20) {
		const struct city *c = &region_cities[demo_pick(d, 14)];
		int f = demo_pick(d, list_size(fields_zh)), k = demo_pick(d, 3);
		struct org o, existing;
		memset(&o, 0, sizeof(o));
		o.name = arena_printf(a, "%s%s%s", c->zh, fields_zh[f], kinds_zh[k]);
		if (bulk_org_find(d->st, a, o.name, &existing) == TB_OK)
			continue;
		o.name_en = arena_printf(a, "%s %s %s", c->en, kinds_en[k], fields_en[f]);
		o.kind = "institute";
		o.province = region_province_zh;
		o.city = c->zh;
		o.region_code = c->code;
		if ((rc = bulk_org_insert(d->st, &o)))
			return rc;
		all[count++] = o;
	}
	*out = all;
	*n = count;
	return TB_OK;
}

static const struct tmpl *pick_tmpl(struct demo_ctx *d)
{
	int total = 0, r;
	for (size_t i = 0; i < sizeof(tmpls) / sizeof(tmpls[0]); i++)
		total += tmpls[i].weight;
	r = demo_pick(d, total);
	for (size_t i = 0; i < sizeof(tmpls) / sizeof(tmpls[0]); i++) {
		if (r < tmpls[i].weight)
			return &tmpls[i];
		r -= tmpls[i].weight;
	}
	return &tmpls[0];
}

static void make_instrument(struct demo_ctx *d, struct arena *a, const struct org *o,
                            struct instrument *x)
{
	const struct tmpl *t = pick_tmpl(d);
	const char *mk;
	int nm = 0;
	double v;
	while (nm < 4 && t->makers[nm])
		nm++;
	mk = t->makers[demo_pick(d, nm)];
	instrument_defaults(x);
	x->org_id = o->id;
	x->name_zh = t->zh;
	x->name_en = t->en;
	x->category = t->category;
	x->manufacturer = arena_strndup(a, mk, strcspn(mk, "|"));
	x->model = mk + strcspn(mk, "|") + 1;
	x->location = arena_printf(a, "%s %c%d%02d", demo_choose(d, buildings), 'A' + demo_pick(d, 4),
	                           1 + demo_pick(d, 5), 1 + demo_pick(d, 30));
	x->specs = t->specs;
	x->fee_unit = t->unit;
	x->rate_academic = (double)(int)(t->rate * (0.8 + 0.4 * demo_uniform(d)) / 10) * 10;
	x->rate_internal = (double)(int)(x->rate_academic * 0.5 / 10) * 10;
	x->rate_enterprise = x->rate_academic * 2;
	v = t->value_lo + (t->value_hi - t->value_lo) * demo_uniform(d);
	x->value = (double)(int64_t)(v / 1000) * 1000;
	x->services = !strcmp(t->unit, "sample") ? "staff_operated,sample_testing"
	              : demo_pick(d, 2) ? "self_operation,staff_operated" : "staff_operated";
	x->training_required = strstr(x->services, "self_operation") != NULL;
	x->requires_approval = demo_pick(d, 3) == 0;
	switch (demo_pick(d, 5)) {
	case 0: x->hours = "08:30-17:30,08:30-17:30,08:30-17:30,08:30-17:30,08:30-17:30,-,-"; break;
	case 1: x->hours = "08:00-20:00,08:00-20:00,08:00-20:00,08:00-20:00,08:00-20:00,09:00-17:00,-"; break;
	case 2: if (!strcmp(t->category, "计算设备")) {
			x->hours = "00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00";
			break;
		}
		/* fall through */
	default: x->hours = OPENING_DEFAULT; break;
	}
	x->closed_dates = "2026-10-01,2026-10-02,2026-10-03,2027-01-01,2027-02-17,2027-02-18";
	x->min_slot_min = !strcmp(t->unit, "sample") ? 30 : 60;
	x->max_slot_min = 480;
	x->lead_hours = demo_pick(d, 2) ? 24 : 48;
	x->cancel_hours = 24;
	x->status = demo_pick(d, 40) == 0 ? "maintenance" : "available";
	if (demo_pick(d, 100) == 0)
		x->status = "retired";
}

/* A year of completed uses and a few upcoming bookings, non-overlapping by
 * construction (walking forward in time); the store checks it anyway. */
static int seed_bookings(struct demo_ctx *d, struct arena *a, const struct instrument *x,
                         const struct org *bookers, int nbookers, int64_t now, int *made)
{
	struct opening o;
	int uses = d->small ? 10 + demo_pick(d, 20) : 30 + demo_pick(d, 70), rc;
	int64_t day = now - now % 86400 - 365LL * 86400;
	int64_t step = uses ? (365LL * 86400) / uses : 86400;
	int is_sample = !strcmp(x->fee_unit, "sample"), nb = 0;
	/* The instrument's bookings go to the store in one call
	 * (bulk_booking_insert_many): a probe and an insert per booking were two
	 * round trips each on PostgreSQL. The instrument was created in this
	 * transaction, so the only bookings it can overlap are these: the
	 * overlap rule of store_booking_create (a slot holder overlapping another
	 * one is skipped) is applied here, with the same result. */
	struct booking *all = arena_alloc(a, sizeof(*all) * (size_t)(uses + 3));

	if (!all)
		return TB_ENOMEM;
	if (!opening_parse(x->hours, &o) || !strcmp(x->status, "retired"))
		return TB_OK;
	for (int k = 0, future = 0; k < uses + 3; k++) {
		const struct org *bo = &bookers[demo_pick(d, nbookers)];
		struct booking b;
		char s[32], e[32], us[32], ue[32], cr[32];
		int64_t st, en, ust, uen, base;
		int wd, win, dur, sp = demo_pick(d, list_size(surnames)), gv = demo_pick(d, list_size(given));

		if (k >= uses) { /* upcoming */
			if (future++ >= 1 + demo_pick(d, 2))
				break;
			day = now - now % 86400 + (int64_t)(2 + k - uses + demo_pick(d, 20)) * 86400;
		} else {
			day += step - 43200 + (int64_t)demo_pick(d, 86400);
			day -= day % 86400;
		}
		wd = (int)(((day / 86400) + 3) % 7); /* 1970-01-01 was a Thursday */
		if (o.to[wd] <= o.from[wd])
			continue;
		tb_time_fmt(day, s);
		s[10] = '\0';
		if (x->closed_dates && strstr(x->closed_dates, s)) /* holidays stay free */
			continue;
		win = o.to[wd] - o.from[wd];
		dur = is_sample ? 60 * (1 + demo_pick(d, 4)) : 60 * (3 + demo_pick(d, 6));
		if (dur > win)
			dur = win;
		if (dur > x->max_slot_min)
			dur = x->max_slot_min;
		base = day + o.from[wd] * 60;
		st = base + (int64_t)demo_pick(d, (win - dur) / 30 + 1) * 1800;
		en = st + dur * 60;
		if (k < uses && en > now)
			continue;
		memset(&b, 0, sizeof(b));
		tb_time_fmt(st, s);
		tb_time_fmt(en, e);
		tb_time_fmt(st - REGION_UTC_OFFSET_S - (int64_t)(1 + demo_pick(d, 10)) * 86400, cr);
		cr[19] = 'Z';
		cr[20] = '\0';
		b.instrument_id = x->id;
		b.org_id = bo->id;
		b.booker_name = arena_printf(a, "%s%s", surnames[sp], given[gv]);
		b.booker_email = arena_printf(a, "%s.%s%d@example.cn", surnames_py[sp], given_py[gv],
		                              demo_pick(d, 100));
		b.user_class = user_class_for(bo->id, bo->kind, x->org_id);
		b.service = is_sample ? "sample_testing" : "staff_operated";
		b.purpose = demo_choose(d, purposes);
		b.samples = is_sample ? 1 + demo_pick(d, 12) : 0;
		b.start_at = s;
		b.end_at = e;
		b.created_at = cr;
		if (k >= uses) {
			if (strcmp(x->status, "available"))
				continue;
			b.status = x->requires_approval && demo_pick(d, 2) ? "pending" : "approved";
		} else {
			b.status = "completed";
			ust = st + (int64_t)demo_pick(d, 3) * 600;
			uen = en + (int64_t)(demo_pick(d, 7) - 3) * 600;
			tb_time_fmt(ust, us);
			tb_time_fmt(uen, ue);
			b.used_start = us;
			b.used_end = ue;
			b.used_samples = b.samples;
			b.used_hours = (double)(uen - ust) / 3600.0;
			b.rate = instrument_rate(x, b.user_class);
			b.fee = booking_fee(x, b.user_class, st, en, ust, uen, b.samples, &b.billed_qty);
		}
		if (booking_status_active(b.status)) {
			bool clash = false;
			for (int i = 0; i < nb && !clash; i++)
				clash = booking_status_active(all[i].status) &&
				        strcmp(all[i].end_at, s) > 0 && strcmp(all[i].start_at, e) < 0;
			if (clash)
				continue;
		}
		/* s, e, ... are this iteration's: the batch keeps copies. */
		if (!(b.start_at = arena_strdup(a, s)) || !(b.end_at = arena_strdup(a, e)) ||
		    !(b.created_at = arena_strdup(a, cr)) ||
		    (b.used_start && (!(b.used_start = arena_strdup(a, us)) ||
		                      !(b.used_end = arena_strdup(a, ue)))))
			return TB_ENOMEM;
		all[nb++] = b;
	}
	if ((rc = bulk_booking_insert_many(d->st, all, nb)))
		return rc;
	*made += nb;
	return TB_OK;
}

int demo_seed_instruments(struct demo_ctx *d)
{
	struct arena a;
	struct org *insts = NULL, *bookers;
	int ninst = 0, nbookers, rc, want_orgs = d->small ? 12 : 327, want = d->small ? 100 : 2540;
	int made = 0, quals = 0;
	int64_t now = tb_now_local();

	arena_init(&a, 512u << 20);
	if ((rc = bulk_begin(d->st)))
		goto out;
	if ((rc = gather_orgs(d, &a, want_orgs, &insts, &ninst)))
		goto fail;
	if (ninst == 0) {
		rc = TB_ENOTFOUND;
		goto fail;
	}
	/* Bookers: the institutions plus enterprises from the catalogue seeder. */
	{
		struct org_query q = { 0 };
		struct org *ents;
		int ne;
		int64_t total;
		q.kind = "enterprise";
		q.limit = 2000;
		if ((rc = bulk_org_list(d->st, &a, &q, &ents, &ne, &total)))
			goto fail;
		bookers = arena_alloc(&a, sizeof(struct org) * (size_t)(ninst + ne));
		if (!bookers) {
			rc = TB_ENOMEM;
			goto fail;
		}
		memcpy(bookers, insts, sizeof(struct org) * (size_t)ninst);
		if (ne)
			memcpy(bookers + ninst, ents, sizeof(struct org) * (size_t)ne);
		nbookers = ninst + ne;
	}
	for (int i = 0; i < want; i++) {
		struct instrument x;
		/* Skewed: big universities hold more instruments; every institution gets some. */
		int oi = i < ninst ? i : (demo_pick(d, 3) ? demo_pick(d, ninst / 4 + 1) : demo_pick(d, ninst));
		make_instrument(d, &a, &insts[oi], &x);
		if ((rc = bulk_instr_insert(d->st, &x)))
			goto fail;
		if ((rc = seed_bookings(d, &a, &x, bookers, nbookers, now, &made)))
			goto fail;
		if (x.training_required) {
			struct qualification q;
			char exp[32];
			memset(&q, 0, sizeof(q));
			q.instrument_id = x.id;
			q.org_id = insts[oi].id;
			q.name = "实验室管理员";
			q.email = arena_printf(&a, "lab%lld@example.cn", (long long)x.id);
			tb_time_fmt(now + (int64_t)(demo_pick(d, 700) - 100) * 86400, exp);
			exp[10] = '\0';
			q.expires_on = exp;
			if ((rc = bulk_qual_insert(d->st, &q)))
				goto fail;
			quals++;
		}
		if (i % 500 == 499) {
			/* Keep transactions and the arena bounded. */
			if ((rc = bulk_commit(d->st)) || (rc = bulk_begin(d->st)))
				goto out;
		}
	}
	if ((rc = bulk_commit(d->st)))
		goto out;
	if (!d->quiet)
		fprintf(stderr, "instruments: %d at %d institutions, %d bookings, %d qualifications\n",
		        want, ninst, made, quals);
	goto out;
fail:
	bulk_rollback(d->st);
out:
	arena_release(&a);
	return rc;
}
