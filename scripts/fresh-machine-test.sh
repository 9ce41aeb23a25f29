#!/usr/bin/env bash
# A newcomer's machine, simulated: a fresh clone of this repository's HEAD (committed work only),
# then the README's `npm ci && npm test` with nothing on PATH but node, npm, npx and sh, and
# CHROMIUM_PATH pointing at nothing. Every suite that needs a system tool must skip with its
# reason (listed at the end of the run) and the whole run must exit 0.
#
#   scripts/fresh-machine-test.sh [REF]     (default HEAD; uses npm's cache, --prefer-offline)
#
# The fidelity suite looks for Exim and dnsmasq in /usr/sbin whatever PATH says, so as root this
# runs inside a private mount namespace with an empty /usr/sbin: there Exim and dnsmasq are gone as
# on a machine that never had them. (Without root the fidelity suite skips anyway: it needs root.)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
ref="${1:-HEAD}"
work="$(mktemp -d "${TMPDIR:-/tmp}/mxproof-fresh-XXXXXX")"
trap 'rm -rf "$work"' EXIT

git clone --quiet --no-hardlinks "$repo" "$work/mxproof"
git -C "$work/mxproof" checkout --quiet --detach "$ref"
echo "fresh clone of $(git -C "$work/mxproof" rev-parse --short HEAD) in $work/mxproof"

# The only commands on PATH: node, npm, npx, and sh, which npm looks up on PATH to run package
# scripts (every system has one; without it not even `npm ci` can build).
mkdir "$work/bin"
for tool in node npm npx sh; do
  ln -s "$(readlink -f "$(command -v "$tool")")" "$work/bin/$tool"
done

# A clean environment: no CI (which would add CI-only reporters), no tool paths of this machine.
run=(env -i "HOME=$HOME" "PATH=$work/bin" "CHROMIUM_PATH=$work/no-chromium" "TMPDIR=${TMPDIR:-/tmp}"
  npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false
  "$(command -v bash)" -c 'cd "$0" && npm ci && npm test' "$work/mxproof")

start=$(date +%s)
status=0
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
  unshare --mount --propagation private -- bash -c 'mount -t tmpfs -o ro,size=1k hidden /usr/sbin && exec "$@"' bash "${run[@]}" || status=$?
else
  "${run[@]}" || status=$?
fi
echo "fresh-machine test: npm ci && npm test exited $status after $(( $(date +%s) - start )) s"
exit "$status"
