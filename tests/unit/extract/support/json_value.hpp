#pragma once
// TEST-ONLY: parses one JSON text into a facts::Value (for reading gold files and our own output),
// with RapidJSON's SAX reader (header-only, as in src/mapping and src/text).

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "facts/value.hpp"

namespace treatykg::testing {

// Builds the value bottom-up: a stack of open containers, each with the key it is stored under.
struct JsonValueBuilder : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, JsonValueBuilder> {
  struct Open {
    facts::Value value;
    std::string key;  // in the enclosing object
  };
  std::vector<Open> stack;
  std::string key;  // the member name just read
  facts::Value root;

  bool add(facts::Value v) {
    if (stack.empty()) {
      root = std::move(v);
    } else if (stack.back().value.is_object()) {
      stack.back().value.set(std::move(key), std::move(v));  // a repeated key replaces
      key.clear();
    } else {
      stack.back().value.push_back(std::move(v));
    }
    return true;
  }
  bool Null() { return add(facts::Value()); }
  bool Bool(bool b) { return add(facts::Value(b)); }
  bool Int(int i) { return add(facts::Value(static_cast<std::int64_t>(i))); }
  bool Uint(unsigned u) { return add(facts::Value(static_cast<std::int64_t>(u))); }
  bool Int64(std::int64_t i) { return add(facts::Value(i)); }
  bool Uint64(std::uint64_t u) {
    if (u > static_cast<std::uint64_t>(INT64_MAX)) return false;  // not an int64: an error
    return add(facts::Value(static_cast<std::int64_t>(u)));
  }
  bool Double(double d) { return add(facts::Value(d)); }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return add(facts::Value(std::string_view(s, n)));
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    key.assign(s, n);
    return true;
  }
  bool StartObject() {
    stack.push_back(Open{facts::Value::object(), std::move(key)});
    key.clear();
    return true;
  }
  bool StartArray() {
    stack.push_back(Open{facts::Value::array(), std::move(key)});
    key.clear();
    return true;
  }
  bool end() {
    Open top = std::move(stack.back());
    stack.pop_back();
    key = std::move(top.key);
    return add(std::move(top.value));
  }
  bool EndObject(rapidjson::SizeType) { return end(); }
  bool EndArray(rapidjson::SizeType) { return end(); }
};

/// Parses one JSON text (trailing blanks allowed); throws std::runtime_error naming the byte
/// offset.
inline facts::Value parse_json(std::string_view s) {
  JsonValueBuilder b;
  rapidjson::Reader reader;
  rapidjson::MemoryStream ms(s.data(), s.size());  // bounded: `s` need not be NUL-terminated
  rapidjson::ParseResult r =
      reader.Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseIterativeFlag>(ms, b);
  if (!r)
    throw std::runtime_error(std::string("json: ") + rapidjson::GetParseError_En(r.Code()) +
                             " at " + std::to_string(r.Offset()));
  return std::move(b.root);
}

}  // namespace treatykg::testing
