# techbridge build. `make run` installs missing packages, builds, creates the demo
# database and serves it; `make test` runs every test level; `make bench` runs the
# long benchmarks. Sources are discovered by wildcard so that adding a module means
# adding files, not editing this file.

CC      ?= gcc
BUILD   ?= build
DB      ?= $(BUILD)/demo.db
LISTEN  ?= 127.0.0.1:8080
# libpq: the PostgreSQL driver (src/store/pg/), see docs/store.md; libmagic: uploads typed by content.
PKGS    := libmicrohttpd jansson sqlite3 libpq libsodium icu-uc icu-i18n zlib libcurl libmagic
PKG_CONFIG ?= pkg-config
DEPS_CMD   ?= scripts/install-deps.sh

# Compiler and linker flags come from pkg-config, which works only once the
# packages are installed. A make that reads them at parse time and runs `deps`
# afterwards links without libraries on a fresh machine (it happened: the first
# `make test` failed with `undefined reference to json_pack`). So the README's
# targets (run, test, bench, build) install first and then start an inner make,
# which parses this file, and these flags, anew. When pkg-config fails the
# marker below makes every compile and link stop with a message instead of
# running with half the flags. scripts/check-first-run.sh guards this.
PKG_FAIL   := PKG_CONFIG_FAILED
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null || echo $(PKG_FAIL))
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || echo $(PKG_FAIL)) -lstemmer -lpthread -lm
define check_pkg
	@case "$(PKG_CFLAGS) $(PKG_LIBS)" in *$(PKG_FAIL)*) \
	  echo "make: pkg-config cannot find $(PKGS); run 'make deps' (or 'make build')" >&2; exit 1;; esac
endef

WARN    := -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-unused-parameter -Wvla -Wimplicit-fallthrough
CFLAGS  ?= -O2 -g
ifndef RELEASE
WARN    += -Werror
endif
ifdef SANITIZE
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
BUILD   := build-san
endif
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc $(PKG_CFLAGS) -MMD -MP

