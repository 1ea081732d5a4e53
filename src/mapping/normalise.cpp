#include "mapping/normalise.hpp"

#include <string>
#include <utility>

#include "mapping/vocab.hpp"
#include "rdf/vocab.hpp"

namespace treatykg::mapping {

using rdf::Term;
using vocab::rml;

namespace {

Term iri(const std::string& s) {
  return Term::iri(s);
}

bool upgrade_iri(Term& t) {
  if (!t.is_iri()) return false;
  auto swap_ns = [&](const std::string& from) {
    if (t.value.compare(0, from.size(), from) != 0) return false;
    t.value = vocab::kRml + t.value.substr(from.size());
    return true;
  };
  if (swap_ns(vocab::kRr) || swap_ns(vocab::kRmlLegacy)) return true;
  if (t.value.compare(0, vocab::kQl.size(), vocab::kQl) == 0) {
    t.value = vocab::kRml + t.value.substr(vocab::kQl.size());
    return true;
  }
  if (t.value.compare(0, vocab::kFnmlLegacy.size(), vocab::kFnmlLegacy) == 0) {
    t.value = vocab::kRml + t.value.substr(vocab::kFnmlLegacy.size());
    return true;
  }
  return false;
}

}  // namespace

bool upgrade_legacy_vocabulary(Graph& g) {
  bool any = false;
  Graph out;
  for (Triple t : g.triples()) {
    any |= upgrade_iri(t.p);
    any |= upgrade_iri(t.o);
    any |= upgrade_iri(t.s);
    out.add(std::move(t));
  }
  if (any) {
    g.remove(nullptr, nullptr, nullptr);  // keeps g's blank-node counter
    for (const auto& t : out.triples()) g.add(t);
  }
  return any;
}

void expand_shortcuts(Graph& g) {
  const std::pair<const char*, const char*> shortcuts[] = {
      {"subject", "subjectMap"}, {"predicate", "predicateMap"}, {"object", "objectMap"},
      {"graph", "graphMap"},     {"language", "languageMap"},   {"datatype", "datatypeMap"}};
  for (const auto& [shortcut, full] : shortcuts) {
    auto p = iri(rml(shortcut));
    for (const auto& t : g.match(nullptr, &p, nullptr)) {
      Term map = g.fresh_blank();
      g.add(t.s, iri(rml(full)), map);
      g.add(map, iri(rml("constant")), t.o);
      g.remove(&t.s, &t.p, &t.o);
    }
  }
}

void class_to_predicate_object_map(Graph& g) {
  auto cls = iri(rml("class"));
  for (const auto& t : g.match(nullptr, &cls, nullptr)) {
    const Term& subject_map = t.s;
    for (const Term& tm : g.subjects(rml("subjectMap"), subject_map)) {
      Term pom = g.fresh_blank(), pm = g.fresh_blank(), om = g.fresh_blank();
      g.add(tm, iri(rml("predicateObjectMap")), pom);
      g.add(pom, iri(rml("predicateMap")), pm);
      g.add(pm, iri(rml("constant")), iri(rdf::vocab::kRdfType));
      g.add(pom, iri(rml("objectMap")), om);
      g.add(om, iri(rml("constant")), t.o);
    }
    g.remove(&t.s, &t.p, &t.o);
  }
}

namespace {

void set_default_term_type(Graph& g, const Term& map, const char* role) {
  auto tt = iri(rml("termType"));
  if (g.object(map, rml("termType"))) return;
  std::string type = "IRI";
  if (auto c = g.object(map, rml("constant"))) {
    type = c->is_literal() ? "Literal" : c->is_blank() ? "BlankNode" : "IRI";
  } else if (g.object(map, rml("gather")) && !g.object(map, rml("template")) &&
             !g.object(map, rml("reference")) && !g.object(map, rml("functionExecution"))) {
    type = "BlankNode";
  } else if (std::string(role) == "object" &&
             (g.object(map, rml("reference")) || g.object(map, rml("languageMap")) ||
              g.object(map, rml("datatypeMap")) || g.object(map, rml("functionExecution")))) {
    type = "Literal";
  } else if (std::string(role) == "subject" && !g.object(map, rml("template")) &&
             !g.object(map, rml("reference")) && !g.object(map, rml("functionExecution"))) {
    // A subject map with nothing to make a value from names a fresh blank node per record.
    type = "BlankNode";
  }
  g.add(map, tt, iri(rml(type.c_str())));
}

}  // namespace

void complete_term_types(Graph& g) {
  const std::pair<const char*, const char*> roles[] = {{"subjectMap", "subject"},
                                                       {"predicateMap", "predicate"},
                                                       {"objectMap", "object"},
                                                       {"graphMap", "graph"}};
  for (const auto& [pred, role] : roles) {
    auto p = iri(rml(pred));
    for (const auto& t : g.match(nullptr, &p, nullptr)) {
      // Referencing object maps are not term maps.
      if (std::string(role) == "object" && g.object(t.o, rml("parentTriplesMap"))) continue;
      set_default_term_type(g, t.o, role);
    }
  }
  // Members of gather lists are object-like term maps.
  auto gather = iri(rml("gather"));
  for (const auto& t : g.match(nullptr, &gather, nullptr)) {
    for (const Term& member : g.list(t.o)) {
      if (g.object(member, rml("parentTriplesMap"))) continue;
      set_default_term_type(g, member, "object");
    }
  }
}

void complete_default_graph(Graph& g) {
  for (const Term& tm : g.subjects_with(rml("subjectMap"))) {
    bool any_graph = false;
    for (const Term& sm : g.objects(tm, rml("subjectMap")))
      any_graph |= !g.objects(sm, rml("graphMap")).empty();
    for (const Term& pom : g.objects(tm, rml("predicateObjectMap")))
      any_graph |= !g.objects(pom, rml("graphMap")).empty();
    if (any_graph) continue;
    for (const Term& sm : g.objects(tm, rml("subjectMap"))) {
      Term gm = g.fresh_blank();
      g.add(sm, iri(rml("graphMap")), gm);
      g.add(gm, iri(rml("constant")), iri(rml("defaultGraph")));
      g.add(gm, iri(rml("termType")), iri(rml("IRI")));
    }
  }
}

void normalise(Graph& g) {
  upgrade_legacy_vocabulary(g);
  expand_shortcuts(g);
  class_to_predicate_object_map(g);
  complete_term_types(g);
  complete_default_graph(g);
}

}  // namespace treatykg::mapping
