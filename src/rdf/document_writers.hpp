#pragma once
// Private to src/rdf: the document syntaxes of rdf::Writer that need the whole dataset (JSON-LD,
// RDF/JSON, RDF/XML group every subject in one object or element). Each takes the quads sorted
// (graph, subject, predicate, object) without duplicates, every term already checked by the
// Writer, and appends one complete document to `out`. Every value goes through the format's own
// escaping; what a format cannot represent is a MappingError, never a malformed document.

#include <string>
#include <vector>

#include "rdf/model.hpp"
#include "rdf/term.hpp"

namespace treatykg::rdf::detail {

/// JSON-LD 1.1 in expanded form (no context): a top-level array of node objects; named graphs as
/// `{"@id": graph, "@graph": [...]}`. Literals are value objects with string `@value`.
void write_jsonld(std::string& out, const std::vector<Quad>& quads);
/// RDF 1.1 JSON Alternate Serialization (RDF/JSON). Triples only: graph names are ignored.
void write_rdfjson(std::string& out, const std::vector<Quad>& quads);
/// RDF/XML, one rdf:Description per subject. Triples only. Predicate namespaces take the names of
/// `prefixes` when given there, else ns1, ns2, ... in order of first use.
void write_rdfxml(std::string& out, const std::vector<Quad>& quads, const PrefixMap& prefixes);

}  // namespace treatykg::rdf::detail
