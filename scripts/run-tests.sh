#!/usr/bin/env bash
# run-tests.sh BUILD [unit|api|e2e ...] - runs the test levels, keeps every
# runner's own output (cmocka prints its totals on stderr), adds the counts up
# and closes with one "N passed, N failed, N skipped" line. Exits non-zero on
# any failure, when a level ran no test at all, and on an unexpected skip.
#
# Skip policy (docs/testing.md): a test may skip only for a missing external
# resource that is documented, never for a missing feature of this project.
# Every skip is printed with its reason; a reason that matches no line of
# tests/skips.allowed fails the run. Lines that tests print with the marker
# KNOWN_FIXED_ELSEWHERE (spec cells fixed on another branch) are listed too.
#
# API and browser test files run in parallel (each starts its own server on
# its own port with its own database); TB_TEST_JOBS sets how many at once.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}; shift || true
LEVELS=("$@"); [ ${#LEVELS[@]} -eq 0 ] && LEVELS=(build unit api e2e)
LOG=${TB_TEST_LOG:-test-output}; mkdir -p "$LOG"   # TB_TEST_LOG: e.g. one folder per repeat
export TB_BIN="$PWD/$BUILD/techbridge" TB_TEST_OUTPUT="$(cd "$LOG" && pwd)"
# API tests with a time bound (hang detectors, tests/api/full_demo.test.mjs) scale it on the
# ASan/UBSan build, which runs the same code several times slower.
case "$BUILD" in *san*) export TB_TIME_SCALE=${TB_TIME_SCALE:-4} ;; esac
# Test databases, servers' temp folders and browser profiles go to memory
# (tmpfs) when the machine has one: SQLite's commits (every migration, every
# write) then cost no disk flush. TB_TEST_TMPDIR picks another folder.
TMP_TESTS=${TB_TEST_TMPDIR:-/dev/shm}
if [ -d "$TMP_TESTS" ] && [ -w "$TMP_TESTS" ]; then export TMPDIR="$TMP_TESTS"; fi
JOBS=${TB_TEST_JOBS:-4}
UNIT_JOBS=${TB_UNIT_JOBS:-4}
API_SLOW_FIRST="full_demo rbac migrate hardening auth challenges lifecycle failures import two_nodes feeds access_log torture changelog"
E2E_SLOW_FIRST="apiref review_workbench challenges checklist revision orgs dash_kpis"
E2E_JOBS=${TB_E2E_JOBS:-2}
ALLOWED=tests/skips.allowed
pass=0 fail=0 skip=0 broken=0

# One throw-away PostgreSQL cluster for the run (issue #12), never a server
# the machine happens to run: scripts/pg-cluster.sh makes it in a temp dir
# and the EXIT trap removes it, also when a test fails or the run is
# interrupted. The unit tests of the PostgreSQL driver and schema use it
# through TB_TEST_PG_URL. A caller that sets TB_TEST_PG_URL brings its own.
PG_DIR= FIX_DIR=
stop_pg() { [ -n "$PG_DIR" ] && scripts/pg-cluster.sh stop "$PG_DIR"; PG_DIR=; }
BROWSER_PID=
stop_browser() { [ -n "$BROWSER_PID" ] && { kill "$BROWSER_PID" 2>/dev/null; wait "$BROWSER_PID" 2>/dev/null; }; BROWSER_PID=; }
cleanup() { stop_browser; stop_pg; [ -n "$FIX_DIR" ] && rm -rf "$FIX_DIR"; FIX_DIR=; }
trap cleanup EXIT
trap 'exit 130' INT TERM
has_level() { [[ " ${LEVELS[*]} " == *" $1 "* ]]; }
needs_pg=0
for level in "${LEVELS[@]}"; do case $level in unit|api) needs_pg=1 ;; esac; done
if [ $needs_pg -eq 1 ] && [ -z "${TB_TEST_PG_URL:-}" ]; then
	PG_DIR=$(mktemp -d /tmp/tb-pg.XXXXXX)
	if ! TB_TEST_PG_URL=$(scripts/pg-cluster.sh start "$PG_DIR"); then
		echo "!! could not start the test PostgreSQL cluster (scripts/pg-cluster.sh)"; exit 1
	fi
	export TB_TEST_PG_URL
	echo "== PostgreSQL test cluster: $TB_TEST_PG_URL"
