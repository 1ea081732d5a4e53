#pragma once
// A small N-Quads / N-Triples parser for the conformance runner. It keeps a quad in the default
// graph distinct from the same triple in a named graph (RMLTC0028b has both), and decodes \uXXXX
// escapes.

#include <string>
#include <string_view>
#include <vector>

#include "rdf/term.hpp"

namespace treatykg::conformance {

/// Throws treatykg::SyntaxError(name, line, message) on a malformed line.
std::vector<rdf::Quad> parse_nquads(std::string_view text, const std::string& name);

}  // namespace treatykg::conformance
