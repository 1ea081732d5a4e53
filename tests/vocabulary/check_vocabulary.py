#!/usr/bin/python3
"""Checks what issue 3 asks of the vocabulary files, beyond parsing:

- ontology/treatykg.ttl has an owl:Ontology with owl:versionIRI and owl:versionInfo;
- every class and property of the tkg: namespace has an English rdfs:label and rdfs:comment, and every
  object or datatype property an rdfs:domain and rdfs:range;
- the concept schemes of qualifiers, obligation types and event types hold exactly the contract's values
  (skos:notation), read from ../shared/contract/README.md (or the copy embedded here when it is absent);
- mappings/lexicon.ttl: every entity has a lowercase slug key, a class the ontology declares, exactly
  one English rdfs:label and the same skos:prefLabel, and at most one Wikidata link, of the form
  http://www.wikidata.org/entity/Q<digits>.

    /usr/bin/python3 tests/vocabulary/check_vocabulary.py [--root DIR] [--shared DIR]

Exit status: 0 all good, 1 a check failed (each problem is printed), 2 a file is missing or does not parse.
Needs Debian's python3-rdflib: run it with /usr/bin/python3.
"""

import argparse
import os
import re
import sys

try:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import OWL, RDF, RDFS, SKOS
except ImportError:
    print("check_vocabulary: error: rdflib is missing: install python3-rdflib (scripts/setup) and run this "
          "script with /usr/bin/python3", file=sys.stderr)
    sys.exit(2)

TKG = "https://w3id.org/treatykg/ontology#"
ENTITY = "https://w3id.org/treatykg/entity/"
WIKIDATA = re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$")

# The contract's controlled values, used only when the contract file is absent. Keep equal to
# ../shared/contract/README.md.
EMBEDDED = {
    "QualifierScheme": ["exact", "approx", "at_least", "at_most", "range"],
    "ObligationTypeScheme": ["mutual_military_assistance", "consultation_on_threat",
                             "no_hostile_third_party_agreements", "no_support_for_coercive_measures",
                             "joint_countering_of_sanctions", "military_technical_cooperation",
                             "food_energy_security_cooperation", "other"],
    "EventTypeScheme": ["signing", "ratification", "entry_into_force", "exchange_of_instruments",
                        "troop_deployment", "arms_transfer", "meeting", "statement"],
}
# Which contract sentence lists which scheme's values.
CONTRACT_MARKERS = {
    "QualifierScheme": "`?qualifier` is one of",
    "ObligationTypeScheme": "Obligation types (`?obligationType`",
    "EventTypeScheme": "Event types (`?eventType`",
}

problems = []


def problem(msg):
    problems.append(msg)


def load(path):
    if not os.path.exists(path):
        print(f"check_vocabulary: error: {path} is missing", file=sys.stderr)
        sys.exit(2)
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as e:  # rdflib raises several types for syntax errors
        print(f"check_vocabulary: error: {path}: {e}", file=sys.stderr)
        sys.exit(2)
    return g


def contract_values(shared):
    path = os.path.join(shared, "contract", "README.md")
    if not os.path.exists(path):
        return EMBEDDED, f"the values embedded in check_vocabulary.py (no {path})"
    text = open(path, encoding="utf-8").read()
    out = {}
    for scheme, marker in CONTRACT_MARKERS.items():
        i = text.find(marker)
        if i < 0:
            print(f"check_vocabulary: error: {path}: no '{marker}' sentence", file=sys.stderr)
            sys.exit(2)
        # the bullet runs to the next line that starts a new bullet or paragraph
        end = re.search(r"\n(- |\n|\|)", text[i:])
        chunk = text[i:i + (end.start() if end else len(text))]
        out[scheme] = [v for v in re.findall(r"`([^`]+)`", chunk) if re.fullmatch(r"[a-z][a-z_]*", v)]
    if out != EMBEDDED:
        print(f"check_vocabulary: warning: the values embedded in this script differ from {path}; update them",
              file=sys.stderr)
    return out, path


def english(g, s, p):
    return [o for o in g.objects(s, p) if isinstance(o, Literal) and (o.language or "").lower().startswith("en")]


