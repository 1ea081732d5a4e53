#pragma once
// TEST-ONLY: parses one JSON text into a facts::Value (for reading gold files and our own output).

#include <cctype>
#include <stdexcept>
#include <string>
#include <string_view>

#include "base/utf8.hpp"
#include "facts/value.hpp"

namespace treatykg::testing {

class JsonParser {
 public:
  explicit JsonParser(std::string_view s) : s_(s) {}
  facts::Value parse() {
    facts::Value v = value();
    ws();
    if (i_ != s_.size()) fail("trailing characters");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& m) {
    throw std::runtime_error("json: " + m + " at " + std::to_string(i_));
  }
  void ws() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  facts::Value value() {
    ws();
    if (i_ >= s_.size()) fail("end");
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      facts::Value o = facts::Value::object();
      ws();
      if (s_[i_] == '}') {
        ++i_;
        return o;
      }
      while (true) {
        ws();
        std::string k = str();
        ws();
        if (s_[i_++] != ':') fail("':'");
        o.set(k, value());
        ws();
        if (s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (s_[i_++] != '}') fail("'}'");
        return o;
      }
    }
    if (c == '[') {
      ++i_;
      facts::Value a = facts::Value::array();
      ws();
      if (s_[i_] == ']') {
        ++i_;
        return a;
      }
      while (true) {
        a.push_back(value());
        ws();
        if (s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (s_[i_++] != ']') fail("']'");
        return a;
      }
    }
    if (c == '"') return facts::Value(str());
    if (s_.substr(i_, 4) == "true") return i_ += 4, facts::Value(true);
    if (s_.substr(i_, 5) == "false") return i_ += 5, facts::Value(false);
    if (s_.substr(i_, 4) == "null") return i_ += 4, facts::Value();
    std::size_t b = i_;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' ||
                              s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E' || s_[i_] == '+'))
      ++i_;
    std::string num(s_.substr(b, i_ - b));
    if (num.empty()) fail("value");
    if (num.find_first_of(".eE") != std::string::npos) return facts::Value(std::stod(num));
    return facts::Value(static_cast<std::int64_t>(std::stoll(num)));
  }
  std::string str() {
    if (s_[i_] != '"') fail("string");
    ++i_;
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') {
        char e = s_[++i_];
        ++i_;
        switch (e) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case 'r':
            out += '\r';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'u': {
            unsigned v =
                static_cast<unsigned>(std::stoul(std::string(s_.substr(i_, 4)), nullptr, 16));
            i_ += 4;
            utf8::append(out, v);
            break;
          }
          default:
            out += e;
        }
      } else {
        out += s_[i_++];
      }
    }
    ++i_;
    return out;
  }
  std::string_view s_;
  std::size_t i_ = 0;
};

inline facts::Value parse_json(std::string_view s) {
  return JsonParser(s).parse();
}

}  // namespace treatykg::testing
