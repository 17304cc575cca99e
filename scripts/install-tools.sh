#!/usr/bin/env bash
# Installs every tool Doorstep's build and tests need, idempotently, skipping what is there.
# Versions are pinned; wasm-bindgen-cli follows the wasm-bindgen version in Cargo.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[install] %s\n' "$*"; }

wasm_bindgen_version() {
  if [ -f Cargo.lock ]; then
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
  else
    sed -n 's/^wasm-bindgen = .*"=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1
  fi
}

apt_packages() {
  local missing=()
  # nginx and its brotli_static module: the deployment test runs the repository's deploy/nginx.conf.
  for pkg in chromium chromium-driver fonts-noto-cjk brotli nginx-light libnginx-mod-http-brotli-static; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

rust_target() {
  rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || {
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  }
}

cargo_tools() {
  if ! trunk --version 2>/dev/null | grep -q " ${TRUNK_VERSION}$"; then
    log "cargo install trunk ${TRUNK_VERSION} (slow on a cold machine: ~20 min)"
    cargo install trunk --version "${TRUNK_VERSION}" --locked
  fi
  local wbg
  wbg=$(wasm_bindgen_version)
  if ! wasm-bindgen --version 2>/dev/null | grep -q " ${wbg}$"; then
    # Not --locked: its lockfile pins a webpki-roots the registry here lacks.
    log "cargo install wasm-bindgen-cli ${wbg} (~10 min cold)"
    cargo install wasm-bindgen-cli --version "${wbg}" --force
  fi
}

# The splitter scripts/post-build.sh runs (Leptos's WASM code splitting): tools/wasm-split, built
# into the build's own target directory.
split_tool() {
  local target="${CARGO_TARGET_DIR:-target}/tools"
  if [ ! -x "$target/release/doorstep-wasm-split" ] || [ tools/wasm-split/src/main.rs -nt "$target/release/doorstep-wasm-split" ]; then
    log "cargo build tools/wasm-split (~2 min cold)"
    cargo build --release --locked --quiet --manifest-path tools/wasm-split/Cargo.toml --target-dir "$target"
  fi
}

npm_packages() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

case "${1:-all}" in
  apt) apt_packages ;;
  rust) rust_target; cargo_tools; split_tool ;;
  npm) npm_packages ;;
  all) apt_packages; rust_target; npm_packages; cargo_tools; split_tool ;;
esac
