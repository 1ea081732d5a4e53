#!/usr/bin/env bash
# Run the whole four-store harness on one RDF file: load it into Oxigraph, rdflib, Jena ARQ and Virtuoso,
# run every query, and compare the answers with each other and with expected answers.
#
# Usage: run_all.sh [-o RESULTS_DIR] [-q QUERIES_DIR] [-s STORES] DATA_FILE [EXPECTED_DIR]
#   DATA_FILE     .ttl, .nt, .trig or .nq
#   EXPECTED_DIR  folder of <query-stem>.tsv expected answers (default: none, stores compared only)
#   -q            folder of *.rq queries (default: samples/queries of this repository)
#   -o            where each store's answers go, RESULTS_DIR/<store>/ (default: a new temporary folder)
#   -s            comma-separated subset of oxigraph,rdflib,jena,virtuoso (default: all four)
# The stores run in parallel; each one's log is RESULTS_DIR/<store>.log. Exit 0 only if every store ran
# every query and all answers agree (and equal EXPECTED_DIR's where it has a file).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
usage() { sed -n '5,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

results="" queries="$repo/samples/queries" stores="oxigraph,rdflib,jena,virtuoso"
while getopts "o:q:s:h" opt; do
  case $opt in
    o) results=$OPTARG ;;
    q) queries=$OPTARG ;;
    s) stores=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -ge 1 && $# -le 2 ]] || usage
data=$1 expected=${2:-}

[[ -f $data ]] || { echo "run_all: $data: no such file" >&2; exit 1; }
[[ -d $queries ]] || { echo "run_all: $queries: no such folder of queries (use -q)" >&2; exit 1; }
[[ -z $expected || -d $expected ]] || { echo "run_all: $expected: no such folder" >&2; exit 1; }
if [[ -z $results ]]; then
  results=$(mktemp -d "${TMPDIR:-/tmp}/treatykg-integration.XXXXXX")
fi
mkdir -p "$results"

runner() {
  case $1 in
    oxigraph) echo "node $here/run_oxigraph.mjs" ;;
    rdflib) echo "/usr/bin/python3 $here/run_rdflib.py" ;;
    jena) echo "bash $here/run_jena.sh" ;;
    virtuoso) echo "bash $here/run_virtuoso.sh" ;;
    *) return 1 ;;
  esac
}

declare -A pids
IFS=, read -r -a store_list <<<"$stores"
for s in "${store_list[@]}"; do
  cmd=$(runner "$s") || { echo "run_all: unknown store '$s'" >&2; exit 2; }
  # shellcheck disable=SC2086  # cmd is "interpreter script"
  ( start=$(date +%s.%N)
    $cmd "$data" "$queries" "$results/$s" >"$results/$s.log" 2>&1
    rc=$?
    echo "run_all: exit $rc after $(/usr/bin/python3 -c "import time;print(round(time.time()-$start,1))")s" \
      >>"$results/$s.log"
    exit $rc ) &
  pids[$s]=$!
done

status=0
for s in "${store_list[@]}"; do
  if wait "${pids[$s]}"; then
    echo "run_all: $s: ok ($(tail -n 1 "$results/$s.log" | sed 's/^run_all: //'))"
  else
    status=1
    echo "run_all: $s: FAILED; its log ($results/$s.log):"
    sed 's/^/  | /' "$results/$s.log"
  fi
done

compare_args=(--queries "$queries")
[[ -n $expected ]] && compare_args+=(--expected "$expected")
for s in "${store_list[@]}"; do compare_args+=("$s=$results/$s"); done
echo
/usr/bin/python3 "$here/compare.py" "${compare_args[@]}" || status=1
echo "run_all: answers are in $results"
exit $status
