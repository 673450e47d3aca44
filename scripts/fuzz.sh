#!/usr/bin/env bash
# Fuzzes every parser and decoder reachable from user input (cargo-fuzz, libFuzzer, nightly):
# scenario JSON (files, imports, saved state), the hourly price CSV, the load-curve importer
# (CSV and spreadsheets), the share-link decoder. Seed corpora live in fuzz/corpus/; new
# inputs found are kept there. Usage: scripts/fuzz.sh [SECONDS per target, default 600]
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
for t in scenario_json price_csv load_curve share_link; do
  echo "== fuzz $t for ${secs}s"
  mkdir -p "fuzz/corpus/$t"
  cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -max_len=262144 -timeout=10 2>&1 \
    | grep -E "^#[0-9]+.*(DONE|pulse)|ERROR|panicked|Done [0-9]+ runs|SUMMARY" | tail -5
done
