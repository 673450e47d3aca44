#!/usr/bin/env bash
# Fuzzes every parser and decoder reachable from user input (cargo-fuzz, libFuzzer, nightly):
# scenario JSON (files, imports, saved state), the hourly price CSV, the load-curve importer
# (CSV and spreadsheets), the share-link decoder. Seed inputs are committed in fuzz/seeds/;
# the inputs a run finds are kept in fuzz/corpus/ (not committed) for the next run. Usage: scripts/fuzz.sh [SECONDS per target, default 600]
# (CI runs it with a short time). Installs cargo-fuzz if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
secs="${1:-600}"
if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
status=0
for t in scenario_json price_csv load_curve share_link; do
  echo "== fuzz $t for ${secs}s"
  mkdir -p "fuzz/corpus/$t" "fuzz/seeds/$t"
  log="target/fuzz-$t.log"
  mkdir -p target
  if (cd fuzz && cargo +nightly fuzz run -O "$t" "corpus/$t" "seeds/$t" -- -max_total_time="$secs" \
        -rss_limit_mb=2048 -max_len=262144 -timeout=10) > "$log" 2>&1; then
    grep -E "Done [0-9]+ runs" "$log" | tail -n 1 || true
  else
    echo "fuzz target $t FAILED (crash, hang or blow-up): see $log and fuzz/artifacts/$t/" >&2
    grep -E "ERROR|panicked|SUMMARY" "$log" | head -n 5 >&2 || true
    status=1
  fi
done
exit $status
