#!/usr/bin/env bash
# check-layers.sh [--list] [SRC] - keeps the dependency direction of
# docs/conventions.md ("Layers") true. It reads every `#include "dir/x.h"` in
# SRC (default src) and every `#include <header>` of a library that belongs to
# one layer, and fails on an include that points against the allowed
# direction. It also fails on SQL (a string literal starting with SELECT,
# INSERT, UPDATE, DELETE, or holding " WHERE ") outside the SQL backend
# (src/store/sql: the shared SQL) and its drivers (src/store/sqlite,
# src/store/pg: DDL), and on an engine header outside its driver: sqlite3.h
# only in src/store/sqlite, libpq-fe.h only in src/store/pg.
#
# There is no allow-list: api and cli reach the store only through domain
# (issue #11), so every violation fails. Deliberate design exceptions are in
# exception() below, each with its reason.
#
# --list prints every violation, allowed or not, and the count (for reports).
set -uo pipefail
cd "$(dirname "$0")/.."
LIST=0
[ "${1:-}" = --list ] && { LIST=1; shift; }
SRC=${1:-src}

# What each layer may include (its own directory is always allowed). The
# picture: core <- text <- match; core <- model <- store <- domain <- api <- cli;
# domain may use match; http <- api; cli may use http; server (the program's
# top: main, serve, routes) may use every layer.
allowed() {
	case $1 in
	core)   echo "core" ;;
	text)   echo "core text" ;;
	match)  echo "core text match" ;;
	model)  echo "core model" ;;
	store)  echo "core model store" ;;
	domain) echo "core model store domain match text" ;;
	http)   echo "core http" ;;
	api)    echo "core model domain http api" ;;
	cli)    echo "core model domain http cli" ;;
	# The program's top: the entry point and the server's commands (serve,
	# routes) wire the command line, the API and the HTTP server together.
	server) echo "core model domain http api cli server" ;;
	*)      echo "" ;;
	esac
}

# Deliberate exceptions to the picture, each with its reason. These are part
# of the design, not debts.
exception() {
	case "$1 -> $2" in
	# export writes the same JSON as the API: one presenter for both.
	"src/cli/cmd_export.c -> api/present.h") return 0 ;;
	# challenge --json prints the API's objects through the same presenters.
	"src/cli/cmd_challenge.c -> api/present.h") return 0 ;;
	# CLI parity (issue #16): --json prints the API's objects through the
	# same presenters (listings with their checklist, contracts, instruments).
	"src/cli/cmd_listing.c -> api/present.h") return 0 ;;
	"src/cli/cmd_contract.c -> api/present.h") return 0 ;;
	"src/cli/cmd_instrument.c -> api/present.h") return 0 ;;
	"src/cli/cmd_bulletin.c -> api/present.h") return 0 ;;
	# Issue #18 CLI parity: attachment/favourite --json print the API's
	# objects; review batch answers each item with the API's status code
	# (api_status_for, the one error-to-status table).
	"src/cli/cmd_attachment.c -> api/present.h") return 0 ;;
	"src/cli/cmd_favourite.c -> api/present.h") return 0 ;;
	"src/cli/cmd_review.c -> api/api.h") return 0 ;;
	# alliance/agency --json prints the API's objects (module recipe: same presenter).
	"src/cli/cmd_alliance.c -> api/present.h") return 0 ;;
	# event/contact --json prints the API's objects the same way.
	"src/cli/cmd_event.c -> api/present.h") return 0 ;;
	esac
	return 1
}

# Library headers that belong to one layer (a database engine only in its
# driver: the shared SQL of src/store/sql reaches it through sqd.h).
lib_layer_ok() { # file header
	local f=$1 h=$2
	case $h in
	sqlite3.h) [[ $f == src/store/sqlite/* ]] ;;
	libpq-fe.h) [[ $f == src/store/pg/* ]] ;;
	microhttpd.h) [[ $f == src/http/* ]] ;;
	jansson.h) [[ $f == src/api/* || $f == src/cli/* || $f == src/server/* ]] ;;
	# content typing of uploads is a domain rule (domain/attachment.c)
	magic.h) [[ $f == src/domain/* ]] ;;
	*) return 0 ;;
	esac
}

found=$(mktemp); trap 'rm -f "$found"' EXIT

while IFS= read -r f; do
	layer=${f#"$SRC"/}; layer=${layer%%/*}
	ok=" $(allowed "$layer") "
	while IFS= read -r h; do
		dir=${h%%/*}
		[ "$dir" = "$h" ] && continue   # same-directory include ("sq.h")
		case "$ok" in *" $dir "*) continue ;; esac
		exception "$f" "$h" && continue
		echo "$f -> $h" >>"$found"
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
	while IFS= read -r h; do
		lib_layer_ok "$f" "$h" || echo "$f -> <$h>" >>"$found"
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\([^>]*\)>.*/\1/p' "$f")
	case $f in "$SRC"/store/sql/*|"$SRC"/store/sqlite/*|"$SRC"/store/pg/*) continue ;; esac
	grep -nE '"(SELECT|INSERT|UPDATE|DELETE) |"[^"]* WHERE ' "$f" |
		sed "s|^\([0-9]*\):.*|$f:\1 -> SQL outside the store backends|" >>"$found"
done < <(find "$SRC" -name '*.[ch]' | sort)

sort -o "$found" "$found"
if [ $LIST = 1 ]; then
	cat "$found"
	echo "$(wc -l <"$found") violation(s)"
	exit 0
fi

if [ -s "$found" ]; then
	echo "check-layers: include against the layer direction (docs/conventions.md, Layers):"
	sed 's/^/  /' "$found"
	exit 1
fi
echo "check-layers: ok (no violations)"
