#!/usr/bin/env bash
# run-tests.sh BUILD [unit|api|e2e ...] - runs the test levels, keeps every
# runner's own output (cmocka prints its totals on stderr), adds the counts up
# and closes with one "N passed, N failed, N skipped" line. Exits non-zero on
# any failure, and when a level ran no test at all.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}; shift || true
LEVELS=("$@"); [ ${#LEVELS[@]} -eq 0 ] && LEVELS=(build unit api e2e)
LOG=test-output; mkdir -p "$LOG"
export TB_BIN="$PWD/$BUILD/techbridge" TB_TEST_OUTPUT="$PWD/$LOG"
pass=0 fail=0 skip=0 broken=0

count_cmocka() { # file -> adds to totals
	local p f s
	p=$(grep -oE '^\[  PASSED  \] [0-9]+' "$1" | awk '{n+=$NF} END{print n+0}')
	f=$(grep -oE '^\[  FAILED  \] [0-9]+' "$1" | awk '{n+=$NF} END{print n+0}')
	s=$(grep -oE '^\[  SKIPPED \] [0-9]+' "$1" | awk '{n+=$NF} END{print n+0}')
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0})); skip=$((skip + ${s:-0}))
}
count_node() {
	local p f s
	p=$(grep -oE '^(# |ℹ )pass [0-9]+' "$1" | grep -oE '[0-9]+$' | tail -1)
	f=$(grep -oE '^(# |ℹ )fail [0-9]+' "$1" | grep -oE '[0-9]+$' | tail -1)
	s=$(grep -oE '^(# |ℹ )skipped [0-9]+' "$1" | grep -oE '[0-9]+$' | tail -1)
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0})); skip=$((skip + ${s:-0}))
}

for level in "${LEVELS[@]}"; do
	case $level in
	build)
		echo "== build checks"
		if scripts/check-first-run.sh "$BUILD"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
		if scripts/check-layers.sh; then pass=$((pass + 1)); else fail=$((fail + 1)); fi ;;
	unit)
		echo "== unit tests"
		for t in "$BUILD"/tests/test_*; do
			[ -x "$t" ] || continue
			out="$LOG/unit-$(basename "$t").log"
			"$t" >"$out" 2>&1; rc=$?
			cat "$out"
			count_cmocka "$out"
			if [ $rc -ne 0 ] && ! grep -q '^\[  FAILED  \]' "$out"; then
				echo "!! $t exited $rc without a cmocka summary (crash?)"; broken=$((broken + 1))
			fi
		done ;;
	api|e2e)
		files=$(ls tests/$level/*.test.mjs 2>/dev/null)
		[ -z "$files" ] && continue
		echo "== $level tests"
		out="$LOG/$level.log"
		node --test --test-concurrency=1 $files >"$out" 2>&1; rc=$?
		cat "$out"
		count_node "$out"
		[ $rc -ne 0 ] && ! grep -qE '^(# |ℹ )fail [1-9]' "$out" && { echo "!! $level runner exited $rc"; broken=$((broken + 1)); } ;;
	esac
done

echo
echo "${pass} passed, ${fail} failed, ${skip} skipped"
[ $fail -eq 0 ] && [ $broken -eq 0 ] && [ $pass -gt 0 ]