fi
# pg_db NAME: the URL of database NAME on the cluster (its base URL names `postgres`).
pg_db() { printf '%s\n' "$TB_TEST_PG_URL" | sed -E "s#^(postgres(ql)?://[^/]*/)[^?]*#\1$1#"; }
# A fresh, empty database NAME on the cluster.
pg_fresh() { psql -qX -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" "$TB_TEST_PG_URL" >/dev/null; }
# API test servers copy a migrated template (CREATE DATABASE ... TEMPLATE)
# instead of running the migrations each (tests/api/lib.mjs).
# Which backends the API level runs on: TB_TEST_DB=sqlite|pg picks one;
# by default both, at the same time (each file starts its own servers).
API_DBS=${TB_TEST_DB:-sqlite pg}
if [ -n "${TB_TEST_PG_URL:-}" ] && has_level api && [ -z "${TB_TEST_PG_TEMPLATE:-}" ]; then
	if pg_fresh tb_template && "$TB_BIN" migrate --db "$(pg_db tb_template)" >/dev/null 2>"$LOG/pg-template.log"; then
		export TB_TEST_PG_TEMPLATE=tb_template
	else
		echo "!! could not migrate the PostgreSQL template database:"; cat "$LOG/pg-template.log"; exit 1
	fi
fi
# Shared fixtures (docs/testing.md): the small demo is generated once per
# run, both backends at the same time, and every test file that serves it
# copies it (tests/api/lib.mjs demoSmallFixture) instead of generating its
# own: SQLite a file copy, PostgreSQL CREATE DATABASE ... TEMPLATE. The demo's
# own tests still generate it. TB_PWHASH=test: its accounts hash cheaply, as
# the tests' own do (docs/security.md).
if { has_level api || has_level e2e; } && [ -z "${TB_TEST_DEMO_SMALL:-}" ]; then
	FIX_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tb-fixtures.XXXXXX")
	fix_pids=()
	TB_PWHASH=test "$TB_BIN" demo --db "$FIX_DIR/demo-small.db" --small --quiet >"$LOG/fixture-demo-sqlite.log" 2>&1 &
	fix_pids+=($!)
	if [ -n "${TB_TEST_PG_TEMPLATE:-}" ] && [[ " $API_DBS " == *" pg "* ]] && has_level api; then
		( psql -qX -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS tb_demo_small WITH (FORCE)" \
		       -c "CREATE DATABASE tb_demo_small TEMPLATE $TB_TEST_PG_TEMPLATE" "$TB_TEST_PG_URL" &&
		  TB_PWHASH=test "$TB_BIN" demo --db "$(pg_db tb_demo_small)" --small --quiet ) >"$LOG/fixture-demo-pg.log" 2>&1 &
		fix_pids+=($!)
		export TB_TEST_PG_DEMO_TEMPLATE=tb_demo_small
	fi
	for p in "${fix_pids[@]}"; do
		wait "$p" || { echo "!! could not generate the shared small demo:"; cat "$LOG"/fixture-demo-*.log; exit 1; }
	done
	# A copy must be the whole database: no write-ahead log left beside it.
	[ -e "$FIX_DIR/demo-small.db-wal" ] && { echo "!! the shared demo left a WAL file"; exit 1; }
	export TB_TEST_DEMO_SMALL="$FIX_DIR/demo-small.db"
fi
echo "-- set-up (PostgreSQL cluster, template, shared demo): $SECONDS s"
SKIPS="$LOG/skips.txt"; : >"$SKIPS"
KNOWN="$LOG/known-fixed-elsewhere.txt"; : >"$KNOWN"

count_cmocka() { # file -> adds to totals
	local p f s
	p=$(grep -oE '^\[  PASSED  \] [0-9]+' "$1" | awk '{n+=$NF} END{print n+0}')
	f=$(grep -oE '^\[  FAILED  \] [0-9]+' "$1" | awk '{n+=$NF} END{print n+0}')
	s=$(grep -oE '^\[  SKIPPED \] [0-9]+' "$1" | awk '{n+=$NF} END{print n+0}')
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0})); skip=$((skip + ${s:-0}))
	# cmocka's skip() carries no reason: the test name stands for it.
	grep -E '^\[  SKIPPED \] [A-Za-z_]' "$1" | sed -E "s/^\[  SKIPPED \] /$(basename "$1" .log): /; s/\$/ # SKIP (cmocka, no reason)/" >>"$SKIPS"
}
count_node() {
	local p f s
	p=$(grep -oE '^(# |ℹ )pass [0-9]+' "$1" | grep -oE '[0-9]+$' | tail -1)
	f=$(grep -oE '^(# |ℹ )fail [0-9]+' "$1" | grep -oE '[0-9]+$' | tail -1)
	s=$(grep -oE '^(# |ℹ )skipped [0-9]+' "$1" | grep -oE '[0-9]+$' | tail -1)
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0})); skip=$((skip + ${s:-0}))
	# TAP: "ok 3 - title # SKIP reason" (indented for subtests)
	grep -E '^\s*ok [0-9]+ - .* # SKIP' "$1" | sed -E 's/^\s*ok [0-9]+ - //' >>"$SKIPS"
	grep -hoE 'KNOWN_FIXED_ELSEWHERE.*' "$1" >>"$KNOWN"
}

