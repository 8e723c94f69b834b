# shellcheck shell=bash
# Start throwaway PostgreSQL 15 and MariaDB servers on loopback for the integration tests.
#
# Meant to be sourced, by `.ci/run` and by developers:
#
#     source .ci/servers.sh && cargo test --workspace
#
# It creates a fresh temporary directory, starts
#   - PostgreSQL 15 on 127.0.0.1:5433 (user postgres, trust authentication),
#   - MariaDB on 127.0.0.1:3307 (user dev, password dev, all privileges from 127.0.0.1),
# waits until each accepts connections, and exports the URLs the test harness
# (tests/integration/servers.rs) reads:
#
#     CODEGEN_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5433/postgres
#     CODEGEN_TEST_MYSQL_URL=mysql://dev:dev@127.0.0.1:3307/mysql
#
# `codegen_servers_stop` stops both (by pid, never by process name) and deletes the directory; it is
# also installed as the shell's EXIT trap (replacing any earlier EXIT trap of that shell).
# If mariadbd is missing it is installed with apt-get (as root; otherwise you are told the command).
# If something already listens on either port nothing is started and sourcing fails.
#
# Overrides: CODEGEN_PG_PORT, CODEGEN_MYSQL_PORT (ports), CODEGEN_PG_BIN (PostgreSQL bin directory).
# Failures return non-zero from `source` and never `exit`, so an interactive shell survives them.

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    echo "servers.sh: source this file (source .ci/servers.sh), do not run it" >&2
    exit 2
fi

_codegen_log() { printf 'servers.sh: %s\n' "$*" >&2; }

# True when something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp: no extra tools).
_codegen_port_busy() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Run a command as the given system user when we are root, else as ourselves.
_codegen_as() {
    local user=$1
    shift
    if [[ $EUID -eq 0 ]]; then
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}

# Print the last lines of a log file, to explain a failure.
_codegen_show_log() {
    [[ -f "$1" ]] || return 0
    _codegen_log "last lines of $1:"
    tail -n 30 "$1" >&2
}

