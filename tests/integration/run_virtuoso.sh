#!/usr/bin/env bash
# Start a private Virtuoso 7 (Debian virtuoso-opensource), bulk-load an RDF file, run every SPARQL query
# of a folder through its HTTP SPARQL endpoint, shut it down and remove everything it wrote.
#
# Usage: run_virtuoso.sh DATA_FILE QUERIES_DIR OUT_DIR
#        run_virtuoso.sh --make-template DB_FILE    (write a pristine database to DB_FILE, see below)
# Writes OUT_DIR/raw/<stem>.srj (Virtuoso's own SPARQL JSON), OUT_DIR/<stem>.tsv (normalised by
# normalize.py) and OUT_DIR/virtuoso.log (the server log, for post-mortems); a failing query leaves
# OUT_DIR/<stem>.error and makes the exit status 1.
#
# The server: `virtuoso-t +foreground` with its own virtuoso.ini in a fresh temporary folder (database,
# logs, DirsAllowed), SQL and HTTP ports bound to 127.0.0.1 only, on free ports picked at start. It is
# stopped and the folder removed on every exit path (trap), failures included.
# Loading: ld_dir + rdf_loader_run, which choose the parser from the extension (.ttl, .nt, .trig, .nq);
# triples without a graph go to urn:treatykg:test:default. Querying: only the graph the load created
# (for TriG/N-Quads: one graph merging all it created) is passed as default-graph-uri, so Virtuoso's own
# system graphs (virtrdf:, which a fresh database already holds) stay out of the answers.
#
# Start-up is mostly the creation of a fresh database's system tables (~4 s idle, 20 s and more on a
# busy machine). With VIRTUOSO_TEMPLATE_DB=DB_FILE (made once by --make-template; ctest does this in a
# fixture) the runner starts from a copy of that pristine database instead (~1-4 s).
set -euo pipefail

die() { echo "run_virtuoso: $*" >&2; exit 1; }

