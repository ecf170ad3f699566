#!/usr/bin/env bash
# fuzz.sh SECONDS TARGET... - builds each tests/fuzz target with clang's
# libFuzzer (+ASan/UBSan) into build-fuzz/ and runs it for SECONDS, starting
# from its seed corpus tests/fuzz/corpus/TARGET (new inputs go to
# build-fuzz/corpus-TARGET). Every target checks properties and aborts on a
# violation, which libFuzzer reports as a crash. Needs clang and
# libclang-rt-14-dev. Crash inputs land in build-fuzz/. Prints, per target,
# libFuzzer's closing line (runs and seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=$1; shift
PKGS="libmicrohttpd jansson sqlite3 libsodium icu-uc icu-i18n"
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -Isrc $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lstemmer -lpthread -lm"
mkdir -p build-fuzz/obj
# The library and the target bodies are compiled once (instrumented for
# coverage, not linked with libFuzzer's main); each target only links.
srcs=$(ls src/*/*.c src/*/*/*.c tests/fuzz/fuzz_targets.c | grep -v '^src/server/main.c$')
for s in $srcs; do
	o=build-fuzz/obj/$(echo "$s" | tr / _).o
	if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || [ -n "$(find src -name '*.h' -newer "$o" | head -1)" ]; then
		echo "clang $CFLAGS -fsanitize=fuzzer-no-link,address,undefined -c $s -o $o"
	fi
done | xargs -P "$(nproc)" -I{} sh -c '{}'
objs=$(ls build-fuzz/obj/*.o)
for t in "$@"; do
	clang -fsanitize=fuzzer,address,undefined -o "build-fuzz/fuzz_$t" "tests/fuzz/fuzz_$t.c" $objs $LIBS
	mkdir -p "build-fuzz/corpus-$t"
	echo "== fuzz $t (${secs}s)"
	(cd build-fuzz && "./fuzz_$t" -max_total_time="$secs" -max_len=4096 "corpus-$t" "../tests/fuzz/corpus/$t" \
		>"fuzz_$t.log" 2>&1) || { tail -40 "build-fuzz/fuzz_$t.log"; exit 1; }
	grep -E '^Done [0-9]+ runs' "build-fuzz/fuzz_$t.log" || tail -1 "build-fuzz/fuzz_$t.log"
done
