#pragma once
// The normalisation passes, run in this order by normalise(). Each is a free function over the
// mapping graph so it can be unit-tested alone (tests/unit/mapping/normalise_test.cpp), in the
// style of Morph-KGC's mapping partitioning passes. After them, the compiler only sees the current
// RML vocabulary, explicit term maps with explicit term types, and explicit graph maps.

#include <optional>
#include <string_view>
#include <vector>

#include "mapping/graph.hpp"
#include "mapping/vocab.hpp"

namespace treatykg::mapping {

/// rr: (R2RML), http://semweb.mmlab.be/ns/rml# and ql: -> http://w3id.org/rml/ (ql:JSONPath ->
/// rml:JSONPath, ql:CSV -> rml:CSV). Returns whether anything was legacy.
bool upgrade_legacy_vocabulary(Graph& g);

/// Constant shortcuts -> term maps: `rml:subject X` -> `rml:subjectMap [rml:constant X]`, and the
/// same for rml:predicate, rml:object, rml:graph; `rml:language "en"` -> `rml:languageMap
/// [rml:constant "en"]`, `rml:datatype X` -> `rml:datatypeMap [rml:constant X]`.
void expand_shortcuts(Graph& g);

/// `rml:class C` on a subject map -> a predicate-object map (rdf:type, C) on every triples map that
/// uses the subject map. (Triples of the subject map's graphs and targets, like every other
/// triple.)
void class_to_predicate_object_map(Graph& g);

/// Adds rml:termType where the spec gives a default: subject/predicate/graph maps -> rml:IRI;
/// object maps -> rml:Literal when they have a reference, function execution, language or datatype
/// map, else rml:IRI; collection maps (rml:gather) without a value -> rml:BlankNode; constants ->
/// the kind of the constant. (rml:URI is kept: it asks for URI-safe encoding of non-ASCII
/// characters.)
void complete_term_types(Graph& g);

/// A triples map with no graph map anywhere gets `rml:graphMap [rml:constant rml:defaultGraph]` on
/// its subject map, so every triple has an explicit graph.
void complete_default_graph(Graph& g);

/// All passes, in order.
void normalise(Graph& g);

/// The rml: properties of one node, walked once: the passes and compile_term_map ask for up to a
/// dozen, and each Graph lookup searches the whole mapping (with the predicate IRI built for it).
/// Valid while the node's triples are not removed (added triples are not seen).
class RmlProperties {
 public:
  RmlProperties(const Graph& g, const rdf::Term& node) {
    g.for_each_about(node, [&](const Triple& t) {
      if (t.p.is_iri() && t.p.value.starts_with(vocab::kRml)) triples_.push_back(&t);
    });
  }
  /// The objects of rml:<name>, in Graph::objects' order.
  std::vector<rdf::Term> objects(std::string_view name) const {
    std::vector<rdf::Term> out;
    for (const Triple* t : triples_)
      if (is(*t, name)) out.push_back(t->o);
    return out;
  }
  /// The first of them, as Graph::object gives it.
  std::optional<rdf::Term> object(std::string_view name) const {
    const Triple* t = first(name);
    return t ? std::optional<rdf::Term>(t->o) : std::nullopt;
  }
  bool has(std::string_view name) const { return first(name) != nullptr; }
  /// The first object of rml:<name> in place, or nullptr.
  const rdf::Term* find(std::string_view name) const {
    const Triple* t = first(name);
    return t ? &t->o : nullptr;
  }

 private:
  const Triple* first(std::string_view name) const {
    for (const Triple* t : triples_)
      if (is(*t, name)) return t;
    return nullptr;
  }
  static bool is(const Triple& t, std::string_view name) {
    return std::string_view(t.p.value).substr(vocab::kRml.size()) == name;
  }
  std::vector<const Triple*> triples_;
};

}  // namespace treatykg::mapping
