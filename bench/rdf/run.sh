#!/usr/bin/env bash
# Writer benchmark: 1,000,000 triples through the rdf layer (N-Triples streamed, Turtle streamed, Turtle
# from a sorted Model) next to serdi re-serialising the same triples, in the same run.
#   bench/rdf/run.sh [BUILD_DIR] [N]
set -euo pipefail
build=${1:-build}
n=${2:-1000000}
bin="$build/bench/rdf/rdf_write_bench"
[ -x "$bin" ] || { echo "build first: cmake --build $build --target rdf_write_bench" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

measure() {  # label, command...: prints seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null
  read -r secs kb < "$tmp/time"
  awk -v l="$label" -v s="$secs" -v k="$kb" -v n="$n" \
    'BEGIN { if (s < 0.01) s = 0.01; printf "%-34s %8.2f s %12.0f triples/s %8.1f MiB\n", l, s, n / s, k / 1024 }'
  echo "$secs" > "$tmp/last"
}

echo "triples: $n"
measure "treatykg ntriples (stream)" "$bin" ntriples "$n" "$tmp/out.nt"; ours_nt=$(cat "$tmp/last")
measure "treatykg turtle (stream)" "$bin" turtle-stream "$n" "$tmp/out.ttl"
measure "treatykg turtle (sorted model)" "$bin" turtle-model "$n" "$tmp/out-model.ttl"
measure "serdi -i ntriples -o turtle" serdi -i ntriples -o turtle "$tmp/out.nt"; serdi_ttl=$(cat "$tmp/last")
measure "serdi -i ntriples -o ntriples" serdi -i ntriples -o ntriples "$tmp/out.nt"
awk -v a="$ours_nt" -v b="$serdi_ttl" 'BEGIN { printf "ratio treatykg ntriples time / serdi nt->turtle time: %.2f\n", a / b }'
# Same triples both ways: the counts must agree.
echo "check: $(serdi -i turtle -o ntriples "$tmp/out.ttl" | wc -l) triples in our Turtle, $(wc -l < "$tmp/out.nt") in our N-Triples"
