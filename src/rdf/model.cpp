#include "rdf/model.hpp"

#include <algorithm>
#include <tuple>

#include "base/error.hpp"
#include "rdf/c_api.hpp"

namespace treatykg::rdf {

using namespace c_api;

namespace c_api {

NodePtr to_sord(SordWorld* world, const Term& t) {
  const auto* s = reinterpret_cast<const uint8_t*>(t.value.c_str());
  switch (t.kind) {
    case TermKind::kIri:
      if (t.value.empty()) return NodePtr(nullptr, NodeFree{world});
      return NodePtr(sord_new_uri(world, s), NodeFree{world});
    case TermKind::kBlank:
      return NodePtr(sord_new_blank(world, s), NodeFree{world});
    case TermKind::kLiteral: {
      NodePtr datatype(nullptr, NodeFree{world});
      if (!t.datatype.empty() && t.language.empty() && t.datatype != "http://www.w3.org/2001/XMLSchema#string")
        datatype.reset(sord_new_uri(world, reinterpret_cast<const uint8_t*>(t.datatype.c_str())));
      return NodePtr(sord_new_literal(world, datatype.get(), s, t.language.empty() ? nullptr : t.language.c_str()),
                     NodeFree{world});
    }
  }
  return NodePtr(nullptr, NodeFree{world});
}

Term from_sord(const SordNode* n) {
  if (!n) return Term::iri("");
  const char* s = reinterpret_cast<const char*>(sord_node_get_string(n));
  switch (sord_node_get_type(n)) {
    case SORD_URI: return Term::iri(s);
    case SORD_BLANK: return Term::blank(s);
    case SORD_LITERAL: {
      const SordNode* dt = sord_node_get_datatype(n);
      const char* lang = sord_node_get_language(n);
      return Term::literal(s, dt ? reinterpret_cast<const char*>(sord_node_get_string(dt)) : "",
                           lang ? lang : "");
    }
  }
  return Term::iri("");
}

}  // namespace c_api

SordWorld* new_world() {
  SordWorld* w = sord_world_new();
  sord_world_set_error_sink(w, [](void*, const SerdError*) { return SERD_SUCCESS; }, nullptr);
  return w;
}

Model::Model() : impl_(std::make_unique<Impl>()) {}
Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

namespace {

// Graph position: the default graph is a sentinel node, never NULL (NULL is sord's wildcard).
NodePtr graph_node(SordWorld* w, const Term& g) {
  if (g.is_iri() && g.value.empty())
    return NodePtr(sord_new_uri(w, reinterpret_cast<const uint8_t*>(kDefaultGraph)), NodeFree{w});
  return to_sord(w, g);
}

Term graph_term(const SordNode* n) {
  Term t = from_sord(n);
  if (t.is_iri() && t.value == kDefaultGraph) t.value.clear();
  return t;
}

}  // namespace

void Model::add(const Quad& q) {
  Impl& m = *impl_;
  SordWorld* w = m.world.get();
  const bool same_subject = m.last_subject_node && q.subject == m.last_subject;
  const bool same_graph = m.last_graph_node && q.graph == m.last_graph;
  NodePtr s = same_subject ? NodePtr(nullptr, NodeFree{w}) : to_sord(w, q.subject);
  NodePtr g = same_graph ? NodePtr(nullptr, NodeFree{w}) : graph_node(w, q.graph);
  NodePtr p = to_sord(w, q.predicate), o = to_sord(w, q.object);
  // sord refuses what is not an absolute IRI (and would drop the quad silently).
  if ((!same_subject && !s) || !p || !o || (!same_graph && !g))
    throw MappingError("cannot store " + to_nquads(q) + ": a term is not a valid RDF term");
  if (!same_subject) {
    m.last_subject = q.subject;
    m.last_subject_node = std::move(s);
  }
  if (!same_graph) {
    m.last_graph = q.graph;
    m.last_graph_node = std::move(g);
  }
  SordQuad quad{m.last_subject_node.get(), p.get(), o.get(), m.last_graph_node.get()};
  sord_add(m.model.get(), quad);  // the model takes its own references
  if (m.graphs.size() != 1 || *m.graphs.begin() != q.graph) m.graphs.insert(q.graph);
}

std::size_t Model::size() const noexcept { return sord_num_quads(impl_->model.get()); }

bool Model::contains(const Quad& q) const {
  SordWorld* w = impl_->world.get();
  NodePtr s = to_sord(w, q.subject), p = to_sord(w, q.predicate), o = to_sord(w, q.object),
          g = graph_node(w, q.graph);
  if (!s || !p || !o || !g) return false;
  SordQuad pat{s.get(), p.get(), o.get(), g.get()};
  return sord_contains(impl_->model.get(), pat);
}

std::vector<Quad> Model::match(const Term* s, const Term* p, const Term* o, const Term* g) const {
  SordWorld* w = impl_->world.get();
  auto node = [&](const Term* t) { return t ? to_sord(w, *t) : NodePtr(nullptr, NodeFree{w}); };
  NodePtr sn = node(s), pn = node(p), on = node(o), gn = g ? graph_node(w, *g) : NodePtr(nullptr, NodeFree{w});
  std::vector<Quad> out;
  auto search = [&](const SordNode* graph) {
    // A pattern node that does not exist in the world cannot match (sord_new_* interned it anyway).
    IterPtr it(sord_search(impl_->model.get(), sn.get(), pn.get(), on.get(), graph));
    for (; it && !sord_iter_end(it.get()); sord_iter_next(it.get())) {
      SordQuad q;
      sord_iter_get(it.get(), q);
      out.push_back({from_sord(q[SORD_SUBJECT]), from_sord(q[SORD_PREDICATE]), from_sord(q[SORD_OBJECT]),
                     graph_term(q[SORD_GRAPH])});
    }
  };
  if (g || impl_->graphs.size() <= 1) {
    search(gn.get());
    return out;
  }
  // Any graph, several graphs: one search per graph (a triple index would give each triple once).
  for (const Term& graph : impl_->graphs) search(graph_node(w, graph).get());
  std::sort(out.begin(), out.end(), [](const Quad& a, const Quad& b) {
    return std::tie(a.subject, a.predicate, a.object, a.graph) < std::tie(b.subject, b.predicate, b.object, b.graph);
  });
  return out;
}

std::optional<Term> Model::object(const Term& s, const Term& p) const {
  auto found = match(&s, &p, nullptr);
  if (found.empty()) return std::nullopt;
  for (std::size_t i = 1; i < found.size(); ++i)
    if (found[i].object != found[0].object) return std::nullopt;
  return found[0].object;
}

void Model::for_each(const std::function<void(const Quad&)>& visit) const {
  auto walk = [&](SordIter* raw) {
    IterPtr it(raw);
    for (; it && !sord_iter_end(it.get()); sord_iter_next(it.get())) {
      SordQuad q;
      sord_iter_get(it.get(), q);
      visit({from_sord(q[SORD_SUBJECT]), from_sord(q[SORD_PREDICATE]), from_sord(q[SORD_OBJECT]),
             graph_term(q[SORD_GRAPH])});
    }
  };
  if (impl_->graphs.size() <= 1) {
    walk(sord_begin(impl_->model.get()));
    return;
  }
  // Several graphs: graph by graph, so that a triple in two graphs is visited twice.
  SordWorld* w = impl_->world.get();
  for (const Term& graph : impl_->graphs) {
    NodePtr g = graph_node(w, graph);
    walk(sord_search(impl_->model.get(), nullptr, nullptr, nullptr, g.get()));
  }
}

const PrefixMap& Model::prefixes() const noexcept { return impl_->prefixes; }

void Model::add_prefix(std::string name, std::string iri) {
  set_prefix(impl_->prefixes, std::move(name), std::move(iri));
}

void set_prefix(PrefixMap& prefixes, std::string name, std::string iri) {
  for (auto& [n, i] : prefixes) {
    if (n == name) {
      i = std::move(iri);
      return;
    }
  }
  prefixes.emplace_back(std::move(name), std::move(iri));
}

}  // namespace treatykg::rdf
