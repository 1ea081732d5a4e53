// facts::Value::find, which the engine calls for every reference: its word-compare path (names of 4
// to 16 bytes) must answer as a plain first-match scan does, duplicate names included.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "facts/value.hpp"

namespace treatykg::mapping {
namespace {

using facts::Value;

const Value* first_match(const Value& record, std::string_view key) {
  for (const auto& [k, v] : record.as_object())
    if (k.view() == key) return &v;
  return nullptr;
}

TEST(ValueFind, AnswersAsAFirstMatchScanForEveryNameSize) {
  std::vector<std::string> names;
  for (std::size_t n = 0; n <= 20; ++n) {
    names.push_back(std::string(n, 'a'));
    if (n > 0) {
      std::string last_differs(n, 'a');
      last_differs.back() = 'b';
      names.push_back(last_differs);
      std::string first_differs(n, 'a');
      first_differs.front() = 'c';
      names.push_back(first_differs);
    }
  }
  Value record = Value::object();
  int i = 0;
  for (const auto& name : names) record.append(facts::Key(name), Value(i++));
  for (const auto& name : names) record.append(facts::Key(name), Value(i++));  // duplicates
  for (const auto& name : names) {
    const Value* found = record.find(name);
    EXPECT_EQ(found, first_match(record, name)) << name;
    ASSERT_NE(found, nullptr);
  }
  for (const std::string absent : {"abcd", "aaaaaaaaab", "x", "zzzzzzzzzzzzzzzzzzzz"})
    EXPECT_EQ(record.find(absent), first_match(record, absent)) << absent;
  EXPECT_EQ(Value(1).find("name"), nullptr);
}

}  // namespace
}  // namespace treatykg::mapping
