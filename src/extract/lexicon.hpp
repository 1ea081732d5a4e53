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
};

struct Lexicon {
  std::vector<LexiconEntry> entries;  // sorted by key
  std::string source;                 // path it was loaded from (for messages)
};

}  // namespace treatykg::extract
