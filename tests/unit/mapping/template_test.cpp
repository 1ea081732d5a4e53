#include "mapping/template.hpp"

#include <gtest/gtest.h>

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
