#include "mapping/template.hpp"

#include <gtest/gtest.h>

#include <cctype>

#include "base/error.hpp"

namespace treatykg::mapping {
namespace {

TEST(Template, Parts) {
  auto p = parse_template("http://ex/{a}/x{b c}");
  ASSERT_EQ(p.size(), 4u);
  EXPECT_FALSE(p[0].is_reference);
  EXPECT_EQ(p[0].text, "http://ex/");
  EXPECT_TRUE(p[1].is_reference);
  EXPECT_EQ(p[1].text, "a");
  EXPECT_EQ(p[2].text, "/x");
  EXPECT_EQ(p[3].text, "b c");
}

TEST(Template, Escapes) {
  auto p = parse_template("\\{\\{ {$['\\{Name\\}']} \\}\\\\");
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].text, "{{ ");
  EXPECT_EQ(p[1].text, "$['{Name}']");
  EXPECT_EQ(p[2].text, " }\\");
}

TEST(Template, InvalidTemplatesAreMappingErrors) {
  EXPECT_THROW(parse_template("http://ex/{{Name}}"), MappingError);
  EXPECT_THROW(parse_template("http://ex/{Name"), MappingError);
  EXPECT_THROW(parse_template("http://ex/Name}"), MappingError);
  EXPECT_THROW(parse_template("http://ex/{}"), MappingError);
}

TEST(Template, IriSafeEncoding) {
  std::string s;
  append_iri_safe(s, "Bolivia, Plurinational State of");
  EXPECT_EQ(s, "Bolivia%2C%20Plurinational%20State%20of");
  s.clear();
  append_iri_safe(s, "a/b?c#d~e_f.g-h");
  EXPECT_EQ(s, "a%2Fb%3Fc%23d~e_f.g-h");
  s.clear();
  append_iri_safe(s, "Zo\xC3\xAB");
  EXPECT_EQ(s, "Zo\xC3\xAB") << "IRI-safe keeps non-ASCII characters";
  s.clear();
  append_uri_safe(s, "Zo\xC3\xAB");
  EXPECT_EQ(s, "Zo%C3%AB") << "URI-safe encodes them";
}

TEST(Template, EveryByteValueIsEncodedOrKeptAtEveryLength) {
  // Values checked byte by byte (< 16) and 16 bytes at a time, each byte value at the start, middle
  // and end: the same result as encoding by the definition.
  const auto expected = [](const std::string& v, bool keep_non_ascii) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : v) {
      if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || (keep_non_ascii && c >= 0x80)) {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
    return out;
  };
  for (int c = 0; c < 256; ++c)
    for (const std::size_t len : {5u, 16u, 20u, 40u})
      for (const std::size_t pos : {std::size_t{0}, len / 2, len - 1}) {
        std::string v(len, 'x');
        v[pos] = static_cast<char>(c);
        std::string iri = "p/", uri = "p/";
        append_iri_safe(iri, v);
        append_uri_safe(uri, v);
        EXPECT_EQ(iri, "p/" + expected(v, true)) << c << " at " << pos << " of " << len;
        EXPECT_EQ(uri, "p/" + expected(v, false)) << c << " at " << pos << " of " << len;
      }
}

TEST(Template, LanguageTags) {
  EXPECT_TRUE(is_usable_language_tag("en"));
  EXPECT_TRUE(is_usable_language_tag("en-US"));
  EXPECT_TRUE(is_usable_language_tag("zh-Hant-TW"));
  EXPECT_FALSE(is_usable_language_tag("a-english"));
  EXPECT_FALSE(is_usable_language_tag("english"))
      << "5-8 letter primary subtags are not registered";
  EXPECT_FALSE(is_usable_language_tag(""));
}

}  // namespace
}  // namespace treatykg::mapping
