/* driver.c - the PostgreSQL driver under the one SQL backend (store/sql/sqd.h),
 * on libpq. The backend's SQL is written once with SQLite's `?` placeholders
 * and SQLite's C API in mind; this file makes PostgreSQL answer the same way:
 *
 * - `?` / `?NNN` become `$n` at prepare time (quoted literals, identifiers,
 *   comments and dollar quotes are skipped); each statement is prepared once
 *   per connection under a generated name, its parameters sent as text with
 *   unknown types so the server infers them from the context;
 * - results come in text format and are read like SQLite's columns: a boolean
 *   reads 1/0, an integral numeric (sum() of bigint) is an INTEGER, and a
 *   timestamptz reads "YYYY-MM-DDTHH:MM:SSZ", the form the SQLite backend
 *   stores (the session's TimeZone is UTC);
 * - errors are mapped by SQLSTATE to tb_err as sq_rc does for SQLite;
 * - a failed statement inside a transaction undoes only itself, as in
 *   SQLite (the store may go on after a conflict it expected, e.g. a
 *   duplicate it skips): every writing statement in a transaction runs
 *   under a savepoint, rolled back to on error (PostgreSQL would otherwise
 *   refuse everything up to ROLLBACK). The previous savepoint's RELEASE,
 *   the new SAVEPOINT and the statement go in one round trip (pipeline
 *   mode), so this costs no extra round trip on success;
 * - begin() is BEGIN plus a transaction-scoped advisory lock, so write
 *   transactions run one at a time, as BEGIN IMMEDIATE makes them on SQLite:
 *   the store's read-then-write transactions (login throttling, counters,
 *   the booking probe) stay correct without SERIALIZABLE retries;
 * - a lost connection answers TB_EUNAVAIL (503 upstairs: nothing was
 *   acknowledged, retry) and marks the connection broken; the
 *   next call outside a transaction reconnects, with a back-off between
 *   failed attempts (100 ms doubling to 5 s), so a pooled connection heals
 *   itself once the server is back. A connection lost inside a transaction
 *   stays failed until rollback(): a statement must never run in autocommit
 *   after its transaction was lost, or a half-written operation would commit.
 *
 * - wait() (the change log's follower) LISTENs on tb_changes and sleeps in
 *   poll() on the socket until a NOTIFY arrives or the time is up; LISTEN is
 *   issued again after every reconnect.
 *
 * Every statement's result is read whole (PQexecPrepared), never row by row:
 * the store interleaves statements on one connection (a row loop that runs
 * another query per row), which SQLite allows and a streaming libpq
 * connection does not. */
#include "store/sql/sqd.h"
#include "core/err.h"
#include "core/log.h"
#include <libpq-fe.h>
#include <poll.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Type OIDs of pg_type (fixed since PostgreSQL 7; the server's
 * catalog/pg_type_d.h is not part of libpq-dev). */
enum {
	OID_BOOL = 16, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_OID = 26,
	OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700, OID_TIMESTAMPTZ = 1184,
};

#define PG_BACKOFF_MIN_MS 100
#define PG_BACKOFF_MAX_MS 5000
#define PG_DEALLOC_BATCH 32
/* The advisory lock key of write transactions ("tb" in ASCII). */
#define PG_TX_LOCK "29794"
/* Session settings of every connection, also after a reconnect. */
static const char session_sql[] =
	"SET TimeZone='UTC';SET DateStyle='ISO, YMD';SET IntervalStyle='iso_8601';"
	"SET client_min_messages=warning;SET extra_float_digits=1";

struct sqd_conn {
	PGconn *pg;
	unsigned gen;           /* bumps at every (re)connect: earlier prepares are gone */
	unsigned next_name;
	bool broken, in_tx;
	bool sp_open;           /* the statement savepoint exists in this transaction */
	int64_t changes;
	int64_t retry_at_ms;
	int backoff_ms;
	char err[512];
	/* Names of finalized statements, deallocated in one batch while no
	 * transaction is open (a failed transaction refuses every command). */
	char dealloc[PG_DEALLOC_BATCH][16];
	int ndealloc;
	/* The change-log wait (pg_wait): the session gen that LISTENs on
	 * tb_changes (0: none), and the notifications counted so far. */
	unsigned listen_gen;
	int64_t notes;
};

