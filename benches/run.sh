#!/usr/bin/env bash
# Runs every benchmark of issue #7 in one go and writes the figures into docs/BENCHMARKS.md,
# between its "results" markers, with the machine they ran on. About 30 minutes on 2 cores.
#   benches/run.sh            # SQLite, and PostgreSQL at PARTAGE_BENCH_POSTGRES if reachable
#   PARTAGE_BENCH_SCALE=0.1 benches/run.sh   # a tenth of the directory, for a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
pg=${PARTAGE_BENCH_POSTGRES-postgres://postgres@127.0.0.1:5432/postgres}
out=$(mktemp)

section() { printf '\n### %s\n\n`%s`\n\n' "$1" "$2" >> "$out"; }
# The harnesses' Markdown: tables (a blank line between two) and the "generated" line.
rows() {
    grep -E '^(\||generated|$)' | sed -E 's/^generated (.*)/Generated \1./' | cat -s >> "$out"
}

{
    echo "Ran on $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with local changes)')."
    echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -n1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), $(rustc --version)."
} > "$out"

cargo build --release --quiet
cargo bench --no-run --quiet --bench inbox --bench directory --bench duplicates --bench pictures

section "Inbox throughput and footprint, SQLite" "cargo bench --bench inbox"
cargo bench --quiet --bench inbox | rows
if pg_isready -q -d "$pg" 2>/dev/null; then
    section "Inbox throughput and footprint, PostgreSQL" "PARTAGE_BENCH_POSTGRES=$pg cargo bench --bench inbox"
    PARTAGE_BENCH_POSTGRES=$pg cargo bench --quiet --bench inbox | rows
fi

section "Fan-out and backfill (SQLite)" "cargo test --release --test api -- --ignored --nocapture fanout::fanout_to_10000 (then fanout::backfill_10000)"
printf '| what | figure | floor | ratio |\n|---|---|---|---|\n' >> "$out"
for measurement in fanout::fanout_to_10000 fanout::backfill_10000; do
    cargo test --release --quiet --test api -- --ignored --nocapture "$measurement" \
        | grep -oE '\| (fan-out|backfill).*$' >> "$out"
done

section "Directory at scale, SQLite" "cargo bench --bench directory"
cargo bench --quiet --bench directory | rows
if pg_isready -q -d "$pg" 2>/dev/null; then
    section "Directory at scale, PostgreSQL" "PARTAGE_BENCH_POSTGRES=$pg cargo bench --bench directory"
    PARTAGE_BENCH_POSTGRES=$pg cargo bench --quiet --bench directory | rows
fi

section "Likely duplicates, SQLite" "cargo bench --bench duplicates"
cargo bench --quiet --bench duplicates | rows
if pg_isready -q -d "$pg" 2>/dev/null; then
    section "Likely duplicates, PostgreSQL" "PARTAGE_BENCH_POSTGRES=$pg cargo bench --bench duplicates"
    PARTAGE_BENCH_POSTGRES=$pg cargo bench --quiet --bench duplicates | rows
fi

section "Pictures (SQLite, local store)" "cargo bench --bench pictures"
cargo bench --quiet --bench pictures | rows

python3 - "$out" <<'PY'
import sys, re
results = open(sys.argv[1]).read()
path = "docs/BENCHMARKS.md"
doc = open(path).read()
start, end = "<!-- results:start -->", "<!-- results:end -->"
new = f"{start}\n{results.rstrip()}\n{end}"
doc = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: new, doc, flags=re.S)
open(path, "w").write(doc)
PY
echo "docs/BENCHMARKS.md updated"
