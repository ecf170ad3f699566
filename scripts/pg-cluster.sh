#!/usr/bin/env bash
# pg-cluster.sh start DIR | stop DIR - a throw-away PostgreSQL cluster for the
# tests (issue #12: "make test starts its own PostgreSQL"). Nothing here uses a
# server the machine happens to run: the cluster lives in DIR (created when
# missing), listens on a Unix socket inside DIR only (no TCP at all), under a
# port number picked at random among those free on loopback (the number names
# the socket file, and keeps psql's default port out of the picture).
#
# start prints one line, the base URL of the cluster's `postgres` database:
#   postgresql:///postgres?host=DIR&port=PORT&user=postgres
# (replace "/postgres?" by "/NAME?" for another database). The caller traps
# EXIT and runs stop, so the cluster goes away even when a test fails:
#   dir=$(mktemp -d); trap 'scripts/pg-cluster.sh stop "$dir"' EXIT
#   url=$(scripts/pg-cluster.sh start "$dir")
# stop is idempotent: it stops the server when one runs and removes DIR, but
# only a DIR this script made (it holds the marker .tb-pg-cluster), so a wrong
# argument never deletes anything else.
#
# initdb refuses to run as root: as root the cluster is made and run by the
# `postgres` user (DIR is handed to it); otherwise by the calling user, who
# is then the superuser `postgres` too (initdb -U postgres), so URLs are alike.
set -euo pipefail

usage() { echo "usage: $0 start DIR | stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1 dir=$2
MARK=.tb-pg-cluster

bindir() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) ""; do
		[ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return 0; }
	echo "pg-cluster: initdb not found (install postgresql-15: scripts/install-deps.sh)" >&2
	return 1
}

# Runs a command as the cluster's owner.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

free_port() {
	local p i
	for i in $(seq 1 50); do
		p=$((20000 + RANDOM % 40000))
		# Taken when anything accepts on loopback or a socket of that number exists in DIR.
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && [ ! -e "$dir/.s.PGSQL.$p" ]; then
			echo "$p"; return 0
		fi
	done
	echo "pg-cluster: no free port found" >&2
	return 1
}

case $cmd in
start)
	bin=$(bindir)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	# A Unix socket path is at most 107 bytes (sun_path).
	[ ${#dir} -le 80 ] || { echo "pg-cluster: DIR path too long for a socket: $dir" >&2; exit 1; }
	[ -e "$dir/data" ] && { echo "pg-cluster: $dir/data exists (stop it first)" >&2; exit 1; }
	touch "$dir/$MARK"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || { echo "pg-cluster: running as root needs the postgres user (postgresql-15)" >&2; exit 1; }
		chown postgres "$dir"
		chmod 700 "$dir"
	fi
	port=$(free_port)
	if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
	     >"$dir/initdb.log" 2>&1; then
		echo "pg-cluster: initdb failed:" >&2; cat "$dir/initdb.log" >&2; exit 1
	fi
	# Throw-away data: durability off (the tests restart nothing), enough
	# connections for the API suite's parallel servers and the 64-client race.
	cat >>"$dir/data/postgresql.conf" <<-EOF
	listen_addresses = ''
	port = $port
	unix_socket_directories = '$dir'
	unix_socket_permissions = 0777
	max_connections = 300
	fsync = off
	synchronous_commit = off
	full_page_writes = off
	shared_buffers = 64MB
	log_min_messages = warning
	log_min_error_statement = panic
	EOF
	if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null 2>&1; then
		echo "pg-cluster: server did not start:" >&2; cat "$dir/server.log" >&2; exit 1
	fi
	echo "postgresql:///postgres?host=$dir&port=$port&user=postgres"
	;;
stop)
	[ -d "$dir" ] || exit 0
	[ -e "$dir/$MARK" ] || { echo "pg-cluster: $dir was not made by pg-cluster.sh; left alone" >&2; exit 1; }
	if [ -f "$dir/data/postmaster.pid" ]; then
		bin=$(bindir)
		as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
*) usage ;;
esac