enum { ST_READY, ST_ROWS, ST_DONE };

struct sqd_stmt {
	struct sqd_conn *c;
	char *sql;              /* with $n placeholders */
	int nparams;
	char name[16];
	unsigned gen;           /* c->gen it was prepared in; 0: not yet */
	char **vals;            /* nparams owned copies; NULL binds NULL */
	PGresult *res;
	int state, row, nrows, ncols;
	char (*conv)[32];       /* per column: timestamptz of the current row, SQLite's form */
	bool writes;            /* INSERT/UPDATE/DELETE/MERGE/WITH: runs under a savepoint in a transaction */
	int bind_rc;            /* a bind that failed (memory, index): the next step fails */
};

/* ---- helpers */

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* libpq's messages span lines ("...failed: ...\n\tIs the server running...");
 * logs and the CLI want one line. */
static void one_line(char *dst, size_t n, const char *msg)
{
	size_t j = 0;
	bool space = false;
	for (const char *p = msg ? msg : ""; *p && j + 1 < n; p++) {
		if (isspace((unsigned char)*p)) {
			space = j > 0;
			continue;
		}
		if (space && j + 2 < n)
			dst[j++] = ' ';
		space = false;
		dst[j++] = *p;
	}
	dst[j] = '\0';
}

static void note_err(struct sqd_conn *c, const char *msg) { one_line(c->err, sizeof(c->err), msg); }

static void ignore_notice(void *arg, const char *msg) { (void)arg; tb_debug("postgresql: %s", msg); }

/* Broken when the socket is gone or the server said it is going away
 * (class 08 connection exception, 57P01..57P03 admin/crash shutdown, cannot
 * connect now: pg_terminate_backend() answers 57P01). */
static bool lost(struct sqd_conn *c, const char *state)
{
	if (PQstatus(c->pg) != CONNECTION_OK)
		return true;
	return state && (!strncmp(state, "08", 2) || !strcmp(state, "57P01") ||
	                 !strcmp(state, "57P02") || !strcmp(state, "57P03"));
}

static void mark_broken(struct sqd_conn *c)
{
	if (!c->broken)
		tb_warn("postgresql: connection lost: %s", c->err);
	c->broken = true;
	c->retry_at_ms = 0;   /* the first reconnect may be tried at once */
}

/* SQLSTATE -> tb_err, as sq_rc does for SQLite's codes: unique, foreign-key
 * and exclusion violations, and serialization failures or deadlocks are
 * conflicts; CHECK, NOT NULL and bad values (class 22) are the caller's
 * data; anything else is the store's failure (logged). */
static int map_state(struct sqd_conn *c, const char *state)
{
	if (lost(c, state)) {
		mark_broken(c);
		return TB_EUNAVAIL;
	}
	if (state) {
		if (!strcmp(state, "23514") || !strcmp(state, "23502") || !strncmp(state, "22", 2))
			return TB_EINVAL;
		if (!strncmp(state, "23", 2) || !strcmp(state, "40001") || !strcmp(state, "40P01"))
			return TB_ECONFLICT;
	}
	tb_error("postgresql: %s (SQLSTATE %s)", c->err, state ? state : "none");
	return TB_EDB;
}

/* Maps a result: TB_OK for success, otherwise the tb_err (res is cleared). */
static int result_rc(struct sqd_conn *c, PGresult *res)
{
	ExecStatusType es = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	const char *state;
	int rc;

	if (es == PGRES_COMMAND_OK || es == PGRES_TUPLES_OK || es == PGRES_EMPTY_QUERY)
		return TB_OK;
	note_err(c, res ? PQresultErrorMessage(res) : PQerrorMessage(c->pg));
	if (!*c->err)
		note_err(c, PQerrorMessage(c->pg));
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	rc = map_state(c, state);
	PQclear(res);
	return rc;
}

/* Rows changed, from "INSERT 0 3" / "UPDATE 2" / "DELETE 1"; other commands
 * (SELECT, SET) leave the count alone, as sqlite3_changes() does. */
static void note_changes(struct sqd_conn *c, PGresult *res)
{
	const char *cmd = PQcmdStatus(res);
	if (!strncmp(cmd, "INSERT", 6) || !strncmp(cmd, "UPDATE", 6) || !strncmp(cmd, "DELETE", 6) ||
	    !strncmp(cmd, "MERGE", 5))
		c->changes = strtoll(PQcmdTuples(res), NULL, 10);
}

