#!/usr/bin/env bash
# Side-by-side RML mapping benchmark: treatykg vs RocketRML on the same input, in the same run.
#
#   bench/rml/run.sh [BUILD_DIR] [N...]          (default: build, 100000 1000000)
#
# Needs: the tkg_rml_bench target built in BUILD_DIR (cmake --build BUILD_DIR --target tkg_rml_bench),
# node + npm, and ../shared/bench/rml (TREATYKG_BENCH_RML to override). RocketRML is npm-installed once
# into BUILD_DIR/bench/rml/rocketrml (never into the repository). Prints one table: records/s,
# triples/s, peak RSS per engine and size, and the throughput ratio (also with the writer on a second
# thread, mapping::AsyncSink). Not a test: figures vary by machine and load; run it on an idle machine.
# ROCKETRML_SKIP_ABOVE=N skips RocketRML for sizes above N (1M records take minutes and ~8 GB).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
shared="${TREATYKG_BENCH_RML:-$repo/../shared/bench/rml}"
bench_bin="$build/bench/rml/tkg_rml_bench"
skip_above="${ROCKETRML_SKIP_ABOVE:-100000000}"
[ -x "$bench_bin" ] || { echo "run.sh: build $bench_bin first (cmake --build $build --target tkg_rml_bench)" >&2; exit 2; }
[ -f "$shared/gen-json.js" ] || { echo "run.sh: $shared/gen-json.js not found" >&2; exit 2; }

peer="$build/bench/rml/rocketrml"
if [ ! -d "$peer/node_modules/rocketrml" ]; then
  mkdir -p "$peer"
  cp "$shared/package.json" "$peer/"
  (cd "$peer" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
cp "$shared/bench-rocketrml.js" "$shared/gen-json.js" "$shared/mapping.ttl" "$peer/"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" <<<"$2"; }

printf '%-10s %9s %8s %9s %12s %12s %10s %8s\n' engine records triples seconds records/s triples/s peak_RSS ratio
for n in "${sizes[@]}"; do
  node "$shared/gen-json.js" "$n" > "$work/people.json"
  cp "$shared/mapping-rml-core.ttl" "$work/"
  ours="$("$bench_bin" "$work/mapping-rml-core.ttl" "$work/out.nq" --sink writer)"
  ours_async="$("$bench_bin" "$work/mapping-rml-core.ttl" "$work/out.nq" --sink async)"
  rm -f "$work/out.nq"
  theirs=""
  if [ "$n" -le "$skip_above" ]; then
    theirs="$(cd "$peer" && node --max-old-space-size=16000 bench-rocketrml.js "$n" 1 | tail -1)"
  fi
  ratio="-"
  ratio_async="-"
  if [ -n "$theirs" ]; then
    ratio="$(awk -v a="$(field triples_per_s "$ours")" -v b="$(field triples_per_s "$theirs")" 'BEGIN{printf "%.0fx", a/b}')"
    ratio_async="$(awk -v a="$(field triples_per_s "$ours_async")" -v b="$(field triples_per_s "$theirs")" 'BEGIN{printf "%.0fx", a/b}')"
    printf '%-10s %9s %8s %9s %12s %12s %8s MB %8s\n' rocketrml "$n" "$(field triples "$theirs")" \
      "$(field seconds "$theirs")" "$(field records_per_s "$theirs")" "$(field triples_per_s "$theirs")" \
      "$(field peak_rss_mb "$theirs")" "1x"
  else
    printf '%-10s %9s %8s\n' rocketrml "$n" skipped
  fi
  printf '%-10s %9s %8s %9s %12s %12s %8s MB %8s\n' treatykg "$n" "$(field triples "$ours")" \
    "$(field seconds "$ours")" "$(field records_per_s "$ours")" "$(field triples_per_s "$ours")" \
    "$(field peak_rss_mb "$ours")" "$ratio"
  printf '%-10s %9s %8s %9s %12s %12s %8s MB %8s\n' "+async" "$n" "$(field triples "$ours_async")" \
    "$(field seconds "$ours_async")" "$(field records_per_s "$ours_async")" "$(field triples_per_s "$ours_async")" \
    "$(field peak_rss_mb "$ours_async")" "$ratio_async"
done
echo "treatykg: one thread, N-Quads through rdf::Writer; +async: the same with mapping::AsyncSink (writer on a"
echo "second thread). Peak RSS is the process's maximum resident set (getrusage / RocketRML's resourceUsage)."
