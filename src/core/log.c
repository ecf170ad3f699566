/* log.c - timestamped log lines; one fprintf per line so threads do not interleave. */
#include "core/log.h"
#include "core/util.h"
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static enum tb_log_level min_level = TB_LOG_INFO;

void tb_log_set_level(enum tb_log_level lvl) { min_level = lvl; }

void tb_log(enum tb_log_level lvl, const char *fmt, ...)
{
	static const char *names[] = { "debug", "info", "warn", "error" };
	char msg[1024], ts[32];
	struct tm tm;
	time_t now;
	va_list ap;

	if (lvl < min_level)
		return;
	now = (time_t)now_unix();
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s %s %s\n", ts, names[lvl], msg);
}
