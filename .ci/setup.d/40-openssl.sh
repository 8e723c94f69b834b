# The live-introspection TLS tests (tests/integration/tls_servers.rs) make self-signed certificates
# with the openssl command-line tool for throwaway TLS-only PostgreSQL and MariaDB servers.
# Sourced by .ci/run; idempotent and non-interactive.
if ! command -v openssl >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openssl
fi
