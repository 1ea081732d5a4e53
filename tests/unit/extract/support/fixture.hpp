#pragma once
// A small hand-made lexicon (not the seed lexicon) and the shipped rule files, for recogniser
// tests.

#include <string>

#include "extract/extractor.hpp"
#include "extract/lexicon.hpp"
#include "extract/rules.hpp"

namespace treatykg::testing {

inline extract::LexiconEntry entry(std::string key, std::string cls,
                                   std::vector<std::string> aliases,
                                   std::vector<std::string> demonyms = {}) {
  extract::LexiconEntry e;
  e.key = key;
  e.iri = "https://w3id.org/treatykg/entity/" + key;
  e.label = aliases.empty() ? key : aliases.front();
  e.class_name = std::move(cls);
  e.aliases = std::move(aliases);
  e.demonyms = std::move(demonyms);
  return e;
}

inline extract::Lexicon small_lexicon() {
  extract::Lexicon lex;
  auto& v = lex.entries;
  v.push_back(entry("russia", "State", {"Russia", "Russian Federation", "RF"}, {"Russian"}));
  v.push_back(entry("belarus", "State", {"Belarus"}, {"Belarusian"}));
  v.push_back(entry("north-korea", "State", {"North Korea", "DPRK"}, {"North Korean"}));
  v.push_back(entry("ukraine", "State", {"Ukraine"}, {"Ukrainian"}));
  v.push_back(
      entry("united-states", "State", {"United States", "US", "U.S.", "USA"}, {"American"}));
  v.push_back(entry("pentagon", "Ministry", {"the Pentagon", "Pentagon"}));
  v.back().represents = "united-states";
  v.push_back(entry("reuters", "NewsAgency", {"Reuters"}));
  v.push_back(entry("pyongyang", "City", {"Pyongyang"}));
  v.back().capital_of = "north-korea";
  v.back().located_in = "north-korea";
  v.push_back(entry("washington", "City", {"Washington"}));
  v.back().capital_of = "united-states";
  v.back().located_in = "united-states";
  v.push_back(entry("minsk", "City", {"Minsk"}));
  v.back().capital_of = "belarus";
  v.back().located_in = "belarus";
  v.push_back(entry("belgorod-oblast", "Region", {"Belgorod region", "Belgorod Oblast"}));
  v.back().located_in = "russia";
  v.push_back(entry("kim-jong-un", "Person", {"Kim Jong Un", "Kim Jong-un"}));
  v.back().represents = "north-korea";
  v.push_back(entry("alexander-lukashenko", "Person", {"Alexander Lukashenko", "Lukashenko"}));
  v.back().represents = "belarus";
  v.push_back(entry("vladimir-putin", "Person", {"Vladimir Putin", "Putin"}));
  v.back().represents = "russia";
  v.push_back(entry("duma", "Legislature", {"State Duma", "Duma"}));
  v.back().represents = "russia";
  v.push_back(entry("minsk-security-pact", "Treaty", {"Minsk Security Pact", "security pact"}));
  v.back().parties = {"belarus", "russia"};
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  return lex;
}

inline const extract::Extractor& small_extractor() {
  static const extract::Extractor ex(
      small_lexicon(),
      extract::RuleSet::load_dir(std::string(TREATYKG_SOURCE_DIR) + "/mappings/rules"));
  return ex;
}

}  // namespace treatykg::testing