usage() {
  echo "usage: run_virtuoso.sh DATA_FILE QUERIES_DIR OUT_DIR | --make-template DB_FILE" >&2
  exit 2
}
template_out=""
if [[ ${1:-} == --make-template ]]; then
  [[ $# -eq 2 ]] || usage
  template_out=$2
  mkdir -p "$(dirname "$template_out")"
  out=$(cd "$(dirname "$template_out")" && pwd)
else
  [[ $# -eq 3 ]] || usage
  data=$1 queries=$2 out=$3
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
py=/usr/bin/python3
default_graph=urn:treatykg:test:default

if [[ -z $template_out ]]; then
  [[ -f $data ]] || die "$data: no such file"
  [[ -d $queries ]] || die "$queries: no such folder"
  ext=${data##*.}
  ext=${ext,,}
  case $ext in
    ttl | nt | trig | nq) ;;
    *) die "$data: unknown RDF file extension (want .ttl, .nt, .trig or .nq)" ;;
  esac
  compgen -G "$queries/*.rq" >/dev/null || die "$queries: no *.rq queries"
fi
template=${VIRTUOSO_TEMPLATE_DB:-}
if [[ -n $template && -z $template_out && ! -f $template ]]; then
  die "VIRTUOSO_TEMPLATE_DB=$template does not exist (make it with run_virtuoso.sh --make-template)"
fi

server=${VIRTUOSO_T:-$(command -v virtuoso-t || true)}
[[ -n $server && -x $server ]] ||
  die "virtuoso-t not found: install Debian virtuoso-opensource (scripts/setup)"
isql=${VIRTUOSO_ISQL:-$(command -v isql-vt || true)}
[[ -n $isql && -x $isql ]] ||
  die "isql-vt (Virtuoso's isql) not found: install Debian virtuoso-opensource (scripts/setup)"
[[ -x $py ]] || die "$py not found"

if [[ -z $template_out ]]; then
  mkdir -p "$out/raw"
  out=$(cd "$out" && pwd)
  rm -f "$out"/*.tsv "$out"/*.error "$out"/raw/*.srj "$out/virtuoso.log" "$out/server.out"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/treatykg-virtuoso.XXXXXX")
pid="" watchdog=""
cleanup() {
  local rc=$?
  [[ -n $watchdog ]] && kill "$watchdog" 2>/dev/null
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  if [[ -z $template_out ]]; then
    [[ -f $tmp/virtuoso.log ]] && cp "$tmp/virtuoso.log" "$out/virtuoso.log" 2>/dev/null
    [[ -f $tmp/server.out ]] && cp "$tmp/server.out" "$out/server.out" 2>/dev/null
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_ports() { # two distinct free TCP ports on 127.0.0.1
  "$py" -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))'
}

sql() { # sql 'statements;' : run SQL through isql on the private port, fail on any error
  # (isql exits 0 even when a statement fails; errors are lines starting with "*** Error").
  local result
  result=$("$isql" "127.0.0.1:$sql_port" dba dba "exec=$1" 2>&1) || { printf '%s\n' "$result"; return 1; }
  printf '%s\n' "$result"
  ! grep -q -F '*** Error' <<<"$result"
}

# The HTTP side (SPARQL protocol) in Python: `graphs URL` lists the graphs that hold triples;
# `query URL QUERIES_DIR RAW_DIR ERR_DIR GRAPHS_FILE` runs every query with those graphs as its
# default graph and writes RAW_DIR/<stem>.srj or ERR_DIR/<stem>.error.
cat >"$tmp/sparql_protocol.py" <<'EOF'
import json, os, sys, urllib.error, urllib.parse, urllib.request

def post(url, fields, timeout):
    body = urllib.parse.urlencode(fields).encode("utf-8")
    req = urllib.request.Request(url, data=body, headers={
        "Accept": "application/sparql-results+json",
        "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        # Virtuoso answers a query that hit a time/size limit with partial results and says so here.
        state = r.headers.get("X-SQL-State")
        if state:
            raise RuntimeError("partial results (X-SQL-State %s: %s)" % (state, r.headers.get("X-SQL-Message")))
        return r.read()

def main():
    cmd, url = sys.argv[1], sys.argv[2]
    if cmd == "graphs":
        res = json.loads(post(url, [("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")], 60))
        for b in res["results"]["bindings"]:
            print(b["g"]["value"])
        return 0
    queries, raw_dir, err_dir, graphs_file = sys.argv[3:7]
    graphs = [g for g in open(graphs_file, encoding="utf-8").read().split("\n") if g]
    status = 0
    for name in sorted(f for f in os.listdir(queries) if f.endswith(".rq")):
        stem = name[:-3]
        with open(os.path.join(queries, name), encoding="utf-8") as f:
            text = f.read()
        try:
            payload = post(url, [("query", text)] + [("default-graph-uri", g) for g in graphs], 40)
            json.loads(payload)  # fail here, with the query's name, if it is not JSON
            with open(os.path.join(raw_dir, stem + ".srj"), "wb") as f:
                f.write(payload)
        except Exception as e:
            status = 1
            detail = e.read().decode("utf-8", "replace").strip() if isinstance(e, urllib.error.HTTPError) else ""
            msg = "%s: %s %s" % (name, e, detail)
            sys.stderr.write("run_virtuoso: query failed: " + msg + "\n")
            with open(os.path.join(err_dir, stem + ".error"), "w", encoding="utf-8") as f:
                f.write(msg + "\n")
    return status

sys.exit(main())
EOF

t0=$(date +%s.%N)
started=""
for attempt in 1 2 3; do
  read -r sql_port http_port < <(free_ports)
  rm -rf "$tmp/db" && mkdir -p "$tmp/db" "$tmp/data"
  if [[ -n $template && -z $template_out ]]; then
    cp --sparse=always "$template" "$tmp/db/virtuoso.db" || die "cannot copy $template"
  fi
  cat >"$tmp/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $tmp/db/virtuoso.db
ErrorLogFile       = $tmp/virtuoso.log
LockFile           = $tmp/db/virtuoso.lck
TransactionFile    = $tmp/db/virtuoso.trx
xa_persistent_file = $tmp/db/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = $tmp/db/virtuoso-temp.db
TransactionFile    = $tmp/db/virtuoso-temp.trx
Striping           = 0
[Parameters]
ServerPort         = 127.0.0.1:$sql_port
DisableUnixSocket  = 1
DisableTcpSocket   = 0
CheckpointInterval = 0
DirsAllowed        = ., $tmp
NumberOfBuffers    = 20000
MaxDirtyBuffers    = 15000
CaseMode           = 2
[HTTPServer]
ServerPort         = 127.0.0.1:$http_port
ServerRoot         = $tmp
ServerThreads      = 4
MaxClientConnections = 4
Charset            = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows   = 1000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
EOF
  (cd "$tmp" && exec "$server" +foreground +configfile "$tmp/virtuoso.ini" >"$tmp/server.out" 2>&1) &
  pid=$!
  # If this script is killed outright (SIGKILL, e.g. a test timeout) the trap cannot run: a watchdog
  # then stops the server and removes the folder. It holds none of our output streams.
  [[ -n $watchdog ]] && kill "$watchdog" 2>/dev/null
  (
    while kill -0 $$ 2>/dev/null; do sleep 1; done
    kill -KILL "$pid" 2>/dev/null
    sleep 1
    rm -rf "$tmp"
  ) </dev/null >/dev/null 2>&1 &
  watchdog=$!
  # A fresh database builds its system tables first: ~4 s idle, 20 s seen on a loaded machine.
  deadline=$((SECONDS + ${VIRTUOSO_START_TIMEOUT:-60}))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || break
    if "$isql" "127.0.0.1:$sql_port" dba dba 'exec=select 1;' >/dev/null 2>&1; then started=1; break; fi
    sleep 0.1
  done
  [[ -n $started ]] && break
  if kill -0 "$pid" 2>/dev/null; then
    tail -n 20 "$tmp/server.out" >&2 || true
    die "virtuoso-t did not answer on 127.0.0.1:$sql_port within ${VIRTUOSO_START_TIMEOUT:-60}s"
  fi
  # It exited (e.g. a port taken between picking and binding it): try again with new ports.
  echo "run_virtuoso: server exited at start-up (attempt $attempt); its output:" >&2
  tail -n 20 "$tmp/server.out" >&2 || true
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
done
[[ -n $started ]] || die "virtuoso-t did not start on 127.0.0.1 (see above)"
echo "run_virtuoso: server up on 127.0.0.1:$sql_port (SQL), :$http_port (HTTP) in $(
  "$py" -c "import time;print(round(time.time()-$t0,1))")s${template:+ (from $template)}" >&2

if [[ -n $template_out ]]; then
  # A clean shutdown leaves a self-contained database file (empty transaction log).
  sql "checkpoint; shutdown;" >/dev/null 2>&1 || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && die "virtuoso-t did not shut down"
  wait "$pid" 2>/dev/null || true
  pid=""
  [[ ! -s $tmp/db/virtuoso.trx ]] || die "the database did not shut down cleanly (non-empty .trx)"
  if ! cp --sparse=always "$tmp/db/virtuoso.db" "$template_out.tmp.$$" ||
     ! mv -f "$template_out.tmp.$$" "$template_out"; then
    die "cannot write $template_out"
  fi
  echo "run_virtuoso: pristine database written to $template_out" >&2
  exit 0
fi

# Bulk load. The file is copied into the DirsAllowed folder under a name whose extension tells
# ld_dir which parser to use.
cp "$data" "$tmp/data/kg.$ext"
sparql_endpoint="http://127.0.0.1:$http_port/sparql"
graphs_before=$("$py" "$tmp/sparql_protocol.py" graphs "$sparql_endpoint") ||
  die "cannot list the graphs of the fresh database"
sql "ld_dir('$tmp/data', 'kg.$ext', '$default_graph'); rdf_loader_run(); checkpoint;" >"$tmp/load.out" ||
  die "bulk load failed: $(cat "$tmp/load.out")"
load_errors=$(sql "select ll_file, ll_error from DB.DBA.LOAD_LIST where ll_error is not null;" |
              grep -F "$tmp" || true)
[[ -z $load_errors ]] || die "$data: Virtuoso could not load the file: $load_errors"
graphs_after=$("$py" "$tmp/sparql_protocol.py" graphs "$sparql_endpoint") ||
  die "cannot list the graphs after loading"
loaded=$(comm -13 <(sort <<<"$graphs_before") <(sort <<<"$graphs_after") | sed '/^$/d')
[[ -n $loaded ]] || die "$data: the load created no graph (empty file?)"
echo "run_virtuoso: loaded into $(wc -l <<<"$loaded") graph(s) in $(
  "$py" -c "import time;print(round(time.time()-$t0,1))")s" >&2

# The default graph of every query is the RDF merge (a set) of the loaded graphs. Passing several
# default-graph-uri parameters would be a bag union in Virtuoso 7.2 (a triple in two graphs matches
# twice), so a quads file's graphs are first copied into one graph, where duplicates collapse.
if [[ $(wc -l <<<"$loaded") -eq 1 ]]; then
  query_graph=$loaded
else
  query_graph=urn:treatykg:test:union
  merge="log_enable(3,1);"
  while IFS= read -r g; do
    merge+=" SPARQL INSERT INTO <$query_graph> { ?s ?p ?o } WHERE { GRAPH <$g> { ?s ?p ?o } };"
  done <<<"$loaded"
  sql "$merge checkpoint;" >"$tmp/merge.out" || die "merging the loaded graphs failed: $(cat "$tmp/merge.out")"
fi
printf '%s\n' "$query_graph" >"$tmp/graphs.txt"

status=0
"$py" "$tmp/sparql_protocol.py" query "$sparql_endpoint" "$queries" "$out/raw" "$out" "$tmp/graphs.txt" || status=1
"$py" "$here/normalize.py" "$out/raw" "$out" || status=1
echo "run_virtuoso: done in $("$py" -c "import time;print(round(time.time()-$t0,1))")s" >&2
exit "$status"
