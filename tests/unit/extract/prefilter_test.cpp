// The unit pre-test (extract::AnchorFilter) never turns away a unit with a match, and the extractor
// gives the same records with and without it: on the seed articles and on made-up phrasings.

#include <gtest/gtest.h>

#include <cctype>

#include "extract/extractor.hpp"
#include "extract/matcher.hpp"
#include "extract/rules.hpp"
#include "facts/value.hpp"
#include "test_lexicon.hpp"
#include "text/reader.hpp"

namespace treatykg::extract {
namespace {

const std::string kRoot = TREATYKG_SOURCE_DIR;

struct Filter {
  Vocabulary vocab;
  AnchorFilter filter;
  explicit Filter(const std::vector<std::string>& phrases) {
    for (const auto& p : phrases) filter.add(phrase_words(p));
    filter.compile(vocab);
  }
  bool pass(std::string_view text) const { return filter.may_match(text, vocab); }
};

TEST(AnchorFilter, WholeWordsInAnyCase) {
  Filter f({"signed", "entered into force"});
  EXPECT_TRUE(f.pass("Kim SIGNED it."));
  EXPECT_TRUE(f.pass("signed"));
  EXPECT_TRUE(f.pass("(Signed)"));
  EXPECT_FALSE(f.pass("The bridge was designed in 1961."));
  EXPECT_FALSE(f.pass("signedness"));
  EXPECT_FALSE(f.pass(""));
  // Every word of a phrase is needed (in any order: the test is on words, not on the phrase).
  EXPECT_TRUE(f.pass("The treaty entered into force."));
  EXPECT_TRUE(f.pass("Force entered into the talks."));
  EXPECT_FALSE(f.pass("The troops entered the city."));
}

// A phrase's two words must both be in the text tested: what an earlier text (or another filter)
// had counts for nothing.
TEST(AnchorFilter, PairsOnlyWithinOneText) {
  const Filter f({"entered into force", "security pact"});
  const Filter g({"pact of mutual assistance"});
  for (int round = 0; round < 3; ++round) {
    EXPECT_FALSE(f.pass("They entered the city."));
    EXPECT_FALSE(f.pass("Force was used."));
    EXPECT_FALSE(g.pass("The pact holds."));
    EXPECT_TRUE(f.pass("It entered into force."));
    EXPECT_FALSE(g.pass("Mutual respect."));
    EXPECT_TRUE(g.pass("A pact on mutual assistance."));
    EXPECT_FALSE(f.pass("The security council met: a pac, securely, packed."));
    EXPECT_TRUE(f.pass("The pact on security."));
  }
}

TEST(AnchorFilter, WordsLongerThanEightLettersAndNearTheEnd) {
  Filter f({"ratification", "counterintelligence", "exchange of instruments of ratification"});
  EXPECT_TRUE(f.pass("after ratification"));
  EXPECT_TRUE(f.pass("Ratification."));
  EXPECT_TRUE(f.pass("the COUNTERINTELLIGENCE service"));
  EXPECT_FALSE(f.pass("ratifications"));
  EXPECT_FALSE(f.pass("counterintelligences"));
  EXPECT_FALSE(f.pass("ratificatio"));
}

TEST(AnchorFilter, TokensThatAreNotPlainWords) {
  // "d.p.r.k." is one token; its run is "d". "Jong-un" is two words. "Kim's" with U+02BC (a letter
  // to the tokenizer) is one token that opens with "kim".
  Filter f({"D.P.R.K.", "Kim Jong-un", "Kim\xCA\xBCs regime"});
  EXPECT_TRUE(f.pass("the D.P.R.K. said"));
  EXPECT_TRUE(f.pass("d.p.r.k."));
  EXPECT_FALSE(f.pass("the DPRK said"));
  EXPECT_TRUE(f.pass("KIM JONG-UN"));
  EXPECT_TRUE(f.pass("Kim Jong un"));
  EXPECT_FALSE(f.pass("Kim Jongun"));
  EXPECT_TRUE(f.pass("Kim\xCA\xBCs regime"));
  EXPECT_TRUE(f.pass("Kim\xE2\x80\x99s regime"));  // passes: the words are there
}

TEST(AnchorFilter, TextWithTooManyPhraseWordsToTrackPasses) {
  Filter f({"the US"});
  std::string few, many;
  for (int i = 0; i < 10; ++i) few += "the ";
  for (int i = 0; i < 70; ++i) many += "the ";
  EXPECT_FALSE(f.pass(few));
  EXPECT_TRUE(f.pass(many));  // not tracked past 64 words that pair: let through, never dropped
  EXPECT_TRUE(f.pass(few + "US"));
}

TEST(AnchorFilter, PhraseWithNoLetterWordPassesEverything) {
  Filter f({"signed", "9/11"});
  EXPECT_TRUE(f.filter.passes_all());
  EXPECT_TRUE(f.pass("nothing here"));
}

// The phrases the extractor filters on, from the shipped rules and the seed lexicon.
std::vector<std::string> seed_phrases() {
  std::vector<std::string> out;
  const RuleSet rules = RuleSet::load_dir(kRoot + "/mappings/rules");
  for (const auto& r : rules.rules())
    if (r.kind == Rule::Kind::kTrigger || r.id == "treaty.head")
      for (const auto& p : r.phrases) out.push_back(p.text);
  for (const auto& e : testing::lexicon_from_turtle({kRoot + "/mappings/lexicon.ttl"}).entries) {
    out.push_back(e.label);
    out.insert(out.end(), e.aliases.begin(), e.aliases.end());
    out.insert(out.end(), e.demonyms.begin(), e.demonyms.end());
  }
  return out;
}

TEST(AnchorFilter, EverySeedPhrasePassesInContext) {
  const auto phrases = seed_phrases();
  ASSERT_GT(phrases.size(), 300u);
  Filter f(phrases);
  ASSERT_FALSE(f.filter.passes_all());
  for (const auto& p : phrases) {
    std::string upper = p;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_TRUE(f.pass(p)) << p;
    EXPECT_TRUE(f.pass("Officials (" + p + ") 12, said.")) << p;
    EXPECT_TRUE(f.pass("\xE2\x80\x9C" + upper + "\xE2\x80\x9D")) << p;
  }
  // Off-topic prose, and near misses, are turned away.
  EXPECT_FALSE(f.pass("The weather in the capital stayed mild for most of the week."));
  EXPECT_FALSE(f.pass("Football fans gathered in the main square to watch the final."));
  EXPECT_FALSE(f.pass("A designer resigned after the metro station was redesigned."));
}

std::string records_json(const Extractor& ex, const text::Document& doc) {
  DiagnosticSink sink;
  std::string out;
  facts::append_json_lines(out, ex.run(doc, sink));
  return out;
}

struct Extractors {
  Extractor with, without;
  Extractors()
      : with(testing::lexicon_from_turtle({kRoot + "/mappings/lexicon.ttl"}),
             RuleSet::load_dir(kRoot + "/mappings/rules")),
        without(testing::lexicon_from_turtle({kRoot + "/mappings/lexicon.ttl"}),
                RuleSet::load_dir(kRoot + "/mappings/rules"), ExtractorOptions{true, false}) {}
};

TEST(UnitPrefilter, SameRecordsOnTheSeedArticles) {
  Extractors ex;
  DiagnosticSink sink;
  text::ArticleReader reader({kRoot + "/samples/articles"}, sink);
  int articles = 0;
  while (auto doc = reader.next()) {
    ++articles;
    EXPECT_EQ(records_json(ex.with, *doc), records_json(ex.without, *doc)) << doc->id;
  }
  EXPECT_GE(articles, 5);
}

TEST(UnitPrefilter, SameRecordsOnMadeUpPhrasings) {
  Extractors ex;
  // Off-topic sentences between on-topic ones: "He" after a person, lead lists, treaty names found
  // by shape, names split by hyphens or written with dots, capitals, a unit with only a cue word.
  const std::vector<std::string> bodies = {
      "Vladimir Putin met Kim Jong-un in Pyongyang on Monday. The weather stayed mild. He signed "
      "the treaty. She said nothing.",
      "Kim Jong Un arrived. He said the D.P.R.K. would ratify the pact. Fans gathered in the "
      "square.\nHe's tired.",
      "South Korea, Ukraine, and Western countries have condemned the deal. These countries said "
      "it was illegal. Prices were steady.",
      "The Treaty on Comprehensive Strategic Partnership entered into force on December 4. The "
      "bridge was repaired. The agreement was ratified by the State Duma.",
      "Markets were calm.\nThe weather in the capital stayed mild.\nNothing happened at all.",
      "In Moscow, officials were quiet. According to HUR, 12,000 soldiers were sent to Kursk. "
      "Rain fell over the weekend.",
      "The Moscow and Pyongyang Declarations of 2000 and 2001 were cited. Students gathered. "
      "NORTH KOREA\xE2\x80\x99S leader spoke.",
      // A unit with nothing to match that opens with "He" keeps the subject for the next one; any
      // other clears it.
      "Vladimir Putin arrived. He smiled. He signed the treaty in Pyongyang.",
      "Vladimir Putin arrived. \xE2\x80\x9CHe smiled.\xE2\x80\x9D He signed the treaty.",
      "Vladimir Putin arrived. Rain fell. He signed the treaty. SHE smiled. She signed it.",
      "Kim Jong Un arrived. Hence nothing. He signed the treaty.",
  };
  int n = 0;
  for (const auto& body : bodies) {
    text::Document d;
    d.id = "p" + std::to_string(n++);
    d.body = body;
    d.published = "2024-11-05";
    d.language = "en";
    EXPECT_EQ(records_json(ex.with, d), records_json(ex.without, d)) << body;
  }
}

}  // namespace
}  // namespace treatykg::extract
