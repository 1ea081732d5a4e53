// Dates, quantities, attribution and the gazetteer on phrasings that are not in the seed articles.

#include <gtest/gtest.h>

#include <algorithm>

#include "fixture.hpp"

namespace treatykg::extract {
namespace {

using testing::small_extractor;

struct D {
  std::string value, precision, text;
};

std::vector<D> dates(std::string_view s, std::string_view pub = "2025-02-05") {  // a Wednesday
  std::vector<D> out;
  for (const auto& d : small_extractor().dates(s, pub))
    out.push_back({d.value, d.precision, d.text});
  return out;
}

::testing::AssertionResult one_date(std::string_view s, const std::string& value,
                                    const std::string& precision,
                                    std::string_view pub = "2025-02-05") {
  auto ds = dates(s, pub);
  if (ds.size() != 1)
    return ::testing::AssertionFailure() << ds.size() << " dates in '" << s << "'";
  if (ds[0].value != value || ds[0].precision != precision)
    return ::testing::AssertionFailure() << "'" << s << "' -> " << ds[0].value << " ("
                                         << ds[0].precision << ") text '" << ds[0].text << "'";
  return ::testing::AssertionSuccess();
}

TEST(Dates, FullAndPartial) {
  EXPECT_TRUE(one_date("The deal was signed on 3 March 2023 in Minsk.", "2023-03-03", "day"));
  EXPECT_TRUE(one_date("It was signed on the 2nd of October.", "2024-10-02",
                       "day"));  // later than publication: last year
  EXPECT_TRUE(one_date("Talks resumed on January 28.", "2025-01-28", "day"));
  EXPECT_TRUE(one_date("Talks resumed on September 9, 2021, in Geneva.", "2021-09-09", "day"));
  EXPECT_TRUE(one_date("Troops arrived in August 2022.", "2022-08", "month"));
  EXPECT_TRUE(one_date("It was ratified in 1998.", "1998", "year"));
  EXPECT_TRUE(one_date("By late January, shipments had stopped.", "2025-01", "month"));
  EXPECT_TRUE(one_date("They met in March last year.", "2024-03", "month"));
  EXPECT_TRUE(one_date("Deliveries began at the beginning of October.", "2025-10", "month"));
}

TEST(Dates, RelativeToPublication) {
  EXPECT_TRUE(one_date("The Pentagon said on Monday that it knew.", "2025-02-03", "day"));
  EXPECT_TRUE(one_date("On Wednesday the parliament voted.", "2025-02-05",
                       "day"));  // the publication day itself
  EXPECT_TRUE(one_date("Officials said last Friday that ...", "2025-01-31", "day"));
  EXPECT_TRUE(one_date("The law was passed yesterday.", "2025-02-04", "day"));
  EXPECT_TRUE(one_date("Last month, the two sides met.", "2025-01", "month"));
  EXPECT_TRUE(one_date("Earlier this year the pact was signed.", "2025", "year"));
  // Jan 27 - Feb 2 straddles two months: only the year is known.
  EXPECT_TRUE(one_date("Last week the Duma voted.", "2025", "year"));
  EXPECT_TRUE(one_date("Last week the Duma voted.", "2025-03", "month", "2025-03-20"));
  EXPECT_TRUE(one_date("Shipments have continued since September last year.", "2024-09", "month"));
  EXPECT_TRUE(one_date("Currently, some troops remain.", "2025-02-05", "day"));
}

TEST(Dates, UnresolvedWithoutPublicationDate) {
  auto ds = dates("The Pentagon said on Monday that it knew.", "");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].precision, "unresolved");
  EXPECT_EQ(ds[0].value, "");
  EXPECT_EQ(ds[0].text, "Monday");
  auto partial = dates("Talks resumed on January 28.", "");
  ASSERT_EQ(partial.size(), 1u);
  EXPECT_EQ(partial[0].precision, "unresolved");
  // A full date needs no publication date.
  EXPECT_TRUE(one_date("It was signed on 3 March 2023.", "2023-03-03", "day", ""));
}

TEST(Dates, Negatives) {
  EXPECT_TRUE(dates("Russia may send more troops.").empty());         // "may" the verb
  EXPECT_TRUE(dates("They fired 2023 shells at the town.").empty());  // a count, not a year
  EXPECT_TRUE(dates("The March of the Volunteers was played.").size() <= 1);
  EXPECT_TRUE(dates("He spoke for 45 minutes.").empty());
}

struct Q {
  std::int64_t count;
  std::optional<std::int64_t> max;
  std::string qualifier, unit;
};

std::vector<Q> quantities(std::string_view s) {
  std::vector<Q> out;
  for (const auto& q : small_extractor().quantities(s))
    out.push_back({q.count, q.count_max, q.qualifier, q.unit});
  return out;
}

TEST(Quantities, QualifiersFromTheContract) {
  auto q = quantities("Officials said up to 3,000 soldiers were sent.");
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].count, 3000);
  EXPECT_EQ(q[0].qualifier, "at_most");
  EXPECT_EQ(q[0].unit, "soldiers");
  EXPECT_EQ(quantities("some 1,500 special forces")[0].qualifier, "approx");
  EXPECT_EQ(quantities("some 1,500 special forces")[0].unit, "special forces");
  EXPECT_EQ(quantities("nearly 700 troops")[0].qualifier, "approx");
  EXPECT_EQ(quantities("roughly 40 howitzers")[0].qualifier, "approx");
  EXPECT_EQ(quantities("at least 200 tanks")[0].qualifier, "at_least");
  EXPECT_EQ(quantities("more than 11,000 soldiers")[0].qualifier, "at_least");
  EXPECT_EQ(quantities("as many as 8,000 troops")[0].qualifier, "at_most");
  EXPECT_EQ(quantities("exactly 1,200 troops")[0].qualifier, "exact");
  EXPECT_EQ(quantities("1,200 troops")[0].count, 1200);
}