static int session_setup(struct sqd_conn *c)
{
	PGresult *res;
	PQsetNoticeProcessor(c->pg, ignore_notice, NULL);
	res = PQexec(c->pg, session_sql);
	if (result_rc(c, res))
		return TB_EDB;
	PQclear(res);
	return TB_OK;
}

/* A broken connection outside a transaction is reconnected here, at most
 * once per back-off period; inside a transaction it stays failed. */
static int ready(struct sqd_conn *c)
{
	int64_t now;
	if (!c->broken)
		return TB_OK;
	if (c->in_tx)
		return TB_EUNAVAIL;
	now = mono_ms();
	if (now < c->retry_at_ms)
		return TB_EUNAVAIL;
	PQreset(c->pg);
	if (PQstatus(c->pg) == CONNECTION_OK && session_setup(c) == TB_OK) {
		c->broken = false;
		c->backoff_ms = 0;
		c->gen++;
		c->ndealloc = 0;   /* the old session's statements went with it */
		tb_info("postgresql: reconnected");
		return TB_OK;
	}
	note_err(c, PQerrorMessage(c->pg));
	c->broken = true;
	c->backoff_ms = c->backoff_ms ? c->backoff_ms * 2 : PG_BACKOFF_MIN_MS;
	if (c->backoff_ms > PG_BACKOFF_MAX_MS)
		c->backoff_ms = PG_BACKOFF_MAX_MS;
	c->retry_at_ms = now + c->backoff_ms;
	tb_warn("postgresql: reconnect failed (next try in %d ms): %s", c->backoff_ms, c->err);
	return TB_EUNAVAIL;
}

/* ---- `?` -> `$n` */

static bool ident_char(char ch) { return isalnum((unsigned char)ch) || ch == '_' || (ch & 0x80); }

/* Writes the rewritten text into out (when non-NULL) and returns its length;
 * *nparams gets the highest parameter number. `?NNN` keeps its number, a
 * bare `?` takes the highest so far plus one (SQLite's rule). */
static size_t rewrite(const char *sql, size_t len, char *out, int *nparams)
{
	size_t i = 0, o = 0;
	int maxp = 0;
#define EMIT(x) do { char e_ = (x); if (out) out[o] = e_; o++; } while (0)
	while (i < len) {
		char ch = sql[i];
		if (ch == '\'' || ch == '"') {
			/* E'..' strings take backslash escapes; others double the quote. */
			bool esc = ch == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
			           (i < 2 || !ident_char(sql[i - 2]));
			EMIT(sql[i++]);
			while (i < len) {
				if (esc && sql[i] == '\\' && i + 1 < len) {
					EMIT(sql[i++]);
					EMIT(sql[i++]);
					continue;
				}
				if (sql[i] == ch) {
					EMIT(sql[i++]);
					if (i < len && sql[i] == ch) {
						EMIT(sql[i++]);
						continue;
					}
					break;
				}
				EMIT(sql[i++]);
			}
		} else if (ch == '-' && i + 1 < len && sql[i + 1] == '-') {
			while (i < len && sql[i] != '\n')
				EMIT(sql[i++]);
		} else if (ch == '/' && i + 1 < len && sql[i + 1] == '*') {
			int depth = 0;   /* PostgreSQL's block comments nest */
			while (i < len) {
				if (sql[i] == '/' && i + 1 < len && sql[i + 1] == '*') {
					depth++;
					EMIT(sql[i++]);
				} else if (sql[i] == '*' && i + 1 < len && sql[i + 1] == '/') {
					depth--;
					EMIT(sql[i++]);
					if (!depth) {
						EMIT(sql[i++]);
						break;
					}
				}
				EMIT(sql[i++]);
			}
		} else if (ch == '$' && (i == 0 || !ident_char(sql[i - 1]))) {
			/* $tag$ ... $tag$ (tag may be empty); $1 is a parameter, kept. */
			size_t t = i + 1;
			while (t < len && (isalpha((unsigned char)sql[t]) || sql[t] == '_' ||
			                   (t > i + 1 && isdigit((unsigned char)sql[t]))))
				t++;
			if (t < len && sql[t] == '$') {
				size_t taglen = t - i + 1, end = t + 1;
				while (end + taglen <= len && memcmp(sql + end, sql + i, taglen))
					end++;
				end = end + taglen <= len ? end + taglen : len;
				while (i < end)
					EMIT(sql[i++]);
			} else {
				EMIT(sql[i++]);
			}
		} else if (ch == '?') {
			int n = 0;
			i++;
			if (i < len && isdigit((unsigned char)sql[i])) {
				while (i < len && isdigit((unsigned char)sql[i]) && n < 100000)
					n = n * 10 + (sql[i++] - '0');
			} else {
				n = maxp + 1;
			}
			if (n > maxp)
				maxp = n;
			char num[16];
			int k = snprintf(num, sizeof(num), "$%d", n);
			for (int j = 0; j < k; j++)
				EMIT(num[j]);
		} else {
			EMIT(sql[i++]);
		}
	}
#undef EMIT
	*nparams = maxp;
	return o;
}

