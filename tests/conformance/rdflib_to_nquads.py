"""Prints an RDF file as N-Quads, parsed by rdflib (the conformance runner reads JSON-LD with it).

    /usr/bin/python3 rdflib_to_nquads.py FORMAT FILE

Default-graph triples come out in the graph <urn:x-treatykg-conformance:default>, which the runner
maps back to the default graph. Exit status 3 when rdflib cannot be imported (the runner reports the
case as skipped), 1 when the file does not parse.
"""
import sys

try:
    import rdflib
except ImportError as e:
    sys.stderr.write("rdflib is not installed: %s\n" % e)
    sys.exit(3)

DEFAULT = "urn:x-treatykg-conformance:default"

fmt, path = sys.argv[1], sys.argv[2]
g = rdflib.ConjunctiveGraph()
try:
    g.parse(path, format=fmt, publicID=DEFAULT)
except Exception as e:  # noqa: BLE001 - any parse failure is reported the same way
    sys.stderr.write("%s: %s\n" % (path, e))
    sys.exit(1)
out = g.serialize(format="nquads")
sys.stdout.write(out.decode("utf-8") if isinstance(out, bytes) else out)
