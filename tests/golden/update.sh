#!/usr/bin/env bash
# update.sh [BUILD_DIR]: regenerates the golden outputs (review the diff before committing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-build}
tk=$(cd "$root" && realpath "$build/treatykg")
cd "$root"
"$tk" export -q samples/articles -o "$here/samples.ttl"
"$tk" export -q samples/articles -f ntriples --no-description -o "$here/samples.nt"
git -C "$root" diff --stat -- tests/golden || true
