#!/usr/bin/env bash
# Fuzz every reader for SECONDS each (default 600), one after another, on one core.
#     bash fuzz/run.sh [SECONDS] [TARGET...]
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Crashes land in
# fuzz/artifacts/<target>/; each becomes a test (see fuzz/README.md). Exits 1 if any target
# crashed or timed out.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(sql_postgres sql_mysql sql_sqlite migrations prisma json_model design)
# FUZZ_NO_SEED=1: the corpus is seeded already (several run.sh at once, one per core).
[ -n "${FUZZ_NO_SEED:-}" ] || bash fuzz/seed.sh >/dev/null
failed=0
for t in "${targets[@]}"; do
    echo "== $t: ${seconds}s"
    if ! cargo +nightly fuzz run --fuzz-dir fuzz "$t" "fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=262144 -print_final_stats=1 \
        2>&1 | tee "fuzz/$t.log" | grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|Done)'; then
        :
    fi
    if grep -qE 'SUMMARY|deadly signal|panicked|ERROR: libFuzzer' "fuzz/$t.log"; then
        echo "!! $t found a problem: see fuzz/$t.log and fuzz/artifacts/$t/"
        failed=1
    fi
done
exit $failed
