#!/usr/bin/env bash
# Times `codegen --target sea-orm` against `sea-orm-cli generate entity` on the same SQLite
# database of N generated tables, end to end (read the database, generate, format, write the
# files), and prints the ratio. The twin of bench/diesel-vs-print-schema.sh, on the same
# databases. Needs python3 (to build the database) and an installed sea-orm-cli 2.0:
#   cargo install --locked sea-orm-cli --no-default-features \
#       --features codegen,sqlx-sqlite,sqlx-postgres,runtime-tokio-rustls
# Usage: bench/sea-orm-vs-cli.sh [N ...]   (default: 10 100 1000)
#
# File creation is part of "end to end", and on ext4 it slows down for one to six minutes after
# thousands of files were deleted nearby (the kernel's inode allocator steps over each recently
# deleted inode), for every tool alike: the "fs floor" column is what writing the same files
# costs at that moment. This script deletes about 10,000 files when it exits, so a second run
# started right after the first shows a high floor; leave a few minutes between runs.
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
# Built in one transaction: in autocommit mode SQLite creates and deletes a journal file per
# statement, and thousands of just-deleted inodes make every file creation on ext4 slow for
# minutes afterwards (`perf`: the kernel's inode allocator skips recently deleted inodes one by
# one), which would be charged to whichever tool writes files next.
build_db() {
    python3 - "$1" "$2" <<'PY'
import sqlite3, sys
path, n = sys.argv[1], int(sys.argv[2])
types = ["INTEGER", "BIGINT", "TEXT", "VARCHAR(200)", "BOOLEAN", "DATETIME", "DOUBLE", "BLOB", "DATE", "REAL"]
db = sqlite3.connect(path, isolation_level=None)
db.execute("BEGIN")
for t in range(n):
    cols = ["id INTEGER PRIMARY KEY NOT NULL"]
    for c in range(1, 8 + t % 8):
        cols.append(f"column_{c} {types[(t + c) % len(types)]}{' NOT NULL' if c % 3 == 0 else ''}")
    if t > 0:
        cols.append(f"parent_id INTEGER REFERENCES table_{t // 2} (id) ON DELETE CASCADE")
    cols.append("created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP")
    db.execute(f"CREATE TABLE table_{t} ({', '.join(cols)})")
    db.execute(f"CREATE INDEX table_{t}_created_idx ON table_{t} (created_at)")
db.execute("COMMIT")
PY
}

# Best of three wall-clock runs of "$@": "<wall seconds> <CPU seconds of that run>" (user +
# system, child processes included: sea-orm-cli's rustfmt). CPU time is the figure that moves
# least when other work loads the machine. With FRESH_DIR set, run i writes into the new folder
# $FRESH_DIR/i, passed as `$OUT_FLAG $FRESH_DIR/i`.
best_of_3() {
    python3 - "$@" <<'PY'
import os, resource, subprocess, sys, time
best = None
for i in range(3):
    command = sys.argv[1:]
    if os.environ.get("FRESH_DIR"):
        command = command + [os.environ["OUT_FLAG"], os.path.join(os.environ["FRESH_DIR"], str(i))]
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

# The file system's own share: best of three, the time to create the files of $1 (their names
# and contents, read beforehand) in a new folder beside it, doing nothing else. A tool that
# writes its output into a new folder cannot take less.
file_system_floor() {
    python3 - "$1" <<'PY'
import os, sys, time
source = sys.argv[1]
files = [(name, open(os.path.join(source, name), "rb").read()) for name in sorted(os.listdir(source))]
best = None
for i in range(3):
    folder = f"{source}.floor{i}"
    start = time.perf_counter()
    os.mkdir(folder)
    for name, data in files:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    wall = time.perf_counter() - start
    best = wall if best is None else min(best, wall)
print(f"{best:.3f}")
PY
}

# "new folder": each run writes into a folder that does not exist yet (both tools).
# "rerun": codegen runs again over its own output (it rewrites only files whose text changes,
# none here); sea-orm-cli has no such mode, it rewrites every file each run.
# Each cell: wall-clock seconds (CPU seconds); both ratios are of wall-clock time, against
# sea-orm-cli's new-folder figure. "fs floor" is file_system_floor on codegen's output.
printf '%7s %20s %20s %20s %9s %7s %7s\n' tables sea-orm-cli "codegen new folder" "codegen rerun" "fs floor" new rerun
for n in "${sizes[@]}"; do
    db=$WORK/bench_$n.db
    build_db "$db" "$n"
    # Both run in an empty folder, so neither picks up a codegen.toml or rustfmt.toml.
    mkdir -p "$WORK/run_$n" && cd "$WORK/run_$n"
    read -r cli_s cli_cpu < <(FRESH_DIR="$WORK/run_$n/cli" OUT_FLAG=-o best_of_3 sea-orm-cli generate entity -u "sqlite://$db")
    "$CODEGEN" --target sea-orm --schema "$db" --out "$WORK/run_$n/out" >/dev/null
    read -r floor_s < <(file_system_floor "$WORK/run_$n/out")
    read -r fresh_s fresh_cpu < <(FRESH_DIR="$WORK/run_$n/fresh" OUT_FLAG=--out best_of_3 "$CODEGEN" --target sea-orm --schema "$db")
    read -r rerun_s rerun_cpu < <(best_of_3 "$CODEGEN" --target sea-orm --schema "$db" --out "$WORK/run_$n/out")
    cd - >/dev/null
    printf '%7d %8.3fs (%7.3fs) %8.3fs (%7.3fs) %8.3fs (%7.3fs) %8.3fs %6.0fx %6.0fx\n' "$n" "$cli_s" "$cli_cpu" \
        "$fresh_s" "$fresh_cpu" "$rerun_s" "$rerun_cpu" "$floor_s" \
        "$(python3 -c "print($cli_s / $fresh_s)")" "$(python3 -c "print($cli_s / $rerun_s)")"
done
