#pragma once
// mapping::Graph: the mapping document as a small editable set of triples. rdf::Model (sord) is
// append-only from our side; the normalisation passes rewrite triples, so they work on this copy.
// An ordered set: the passes add and remove triples one at a time (a sorted vector made loading the
// bundled mapping quadratic).

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rdf/model.hpp"
#include "rdf/term.hpp"

namespace treatykg::mapping {

struct Triple {
  rdf::Term s, p, o;
  friend bool operator==(const Triple&, const Triple&) = default;
  friend auto operator<=>(const Triple&, const Triple&) = default;
};

/// A subject to look up in a Graph's set without building a Triple (a copy of the subject) per
/// lookup: the triples with that subject are the range of equal keys.
struct SubjectKey {
  const rdf::Term& s;
  friend bool operator<(const Triple& t, const SubjectKey& k) { return t.s < k.s; }
  friend bool operator<(const SubjectKey& k, const Triple& t) { return k.s < t.s; }
};

class Graph {
 public:
  Graph() = default;
  /// Copies the triples of every graph of `model`.
  static Graph from_model(const rdf::Model& model);

  void add(rdf::Term s, rdf::Term p, rdf::Term o);
  void add(const Triple& t) { add(t.s, t.p, t.o); }
  /// Removes every triple matching the pattern (nullptr = any). Returns how many.
  std::size_t remove(const rdf::Term* s, const rdf::Term* p, const rdf::Term* o);
  bool contains(const rdf::Term& s, const rdf::Term& p, const rdf::Term& o) const;

  std::vector<Triple> match(const rdf::Term* s, const rdf::Term* p, const rdf::Term* o) const;
  /// Objects of (s, p, ?), in sorted order.
  std::vector<rdf::Term> objects(const rdf::Term& s, const std::string& p) const;
  /// The first object of (s, p, ?), or nullopt.
  std::optional<rdf::Term> object(const rdf::Term& s, const std::string& p) const;
  std::vector<rdf::Term> subjects(const std::string& p, const rdf::Term& o) const;
  /// Subjects having any triple with predicate p.
  std::vector<rdf::Term> subjects_with(const std::string& p) const;
  /// The members of an RDF list starting at `head` (rdf:nil = empty). Throws MappingError if
  /// malformed.
  std::vector<rdf::Term> list(const rdf::Term& head) const;

  /// Calls f(triple) for each triple with subject `s`, in sorted order (by predicate, then object).
  template <class F>
  void for_each_about(const rdf::Term& s, F&& f) const {
    for (auto it = subject_begin(s); it != triples_.end() && it->s == s; ++it) f(*it);
  }

  /// A fresh blank node, deterministic: "tkgnorm<n>" counted per graph.
  rdf::Term fresh_blank();

  const std::set<Triple, std::less<>>& triples() const noexcept { return triples_; }
  std::size_t size() const noexcept { return triples_.size(); }

 private:
  std::set<Triple, std::less<>>::const_iterator subject_begin(const rdf::Term& s) const;
  std::set<Triple, std::less<>> triples_;  // transparent: looked up by SubjectKey too
  unsigned next_blank_ = 0;
};

/// Short human-readable name of a term for messages: <iri>, _:label or "literal".
std::string describe(const rdf::Term& t);

}  // namespace treatykg::mapping
