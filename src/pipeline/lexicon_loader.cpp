#include "pipeline/lexicon_loader.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "base/error.hpp"
#include "rdf/reader.hpp"
#include "rdf/vocab.hpp"

namespace treatykg::pipeline {

namespace {

const std::string kSkos = rdf::vocab::kSkos;
const std::string kRdfsLabel = std::string(rdf::vocab::kRdfs) + "label";
const std::string kWikidata = "http://www.wikidata.org/entity/";

bool english_or_plain(const rdf::Term& t) {
  return t.is_literal() && (t.language.empty() || t.language == "en" || t.language.starts_with("en-"));
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// A term's place in the order a Model (sord) lists statements in: literals, then IRIs, then blank
// nodes; then the string; a literal then by datatype and language.
int kind_rank(const rdf::Term& t) {
  return t.is_literal() ? 0 : t.is_iri() ? 1 : 2;
}
bool term_less(const rdf::Term& a, const rdf::Term& b) {
  return std::forward_as_tuple(kind_rank(a), a.value, a.datatype, a.language) <
         std::forward_as_tuple(kind_rank(b), b.value, b.datatype, b.language);
}

extract::Lexicon lexicon_from_statements(const std::vector<rdf::Quad>& statements,
                                         const std::string& source, const SubClassPairs& sub_of);

}  // namespace

SubClassPairs sub_class_pairs(const rdf::Model& ontology) {
  SubClassPairs pairs;
  const auto sco = rdf::Term::iri(std::string(rdf::vocab::kRdfs) + "subClassOf");
  for (const auto& q : ontology.match(nullptr, &sco, nullptr))
    pairs.insert({q.subject.value, q.object.value});
  return pairs;
}

extract::Lexicon lexicon_from_model(const rdf::Model& model, const std::string& source, const rdf::Model* ontology) {
  return lexicon_from_model(model, source, ontology ? sub_class_pairs(*ontology) : SubClassPairs{});
}

extract::Lexicon lexicon_from_model(const rdf::Model& model, const std::string& source,
                                    const SubClassPairs& sub_of) {
  std::vector<rdf::Quad> statements;
  model.for_each([&](const rdf::Quad& q) { statements.push_back(q); });
  return lexicon_from_statements(statements, source, sub_of);
}

namespace {

// The statements in the order a Model lists them (subject, predicate, object): which label and
// demonym come first does not depend on how the file is written.
extract::Lexicon lexicon_from_statements(const std::vector<rdf::Quad>& statements,
                                         const std::string& source, const SubClassPairs& sub_of) {
  const std::string ns = kEntityNamespace;
  const std::string tkg = kOntologyNamespace;
  std::map<std::string, extract::LexiconEntry> entries;
  std::map<std::string, std::vector<std::string>> types;
  std::map<std::string, std::vector<std::string>> up;  // key -> keys it lies in or acts for
  for (const auto& q : statements) {
    if (!q.subject.is_iri() || !q.subject.value.starts_with(ns) ||
        q.subject.value.size() == ns.size())
      continue;
    auto& e = entries[q.subject.value];
    e.iri = q.subject.value;
    e.key = q.subject.value.substr(ns.size());
    const auto& p = q.predicate.value;
    const auto& o = q.object;
    if (p == rdf::vocab::kRdfType && o.is_iri() && o.value.starts_with(tkg)) {
      types[e.iri].push_back(o.value);
    } else if (p == kRdfsLabel && english_or_plain(o)) {
      if (e.label.empty() || o.language == "en") e.label = o.value;
      add_unique(e.aliases, o.value);
    } else if ((p == kSkos + "prefLabel" || p == kSkos + "altLabel" || p == kSkos + "hiddenLabel") &&
               english_or_plain(o)) {
      add_unique(e.aliases, o.value);
    } else if (p == kSkos + "exactMatch" && o.is_iri() && o.value.starts_with(kWikidata)) {
      e.wikidata = o.value.substr(kWikidata.size());
    } else if (p == tkg + "capitalOf" && o.is_iri() && o.value.starts_with(ns)) {
      e.capital_of = o.value.substr(ns.size());
    } else if (p == tkg + "demonym" && english_or_plain(o)) {
      add_unique(e.demonyms, o.value);
    } else if (p == tkg + "yearConcluded" && o.is_literal()) {
      e.year_concluded = o.value;
    } else if (p == tkg + "party" && o.is_iri() && o.value.starts_with(ns)) {
      add_unique(e.parties, o.value.substr(ns.size()));
    } else if ((p == kSkos + "broader" || p == tkg + "holdsOffice" || p == tkg + "officeOf") && o.is_iri() &&
               o.value.starts_with(ns)) {
      up[e.key].push_back(o.value.substr(ns.size()));
    }
  }
  // prefLabel stands in for a missing rdfs:label.
  const std::string pref = kSkos + "prefLabel";
  extract::Lexicon lexicon;
  lexicon.source = source;
  for (auto& [iri, e] : entries) {
    if (e.label.empty()) {
      for (const auto& q : statements) {
        if (q.predicate.value == pref && q.subject.value == iri && english_or_plain(q.object)) {
          e.label = q.object.value;
          break;
        }
      }
    }
    const auto& ts = types[iri];
    if (e.label.empty() && ts.empty()) continue;  // only mentioned (e.g. the lexicon's scheme): not an entity
    if (e.label.empty()) throw SyntaxError(source, "entity <" + iri + "> has no English rdfs:label or skos:prefLabel");
    std::string best;
    for (const auto& t : ts) {
      bool has_subclass = false;
      for (const auto& other : ts) has_subclass |= other != t && sub_of.count({other, t});
      if (!has_subclass && (best.empty() || t < best)) best = t;
    }
    e.class_name = best.empty() ? "" : best.substr(tkg.size());
    std::sort(e.aliases.begin(), e.aliases.end());
    lexicon.entries.push_back(std::move(e));
  }
  // The state a place lies in or a person/organisation acts for: up skos:broader, tkg:holdsOffice and
  // tkg:officeOf until a tkg:State.
  std::map<std::string, std::string> class_of;
  for (const auto& e : lexicon.entries) class_of[e.key] = e.class_name;
  auto state_of = [&](const std::string& start) {
    std::vector<std::string> frontier{start};
    std::set<std::string> seen{start};
    for (int depth = 0; depth < 8 && !frontier.empty(); ++depth) {
      std::vector<std::string> next;
      for (const auto& k : frontier) {
        for (const auto& u : up[k]) {
          if (class_of[u] == "State") return u;
          if (seen.insert(u).second) next.push_back(u);
        }
      }
      frontier = std::move(next);
    }
    return std::string();
  };
  static const std::set<std::string> kPlaces{"Place", "City", "Region", "Country"};
  for (auto& e : lexicon.entries) {
    if (e.class_name == "State") continue;
    const std::string state = state_of(e.key);
    if (state.empty()) continue;
    if (kPlaces.count(e.class_name)) e.located_in = state;
    else e.represents = state;
  }
  return lexicon;  // std::map iteration: sorted by IRI, hence by key
}

}  // namespace

extract::Lexicon load_lexicon(const std::string& path, const SubClassPairs& sub_class_of) {
  // Streamed, sorted and deduplicated here: a sord model of the lexicon cost a fifth of start-up.
  std::vector<rdf::Quad> statements;
  rdf::read_file(path, [&](const rdf::Quad& q) { statements.push_back(q); });
  const auto less = [](const rdf::Quad& a, const rdf::Quad& b) {
    if (a.subject != b.subject) return term_less(a.subject, b.subject);
    if (a.predicate != b.predicate) return term_less(a.predicate, b.predicate);
    return term_less(a.object, b.object);
  };
  const auto same = [](const rdf::Quad& a, const rdf::Quad& b) {
    return a.subject == b.subject && a.predicate == b.predicate && a.object == b.object;
  };
  std::sort(statements.begin(), statements.end(), less);
  statements.erase(std::unique(statements.begin(), statements.end(), same), statements.end());
  return lexicon_from_statements(statements, path, sub_class_of);
}

}  // namespace treatykg::pipeline
