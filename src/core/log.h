/* log.h - one-line structured logging to stderr. Never log secrets: callers
 * pass ids and names, not passwords, tokens or request bodies. */
#ifndef TB_LOG_H
#define TB_LOG_H

enum tb_log_level { TB_LOG_DEBUG, TB_LOG_INFO, TB_LOG_WARN, TB_LOG_ERROR };

void tb_log_set_level(enum tb_log_level lvl);
void tb_log(enum tb_log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define tb_info(...)  tb_log(TB_LOG_INFO, __VA_ARGS__)
#define tb_warn(...)  tb_log(TB_LOG_WARN, __VA_ARGS__)
#define tb_error(...) tb_log(TB_LOG_ERROR, __VA_ARGS__)
#define tb_debug(...) tb_log(TB_LOG_DEBUG, __VA_ARGS__)

#endif
