#pragma once
// Reads the SKOS entity lexicon (mappings/lexicon.ttl) through the rdf layer and hands it to the
// extractor as plain values (extract::Lexicon), so extraction never depends on RDF.

#include <set>
#include <string>
#include <utility>

#include "extract/lexicon.hpp"
#include "rdf/model.hpp"

namespace treatykg::pipeline {

inline constexpr const char* kEntityNamespace = "https://w3id.org/treatykg/entity/";
inline constexpr const char* kOntologyNamespace = "https://w3id.org/treatykg/ontology#";

/// Every IRI in the entity namespace with a label becomes an entry: key = local name, label =
/// English rdfs:label (else skos:prefLabel), aliases = every English or untagged prefLabel, altLabel,
/// hiddenLabel and rdfs:label, class = its most specific tkg: type (using rdfs:subClassOf from
/// `ontology` when given), wikidata = the Q-id of a skos:exactMatch into Wikidata, capital_of =
/// tkg:capitalOf. Throws SyntaxError for an entity without a label (naming the file and the entity).
extract::Lexicon lexicon_from_model(const rdf::Model& lexicon, const std::string& source,
                                    const rdf::Model* ontology = nullptr);

/// The rdfs:subClassOf pairs (subclass, superclass) of an ontology, as the lexicon uses them.
using SubClassPairs = std::set<std::pair<std::string, std::string>>;
SubClassPairs sub_class_pairs(const rdf::Model& ontology);
extract::Lexicon lexicon_from_model(const rdf::Model& lexicon, const std::string& source,
                                    const SubClassPairs& sub_class_of);

/// Reads `path` and converts it. Throws SyntaxError / IoError.
extract::Lexicon load_lexicon(const std::string& path, const SubClassPairs& sub_class_of = {});

}  // namespace treatykg::pipeline
