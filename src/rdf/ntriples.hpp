#pragma once
// N-Triples / N-Quads lines from quads, and the term checks every writer applies first. This is the
// line-based writers' serializer; it is usable on any thread (treatykg export formats each
// article's lines on a worker, which also writes those the calling thread finds new).

#include <string>
#include <string_view>

#include "rdf/term.hpp"

namespace treatykg::rdf {

class LineEncoder {
 public:
  /// With `unsafe_iris` (a mapping's rml:UnsafeIRI opt-in) an IRI only needs a scheme, and the bytes
  /// IRIREF forbids are written as \u00XX escapes.
  explicit LineEncoder(bool unsafe_iris = false) : unsafe_iris_(unsafe_iris) {}

  /// Appends `q` as one line ending in " .\n": N-Quads when `graph` is a named graph, N-Triples when
  /// it is null or the default graph (q.graph is ignored). Checks first (see check()), and appends
  /// nothing when a term cannot be written.
  void append(std::string& out, const Quad& q, const Term* graph) const;
  /// The same on a non-const encoder, which remembers the last subject and graph IRI that passed
  /// the checks: the quads of one subject (a mapped record's) or graph (an article's) check them
  /// once. Same output and errors; one encoder per thread.
  void append(std::string& out, const Quad& q, const Term* graph);

  /// The same for a quad given by its terms' addresses (q.graph is ignored too); the terms whose
  /// TermChecked bit is in `checked` are not checked again.
  void append(std::string& out, const QuadView& q, const Term* graph, unsigned checked);

  /// Throws MappingError, saying why, for an IRI that is not absolute or has bytes N-Triples forbids, a
  /// bad blank node label, a malformed language tag or datatype, a literal subject or a non-IRI
  /// predicate. `graph` may be null.
  void check(const Quad& q, const Term* graph) const;
  /// Whether check() accepts `t` wherever its kind may stand, with strict IRIs (so with any
  /// encoder's options): what a mapping's constants are tested with once, before any quad.
  static bool passes_check(const Term& t) noexcept;

 private:
  static constexpr unsigned kGraphChecked = 8u;  // beside TermChecked's bits
  static constexpr unsigned kAllTermsChecked = kSubjectChecked | kPredicateChecked | kObjectChecked;
  void check(const Term& s, const Term& p, const Term& o, const Term* graph,
             unsigned checked) const;
  void check_term(const Term& t, const char* role) const;
  // `value` stands for t.value (a QuadView's object may give its text apart).
  void append_term(std::string& out, const Term& t, std::string_view value) const;
  // Out of line: the usual line is written without their frames and branches.
  [[gnu::noinline]] void append_unchecked(std::string& out, const QuadView& q, const Term* graph,
                                          unsigned checked);
  [[gnu::noinline]] void append_escaped(std::string& out, const Term& s, const Term& p,
                                        const Term& o, std::string_view o_value,
                                        const Term* graph) const;
  // Inlined into each append (defined in ntriples.cpp, its only user): the vouched-for N-Triples
  // line then compiles without the graph's branches and the call.
  [[gnu::always_inline]] inline void append_checked(std::string& out, const Term& s, const Term& p,
                                                    const Term& o, std::string_view o_value,
                                                    const Term* graph) const;
  bool unsafe_iris_;
  std::string checked_subject_, checked_graph_;  // IRIs that passed check_term (non-const append)
  bool have_subject_ = false, have_graph_ = false;
  Term view_object_;  // an object given by QuadView::object_value, as a term for check()
};

}  // namespace treatykg::rdf
