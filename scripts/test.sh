#!/usr/bin/env bash
# Runs every test: native unit and reference tests (pvlib, decree vectors, presets, CLI,
# robustness), the release wasm build, and the browser tests in headless Chromium.
# Installs what is missing first. Exit code 0 only if everything passes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
# wasm-opt from the npm registry's binaryen (Trunk uses the first on PATH).
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
start=$(date +%s)

echo; echo "== formatting"
cargo fmt --all -- --check

echo; echo "== native tests (cargo test --release)"
cargo test --release

echo; echo "== web app (trunk build --release)"
trunk build --release
for wasm in dist/*.wasm; do
  printf 'wasm size %s: %s bytes raw, %s bytes gzip\n' "$(basename "$wasm")" "$(stat -c %s "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)"
done
# Each file carries only its own code: the page no simulation data or solver, the simulation
# worker no solver and no spreadsheet reader (they are the tools worker's, loaded on first use).
absent() { if grep -q -a "$2" "$1"; then echo "$(basename "$1") must not contain $3" >&2; exit 1; fi; }
page_wasm=$(ls dist/cer-planner-*_bg.wasm)
absent "$page_wasm" "20180101:0000" "the weather data (simulation is the worker's)"
absent "$page_wasm" "clarabel" "the solver"
absent dist/cer-worker_bg.wasm "clarabel" "the solver"
absent dist/cer-worker_bg.wasm "xl/workbook" "the spreadsheet reader"

echo; echo "== reference reports from the CLI for the browser tests"
mkdir -p target/browser-expected
for s in profiles/scenarios/*.json tests/fixtures/bench_2000_members.json tests/fixtures/chiaravalle_battery.json tests/fixtures/milan_pnrr_grant.json; do
  ./target/release/cer-planner simulate "$s" --report "target/browser-expected/$(basename "$s")" > /dev/null
done
./target/release/cer-planner sensitivity profiles/scenarios/chiaravalle.json --report target/browser-expected/sensitivity_chiaravalle.json > /dev/null
./target/release/cer-planner optimize profiles/scenarios/bovisa.json --keep-households --keep-energy-poor --apply target/browser-expected/bovisa_applied_scenario.json > /dev/null
./target/release/cer-planner simulate target/browser-expected/bovisa_applied_scenario.json --report target/browser-expected/bovisa_applied.json > /dev/null
./target/release/cer-planner optimize tests/fixtures/chiaravalle_battery.json --keep-households --keep-energy-poor --apply target/browser-expected/chiaravalle_battery_applied_scenario.json > /dev/null
./target/release/cer-planner simulate target/browser-expected/chiaravalle_battery_applied_scenario.json --report target/browser-expected/chiaravalle_battery_applied.json > /dev/null

echo; echo "== browser tests (headless Chromium, playwright-core)"
node tests/browser/run.mjs

echo; echo "== fuzzing (a short pass per target; long runs: scripts/fuzz.sh 600)"
bash scripts/fuzz.sh "${FUZZ_SECONDS:-20}"

echo; echo "all tests passed in $(( $(date +%s) - start )) s"
