#!/usr/bin/env bash
# check.sh TREATYKG EXPECTED ARGS...: runs `TREATYKG export ARGS... -o <tmp>` from the source root and
# compares the bytes with EXPECTED; on a difference prints the start of the unified diff and fails.
set -euo pipefail
tk=$1 expected=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
actual=$(mktemp "${TMPDIR:-/tmp}/treatykg-golden.XXXXXX")
trap 'rm -f "$actual"' EXIT
cd "$root"
"$tk" export -q "$@" -o "$actual"
if ! cmp -s "$expected" "$actual"; then
  echo "golden: output differs from $expected (tests/golden/README.md says how to review and update):" >&2
  diff -u "$expected" "$actual" | head -80 >&2 || true
  exit 1
fi
echo "golden: $(wc -l < "$actual") lines identical to $expected"
