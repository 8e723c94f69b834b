# codegen seed's tests run the SQLite seed scripts with the real sqlite3 client (psql and the
# mariadb client come with the servers). Sourced by .ci/run; idempotent and non-interactive.
if ! command -v sqlite3 >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends sqlite3
fi
# Knex with pg, mysql2 and better-sqlite3 (pinned by tools/seed/package-lock.json) runs the Knex
# seed files on PostgreSQL, MariaDB and SQLite. better-sqlite3 compiles its addon against node's
# own headers (/usr/include/node): nodedir says so, so that node-gyp downloads nothing.
(cd "$(dirname "${BASH_SOURCE[0]}")/../../tools/seed" &&
    npm_config_nodedir=/usr npm ci --no-audit --no-fund --loglevel=error)
