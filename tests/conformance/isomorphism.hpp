#pragma once
// RDF dataset isomorphism for the conformance runner: equal up to a bijective renaming of blank
// nodes; IRIs, literals (lexical form, datatype, language) and graph names compared exactly.

#include <string>
#include <vector>

#include "rdf/term.hpp"

namespace treatykg::conformance {

/// Whether the two datasets (duplicates ignored) are isomorphic. On false, `why` says how they
/// differ.
bool isomorphic(std::vector<rdf::Quad> a, std::vector<rdf::Quad> b, std::string* why);

}  // namespace treatykg::conformance
