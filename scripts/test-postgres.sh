#!/usr/bin/env bash
# Start or stop a private PostgreSQL cluster on loopback for the test suite.
# Usage: test-postgres.sh start|stop DIR PORT
set -euo pipefail
action=$1 dir=$2 port=$3
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run_as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
  start)
    if [ -f "$dir/data/postmaster.pid" ] && run_as_postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "PostgreSQL already running on 127.0.0.1:$port"; exit 0
    fi
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    run_as_postgres "$bin/initdb" -D "$dir/data" -U app --auth=trust -E UTF8 >/dev/null
    run_as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    echo "PostgreSQL started on 127.0.0.1:$port"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      run_as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
      echo "PostgreSQL stopped"
    fi
    ;;
  *) echo "usage: $0 start|stop DIR PORT" >&2; exit 2 ;;
esac
