// Fact builders end to end on small made-up articles (not the seeds): fields, negative cases,
// offsets with non-ASCII text before the span, determinism and concurrent use.

#include <gtest/gtest.h>

#include <thread>

#include "base/utf8.hpp"
#include "extract/jsonl.hpp"
#include "facts/fact.hpp"
#include "fixture.hpp"
#include "json_value.hpp"

namespace treatykg::extract {
namespace {

using facts::Value;

text::Document doc(std::string body, std::string published = "2025-02-05") {
  text::Document d;
  d.id = "t1";
  d.body = std::move(body);
  d.published = std::move(published);
  d.language = "en";
  return d;
}

std::vector<Value> run(const text::Document& d) {
  DiagnosticSink sink;
  return testing::small_extractor().run(d, sink);
}

std::vector<Value> of_type(const std::vector<Value>& records, const std::string& type) {
  std::vector<Value> out;
  for (const auto& r : records)
    if (r.find("type")->as_string() == type) out.push_back(r);
  return out;
}

std::string str(const Value& r, const char* field) {
  const Value* v = r.find(field);
  if (!v) return "-";
  if (v->is_string()) return v->as_string();
  if (v->is_object() && v->find("value")) return v->find("value")->as_string();
  return facts::to_json(*v);
}

TEST(Facts, TroopDeploymentWithOutletWording) {
  auto r = run(doc(
      "The Pentagon said on Monday that up to 3,000 North Korean soldiers had been deployed to the "
      "Belgorod region."));
  auto t = of_type(r, "troop_deployment");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(str(t[0], "from"), "north-korea");
  EXPECT_EQ(str(t[0], "to"), "russia");  // the region lies in Russia
  EXPECT_EQ(str(t[0], "location"), "belgorod-oblast");
  EXPECT_EQ(t[0].find("count")->as_int(), 3000);
  EXPECT_EQ(str(t[0], "qualifier"), "at_most");
  EXPECT_EQ(str(t[0], "unit"), "soldiers");
  EXPECT_EQ(str(t[0], "attributedTo"), "[\"pentagon\"]");
  EXPECT_EQ(str(t[0], "event"), "troop_deployment.north-korea.russia");
  EXPECT_FALSE(t[0].find("hedged")->as_bool());
  // The sentence carries a deployment, so the Pentagon is only its attribution, not a statement
  // (a statement is a said sentence with no other fact type).
  EXPECT_TRUE(of_type(r, "statement").empty());
  auto s = of_type(run(doc("The Pentagon said on Monday that the talks had stalled.")), "statement");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(str(s[0], "speaker"), "pentagon");
  EXPECT_EQ(str(s[0], "date"), "2025-02-03");
}

TEST(Facts, DeploymentFromAndHedge) {
  auto t = of_type(run(doc("Some 1,500 Russian special forces have reportedly been sent to "
                           "Belarus, according to Reuters.")),
                   "troop_deployment");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(str(t[0], "from"), "russia");
  EXPECT_EQ(str(t[0], "to"), "belarus");
  EXPECT_EQ(str(t[0], "qualifier"), "approx");
  EXPECT_TRUE(t[0].find("hedged")->as_bool());
  EXPECT_EQ(str(t[0], "attributedTo"), "[\"reuters\"]");
  auto r2 = of_type(
      run(doc("Belarus deployed between 4,000 and 6,000 troops to Russia in March last year.")),
      "troop_deployment");
  ASSERT_EQ(r2.size(), 1u);
  EXPECT_EQ(str(r2[0], "qualifier"), "range");
  EXPECT_EQ(r2[0].find("countMax")->as_int(), 6000);
  EXPECT_EQ(str(r2[0], "asOf"), "2024-03");
}

TEST(Facts, WireServiceWording) {
  auto r = run(doc(
      "WASHINGTON (Reuters) - Belarus has sent an estimated 3,000 troops to Russia, the Pentagon "
      "said "
      "on Monday.\nAbout 1,100 Belarusian troops have been deployed to Russia's Belgorod region, "
      "according to U.S. officials."));
  auto t = of_type(r, "troop_deployment");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(str(t[0], "from"), "belarus");  // not the dateline's city, not a source
  EXPECT_EQ(str(t[0], "to"), "russia");
  EXPECT_EQ(str(t[0], "qualifier"), "approx");
  EXPECT_EQ(str(t[0], "attributedTo"), "[\"pentagon\"]");
  EXPECT_EQ(str(t[1], "from"), "belarus");
  EXPECT_EQ(str(t[1], "to"), "russia");
  EXPECT_EQ(str(t[1], "location"), "belgorod-oblast");
  EXPECT_EQ(str(t[1], "attributedTo"), "[\"united-states\"]");
  bool dateline_city = false;
  for (const auto& e : of_type(r, "entity"))
    if (str(e, "entity") == "washington") dateline_city = true;
  EXPECT_TRUE(dateline_city);
}

TEST(Facts, CapacityNegationAndNoNumberAreNotDeployments) {
  EXPECT_TRUE(of_type(run(doc("Belarus can send between 10,000 and 20,000 troops to Russia.")),
                      "troop_deployment")
                  .empty());
  EXPECT_TRUE(
      of_type(run(doc("Russia is able to deploy 50,000 soldiers to Belarus.")), "troop_deployment")
          .empty());
  EXPECT_TRUE(
      of_type(run(doc("Minsk has not sent 5,000 troops to Russia.")), "troop_deployment").empty());
  EXPECT_TRUE(
      of_type(run(doc("North Korean troops were sent to Russia.")), "troop_deployment").empty());
  EXPECT_TRUE(
      of_type(run(doc("Russia sent 12 diplomats to Belarus.")), "troop_deployment").empty());
}

TEST(Facts, ArmsTransfer) {
  auto a = of_type(run(doc("Since October 2023, North Korea has delivered more than 2 million "
                           "artillery shells to Russia, "
                           "US officials said.")),
                   "arms_transfer");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(str(a[0], "supplier"), "north-korea");
  EXPECT_EQ(str(a[0], "recipient"), "russia");
  EXPECT_EQ(str(a[0], "item"), "artillery shells");
  EXPECT_EQ(a[0].find("count")->as_int(), 2000000);
  EXPECT_EQ(str(a[0], "qualifier"), "at_least");
  EXPECT_EQ(str(a[0], "since"), "2023-10");
  // "could supply" is a hedge (issue 4), not a capacity: a hedged transfer, the capital standing
  // for its state; "can supply" is a capacity and gives none.
  auto h = of_type(run(doc("Pyongyang could supply up to 3 million shells to Moscow.")),
                   "arms_transfer");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(str(h[0], "supplier"), "north-korea");
  EXPECT_EQ(h[0].find("count")->as_int(), 3000000);
  EXPECT_EQ(str(h[0], "qualifier"), "at_most");
  EXPECT_TRUE(h[0].find("hedged")->as_bool());
  EXPECT_TRUE(
      of_type(run(doc("Pyongyang can supply up to 3 million shells to Moscow.")), "arms_transfer")
          .empty());
  // Coordinated quantities are separate transfers; the recipient stays unbound when unnamed.
  auto two = of_type(run(doc("Belarus could supply some 400 drones and dozens of rockets.")),
                     "arms_transfer");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(str(two[0], "item"), "drones");
  EXPECT_EQ(str(two[1], "item"), "rockets");
  EXPECT_EQ(two[1].find("recipient"), nullptr);
  EXPECT_EQ(two[1].find("count"), nullptr);
  EXPECT_TRUE(
      of_type(run(doc("North Korea will keep supplying ammunition.")), "arms_transfer").empty());
}

TEST(Facts, TreatyEvents) {
  auto r =
      run(doc("Russia and Belarus signed the Minsk Security Pact in Minsk on 3 March 2023. "
              "The State Duma ratified the security pact on 14 April 2023. "
              "The pact entered into force on 1 July 2023 after the exchange of instruments of "
              "ratification in Minsk. "
              "Under the agreement, both parties must provide military assistance in the event of "
              "an attack on either party. "
              "The security pact replaced the Treaty of Eternal Friendship of 1995."));
  auto s = of_type(r, "signing");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(str(s[0], "treaty"), "minsk-security-pact");
  EXPECT_EQ(str(s[0], "date"), "2023-03-03");
  EXPECT_EQ(str(s[0], "place"), "minsk");
  EXPECT_EQ(str(s[0], "signatories"), "[\"belarus\",\"russia\"]");
  auto rat = of_type(r, "ratification");
  ASSERT_EQ(rat.size(), 1u);
  EXPECT_EQ(str(rat[0], "party"), "russia");
  EXPECT_EQ(str(rat[0], "by"), "duma");
  EXPECT_EQ(str(rat[0], "date"), "2023-04-14");
  EXPECT_EQ(str(rat[0], "event"), "ratification.minsk-security-pact.russia");
  auto eif = of_type(r, "entry_into_force");
  ASSERT_EQ(eif.size(), 1u);
  EXPECT_EQ(str(eif[0], "date"), "2023-07-01");
  auto ex = of_type(r, "exchange_of_instruments");
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_EQ(str(ex[0], "place"), "minsk");
  auto ob = of_type(r, "obligation");
  ASSERT_EQ(ob.size(), 1u);
  EXPECT_EQ(str(ob[0], "obligationType"), "mutual_military_assistance");
  EXPECT_EQ(str(ob[0], "boundParties"), "[\"belarus\",\"russia\"]");
  EXPECT_EQ(str(ob[0], "modality"), "must");
  EXPECT_EQ(str(ob[0], "trigger"), "an attack on either party");  // the condition, marker left out
  auto rep = of_type(r, "replaced_agreement");
  ASSERT_EQ(rep.size(), 1u);
  EXPECT_EQ(str(rep[0], "replaced"), "treaty-of-eternal-friendship");
  EXPECT_EQ(str(rep[0], "replacedYear"), "1995");
  // The new treaty is an entity of class Treaty.
  bool found = false;
  for (const auto& e : of_type(r, "entity"))
    if (str(e, "entity") == "treaty-of-eternal-friendship") found = str(e, "class") == "Treaty";
  EXPECT_TRUE(found);
}

TEST(Facts, FutureAndDecreesAreNotEvents) {
  auto r = run(doc(
      "The security pact will enter into force after the exchange of instruments of ratification. "
      "Lukashenko signed a decree on the pact."));
  EXPECT_TRUE(of_type(r, "entry_into_force").empty());
  EXPECT_TRUE(of_type(r, "exchange_of_instruments").empty());
  EXPECT_TRUE(of_type(r, "signing").empty());
}

TEST(Facts, TreatyShapedNamesAndMeetings) {
  auto r = run(doc(
      "Putin and Lukashenko met in Minsk on January 28 to discuss the Treaty on Open Skies and the "
      "Northern Declaration."));
  auto m = of_type(r, "treaty_mention");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(str(m[0], "treaty"), "treaty-on-open-skies");
  EXPECT_EQ(str(m[1], "treaty"), "northern-declaration");
  auto meet = of_type(r, "meeting");
  ASSERT_EQ(meet.size(), 1u);
  EXPECT_EQ(str(meet[0], "participants"), "[\"alexander-lukashenko\",\"vladimir-putin\"]");
  EXPECT_EQ(str(meet[0], "date"), "2025-01-28");
  EXPECT_EQ(str(meet[0], "place"), "minsk");
  EXPECT_EQ(str(meet[0], "event"), "meeting.alexander-lukashenko.vladimir-putin.2025-01-28");
}

TEST(Facts, RecordOrderAndArticleRecord) {
  text::Document d = doc("Russia sent 2,000 troops to Belarus.");
  d.title = "T";
  auto r = run(d);
  ASSERT_GE(r.size(), 4u);
  EXPECT_EQ(str(r[0], "type"), "article");
  EXPECT_EQ(str(r[0], "published"), "2025-02-05");
  EXPECT_EQ(r[0].find("chars")->as_int(), 36);
  EXPECT_EQ(str(r[1], "type"), "entity");
  EXPECT_EQ(str(r[2], "type"), "entity");
  EXPECT_EQ(str(r.back(), "type"), "troop_deployment");
  EXPECT_EQ(str(r.back(), "schema"), std::string(facts::kSchema));
  EXPECT_EQ(str(r.back(), "id"), "t1.troop_deployment.12-17");  // the anchor is the number phrase
}

TEST(Facts, OffsetsRoundTripAfterNonAscii) {
  std::string body =
      "Über «Zitat» — 😀 ünïcödé prelude.\n"
      "Публікація\n"
      "Kim Jong-un’s regime sent about 1,000 soldiers to Russia, according to Reuters. Пхеньян. "
      "Belarus ratified the security pact on 3 March 2023.";
  auto d = doc(body);
  auto r = run(d);
  std::u32string b32;
  for (std::size_t i = 0; i < body.size();) b32 += utf8::decode(body, i);
  int facts = 0;
  for (const auto& rec : r) {
    const Value* ev = rec.find("evidence");
    if (!ev) continue;
    ++facts;
    std::string slice;
    for (auto i = ev->find("begin")->as_int(); i < ev->find("end")->as_int(); ++i)
      utf8::append(slice, b32[static_cast<std::size_t>(i)]);
    EXPECT_EQ(slice, ev->find("text")->as_string());
    const Value* an = rec.find("anchor");
    EXPECT_LE(ev->find("begin")->as_int(), an->find("begin")->as_int());
    EXPECT_LE(an->find("end")->as_int(), ev->find("end")->as_int());
  }
  EXPECT_GE(facts, 3);
  auto t = of_type(r, "troop_deployment");
  ASSERT_EQ(t.size(), 1u);
  std::string anchor;
  for (auto i = t[0].find("anchor")->find("begin")->as_int();
       i < t[0].find("anchor")->find("end")->as_int(); ++i)
    utf8::append(anchor, b32[static_cast<std::size_t>(i)]);
  EXPECT_EQ(anchor, "about 1,000");
}

// The JSON Lines written are read back (RapidJSON) into the same values, member order included.
TEST(Facts, JsonLinesRoundTrip) {
  auto r =
      run(doc("Über «Zitat»: Russia sent about 2,000 \"volunteers\" to Belarus,\tReuters said."));
  std::string lines;
  append_jsonl(lines, r);
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < lines.size(); ++n) {
    std::size_t eol = lines.find('\n', pos);
    ASSERT_NE(eol, std::string::npos);
    ASSERT_LT(n, r.size());
    EXPECT_EQ(testing::parse_json(std::string_view(lines).substr(pos, eol - pos)), r[n]);
    pos = eol + 1;
  }
  EXPECT_EQ(n, r.size());
  EXPECT_THROW(testing::parse_json(R"({"a":1} x)"), std::runtime_error);
  EXPECT_EQ(testing::parse_json(R"({"a":1,"a":[2.5,null]})"),
            Value(Value::Object{{"a", Value(Value::Array{Value(2.5), Value()})}}));
}

TEST(Facts, DebrisNeverYieldsFacts) {
  auto r =
      run(doc("Source: Reuters\nPhoto: Russia sent 2,000 troops to Belarus.\n"
              "By staying online, you consent to the use of cookies files about "
              "Russia.\nPublication date\n"));
  EXPECT_EQ(r.size(), 1u);  // the article record only
}

TEST(Facts, RepeatedIdsGetSuffixes) {
  // A list of states opening a sentence makes one statement per state, all on one anchor: one id,
  // so the second gets a suffix. The other sentence's statements have ids of their own.
  auto r =
      run(doc("Russia, Belarus, and Western countries have expressed concerns about the pact. "
              "Russia, Belarus, and Western countries have expressed concerns about it."));
  auto s = of_type(r, "statement");
  std::vector<std::string> ids, speakers;
  for (const auto& f : s) {
    ids.push_back(str(f, "id"));
    speakers.push_back(str(f, "speaker"));
  }
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(ids[1], ids[0] + ".2");
  EXPECT_EQ(ids[3], ids[2] + ".2");
  EXPECT_NE(ids[0], ids[2]);
  EXPECT_EQ(speakers, (std::vector<std::string>{"russia", "belarus", "russia", "belarus"}));
}

TEST(Facts, OneStatementPerSpeakerInASentence) {
  auto s = of_type(run(doc("Putin said the pact was defensive, Lukashenko said it was final, and "
                           "Putin added that it was fair.")),
                   "statement");
  std::vector<std::string> speakers;
  for (const auto& f : s) speakers.push_back(str(f, "speaker"));
  EXPECT_EQ(speakers, (std::vector<std::string>{"vladimir-putin", "alexander-lukashenko"}));
}

TEST(Facts, TriggerInsideOrOverlappingAnotherIsNone) {
  // "ratified" inside "exchange of ratified documents": only the exchange.
  auto r =
      run(doc("Russia and Belarus completed the exchange of ratified documents for the "
              "security pact in Minsk."));
  EXPECT_EQ(of_type(r, "exchange_of_instruments").size(), 1u);
  EXPECT_TRUE(of_type(r, "ratification").empty());
  // "was supported by" and "supported by all", one type: the first only.
  auto rat = of_type(run(doc("The security pact was supported by all deputies of the State Duma.")),
                     "ratification");
  ASSERT_EQ(rat.size(), 1u);
  EXPECT_EQ(rat[0].find("rule")->as_string(), "ratification.endorsed");
  EXPECT_EQ(rat[0].find("anchor")->find("begin")->as_int(), 18);  // "was supported by"
  EXPECT_EQ(rat[0].find("anchor")->find("end")->as_int(), 34);
}

TEST(Facts, CuesAroundOneTrigger) {
  // A unit's cues are looked for only when it has a hit of their set: each of these sentences has
  // the one that decides.
  auto signing = [](const std::string& s) { return of_type(run(doc(s)), "signing"); };
  auto plain = signing("Russia and Belarus signed the security pact in Minsk.");
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_FALSE(plain[0].find("hedged")->as_bool());
  EXPECT_EQ(str(plain[0], "place"), "minsk");
  EXPECT_TRUE(signing("Russia and Belarus did not sign the security pact.").empty());
  EXPECT_TRUE(signing("Russia and Belarus will sign the security pact.").empty());
  EXPECT_TRUE(signing("Russia and Belarus can sign the security pact.").empty());
  auto hedged = signing("Russia and Belarus reportedly signed the security pact.");
  ASSERT_EQ(hedged.size(), 1u);
  EXPECT_TRUE(hedged[0].find("hedged")->as_bool());
}

TEST(Facts, EntityOnlyReferredToHasARecord) {
  // Russia is never named: it is the party the Duma ratifies for, so its entity record is there;
  // Belarus, a party of the pact that no fact refers to, has none.
  auto r = run(doc("The State Duma ratified the Minsk Security Pact on Tuesday."));
  std::vector<std::string> entities;
  for (const auto& e : of_type(r, "entity")) entities.push_back(str(e, "entity"));
  EXPECT_NE(std::find(entities.begin(), entities.end(), "russia"), entities.end());
  EXPECT_EQ(std::find(entities.begin(), entities.end(), "belarus"), entities.end());
  auto rat = of_type(r, "ratification");
  ASSERT_EQ(rat.size(), 1u);
  EXPECT_EQ(str(rat[0], "party"), "russia");
}

TEST(Facts, EmptyArticleWarns) {
  DiagnosticSink sink;
  auto r = testing::small_extractor().run(doc("  \n"), sink);
  EXPECT_EQ(r.size(), 1u);
  EXPECT_EQ(sink.count(Severity::kWarning), 1u);
}

TEST(Facts, DeterministicAndThreadSafe) {
  std::string body;
  for (int i = 0; i < 50; ++i)
    body += "Russia sent about " + std::to_string(1000 + i) +
            " soldiers to Belarus on Monday, the Pentagon said. "
            "Kim Jong Un met Putin in Pyongyang. ";
  auto d = doc(body);
  std::string expected;
  append_jsonl(expected, run(d));
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int k = 0; k < 5; ++k) {
        std::string s;
        append_jsonl(s, run(d));
        got[static_cast<std::size_t>(t)] = s;
      }
    });
  for (auto& th : threads) th.join();
  for (const auto& g : got) EXPECT_EQ(g, expected);
}

