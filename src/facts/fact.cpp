#include "facts/fact.hpp"

namespace treatykg::facts {

const std::vector<std::string>& record_types() {
  static const std::vector<std::string> k = {
      "article",          "entity",        "treaty_mention",
      "signing",          "ratification",  "exchange_of_instruments",
      "entry_into_force", "obligation",    "replaced_agreement",
      "troop_deployment", "arms_transfer", "meeting",
      "statement"};
  return k;
}

const std::vector<std::string>& fact_types() {
  static const std::vector<std::string> k(record_types().begin() + 2, record_types().end());
  return k;
}

const std::vector<std::string>& qualifiers() {
  static const std::vector<std::string> k = {"exact", "approx", "at_least", "at_most", "range"};
  return k;
}

std::string datatype_for_precision(std::string_view precision) {
  if (precision == "day") return "http://www.w3.org/2001/XMLSchema#date";
  if (precision == "month") return "http://www.w3.org/2001/XMLSchema#gYearMonth";
  if (precision == "year") return "http://www.w3.org/2001/XMLSchema#gYear";
  return {};
}

}  // namespace treatykg::facts
