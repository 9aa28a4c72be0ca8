#!/bin/sh
# A throwaway PostgreSQL cluster for the tests and the bench, from Debian's postgresql package:
#   Tests/Postgres/cluster.sh start DIR [--durable]   initdb into DIR, start on a free loopback
#                                                     port; prints the server's address
#   Tests/Postgres/cluster.sh stop DIR                stop it (DIR is left for the caller)
# The address is postgres://diarium@127.0.0.1:PORT/postgres (trust on loopback; nothing else
# can reach it). Without --durable, fsync is off: a test cluster never outlives its run.
set -eu
cmd=${1:?usage: cluster.sh start|stop DIR}
dir=${2:?usage: cluster.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "cluster.sh: PostgreSQL's server is not installed (apt-get install postgresql)" >&2; exit 1; }
# The server refuses to run as root: it runs as the package's own user then.
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case $cmd in
start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    run "$bin/initdb" -D "$dir/data" -U diarium --auth=trust -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300"
    if [ "${3:-}" != "--durable" ]; then opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
    run "$bin/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/server.log" -w -t 60 start > /dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://diarium@127.0.0.1:$port/postgres" | tee "$dir/url"
    ;;
stop)
    [ -d "$dir/data" ] && run "$bin/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null || true
    ;;
*)
    echo "usage: cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
