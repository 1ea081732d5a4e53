#!/usr/bin/python3
"""Generates the ontology reference from ontology/*.ttl (and mappings/lexicon.ttl), so it cannot drift.

    /usr/bin/python3 scripts/ontology_docs.py [--ontology-dir DIR] [--lexicon FILE] [--no-render] OUT

writes OUT/ontology/index.html (every class, property and SKOS concept scheme; the SHACL shapes; the
Wikidata links of the entity lexicon), OUT/ontology/diagram.dot, and with Graphviz `dot`
OUT/ontology/diagram.svg and diagram.png. Needs Debian's python3-rdflib (run it with /usr/bin/python3).
Exit status: 0 written, 1 an input failed to parse or `dot` failed, 2 usage error.
"""

import argparse
import glob
import html
import os
import re
import shutil
import subprocess
import sys

try:
    import rdflib
    from rdflib import BNode, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
except ImportError:
    sys.exit("ontology_docs: error: rdflib is missing: install python3-rdflib (scripts/setup) and run this "
             "script with /usr/bin/python3")

TKG = "https://w3id.org/treatykg/ontology#"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
DC = rdflib.Namespace("http://purl.org/dc/elements/1.1/")
WIKIDATA = "http://www.wikidata.org/entity/"

# Alignment predicates shown for every term, in this order.
ALIGNMENTS = [
    OWL.equivalentClass, OWL.equivalentProperty, OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch,
    SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch, RDFS.seeAlso, RDFS.isDefinedBy,
]
PROPERTY_TYPES = [OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property]
CHARACTERISTICS = [OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.TransitiveProperty,
                   OWL.SymmetricProperty, OWL.AsymmetricProperty, OWL.ReflexiveProperty,
                   OWL.IrreflexiveProperty]

CSS = """
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #222;
       line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 2px solid #ccd; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { margin: 1.6rem 0 .3rem; font-family: ui-monospace, monospace; }
code, .iri { font-family: ui-monospace, monospace; font-size: .92em; }
table { border-collapse: collapse; margin: .4rem 0 1rem; }
th, td { border: 1px solid #ccd; padding: .25rem .5rem; vertical-align: top; text-align: left; }
th { background: #eef; }
table.term th { width: 11rem; background: #f4f4fa; font-weight: 600; }
.term-block { border-left: 4px solid #99c; padding-left: .8rem; margin-bottom: 1.2rem; }
.kind { font-size: .8em; color: #555; background: #eee; border-radius: 3px; padding: 0 .3rem; }
nav ul { columns: 3; } .warn { color: #a40; }
figure { margin: 1rem 0; overflow-x: auto; } figure svg { max-width: 100%; height: auto; }
"""


def log(msg):
    print(f"ontology_docs: {msg}", file=sys.stderr)


