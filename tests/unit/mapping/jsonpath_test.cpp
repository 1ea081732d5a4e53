#include "mapping/jsonpath.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "mapping/sources.hpp"

namespace treatykg::mapping {
namespace {

using facts::Value;

std::vector<std::string> eval(const std::string& path, const std::string& json) {
  Value doc = parse_json(json, "test.json");
  std::vector<const Value*> out;
  jsonpath::Path::parse(path).evaluate(doc, out);
  std::vector<std::string> s;
  for (const Value* v : out) s.push_back(facts::to_json(*v));
  return s;
}

const char* kDoc =
    R"({"store":{"book":[{"t":"a","p":8,"tags":["x","y"]},{"t":"b","p":12},{"t":"c","p":9,"isbn":"1"}],
                       "bike":{"t":"bike","p":20}},"n":1})";

TEST(JsonPath, RootChildWildcardIndex) {
  EXPECT_EQ(eval("$", R"({"a":1})"), (std::vector<std::string>{R"({"a":1})"}));
  EXPECT_EQ(eval("$.n", kDoc), (std::vector<std::string>{"1"}));
  EXPECT_EQ(eval("$.store.book[*].t", kDoc),
            (std::vector<std::string>{R"("a")", R"("b")", R"("c")"}));
  EXPECT_EQ(eval("$['store']['bike'].t", kDoc), (std::vector<std::string>{R"("bike")"}));
  EXPECT_EQ(eval("$.store.book[0].t", kDoc), (std::vector<std::string>{R"("a")"}));
  EXPECT_EQ(eval("$.store.book[-1].t", kDoc), (std::vector<std::string>{R"("c")"}));
  EXPECT_EQ(eval("$.store.book[0,2].t", kDoc), (std::vector<std::string>{R"("a")", R"("c")"}));
  EXPECT_EQ(eval("$.store.bike.*", kDoc), (std::vector<std::string>{R"("bike")", "20"}));
}

TEST(JsonPath, Slices) {
  const char* a = "[0,1,2,3,4,5]";
  EXPECT_EQ(eval("$[1:3]", a), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(eval("$[:2]", a), (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(eval("$[-2:]", a), (std::vector<std::string>{"4", "5"}));
  EXPECT_EQ(eval("$[::2]", a), (std::vector<std::string>{"0", "2", "4"}));
}

TEST(JsonPath, RecursiveDescent) {
  EXPECT_EQ(eval("$..t", kDoc),
            (std::vector<std::string>{R"("a")", R"("b")", R"("c")", R"("bike")"}));
  EXPECT_EQ(eval("$..book[1].t", kDoc), (std::vector<std::string>{R"("b")"}));
}

TEST(JsonPath, Filters) {
  EXPECT_EQ(eval("$.store.book[?(@.p < 10)].t", kDoc),
            (std::vector<std::string>{R"("a")", R"("c")"}));
  EXPECT_EQ(eval("$.store.book[?(@.isbn)].t", kDoc), (std::vector<std::string>{R"("c")"}));
  EXPECT_EQ(eval("$.store.book[?(@.t == 'b' || @.p >= 9 && @.t != 'a')].t", kDoc),
            (std::vector<std::string>{R"("b")", R"("c")"}));
  EXPECT_EQ(eval("$.store.book[?(!(@.p > 8))].t", kDoc), (std::vector<std::string>{R"("a")"}));
  EXPECT_EQ(eval("$[?(@.type == \"x\")].id", R"([{"type":"x","id":1},{"type":"y","id":2}])"),
            (std::vector<std::string>{"1"}));
}

TEST(JsonPath, InvalidSyntaxIsAMappingError) {
  EXPECT_THROW(jsonpath::Path::parse("$.students[*]]"), MappingError);
  EXPECT_THROW(jsonpath::Path::parse("students"), MappingError);
  EXPECT_THROW(jsonpath::Path::parse("$.a[?(@.b == )]"), MappingError);
  EXPECT_THROW(jsonpath::Path::parse("$.a['b"), MappingError);
}

TEST(JsonPath, StreamSplit) {
  std::vector<std::string> prefix;
  std::size_t sel = 0;
  EXPECT_TRUE(jsonpath::Path::parse("$.people[*]").stream_split(prefix, sel));
  EXPECT_EQ(prefix, (std::vector<std::string>{"people"}));
  EXPECT_EQ(sel, 1u);
  EXPECT_TRUE(jsonpath::Path::parse("$[?(@.type == 'a')].x").stream_split(prefix, sel));
  EXPECT_TRUE(prefix.empty());
  EXPECT_FALSE(jsonpath::Path::parse("$..x").stream_split(prefix, sel));
  EXPECT_FALSE(jsonpath::Path::parse("$.a[0]").stream_split(prefix, sel));
}

}  // namespace
}  // namespace treatykg::mapping
