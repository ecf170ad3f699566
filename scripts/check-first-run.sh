#!/usr/bin/env bash
# check-first-run.sh BUILD - guards the fresh-machine trap: on a machine
# without the packages, `make test` / `make run` must still pass the first time.
# A make that evaluates `pkg-config` when it parses the Makefile, before `deps`
# has installed anything, links with no libraries (`undefined reference to
# json_pack`). We simulate that machine: a pkg-config stand-in fails until a
# stand-in `deps` has "installed" (touched a marker); then `make build` must
# still link. The objects of BUILD are copied in so that only the link runs
# (about a second). Prints "first-run: ok" or the failing make output.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
[ -f "$BUILD/libtechbridge.a" ] || { echo "first-run: $BUILD is not built" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
real=$(command -v pkg-config) || { echo "first-run: no pkg-config" >&2; exit 1; }
cat >"$tmp/pkg-config" <<SH
#!/bin/sh
[ -f "$tmp/installed" ] || exit 1
exec "$real" "\$@"
SH
chmod +x "$tmp/pkg-config"
mkdir -p "$tmp/build"
cp -a "$BUILD/src" "$BUILD/libtechbridge.a" "$tmp/build/"
# Same flags as the build we copy so that nothing recompiles.
extra=(); [ "$BUILD" = build-san ] && extra=(SANITIZE=1)
if ! out=$(make --no-print-directory "${extra[@]}" BUILD="$tmp/build" PKG_CONFIG="$tmp/pkg-config" \
		DEPS_CMD="touch $tmp/installed" build 2>&1); then
	echo "first-run: FAILED: make build on a machine whose packages arrive with 'deps':"
	echo "$out" | tail -20
	exit 1
fi
[ -x "$tmp/build/techbridge" ] || { echo "first-run: FAILED: no binary"; exit 1; }
echo "first-run: ok (pkg-config absent at parse time, present after deps: linked)"