LIB_SRC  := $(filter-out src/server/main.c,$(wildcard src/*/*.c src/*/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libtechbridge.a
BIN      := $(BUILD)/techbridge
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRC:= $(wildcard bench/*.c)
BENCH_BIN:= $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all build deps run test unit api e2e bench fuzz torture clean fmt check-banned check-layers \
        vendor \
        serve-demo test-all bench-all bench-load bench-nodes bench-pg test-repeat test-repeat-all mutate mutate-all e2e-all
all: $(BIN) vendor

# Front-end libraries are copied from node_modules (npm, see package.json) into
# web/vendor/ (gitignored; served with a one-day cache). Without node_modules
# the UI still works, only the dashboard's charts are missing.
VENDOR_FILES := node_modules/echarts/dist/echarts.min.js
vendor:
	@mkdir -p web/vendor
	@for f in $(VENDOR_FILES); do \
	  if [ -f "$$f" ]; then cp -u "$$f" web/vendor/; \
	  else echo "vendor: $$f missing (run make deps)"; fi; done

$(BUILD)/%.o: %.c
	$(check_pkg)
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/src/server/main.o $(LIB)
	$(check_pkg)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	$(check_pkg)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIB) $(LDFLAGS) $(PKG_LIBS) -lcmocka

$(BUILD)/bench/%: bench/%.c $(LIB)
	$(check_pkg)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(PKG_LIBS)

deps:
	@$(DEPS_CMD)

# The README's commands: install, then build and act in an inner make (see above).
build: deps
	@$(MAKE) --no-print-directory all
run: deps
	@$(MAKE) --no-print-directory serve-demo
test: deps
	@$(MAKE) --no-print-directory test-all
bench: deps
	@$(MAKE) --no-print-directory bench-all

serve-demo: $(BIN) vendor
	@test -f $(DB) || { ./$(BIN) demo --db $(DB) && ./$(BIN) admin-init --db $(DB); }
	./$(BIN) serve --db $(DB) --listen $(LISTEN) --web web

# Each level prints its own counts; scripts/run-tests.sh adds them up and
# prints one closing "N passed, N failed" line (and fails on any failure).
test-all: $(BIN) $(UNIT_BIN) vendor
	@scripts/run-tests.sh $(BUILD)

unit: $(UNIT_BIN)
	@scripts/run-tests.sh $(BUILD) unit

api: $(BIN)
	@scripts/run-tests.sh $(BUILD) api

e2e: deps
	@$(MAKE) --no-print-directory e2e-all
e2e-all: $(BIN) vendor
	@scripts/run-tests.sh $(BUILD) e2e

# Determinism: the whole suite N times (optionally beside LOAD busy-loop CPU
# hogs); reports every test whose verdict flips (docs/testing.md).
N    ?= 10
LOAD ?= 0
# Like make test, it installs what is missing first (a fresh clone has no
# node_modules: the browser level needs ECharts and playwright-core).
test-repeat: deps
	@$(MAKE) --no-print-directory test-repeat-all
test-repeat-all: $(BIN) $(UNIT_BIN) vendor
	@FILES="$(FILES)" scripts/test-repeat.sh $(BUILD) $(N) $(LOAD)

# Mutation check (outside make test): applies each mutant of tests/mutants.json
# to a scratch copy, runs the narrowest test tier, prints the score.
mutate: deps
	@$(MAKE) --no-print-directory mutate-all
mutate-all: $(BIN)
	@node scripts/mutate.mjs

bench-all: $(BIN) $(BENCH_BIN)
	@scripts/run-bench.sh $(BUILD)

# The HTTP load benchmark alone (also part of `make bench`): wrk against a bare
# libmicrohttpd server and against techbridge on the demo database, same run.
bench-load: deps
	@$(MAKE) --no-print-directory $(BIN) $(BUILD)/bench/mhd_hello
	@scripts/load-bench.sh $(BUILD)

# Two app nodes on one database alone (also part of `make bench`): visibility
# on the other node (median, p99 over 1,000 writes) and reads 1 node vs 2.
bench-nodes: deps
	@$(MAKE) --no-print-directory $(BIN)
	@node bench/nodes.mjs --bin $(BIN)

# PostgreSQL against SQLite and 1 vs 2 nodes on PostgreSQL alone (also part of
# `make bench`; docs/performance.md, "PostgreSQL"): booking and read
# throughput ratios, visibility on both backends, CPU of postgres vs the nodes.
bench-pg: deps
	@$(MAKE) --no-print-directory $(BIN)
	@node bench/pg.mjs --bin $(BIN)

# Real fuzzing with clang's libFuzzer (needs libclang-rt-14-dev): each target
# runs FUZZ_SECONDS. The same bodies run deterministically in `make test`.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS := analyzer csv fields match_query json_fields router import_jsonl
fuzz:
	@scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Allocation fault injection (docs/security.md): every N for each request of
# tests/api/torture.test.mjs; `make test` runs a sample of the same N.
torture: $(BIN)
	TB_TORTURE=full TB_TORTURE_STATS=1 TB_BIN=$(CURDIR)/$(BIN) TB_TEST_OUTPUT=$(CURDIR)/test-output \
	  node --test tests/api/torture.test.mjs

# curl-style banned functions: unbounded or locale-dependent calls we never use.
check-banned:
	@! grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol)\s*\(' $(LIB_SRC) src/server/main.c \
	  || (echo "banned function used (see docs/conventions.md)"; exit 1)

# Include direction between the layers (docs/conventions.md) and no SQL
# outside the store backends; there is no allow-list. Also
# run by `make test` (the build level of scripts/run-tests.sh).
check-layers:
	@scripts/check-layers.sh

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJ:.o=.d) $(BUILD)/src/server/main.d $(UNIT_BIN:=.d)
