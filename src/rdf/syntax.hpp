#pragma once
// The RDF syntaxes treatykg reads and writes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace treatykg::rdf {

enum class Syntax { kTurtle, kNTriples, kTrig, kNQuads };

/// "turtle", "ntriples", "trig", "nquads" (also "ttl", "nt", "nq").
std::optional<Syntax> parse_syntax(std::string_view name) noexcept;
/// The canonical names, for help texts and "did you mean".
const std::vector<std::string>& syntax_names();
std::string_view syntax_name(Syntax s) noexcept;
/// By file extension (.ttl, .nt, .trig, .nq); nullopt when unknown.
std::optional<Syntax> syntax_for_path(std::string_view path) noexcept;
/// Whether the syntax can carry named graphs.
inline bool has_graphs(Syntax s) noexcept { return s == Syntax::kTrig || s == Syntax::kNQuads; }

}  // namespace treatykg::rdf
