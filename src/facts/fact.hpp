#pragma once
// Constants of the treatykg-facts/1 interchange (docs/facts-schema.md). RDF-free on purpose.

#include <string>
#include <string_view>
#include <vector>

namespace treatykg::facts {

inline constexpr std::string_view kSchema = "treatykg-facts/1";

/// Record types in schema order: the article, entities, then the fact types.
const std::vector<std::string>& record_types();
/// The fact types (record types other than article and entity).
const std::vector<std::string>& fact_types();
/// Qualifier values of counts.
const std::vector<std::string>& qualifiers();

/// "day" -> xsd:date, "month" -> xsd:gYearMonth, "year" -> xsd:gYear (full IRIs); "" otherwise.
std::string datatype_for_precision(std::string_view precision);

}  // namespace treatykg::facts
