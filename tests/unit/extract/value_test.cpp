// facts::Value: copies, moves and assignments of the tagged union, and shared strings (which must
// behave as owned strings with the same bytes).

#include <gtest/gtest.h>

#include <variant>

#include "facts/value.hpp"

using treatykg::facts::Value;

TEST(Value, SharedStringEqualsOwned) {
  const std::string& in = treatykg::facts::intern("a string longer than fifteen bytes");
  EXPECT_EQ(&in, &treatykg::facts::intern("a string longer than fifteen bytes"));
  Value s = Value::shared(in), o(std::string("a string longer than fifteen bytes"));
  EXPECT_TRUE(s.is_string());
  EXPECT_EQ(s.kind(), Value::Kind::kString);
  EXPECT_EQ(&s.as_string(), &in);  // not copied
  EXPECT_EQ(s, o);
  Value copy = s;
  EXPECT_EQ(&copy.as_string(), &in);
  std::string json;
  treatykg::facts::append_json(json, s);
  EXPECT_EQ(json, "\"a string longer than fifteen bytes\"");
}

TEST(Value, CopyMoveAssign) {
  Value rec = Value::object(3);
  rec.append("x", Value::shared(treatykg::facts::intern("shared")));
  rec.append("y", Value(std::int64_t{5}));
  rec.append("z", Value::array());
  rec.as_object()[2].second.push_back(Value(true));
  rec.as_object()[2].second.push_back(Value("an owned string of some length"));
  Value copy = rec;
  EXPECT_EQ(copy, rec);
  Value moved = std::move(copy);
  EXPECT_EQ(moved, rec);
  moved = std::move(moved.as_object()[2].second);  // from a value inside the target
  ASSERT_TRUE(moved.is_array());
  EXPECT_EQ(moved.as_array().size(), 2u);
  Value a = rec;
  a = rec.as_object()[0].second;
  EXPECT_EQ(a.as_string(), "shared");
  const Value& same = a;
  a = same;
  EXPECT_EQ(a.as_string(), "shared");
  rec.set("y", Value("replaced"));
  EXPECT_EQ(rec.find("y")->as_string(), "replaced");
  EXPECT_EQ(rec.find("q"), nullptr);
}

TEST(Value, ScalarsAndWrongKind) {
  EXPECT_TRUE(Value().is_null());
  EXPECT_EQ(Value(false), Value(false));
  EXPECT_FALSE(Value(nullptr) == Value(false));
  EXPECT_FALSE(Value(1) == Value(1.0));  // kinds differ
  EXPECT_EQ(Value(3).as_double(), 3.0);
  EXPECT_THROW((void)Value().as_string(), std::bad_variant_access);
  EXPECT_THROW((void)Value("x").as_int(), std::bad_variant_access);
}
