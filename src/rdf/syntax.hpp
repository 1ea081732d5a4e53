#pragma once
// The RDF syntaxes treatykg reads and writes. Turtle, N-Triples, TriG and N-Quads are read and
// written; JSON-LD, RDF/XML and RDF/JSON are written only (rdf::Writer), never read.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace treatykg::rdf {

enum class Syntax { kTurtle, kNTriples, kTrig, kNQuads, kJsonLd, kRdfXml, kRdfJson };

/// "turtle", "ntriples", "trig", "nquads", "jsonld", "rdfxml", "rdfjson" (also "ttl", "nt", "nq",
/// "json-ld", "xml", "rdf-json").
std::optional<Syntax> parse_syntax(std::string_view name) noexcept;
/// The canonical names, for help texts and "did you mean".
const std::vector<std::string>& syntax_names();
std::string_view syntax_name(Syntax s) noexcept;
/// By file extension (.ttl, .nt, .trig, .nq): the syntaxes rdf::read_file reads; nullopt otherwise
/// (also for .jsonld, .rdfxml and .rdfjson, which are only written).
std::optional<Syntax> syntax_for_path(std::string_view path) noexcept;
/// Whether the syntax can carry named graphs.
inline bool has_graphs(Syntax s) noexcept {
  return s == Syntax::kTrig || s == Syntax::kNQuads || s == Syntax::kJsonLd;
}
/// Whether rdf::read_file / read_string can read the syntax.
inline bool is_readable(Syntax s) noexcept {
  return s == Syntax::kTurtle || s == Syntax::kNTriples || s == Syntax::kTrig ||
         s == Syntax::kNQuads;
}

}  // namespace treatykg::rdf
