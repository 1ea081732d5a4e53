#pragma once
// Rule files: the trigger words and cue lists of the extractor, as data (mappings/rules/*.rules).
//
// One rule per line (a line starting with blanks and `|` continues the previous rule):
//
//   # comment
//   trigger signing.signed: signed | concluded | inked
//   trigger ratification.bill [treaty=main]: bill for its ratification
//   trigger obligation.assistance [type=mutual_military_assistance]: military assistance | mutual
//   defence cue qualifier.at_most: as many as | up to
//
// `trigger <fact type>.<name>` gives the phrases that trigger a fact of that type; the rule id
// (`signing.signed`) is written into every fact it produces. `cue <set>` fills one of the cue lists
// the recognisers use (qualifiers, hedges, attribution, troop units, debris lines...). Phrases are
// words matched case-insensitively against the article's tokens (hyphen and space variants match
// each other; curly and straight apostrophes too). Options in [ ] are checked per rule kind.
//
//   RuleSet rules = RuleSet::load_dir("mappings/rules");   // throws SyntaxError file:line:col
//   for (const Rule& r : rules.rules()) ...
//
// See docs/rules.md for every cue set and option.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace treatykg::extract {

struct Phrase {
  std::string text;                // as written in the file
  std::vector<std::string> words;  // normalised tokens (what is matched)
  TextPos pos;                     // where it starts in the file
};

struct Rule {
  enum class Kind { kTrigger, kCue };
  Kind kind = Kind::kCue;
  std::string id;                              // "signing.signed", "qualifier.approx"
  std::string fact_type;                       // triggers: "signing"; cues: empty
  std::map<std::string, std::string> options;  // [key=value ...]
  std::vector<Phrase> phrases;
  std::string file;
  TextPos pos;  // of the rule's first character

  const std::string* option(std::string_view key) const;
};

class RuleSet {
 public:
  /// Reads every `*.rules` file of a folder, in sorted order. Throws IoError / SyntaxError.
  static RuleSet load_dir(const std::string& dir);
  /// Parses one file's text; `name` is used in messages. Throws SyntaxError.
  static RuleSet parse_string(std::string_view text, const std::string& name);

  /// Adds the rules of another set (a duplicate rule id is a SyntaxError at the second one).
  void merge(RuleSet other);

  const std::vector<Rule>& rules() const noexcept { return rules_; }
  /// Every phrase text of a cue set, in file order (empty when the set has no rule).
  std::vector<std::string> cue_texts(std::string_view set) const;
  const Rule* find(std::string_view id) const;

  /// The fact types a trigger may name and the cue sets a rule file may fill.
  static const std::vector<std::string>& fact_types();
  static const std::vector<std::string>& cue_sets();

 private:
  std::vector<Rule> rules_;
};

/// Splits a phrase into the normalised words the matcher compares (same tokenizer as articles).
std::vector<std::string> phrase_words(std::string_view phrase);

}  // namespace treatykg::extract
