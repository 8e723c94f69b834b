# The diesel backend's test app (tests/diesel-app) links diesel's PostgreSQL driver: libpq.
# Sourced by .ci/run; idempotent and non-interactive.
if ! dpkg -s libpq-dev >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libpq-dev
fi
