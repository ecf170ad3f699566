#!/usr/bin/env bash
# install-deps.sh - installs the Debian packages and npm modules techbridge needs,
# only those that are missing (idempotent; quiet when all is present).
set -euo pipefail
cd "$(dirname "$0")/.."

# libpq-dev builds the PostgreSQL driver (src/store/pg/); postgresql-15 and
# postgresql-contrib (btree_gist, for the bookings' exclusion constraint) run
# the throw-away cluster of `make test` (scripts/pg-cluster.sh).
DEB_PKGS=(build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev
          libsodium-dev libicu-dev libstemmer-dev libcmocka-dev zlib1g-dev nodejs npm chromium curl
          libcurl4-openssl-dev python3-aiosmtpd libxml2-utils jing
          postgresql-15 postgresql-contrib libpq-dev sqlite3 fonts-wqy-microhei wrk)
missing=()
for p in "${DEB_PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs may come from elsewhere than Debian (nvm, nodesource): accept any node >= 18 with npm.
if command -v node >/dev/null && command -v npm >/dev/null; then
	missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
# drop empties left by the substitutions above
clean=(); for p in "${missing[@]}"; do [ -n "$p" ] && clean+=("$p"); done; missing=("${clean[@]+"${clean[@]}"}")

if [ "${#missing[@]}" -gt 0 ]; then
	echo "install-deps: missing Debian packages: ${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null; then SUDO=sudo; else
			echo "install-deps: not root and no sudo; as root run: apt-get update && apt-get install -y ${missing[*]}" >&2
			exit 1
		fi
	else SUDO=; fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# npm: playwright-core drives Debian's chromium in the browser tests; axe-core
# checks every page's accessibility in them; echarts is served to the dashboard
# from node_modules. package-lock.json pins them.
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/echarts ] || [ ! -d node_modules/axe-core ]; then
	echo "install-deps: installing npm modules (playwright-core, axe-core, echarts)"
	npm ci --no-audit --no-fund --loglevel=error 2>/dev/null || npm install --no-audit --no-fund --loglevel=error
fi
