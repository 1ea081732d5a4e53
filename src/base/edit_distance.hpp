#pragma once
// "Did you mean": the closest candidate to a mistyped name.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace treatykg {

/// Levenshtein distance (bytes).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, if it is close enough to be a likely typo
/// (distance <= max(1, len/3)) or `word` is a prefix of exactly one candidate.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace treatykg
