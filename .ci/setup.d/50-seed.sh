# codegen seed's tests run the SQLite seed scripts with the real sqlite3 client (psql and the
# mariadb client come with the servers). Sourced by .ci/run; idempotent and non-interactive.
if ! command -v sqlite3 >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends sqlite3
fi
# Knex and pg (pinned by tools/seed/package-lock.json) run the Knex seed files on PostgreSQL.
(cd "$(dirname "${BASH_SOURCE[0]}")/../../tools/seed" && npm ci --no-audit --no-fund --loglevel=error)
