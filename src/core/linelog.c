/* linelog.c - see linelog.h. One ring of bytes: producers append at `head`
 * under the mutex; the writer thread writes [tail, head) without holding it
 * (producers never touch bytes before head that the writer has not released)
 * and then advances tail. Lines never interleave: a line goes in whole or
 * not at all. */
#include "core/linelog.h"
#include "core/err.h"
#include "core/log.h"
#include "core/metrics.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct linelog {
	int fd, own_fd;
	char *ring;
	size_t cap;
	size_t head, tail;           /* byte positions, modulo cap when indexing */
	int stopping;
	pthread_mutex_t mu;
	pthread_cond_t more;         /* the writer waits here for bytes */
	pthread_t writer;
};

/* Writes n bytes, retrying short writes; a failing file loses the bytes
 * (logged once) rather than stopping the server. */
static void write_all(struct linelog *l, const char *p, size_t n)
{
	static int warned;
	while (n > 0) {
		ssize_t w = write(l->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!warned++)
				tb_warn("access log: write failed: %s", strerror(errno));
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

static void *writer_main(void *arg)
{
	struct linelog *l = arg;
	pthread_mutex_lock(&l->mu);
	for (;;) {
		size_t head, tail, from, n;
		while (l->head == l->tail && !l->stopping)
			pthread_cond_wait(&l->more, &l->mu);
		if (l->head == l->tail && l->stopping)
			break;
		head = l->head;
		tail = l->tail;
		pthread_mutex_unlock(&l->mu);
		from = tail % l->cap;
		n = head - tail;
		if (from + n > l->cap) {
			write_all(l, l->ring + from, l->cap - from);
			write_all(l, l->ring, n - (l->cap - from));
		} else {
			write_all(l, l->ring + from, n);
		}
		pthread_mutex_lock(&l->mu);
		l->tail = head;
	}
	pthread_mutex_unlock(&l->mu);
	return NULL;
}

int linelog_open(const char *path, size_t cap, struct linelog **out)
{
	struct linelog *l;
	sigset_t all, old;
	int rc = TB_OK;

	*out = NULL;
	if (!(l = calloc(1, sizeof(*l))))
		return TB_ENOMEM;
	l->cap = cap ? cap : (4u << 20);
	l->fd = -1;
	if (!(l->ring = malloc(l->cap))) {
		rc = TB_ENOMEM;
		goto out;
	}
	if (!strcmp(path, "-")) {
		l->fd = STDOUT_FILENO;
	} else {
		l->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
		l->own_fd = 1;
		if (l->fd < 0) {
			tb_error("access log: cannot open %s: %s", path, strerror(errno));
			rc = TB_EIO;
			goto out;
		}
	}
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->more, NULL);
	/* The writer takes no signals: the server's main thread waits for them. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	if (pthread_create(&l->writer, NULL, writer_main, l))
		rc = TB_ENOMEM;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		pthread_cond_destroy(&l->more);
		pthread_mutex_destroy(&l->mu);
	}
out:
	if (rc) {
		if (l->own_fd && l->fd >= 0)
			close(l->fd);
		free(l->ring);
		free(l);
		return rc;
	}
	*out = l;
	return TB_OK;
}

int linelog_put(struct linelog *l, const char *line, size_t n)
{
	size_t at, first;
	pthread_mutex_lock(&l->mu);
	if (l->cap - (l->head - l->tail) < n) {
		pthread_mutex_unlock(&l->mu);
		tbm_inc(TBM_ACCESS_LOG_DROPPED);
		return TB_ELIMIT;
	}
	at = l->head % l->cap;
	first = l->cap - at < n ? l->cap - at : n;
	memcpy(l->ring + at, line, first);
	memcpy(l->ring, line + first, n - first);
	if (l->head == l->tail)
		pthread_cond_signal(&l->more);
	l->head += n;
	pthread_mutex_unlock(&l->mu);
	tbm_inc(TBM_ACCESS_LOG_LINES);
	return TB_OK;
}

void linelog_close(struct linelog *l)
{
	if (!l)
		return;
	pthread_mutex_lock(&l->mu);
	l->stopping = 1;
	pthread_cond_signal(&l->more);
	pthread_mutex_unlock(&l->mu);
	pthread_join(l->writer, NULL);
	if (l->own_fd)
		close(l->fd);
	pthread_cond_destroy(&l->more);
	pthread_mutex_destroy(&l->mu);
	free(l->ring);
	free(l);
}
