#!/usr/bin/env bash
# End-to-end export benchmark (not a test). For each corpus size it generates a deterministic corpus
# (bench/extract's generator: the sample sentences recombined with other entities, numbers and dates,
# mixed with off-topic prose), then times in the same run:
#   - treatykg export -f ntriples with --threads 1 and --threads 2, REPEAT times each, interleaved
#     (medians of wall and CPU time; MB/s, articles/s, triples/s, peak RSS)
#   - two --threads 1 exports at once: the machine's ceiling for the 2-thread speed-up
#   - --threads 2 piped into `wc -l`: the same run with a consumer sharing the two cores
#   - grep -c -F -f <all lexicon aliases> on the corpus (the scan speed limit)
#   - serdi re-serialising our N-Triples output as Turtle
#   - before each 1-/2-thread pair, cross_cpu: the cost of handing data between the two CPUs, which
#     on a VM changes for seconds or minutes at a time and decides what a 2-thread run costs
#   bench/export/run.sh [BUILD_DIR] [SIZES_MB...]      default: build 10 100 1000; REPEAT=3
set -euo pipefail
build=${1:-build}
shift || true
sizes=${*:-10 100 1000}
repeat=${REPEAT:-3}
root=$(pwd)
tk="$build/treatykg"
gen="$build/bench/extract/extract_corpus_gen"
timed="$build/bench/export/timed_run"  # GNU time's "%e %M %U %S", to the microsecond
probe="$build/bench/export/cross_cpu"  # what handing data between two CPUs costs right now
[ -x "$tk" ] && [ -x "$gen" ] && [ -x "$timed" ] && [ -x "$probe" ] || { echo "build first: cmake --build $build --target treatykg extract_corpus_gen extract_bench timed_run cross_cpu" >&2; exit 1; }
tmp=${TMPDIR:-/tmp}/treatykg-bench-export.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM

"$build/bench/extract/extract_bench" --lexicon "$root/mappings/lexicon.ttl" --dump-aliases "$tmp/aliases.txt"