_codegen_find_mariadbd() {
    local candidate
    for candidate in "$(command -v mariadbd 2>/dev/null)" /usr/sbin/mariadbd /usr/bin/mariadbd; do
        if [[ -n "$candidate" && -x "$candidate" ]]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

_codegen_install_mariadb() {
    if [[ $EUID -ne 0 ]]; then
        _codegen_log "mariadbd not found; install it with:"
        _codegen_log "  sudo apt-get install -y --no-install-recommends mariadb-server mariadb-client"
        return 1
    fi
    _codegen_log "mariadbd not found: installing mariadb-server and mariadb-client with apt-get"
    local log
    log=$(mktemp)
    if ! apt-get update -q >"$log" 2>&1 ||
        ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            mariadb-server mariadb-client >>"$log" 2>&1; then
        _codegen_log "apt-get failed"
        _codegen_show_log "$log"
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}

# Stop both servers by pid and delete their directory. Safe to call more than once.
codegen_servers_stop() {
    local dir=${CODEGEN_SERVERS_DIR:-}
    [[ -n "$dir" && -d "$dir" ]] || return 0
    local pg_bin=${_CODEGEN_PG_BIN:-/usr/lib/postgresql/15/bin}
    if [[ -f "$dir/pg/data/postmaster.pid" ]]; then
        _codegen_log "stopping PostgreSQL (pid $(head -n 1 "$dir/pg/data/postmaster.pid"))"
        _codegen_as postgres "$pg_bin/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 ||
            _codegen_log "pg_ctl stop failed; see $dir/pg/pg.log"
    fi
    # mariadbd writes mysqld.pid once it runs; launched.pid is the same process, recorded at launch.
    local pidfile="$dir/mysql/run/mysqld.pid" pid
    [[ -f "$pidfile" ]] || pidfile="$dir/mysql/run/launched.pid"
    if [[ -f "$pidfile" ]]; then
        pid=$(cat "$pidfile")
        _codegen_log "stopping MariaDB (pid $pid)"
        if kill "$pid" 2>/dev/null; then
            local i
            for ((i = 0; i < 300; i++)); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            kill -0 "$pid" 2>/dev/null && _codegen_log "MariaDB (pid $pid) did not stop within 30 s"
        fi
    fi
    rm -rf "$dir"
    unset CODEGEN_SERVERS_DIR CODEGEN_TEST_POSTGRES_URL CODEGEN_TEST_MYSQL_URL
}

_codegen_start_postgres() {
    local dir=$1 port=$2 pg_bin=$3
    local pg="$dir/pg"
    mkdir -p "$pg" || return 1
    if [[ $EUID -eq 0 ]]; then chown postgres: "$pg" || return 1; fi
    _codegen_log "starting PostgreSQL ($("$pg_bin/postgres" --version)) on 127.0.0.1:$port"
    if ! _codegen_as postgres "$pg_bin/initdb" -D "$pg/data" -A trust -U postgres \
        --encoding=UTF8 --locale=C --no-sync >"$pg/initdb.log" 2>&1; then
        _codegen_log "initdb failed"
        _codegen_show_log "$pg/initdb.log"
        return 1
    fi
    # Durability is pointless for a throwaway test server: turn it off for speed. pg_stat_statements
    # is loaded at start (it can only be then) for `codegen advise --from-stats`.
    if ! _codegen_as postgres "$pg_bin/pg_ctl" -D "$pg/data" -l "$pg/pg.log" -w -t 60 \
        -o "-p $port -k $pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_preload_libraries=pg_stat_statements" \
        start >/dev/null 2>&1; then
        _codegen_log "PostgreSQL did not start"
        _codegen_show_log "$pg/pg.log"
        return 1
    fi
    local i
    for ((i = 0; i < 300; i++)); do
        if psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c 'select 1' >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    _codegen_log "PostgreSQL does not accept connections on 127.0.0.1:$port"
    _codegen_show_log "$pg/pg.log"
    return 1
}

_codegen_start_mariadb() {
    local dir=$1 port=$2 mariadbd=$3
    local my="$dir/mysql" user=mysql
    [[ $EUID -eq 0 ]] || user=$(id -un)
    mkdir -p "$my/data" "$my/run" || return 1
    if [[ $EUID -eq 0 ]]; then chown -R mysql: "$my" || return 1; fi
    _codegen_log "starting MariaDB ($("$mariadbd" --version | sed 's/^.*Ver //')) on 127.0.0.1:$port"
    # root gets normal (empty password) authentication so that we can connect as any OS user.
    if ! mariadb-install-db --no-defaults --user="$user" --datadir="$my/data" --skip-test-db \
        --auth-root-authentication-method=normal >"$my/install-db.log" 2>&1; then
        _codegen_log "mariadb-install-db failed"
        _codegen_show_log "$my/install-db.log"
        return 1
    fi
    local user_opt=()
    [[ $EUID -ne 0 ]] || user_opt=(--user=mysql)
    # Started in a subshell so that it is not a job of an interactive shell; its pid file is
    # what codegen_servers_stop kills.
    (
        "$mariadbd" --no-defaults "${user_opt[@]}" --datadir="$my/data" --socket="$my/run/mysqld.sock" \
            --port="$port" --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$my/run/mysqld.pid" \
            --log-error="$my/run/err.log" --innodb-flush-log-at-trx-commit=0 </dev/null >/dev/null 2>&1 &
        echo $! >"$my/run/launched.pid"
    )
    local i pid
    pid=$(cat "$my/run/launched.pid")
    for ((i = 0; i < 600; i++)); do
        if mariadb --no-defaults --socket="$my/run/mysqld.sock" -uroot -e 'select 1' >/dev/null 2>&1; then
            break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if ! kill -0 "$pid" 2>/dev/null || ((i == 600)); then
        _codegen_log "MariaDB (pid $pid) did not start or does not accept connections on its socket"
        _codegen_show_log "$my/run/err.log"
        return 1
    fi
    if ! mariadb --no-defaults --socket="$my/run/mysqld.sock" -uroot -e \
        "create user 'dev'@'127.0.0.1' identified by 'dev'; grant all on *.* to 'dev'@'127.0.0.1' with grant option"; then
        _codegen_log "could not create the MariaDB user dev"
        return 1
    fi
    if ! MYSQL_PWD=dev mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P "$port" -u dev -e 'select 1' >/dev/null; then
        _codegen_log "MariaDB does not accept TCP connections on 127.0.0.1:$port"
        _codegen_show_log "$my/run/err.log"
        return 1
    fi
}

_codegen_servers_start() {
    local pg_port=${CODEGEN_PG_PORT:-5433} my_port=${CODEGEN_MYSQL_PORT:-3307}
    local pg_bin=${CODEGEN_PG_BIN:-/usr/lib/postgresql/15/bin}

    if [[ -n "${CODEGEN_SERVERS_DIR:-}" && -d "${CODEGEN_SERVERS_DIR}" ]]; then
        _codegen_log "this shell already started servers in $CODEGEN_SERVERS_DIR;" \
            "run codegen_servers_stop first to start fresh ones"
        return 1
    fi
    local port
    for port in "$pg_port" "$my_port"; do
        if _codegen_port_busy "$port"; then
            _codegen_log "something already listens on 127.0.0.1:$port; not starting any server." \
                "Stop it (by pid) or pick other ports with CODEGEN_PG_PORT / CODEGEN_MYSQL_PORT."
            return 1
        fi
    done
    if [[ ! -x "$pg_bin/pg_ctl" ]]; then
        _codegen_log "PostgreSQL server binaries not found in $pg_bin (set CODEGEN_PG_BIN)"
        return 1
    fi
    if ! command -v psql >/dev/null; then
        _codegen_log "psql not found (apt-get install postgresql-client-15)"
        return 1
    fi
    local mariadbd
    if ! mariadbd=$(_codegen_find_mariadbd); then
        _codegen_install_mariadb || return 1
        mariadbd=$(_codegen_find_mariadbd) || {
            _codegen_log "mariadbd still not found after installing"
            return 1
        }
    fi

    local dir
    dir=$(mktemp -d "${TMPDIR:-/tmp}/codegen-servers.XXXXXX") || return 1
    # The postgres and mysql users must be able to reach their subdirectories.
    chmod 755 "$dir" || return 1
    export CODEGEN_SERVERS_DIR=$dir
    _CODEGEN_PG_BIN=$pg_bin
    trap codegen_servers_stop EXIT

    if ! _codegen_start_postgres "$dir" "$pg_port" "$pg_bin" ||
        ! _codegen_start_mariadb "$dir" "$my_port" "$mariadbd"; then
        codegen_servers_stop
        return 1
    fi

    export CODEGEN_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
    export CODEGEN_TEST_MYSQL_URL="mysql://dev:dev@127.0.0.1:$my_port/mysql"
    _codegen_log "servers ready in $dir; exported CODEGEN_TEST_POSTGRES_URL and CODEGEN_TEST_MYSQL_URL"
    _codegen_log "stop them with codegen_servers_stop (also runs when this shell exits)"
}

_codegen_servers_start
