#!/usr/bin/env bash
# fuzz.sh SECONDS TARGET... - builds each tests/fuzz target with clang's
# libFuzzer (+ASan/UBSan) into build-fuzz/ and runs it for SECONDS.
# Needs clang and libclang-rt-14-dev. Crash inputs land in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=$1; shift
PKGS="libmicrohttpd jansson sqlite3 libsodium icu-uc icu-i18n"
mkdir -p build-fuzz
srcs=$(ls src/*/*.c src/*/*/*.c | grep -v '^src/cli/main.c$')
for t in "$@"; do
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
		$(pkg-config --cflags $PKGS) \
		-o "build-fuzz/fuzz_$t" "tests/fuzz/fuzz_$t.c" tests/fuzz/fuzz_targets.c $srcs \
		$(pkg-config --libs $PKGS) -lstemmer -lpthread -lm
	echo "== fuzz $t (${secs}s)"
	(cd build-fuzz && "./fuzz_$t" -max_total_time="$secs" -max_len=4096 >"fuzz_$t.log" 2>&1) \
		|| { tail -30 "build-fuzz/fuzz_$t.log"; exit 1; }
	tail -1 "build-fuzz/fuzz_$t.log"
done