/* True for a statement that may change rows (its first word). */
static bool writes(const char *sql)
{
	static const char *const verbs[] = { "INSERT", "UPDATE", "DELETE", "MERGE", "WITH" };
	while (isspace((unsigned char)*sql) || *sql == '(')
		sql++;
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strncasecmp(sql, verbs[i], strlen(verbs[i])))
			return true;
	return false;
}

/* ---- connection */

static int pg_open(const char *url, struct sqd_conn **out, char *err, size_t errlen)
{
	/* connect_timeout comes before the URL so that one given in it wins;
	 * without one libpq waits for the kernel's TCP timeout (minutes). */
	const char *keys[] = { "connect_timeout", "fallback_application_name", "dbname", NULL };
	const char *vals[] = { "5", "techbridge", url, NULL };
	struct sqd_conn *c = calloc(1, sizeof(*c));
	int rc = TB_EDB;

	*out = NULL;
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return TB_ENOMEM;
	}
	c->gen = 1;
	c->pg = PQconnectdbParams(keys, vals, 1);
	if (!c->pg) {
		snprintf(err, errlen, "out of memory");
		rc = TB_ENOMEM;
		goto out;
	}
	if (PQstatus(c->pg) != CONNECTION_OK) {
		one_line(err, errlen, PQerrorMessage(c->pg));
		goto out;
	}
	if (session_setup(c)) {
		snprintf(err, errlen, "%s", c->err);
		goto out;
	}
	*out = c;
	return TB_OK;
out:
	if (c->pg)
		PQfinish(c->pg);
	free(c);
	return rc;
}

static void pg_close(struct sqd_conn *c)
{
	if (!c)
		return;
	PQfinish(c->pg);
	free(c);
}

static const char *pg_errmsg(struct sqd_conn *c) { return c->err; }

/* Runs sql (no parameters; may hold several statements) and maps the result. */
static int run(struct sqd_conn *c, const char *sql)
{
	PGresult *res;
	int rc;
	if ((rc = ready(c)))
		return rc;
	res = PQexec(c->pg, sql);
	if ((rc = result_rc(c, res)))
		return rc;
	note_changes(c, res);
	PQclear(res);
	return TB_OK;
}

