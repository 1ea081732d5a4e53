#pragma once
// RDF terms and quads as plain values. The rest of treatykg speaks these; only src/rdf turns them
// into serd/sord nodes, and serd does all escaping.

#include <compare>
#include <string>
#include <string_view>

namespace treatykg::rdf {

enum class TermKind : unsigned char { kIri, kBlank, kLiteral };

struct Term {
  TermKind kind = TermKind::kIri;
  std::string value;     // IRI, blank node label (without "_:"), or literal lexical form
  std::string datatype;  // literals: datatype IRI; empty = xsd:string (or rdf:langString with language)
  std::string language;  // literals: BCP 47 tag, lower-cased by the writer's checks; empty = none

  static Term iri(std::string v) { return {TermKind::kIri, std::move(v), {}, {}}; }
  static Term blank(std::string label) { return {TermKind::kBlank, std::move(label), {}, {}}; }
  static Term literal(std::string lexical, std::string datatype = {}, std::string language = {}) {
    return {TermKind::kLiteral, std::move(lexical), std::move(datatype), std::move(language)};
  }
  bool is_iri() const noexcept { return kind == TermKind::kIri; }
  bool is_blank() const noexcept { return kind == TermKind::kBlank; }
  bool is_literal() const noexcept { return kind == TermKind::kLiteral; }

  friend bool operator==(const Term&, const Term&) = default;
  friend auto operator<=>(const Term&, const Term&) = default;
};

/// A triple in a graph. An empty `graph` (kind kIri, empty value) is the default graph.
struct Quad {
  Term subject;
  Term predicate;
  Term object;
  Term graph;

  bool in_default_graph() const noexcept { return graph.value.empty(); }
  friend bool operator==(const Quad&, const Quad&) = default;
  friend auto operator<=>(const Quad&, const Quad&) = default;
};

/// A quad's terms by address: what the mapping engine hands a sink without copying its terms into a
/// Quad. The terms live until the sink returns.
struct QuadView {
  const Term* subject;
  const Term* predicate;
  const Term* object;
  const Term* graph;
  /// When set, the object is a literal whose lexical form is this text, not object->value (it has
  /// object's kind, datatype and language): a value of the source by reference, not copied into a
  /// term. A sink reads the object's text through object_text().
  const std::string_view* object_value = nullptr;
  std::string_view object_text() const noexcept {
    return object_value ? *object_value : std::string_view(object->value);
  }
};

/// Which terms of a quad the producer knows pass the writers' checks (rdf::LineEncoder::check), so
/// a writer need not check them again. A bit set only for a term that certainly passes.
enum TermChecked : unsigned { kSubjectChecked = 1u, kPredicateChecked = 2u, kObjectChecked = 4u };

/// N-Triples / N-Quads form of a term (for messages, test output and canonical comparison).
std::string to_ntriples(const Term& t);
/// One N-Quads line without the trailing newline.
std::string to_nquads(const Quad& q);

/// BCP 47 (RFC 5646) well-formedness of a language tag; serd itself accepts "en--".
bool is_valid_language_tag(std::string_view tag) noexcept;
/// Whether `iri` is an absolute IRI without characters that are illegal in N-Triples
/// (space, <>"{}|^`\ and controls).
bool is_valid_absolute_iri(std::string_view iri) noexcept;
/// Whether `iri` starts with a scheme and ':' (ALPHA *(ALPHA / DIGIT / "+" / "-" / ".") ":").
bool has_iri_scheme(std::string_view iri) noexcept;
/// Whether byte `c` may not appear in an N-Triples IRI (controls, space, <>"{}|^`\).
bool is_forbidden_in_iri(unsigned char c) noexcept;

}  // namespace treatykg::rdf
