// Units (sentences, headings, bullets, debris) and tokens.

#include "text/segment.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace treatykg::text {
namespace {

std::vector<std::string> texts(std::string_view body, const Segmenter& seg = Segmenter()) {
  std::vector<std::string> out;
  for (const auto& u : seg.split(body)) out.emplace_back(body.substr(u.begin, u.end - u.begin));
  return out;
}

TEST(Segmenter, AbbreviationsDecimalsAndQuotes) {
  auto t = texts(
      "The U.S. Army said Gen. Smith met Dr. Lee at No. 10 on Monday. Output rose 3.5 percent. "
      "He called it \"historic.\" Then he left! Did it work? Yes.");
  ASSERT_EQ(t.size(), 6u) << ::testing::PrintToString(t);
  EXPECT_EQ(t[0], "The U.S. Army said Gen. Smith met Dr. Lee at No. 10 on Monday.");
  EXPECT_EQ(t[1], "Output rose 3.5 percent.");
  EXPECT_EQ(t[2], "He called it \"historic.\"");
  EXPECT_EQ(t[5], "Yes.");
}

// The abbreviation lookup first rules words out by length and first letter; every word must still
// be an abbreviation exactly when its lower case is in the list.
TEST(Segmenter, AbbreviationLookupMatchesTheList) {
  SegmentOptions options;
  options.abbreviations = {"qz", "Qrs", "zeta", "blvdxyz", "longabbrev", "b"};
  const Segmenter seg(options);
  const std::vector<std::string> listed = {"qz", "qrs", "zeta", "blvdxyz", "longabbrev", "b"};
  const std::vector<std::string> words = {
      "qz",         "QZ",         "Qz", "qrs", "QRS", "zeta", "Zeta",  "blvdxyz", "BlvdXYZ",
      "longabbrev", "LongAbbrev", "qy", "rz",  "qzz", "q",    "zet",   "zetas",   "blvdxyy",
      "longabbrex", "b",          "c",  "cat", "dog", "(qz",  "\"zeta"};
  for (const auto& w : words) {
    const std::string body = "See " + w + ". Next one here.";
    std::string lower;
    for (const char c : w)
      if (c != '(' && c != '"') lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    const bool listed_word = std::find(listed.begin(), listed.end(), lower) != listed.end();
    EXPECT_EQ(texts(body, seg).size(), listed_word ? 1u : 2u) << w;
  }
}

TEST(Segmenter, LinesHeadingsAndBullets) {
  Segmenter seg;
  std::string body =
      "Points of attention\n\n  \xE2\x80\xA2 First point. Second point.\n- Dash bullet here.\nA "
      "sentence.";
  auto units = seg.split(body);
  ASSERT_EQ(units.size(), 5u);
  EXPECT_EQ(units[0].kind, UnitKind::kHeading);
  EXPECT_EQ(units[1].kind, UnitKind::kBullet);
  EXPECT_EQ(body.substr(units[1].begin, units[1].end - units[1].begin), "First point.");
  EXPECT_EQ(units[2].kind, UnitKind::kBullet);
  EXPECT_EQ(units[3].kind, UnitKind::kBullet);
  EXPECT_EQ(units[4].kind, UnitKind::kSentence);
}

// Every bullet mark, and lines that open with a mark's first byte or the mark without a blank.
TEST(Segmenter, EveryBulletMark) {
  Segmenter seg;
  const std::string marks[] = {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x96\xAA", "\xE2\x97\x8F", "-", "*",
                               "\xE2\x80\x93"};
  for (const auto& mark : marks) {
    const std::string body = mark + " The first point is made. Another follows.";
    const auto units = seg.split(body);
    ASSERT_EQ(units.size(), 2u) << mark;
    EXPECT_EQ(units[0].kind, UnitKind::kBullet) << mark;
    EXPECT_EQ(body.substr(units[0].begin, units[0].end - units[0].begin),
              "The first point is made.");
    EXPECT_EQ(seg.split(mark + "The point is made here. Another follows.")[0].kind,
              UnitKind::kSentence)
        << mark;
  }
  // An em dash and a non-breaking space open with a bullet's first byte but are none.
  for (const std::string open : {"\xE2\x80\x94 ", "\xC2\xA0x "})
    EXPECT_EQ(seg.split(open + "The point is made here. Another follows.")[0].kind,
              UnitKind::kSentence);
}

TEST(Segmenter, DebrisByCueAndByScript) {
  SegmentOptions o;
  o.debris.line_equals = {"Publication date"};
  o.debris.line_prefixes = {"photo:", "source:"};
  o.debris.line_contains = {"use of cookies"};
  Segmenter seg(o);
  std::string body =
      "Publication date\nPhoto: Reuters/Someone\nSource: Some Outlet\n"
      "We care about the use of cookies on this site.\n\xD0\x9F\xD1\x83\xD1\x82\xD1\x96\xD0\xBD "
      "\xD1\x82\xD0\xB0 "
      "\xD0\x9A\xD1\x96\xD0\xBC\nReal sentence about Moscow.";
  auto units = seg.split(body);
  ASSERT_EQ(units.size(), 6u);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(units[static_cast<std::size_t>(i)].kind, UnitKind::kDebris) << i;
  EXPECT_EQ(units[4].reason, "line in another script");
  EXPECT_EQ(units[5].kind, UnitKind::kSentence);
  EXPECT_NE(units[5].kind, UnitKind::kDebris);
  // A Latin line that quotes one foreign word is not debris.
  EXPECT_EQ(seg.debris_reason(
                "Officials in Kyiv said \xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD1\x96\xD1\x82 twice."),
            "");
}

// Prefix cues are compared on their first 8 bytes first: cues shorter than, as long as and longer
// than 8 bytes, lines shorter than a cue or than 8 bytes, and the first cue in list order winning.
TEST(Segmenter, DebrisPrefixCuesOfEveryLength) {
  SegmentOptions o;
  o.debris.line_prefixes = {"photo:", "see also", "read also", "read also:", "getty images"};
  Segmenter seg(o);
  EXPECT_EQ(seg.debris_reason("Photo: x"), "line starting 'photo:'");
  EXPECT_EQ(seg.debris_reason("PHOTO:"), "line starting 'photo:'");
  EXPECT_EQ(seg.debris_reason("Photo"), "");
  EXPECT_EQ(seg.debris_reason("P"), "");
  EXPECT_EQ(seg.debris_reason("Photos: x"), "");
  EXPECT_EQ(seg.debris_reason("See also"), "line starting 'see also'");
  EXPECT_EQ(seg.debris_reason("See als"), "");
  EXPECT_EQ(seg.debris_reason("See alsO the map"), "line starting 'see also'");
  EXPECT_EQ(seg.debris_reason("Read also: the talks"), "line starting 'read also'");
  EXPECT_EQ(seg.debris_reason("Read alsx: the talks"), "");
  EXPECT_EQ(seg.debris_reason("Getty Images/AFP"), "line starting 'getty images'");
  EXPECT_EQ(seg.debris_reason("Getty Imagex/AFP"), "");
  EXPECT_EQ(seg.debris_reason("Getty Imag"), "");
}

// Whole-line cues are compared only with lines of a cue's length, in any case; a cue of 64 bytes
// or more is still found.
TEST(Segmenter, DebrisLineCuesOfEveryLength) {
  SegmentOptions o;
  const std::string long_cue(70, 'z');
  o.debris.line_equals = {"share", "Read More", long_cue};
  Segmenter seg(o);
  EXPECT_EQ(seg.debris_reason("SHARE"), "line 'share'");
  EXPECT_EQ(seg.debris_reason("read more"), "line 'read more'");
  EXPECT_EQ(seg.debris_reason("shares"), "");
  EXPECT_EQ(seg.debris_reason("Read Mor"), "");
  EXPECT_EQ(seg.debris_reason(std::string(70, 'Z')), "line '" + long_cue + "'");
  EXPECT_EQ(seg.debris_reason(std::string(69, 'z')), "");
}

// Long contains cues are looked for at sampled positions: a cue is found wherever it starts, in any
// case, and the first cue in list order wins; a line of cue fragments is not debris.
TEST(Segmenter, DebrisContainsCueAtEveryOffset) {
  SegmentOptions o;
  o.debris.line_contains = {"all rights reserved", "use of cookies", "cookie policy"};
  Segmenter seg(o);
  for (std::size_t pad = 0; pad < 40; ++pad) {
    const std::string before(pad, 'x');
    EXPECT_EQ(seg.debris_reason(before + "Use Of Cookies"), "line containing 'use of cookies'")
        << pad;
    EXPECT_EQ(seg.debris_reason(before + " our cookie policy applies"),
              "line containing 'cookie policy'")
        << pad;
    EXPECT_EQ(seg.debris_reason("cookie policy, " + before + "ALL RIGHTS RESERVED."),
              "line containing 'all rights reserved'")
        << pad;
    EXPECT_EQ(seg.debris_reason(before + "use of cookie policies, all rights reserve"), "") << pad;
  }
}

TEST(Segmenter, LongLineIsCutLinearly) {
  SegmentOptions o;
  o.max_unit_bytes = 100;
  Segmenter seg(o);
  std::string body;
  for (int i = 0; i < 1000; ++i) body += "word ";
  auto units = seg.split(body);
  EXPECT_GT(units.size(), 40u);
  for (const auto& u : units) EXPECT_LE(u.end - u.begin, 100u);
}

TEST(Tokenize, WordsNumbersAbbrevsPossessives) {
  std::string s =
      "Russia\xE2\x80\x99s 12,000-strong U.S.-led force, 3.5 km; Kim Jong-un's 11th \"F-16\".";
  std::vector<Token> toks;
  tokenize(s, 0, s.size(), toks);
  std::vector<std::string> t;
  for (const auto& k : toks) t.emplace_back(s.substr(k.begin, k.end - k.begin));
  std::vector<std::string> want = {"Russia", "\xE2\x80\x99s",
                                   "12,000", "-",
                                   "strong", "U.S.",
                                   "-",      "led",
                                   "force",  ",",
                                   "3.5",    "km",
                                   ";",      "Kim",
                                   "Jong",   "-",
                                   "un",     "'s",
                                   "11th",   "\"",
                                   "F",      "-",
                                   "16",     "\"",
                                   "."};
  EXPECT_EQ(t, want);
  EXPECT_EQ(toks[2].kind, TokenKind::kNumber);
  EXPECT_EQ(toks[5].kind, TokenKind::kAbbrev);
  EXPECT_TRUE(toks[0].upper);
  EXPECT_FALSE(toks[1].space_before);
}

// Words of ASCII letters take a shorter path: it must end where the general one does (at a
// non-ASCII letter, a dotted abbreviation, the end of the range) and set the same flags.
TEST(Tokenize, AsciiWordsAtTheirEdges) {
  const std::string s =
      "iPhone McDONALD na\xC3\xAFve ab\xC3\xA9 X. U.S. a.b e.g. F16 x1y NATO-led Kim\xE2\x80\x99s "
      "it's\tz";
  std::vector<Token> toks;
  tokenize(s, 0, s.size(), toks);
  std::vector<std::string> text;
  std::string flags;  // kind (w, n, a, p), upper (U/l), space before (s/-), normal (N/-)
  for (const auto& k : toks) {
    text.emplace_back(s.substr(k.begin, k.end - k.begin));
    flags += "wnap"[static_cast<int>(k.kind)];
    flags += k.upper ? 'U' : 'l';
    flags += k.space_before ? 's' : '-';
    flags += k.normal ? 'N' : '-';
    flags += ' ';
  }
  EXPECT_EQ(text, (std::vector<std::string>{"iPhone", "McDONALD", "na\xC3\xAFve", "ab\xC3\xA9", "X",
                                            ".", "U.S.", "a.b", "e.g.", "F16", "x1y", "NATO", "-",
                                            "led", "Kim", "\xE2\x80\x99s", "it", "'s", "z"}));
  EXPECT_EQ(
      flags,
      "wls- wUs- wls- wls- wUs- pl-N aUs- alsN alsN wUs- wlsN wUs- pl-N wl-N wUs- wl-- wlsN wl-N "
      "wlsN ");
}

TEST(Tokenize, IntoRoomMatchesVector) {
  const std::string s =
      "  Russia\xE2\x80\x99s 12,000-strong U.S.-led force, 3.5 km; 'quoted' Kim Jong-un's 11th.\n"
      "a b. c";
  for (std::size_t b = 0; b <= s.size(); ++b)
    for (std::size_t e = b; e <= s.size(); e += 7) {
      std::vector<Token> want;
      tokenize(s, b, e, want);
      std::vector<Token> room(e - b + 1);
      const std::size_t n = tokenize(s, b, e, room.data());
      ASSERT_EQ(n, want.size()) << b << " " << e;
      for (std::size_t i = 0; i < n; ++i) {
        EXPECT_EQ(room[i].begin, want[i].begin);
        EXPECT_EQ(room[i].end, want[i].end);
        EXPECT_EQ(room[i].kind, want[i].kind);
        EXPECT_EQ(room[i].upper, want[i].upper);
        EXPECT_EQ(room[i].space_before, want[i].space_before);
        EXPECT_EQ(room[i].normal, want[i].normal);
      }
    }
}

TEST(NormaliseWord, CaseAndApostrophes) {
  std::string out;
  normalise_word("RUSSIA\xE2\x80\x99S", out);
  EXPECT_EQ(out, "russia's");
  normalise_word("\xD0\x9A\xD0\x98\xD0\x9C", out);  // КИМ
  EXPECT_EQ(out, "\xD0\xBA\xD0\xB8\xD0\xBC");
}

}  // namespace
}  // namespace treatykg::text