# Each level's wall-clock seconds and the load average when it ended, for
# the figures in docs/testing.md ("Speed").
level_t0=$SECONDS
level_time() { echo "-- $1 level: $((SECONDS - level_t0)) s wall, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"; level_t0=$SECONDS; }
for level in "${LEVELS[@]}"; do
	level_t0=$SECONDS
	case $level in
	build)
		echo "== build checks"
		if scripts/check-first-run.sh "$BUILD"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
		if scripts/check-layers.sh; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
		# The mutation list (tests/mutants.json, make mutate) still fits the code.
		if node scripts/mutate.mjs --check; then pass=$((pass + 1)); else fail=$((fail + 1)); fi ;;
	unit)
		echo "== unit tests"
		# The binaries run UNIT_JOBS at a time (each has its own scratch
		# files and PostgreSQL databases; most of their time is waiting on
		# SQLite and PostgreSQL, not CPU), the longest first; their output is
		# printed and counted afterwards in name order, as if run one by one.
		unit_one() { # binary log [env...]: runs one binary, its exit code into log.rc
			local t=$1 out=$2; shift 2
			env "$@" "$t" >"$out" 2>&1; echo $? >"$out.rc"
		}
		# The store's contract on the PostgreSQL backend too (issue #12).
		unit_conf_pg() {
			local t="$BUILD/tests/test_store_conformance" out="$LOG/unit-test_store_conformance-pg.log"
			if pg_fresh tb_conformance; then
				unit_one "$t" "$out" TB_STORE_URL="$(pg_db tb_conformance)"
			else
				echo "could not create the conformance database" >"$out"; echo 1 >"$out.rc"
			fi
		}
		conf_pg=0
		[ -x "$BUILD/tests/test_store_conformance" ] && [ -n "${TB_TEST_PG_URL:-}" ] && conf_pg=1
		unit_bins=()
		for t in "$BUILD"/tests/test_*; do [ -x "$t" ] && unit_bins+=("$t"); done
		slow=(test_store_conformance test_pg_schema test_pg_driver test_challenge_race test_auth test_store)
		order=()
		for n in "${slow[@]}"; do [ -x "$BUILD/tests/$n" ] && order+=("$BUILD/tests/$n"); done
		for t in "${unit_bins[@]}"; do [[ " ${slow[*]} " == *" $(basename "$t") "* ]] || order+=("$t"); done
		running=0
		if [ $conf_pg -eq 1 ]; then unit_conf_pg & running=1; fi
		for t in "${order[@]}"; do
			unit_one "$t" "$LOG/unit-$(basename "$t").log" &
			running=$((running + 1))
			if [ $running -ge "$UNIT_JOBS" ]; then wait -n; running=$((running - 1)); fi
		done
		wait
		for t in "${unit_bins[@]}"; do
			out="$LOG/unit-$(basename "$t").log"
			rc=$(cat "$out.rc" 2>/dev/null || echo 1)
			cat "$out"
			count_cmocka "$out"
			if [ "$rc" -ne 0 ] && ! grep -q '^\[  FAILED  \]' "$out"; then
				echo "!! $t exited $rc without a cmocka summary (crash?)"; broken=$((broken + 1))
			fi
		done
		if [ $conf_pg -eq 1 ]; then
			t="$BUILD/tests/test_store_conformance" out="$LOG/unit-test_store_conformance-pg.log"
			rc=$(cat "$out.rc" 2>/dev/null || echo 1)
			echo "-- $(basename "$t") on PostgreSQL"
			cat "$out"
			count_cmocka "$out"
			if [ "$rc" -ne 0 ] && ! grep -q '^\[  FAILED  \]' "$out"; then
				echo "!! $t on PostgreSQL exited $rc without a cmocka summary"; broken=$((broken + 1))
			fi
		fi ;;
	api)
		# The longest files first (measured, docs/testing.md "Speed"), the rest
		# in name order: started last, a long file would run alone at the end
		# while the other slots sit idle.
		files=$(for f in $API_SLOW_FIRST; do [ -f "tests/api/$f.test.mjs" ] && echo "tests/api/$f.test.mjs"; done
		        ls tests/api/*.test.mjs 2>/dev/null | grep -vxF -f <(for f in $API_SLOW_FIRST; do echo "tests/api/$f.test.mjs"; done))
		[ -z "$files" ] && continue
		# One runner per backend, side by side; each log is counted on its own.
		pids=() outs=()
		# A file whose header says "// engines: sqlite" runs on SQLite only:
		# it works on SQLite files of its own (seed figures) or is covered on
		# PostgreSQL by a benchmark (the full demo); docs/testing.md.
		sqlite_only=$(grep -lE '^// engines: sqlite( |$)' $files)
		for db in $API_DBS; do
			out="$LOG/api.log"; [ "$db" = sqlite ] || out="$LOG/api-$db.log"
			db_files=$files
			[ "$db" = sqlite ] || db_files=$(grep -vxF -f <(printf '%s\n' $sqlite_only) <<<"$files")
			echo "== api tests ($db)"
			TB_TEST_DB=$db node --test --test-reporter=tap --test-concurrency="$JOBS" $db_files >"$out" 2>&1 &
			pids+=($!) outs+=("$out")
		done
		for i in "${!pids[@]}"; do
			wait "${pids[$i]}"; rc=$?
			out=${outs[$i]}
			echo "== $(basename "$out" .log)"
			cat "$out"
			count_node "$out"
			[ $rc -ne 0 ] && ! grep -qE '^(# |ℹ )fail [1-9]' "$out" && { echo "!! api runner ($out) exited $rc"; broken=$((broken + 1)); }
		done ;;
	e2e)
		files=$(for f in $E2E_SLOW_FIRST; do [ -f "tests/e2e/$f.test.mjs" ] && echo "tests/e2e/$f.test.mjs"; done
		        ls tests/e2e/*.test.mjs 2>/dev/null | grep -vxF -f <(for f in $E2E_SLOW_FIRST; do echo "tests/e2e/$f.test.mjs"; done))
		[ -z "$files" ] && continue
		echo "== e2e tests"
		out="$LOG/e2e.log"
		# One chromium for every file of the level (scripts/browser-server.mjs);
		# a caller that sets TB_BROWSER_WS brings its own.
		if [ -z "${TB_BROWSER_WS:-}" ]; then
			ws_file="$LOG/browser-ws.txt"; rm -f "$ws_file"
			node scripts/browser-server.mjs "$ws_file" >"$LOG/browser-server.log" 2>&1 &
			BROWSER_PID=$!
			# Wait for the endpoint (or the server's death), up to 60 s.
			for _ in $(seq 1 600); do
				[ -s "$ws_file" ] && break
				kill -0 "$BROWSER_PID" 2>/dev/null || break
				sleep 0.1
			done
			if [ ! -s "$ws_file" ]; then
				echo "!! the shared chromium did not start:"; cat "$LOG/browser-server.log"; broken=$((broken + 1)); continue
			fi
			export TB_BROWSER_WS=$(cat "$ws_file")
		fi
		node --test --test-reporter=tap --test-concurrency="$E2E_JOBS" $files >"$out" 2>&1; rc=$?
		stop_browser
		cat "$out"
		count_node "$out"
		[ $rc -ne 0 ] && ! grep -qE '^(# |ℹ )fail [1-9]' "$out" && { echo "!! e2e runner exited $rc"; broken=$((broken + 1)); } ;;
	esac
	level_time "$level"
done

unexpected=0
PATTERNS="$LOG/skips.allowed.re"; grep -vE '^\s*(#|$)' "$ALLOWED" >"$PATTERNS" 2>/dev/null
if [ -s "$SKIPS" ]; then
	echo
	echo "== skipped tests (each with its reason)"
	while IFS= read -r line; do
		reason=${line##*# SKIP}
		if [ -s "$PATTERNS" ] && grep -qE -f "$PATTERNS" <<<"$reason"; then
			echo "  skip (allowed): $line"
		else
			echo "  skip (UNEXPECTED, not in $ALLOWED): $line"; unexpected=$((unexpected + 1))
		fi
	done <"$SKIPS"
fi
if [ -s "$KNOWN" ]; then
	echo
	echo "== spec cells that fail here and are fixed on another branch (see the test's KNOWN_FIXED_ELSEWHERE list)"
	sort -u "$KNOWN" | sed 's/^/  /'
fi

echo
echo "${pass} passed, ${fail} failed, ${skip} skipped"
[ $unexpected -gt 0 ] && echo "!! $unexpected unexpected skip(s): a skip may only stand for a missing documented external resource (docs/testing.md)"
[ $fail -eq 0 ] && [ $broken -eq 0 ] && [ $pass -gt 0 ] && [ $unexpected -eq 0 ]
