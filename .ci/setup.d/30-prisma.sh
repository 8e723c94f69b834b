# The real Prisma tooling for the Prisma backend's tests (tools/prisma): pinned by its
# package-lock.json; `npm ci` is idempotent and needs no engine download. It also holds Prisma
# Client and its driver adapters (pg, mariadb, better-sqlite3) for the Prisma seed file's tests;
# better-sqlite3 compiles its addon against node's own headers (/usr/include/node): nodedir says
# so, so that node-gyp downloads nothing.
# Sourced by .ci/run; node 20, npm, python3, make and g++ come with the CI image.
(cd "$(dirname "${BASH_SOURCE[0]}")/../../tools/prisma" &&
    npm_config_nodedir=/usr npm ci --no-audit --no-fund --loglevel=error)
