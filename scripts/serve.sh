#!/usr/bin/env bash
# Builds the web app and serves it on http://127.0.0.1:8080 (installs what is missing first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# wasm-opt from the npm registry's binaryen (Trunk uses the first on PATH).
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
echo "Serving on http://127.0.0.1:8080 — Ctrl-C to stop"
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
