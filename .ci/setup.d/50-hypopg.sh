# `codegen advise --prove` proves index suggestions with HypoPG hypothetical indexes on PostgreSQL
# (tests/integration/advise_*.rs). The extension comes from Debian's postgresql-15-hypopg; the
# test server (.ci/servers.sh) loads pg_stat_statements for `--from-stats`.
# Sourced by .ci/run; idempotent and non-interactive.
if ! dpkg -s postgresql-15-hypopg >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15-hypopg
fi
