#include "rdf/syntax.hpp"

namespace treatykg::rdf {

std::optional<Syntax> parse_syntax(std::string_view name) noexcept {
  if (name == "turtle" || name == "ttl") return Syntax::kTurtle;
  if (name == "ntriples" || name == "nt") return Syntax::kNTriples;
  if (name == "trig") return Syntax::kTrig;
  if (name == "nquads" || name == "nq") return Syntax::kNQuads;
  if (name == "jsonld" || name == "json-ld") return Syntax::kJsonLd;
  if (name == "rdfxml" || name == "xml") return Syntax::kRdfXml;
  if (name == "rdfjson" || name == "rdf-json") return Syntax::kRdfJson;
  return std::nullopt;
}

const std::vector<std::string>& syntax_names() {
  static const std::vector<std::string> names{"turtle", "ntriples", "trig",   "nquads",
                                              "jsonld", "rdfxml",   "rdfjson"};
  return names;
}

std::string_view syntax_name(Syntax s) noexcept {
  switch (s) {
    case Syntax::kTurtle:
      return "turtle";
    case Syntax::kNTriples:
      return "ntriples";
    case Syntax::kTrig:
      return "trig";
    case Syntax::kNQuads:
      return "nquads";
    case Syntax::kJsonLd:
      return "jsonld";
    case Syntax::kRdfXml:
      return "rdfxml";
    case Syntax::kRdfJson:
      return "rdfjson";
  }
  return "turtle";
}

std::optional<Syntax> syntax_for_path(std::string_view path) noexcept {
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto s = parse_syntax(path.substr(dot + 1));
  if (!s || !is_readable(*s)) return std::nullopt;
  return s;
}

}  // namespace treatykg::rdf