TEST(Quantities, RangesAndWords) {
  auto r = quantities("between 2,000 and 4,000 troops");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].qualifier, "range");
  EXPECT_EQ(r[0].count, 2000);
  EXPECT_EQ(r[0].max, 4000);
  auto d = quantities("10,000-12,000 soldiers");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].count, 10000);
  EXPECT_EQ(d[0].max, 12000);
  auto f = quantities("from 5,000 to 7,000 troops");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].qualifier, "range");
  EXPECT_EQ(f[0].max, 7000);
  EXPECT_EQ(quantities("five million shells")[0].count, 5000000);
  EXPECT_EQ(quantities("2.5 million rounds")[0].count, 2500000);
  EXPECT_EQ(quantities("twenty-five drones")[0].count, 25);
  EXPECT_EQ(quantities("a dozen missiles")[0].count, 12);
  auto v = quantities("dozens of drones");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].qualifier, "at_least");
  EXPECT_EQ(v[0].unit, "drones");
  EXPECT_EQ(quantities("tens of thousands of troops")[0].count, 20000);
  EXPECT_EQ(quantities("hundreds of thousands of soldiers")[0].count, 200000);
  EXPECT_EQ(quantities("thousands of troops")[0].count, 2000);
}

TEST(Quantities, Negatives) {
  EXPECT_TRUE(quantities("It received F-16 jets and Su-27 fighters.").empty());
  EXPECT_TRUE(quantities("The treaty was signed in June 2024.").empty());
  auto q = quantities("It has 3 options.");
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].unit, "");  // a count without a troop or arms unit
}

TEST(Attribution, Phrasings) {
  auto& ex = small_extractor();
  using V = std::vector<std::string>;
  EXPECT_EQ(ex.attribution("The Pentagon said on Monday that 3,000 troops had arrived."),
            V{"pentagon"});
  EXPECT_EQ(ex.attribution("About 3,000 troops had arrived, according to Reuters."), V{"reuters"});
  EXPECT_EQ(ex.attribution("The figure was reported by Reuters on Friday."), V{"reuters"});
  EXPECT_EQ(ex.attribution("Ukrainian intelligence estimates that 1,000 troops are there."),
            V{"ukraine"});
  EXPECT_EQ(ex.attribution("Russia's intelligence believes the opposite."), V{"russia"});
  EXPECT_EQ(ex.attribution(
                "Intelligence reports from the US, Ukraine and Belarus estimate 5,000 troops."),
            (V{"united-states", "ukraine", "belarus"}));
  EXPECT_EQ(ex.attribution("Belarus and Russia confirmed the figure."), (V{"belarus", "russia"}));
  EXPECT_TRUE(ex.attribution("Experts believe that 3,000 troops are there.").empty());
  EXPECT_TRUE(ex.attribution("Russia sent 3,000 troops.").empty());
}

TEST(Gazetteer, VariantsAndLongestMatch) {
  auto& ex = small_extractor();
  using V = std::vector<std::string>;
  EXPECT_EQ(ex.entities("Kim Jong-un met KIM JONG UN and kim jong un."),
            (V{"kim-jong-un", "kim-jong-un", "kim-jong-un"}));
  EXPECT_EQ(ex.entities("Russia\xE2\x80\x99s army and the Russian Federation's navy."),
            (V{"russia", "russia"}));
  EXPECT_EQ(ex.entities("North Korea, not Korea."), V{"north-korea"});
  EXPECT_EQ(ex.entities("Help us, said the US."), V{"united-states"});  // "US" is case-sensitive
  EXPECT_EQ(ex.entities("The State Duma voted."), V{"duma"});
}

TEST(Gazetteer, CaseFoldedWordsAnywhereInTheText) {
  // Words not in lower case are folded 8 bytes at a time where the text goes on for 8 bytes past
  // them, byte by byte near its end: both give the same normal form, at any length and mix of case.
  auto& ex = small_extractor();
  using V = std::vector<std::string>;
  EXPECT_EQ(
      ex.entities("ALEXANDER LUKASHENKO and aLeXaNdEr LuKaShEnKo were in MINSK, with "
                  "\xD0\x9A\xD0\x98\xD0\x9C and alexander lukashenko and Alexander LUKASHENKO"),
      (V{"alexander-lukashenko", "alexander-lukashenko", "minsk", "alexander-lukashenko",
         "alexander-lukashenko"}));
  EXPECT_EQ(ex.entities("LUKASHENKO"), V{"alexander-lukashenko"});
  EXPECT_EQ(ex.entities("THE STATE DUMA OF THE RUSSIAN FEDERATION"), (V{"duma", "russia"}));
}

TEST(Gazetteer, CapitalMetonymy) {
  auto& ex = small_extractor();
  using V = std::vector<std::string>;
  EXPECT_EQ(ex.entities("Pyongyang confirmed the deployment."), V{"north-korea"});
  EXPECT_EQ(ex.entities("The talks were held in Pyongyang."), V{"pyongyang"});
  EXPECT_EQ(ex.entities("Minsk denied it, but the summit in Minsk went ahead."),
            (V{"belarus", "minsk"}));
}

}  // namespace
}  // namespace treatykg::extract
