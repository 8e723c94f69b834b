#!/usr/bin/env bash
# Rebuild every case's migrations, in every layout `codegen diff --format` writes, from the case's
# from.sql, to.sql and hints, with the codegen CLI.
#
#   examples/migrations/regenerate.sh            # rewrite the checked-in folders
#   examples/migrations/regenerate.sh OUT_DIR    # write them under OUT_DIR/<case>/ instead
#   CODEGEN=target/debug/codegen examples/migrations/regenerate.sh   # a built binary, not cargo run
#
# Each folder <case>/<dialect>/<layout>/ is a whole migrations folder: the first migration
# (`initial`) creates the schema as it was (from.sql), the second is the change (from.sql ->
# to.sql), so `codegen verify` can run it up, down and up on an empty database.
#
# Versions are fixed (and SOURCE_DATE_EPOCH pins Drizzle's journal clock) so the output is the
# same byte for byte on every run: tests/integration/migration_examples.rs checks it is.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
if [ -n "${CODEGEN:-}" ]; then
    codegen=("$CODEGEN")
else
    codegen=(cargo run --quiet --manifest-path "$here/../../Cargo.toml" --bin codegen --)
fi
export SOURCE_DATE_EPOCH=1704067200 # 2024-01-01T00:00:00Z

cases=(add_settings_json users_organizations_join rename_state_to_status split_address)
dialects=(postgres mysql sqlite)
layouts=(sql diesel sqlx refinery prisma sea-orm knex knex-ts typeorm drizzle)

# The two versions (initial, change) each framework's CLI would name them with.
versions() {
    case $1 in
        diesel) echo "2024-01-01-000000 2024-02-01-000000" ;;
        sea-orm) echo "20240101_000000 20240201_000000" ;;
        refinery) echo "1 2" ;;
        typeorm) echo "1704067200000 1706745600000" ;; # milliseconds since 1970
        drizzle) echo "0000 0001" ;;                   # the journal's index
        *) echo "20240101000000 20240201000000" ;;
    esac
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
: >"$scratch/empty.sql"

for case_name in "${cases[@]}"; do
    src=$here/$case_name
    hints=()
    if [ -f "$src/hints" ]; then hints=(--renames "$src/hints"); fi
    # The schemas are PostgreSQL DDL; for another dialect they go through the neutral model
    # (JSON), which codegen renders in that dialect.
    "${codegen[@]}" --quiet --target json --schema "$src/from.sql" --dialect postgres >"$scratch/$case_name.from.json"
    "${codegen[@]}" --quiet --target json --schema "$src/to.sql" --dialect postgres >"$scratch/$case_name.to.json"
    for dialect in "${dialects[@]}"; do
        if [ "$dialect" = postgres ]; then
            from=$src/from.sql to=$src/to.sql
        else
            from=$scratch/$case_name.from.json to=$scratch/$case_name.to.json
        fi
        for layout in "${layouts[@]}"; do
            dir=$out/$case_name/$dialect/$layout
            rm -rf "$dir"
            mkdir -p "$dir"
            format=$layout typescript=()
            if [ "$layout" = knex-ts ]; then format=knex typescript=(--typescript); fi
            read -r initial change < <(versions "$format")
            "${codegen[@]}" diff --quiet --from "$scratch/empty.sql" --to "$from" --dialect "$dialect" \
                --format "$format" "${typescript[@]}" --out "$dir" --name initial --version "$initial"
            "${codegen[@]}" diff --quiet --from "$from" --to "$to" "${hints[@]}" --dialect "$dialect" \
                --format "$format" "${typescript[@]}" --out "$dir" --name "$case_name" --version "$change"
        done
    done
done
