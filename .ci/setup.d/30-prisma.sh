# The real Prisma tooling for the Prisma backend's tests (tools/prisma): pinned by its
# package-lock.json; `npm ci` is idempotent and needs no engine download.
# Sourced by .ci/run; node 20 and npm come with the CI image.
(cd "$(dirname "${BASH_SOURCE[0]}")/../../tools/prisma" && npm ci --no-audit --no-fund --loglevel=error)
