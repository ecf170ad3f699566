/* bench_speed.c - build and query speed on synthetic bilingual achievements.
 * Generates TB_BENCH_DOCS (default 1,000,000) documents with a deterministic
 * PRNG from a vocabulary of Chinese technology words and English terms (80%
 * Chinese text with some English and model codes, 20% English only), indexes
 * them, and reports build rate, raw text bytes, peak RSS, top-10 latency
 * (median/p99, one thread) and QPS with 2 threads for 2,000 queries. The peer is
 * SQLite FTS5 bm25() on the same documents: because unicode61 treats a run of
 * Chinese characters as one token, FTS5 gets the text pre-analysed by our
 * analyzer (terms joined by spaces, tokenize='unicode61'), so both engines
 * index identical terms and the comparison is engine against engine. FTS5 runs
 * the first TB_BENCH_FTS_QUERIES (default 300) queries, compared with ours on
 * the same queries. TB_BENCH_FTS=0 skips the peer. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "bench.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "match/index.h"
#include "text/analyzer.h"

static const char *const zh_words[] = {
	"数据", "挖掘", "人工智能", "机器学习", "深度学习", "神经网络", "图像识别", "语音识别",
	"自然语言处理", "大数据", "云计算", "边缘计算", "物联网", "区块链", "传感器", "芯片",
	"集成电路", "半导体", "光刻", "激光", "光纤", "通信", "无线", "天线", "雷达", "卫星",
	"导航", "无人机", "机器人", "数控机床", "精密加工", "增材制造", "三维打印", "焊接",
	"铸造", "锻造", "热处理", "表面处理", "涂层", "复合材料", "碳纤维", "石墨烯", "纳米材料",
	"高分子", "陶瓷", "合金", "钛合金", "铝合金", "不锈钢", "稀土", "永磁", "锂离子电池",
	"正极材料", "负极材料", "电解液", "隔膜", "储能", "氢能", "燃料电池", "光伏", "风电",
	"智能电网", "变压器", "电机", "变频器", "控制系统", "自动化", "工业互联网", "数字孪生",
	"仿真", "有限元", "优化算法", "故障诊断", "预测维护", "检测方法", "无损检测", "质量控制",
	"生物医药", "基因", "蛋白质", "疫苗", "抗体", "诊断试剂", "医疗器械", "中药", "制剂",
	"药物递送", "细胞治疗", "农业", "育种", "种植", "水稻", "玉米", "大豆", "土壤", "肥料",
	"农药", "畜牧", "水产", "食品加工", "发酵", "保鲜", "冷链", "环境保护", "污水处理",
	"废气治理", "固废", "资源化", "节能", "减排", "碳捕集", "催化剂", "化工", "石油",
	"天然气", "煤化工", "精细化工", "装备", "船舶", "轨道交通", "汽车", "新能源汽车",
	"动力电池", "充电桩", "轻量化", "航空", "航天", "发动机", "叶片", "轴承", "齿轮",
	"液压", "密封", "泵", "阀门", "管道", "桥梁", "隧道", "建筑", "混凝土", "钢结构",
	"装配式", "智慧城市", "交通", "物流", "供应链", "软件", "平台", "系统", "方法", "装置",
	"设备", "工艺", "技术", "制备", "应用", "研究", "开发", "设计", "高效", "低成本",
	"高性能", "智能", "绿色", "安全", "可靠", "新型", "一种", "基于", "用于", "及其",
};

static const char *const en_words[] = {
	"data", "mining", "learning", "neural", "network", "deep", "model", "sensor", "chip",
	"semiconductor", "laser", "optical", "fiber", "wireless", "antenna", "radar", "satellite",
	"navigation", "drone", "robot", "machining", "precision", "additive", "manufacturing",
	"welding", "casting", "coating", "composite", "carbon", "graphene", "nanomaterial",
	"polymer", "ceramic", "alloy", "titanium", "aluminium", "steel", "rare", "earth", "magnet",
	"lithium", "battery", "cathode", "anode", "electrolyte", "separator", "storage", "hydrogen",
	"fuel", "cell", "photovoltaic", "wind", "power", "grid", "transformer", "motor", "inverter",
	"control", "automation", "industrial", "internet", "digital", "twin", "simulation",
	"finite", "element", "optimization", "algorithm", "fault", "diagnosis", "predictive",
	"maintenance", "detection", "inspection", "quality", "biomedicine", "gene", "protein",
	"vaccine", "antibody", "diagnostic", "medical", "device", "drug", "delivery", "therapy",
	"agriculture", "breeding", "rice", "maize", "soybean", "soil", "fertilizer", "food",
	"processing", "fermentation", "preservation", "environment", "wastewater", "treatment",
	"emission", "recycling", "energy", "saving", "catalyst", "chemical", "petroleum", "gas",
	"equipment", "ship", "rail", "transit", "vehicle", "electric", "charging", "lightweight",
	"aviation", "aerospace", "engine", "blade", "bearing", "gear", "hydraulic", "seal", "pump",
	"valve", "pipeline", "bridge", "tunnel", "building", "concrete", "structure", "smart",
	"city", "traffic", "logistics", "software", "platform", "system", "method", "apparatus",
	"process", "preparation", "application", "design", "efficient", "low", "cost", "high",
	"performance", "intelligent", "green", "safe", "reliable", "novel", "based", "using",
	"improved", "real", "time", "monitoring", "analysis", "integrated", "flexible", "5G",
};

static const char *const fields[] = { "新材料", "电子信息", "先进制造", "生物医药", "新能源",
				      "节能环保", "现代农业", "化工", "交通运输", "航空航天" };
static const char *const cities[] = { "沈阳", "大连", "鞍山", "抚顺", "本溪", "丹东", "锦州",
				      "营口", "阜新", "辽阳", "盘锦", "铁岭", "朝阳", "葫芦岛",
				      "北京", "上海" };

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double rndu(void) { return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0); }

/* power-law pick: frequent words near the start of the list */
static size_t pick(size_t n) { return (size_t)((double)n * pow(rndu(), 1.8)) % n; }

