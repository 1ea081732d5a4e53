#pragma once
// `treatykg check`: load the ontology, lexicon, mappings and rules and report every problem with its
// position, without stopping at the first.

#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "pipeline/config.hpp"
#include "rdf/model.hpp"

namespace treatykg::pipeline {

struct CheckReport {
  std::vector<std::string> files;     // what was checked, in order
  std::vector<Diagnostic> problems;   // every problem found, in file order
};

/// Checks `config.inputs` when given (each a Turtle/N-Triples/TriG/N-Quads file or a folder of them),
/// else the configured or bundled ontology, lexicon, mappings and rules.
CheckReport check(const Config& config);

/// IRIs in the ontology namespace that `used` mentions but `declared` never types (rdf:type).
/// Exposed for tests.
struct UndeclaredTerm {
  std::string iri;
  std::string suggestion;  // closest declared term, or empty
};
std::vector<UndeclaredTerm> undeclared_terms(const rdf::Model& declared, const rdf::Model& used,
                                             const std::string& ns);

}  // namespace treatykg::pipeline
