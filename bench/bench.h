/* bench.h - helpers shared by the benchmark programs (header-only because the
 * Makefile builds each bench source on its own): locating ../shared/data and
 * bench-output/, timing, peak RSS, reading JSON lines, and the IR metrics
 * (trec_eval definitions of nDCG@k and recall@k). */
#ifndef TB_BENCH_H
#define TB_BENCH_H

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static inline double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Shared data dir: $TB_SHARED/data, else <repo>/../shared/data. The benches are
 * run from the repository root by scripts/run-bench.sh. */
static inline const char *shared_data_dir(void)
{
	static char path[4096];
	const char *env = getenv("TB_SHARED");
	struct stat st;
	if (env && *env)
		snprintf(path, sizeof(path), "%s/data", env);
	else
		snprintf(path, sizeof(path), "../shared/data");
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return path;
}

/* out = dir + "/" + rel; false when it does not fit. */
static inline int join_path(char *out, size_t n, const char *dir, const char *rel)
{
	int w = snprintf(out, n, "%s/%s", dir, rel);
	return w > 0 && (size_t)w < n;
}

static inline const char *out_dir(void)
{
	const char *env = getenv("TB_BENCH_OUT");
	const char *d = env && *env ? env : "bench-output";
	mkdir(d, 0755);
	return d;
}

/* Peak resident set in bytes (VmHWM). */
static inline long peak_rss_bytes(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (strncmp(line, "VmHWM:", 6) == 0) {
				kb = strtol(line + 6, NULL, 10);
				break;
			}
		fclose(f);
	}
	if (kb < 0) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		kb = ru.ru_maxrss;
	}
	return kb * 1024;
}

/* Reads a whole file; NULL on error. */
static inline char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (p = malloc((size_t)n + 1))) {
		if (fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		} else {
			p[n] = 0;
			if (len)
				*len = (size_t)n;
		}
	}
	fclose(f);
	return p;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static inline double percentile(double *v, size_t n, double p)
{
	size_t i;
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

/* nDCG@k (trec_eval ndcg_cut: gain = qrel grade, discount log2(rank+1), ideal
 * from the sorted grades). gains[i] = grade of the i-th retrieved doc (0 if not
 * relevant); rel[] = the query's positive grades. */
static inline double ndcg_at(const int *gains, size_t nret, const int *rel, size_t nrel, size_t k)
{
	double dcg = 0, idcg = 0;
	int *s;
	for (size_t i = 0; i < nret && i < k; i++)
		if (gains[i] > 0)
			dcg += gains[i] / log2((double)i + 2);
	s = malloc((nrel ? nrel : 1) * sizeof(*s));
	if (!s)
		return 0;
	memcpy(s, rel, nrel * sizeof(*s));
	for (size_t i = 0; i < nrel; i++) /* sort descending (tiny) */
		for (size_t j = i + 1; j < nrel; j++)
			if (s[j] > s[i]) {
				int t = s[i];
				s[i] = s[j];
				s[j] = t;
			}
	for (size_t i = 0; i < nrel && i < k; i++)
		if (s[i] > 0)
			idcg += s[i] / log2((double)i + 2);
	free(s);
	return idcg > 0 ? dcg / idcg : 0;
}

#endif