static void flush_dealloc(struct sqd_conn *c)
{
	char sql[PG_DEALLOC_BATCH * 28];
	size_t o = 0;
	PGresult *res;

	if (!c->ndealloc || c->broken || PQtransactionStatus(c->pg) != PQTRANS_IDLE)
		return;
	for (int i = 0; i < c->ndealloc; i++)
		o += (size_t)snprintf(sql + o, sizeof(sql) - o, "DEALLOCATE %s;", c->dealloc[i]);
	c->ndealloc = 0;
	res = PQexec(c->pg, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		tb_warn("postgresql: deallocate: %s", PQresultErrorMessage(res));
	PQclear(res);
}

static int pg_exec(struct sqd_conn *c, const char *sql) { return run(c, sql); }

static int pg_begin(struct sqd_conn *c)
{
	int rc;
	if (c->in_tx) {
		tb_error("postgresql: begin inside a transaction");
		return TB_EDB;
	}
	flush_dealloc(c);
	rc = run(c, "BEGIN;SELECT pg_advisory_xact_lock(" PG_TX_LOCK ")");
	c->sp_open = false;
	if (!rc)
		c->in_tx = true;
	else if (!c->broken)
		run(c, "ROLLBACK");
	return rc;
}

/* COMMIT of a transaction that an error aborted answers "ROLLBACK" without
 * an error: that is a failed commit, never a success. */
static int pg_commit(struct sqd_conn *c)
{
	PGresult *res;
	int rc;

	if (c->broken) {
		note_err(c, "commit on a lost connection: the transaction is gone");
		return TB_EUNAVAIL;
	}
	res = PQexec(c->pg, "COMMIT");
	c->in_tx = c->sp_open = false;
	if ((rc = result_rc(c, res)))
		return rc;
	if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		note_err(c, "commit of a failed transaction: rolled back");
		tb_error("postgresql: %s", c->err);
		PQclear(res);
		return TB_EDB;
	}
	PQclear(res);
	return TB_OK;
}

static int pg_rollback(struct sqd_conn *c)
{
	PGresult *res;
	int rc;

	c->in_tx = c->sp_open = false;
	if (c->broken)   /* the server dropped the transaction with the connection */
		return TB_OK;
	if (PQtransactionStatus(c->pg) == PQTRANS_IDLE)
		return TB_OK;
	res = PQexec(c->pg, "ROLLBACK");
	if ((rc = result_rc(c, res)))
		return rc;
	PQclear(res);
	return TB_OK;
}

static int64_t pg_changes(struct sqd_conn *c) { return c->changes; }

/* ---- statements */

static void clear_result(struct sqd_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	free(st->conv);
	st->conv = NULL;
	st->state = ST_READY;
	st->row = -1;
	st->nrows = st->ncols = 0;
}

static void clear_binds(struct sqd_stmt *st)
{
	st->bind_rc = TB_OK;
	for (int i = 0; i < st->nparams; i++) {
		free(st->vals[i]);
		st->vals[i] = NULL;
	}
}

static struct sqd_stmt *pg_prepare(struct sqd_conn *c, const char *sql, int len)
{
	size_t n = len < 0 ? strlen(sql) : (size_t)len;
	struct sqd_stmt *st = calloc(1, sizeof(*st));
	size_t outlen;

	if (!st)
		goto fail;
	st->c = c;
	st->row = -1;
	outlen = rewrite(sql, n, NULL, &st->nparams);
	if (!(st->sql = malloc(outlen + 1)))
		goto fail;
	rewrite(sql, n, st->sql, &st->nparams);
	st->sql[outlen] = '\0';
	if (st->nparams && !(st->vals = calloc((size_t)st->nparams, sizeof(char *))))
		goto fail;
	snprintf(st->name, sizeof(st->name), "s%u", ++c->next_name);
	st->writes = writes(st->sql);
	/* The server-side prepare waits for the first step: it needs a live
	 * connection, and a statement prepared before a reconnect is prepared
	 * again then anyway. */
	return st;
fail:
	tb_error("postgresql: prepare: out of memory");
	if (st) {
		free(st->sql);
		free(st->vals);
		free(st);
	}
	return NULL;
}

static void pg_finalize(struct sqd_stmt *st)
{
	struct sqd_conn *c;
	if (!st)
		return;
	c = st->c;
	clear_result(st);
	clear_binds(st);
	if (st->gen == c->gen && !c->broken) {
		if (c->ndealloc == PG_DEALLOC_BATCH)
			flush_dealloc(c);
		if (c->ndealloc < PG_DEALLOC_BATCH)
			memcpy(c->dealloc[c->ndealloc++], st->name, sizeof(st->name));
	}
	free(st->vals);
	free(st->sql);
	free(st);
}

static void pg_reset(struct sqd_stmt *st)
{
	clear_result(st);
	clear_binds(st);
}

/* SAVEPOINT (releasing the previous one) and the statement in one round
 * trip: libpq's pipeline mode. Returns the statement's result, or the first
 * failure (a savepoint that failed, a lost connection) in its place; NULL
 * when nothing came back (result_rc reads the connection's error then). */
