#!/bin/sh
# Extraction benchmark: generates 10 MB and 100 MB corpora (deterministic), times extract_bench on
# them (1 thread = the per-core figure, then 2 threads), and runs `grep -c -F -f <all lexicon
# aliases>` on the same corpus in the same run as the scan speed limit. Not a test.
#
#   bench/extract/run_bench.sh [BUILD_DIR]      (default build; run from the source root)
set -eu
build=${1:-build}
root=$(pwd)
tmp=${TMPDIR:-/tmp}/treatykg-bench-extract.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
"$build/bench/extract/extract_bench" --lexicon "$root/mappings/lexicon.ttl" --dump-aliases "$tmp/aliases.txt"
echo "aliases: $(wc -l < "$tmp/aliases.txt")"
for mb in 10 100; do
  "$build/bench/extract/extract_corpus_gen" --samples "$root/samples/articles" --mb $mb --seed 42 > "$tmp/corpus.jsonl"
  size=$(wc -c < "$tmp/corpus.jsonl")
  echo "== corpus ${mb} MB ($size bytes)"
  for threads in 1 2; do
    "$build/bench/extract/extract_bench" --corpus "$tmp/corpus.jsonl" --threads $threads \
      --lexicon "$root/mappings/lexicon.ttl" --rules "$root/mappings/rules"
  done
  start=$(date +%s.%N)
  lines=$(LC_ALL=C grep -c -F -f "$tmp/aliases.txt" "$tmp/corpus.jsonl" || true)
  end=$(date +%s.%N)
  echo "$start $end $size $lines" | awk '{ t = $2 - $1; printf "grep -c -F -f aliases: %d matching lines in %.2f s: %.1f MB/s\n", $4, t, $3 / 1048576 / t }'
done
