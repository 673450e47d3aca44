#!/usr/bin/env bash
# Installs what building and testing need, skipping what is already there:
# the wasm32 target, trunk 0.21.14, wasm-bindgen-cli at the Cargo.lock version, the npm
# packages (binaryen's wasm-opt for the size-optimised release build; playwright-core, axe-core
# and jsqr for the browser tests) and, with `--browser`, Debian's Chromium.
# Usage: scripts/setup.sh [--browser]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q '0\.21\.14'; then
  step "installing trunk 0.21.14 (about 6 min on 2 cores; 0.22 refuses rustc 1.95)"
  cargo install --locked trunk@0.21.14
fi

WB=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if [ -z "$WB" ]; then echo "cannot read the wasm-bindgen version from Cargo.lock" >&2; exit 1; fi
if ! grep -q "wasm_bindgen = \"$WB\"" Trunk.toml; then
  echo "Trunk.toml [tools] wasm_bindgen must equal Cargo.lock's wasm-bindgen $WB" >&2; exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB\$"; then
  step "installing wasm-bindgen-cli $WB (about 2 min; without --locked, see shared/setup-notes.md)"
  cargo install wasm-bindgen-cli --version "$WB" --force
fi

if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/binaryen ] || [ ! -d node_modules/jsqr ]; then
  step "installing npm packages"
  npm ci --no-audit --no-fund
fi

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  step "installing Debian's Chromium (headless browser tests)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
fi
