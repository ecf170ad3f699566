#!/usr/bin/env bash
# run-bench.sh BUILD - runs every benchmark program in BUILD/bench from the
# repository root, prints each one's figures table and keeps a copy of every
# output under bench-output/ (gitignored) with a combined summary.txt.
# The shared evaluation data is found through $TB_SHARED (default: ../shared
# next to the repository); a benchmark whose data is absent prints SKIP and the
# run goes on. TB_BENCH_DOCS sets the synthetic corpus size of bench_speed
# (default 1,000,000).
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
OUT=bench-output
mkdir -p "$OUT"
export TB_BENCH_OUT="$PWD/$OUT"
if [ -z "${TB_SHARED:-}" ]; then
	export TB_SHARED="$(cd .. && pwd)/shared"
fi
[ -d "$TB_SHARED/data" ] || echo "run-bench: no shared data at $TB_SHARED/data: data benchmarks will skip"

summary="$OUT/summary.txt"
{
	echo "# techbridge benchmarks $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "# host: $(uname -srm), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo "# commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
} >"$summary"

status=0
for b in "$BUILD"/bench/bench_*; do
	[ -x "$b" ] || continue
	name=$(basename "$b")
	echo "== $name"
	start=$(date +%s)
	"$b" 2>&1 | tee "$OUT/$name.txt"
	rc=${PIPESTATUS[0]}
	end=$(date +%s)
	echo "($name: exit $rc, $((end - start)) s)"
	{ cat "$OUT/$name.txt"; echo "($name: exit $rc, $((end - start)) s)"; echo; } >>"$summary"
	[ "$rc" -eq 0 ] || status=1
done
# Booking throughput through the HTTP API with the no-overlap check (node).
echo "== booking (bench/booking.mjs)"
start=$(date +%s)
node bench/booking.mjs --bin "$BUILD/techbridge" --seconds 5 2>&1 | tee "$OUT/booking.txt"
rc=${PIPESTATUS[0]}
end=$(date +%s)
{ echo "== booking"; cat "$OUT/booking.txt"; echo "(booking: exit $rc, $((end - start)) s)"; echo; } >>"$summary"
[ "$rc" -eq 0 ] || status=1

# Two app nodes on one database (issue #12): commit-to-visibility on the
# other node over 1,000 writes, and read throughput of 1 node vs 2.
echo "== nodes (bench/nodes.mjs)"
start=$(date +%s)
node bench/nodes.mjs --bin "$BUILD/techbridge" --writes "${TB_BENCH_NODE_WRITES:-1000}" 2>&1 | tee "$OUT/nodes.txt"
rc=${PIPESTATUS[0]}
end=$(date +%s)
{ echo "== nodes"; cat "$OUT/nodes.txt"; echo "(nodes: exit $rc, $((end - start)) s)"; echo; } >>"$summary"
[ "$rc" -eq 0 ] || status=1

# PostgreSQL against SQLite, 1 vs 2 nodes on PostgreSQL (issue #12): every
# figure a ratio measured in one run, with a throw-away cluster.
echo "== pg (bench/pg.mjs)"
start=$(date +%s)
node bench/pg.mjs --bin "$BUILD/techbridge" --writes "${TB_BENCH_NODE_WRITES:-1000}" 2>&1 | tee "$OUT/pg.txt"
rc=${PIPESTATUS[0]}
end=$(date +%s)
{ echo "== pg"; cat "$OUT/pg.txt"; echo "(pg: exit $rc, $((end - start)) s)"; echo; } >>"$summary"
[ "$rc" -eq 0 ] || status=1

# HTTP load against the bare libmicrohttpd ceiling, and indicator timings.
echo "== load (scripts/load-bench.sh)"
start=$(date +%s)
scripts/load-bench.sh "$BUILD" 2>&1 | tee "$OUT/load-run.txt"
rc=${PIPESTATUS[0]}
end=$(date +%s)
{ echo "== load"; cat "$OUT/load-run.txt"; echo "(load: exit $rc, $((end - start)) s)"; echo; } >>"$summary"
[ "$rc" -eq 0 ] || status=1

echo "results: $summary"
exit $status
