#!/usr/bin/env bash
# The console's end-to-end tests in headless Chromium against a throwaway
# `exrbac serve` on loopback. Installs what is missing when run as root:
# Debian's chromium (and node/npm), then playwright-core from package-lock.json.
# Usage: crates/console/e2e/run.sh   (CHROMIUM=/path overrides the browser)
set -euo pipefail
cd "$(dirname "$0")"

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "missing: $* (install it, or run as root to have it installed)" >&2
    exit 1
  fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || apt_install chromium
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm
[ -f node_modules/playwright-core/package.json ] || npm ci --no-audit --no-fund

(cd ../../.. && cargo build --quiet --bin exrbac)
timeout 900 node --test --test-concurrency=1 console.test.mjs