static const char *zh(void) { return zh_words[pick(ARRAY_SIZE(zh_words))]; }
static const char *en(void) { return en_words[pick(ARRAY_SIZE(en_words))]; }

static void model_code(struct buf *b)
{
	static const char L[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
	buf_printf(b, "%c%c-%u", L[rnd() % 24], L[rnd() % 24], (unsigned)(rnd() % 5000));
}

struct gdoc {
	struct buf title, kw, body;
	struct mdoc d;
};

static void gen_doc(struct gdoc *g, int64_t id)
{
	bool english = rnd() % 5 == 0;
	size_t n;
	buf_reset(&g->title);
	buf_reset(&g->kw);
	buf_reset(&g->body);
	n = 3 + rnd() % 4;
	for (size_t i = 0; i < n; i++) {
		if (english)
			buf_printf(&g->title, "%s%s", i ? " " : "", en());
		else
			buf_adds(&g->title, zh());
	}
	if (!english && rnd() % 3 == 0) {
		buf_addc(&g->title, ' ');
		buf_adds(&g->title, en());
	}
	n = 3 + rnd() % 3;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(&g->kw, english ? "; " : "、");
		buf_adds(&g->kw, english ? en() : zh());
	}
	n = 3 + rnd() % 4; /* sentences */
	for (size_t s = 0; s < n; s++) {
		size_t w = 5 + rnd() % 6;
		for (size_t i = 0; i < w; i++) {
			if (english) {
				buf_printf(&g->body, "%s%s", i ? " " : (s ? " " : ""), en());
			} else {
				if (rnd() % 6 == 0)
					buf_printf(&g->body, " %s ", en());
				else
					buf_adds(&g->body, zh());
				if (i + 1 < w && rnd() % 4 == 0)
					buf_adds(&g->body, "，");
			}
		}
		if (rnd() % 4 == 0) {
			buf_adds(&g->body, english ? " model " : "，型号");
			model_code(&g->body);
		}
		buf_adds(&g->body, english ? "." : "。");
	}
	memset(&g->d, 0, sizeof(g->d));
	g->d.id = id;
	g->d.title = g->title.ptr;
	g->d.keywords = g->kw.ptr;
	g->d.body = g->body.ptr;
	g->d.field = fields[rnd() % ARRAY_SIZE(fields)];
	g->d.trl = 1 + (int)(rnd() % 9);
	g->d.modes = 1u + (unsigned)(rnd() % 31);
	g->d.city = cities[rnd() % ARRAY_SIZE(cities)];
	g->d.province = "辽宁";
	g->d.price_lo = g->d.price_hi = rnd() % 8 == 0 ? -1 : (double)(1 + rnd() % 500) * 1e4;
	g->d.status = "published";
}

#define NQ 2000
static char *qtext[NQ];

static void gen_queries(void)
{
	for (size_t i = 0; i < NQ; i++) {
		struct buf b = BUF_INIT(4096);
		size_t n = 1 + rnd() % 3;
		bool english = rnd() % 10 < 3;
		for (size_t j = 0; j < n; j++) {
			if (english)
				buf_printf(&b, "%s%s", j ? " " : "", en());
			else
				buf_adds(&b, zh());
		}
		qtext[i] = buf_detach(&b, NULL);
	}
}

