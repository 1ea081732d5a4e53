#!/usr/bin/python3
"""List tkg: terms used in mappings/*.ttl and samples/queries/*.rq that ontology/treatykg.ttl does not declare.

Usage: /usr/bin/python3 scripts/check_terms.py [--root DIR]
Exit status: 0 if every term is declared, 1 if some are not, 2 if a file does not parse.
Needs rdflib (Debian python3-rdflib); run it with /usr/bin/python3.
"""
import argparse
import glob
import os
import re
import sys

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

TKG = "https://w3id.org/treatykg/ontology#"
RML_TEMPLATE = URIRef("http://w3id.org/rml/template")
DECLARING_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                   RDF.Property, RDFS.Class, RDFS.Datatype, SKOS.Concept, SKOS.ConceptScheme}


def declared_terms(ontology_path):
    g = Graph()
    g.parse(ontology_path, format="turtle")
    names = set()
    for s, _, o in g.triples((None, RDF.type, None)):
        if o in DECLARING_TYPES and isinstance(s, URIRef) and str(s).startswith(TKG):
            names.add(str(s)[len(TKG):])
    return names


def terms_in_turtle(path):
    """tkg: IRIs used anywhere in the graph, plus the fixed parts of rml:template strings in the tkg: namespace."""
    g = Graph()
    g.parse(path, format="turtle")
    used, template_prefixes = set(), set()
    for triple in g:
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(TKG):
                used.add(str(term)[len(TKG):])
    for _, _, tpl in g.triples((None, RML_TEMPLATE, None)):
        if isinstance(tpl, Literal) and str(tpl).startswith(TKG):
            template_prefixes.add(str(tpl)[len(TKG):].split("{", 1)[0])
    return used, template_prefixes


PREFIX_RE = re.compile(r"PREFIX\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>", re.IGNORECASE)


def terms_in_query(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # drop comments (a '#' outside an IRI or a string starts one)
    code = "\n".join(re.sub(r'^((?:[^#"<]|"[^"]*"|<[^>]*>)*)#.*$', r"\1", line) for line in text.splitlines())
    prefixes = [p or "" for p, ns in PREFIX_RE.findall(code) if ns == TKG]
    used = set(m.group(1) for m in re.finditer(r"<" + re.escape(TKG) + r"([^>]+)>", code))
    for p in prefixes:
        for m in re.finditer(r"(?<![\w:<])" + re.escape(p) + r":([A-Za-z_][\w.-]*[\w-]|[A-Za-z_])", code):
            used.add(m.group(1))
    return used


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    try:
        declared = declared_terms(os.path.join(root, "ontology", "treatykg.ttl"))
    except Exception as e:  # noqa: BLE001 - report any parse error the same way
        print(f"ontology/treatykg.ttl: error: {e}", file=sys.stderr)
        return 2
    problems, status = 0, 0
    files = sorted(glob.glob(os.path.join(root, "mappings", "*.ttl"))) + \
        sorted(glob.glob(os.path.join(root, "samples", "queries", "*.rq")))
    for path in files:
        rel = os.path.relpath(path, root)
        try:
            if path.endswith(".ttl"):
                used, template_prefixes = terms_in_turtle(path)
            else:
                used, template_prefixes = terms_in_query(path), set()
        except Exception as e:  # noqa: BLE001
            print(f"{rel}: error: does not parse: {e}", file=sys.stderr)
            status = 2
            continue
        for name in sorted(used - declared):
            print(f"{rel}: undeclared term tkg:{name}")
            problems += 1
        # A template such as ".../ontology#qualifier-{qualifier}" must expand to declared terms: at least
        # one declared term has to start with its fixed part ("" for "#{class}" matches any class).
        for prefix in sorted(template_prefixes):
            if not any(d.startswith(prefix) for d in declared):
                print(f"{rel}: template tkg:{prefix}{{...}} matches no declared term")
                problems += 1
    if problems:
        print(f"{problems} undeclared tkg: term(s)", file=sys.stderr)
        return max(status, 1)
    if status == 0:
        print(f"ok: {len(files)} file(s), every tkg: term is declared ({len(declared)} declared terms)")
    return status


if __name__ == "__main__":
    sys.exit(main())
