#!/usr/bin/env bash
# Benchmarks (numbers, never pass/fail): native timings, the optimiser against HiGHS on the
# exported MPS models (if PyPI highspy is installed), and the wasm timings measured by the
# last browser-test run (target/browser-timings.json).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release -q
./target/release/cer-planner bench
echo
if python3 -c 'import highspy' 2>/dev/null; then
  echo "== optimiser vs HiGHS (same model, exported as MPS)"
  python3 scripts/gen_highs_fixtures.py --bench 2>&1 | grep -v '^Running\|^Includes'
  echo
  echo "== optimiser vs HiGHS's mixed-integer solve on seeded random variants (distribution)"
  python3 scripts/bench_optimizer.py --series 1:10:0:0 --series 2:6:10:0 --series 4:4:0:1 2>&1 | grep -v '^Running\|^Includes'
else
  echo "(pip install highspy to compare with HiGHS)"
fi
echo
if [ -f target/browser-timings.json ]; then
  echo "== in headless Chromium (web worker), from the last scripts/test.sh run"
  cat target/browser-timings.json
fi
