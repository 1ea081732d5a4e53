#pragma once
// Private to src/rdf: RAII owners for the serd and sord C objects, in the serd 1.x C++ bindings'
// style (unique_ptr with the C free function as deleter; move-only by construction).
// Sord nodes are freed through their world, so a world must outlive every node and model of it.

#include <serd/serd.h>
#include <sord/sord.h>

#include <memory>
#include <set>

#include "rdf/model.hpp"
#include "rdf/term.hpp"

namespace treatykg::rdf::c_api {

template <auto Free>
struct CFree {
  template <class T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};

using WorldPtr = std::unique_ptr<SordWorld, CFree<&sord_world_free>>;     // frees all its nodes' storage
using ModelPtr = std::unique_ptr<SordModel, CFree<&sord_free>>;           // drops its node references
using EnvPtr = std::unique_ptr<SerdEnv, CFree<&serd_env_free>>;
using ReaderPtr = std::unique_ptr<SerdReader, CFree<&serd_reader_free>>;
using WriterPtr = std::unique_ptr<SerdWriter, CFree<&serd_writer_free>>;  // does not finish: call finish first
using IterPtr = std::unique_ptr<SordIter, CFree<&sord_iter_free>>;

/// One reference to a sord node, released through its world.
struct NodeFree {
  SordWorld* world;
  void operator()(SordNode* n) const noexcept { sord_node_free(world, n); }
};
using NodePtr = std::unique_ptr<SordNode, NodeFree>;

/// A serd node that owns its buffer (from serd_env_expand_node, serd_node_new_*).
struct SerdNodeOwner {
  SerdNode node = SERD_NODE_NULL;
  SerdNodeOwner() = default;
  explicit SerdNodeOwner(SerdNode n) : node(n) {}
  ~SerdNodeOwner() { serd_node_free(&node); }
  SerdNodeOwner(SerdNodeOwner&& o) noexcept : node(o.node) { o.node = SERD_NODE_NULL; }
  SerdNodeOwner& operator=(SerdNodeOwner&&) = delete;
  SerdNodeOwner(const SerdNodeOwner&) = delete;
};

/// The graph node standing for the default graph inside a sord model. sord treats a NULL graph as a
/// wildcard, so a default-graph quad equal to a named-graph quad would be dropped as a duplicate.
inline constexpr const char* kDefaultGraph = "urn:x-treatykg:default-graph";

/// A new reference to the sord node for `t` (nullptr for the default graph's empty IRI).
NodePtr to_sord(SordWorld* world, const Term& t);
/// The Term for a sord node (empty IRI for nullptr).
Term from_sord(const SordNode* n);

}  // namespace treatykg::rdf::c_api

namespace treatykg::rdf {

/// A sord world whose error messages are not printed: callers report problems themselves.
SordWorld* new_world();

// Members in this order so the world is destroyed last.
struct Model::Impl {
  c_api::WorldPtr world{new_world()};
  c_api::ModelPtr model{sord_new(world.get(), SORD_SPO | SORD_OPS | SORD_POS, true)};
  PrefixMap prefixes;
  unsigned reads = 0;  // numbers each read's blank node prefix, so files never share a label
  // Every graph that holds a quad (the default graph as Term::iri("")). sord iterates a triple
  // index (SPO, ...) yielding each triple once even when it is in several graphs, so for_each and
  // match walk a model with several graphs graph by graph (sord's G indexes).
  std::set<Term> graphs;
  // Model::add keeps the previous quad's subject and graph nodes: a Turtle file states a subject's
  // triples together, nearly all in one graph, and interning a node (sord_new_uri) costs more than
  // comparing the Term. Declared after `model`, so released before it and the world.
  Term last_subject, last_graph;
  c_api::NodePtr last_subject_node{nullptr, c_api::NodeFree{nullptr}};
  c_api::NodePtr last_graph_node{nullptr, c_api::NodeFree{nullptr}};
};

}  // namespace treatykg::rdf
