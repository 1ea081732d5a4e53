// The rule-file language: parsing, options, and errors as SyntaxError with positions.

#include "extract/rules.hpp"
#include "extract/matcher.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace treatykg::extract {
namespace {

TEST(Rules, ParsesTriggersCuesOptionsAndContinuations) {
  auto set = RuleSet::parse_string(
      "# comment\n"
      "trigger signing.signed: signed | inked\n"
      "  | put their names to\n"
      "trigger obligation.aid [type=mutual_military_assistance treaty=main]: military aid\n"
      "cue qualifier.at_most: up to | as many as\r\n",
      "t.rules");
  ASSERT_EQ(set.rules().size(), 3u);
  const Rule* s = set.find("signing.signed");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->fact_type, "signing");
  ASSERT_EQ(s->phrases.size(), 3u);
  EXPECT_EQ(s->phrases[2].words, (std::vector<std::string>{"put", "their", "names", "to"}));
  EXPECT_EQ(s->phrases[2].pos.line, 2u);
  const Rule* o = set.find("obligation.aid");
  ASSERT_TRUE(o);
  EXPECT_EQ(*o->option("type"), "mutual_military_assistance");
  EXPECT_EQ(*o->option("treaty"), "main");
  EXPECT_EQ(set.cue_texts("qualifier.at_most"), (std::vector<std::string>{"up to", "as many as"}));
}

TEST(Vocabulary, FindPaddedMatchesFind) {
  extract::Vocabulary v;
  const std::vector<std::string> words = {"a",
                                          "of",
                                          "the",
                                          "ratif",
                                          "treaty",
                                          "signed",
                                          "between",
                                          "ratified",
                                          std::string("x\0y", 3),
                                          "x",
                                          "xy",
                                          "xyz",
                                          "\xC3\xA9t\xC3\xA9",
                                          "ab",
                                          "cooperation",
                                          "international"};
  for (int round = 0; round < 40; ++round)  // the slots grow several times
    for (const auto& w : words) v.intern(w + (round ? std::to_string(round) : std::string()));
  // Queries with 16 bytes after their end (masked off) that differ from the stored words'.
  const std::vector<std::string> queries = {
      "of", "o", "the", "th", "thf", "ratif", "ratifi", "treaty", "treatz", "signed", "between",
      "ratified", std::string("x\0y", 3), std::string("x\0", 2), "x", "xy", "xyz", "xyzz",
      "\xC3\xA9t\xC3\xA9", "ab", "ab1", "ab39", "ab40", "",
      // 8 to 15 bytes (two loads), and 16 (find)
      "ratified1", "ratified39", "ratified40", "ratifie", "ratifiedx", "between1", "betweem1",
      "cooperations", "cooperation", "cooperation1", "cooperation12345", "cooperation1234",
      "international"};
  for (const auto& q : queries) {
    std::string padded = q + std::string(16, 'z');
    EXPECT_EQ(v.find_padded(std::string_view(padded.data(), q.size())), v.find(q)) << q;
    std::string zeros = q + std::string(16, '\0');
    EXPECT_EQ(v.find_padded(std::string_view(zeros.data(), q.size())), v.find(q)) << q;
  }
}

TEST(Rules, PhraseWordsNormalise) {
  EXPECT_EQ(phrase_words("Military-Technical  Cooperation"),
            (std::vector<std::string>{"military", "technical", "cooperation"}));
  EXPECT_EQ(phrase_words("Russia\xE2\x80\x99s"), (std::vector<std::string>{"russia", "'s"}));
}

struct Bad {
  const char* text;
  std::uint32_t line, column;  // 0-based
  const char* needle;
};

TEST(Rules, ErrorsCarryPositionAndNameTheRule) {
  const Bad cases[] = {
      {"trigerr signing.x: signed\n", 0, 0,
       "unknown rule kind 'trigerr' (did you mean 'trigger'?)"},
      {"trigger signin.x: signed\n", 0, 8,
       "unknown fact type 'signin' in rule 'signin.x' (did you mean 'signing'?)"},
      {"cue qualifer.approx: about\n", 0, 4,
       "unknown cue set 'qualifer.approx' (did you mean 'qualifier.approx'?)"},
      {"\ntrigger signing.x signed\n", 1, 18, "expected ':' after rule 'signing.x'"},
      {"trigger signing.x: signed || inked\n", 0, 27, "empty phrase in rule 'signing.x'"},
      {"trigger signing.x [treaty=main: signed\n", 0, 18, "unclosed '[' in rule 'signing.x'"},
      {"trigger signing.x [treaty=mian]: signed\n", 0, 26, "bad value 'mian' for option 'treaty'"},
      {"trigger signing.x [traety=main]: signed\n", 0, 19, "unknown option 'traety'"},
      {"trigger obligation.x: military aid\n", 0, 8,
       "rule 'obligation.x' needs an obligation [type=...]"},
      {"trigger signing.x: a\ntrigger signing.x: b\n", 1, 8,
       "duplicate rule id 'signing.x' (first defined at t.rules:1)"},
      {"  | orphan\n", 0, 2, "continuation line '|' without a rule before it"},
      {"cue hedge [x=y]: may\n", 0, 10, "cue set 'hedge' takes no options"},
      {"trigger signing: signed\n", 0, 8, "trigger id 'signing' must be '<fact type>.<name>'"},
      {"trigger Signing.x: signed\n", 0, 8, "missing rule id after 'trigger'"},
  };
  for (const auto& c : cases) {
    try {
      RuleSet::parse_string(c.text, "t.rules");
      ADD_FAILURE() << "no error for: " << c.text;
    } catch (const SyntaxError& e) {
      EXPECT_EQ(e.path(), "t.rules");
      EXPECT_TRUE(e.has_pos());
      EXPECT_EQ(e.pos().line, c.line) << c.text;
      EXPECT_EQ(e.pos().column, c.column) << c.text << "\n" << e.what();
      EXPECT_NE(e.message().find(c.needle), std::string::npos) << e.what();
      // A caret line points at the column.
      std::string msg = e.message();
      EXPECT_NE(msg.find("\n" + std::string(c.column, ' ') + "^"), std::string::npos) << msg;
    }
  }
}

TEST(Rules, LoadDirErrors) {
  EXPECT_THROW(RuleSet::load_dir("/nonexistent/treatykg/rules"), IoError);
  // The shipped rules load.
  auto set = RuleSet::load_dir(std::string(TREATYKG_SOURCE_DIR) + "/mappings/rules");
  EXPECT_GT(set.rules().size(), 20u);
  for (const auto& name : RuleSet::cue_sets()) {
    if (name != "abbreviation") {
      EXPECT_FALSE(set.cue_texts(name).empty()) << name;
    }
  }
}

}  // namespace
}  // namespace treatykg::extract
