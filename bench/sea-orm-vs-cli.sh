#!/usr/bin/env bash
# Times `codegen --target sea-orm` against `sea-orm-cli generate entity` on the same SQLite
# database of N generated tables, end to end (read the database, generate, format, write the
# files), and prints the ratio. The twin of bench/diesel-vs-print-schema.sh, on the same
# databases. Needs python3 (to build the database) and an installed sea-orm-cli 2.0:
#   cargo install --locked sea-orm-cli --no-default-features \
#       --features codegen,sqlx-sqlite,sqlx-postgres,runtime-tokio-rustls
# Usage: bench/sea-orm-vs-cli.sh [N ...]   (default: 10 100 1000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v sea-orm-cli >/dev/null || { echo "sea-orm-cli is not installed" >&2; exit 2; }
cargo build --release --quiet -p codegen
CODEGEN=$PWD/target/release/codegen
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)

# A deterministic database: 8-15 columns a table, a foreign key to an earlier table, an index.
build_db() {
    python3 - "$1" "$2" <<'PY'
import sqlite3, sys
path, n = sys.argv[1], int(sys.argv[2])
types = ["INTEGER", "BIGINT", "TEXT", "VARCHAR(200)", "BOOLEAN", "DATETIME", "DOUBLE", "BLOB", "DATE", "REAL"]
db = sqlite3.connect(path)
for t in range(n):
    cols = ["id INTEGER PRIMARY KEY NOT NULL"]
    for c in range(1, 8 + t % 8):
        cols.append(f"column_{c} {types[(t + c) % len(types)]}{' NOT NULL' if c % 3 == 0 else ''}")
    if t > 0:
        cols.append(f"parent_id INTEGER REFERENCES table_{t // 2} (id) ON DELETE CASCADE")
    cols.append("created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP")
    db.execute(f"CREATE TABLE table_{t} ({', '.join(cols)})")
    db.execute(f"CREATE INDEX table_{t}_created_idx ON table_{t} (created_at)")
db.commit()
PY
}

# Best of three wall-clock runs of "$@", in seconds.
best_of_3() {
    local best=""
    for _ in 1 2 3; do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null
        end=$(date +%s.%N)
        best=$(python3 -c "import sys; a=float(sys.argv[1])-float(sys.argv[2]); b=sys.argv[3]; print(a if not b or a < float(b) else b)" "$end" "$start" "$best")
    done
    echo "$best"
}

printf '%8s %14s %14s %8s\n' tables sea-orm-cli codegen ratio
for n in "${sizes[@]}"; do
    db=$WORK/bench_$n.db
    build_db "$db" "$n"
    # Both run in an empty folder, so neither picks up a codegen.toml or rustfmt.toml.
    mkdir -p "$WORK/run_$n" && cd "$WORK/run_$n"
    cli_s=$(best_of_3 sea-orm-cli generate entity -u "sqlite://$db" -o "$WORK/run_$n/cli")
    codegen_s=$(best_of_3 "$CODEGEN" --target sea-orm --schema "$db" --out "$WORK/run_$n/out")
    cd - >/dev/null
    printf '%8d %13.3fs %13.3fs %7.0fx\n' "$n" "$cli_s" "$codegen_s" "$(python3 -c "print($cli_s / $codegen_s)")"
done