static PGresult *exec_under_savepoint(struct sqd_conn *c, struct sqd_stmt *st)
{
	const char *cmds[2];
	int ncmd = 0, failed = 0;
	bool sp_ok = false;
	PGresult *res = NULL, *r;

	if (c->sp_open)
		cmds[ncmd++] = "RELEASE SAVEPOINT sqd_stmt";
	cmds[ncmd++] = "SAVEPOINT sqd_stmt";
	if (!PQenterPipelineMode(c->pg))
		return NULL;
	for (int i = 0; i < ncmd; i++)
		failed |= !PQsendQueryParams(c->pg, cmds[i], 0, NULL, NULL, NULL, NULL, 0);
	failed |= !PQsendQueryPrepared(c->pg, st->name, st->nparams, (const char *const *)st->vals,
	                               NULL, NULL, 0);
	failed |= !PQpipelineSync(c->pg);
	/* Each query's results end with a NULL; the sync ends the pipeline. A
	 * lost connection ends it early. */
	for (int q = 0; q <= ncmd && !failed; q++) {
		while ((r = PQgetResult(c->pg))) {
			ExecStatusType es = PQresultStatus(r);
			bool bad = es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK;
			if (q == ncmd - 1 && es == PGRES_COMMAND_OK)
				sp_ok = true;
			/* Keep the statement's result, or the first real failure. */
			if (!res && (q == ncmd || (bad && es != PGRES_PIPELINE_ABORTED)))
				res = r;
			else
				PQclear(r);
		}
		if (PQstatus(c->pg) != CONNECTION_OK)
			failed = 1;
	}
	while (!failed && (r = PQgetResult(c->pg))) {
		bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		PQclear(r);
		if (sync)
			break;
	}
	if (!PQexitPipelineMode(c->pg) && PQstatus(c->pg) == CONNECTION_OK)
		tb_warn("postgresql: pipeline not finished: %s", PQerrorMessage(c->pg));
	/* The savepoint stands when it was taken; a failed RELEASE/SAVEPOINT
	 * (an aborted transaction) leaves none to roll back to. */
	c->sp_open = sp_ok;
	return res;
}

static int execute(struct sqd_stmt *st)
{
	struct sqd_conn *c = st->c;
	PGresult *res;
	int rc;

	if ((rc = ready(c)))
		return rc;
	if (st->gen != c->gen) {
		res = PQprepare(c->pg, st->name, st->sql, st->nparams, NULL);
		if ((rc = result_rc(c, res)))
			return rc;
		PQclear(res);
		st->gen = c->gen;
	}
	if (c->in_tx && st->writes)
		res = exec_under_savepoint(c, st);
	else
		res = PQexecPrepared(c->pg, st->name, st->nparams, (const char *const *)st->vals, NULL, NULL, 0);
	if ((rc = result_rc(c, res))) {
		/* Undo this statement only; the transaction goes on (SQLite's rule). */
		if (c->in_tx && st->writes && c->sp_open && !c->broken) {
			PGresult *undo = PQexec(c->pg, "ROLLBACK TO SAVEPOINT sqd_stmt");
			if (PQresultStatus(undo) != PGRES_COMMAND_OK)
				tb_warn("postgresql: rollback to savepoint: %s", PQresultErrorMessage(undo));
			PQclear(undo);
		}
		return rc;
	}
	note_changes(c, res);
	st->res = res;
	st->nrows = PQntuples(res);
	st->ncols = PQnfields(res);
	if (st->ncols && !(st->conv = calloc((size_t)st->ncols, sizeof(*st->conv)))) {
		clear_result(st);
		return TB_ENOMEM;
	}
	st->row = -1;
	st->state = ST_ROWS;
	return TB_OK;
}

static int pg_step(struct sqd_stmt *st)
{
	int rc;
	if (st->state == ST_DONE) {
		/* SQLite re-runs a finished statement on the next step (with its
		 * bindings): do the same. */
		clear_result(st);
	}
	if (st->state == ST_READY) {
		/* A value that could not be bound must not run as NULL. */
		if (st->bind_rc)
			return st->bind_rc;
		if ((rc = execute(st)))
			return rc;
	}
	if (++st->row < st->nrows) {
		for (int i = 0; i < st->ncols; i++)
			st->conv[i][0] = '\0';
		return SQD_ROW;
	}
	st->state = ST_DONE;
	return SQD_DONE;
}

