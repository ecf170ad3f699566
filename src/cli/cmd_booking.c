/* cmd_booking.c - `techbridge booking list|create|approve|reject|cancel|usage`:
 * the booking service (domain/booking.h) from the command line, with the
 * same rules and the same no-overlap guarantee as the API. Times are local
 * (UTC+08:00) unless they carry an offset. */
#include "cli/cli.h"
#include "core/err.h"
#include "core/util.h"
#include "domain/booking.h"
#include "domain/app.h"
#include "domain/instrument_ops.h"
#include <stdio.h>
#include <string.h>

static int open_db(int argc, char **argv, struct store **st)
{
	const char *db = cli_opt(argc, argv, "--db", "techbridge.db");
	int rc, applied;
	if ((rc = app_open(db, 0, NULL, st)))
		return fprintf(stderr, "techbridge booking: cannot open %s: %s\n", app_url_shown(db), app_open_error(rc)), rc;
	if ((rc = app_migrate(*st, &applied))) {
		app_close(*st);
		return fprintf(stderr, "techbridge booking: migration failed: %s\n", tb_strerror(rc)), rc;
	}
	return TB_OK;
}

static int fail(int rc, const struct tb_field_error *fe)
{
	if (fe->field[0])
		fprintf(stderr, "%s: %s\n", fe->field, fe->message);
	else
		fprintf(stderr, "techbridge booking: %s\n", tb_strerror(rc));
	return rc == TB_EINVAL || rc == TB_ECONFLICT || rc == TB_ESTATE || rc == TB_EPERM ||
	       rc == TB_ENOTFOUND ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
}

static void print_row(const struct booking *b)
{
	printf("%lld\t%lld\t%s\t%s\t%s\t%s\t%s\t%s", (long long)b->id, (long long)b->instrument_id,
	       b->instrument_name ? b->instrument_name : b->instrument_name_en, b->org_name,
	       b->booker_name ? b->booker_name : (b->booker_email ? b->booker_email : "-"),
	       b->start_at, b->end_at, b->status);
	if (b->used_start)
		printf("\t%.2f", b->fee);
	putchar('\n');
}

static int bk_list(int argc, char **argv, struct store *st, struct arena *a)
{
	struct booking_query q;
	struct booking *rows;
	int64_t total;
	int n, rc;
	const char *v;

	memset(&q, 0, sizeof(q));
	q.limit = 1000;
	q.status = cli_opt(argc, argv, "--status", NULL);
	if (((v = cli_opt(argc, argv, "--org", NULL)) && !parse_i64(v, &q.org_id)) ||
	    ((v = cli_opt(argc, argv, "--instrument", NULL)) && !parse_i64(v, &q.instrument_id)) ||
	    ((v = cli_opt(argc, argv, "--owner-org", NULL)) && !parse_i64(v, &q.owner_org_id)))
		return cli_usage_error("booking", "--org, --instrument and --owner-org take ids");
	if ((rc = booking_list(st, a, &q, &rows, &n, &total)))
		return fprintf(stderr, "techbridge booking: %s\n", tb_strerror(rc)), CLI_EXIT_FAIL;
	printf("id\tinstrument_id\tinstrument\torg\tbooker\tstart\tend\tstatus\tfee\n");
	for (int i = 0; i < n; i++)
		print_row(&rows[i]);
	fprintf(stderr, "%d of %lld bookings\n", n, (long long)total);
	return CLI_EXIT_OK;
}

static int bk_create(int argc, char **argv, struct store *st, struct arena *a)
{
	struct booking_request r;
	struct booking b;
	struct tb_field_error fe = { { 0 }, { 0 } };
	int64_t samples = 0;
	const char *v;
	int rc;

	memset(&r, 0, sizeof(r));
	if (!(v = cli_opt(argc, argv, "--instrument", NULL)) || !parse_i64(v, &r.instrument_id))
		return cli_usage_error("booking", "--instrument ID is required");
	if (!(v = cli_opt(argc, argv, "--org", NULL)) || !parse_i64(v, &r.org_id))
		return cli_usage_error("booking", "--org ID is required");
	if ((v = cli_opt(argc, argv, "--samples", NULL)) && !parse_i64(v, &samples))
		return cli_usage_error("booking", "--samples takes a number");
	r.samples = (int)samples;
	r.booker_name = cli_opt(argc, argv, "--name", NULL);
	r.booker_email = cli_opt(argc, argv, "--email", NULL);
	r.service = cli_opt(argc, argv, "--service", NULL);
	r.purpose = cli_opt(argc, argv, "--purpose", NULL);
	r.start = cli_opt(argc, argv, "--start", NULL);
	r.end = cli_opt(argc, argv, "--end", NULL);
	r.waitlist = cli_flag(argc, argv, "--waitlist");
	if ((rc = booking_request_make(st, a, &r, tb_now_local(), &b, &fe)))
		return fail(rc, &fe);
	print_row(&b);
	return CLI_EXIT_OK;
}

static int bk_act(int argc, char **argv, struct store *st, struct arena *a, const char *action)
{
	struct booking b;
	struct tb_field_error fe = { { 0 }, { 0 } };
	int64_t id;
	int rc;
	if (argc < 3 || !parse_i64(argv[2], &id))
		return cli_usage_error("booking", "%s needs a booking id", action);
	if (!strcmp(action, "usage"))
		rc = booking_record_use(st, a, id, cli_opt(argc, argv, "--start", NULL),
		                        cli_opt(argc, argv, "--end", NULL), 0, &b, &fe);
	else
		rc = booking_act(st, a, id, action, NULL /* the operator */,
		                 cli_opt(argc, argv, "--note", NULL), tb_now_local(), &b, &fe);
	if (rc)
		return fail(rc, &fe);
	print_row(&b);
	return CLI_EXIT_OK;
}

int cmd_booking(int argc, char **argv)
{
	static const char *const subs[] = { "list", "create", "approve", "reject", "cancel", "accept",
	                                    "usage", NULL };
	struct store *st;
	struct arena a;
	int rc, ok = 0;
	const char *sub = argc > 1 ? argv[1] : "";

	for (int i = 0; subs[i]; i++)
		ok |= !strcmp(subs[i], sub);
	if (!ok)
		return cli_usage_error("booking", "usage: booking list [--org ID] [--instrument ID] "
		                       "[--owner-org ID] [--status S] | create --instrument ID --org ID "
		                       "--name N --email E --start T --end T [--waitlist] | "
		                       "approve|reject|cancel|accept ID [--note TEXT] | usage ID "
		                       "[--start T --end T]  (all take --db PATH)");
	if (open_db(argc, argv, &st))
		return CLI_EXIT_FAIL;
	arena_init(&a, 64u << 20);
	if (!strcmp(sub, "list"))
		rc = bk_list(argc, argv, st, &a);
	else if (!strcmp(sub, "create"))
		rc = bk_create(argc, argv, st, &a);
	else
		rc = bk_act(argc, argv, st, &a, sub);
	arena_release(&a);
	app_close(st);
	return rc;
}
