#pragma once
// extract::Extractor: one article in, its treatykg-facts/1 records out (docs/facts-schema.md).
//
//   extract::RuleSet rules = extract::RuleSet::load_dir("mappings/rules");
//   extract::Extractor extractor(lexicon, rules);        // compiled once
//   DiagnosticSink sink;
//   for (const facts::Value& record : extractor.run(doc, sink))
//     std::puts(facts::to_json(record).c_str());
//
// run() is const and keeps no state between calls: several threads may call it at once. It never
// throws for anything an article contains; odd input becomes warnings in the sink. Records come in
// schema order: the article, one entity per entity mentioned (order of first use), then the facts
// ordered by anchor. The same input always gives the same bytes.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"
#include "extract/lexicon.hpp"
#include "extract/rules.hpp"
#include "facts/value.hpp"
#include "text/document.hpp"
#include "text/segment.hpp"

namespace treatykg::extract {

/// A date the recogniser found, resolved against a publication date where it was relative.
struct DateInfo {
  std::string value;      // "2024-12-04", "2024-06", "2024"; empty when unresolved
  std::string precision;  // "day", "month", "year", "unresolved"
  std::string text;       // the words it was read from
  std::size_t begin = 0;  // code points into the sentence given
  std::size_t end = 0;
};

/// A count the recogniser found.
struct QuantityInfo {
  std::int64_t count = 0;
  std::optional<std::int64_t> count_max;  // with qualifier "range"
  std::string qualifier;                  // exact, approx, at_least, at_most, range
  std::string text;                       // the number phrase, qualifier included
  std::string unit;                       // the troop unit or arms item that follows, if any
  std::size_t begin = 0;                  // code points into the sentence given
  std::size_t end = 0;
  bool vague = false;  // "dozens of", "thousands of": count is a lower bound only; facts omit it
};

struct ExtractorOptions {
  bool emit_treaty_mentions = true;
  /// Units that a byte scan shows to hold no alias, trigger or treaty head are not analysed (same
  /// records either way; off only to test that).
  bool skip_unmatched_units = true;
};

class Extractor {
 public:
  /// Compiles the lexicon and the rules into matchers. Throws SyntaxError when a rule or an alias
  /// cannot be compiled (e.g. an alias with no words).
  Extractor(Lexicon lexicon, RuleSet rules, ExtractorOptions options = {});
  ~Extractor();
  Extractor(Extractor&&) noexcept;
  Extractor& operator=(Extractor&&) noexcept;

  /// The article's records: article, entities, facts. Thread-safe; never throws for article
  /// content.
  std::vector<facts::Value> run(const text::Document& doc, DiagnosticSink& sink) const;

  // The recognisers on their own, on one sentence (for tests and tools).
  std::vector<DateInfo> dates(std::string_view sentence, std::string_view published) const;
  std::vector<QuantityInfo> quantities(std::string_view sentence) const;
  /// Entity keys the sentence attributes its claims to.
  std::vector<std::string> attribution(std::string_view sentence) const;
  /// Entity keys mentioned, in order (capital metonymy applied).
  std::vector<std::string> entities(std::string_view sentence) const;

  const text::Segmenter& segmenter() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Builds the Segmenter options (debris cues, abbreviations) from a rule set.
text::SegmentOptions segment_options(const RuleSet& rules);

}  // namespace treatykg::extract