static int bind_set(struct sqd_stmt *st, int i, char *v)
{
	if (i < 1 || i > st->nparams) {
		tb_error("postgresql: bind index %d out of range 1..%d", i, st->nparams);
		free(v);
		return st->bind_rc = TB_EDB;
	}
	free(st->vals[i - 1]);
	st->vals[i - 1] = v;
	return TB_OK;
}

static void pg_bind_null(struct sqd_stmt *st, int i) { bind_set(st, i, NULL); }

static void pg_bind_int64(struct sqd_stmt *st, int i, int64_t v)
{
	char *s = malloc(24);
	if (!s) {
		st->bind_rc = TB_ENOMEM;
		return;
	}
	snprintf(s, 24, "%" PRId64, v);
	bind_set(st, i, s);
}

static void pg_bind_double(struct sqd_stmt *st, int i, double v)
{
	char *s = malloc(32);
	if (!s) {
		st->bind_rc = TB_ENOMEM;
		return;
	}
	snprintf(s, 32, "%.17g", v);
	bind_set(st, i, s);
}

static void pg_bind_text(struct sqd_stmt *st, int i, const char *s, int len)
{
	char *v = NULL;
	if (s) {
		size_t n = len < 0 ? strlen(s) : (size_t)len;
		if (!(v = malloc(n + 1))) {
			st->bind_rc = TB_ENOMEM;
			return;
		}
		memcpy(v, s, n);
		v[n] = '\0';
	}
	bind_set(st, i, v);
}

static bool have_col(struct sqd_stmt *st, int i)
{
	return st->res && st->row >= 0 && st->row < st->nrows && i >= 0 && i < st->ncols;
}

static int pg_column_count(struct sqd_stmt *st) { return st->res ? PQnfields(st->res) : 0; }

static const char *raw(struct sqd_stmt *st, int i) { return PQgetvalue(st->res, st->row, i); }

/* An integral numeric ("12", "-3") is an INTEGER, as SQLite's sum() of
 * integers is; "12.50" and NaN are FLOAT. */
static bool integral(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static int pg_column_type(struct sqd_stmt *st, int i)
{
	if (!have_col(st, i) || PQgetisnull(st->res, st->row, i))
		return SQD_NULL;
	switch (PQftype(st->res, i)) {
	case OID_BOOL: case OID_INT2: case OID_INT4: case OID_INT8: case OID_OID:
		return SQD_INTEGER;
	case OID_FLOAT4: case OID_FLOAT8:
		return SQD_FLOAT;
	case OID_NUMERIC:
		return integral(raw(st, i)) ? SQD_INTEGER : SQD_FLOAT;
	default:
		return SQD_TEXT;
	}
}

static int64_t pg_column_int64(struct sqd_stmt *st, int i)
{
	const char *s;
	char *end;
	int64_t v;

	if (!have_col(st, i) || PQgetisnull(st->res, st->row, i))
		return 0;
	s = raw(st, i);
	if (PQftype(st->res, i) == OID_BOOL)
		return *s == 't';
	/* As SQLite: a leading number, a real truncated toward zero, 0 for text. */
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end == '.' || *end == 'e' || *end == 'E') {
		double d = strtod(s, NULL);
		if (d >= 9223372036854775807.0)
			return INT64_MAX;
		if (d <= -9223372036854775808.0)
			return INT64_MIN;
		return (int64_t)d;
	}
	return v;
}

static double pg_column_double(struct sqd_stmt *st, int i)
{
	const char *s;
	if (!have_col(st, i) || PQgetisnull(st->res, st->row, i))
		return 0.0;
	s = raw(st, i);
	if (PQftype(st->res, i) == OID_BOOL)
		return *s == 't' ? 1.0 : 0.0;
	return strtod(s, NULL);
}

/* "2026-12-01 08:00:00+00" or "2026-12-01 08:00:00.25+00" (DateStyle ISO,
 * TimeZone UTC) -> "2026-12-01T08:00:00Z". Anything else (infinity, a year
 * past 9999, another zone) is returned as the server wrote it. */
