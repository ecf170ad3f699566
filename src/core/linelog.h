/* linelog.h - a file (or stdout) that many threads append whole lines to
 * without waiting for the disk: a line is copied into a bounded in-memory
 * ring and a writer thread of its own writes the ring out. Used for the
 * access log (serve --access-log).
 *
 * Why not write() from the request thread: a slow disk or a full pipe behind
 * "-" would stall every request thread with it. Here the request thread only
 * copies bytes under a short mutex; when the writer falls behind by more than
 * the ring holds, the line is dropped and counted, never waited for. */
#ifndef TB_LINELOG_H
#define TB_LINELOG_H

#include <stddef.h>

struct linelog;

/* path "-" is stdout; otherwise the file is created or appended to (O_APPEND).
 * cap: ring size in bytes (0 = 4 MiB). Starts the writer thread. */
int linelog_open(const char *path, size_t cap, struct linelog **out);
/* Copies one line (the caller includes its '\n'). TB_OK, or TB_ELIMIT when
 * the ring is full and the line was dropped (TBM_ACCESS_LOG_DROPPED counts). */
int linelog_put(struct linelog *l, const char *line, size_t n);
/* Writes out what is buffered, stops the writer, closes the file. */
void linelog_close(struct linelog *l);

#endif
