// facts::Value: copies, moves and assignments of the tagged union, and shared strings (which must
// behave as owned strings with the same bytes).

#include <gtest/gtest.h>

#include <variant>

#include "facts/value.hpp"

using treatykg::facts::Key;
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

TEST(Key, SharedFromLiteralEqualsOwned) {
  static const char kName[] = "article";
  Key shared = kName;  // an array: shared, not copied
  EXPECT_EQ(shared.data(), kName);
  std::string text = "article";
  Key owned = text;  // a std::string: copied
  EXPECT_NE(owned.data(), text.data());
  const char* pointer = text.c_str();
  Key from_pointer(pointer);  // a pointer: copied
  EXPECT_NE(from_pointer.data(), pointer);
  EXPECT_EQ(shared, owned);
  EXPECT_EQ(owned, from_pointer);
  EXPECT_EQ(owned, "article");
  EXPECT_FALSE(owned == std::string_view("articl"));
  text[0] = 'X';  // the owned keys do not follow their source
  EXPECT_EQ(owned, "article");
  EXPECT_EQ(Key::shared(text), "Xrticle");
  EXPECT_TRUE(Key().empty());
  EXPECT_TRUE(Key(std::string()).empty());
}

TEST(Key, CopiesAndMovesOfOwnedKeys) {
  Key a(std::string_view("a key owned by its member"));
  Key b = a;
  EXPECT_NE(b.data(), a.data());
  EXPECT_EQ(b, a);
  Key c = std::move(a);
  EXPECT_EQ(c, "a key owned by its member");
  b = Key("short");
  EXPECT_EQ(b, "short");
  b = c;
  EXPECT_EQ(b, c);
  b = std::move(c);
  EXPECT_EQ(b, "a key owned by its member");
  const Key& same = b;
  b = same;
  EXPECT_EQ(b, "a key owned by its member");
}

TEST(Value, OwnedAndSharedKeysInOneObject) {
  // Records built by the extractor (literal keys) and by JSON sources (owned keys) look the same.
  Value built = Value::object(2);
  built.append("type", Value("treaty"));
  built.append("id", Value(1));
  Value parsed = Value::object(2);
  parsed.append(Key(std::string("type")), Value("treaty"));
  parsed.append(Key(std::string("id")), Value(1));
  EXPECT_EQ(built, parsed);
  EXPECT_EQ(treatykg::facts::to_json(built), treatykg::facts::to_json(parsed));
  EXPECT_EQ(parsed.find("id")->as_int(), 1);
  parsed.set(Key(std::string("type")), Value("event"));  // replaces the shared-key member
  built.set("type", Value("event"));
  EXPECT_EQ(built, parsed);
  EXPECT_EQ(built.as_object().size(), 2u);
  Value copy = parsed;
  EXPECT_EQ(copy, built);
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
