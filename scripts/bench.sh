#!/bin/bash
# make bench: a throwaway PostgreSQL server in a temporary directory, then `starsink bench` against it.
# Extra arguments go to `starsink bench` (e.g. --orders 200000 --json, or --soak-minutes 30 for make soak).
# BUILD=debug runs the binary `swift build` made (a quick check of the benchmark itself, not a measurement).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/${BUILD:-release}/starsink
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
dir=$(mktemp -d /tmp/starsink-bench-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
run "$pgbin/initdb" -D "$dir/data" -A trust -U bench >/dev/null
run "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c fsync=off -c full_page_writes=off -c shared_buffers=512MB -c max_wal_size=4GB" start >/dev/null
trap 'run "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
run "$pgbin/psql" -h "$dir" -p "$port" -U bench -d postgres -qc "CREATE DATABASE bench" >/dev/null
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on port $port (fsync=off: measures starsink, not the disk)" >&2
# The plain string a user writes: the daemon adds the psqlODBC options it depends on itself.
"$bin" bench --postgres "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=$port;Database=bench;UID=bench" --psql "$pgbin/psql" "$@"