TEST(Facts, PathologicalInputDoesNotCrash) {
  std::string body(2u << 20, 'a');  // one 2 MB "word"
  body += " 12,000 soldiers ";
  for (int i = 0; i < 20000; ++i) body += "1,000-";
  body += "\n\xE2\x80\xA2\n\"\"\"\n- \n";
  EXPECT_NO_THROW(run(doc(body)));
}

}  // namespace
}  // namespace treatykg::extract

namespace treatykg::extract {
namespace {

TEST(Facts, EmptyLexiconAndNoRulesStillWork) {
  Extractor bare(Lexicon{}, RuleSet::parse_string("", "empty.rules"));
  DiagnosticSink sink;
  text::Document d;
  d.id = "x";
  d.body = "The Treaty on Open Skies was signed on 3 March 2023. Russia sent 2,000 troops.";
  auto r = bare.run(d, sink);
  ASSERT_EQ(r.size(), 1u);  // no cue sets: no treaty heads, no triggers, no entities
  Extractor rules_only(Lexicon{},
                       RuleSet::load_dir(std::string(TREATYKG_SOURCE_DIR) + "/mappings/rules"));
  auto r2 = rules_only.run(d, sink);
  EXPECT_GE(r2.size(), 3u);  // article, the new treaty entity, its mention, its signing
}

}  // namespace
}  // namespace treatykg::extract

namespace treatykg::extract {
namespace {

TEST(Facts, FiftyMegabyteSingleLine) {
  // One 50 MB line without a line break: the segmenter cuts it into bounded units, so extraction
  // stays linear; it must finish, give the right length and not crash.
  text::Document d;
  d.id = "big";
  d.published = "2025-02-05";
  std::string filler;
  while (filler.size() < 8000)
    filler += "the market was quiet and prices of grain stayed where they were ";
  const std::string fact =
      "Officials in Minsk said on Monday that 1,200 Russian soldiers had been sent to Belarus. ";
  d.body.reserve((50u << 20) + filler.size() + fact.size());
  while (d.body.size() < (50u << 20)) d.body += filler + fact;
  DiagnosticSink sink;
  auto r = testing::small_extractor().run(d, sink);
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0].find("chars")->as_int(), static_cast<std::int64_t>(d.body.size()));
  std::size_t deployments = 0;
  for (const auto& rec : r)
    if (rec.find("type")->as_string() == "troop_deployment") ++deployments;
  EXPECT_GT(deployments, 5000u);
}

}  // namespace
}  // namespace treatykg::extract