static const char *timestamptz_text(struct sqd_stmt *st, int i, const char *s)
{
	static const char shape[] = "dddd-dd-dd dd:dd:dd";
	size_t n = strlen(s), k;
	char *out = st->conv[i];

	if (out[0])
		return out;
	if (n < 22)
		return s;
	for (k = 0; k < sizeof(shape) - 1; k++)
		if (shape[k] == 'd' ? !isdigit((unsigned char)s[k]) : s[k] != shape[k])
			return s;
	k = 19;
	if (s[k] == '.')
		for (k++; k < n && isdigit((unsigned char)s[k]); k++)
			;
	if (strcmp(s + k, "+00") != 0)
		return s;
	memcpy(out, s, 19);
	out[10] = 'T';
	out[19] = 'Z';
	out[20] = '\0';
	return out;
}

static const char *pg_column_text(struct sqd_stmt *st, int i)
{
	const char *s;
	if (!have_col(st, i) || PQgetisnull(st->res, st->row, i))
		return NULL;
	s = raw(st, i);
	switch (PQftype(st->res, i)) {
	case OID_BOOL:
		return *s == 't' ? "1" : "0";
	case OID_TIMESTAMPTZ:
		return timestamptz_text(st, i, s);
	default:
		return s;
	}
}

static int pg_column_bytes(struct sqd_stmt *st, int i)
{
	const char *s = pg_column_text(st, i);
	return s ? (int)strlen(s) : 0;
}

/* ---- the change-log wait (sqd.h `wait`, issue #12) */

/* Counts the notifications libpq has read (during any earlier query too). */
static void drain_notifies(struct sqd_conn *c)
{
	PGnotify *n;
	while ((n = PQnotifies(c->pg))) {
		c->notes++;
		PQfreemem(n);
	}
}

/* The token is a count of NOTIFYs on tb_changes, which the change log's
 * trigger sends in every logging transaction and the server delivers at its
 * commit. The wait sleeps in poll() on the connection's socket, so an idle
 * follower costs the database nothing and a commit wakes it at once.
 *
 * LISTEN belongs to a session: after a reconnect (ready(), here or in any
 * other call on this connection) it is issued again, and the count is moved
 * because notifications sent while the connection was down are lost: the
 * caller reads the table again. A connection lost while waiting answers
 * TB_EUNAVAIL, as every call does; the next call reconnects. */
static int pg_wait(struct sqd_conn *c, int64_t *token, int timeout_ms)
{
	int64_t deadline = mono_ms() + (timeout_ms > 0 ? timeout_ms : 0), left;
	int rc;

	if (c->in_tx) {
		/* Notifications are delivered between transactions only. */
		tb_error("postgresql: wait inside a transaction");
		return TB_EDB;
	}
	if ((rc = ready(c)))
		return rc;
	if (c->listen_gen != c->gen) {
		if ((rc = run(c, "LISTEN tb_changes")))
			return rc;
		c->listen_gen = c->gen;
		c->notes++;
	}
	for (;;) {
		struct pollfd pfd = { .fd = PQsocket(c->pg), .events = POLLIN };
		if (!PQconsumeInput(c->pg) || PQstatus(c->pg) != CONNECTION_OK) {
			note_err(c, PQerrorMessage(c->pg));
			mark_broken(c);
			return TB_EUNAVAIL;
		}
		drain_notifies(c);
		if (*token < 0 || c->notes != *token)
			break;
		if ((left = deadline - mono_ms()) <= 0)
			break;
		if (pfd.fd < 0) {
			note_err(c, "wait: no socket");
			mark_broken(c);
			return TB_EUNAVAIL;
		}
		if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR) {
			note_err(c, strerror(errno));
			tb_error("postgresql: wait: poll: %s", c->err);
			return TB_EDB;
		}
	}
	*token = c->notes;
	return TB_OK;
}

const struct sqd_driver sqd_pg = {
	.name = "postgresql",
	.dialect = SQD_PG,
	.open = pg_open,
	.close = pg_close,
	.errmsg = pg_errmsg,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.changes = pg_changes,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.step = pg_step,
	.bind_null = pg_bind_null,
	.bind_int64 = pg_bind_int64,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.column_count = pg_column_count,
	.column_type = pg_column_type,
	.column_int64 = pg_column_int64,
	.column_double = pg_column_double,
	.column_text = pg_column_text,
	.column_bytes = pg_column_bytes,
	.wait = pg_wait,
};
