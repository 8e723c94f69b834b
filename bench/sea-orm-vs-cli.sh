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

# Best of three wall-clock runs of "$@": "<wall seconds> <CPU seconds of that run>" (user +
# system, child processes included: sea-orm-cli's rustfmt). CPU time is the figure that moves
# least when other work loads the machine. With FRESH_DIR set, run i gets `--out $FRESH_DIR/i`.
best_of_3() {
    python3 - "$@" <<'PY'
import os, resource, subprocess, sys, time
best = None
for i in range(3):
    command = sys.argv[1:]
    if os.environ.get("FRESH_DIR"):
        command = command + ["--out", os.path.join(os.environ["FRESH_DIR"], str(i))]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if best is None or wall < best[0]:
        best = (wall, cpu)
print(f"{best[0]:.3f} {best[1]:.3f}")
PY
}

# "fresh": codegen writes a new folder each run; "rerun": codegen runs again over its own output
# (it rewrites only files whose text changes, none here). sea-orm-cli rewrites every file each run.
# Each cell: wall-clock seconds (CPU seconds); ratios are of wall-clock time.
printf '%7s %20s %20s %20s %7s %7s\n' tables sea-orm-cli "codegen fresh" "codegen rerun" fresh rerun
for n in "${sizes[@]}"; do
    db=$WORK/bench_$n.db
    build_db "$db" "$n"
    # Both run in an empty folder, so neither picks up a codegen.toml or rustfmt.toml.
    mkdir -p "$WORK/run_$n" && cd "$WORK/run_$n"
    read -r cli_s cli_cpu < <(best_of_3 sea-orm-cli generate entity -u "sqlite://$db" -o "$WORK/run_$n/cli")
    read -r fresh_s fresh_cpu < <(FRESH_DIR="$WORK/run_$n/fresh" best_of_3 "$CODEGEN" --target sea-orm --schema "$db")
    "$CODEGEN" --target sea-orm --schema "$db" --out "$WORK/run_$n/out" >/dev/null
    read -r rerun_s rerun_cpu < <(best_of_3 "$CODEGEN" --target sea-orm --schema "$db" --out "$WORK/run_$n/out")
    cd - >/dev/null
    printf '%7d %8.3fs (%7.3fs) %8.3fs (%7.3fs) %8.3fs (%7.3fs) %6.0fx %6.0fx\n' "$n" "$cli_s" "$cli_cpu" \
        "$fresh_s" "$fresh_cpu" "$rerun_s" "$rerun_cpu" \
        "$(python3 -c "print($cli_s / $fresh_s)")" "$(python3 -c "print($cli_s / $rerun_s)")"
done
