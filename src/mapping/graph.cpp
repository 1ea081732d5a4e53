#include "mapping/graph.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "rdf/vocab.hpp"

namespace treatykg::mapping {

Graph Graph::from_model(const rdf::Model& model) {
  Graph g;
  model.for_each([&](const rdf::Quad& q) { g.triples_.insert({q.subject, q.predicate, q.object}); });
  return g;
}

void Graph::add(rdf::Term s, rdf::Term p, rdf::Term o) {
  triples_.insert(Triple{std::move(s), std::move(p), std::move(o)});
}

static bool matches(const Triple& t, const rdf::Term* s, const rdf::Term* p, const rdf::Term* o) {
  return (!s || t.s == *s) && (!p || t.p == *p) && (!o || t.o == *o);
}

std::size_t Graph::remove(const rdf::Term* s, const rdf::Term* p, const rdf::Term* o) {
  if (s && p && o) return triples_.erase(Triple{*s, *p, *o});
  return std::erase_if(triples_, [&](const Triple& t) { return matches(t, s, p, o); });
}

bool Graph::contains(const rdf::Term& s, const rdf::Term& p, const rdf::Term& o) const {
  return triples_.count(Triple{s, p, o}) != 0;
}

// The first triple with subject `s` (the set is sorted by subject first).
std::set<Triple, std::less<>>::const_iterator Graph::subject_begin(const rdf::Term& s) const {
  return triples_.lower_bound(SubjectKey{s});
}

// Whether `t` is the IRI `iri`, without building a Term for it.
static bool is_iri(const rdf::Term& t, const std::string& iri) { return t.is_iri() && t.value == iri; }

std::vector<Triple> Graph::match(const rdf::Term* s, const rdf::Term* p, const rdf::Term* o) const {
  std::vector<Triple> out;
  if (s) {
    for (auto it = subject_begin(*s); it != triples_.end() && it->s == *s; ++it)
      if (matches(*it, s, p, o)) out.push_back(*it);
    return out;
  }
  for (const auto& t : triples_)
    if (matches(t, s, p, o)) out.push_back(t);
  return out;
}

// The lookups below copy only the terms they return (the compiler makes ~15k of them on the
// bundled mapping; copying whole triples and building the predicate Term dominated compiling).
std::vector<rdf::Term> Graph::objects(const rdf::Term& s, const std::string& p) const {
  std::vector<rdf::Term> out;
  for (auto it = subject_begin(s); it != triples_.end() && it->s == s; ++it)
    if (is_iri(it->p, p)) out.push_back(it->o);
  return out;
}

std::optional<rdf::Term> Graph::object(const rdf::Term& s, const std::string& p) const {
  for (auto it = subject_begin(s); it != triples_.end() && it->s == s; ++it)
    if (is_iri(it->p, p)) return it->o;
  return std::nullopt;
}

std::vector<rdf::Term> Graph::subjects(const std::string& p, const rdf::Term& o) const {
  std::vector<rdf::Term> out;
  for (const auto& t : triples_)
    if (is_iri(t.p, p) && t.o == o) out.push_back(t.s);
  return out;
}

std::vector<rdf::Term> Graph::subjects_with(const std::string& p) const {
  std::vector<rdf::Term> out;
  for (const auto& t : triples_)
    if (is_iri(t.p, p) && (out.empty() || out.back() != t.s)) out.push_back(t.s);
  return out;
}

std::vector<rdf::Term> Graph::list(const rdf::Term& head) const {
  std::vector<rdf::Term> out;
  rdf::Term cur = head;
  std::size_t guard = 0;
  while (!(cur.is_iri() && cur.value == rdf::vocab::kRdfNil)) {
    auto first = object(cur, rdf::vocab::kRdfFirst);
    auto rest = object(cur, rdf::vocab::kRdfRest);
    if (!first || !rest || ++guard > triples_.size())
      throw MappingError("malformed RDF list at " + describe(head));
    out.push_back(*first);
    cur = *rest;
  }
  return out;
}

rdf::Term Graph::fresh_blank() {
  return rdf::Term::blank("tkgnorm" + std::to_string(next_blank_++));
}

std::string describe(const rdf::Term& t) {
  switch (t.kind) {
    case rdf::TermKind::kIri:
      return "<" + t.value + ">";
    case rdf::TermKind::kBlank:
      return "_:" + t.value;
    case rdf::TermKind::kLiteral:
      return "\"" + t.value + "\"";
  }
  return t.value;
}

}  // namespace treatykg::mapping
