# The real TypeScript tooling for the Drizzle, TypeORM, Kysely and Knex tests (tools/typescript):
# typescript (tsc), drizzle-orm, drizzle-kit and drizzle-seed, typeorm, knex, kysely, pg, better-sqlite3 and tsx,
# pinned by its package-lock.json. better-sqlite3 compiles its addon against node's own headers
# (/usr/include/node): nodedir says so, so that node-gyp downloads nothing.
# Sourced by .ci/run; node 20, npm, python3, make and g++ come with the CI image.
(cd "$(dirname "${BASH_SOURCE[0]}")/../../tools/typescript" &&
    npm_config_nodedir=/usr npm ci --no-audit --no-fund --loglevel=error)
