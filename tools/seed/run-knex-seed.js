// Run a Knex seed file against PostgreSQL the way `knex seed:run` does: node run-knex-seed.js
// SEED_FILE, with DATABASE_URL in the environment. Prints nothing; fails with the error.
const path = require('node:path');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const seed = require(path.resolve(process.argv[2]));
seed
  .seed(knex)
  .then(() => knex.destroy())
  .catch(async (error) => {
    console.error(error.message);
    await knex.destroy();
    process.exit(1);
  });
