#pragma once
// The entity lexicon as plain values. mappings/lexicon.ttl (SKOS, Turtle) is read by the pipeline
// through the rdf layer and handed over as this struct, so extraction never depends on RDF.

#include <string>
#include <vector>

namespace treatykg::extract {

struct LexiconEntry {
  std::string key;                   // slug, e.g. "north-korea"; IRI = https://w3id.org/treatykg/entity/<key>
  std::string iri;                   // the full entity IRI
  std::string label;                 // English preferred label (rdfs:label / skos:prefLabel)
  std::string class_name;            // ontology class local name: "State", "Person", "City", "Treaty", ...
  std::string wikidata;              // "Q423", or empty
  std::vector<std::string> aliases;  // every surface form (skos:prefLabel, skos:altLabel, rdfs:label)
  std::string capital_of;            // key of the state this city's name can stand for, or empty
  // Added for extraction (all optional; empty when the lexicon does not say):
  std::vector<std::string> demonyms;  // adjectives naming the entity ("North Korean"): matched as aliases,
                                      // but never a speaker or a treaty party by themselves
  std::string located_in;             // key of the state a region or city lies in ("kursk-region" -> "russia")
  std::string represents;             // key of the state a person or organ acts for ("state-duma" -> "russia")
  std::vector<std::string> parties;   // treaties: keys of the parties ("both parties" resolves to them)
  std::string year_concluded;         // treaties: curated tkg:yearConcluded ("2001"), or empty; used only
                                      // where the text's years cannot be paired with a name
};

struct Lexicon {
  std::vector<LexiconEntry> entries;  // sorted by key
  std::string source;                 // path it was loaded from (for messages)
};

}  // namespace treatykg::extract
