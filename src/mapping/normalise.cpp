#include "mapping/normalise.hpp"

#include <algorithm>
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

// The length of the legacy namespace `t` starts with (rr:, the old rml:, ql:, fnml:), or 0.
std::size_t legacy_namespace_size(const Term& t) {
  if (!t.is_iri()) return 0;
  for (const std::string* ns : {&vocab::kRr, &vocab::kRmlLegacy, &vocab::kQl, &vocab::kFnmlLegacy})
    if (t.value.compare(0, ns->size(), *ns) == 0) return ns->size();
  return 0;
}

void upgrade_iri(Term& t) {
  if (const std::size_t legacy = legacy_namespace_size(t))
    t.value = vocab::kRml + t.value.substr(legacy);
}

}  // namespace

bool upgrade_legacy_vocabulary(Graph& g) {
  // Most mappings use the current vocabulary (and compile() asks twice): look before copying.
  const bool any_legacy = std::any_of(g.triples().begin(), g.triples().end(), [](const Triple& t) {
    return legacy_namespace_size(t.s) || legacy_namespace_size(t.p) || legacy_namespace_size(t.o);
  });
  if (!any_legacy) return false;
  Graph out;
  for (Triple t : g.triples()) {
    upgrade_iri(t.p);
    upgrade_iri(t.o);
    upgrade_iri(t.s);
    out.add(std::move(t));
  }
  g.remove(nullptr, nullptr, nullptr);  // keeps g's blank-node counter
  for (const auto& t : out.triples()) g.add(t);
  return true;
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
  auto cls = iri(rml("class")), subject_map_p = iri(rml("subjectMap"));
  // Who uses which subject map, found in one scan (the pass adds no rml:subjectMap triples), in the
  // order Graph::subjects gives.
  const std::vector<Triple> uses = g.match(nullptr, &subject_map_p, nullptr);
  for (const auto& t : g.match(nullptr, &cls, nullptr)) {
    const Term& subject_map = t.s;
    for (const Triple& use : uses) {
      if (use.o != subject_map) continue;
      const Term& tm = use.s;
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

void set_default_term_type(Graph& g, const Term& map, std::string_view role) {
  const RmlProperties props(g, map);
  if (role == "object" && props.has("parentTriplesMap")) return;  // not a term map
  if (props.has("termType")) return;
  const bool value =
      props.has("template") || props.has("reference") || props.has("functionExecution");
  std::string type = "IRI";
  if (auto c = props.object("constant")) {
    type = c->is_literal() ? "Literal" : c->is_blank() ? "BlankNode" : "IRI";
  } else if (props.has("gather") && !value) {
    type = "BlankNode";
  } else if (role == "object" && (props.has("reference") || props.has("languageMap") ||
                                  props.has("datatypeMap") || props.has("functionExecution"))) {
    type = "Literal";
  } else if (role == "subject" && !value) {
    // A subject map with nothing to make a value from names a fresh blank node per record.
    type = "BlankNode";
  }
  g.add(map, iri(rml("termType")), iri(rml(type.c_str())));
}

}  // namespace

void complete_term_types(Graph& g) {
  const std::pair<const char*, const char*> roles[] = {{"subjectMap", "subject"},
                                                       {"predicateMap", "predicate"},
                                                       {"objectMap", "object"},
                                                       {"graphMap", "graph"}};
  for (const auto& [pred, role] : roles) {
    auto p = iri(rml(pred));
    for (const auto& t : g.match(nullptr, &p, nullptr)) set_default_term_type(g, t.o, role);
  }
  // Members of gather lists are object-like term maps.
  auto gather = iri(rml("gather"));
  for (const auto& t : g.match(nullptr, &gather, nullptr)) {
    for (const Term& member : g.list(t.o)) set_default_term_type(g, member, "object");
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