class Docs:
    def __init__(self, graph, lexicon, prefixes):
        self.g = graph
        self.lex = lexicon
        # The prefixes the files declare, so terms read as they are written there (rdflib's own bindings
        # would turn http://schema.org/ into "schema1:").
        self.ns = dict(prefixes)
        self.ns.setdefault("tkg", TKG)
        self.classes = self._own(lambda: set(graph.subjects(RDF.type, OWL.Class)) |
                                 set(graph.subjects(RDF.type, RDFS.Class)))
        self.properties = self._own(lambda: {s for t in PROPERTY_TYPES for s in graph.subjects(RDF.type, t)})
        self.datatypes = self._own(lambda: set(graph.subjects(RDF.type, RDFS.Datatype)))
        self.schemes = sorted({s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)},
                              key=str)
        self.warnings = []

    def _own(self, subjects):
        # Named terms declared in the ontology files (alignment targets are never declared there).
        return sorted((s for s in subjects() if isinstance(s, URIRef)), key=self.sort_key)

    def sort_key(self, term):
        return (not str(term).startswith(TKG), self.curie(term).lower())

    # ---- naming --------------------------------------------------------------------------------------
    def curie(self, term):
        s = str(term)
        best = None
        for prefix, ns in self.ns.items():
            if s.startswith(ns) and len(s) > len(ns) and (best is None or len(ns) > len(best[1])):
                local = s[len(ns):]
                if all(c.isalnum() or c in "_-." for c in local):
                    best = (prefix, ns)
        if best:
            return f"{best[0]}:{s[len(best[1]):]}"
        return f"<{s}>"

    def local(self, term):
        s = str(term)
        return s[len(TKG):] if s.startswith(TKG) else self.curie(term)

    def anchor(self, term):
        return "t-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in self.curie(term))

    def is_own(self, term):
        return isinstance(term, URIRef) and (term in self.classes or term in self.properties or
                                             term in self.datatypes or
                                             term in self.schemes or self.g.value(term, SKOS.inScheme) in self.schemes)

    def text(self, subject, *predicates, graph=None):
        """The English (or untagged) value of the first predicate that has one."""
        g = graph if graph is not None else self.g
        for p in predicates:
            values = list(g.objects(subject, p))
            for lang in ("en", None, ""):
                for v in sorted(values, key=str):
                    if isinstance(v, Literal) and (v.language or None) == (lang or None):
                        return str(v)
            if values:
                return str(sorted(values, key=str)[0])
        return None

    def label(self, term):
        return self.text(term, RDFS.label, SKOS.prefLabel, DCT.title) or self.local(term)

    # ---- HTML pieces ---------------------------------------------------------------------------------
    def link(self, term):
        if isinstance(term, BNode):
            return self.class_expression(term)
        if isinstance(term, Literal):
            if term.datatype in (None, XSD.string, XSD.integer, XSD.boolean, XSD.decimal) and not term.language:
                text = str(term) if term.datatype in (XSD.integer, XSD.boolean, XSD.decimal) else f'"{term}"'
            else:
                text = f'"{term}"' + (f"@{term.language}" if term.language else f"^^{self.curie(term.datatype)}")
            return f"<code>{html.escape(text)}</code>"
        name = html.escape(self.curie(term))
        if self.is_own(term):
            return f'<a href="#{self.anchor(term)}"><code>{name}</code></a>'
        return f'<a class="iri" href="{html.escape(str(term))}"><code>{name}</code></a>'

    def class_expression(self, node):
        """owl:unionOf / intersectionOf / complementOf / restrictions, in words."""
        g = self.g
        for p, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
            lst = g.value(node, p)
            if lst is not None:
                return "(" + word.join(self.link(m) for m in Collection(g, lst)) + ")"
        comp = g.value(node, OWL.complementOf)
        if comp is not None:
            return "not " + self.link(comp)
        one_of = g.value(node, OWL.oneOf)
        if one_of is not None:
            return "{" + ", ".join(self.link(m) for m in Collection(g, one_of)) + "}"
        on = g.value(node, OWL.onProperty)
        if on is not None:
            for p, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only"), (OWL.hasValue, "value")):
                v = g.value(node, p)
                if v is not None:
                    return f"{self.link(on)} {word} {self.link(v)}"
            for p, word in ((OWL.cardinality, "exactly"), (OWL.qualifiedCardinality, "exactly"),
                            (OWL.minCardinality, "min"), (OWL.minQualifiedCardinality, "min"),
                            (OWL.maxCardinality, "max"), (OWL.maxQualifiedCardinality, "max")):
                v = g.value(node, p)
                if v is not None:
                    qual = g.value(node, OWL.onClass) or g.value(node, OWL.onDataRange)
                    return f"{self.link(on)} {word} {v}" + (f" {self.link(qual)}" if qual is not None else "")
        return "<em>(anonymous class)</em>"

    def members(self, node):
        """The named classes of a domain/range: itself, or the members of an owl:unionOf."""
        if isinstance(node, URIRef):
            return [node]
        lst = self.g.value(node, OWL.unionOf)
        if lst is not None:
            return [m for m in Collection(self.g, lst) if isinstance(m, URIRef)]
        return []

    def row(self, name, values):
        values = [v for v in values if v]
        if not values:
            return ""
        return f"<tr><th>{name}</th><td>{', '.join(values)}</td></tr>"

    def alignment_rows(self, term):
        rows = []
        for p in ALIGNMENTS:
            objs = sorted(self.g.objects(term, p), key=str)
            if objs:
                rows.append(self.row(self.curie(p), [self.link(o) for o in objs]))
        return "".join(rows)

    def term_block(self, term, kind):
        g = self.g
        label = self.text(term, RDFS.label, SKOS.prefLabel)
        comment = self.text(term, RDFS.comment, SKOS.definition, DCT.description)
        if not label:
            self.warnings.append(f"{self.curie(term)} has no rdfs:label")
        if not comment:
            self.warnings.append(f"{self.curie(term)} has no rdfs:comment")
        rows = [self.row("IRI", [f"<code>{html.escape(str(term))}</code>"]),
                self.row("label", [html.escape(label)] if label else ['<span class="warn">missing</span>']),
                self.row("comment", [html.escape(comment)] if comment else ['<span class="warn">missing</span>'])]
        if kind == "datatype":
            rows.append(self.row("used as range of", [self.link(p) for p in self.properties if term in self.members_of(p, RDFS.range)]))
        elif kind == "class":
            rows.append(self.row("super-classes", [self.link(o) for o in sorted(g.objects(term, RDFS.subClassOf), key=str)]))
            rows.append(self.row("sub-classes", [self.link(s) for s in sorted(g.subjects(RDFS.subClassOf, term), key=self.sort_key)]))
            rows.append(self.row("disjoint with", [self.link(o) for o in sorted(g.objects(term, OWL.disjointWith), key=str)]))
            used_as_domain = [p for p in self.properties if term in self.members_of(p, RDFS.domain)]
            used_as_range = [p for p in self.properties if term in self.members_of(p, RDFS.range)]
            rows.append(self.row("properties (domain)", [self.link(p) for p in used_as_domain]))
            rows.append(self.row("used as range of", [self.link(p) for p in used_as_range]))
            shapes = sorted(set(self.g.subjects(SH.targetClass, term)) |
                            ({term} if (term, RDF.type, SH.NodeShape) in g else set()), key=str)
            rows.append(self.row("SHACL shapes", [f'<a href="#{self.anchor(s)}"><code>{html.escape(self.curie(s))}</code></a>'
                                                  for s in shapes if isinstance(s, URIRef)]))
        else:
            types = [t for t in PROPERTY_TYPES + CHARACTERISTICS if (term, RDF.type, t) in g]
            rows.append(self.row("type", [self.link(t) for t in types]))
            for p, name in ((RDFS.domain, "domain"), (RDFS.range, "range")):
                objs = sorted(g.objects(term, p), key=str)
                if not objs and not (term, RDF.type, OWL.AnnotationProperty) in g:
                    self.warnings.append(f"{self.curie(term)} has no rdfs:{name}")
                rows.append(self.row(name, [self.link(o) for o in objs] or ['<span class="warn">none</span>']))
            rows.append(self.row("super-properties", [self.link(o) for o in sorted(g.objects(term, RDFS.subPropertyOf), key=str)]))
            rows.append(self.row("sub-properties", [self.link(s) for s in sorted(g.subjects(RDFS.subPropertyOf, term), key=self.sort_key)]))
            rows.append(self.row("inverse of", [self.link(o) for o in sorted(set(g.objects(term, OWL.inverseOf)) |
                                                                             set(g.subjects(OWL.inverseOf, term)), key=str)]))
        rows.append(self.alignment_rows(term))
        return (f'<div class="term-block" id="{self.anchor(term)}"><h3>{html.escape(self.local(term))} '
                f'<span class="kind">{kind}</span></h3><table class="term">{"".join(rows)}</table></div>')

    def members_of(self, prop, predicate):
        out = []
        for o in self.g.objects(prop, predicate):
            out.extend(self.members(o))
        return out

    def scheme_block(self, scheme):
        g = self.g
        concepts = set(g.subjects(SKOS.inScheme, scheme)) | set(g.objects(scheme, SKOS.hasTopConcept)) | \
            set(g.subjects(SKOS.topConceptOf, scheme))
        concepts = sorted((c for c in concepts if isinstance(c, URIRef)),
                          key=lambda c: (self.text(c, SKOS.notation) or "", str(c)))
        rows = []
        for c in concepts:
            notation = self.text(c, SKOS.notation)
            rows.append(
                f'<tr id="{self.anchor(c)}"><td><code>{html.escape(notation or "")}</code></td>'
                f'<td><code>{html.escape(self.curie(c))}</code></td>'
                f'<td>{html.escape(self.text(c, SKOS.prefLabel, RDFS.label) or "")}</td>'
                f'<td>{html.escape(self.text(c, SKOS.definition, RDFS.comment, SKOS.scopeNote) or "")}</td>'
                f'<td>{", ".join(self.link(o) for p in ALIGNMENTS for o in sorted(g.objects(c, p), key=str))}</td></tr>')
        label = self.text(scheme, SKOS.prefLabel, RDFS.label, DCT.title) or self.local(scheme)
        comment = self.text(scheme, RDFS.comment, SKOS.definition, DCT.description)
        return (f'<div class="term-block" id="{self.anchor(scheme)}"><h3>{html.escape(self.local(scheme))} '
                f'<span class="kind">concept scheme</span></h3><p>{html.escape(label)}'
                f'{" — " + html.escape(comment) if comment else ""}</p>'
                f'<table><tr><th>notation</th><th>concept</th><th>label</th><th>definition</th><th>alignments</th></tr>'
                f'{"".join(rows)}</table></div>')

    def shapes_section(self):
        g = self.g
        shapes = sorted((s for s in g.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)), key=self.sort_key)
        if not shapes:
            return ""
        out = ["<h2 id=\"shapes\">SHACL shapes</h2><p>What every exported graph must satisfy "
               "(<code>ontology/shapes.ttl</code>).</p>"]
        for s in shapes:
            targets = []
            for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
                targets += [f"{self.curie(p)} {self.link(o)}" for o in sorted(g.objects(s, p), key=str)]
            if (s, RDF.type, OWL.Class) in g or (s, RDF.type, RDFS.Class) in g:
                targets.append(f"instances of {self.link(s)}")
            rows = []
            for ps in sorted(g.objects(s, SH.property), key=lambda n: self.path_text(g.value(n, SH.path))):
                rows.append("<tr><td>" + self.path_text(g.value(ps, SH.path), html_links=True) + "</td><td>" +
                            self.constraints(ps) + "</td></tr>")
            node_constraints = self.constraints(s)
            out.append(f'<div class="term-block" id="{self.anchor(s)}"><h3>{html.escape(self.curie(s))} '
                       f'<span class="kind">node shape</span></h3>'
                       f'<p>targets: {"; ".join(targets) or "none (used from other shapes)"}'
                       f'{"<br>constraints: " + node_constraints if node_constraints else ""}</p>'
                       + (f'<table><tr><th>path</th><th>constraints</th></tr>{"".join(rows)}</table>' if rows else "")
                       + "</div>")
        return "".join(out)

    def path_text(self, path, html_links=False):
        g = self.g
        fmt = (lambda t: self.link(t)) if html_links else (lambda t: self.curie(t))
        if path is None:
            return "?"
        if isinstance(path, URIRef):
            return fmt(path)
        inv = g.value(path, SH.inversePath)
        if inv is not None:
            return "^" + self.path_text(inv, html_links)
        for p, sym in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            v = g.value(path, p)
            if v is not None:
                return f"({self.path_text(v, html_links)}){sym}"
        alt = g.value(path, SH.alternativePath)
        if alt is not None:
            return "(" + " | ".join(self.path_text(m, html_links) for m in Collection(g, alt)) + ")"
        if g.value(path, RDF.first) is not None:
            return " / ".join(self.path_text(m, html_links) for m in Collection(g, path))
        return "?"

    def constraints(self, node, depth=0):
        g = self.g
        parts = []
        skip = {SH.path, RDF.type, SH.property, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
                SH.targetObjectsOf, SH.name, SH.description, SH.order, SH.group, RDFS.label, RDFS.comment}
        for p, o in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if p in skip or depth > 3:
                continue
            name = self.curie(p).replace("sh:", "")
            if p in (SH["in"], SH["or"], SH["and"], SH.xone, SH.ignoredProperties) and g.value(o, RDF.first) is not None:
                items = [self.link(m) if not isinstance(m, BNode) else "[" + self.constraints(m, depth + 1) + "]"
                         for m in Collection(g, o)]
                parts.append(f"{name} ({' '.join(items)})")
            elif isinstance(o, BNode):
                parts.append(f"{name} [{self.constraints(o, depth + 1)}]")
            elif p in (SH.message,) and isinstance(o, Literal):
                parts.append(f"{name} “{html.escape(str(o))}”")
            elif p == SH.select:
                parts.append(f"{name} <code>SPARQL</code>")
            else:
                parts.append(f"{name} {self.link(o)}")
        return "; ".join(parts)

    def lexicon_section(self):
        if self.lex is None:
            return ""
        lx = self.lex
        rows = []
        seen = set()
        for s, p, o in lx.triples((None, None, None)):
            if p in (SKOS.exactMatch, SKOS.closeMatch, OWL.sameAs) and str(o).startswith(WIKIDATA):
                seen.add((s, p, o))
        for s, p, o in sorted(seen, key=lambda t: (self.text(t[0], SKOS.prefLabel, RDFS.label, graph=lx) or "", str(t[2]))):
            label = self.text(s, SKOS.prefLabel, RDFS.label, graph=lx) or ""
            types = ", ".join(self.curie(t) for t in sorted(lx.objects(s, RDF.type), key=str)
                              if t not in (SKOS.Concept, OWL.NamedIndividual))
            qid = str(o)[len(WIKIDATA):]
            rows.append(f"<tr><td>{html.escape(label)}</td><td><code>{html.escape(self.curie(s))}</code></td>"
                        f"<td>{html.escape(types)}</td><td>{html.escape(self.curie(p))}</td>"
                        f'<td><a href="https://www.wikidata.org/wiki/{html.escape(qid)}"><code>{html.escape(qid)}</code></a></td></tr>')
        entities = {s for s, t in lx.subject_objects(RDF.type) if isinstance(s, URIRef) and str(t).startswith(TKG)}
        return ('<h2 id="wikidata">Entity lexicon: Wikidata links</h2>'
                f"<p>Every Wikidata identifier in <code>mappings/lexicon.ttl</code> ({len(rows)} links; "
                f"{len(entities)} typed entities in the lexicon), with the label it stands for.</p>"
                "<table><tr><th>label</th><th>entity</th><th>type</th><th>link</th><th>Wikidata</th></tr>"
                + "".join(rows) + "</table>")

    # ---- diagram -------------------------------------------------------------------------------------
    def dot(self):
        g = self.g
        own = [c for c in self.classes if str(c).startswith(TKG)] or list(self.classes)
        own_set = set(own)
        lines = ["digraph treatykg {",
                 '  graph [rankdir=LR, fontname="Helvetica", fontsize=11, nodesep=0.3, ranksep=0.7, '
                 'label="treatykg ontology: classes (boxes), object properties (solid: domain -> range), '
                 'sub-classes (dashed)", labelloc=t];',
                 '  node [shape=plain, fontname="Helvetica", fontsize=10];',
                 '  edge [fontname="Helvetica", fontsize=9, color="#444466"];']
        external = set()
        for c in own:
            attrs = sorted((p for p in self.properties if (p, RDF.type, OWL.DatatypeProperty) in g
                            and c in self.members_of(p, RDFS.domain)), key=self.sort_key)
            rows = [f'<tr><td bgcolor="#dde3f5"><b>{html.escape(self.local(c))}</b></td></tr>']
            for p in attrs:
                rng = ", ".join(self.curie(r) if isinstance(r, URIRef) else "…" for r in sorted(g.objects(p, RDFS.range), key=str))
                rows.append(f'<tr><td align="left">{html.escape(self.local(p))}: {html.escape(rng)}</td></tr>')
            lines.append(f'  "{self.curie(c)}" [label=<<table border="0" cellborder="1" cellspacing="0" '
                         f'cellpadding="3">{"".join(rows)}</table>>, URL="#{self.anchor(c)}", tooltip="{self.dot_escape(self.label(c))}"];')
        for p in self.properties:
            if (p, RDF.type, OWL.ObjectProperty) not in g:
                continue
            for d in self.members_of(p, RDFS.domain):
                for r in self.members_of(p, RDFS.range):
                    for t in (d, r):
                        if t not in own_set:
                            external.add(t)
                    lines.append(f'  "{self.curie(d)}" -> "{self.curie(r)}" [label="{self.dot_escape(self.local(p))}"];')
        for c in own:
            for sup in sorted(g.objects(c, RDFS.subClassOf), key=str):
                if sup in own_set:
                    lines.append(f'  "{self.curie(c)}" -> "{self.curie(sup)}" [style=dashed, arrowhead=empty, color="#888888"];')
        for e in sorted(external, key=str):
            lines.append(f'  "{self.curie(e)}" [shape=box, style="rounded,dashed", fontcolor="#555555", '
                         f'label="{self.dot_escape(self.curie(e))}"];')
        lines.append("}")
        return "\n".join(lines) + "\n"

    @staticmethod
    def dot_escape(s):
        return s.replace("\\", "\\\\").replace('"', '\\"')

    # ---- page ----------------------------------------------------------------------------------------
    def page(self, svg, sources):
        g = self.g
        onto = next((s for s in sorted(g.subjects(RDF.type, OWL.Ontology), key=str)), None)
        title = (self.text(onto, DCT.title, RDFS.label, DC.title) if onto is not None else None) or "treatykg ontology"
        head = []
        if onto is not None:
            head.append(self.row("ontology IRI", [f"<code>{html.escape(str(onto))}</code>"]))
            head.append(self.row("version IRI", [self.link(v) for v in g.objects(onto, OWL.versionIRI)]))
            head.append(self.row("version", [html.escape(str(v)) for v in g.objects(onto, OWL.versionInfo)]))
            desc = self.text(onto, DCT.description, RDFS.comment, DC.description)
            head.append(self.row("description", [html.escape(desc)] if desc else []))
            head.append(self.row("imports", [self.link(v) for v in sorted(g.objects(onto, OWL.imports), key=str)]))
            head.append(self.row("license", [self.link(v) for v in sorted(g.objects(onto, DCT.license), key=str)]))
        head.append(self.row("generated from", [f"<code>{html.escape(s)}</code>" for s in sources]))
        prefixes = "".join(f"<tr><td><code>{html.escape(p)}:</code></td><td><code>{html.escape(n)}</code></td></tr>"
                           for p, n in sorted(self.ns.items()) if p)
        obj = [p for p in self.properties if (p, RDF.type, OWL.ObjectProperty) in g]
        dat = [p for p in self.properties if (p, RDF.type, OWL.DatatypeProperty) in g and p not in obj]
        other = [p for p in self.properties if p not in obj and p not in dat]
        blocks = {"classes": "".join(self.term_block(c, "class") for c in self.classes),
                  "object": "".join(self.term_block(p, "object property") for p in obj),
                  "data": "".join(self.term_block(p, "datatype property") for p in dat),
                  "other": "".join(self.term_block(p, "annotation property" if (p, RDF.type, OWL.AnnotationProperty) in g
                                                   else "property") for p in other),
                  "datatypes": "".join(self.term_block(d, "datatype") for d in self.datatypes),
                  "schemes": "".join(self.scheme_block(s) for s in self.schemes)}

        def toc(terms):
            return "<ul>" + "".join(f'<li><a href="#{self.anchor(t)}">{html.escape(self.local(t))}</a></li>'
                                    for t in terms) + "</ul>"
        warnings = ""
        if self.warnings:
            warnings = ('<h2 id="warnings">Gaps found while generating</h2><ul class="warn">' +
                        "".join(f"<li>{html.escape(w)}</li>" for w in sorted(set(self.warnings))) + "</ul>")
        svg_inline = svg if svg else "<p><em>(diagram not rendered: Graphviz dot was not run)</em></p>"
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><style>{CSS}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p>Reference generated by <code>scripts/ontology_docs.py</code> from the ontology files; do not edit by hand.</p>
<table class="term">{"".join(head)}</table>
<nav><h2>Contents</h2>
<p><a href="#diagram">Diagram</a> · <a href="#classes">Classes ({len(self.classes)})</a> ·
<a href="#object-properties">Object properties ({len(obj)})</a> · <a href="#datatype-properties">Datatype properties ({len(dat)})</a>
{f'· <a href="#other-properties">Other properties ({len(other)})</a>' if other else ""}
{f'· <a href="#datatypes">Datatypes ({len(self.datatypes)})</a>' if self.datatypes else ""}
· <a href="#schemes">Concept schemes ({len(self.schemes)})</a>{' · <a href="#shapes">SHACL shapes</a>' if (None, RDF.type, SH.NodeShape) in g else ""}
{' · <a href="#wikidata">Wikidata links</a>' if self.lex is not None else ""} · <a href="#prefixes">Prefixes</a></p>
<h3>Classes</h3>{toc(self.classes)}<h3>Properties</h3>{toc(obj + dat + other)}</nav>
<h2 id="diagram">Diagram</h2>
<p>Classes with their datatype properties; solid arrows are object properties from domain to range, dashed
arrows point to the super-class. Also as <a href="diagram.svg">SVG</a>, <a href="diagram.png">PNG</a> and
<a href="diagram.dot">Graphviz source</a>.</p>
<figure>{svg_inline}</figure>
<h2 id="classes">Classes</h2>{blocks["classes"]}
<h2 id="object-properties">Object properties</h2>{blocks["object"]}
<h2 id="datatype-properties">Datatype properties</h2>{blocks["data"]}
{'<h2 id="other-properties">Other properties</h2>' + blocks["other"] if other else ""}
{'<h2 id="datatypes">Datatypes</h2>' + blocks["datatypes"] if self.datatypes else ""}
<h2 id="schemes">Concept schemes</h2>{blocks["schemes"] or "<p>none</p>"}
{self.shapes_section()}
{self.lexicon_section()}
<h2 id="prefixes">Prefixes</h2><table>{prefixes}</table>
{warnings}
</body></html>
"""


PREFIX_RE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I | re.M)


def declared_prefixes(paths):
    out = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for prefix, ns in PREFIX_RE.findall(f.read()):
                if prefix and prefix not in out and ns not in out.values():
                    out[prefix] = ns
    return out


def parse(path, graph):
    try:
        graph.parse(path, format="turtle")
    except Exception as e:  # rdflib raises several types for syntax errors
        log(f"error: {path}: {e}")
        sys.exit(1)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description="Generate the ontology reference (HTML) and diagram (DOT, SVG, PNG).")
    ap.add_argument("out", metavar="OUT", help="output folder; files go to OUT/ontology/")
    ap.add_argument("--ontology-dir", default=os.path.join(root, "ontology"), help="folder of the ontology *.ttl")
    ap.add_argument("--lexicon", default=os.path.join(root, "mappings", "lexicon.ttl"),
                    help="SKOS entity lexicon for the Wikidata table (skipped when absent)")
    ap.add_argument("--no-render", action="store_true", help="write the .dot but do not run Graphviz")
    args = ap.parse_args()

    files = sorted(glob.glob(os.path.join(args.ontology_dir, "*.ttl")))
    if not files:
        log(f"error: no *.ttl in {args.ontology_dir}")
        return 1
    graph = rdflib.Graph()
    for f in files:
        parse(f, graph)
    lexicon = None
    sources = [os.path.relpath(f, root) if f.startswith(root) else f for f in files]
    if os.path.exists(args.lexicon):
        lexicon = rdflib.Graph()
        parse(args.lexicon, lexicon)
        sources.append(os.path.relpath(args.lexicon, root) if args.lexicon.startswith(root) else args.lexicon)

    docs = Docs(graph, lexicon, declared_prefixes(files + ([args.lexicon] if lexicon is not None else [])))
    out = os.path.join(args.out, "ontology")
    os.makedirs(out, exist_ok=True)
    dot_path = os.path.join(out, "diagram.dot")
    with open(dot_path, "w", encoding="utf-8") as f:
        f.write(docs.dot())
    svg = None
    if not args.no_render:
        dot = shutil.which("dot")
        if not dot:
            log("error: Graphviz `dot` not found: install graphviz (scripts/setup), or pass --no-render")
            return 1
        for fmt in ("svg", "png"):
            r = subprocess.run([dot, f"-T{fmt}", "-o", os.path.join(out, f"diagram.{fmt}"), dot_path],
                               capture_output=True, text=True)
            if r.returncode != 0:
                log(f"error: dot -T{fmt} failed: {r.stderr.strip()}")
                return 1
        with open(os.path.join(out, "diagram.svg"), encoding="utf-8") as f:
            svg = f.read()
        svg = svg[svg.find("<svg"):]  # drop the XML prolog and DOCTYPE to inline it
    page = docs.page(svg, sources)
    tmp = os.path.join(out, "index.html.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, os.path.join(out, "index.html"))
    for w in sorted(set(docs.warnings)):
        log(f"warning: {w}")
    log(f"wrote {out}/index.html ({len(docs.classes)} classes, {len(docs.properties)} properties, "
        f"{len(docs.schemes)} concept schemes), diagram.dot" + ("" if args.no_render else ", diagram.svg, diagram.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
