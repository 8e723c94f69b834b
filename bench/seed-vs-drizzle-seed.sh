#!/usr/bin/env bash
# Times `codegen seed` against drizzle-seed (npm, pinned in tools/typescript) filling the same
# PostgreSQL tables with the same number of rows per table, end to end (each tool's CLI or script
# from start to exit), in the same run, and prints the ratio.
#
#   PG_URL=postgres://postgres@127.0.0.1:5433/postgres bench/seed-vs-drizzle-seed.sh [ROWS]  (default 100000)
#
# The schema is the bundled example (examples/experiments/schema.sql) WITHOUT its four composite
# unique constraints: drizzle-seed ignores composite uniques and fails on them with a duplicate
# key (ENVIRONMENT.md), so both tools run on the schema with them dropped. Its Drizzle schema.ts
# is what `codegen --target drizzle` writes for that schema. drizzle-seed also ignores CHECK
# constraints, so its script tells three columns their ranges by hand (codegen reads them from the
# checks). Rows are split across the seven
# tables in the proportions of codegen-db/benches/seed.rs. Each tool runs 3 times on emptied
# tables; the best time counts. Needs `npm ci` in tools/typescript and a release build of codegen.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PG_URL=${PG_URL:-${CODEGEN_TEST_POSTGRES_URL:?set PG_URL or CODEGEN_TEST_POSTGRES_URL}}
ROWS=${1:-100000}
TOOLS=$PWD/tools/typescript
[ -d "$TOOLS/node_modules/drizzle-seed" ] || { echo "drizzle-seed is not installed: npm ci --prefix tools/typescript" >&2; exit 2; }
cargo build --release --quiet -p codegen
CODEGEN=$PWD/target/release/codegen
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
base=${PG_URL%/*}
db=codegen_bench_drizzle_seed
url="$base/$db"

# The example without its composite unique constraints (the lines that declare them).
grep -v -E 'CONSTRAINT (projects_organization_id_name_key|memberships_user_id_project_id_key|variants_experiment_id_key_key|metrics_experiment_id_name_key) UNIQUE' \
    examples/experiments/schema.sql | python3 -c '
import re, sys
# A table whose last line was removed now ends in a comma: drop it.
sys.stdout.write(re.sub(r",(\s*(--[^\n]*\n\s*)*)\);", r"\1);", sys.stdin.read()))' > "$WORK/schema.sql"
psql -q "$PG_URL" -c "drop database if exists $db with (force)" -c "create database $db" >/dev/null
"$CODEGEN" -q --target sql --schema "$WORK/schema.sql" --dialect postgres | psql -q -v ON_ERROR_STOP=1 "$url" >/dev/null

# Rows per table, as in codegen-db/benches/seed.rs.
python3 - "$ROWS" > "$WORK/counts.json" <<'PY'
import json, sys
total = int(sys.argv[1])
shares = {"organizations": 1, "users": 100, "projects": 50, "memberships": 150, "experiments": 200, "variants": 300, "metrics": 199}
print(json.dumps({t: total * s // 1000 for t, s in shares.items()}))
PY
python3 -c '
import json, sys
for t, n in json.load(open(sys.argv[1])).items():
    print(f"[tables.{t}]\nrows = {n}")' "$WORK/counts.json" > "$WORK/plan.toml"

# drizzle-seed on the Drizzle schema codegen writes.
mkdir -p "$WORK/drizzle"
"$CODEGEN" -q --target drizzle --schema "$WORK/schema.sql" --dialect postgres --out "$WORK/drizzle"
cat > "$WORK/drizzle/seed.ts" <<'TS'
import { drizzle } from "drizzle-orm/node-postgres";
import { seed } from "drizzle-seed";
import * as schema from "./schema";

const counts: Record<string, number> = JSON.parse(process.env.COUNTS!);
const db = drizzle(process.env.DATABASE_URL!);
// drizzle-seed ignores CHECK constraints: these columns are told by hand what codegen reads from
// the checks (traffic_percent BETWEEN 0 AND 100, ended_at >= started_at, weight >= 0).
const columns: Record<string, (f: any) => Record<string, unknown>> = {
  experiments: (f) => ({ trafficPercent: f.int({ minValue: 0, maxValue: 100 }), endedAt: f.default({ defaultValue: null }) }),
  variants: (f) => ({ weight: f.int({ minValue: 0, maxValue: 100 }) }),
};
await seed(db, schema, { seed: 1 }).refine((f) =>
  Object.fromEntries(
    Object.entries(counts).map(([table, count]) => [table, { count, ...(columns[table] ? { columns: columns[table](f) } : {}) }]),
  ) as any,
);
await (db.$client as any).end();
TS
ln -s "$TOOLS/node_modules" "$WORK/drizzle/node_modules"
printf '{"type": "module"}\n' > "$WORK/drizzle/package.json"

tables=$(python3 -c 'import json,sys; print(", ".join(json.load(open(sys.argv[1]))))' "$WORK/counts.json")
count_rows() { psql -At "$url" -c "select $(python3 -c 'import json,sys; print(" + ".join(f"(select count(*) from {t})" for t in json.load(open(sys.argv[1]))))' "$WORK/counts.json")"; }
seconds() { python3 -c 'import time; print(time.monotonic())'; }
best() { python3 -c "print(min(float('${1:-1e9}'), $2))"; }

codegen_best=
drizzle_best=
for i in 1 2 3; do
    psql -q "$url" -c "truncate $tables restart identity cascade" >/dev/null
    start=$(seconds)
    "$CODEGEN" seed -q --schema "$WORK/schema.sql" --database-url "$url" --plan "$WORK/plan.toml" --seed 1
    t=$(python3 -c "import time; print(time.monotonic() - $start)")
    codegen_best=$(best "$codegen_best" "$t")
    codegen_rows=$(count_rows)

    psql -q "$url" -c "truncate $tables restart identity cascade" >/dev/null
    start=$(seconds)
    (cd "$WORK/drizzle" && COUNTS=$(cat "$WORK/counts.json") DATABASE_URL="$url" node "$TOOLS/node_modules/tsx/dist/cli.mjs" seed.ts)
    t=$(python3 -c "import time; print(time.monotonic() - $start)")
    drizzle_best=$(best "$drizzle_best" "$t")
    drizzle_rows=$(count_rows)
done
psql -q "$PG_URL" -c "drop database if exists $db with (force)" >/dev/null
printf '%10s  %10s  %12s  %10s  %12s  %8s\n' rows codegen rows/s drizzle-seed rows/s ratio
python3 -c "
c, d, n, m = $codegen_best, $drizzle_best, $codegen_rows, $drizzle_rows
print(f'{n:>10}  {c:>9.2f}s  {n / c:>12,.0f}  {d:>9.2f}s  {m / d:>12,.0f}  {d / c:>7.1f}x')
if n != m: print(f'note: codegen loaded {n} rows, drizzle-seed {m}')"
