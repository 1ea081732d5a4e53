#pragma once
// The normalisation passes, run in this order by normalise(). Each is a free function over the
// mapping graph so it can be unit-tested alone (tests/unit/mapping/normalise_test.cpp), in the
// style of Morph-KGC's mapping partitioning passes. After them, the compiler only sees the current
// RML vocabulary, explicit term maps with explicit term types, and explicit graph maps.

#include "mapping/graph.hpp"

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

}  // namespace treatykg::mapping
