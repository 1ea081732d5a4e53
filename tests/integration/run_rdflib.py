#!/usr/bin/python3
"""Load an RDF file into rdflib (Debian python3-rdflib) and run every SPARQL query of a folder.

Usage: /usr/bin/python3 run_rdflib.py DATA_FILE QUERIES_DIR OUT_DIR
Writes OUT_DIR/raw/<stem>.srj (rdflib's own SPARQL JSON) and OUT_DIR/<stem>.tsv (normalised);
a failing query leaves OUT_DIR/<stem>.error and makes the exit status 1.
For TriG / N-Quads the default graph of every query is the RDF merge (a set) of all graphs.
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, HERE)
import normalize  # noqa: E402

FORMATS = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads"}


def fail(msg):
    sys.stderr.write("run_rdflib: " + msg + "\n")
    sys.exit(1)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: run_rdflib.py DATA_FILE QUERIES_DIR OUT_DIR\n")
        return 2
    data, queries_dir, out_dir = argv[1:]
    try:
        import rdflib
        import rdflib.plugins.sparql  # noqa: F401
    except ImportError as e:
        fail("rdflib is not installed for %s (%s): install Debian python3-rdflib (scripts/setup) "
             "and run this script with /usr/bin/python3" % (sys.executable, e))
    ext = os.path.splitext(data)[1].lower()
    if ext not in FORMATS:
        fail("%s: unknown RDF file extension (want one of %s)" % (data, ", ".join(FORMATS)))
    if not os.path.isfile(data):
        fail("%s: no such file" % data)
    if not os.path.isdir(queries_dir):
        fail("%s: no such folder" % queries_dir)
    queries = sorted(q for q in os.listdir(queries_dir) if q.endswith(".rq"))
    if not queries:
        fail("%s: no *.rq queries" % queries_dir)

    raw_dir = os.path.join(out_dir, "raw")
    os.makedirs(raw_dir, exist_ok=True)
    for d in (out_dir, raw_dir):
        for name in os.listdir(d):
            if name.endswith((".tsv", ".srj", ".error")):
                os.remove(os.path.join(d, name))

    t0 = time.time()
    fmt = FORMATS[ext]
    if fmt in ("trig", "nquads"):
        # ConjunctiveGraph: the default graph of a query is the union of all graphs, each triple once.
        graph = rdflib.ConjunctiveGraph()
    else:
        graph = rdflib.Graph()
    try:
        graph.parse(data, format=fmt)
    except Exception as e:  # rdflib raises many different types for syntax errors
        fail("%s: rdflib could not parse the file: %s" % (data, e))
    sys.stderr.write("run_rdflib: loaded %d triples in %.1fs\n" % (len(graph), time.time() - t0))
    if fmt in ("trig", "nquads"):
        quads = sum(len(g) for g in graph.contexts())
        if quads != len(graph):
            # Worth knowing: Oxigraph's union default graph and Virtuoso's several default-graph-uri
            # count such a triple once per graph (the runners merge graphs first to avoid it).
            sys.stderr.write("run_rdflib: note: %d quads but %d distinct triples: some triples are in "
                             "more than one graph\n" % (quads, len(graph)))

    status = 0
    for q in queries:
        stem = q[:-len(".rq")]
        with open(os.path.join(queries_dir, q), encoding="utf-8") as f:
            text = f.read()
        try:
            result = graph.query(text)
            payload = result.serialize(format="json")
            raw = os.path.join(raw_dir, stem + ".srj")
            with open(raw, "wb") as f:
                f.write(payload if isinstance(payload, bytes) else payload.encode("utf-8"))
            normalize.convert_file(raw, os.path.join(out_dir, stem + ".tsv"))
        except Exception as e:
            status = 1
            msg = "%s: %s: %s" % (q, type(e).__name__, e)
            sys.stderr.write("run_rdflib: query failed: " + msg + "\n")
            with open(os.path.join(out_dir, stem + ".error"), "w", encoding="utf-8") as f:
                f.write(msg + "\n")
    sys.stderr.write("run_rdflib: %d queries in %.1fs total\n" % (len(queries), time.time() - t0))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