static double run_query(struct mindex *x, const char *text, size_t *nhits)
{
	struct mquery q;
	struct mresults r;
	double t0 = now_s(), t;
	mquery_init(&q);
	q.text = text;
	q.limit = 10;
	if (mindex_search(x, &q, &r) != TB_OK)
		fprintf(stderr, "search failed\n");
	t = now_s() - t0;
	if (nhits)
		*nhits += r.nhits;
	mresults_release(&r);
	return t;
}

struct thr {
	struct mindex *x;
	size_t from, to;
};

static void *qthread(void *arg)
{
	struct thr *t = arg;
	for (size_t i = t->from; i < t->to; i++)
		run_query(t->x, qtext[i], NULL);
	return NULL;
}

/* ---- FTS5 peer ---- */

static int join_term(void *ctx, const char *t, size_t n, uint32_t pos)
{
	struct buf *b = ctx;
	(void)pos;
	if (b->len)
		buf_addc(b, ' ');
	return buf_add(b, t, n);
}

static void analysed(struct analyzer *a, const char *s, struct buf *b)
{
	buf_reset(b);
	if (s)
		analyzer_run(a, s, strlen(s), join_term, b);
}

static int quote_term(void *ctx, const char *t, size_t n, uint32_t pos)
{
	struct buf *b = ctx;
	(void)pos;
	if (b->len)
		buf_adds(b, " OR ");
	buf_addc(b, '"');
	buf_add(b, t, n);
	return buf_addc(b, '"');
}

