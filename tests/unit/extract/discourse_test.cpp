// Discourse and statement rules of issue 6, on made-up articles (other people, other treaties,
// other wording than the seeds), with negative cases: sentence-initial "He"/"She", [treaty=context]
// obligations, [speaker=source] statements, one statement per speaker, coordinated speakers and
// "Name (ACRONYM) believe". The reading they implement: tests/gold/GUIDELINE.md.

#include <gtest/gtest.h>

#include <algorithm>

#include "extract/jsonl.hpp"
#include "facts/fact.hpp"
#include "fixture.hpp"

namespace treatykg::extract {
namespace {

using facts::Value;

Lexicon discourse_lexicon() {
  using testing::entry;
  Lexicon lex = testing::small_lexicon();
  auto& v = lex.entries;
  for (auto& e : v)
    if (e.key == "alexander-lukashenko") e.aliases.push_back("the Belarusian leader");
  v.push_back(entry("poland", "State", {"Poland"}, {"Polish"}));
  v.push_back(entry("lithuania", "State", {"Lithuania"}, {"Lithuanian"}));
  v.push_back(entry("maria-zakharova", "Person", {"Maria Zakharova", "Zakharova"}));
  v.back().represents = "russia";
  v.push_back(entry("belarus-foreign-ministry", "Ministry", {"Foreign Ministry"}));
  v.back().represents = "belarus";
  v.push_back(entry("institute-of-strategic-studies", "ResearchInstitute",
                    {"Institute of Strategic Studies", "ISS"}));
  v.push_back(entry("union-state-treaty", "Treaty", {"Union State Treaty"}));
  v.back().parties = {"belarus", "russia"};
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  return lex;
}

const Extractor& extractor() {
  static const Extractor ex(
      discourse_lexicon(), RuleSet::load_dir(std::string(TREATYKG_SOURCE_DIR) + "/mappings/rules"));
  return ex;
}

std::vector<Value> of_type(const std::string& body, const std::string& type) {
  text::Document d;
  d.id = "d1";
  d.body = body;
  d.published = "2025-03-12";
  d.language = "en";
  DiagnosticSink sink;
  std::vector<Value> out;
  for (auto& r : extractor().run(d, sink))
    if (r.find("type")->as_string() == type) out.push_back(std::move(r));
  return out;
}

std::string str(const Value& r, const char* field) {
  const Value* v = r.find(field);
  if (!v) return "-";
  if (v->is_string()) return v->as_string();
  return facts::to_json(*v);
}

std::vector<std::string> speakers(const std::vector<Value>& st) {
  std::vector<std::string> out;
  for (const auto& s : st) out.push_back(str(s, "speaker"));
  return out;
}

// ---- sentence-initial "He" / "She" ----

TEST(Discourse, SentenceInitialPronounIsThePreviousSubject) {
  auto st =
      of_type("Lukashenko thanked Putin for his patience. He stressed that the border is calm.",
              "statement");
  ASSERT_EQ(st.size(), 1u);  // the subject (Lukashenko), not the last person named (Putin)
  EXPECT_EQ(str(st[0], "speaker"), "alexander-lukashenko");
  st = of_type("Maria Zakharova spoke in Moscow on Monday. She warned that the drills will go on.",
               "statement");
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(str(st[0], "speaker"), "maria-zakharova");
}

TEST(Discourse, PronounChainsAndRoleAliases) {
  auto st = of_type(
      "The Belarusian leader toured the border units. He praised the guards. He also confirmed "
      "the new patrol plan.",
      "statement");
  ASSERT_EQ(st.size(), 1u);  // "praised" is no statement verb; "confirmed" is, two sentences on
  EXPECT_EQ(str(st[0], "speaker"), "alexander-lukashenko");
}

TEST(Discourse, PronounsThatAreNotResolved) {
  // Not sentence-initial, no person in the sentence before, only a possessive person before.
  EXPECT_TRUE(
      of_type("Lukashenko arrived in Minsk. Later, he said the talks went well.", "statement")
          .empty());
  EXPECT_TRUE(
      of_type("The border was quiet all week. He said that the guards were ready.", "statement")
          .empty());
  EXPECT_TRUE(
      of_type("Putin's envoy arrived in Minsk. He said that the guards were ready.", "statement")
          .empty());
  EXPECT_TRUE(
      of_type("Lukashenko arrived in Minsk. They said that the guards were ready.", "statement")
          .empty());
}

// ---- [treaty=context] obligations ----

TEST(Discourse, ConditionalProvisionTakesTheLastTreatyNamed) {
  auto ob = of_type(
      "Russia and Belarus signed the Minsk Security Pact in 2023. The Minsk Security Pact was "
      "ratified in May. Observers compared it with the Union State Treaty. A central clause is "
      "assistance in the event of an invasion of either state.",
      "obligation");
  ASSERT_EQ(ob.size(), 1u);
  EXPECT_EQ(str(ob[0], "treaty"), "union-state-treaty");  // the last named, not the main treaty
  EXPECT_EQ(str(ob[0], "obligationType"), "mutual_military_assistance");
  EXPECT_EQ(str(ob[0], "trigger"), "an invasion of either state");
  EXPECT_EQ(str(ob[0], "boundParties"), "[\"belarus\",\"russia\"]");
  EXPECT_EQ(str(ob[0], "modality"), "-");  // the condition stands in for it
  ob = of_type(
      "The Union State Treaty was renewed. Its core is support in situations involving a border "
      "incursion.",
      "obligation");
  ASSERT_EQ(ob.size(), 1u);
  EXPECT_EQ(str(ob[0], "trigger"), "a border incursion");
}

TEST(Discourse, TreatyDescribedByItsContent) {
  auto ob = of_type(
      "Zakharova said that only an aggressor would object to the Union State Treaty between "
      "Belarus and Russia on assistance in case of an attack.",
      "obligation");
  ASSERT_EQ(ob.size(), 1u);
  EXPECT_EQ(str(ob[0], "trigger"), "an attack");
  EXPECT_EQ(str(ob[0], "boundParties"), "[\"belarus\",\"russia\"]");
  // The sentence carries an obligation, so Zakharova is not also a statement's speaker.
  EXPECT_TRUE(
      of_type("Zakharova said that only an aggressor would object to the Union State Treaty "
              "between Belarus and Russia on assistance in case of an attack.",
              "statement")
          .empty());
}

TEST(Discourse, ContextObligationsNeedATreatyAConditionAndNoNegation) {
  // No treaty anywhere in the article.
  EXPECT_TRUE(
      of_type("Neighbours offered assistance in the event of floods.", "obligation").empty());
  // A negated provision.
  EXPECT_TRUE(of_type("The Union State Treaty was renewed. It gives no assistance in the event of "
                      "a cyber attack.",
                      "obligation")
                  .empty());
  // "help" is no provision noun: commentary on words, not a clause.
  EXPECT_TRUE(of_type("The Union State Treaty was renewed. Lukashenko's remarks about help in the "
                      "event of war were vague.",
                      "obligation")
                  .empty());
}

TEST(Discourse, JointPromiseBindsThePromisersStateAndThePartner) {
  auto ob = of_type(
      "Putin and Lukashenko discussed the Union State Treaty. Lukashenko criticised the new "
      "tariffs. He also pledged to counter sanctions together with Russia.",
      "obligation");
  ASSERT_EQ(ob.size(), 1u);
  EXPECT_EQ(str(ob[0], "treaty"), "union-state-treaty");
  EXPECT_EQ(str(ob[0], "obligationType"), "joint_countering_of_sanctions");
  EXPECT_EQ(str(ob[0], "boundParties"), "[\"belarus\",\"russia\"]");
  EXPECT_EQ(str(ob[0], "modality"), "pledged to");
  // Without a commitment (no modality, no condition) a joint action is no obligation; a promise
  // that is not joint needs the treaty in its sentence.
  EXPECT_TRUE(of_type("The Union State Treaty was renewed. Last year Belarus did oppose sanctions "
                      "together with Russia.",
                      "obligation")
                  .empty());
  EXPECT_TRUE(
      of_type("The Union State Treaty was renewed. Lukashenko promised to oppose sanctions.",
              "obligation")
          .empty());
}

// ---- statements ----

TEST(Discourse, SourceIsTheSpeakerOnlyWithoutAVerbSpeaker) {
  auto st = of_type("The pact is a step towards a common army, according to Reuters.", "statement");
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(str(st[0], "speaker"), "reuters");
  EXPECT_EQ(str(st[0], "rule"), "statement.source");
  st =
      of_type("Putin said on Monday that the pact is defensive, as noted by Reuters.", "statement");
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(str(st[0], "speaker"), "vladimir-putin");
  // A possessive owner is not the source: the ministry is.
  st = of_type("Minsk may host the drills, as noted by Belarus's Foreign Ministry.", "statement");
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(str(st[0], "speaker"), "belarus-foreign-ministry");
  // With another fact in the sentence the source is only its attribution.
  EXPECT_TRUE(
      of_type("According to Reuters, the State Duma ratified the security pact on 3 May 2023.",
              "statement")
          .empty());
  // A source that names no entity gives nothing.
  EXPECT_TRUE(
      of_type("The pact is a step towards a common army, according to officials.", "statement")
          .empty());
}

TEST(Discourse, OneStatementPerSpeakerPerSentence) {
  auto st =
      of_type("Zakharova called the drills a provocation and added that \"Minsk will answer.\"",
              "statement");
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(str(st[0], "speaker"), "maria-zakharova");
}

TEST(Discourse, CoordinatedStatesSpeakOneStatementEach) {
  auto st =
      of_type("Poland, Lithuania, and other neighbours have expressed concerns over the drills.",
              "statement");
  EXPECT_EQ(speakers(st), (std::vector<std::string>{"poland", "lithuania"}));
  EXPECT_NE(str(st[0], "id"), str(st[1], "id"));
  EXPECT_EQ(str(st[1], "event"), "statement.lithuania._");
  // A state of mind is no speech act; a list that is not the verb's subject speaks for no one.
  EXPECT_TRUE(of_type("Poland and Lithuania are concerned about the drills.", "statement").empty());
  EXPECT_EQ(speakers(of_type("Poland and Lithuania border Belarus, where Lukashenko has expressed "
                             "concerns.",
                             "statement")),
            (std::vector<std::string>{"alexander-lukashenko"}));
}

TEST(Discourse, OpinionVerbsAndParenthesisedAcronyms) {
  auto st = of_type(
      "The drills are a rehearsal, analysts at the Institute of Strategic Studies (ISS) believe.",
      "statement");
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(str(st[0], "speaker"), "institute-of-strategic-studies");
  st = of_type("Lukashenko considers the Union State Treaty a guarantee.", "statement");
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(str(st[0], "about"), "union-state-treaty");
  EXPECT_TRUE(of_type("Experts believe that the drills are a rehearsal.", "statement").empty());
}

}  // namespace
}  // namespace treatykg::extract