def check_ontology(g):
    ontologies = [s for s in g.subjects(RDF.type, OWL.Ontology)]
    if len(ontologies) != 1:
        problem(f"ontology: expected one owl:Ontology, found {len(ontologies)}")
    for o in ontologies:
        if g.value(o, OWL.versionIRI) is None:
            problem(f"ontology: <{o}> has no owl:versionIRI")
        if g.value(o, OWL.versionInfo) is None:
            problem(f"ontology: <{o}> has no owl:versionInfo")
    kinds = [(OWL.Class, "class"), (OWL.ObjectProperty, "object property"),
             (OWL.DatatypeProperty, "datatype property"), (OWL.AnnotationProperty, "annotation property")]
    n = 0
    for t, kind in kinds:
        for s in sorted(g.subjects(RDF.type, t), key=str):
            if not isinstance(s, URIRef) or not str(s).startswith(TKG):
                continue
            n += 1
            name = "tkg:" + str(s)[len(TKG):]
            if len(english(g, s, RDFS.label)) != 1:
                problem(f"ontology: {kind} {name} needs exactly one English rdfs:label")
            if not english(g, s, RDFS.comment):
                problem(f"ontology: {kind} {name} has no English rdfs:comment")
            if t in (OWL.ObjectProperty, OWL.DatatypeProperty):
                if g.value(s, RDFS.domain) is None:
                    problem(f"ontology: {kind} {name} has no rdfs:domain")
                if g.value(s, RDFS.range) is None:
                    problem(f"ontology: {kind} {name} has no rdfs:range")
    return n


def check_schemes(g, expected, where):
    for scheme, values in expected.items():
        iri = URIRef(TKG + scheme)
        if (iri, RDF.type, SKOS.ConceptScheme) not in g:
            problem(f"ontology: tkg:{scheme} is not a skos:ConceptScheme")
            continue
        concepts = set(g.subjects(SKOS.inScheme, iri)) | set(g.objects(iri, SKOS.hasTopConcept))
        notations = []
        for c in concepts:
            ns = [str(n) for n in g.objects(c, SKOS.notation)]
            if len(ns) != 1:
                problem(f"ontology: concept <{c}> of tkg:{scheme} needs exactly one skos:notation, has {len(ns)}")
            notations += ns
        if sorted(notations) != sorted(values):
            missing = sorted(set(values) - set(notations))
            extra = sorted(set(notations) - set(values))
            problem(f"ontology: tkg:{scheme} notations differ from the contract ({where}): "
                    f"missing {missing or 'none'}, not in the contract {extra or 'none'}")


def check_lexicon(lex, onto):
    declared = {s for s in onto.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    n = 0
    for s in sorted({s for s in lex.subjects() if isinstance(s, URIRef) and str(s).startswith(ENTITY)}, key=str):
        key = str(s)[len(ENTITY):]
        types = [t for t in lex.objects(s, RDF.type) if str(t).startswith(TKG)]
        if (s, RDF.type, SKOS.ConceptScheme) in lex:
            continue
        n += 1
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key):
            problem(f"lexicon: key {key!r} is not a lowercase ASCII slug")
        if not types:
            problem(f"lexicon: tkge:{key} has no tkg: class")
        for t in types:
            if t not in declared:
                problem(f"lexicon: tkge:{key} is typed {t}, which the ontology does not declare as an owl:Class")
        labels = english(lex, s, RDFS.label)
        prefs = english(lex, s, SKOS.prefLabel)
        if len(labels) != 1:
            problem(f"lexicon: tkge:{key} needs exactly one English rdfs:label, has {len(labels)}")
        if len(prefs) != 1:
            problem(f"lexicon: tkge:{key} needs exactly one English skos:prefLabel, has {len(prefs)}")
        if len(labels) == 1 and len(prefs) == 1 and str(labels[0]) != str(prefs[0]):
            problem(f"lexicon: tkge:{key}: rdfs:label {str(labels[0])!r} differs from skos:prefLabel {str(prefs[0])!r}")
        links = [o for p in (SKOS.exactMatch, OWL.sameAs) for o in lex.objects(s, p) if "wikidata" in str(o)]
        if len(links) > 1:
            problem(f"lexicon: tkge:{key} has {len(links)} Wikidata links")
        for o in links:
            if not WIKIDATA.match(str(o)):
                problem(f"lexicon: tkge:{key}: Wikidata link <{o}> is not http://www.wikidata.org/entity/Q<digits>")
    return n


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Check the ontology, concept schemes and lexicon against issue 3 and the contract.")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(here)), help="repository root")
    ap.add_argument("--shared", default=None,
                    help="shared folder (default: $TREATYKG_SHARED_DIR, else ../shared next to the repository)")
    args = ap.parse_args()
    shared = args.shared or os.environ.get("TREATYKG_SHARED_DIR") or os.path.join(args.root, "..", "shared")

    onto = load(os.path.join(args.root, "ontology", "treatykg.ttl"))
    lex = load(os.path.join(args.root, "mappings", "lexicon.ttl"))
    expected, where = contract_values(shared)
    terms = check_ontology(onto)
    check_schemes(onto, expected, where)
    entities = check_lexicon(lex, onto)
    for p in problems:
        print(f"FAIL {p}")
    print(f"check_vocabulary: {terms} ontology terms, {entities} lexicon entities, contract values from {where}: "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
