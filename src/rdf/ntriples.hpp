#pragma once
// N-Triples / N-Quads lines from quads: the line-based writers' serializer, usable on any thread
// (treatykg export formats each article's lines on its worker; the output thread only copies bytes).

#include <string>
#include <string_view>

#include "rdf/term.hpp"

namespace treatykg::rdf {

class LineEncoder {
 public:
  /// Appends `q` as one line ending in " .\n": N-Quads when `graph` is a named graph, N-Triples when
  /// it is null or the default graph (q.graph is ignored). Terms are checked first: throws
  /// MappingError for an invalid IRI, blank node label or language tag, a literal subject or a
  /// non-IRI predicate, and appends nothing then.
  void append(std::string& out, const Quad& q, const Term* graph);

 private:
  static void check(const Term& t, const char* role);
};

/// Appends a term in N-Triples syntax, with the W3C canonical escapes (the term is not checked).
void append_ntriples_term(std::string& out, const Term& t);

}  // namespace treatykg::rdf