# The median of the numbers on standard input.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "$("$tk" --version 2>/dev/null | head -1), $(nproc) CPUs, REPEAT=$repeat (medians)"
printf "%-8s %-26s %8s %9s %11s %12s %9s %10s\n" size run seconds MB/s articles/s triples/s "RSS MiB" "MB/CPU-s"
for mb in $sizes; do
  "$gen" --samples "$root/samples/articles" --mb "$mb" --seed 42 > "$tmp/corpus.jsonl"
  bytes=$(wc -c < "$tmp/corpus.jsonl")
  articles=$(wc -l < "$tmp/corpus.jsonl")
  # Timed runs write to /dev/null: what treatykg itself costs. At 1 GB the output is ~9.5 GB, which a
  # disk-backed file would make wait for the VM's write-back, and a pipe reader would share the two
  # cores (the piped row below shows that case). The triple count comes from the summary line.
  # 1- and 2-thread runs alternate, so a slow spell of the VM hits both.
  : > "$tmp/runs"
  : > "$tmp/probes"
  for ((i = 0; i < repeat; i++)); do
    # The machine's state for this pair: what handing data between two CPUs costs right now.
    { "$probe" 2> /dev/null || echo "round trip - ns (one CPU)"; } | awk '{ print $3 }' >> "$tmp/probes"
    for threads in 1 2; do
      "$timed" -o "$tmp/time" "$tk" export --no-progress -f ntriples --threads "$threads" \
        "$tmp/corpus.jsonl" -o /dev/null 2> "$tmp/summary"
      read -r secs kb user sys < <(tail -1 "$tmp/time")
      triples=$(sed -n 's/.*, \([0-9]*\) triples, .*/\1/p' "$tmp/summary" | tail -1)
      echo "$threads $secs $kb $user $sys $triples" >> "$tmp/runs"
    done
  done
  for threads in 1 2; do
    secs=$(awk -v t="$threads" '$1 == t { print $2 }' "$tmp/runs" | median)
    cpu=$(awk -v t="$threads" '$1 == t { print $4 + $5 }' "$tmp/runs" | median)
    kb=$(awk -v t="$threads" '$1 == t && $3 > m { m = $3 } END { print m }' "$tmp/runs")
    triples=$(awk -v t="$threads" '$1 == t { n = $6 } END { print n }' "$tmp/runs")
    awk -v m="$mb" -v t="$threads" -v s="$secs" -v b="$bytes" -v a="$articles" -v n="$triples" -v k="$kb" -v c="$cpu" \
      'BEGIN { if (s < 0.001) s = 0.001; if (c < 0.001) c = 0.001;
               printf "%-8s %-26s %8.3f %9.1f %11.0f %12.0f %9.1f %10.1f\n", m " MB", "export --threads " t, s, b / 1e6 / s, a / s, n / s, k / 1024, b / 1e6 / c }'
    [ "$threads" = 1 ] && t1=$secs || t2=$secs
  done
  awk -v t="$(awk '$1 == 1 { printf "%.3f ", $2 }' "$tmp/runs")" -v u="$(awk '$1 == 2 { printf "%.3f ", $2 }' "$tmp/runs")" \
    'BEGIN { printf "%-8s %-26s each run (s): 1 thread %s/ 2 threads %s\n", "", "", t, u }'
  awk -v p="$(tr '\n' ' ' < "$tmp/probes")" \
    'BEGIN { printf "%-8s %-26s cross-CPU round trip before each pair (ns): %s\n", "", "", p }'
  # The same speed-up over the pairs the machine ran in its usual state only (round trip under
  # 150 ns), to tell the code from the VM's spells. The rows above count every pair.
  paste -d' ' "$tmp/probes" <(awk '$1 == 1 { print $2 }' "$tmp/runs") <(awk '$1 == 2 { print $2 }' "$tmp/runs") |
    awk '$1 != "-" && $1 < 150' > "$tmp/calm"
  if [ -s "$tmp/calm" ]; then
    awk -v n="$(wc -l < "$tmp/calm")" -v a="$(awk '{ print $2 }' "$tmp/calm" | median)" -v b="$(awk '{ print $3 }' "$tmp/calm" | median)" \
      'BEGIN { printf "%-8s %-26s speed-up over the %d pairs with the round trip under 150 ns: %.2fx\n", "", "", n, a / b }'
  else
    printf "%-8s %-26s no pair ran with the round trip under 150 ns\n" "" ""
  fi
  # The machine's own ceiling for 2 cores: two independent --threads 1 runs at once (no shared state,
  # no hand-over). On a VM whose vCPUs share a host, this is below 2x; the 2-thread speed-up is judged
  # next to it.
  "$timed" -o "$tmp/time" sh -c '
    "$1" export --no-progress -q -f ntriples --threads 1 "$2" -o /dev/null &
    "$1" export --no-progress -q -f ntriples --threads 1 "$2" -o /dev/null; wait' sh "$tk" "$tmp/corpus.jsonl"
  read -r pair _ < "$tmp/time"
  awk -v a="$t1" -v b="$t2" -v p="$pair" 'BEGIN { if (b > 0 && p > 0)
    printf "%-8s %-26s speed-up 2 threads / 1 thread: %.2fx (two 1-thread runs at once: %.2fx)\n", "", "", a / b, 2 * a / p }'
  # A consumer on the same two cores: the N-Triples piped into wc -l.
  "$timed" -o "$tmp/time" "$tk" export --no-progress -q -f ntriples --threads 2 \
    "$tmp/corpus.jsonl" -o /dev/stdout | wc -l > "$tmp/lines"
  read -r secs kb user sys < <(tail -1 "$tmp/time")
  awk -v m="$mb" -v s="$secs" -v b="$bytes" -v a="$articles" -v n="$(cat "$tmp/lines")" -v k="$kb" -v c="$user + $sys" \
    'BEGIN { split(c, x, " + "); cpu = x[1] + x[2]; if (s < 0.001) s = 0.001; if (cpu < 0.001) cpu = 0.001;
             printf "%-8s %-26s %8.3f %9.1f %11.0f %12.0f %9.1f %10.1f\n", m " MB", "export --threads 2 | wc -l", s, b / 1e6 / s, a / s, n / s, k / 1024, b / 1e6 / cpu }'
  # Into a file, not /dev/null: GNU grep stops at the first match when its output is /dev/null.
  "$timed" -o "$tmp/time" sh -c 'LC_ALL=C grep -c -F -f "$1" "$2" > "$3"' sh \
    "$tmp/aliases.txt" "$tmp/corpus.jsonl" "$tmp/grep.out" || true
  read -r secs _ < "$tmp/time"
  awk -v m="$mb" -v s="$secs" -v b="$bytes" \
    'BEGIN { if (s < 0.001) s = 0.001; printf "%-8s %-26s %8.3f %9.1f\n", m " MB", "grep -c -F -f aliases", s, b / 1e6 / s }'
  "$tk" export --no-progress -q -f ntriples --threads 2 "$tmp/corpus.jsonl" -o "$tmp/out.nt"  # serdi's input, untimed
  "$timed" -o "$tmp/time" serdi -i ntriples -o turtle "$tmp/out.nt" > /dev/null
  read -r secs kb _ < "$tmp/time"
  awk -v m="$mb" -v s="$secs" -v n="$triples" -v k="$kb" \
    'BEGIN { if (s < 0.001) s = 0.001; printf "%-8s %-26s %8.3f %9s %11s %12.0f %9.1f\n", m " MB", "serdi nt -> turtle", s, "", "", n / s, k / 1024 }'
  rm -f "$tmp/out.nt" "$tmp/corpus.jsonl"
done