int main(void)
{
	const char *env = getenv("TB_BENCH_DOCS");
	const char *fenv = getenv("TB_BENCH_FTS");
	const char *fqenv = getenv("TB_BENCH_FTS_QUERIES");
	int64_t ndocs = 1000000, nfq = 300;
	struct gdoc g;
	struct mindex *x;
	double t_put = 0, t0, t_all, lat[NQ], lat_sub[NQ], qps2;
	size_t raw = 0, hits = 0;
	long rss_before, rss_after, idx_bytes;
	pthread_t th[2];
	struct thr ta[2];

	if (env && (!parse_i64(env, &ndocs) || ndocs <= 0))
		ndocs = 1000000;
	if (fqenv && (!parse_i64(fqenv, &nfq) || nfq <= 0 || nfq > NQ))
		nfq = 300;
	rng_state = 42;
	buf_init(&g.title, 1 << 16);
	buf_init(&g.kw, 1 << 16);
	buf_init(&g.body, 1 << 20);
	rss_before = peak_rss_bytes();
	x = mindex_new(NULL);
	t0 = now_s();
	for (int64_t i = 1; i <= ndocs; i++) {
		double t1;
		gen_doc(&g, i);
		raw += g.title.len + g.kw.len + g.body.len;
		t1 = now_s();
		if (mindex_put(x, &g.d) != TB_OK) {
			fprintf(stderr, "put failed at %lld\n", (long long)i);
			return 1;
		}
		t_put += now_s() - t1;
	}
	t_all = now_s() - t0;
	rss_after = peak_rss_bytes();
	idx_bytes = (long)mindex_bytes(x);

	gen_queries();
	run_query(x, qtext[0], NULL); /* warm the thread's scratch */
	for (size_t i = 0; i < NQ; i++)
		lat[i] = run_query(x, qtext[i], &hits);
	memcpy(lat_sub, lat, sizeof(lat));
	t0 = now_s();
	for (int i = 0; i < 2; i++) {
		ta[i] = (struct thr){ x, (size_t)i * NQ / 2, (size_t)(i + 1) * NQ / 2 };
		pthread_create(&th[i], NULL, qthread, &ta[i]);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	qps2 = NQ / (now_s() - t0);

	printf("\n== Speed: %lld synthetic bilingual achievements\n", (long long)ndocs);
	printf("%-44s %14s\n", "figure", "value");
	printf("%-44s %14.0f\n", "build docs/s (mindex_put time only)", (double)ndocs / t_put);
	printf("%-44s %14.0f\n", "build docs/s (incl. generating the docs)", (double)ndocs / t_all);
	printf("%-44s %14.1f\n", "raw text MiB (title+keywords+body)", (double)raw / 1048576.0);
	printf("%-44s %14.1f\n", "peak RSS MiB (VmHWM, whole process)", (double)rss_after / 1048576.0);
	printf("%-44s %14.1f\n", "peak RSS MiB before indexing", (double)rss_before / 1048576.0);
	printf("%-44s %14.1f\n", "index heap MiB (mindex_bytes)", (double)idx_bytes / 1048576.0);
	printf("%-44s %14.2f\n", "peak RSS / raw text", (double)rss_after / (double)raw);
	printf("%-44s %14.3f\n", "avg hits returned per query", (double)hits / NQ);
	{
		double med = percentile(lat, NQ, 0.5) * 1e3, p99 = percentile(lat, NQ, 0.99) * 1e3;
		printf("%-44s %14.3f\n", "top-10 latency median ms (1 thread, 2000 q)", med);
		printf("%-44s %14.3f\n", "top-10 latency p99 ms (1 thread)", p99);
		printf("%-44s %14.0f\n", "QPS, 2 threads", qps2);
	}

	if (!fenv || strcmp(fenv, "0") != 0) {
		sqlite3 *db;
		sqlite3_stmt *ins, *qs;
		struct analyzer *a = analyzer_new();
		struct buf bt = BUF_INIT(1 << 20), bk = BUF_INIT(1 << 20), bb = BUF_INIT(1 << 22);
		double ft_build, fl[NQ], ol[NQ];
		size_t fhits = 0;
		mindex_free(x); /* keep the peer's memory separate */
		x = NULL;
		sqlite3_open(":memory:", &db);
		sqlite3_exec(db, "PRAGMA cache_size=-1000000;"
			     "CREATE VIRTUAL TABLE d USING fts5(title, keywords, body, tokenize='unicode61');"
			     "BEGIN;", NULL, NULL, NULL);
		sqlite3_prepare_v2(db, "INSERT INTO d(rowid, title, keywords, body) VALUES (?,?,?,?)",
				   -1, &ins, NULL);
		rng_state = 42;
		t0 = now_s();
		for (int64_t i = 1; i <= ndocs; i++) {
			gen_doc(&g, i);
			analysed(a, g.d.title, &bt);
			analysed(a, g.d.keywords, &bk);
			analysed(a, g.d.body, &bb);
			sqlite3_bind_int64(ins, 1, i);
			sqlite3_bind_text(ins, 2, bt.ptr ? bt.ptr : "", -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, bk.ptr ? bk.ptr : "", -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 4, bb.ptr ? bb.ptr : "", -1, SQLITE_STATIC);
			sqlite3_step(ins);
			sqlite3_reset(ins);
		}
		sqlite3_finalize(ins);
		sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL);
		ft_build = now_s() - t0;
		sqlite3_prepare_v2(db, "SELECT rowid FROM d WHERE d MATCH ? ORDER BY bm25(d) LIMIT 10",
				   -1, &qs, NULL);
		for (int64_t i = 0; i < nfq; i++) {
			double t1;
			buf_reset(&bt);
			analyzer_run(a, qtext[i], strlen(qtext[i]), quote_term, &bt);
			t1 = now_s();
			if (bt.len) {
				sqlite3_bind_text(qs, 1, bt.ptr, -1, SQLITE_STATIC);
				while (sqlite3_step(qs) == SQLITE_ROW)
					fhits++;
				sqlite3_reset(qs);
			}
			fl[i] = now_s() - t1;
			ol[i] = lat_sub[i];
		}
		sqlite3_finalize(qs);
		{
			double fmed = percentile(fl, (size_t)nfq, 0.5) * 1e3;
			double omed = percentile(ol, (size_t)nfq, 0.5) * 1e3;
			printf("%-44s %14.0f\n", "FTS5 build docs/s (incl. our analysis)",
			       (double)ndocs / ft_build);
			printf("%-44s %14lld\n", "FTS5 queries run (first N of the 2000)", (long long)nfq);
			printf("%-44s %14.3f\n", "FTS5 bm25() top-10 median ms", fmed);
			printf("%-44s %14.3f\n", "FTS5 bm25() top-10 p99 ms",
			       percentile(fl, (size_t)nfq, 0.99) * 1e3);
			printf("%-44s %14.3f\n", "techbridge median ms on the same queries", omed);
			printf("%-44s %14.1f\n", "speed-up (FTS5 median / techbridge median)",
			       omed > 0 ? fmed / omed : 0);
			printf("%-44s %14.3f\n", "FTS5 avg hits per query", (double)fhits / (double)nfq);
		}
		sqlite3_close(db);
		analyzer_free(a);
		buf_release(&bt);
		buf_release(&bk);
		buf_release(&bb);
	}
	mindex_free(x);
	buf_release(&g.title);
	buf_release(&g.kw);
	buf_release(&g.body);
	for (size_t i = 0; i < NQ; i++)
		free(qtext[i]);
	return 0;
}
