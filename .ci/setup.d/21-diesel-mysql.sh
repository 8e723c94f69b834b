# The diesel backend's test app (tests/diesel-app) links diesel's MySQL driver: mysqlclient-sys
# finds the MariaDB client library with pkg-config (`mysqlclient`, else `libmariadb`, which
# libmariadb-dev provides). Sourced by .ci/run; idempotent and non-interactive.
if ! dpkg -s libmariadb-dev >/dev/null 2>&1 || ! command -v pkg-config >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libmariadb-dev pkg-config
fi
