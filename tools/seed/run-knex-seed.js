// Run a Knex seed file the way `knex seed:run` does: node run-knex-seed.js SEED_FILE, with
// DATABASE_URL in the environment: postgres://... (pg), mysql://... or mariadb://... (mysql2),
// else the path of a SQLite file (better-sqlite3, foreign keys enforced). Prints nothing; fails
// with the error.
const path = require('node:path');

function config(url) {
  if (/^postgres(ql)?:\/\//.test(url)) return { client: 'pg', connection: url };
  if (/^(mysql|mariadb):\/\//.test(url)) {
    return { client: 'mysql2', connection: url.replace(/^mariadb:/, 'mysql:') };
  }
  return {
    client: 'better-sqlite3',
    connection: { filename: url },
    useNullAsDefault: true,
    pool: {
      afterCreate(conn, done) {
        conn.pragma('foreign_keys = ON');
        done();
      },
    },
  };
}

const knex = require('knex')(config(process.env.DATABASE_URL));
const seed = require(path.resolve(process.argv[2]));
seed
  .seed(knex)
  .then(() => knex.destroy())
  .catch(async (error) => {
    console.error(error.message);
    await knex.destroy();
    process.exit(1);
  });
