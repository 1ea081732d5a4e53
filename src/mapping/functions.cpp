// RML-FNML built-in functions: the GREL and IDLab functions the rml-fnml suite calls, plus a few
// more common GREL string functions. Values are facts::Value (string, integer, boolean); a missing
// or unusable input gives no value (no term), never an exception.

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "facts/value.hpp"
#include "mapping/vocab.hpp"

namespace treatykg::mapping {

using facts::Value;

namespace {

struct FunctionSpec {
  std::vector<std::string> params;   // full IRIs
  std::vector<std::string> outputs;  // full IRIs
};

std::string g(const char* l) {
  return vocab::kGrel + l;
}
std::string i(const char* l) {
  return vocab::kIdlabFn + l;
}

const std::map<std::string, FunctionSpec>& specs() {
  static const std::map<std::string, FunctionSpec> s = {
      {g("toUpperCase"), {{g("valueParam")}, {g("stringOut")}}},
      {g("toLowerCase"), {{g("valueParam")}, {g("stringOut")}}},
      {g("toTitlecase"), {{g("valueParam")}, {g("stringOut")}}},
      {g("string_trim"), {{g("valueParam")}, {g("stringOut")}}},
      {g("string_length"), {{g("valueParam")}, {g("output_number")}}},
      {g("string_substring"),
       {{g("valueParam"), g("p_int_i_from"), g("p_int_i_opt_to")}, {g("stringOut")}}},
      {g("string_replace"),
       {{g("valueParam"), g("param_find"), g("param_replace")}, {g("stringOut")}}},
      {g("string_contains"), {{g("valueParam"), g("string_sub")}, {g("output_bool")}}},
      {g("string_startsWith"), {{g("valueParam"), g("string_sub")}, {g("output_bool")}}},
      {g("string_endsWith"), {{g("valueParam"), g("string_sub")}, {g("output_bool")}}},
      {g("escape"), {{g("valueParam"), g("modeParam")}, {g("stringOut")}}},
      {g("array_join"), {{g("p_array_a"), g("p_string_sep")}, {g("stringOut")}}},
      {i("toUpperCaseURL"), {{i("str")}, {i("_stringOut")}}},
      {i("alwaysReturnsABC"), {{}, {i("_stringOut")}}},
      {i("equal"), {{g("valueParam"), g("valueParam2")}, {i("_boolOut")}}},
      {i("notEqual"), {{g("valueParam"), g("valueParam2")}, {i("_boolOut")}}},
      {i("isNull"), {{i("str")}, {i("_boolOut")}}},
      {i("concat"), {{i("str"), i("otherStr"), i("delimiter")}, {i("_stringOut")}}},
  };
  return s;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string text_of(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString:
      return v.as_string();
    case Value::Kind::kInt:
      return std::to_string(v.as_int());
    case Value::Kind::kBool:
      return v.as_bool() ? "true" : "false";
    case Value::Kind::kDouble: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", v.as_double());
      return buf;
    }
    default:
      return {};
  }
}

// Code point offsets -> byte offsets (GREL counts characters).
std::vector<std::size_t> char_starts(const std::string& s) {
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < s.size(); ++k)
    if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) out.push_back(k);
  out.push_back(s.size());
  return out;
}

std::optional<long long> to_int(const Value* v) {
  if (!v) return std::nullopt;
  if (v->is_int()) return v->as_int();
  try {
    std::size_t used = 0;
    long long n = std::stoll(text_of(*v), &used);
    return n;
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

bool function_known(const std::string& function) {
  return specs().count(function) != 0;
}
bool function_parameter_known(const std::string& function, const std::string& parameter) {
  auto it = specs().find(function);
  return it != specs().end() && std::find(it->second.params.begin(), it->second.params.end(),
                                          parameter) != it->second.params.end();
}
bool function_output_known(const std::string& function, const std::string& output) {
  auto it = specs().find(function);
  return it != specs().end() && std::find(it->second.outputs.begin(), it->second.outputs.end(),
                                          output) != it->second.outputs.end();
}

std::vector<std::string> function_names() {
  std::vector<std::string> out;
  for (const auto& [name, spec] : specs()) out.push_back(name);
  return out;
}

std::string function_parameters(const std::string& function) {
  auto it = specs().find(function);
  if (it == specs().end() || it->second.params.empty()) return "no parameters";
  std::string out;
  for (const auto& p : it->second.params) out += (out.empty() ? "<" : ", <") + p + ">";
  return out;
}

/// Calls a built-in function. `args` maps parameter IRIs to values (absent = not given / no value).
std::optional<Value> call_function(const std::string& fn,
                                   const std::map<std::string, Value>& args) {
  auto arg = [&](const std::string& p) -> const Value* {
    auto it = args.find(p);
    return it == args.end() ? nullptr : &it->second;
  };
  auto str = [&](const std::string& p) -> std::optional<std::string> {
    const Value* v = arg(p);
    if (!v || v->is_null()) return std::nullopt;
    return text_of(*v);
  };
  if (fn == i("alwaysReturnsABC")) return Value("ABC");
  if (fn == g("toUpperCase")) {
    if (auto s = str(g("valueParam"))) return Value(upper(*s));
    return std::nullopt;
  }
  if (fn == g("toLowerCase")) {
    if (auto s = str(g("valueParam"))) return Value(lower(*s));
    return std::nullopt;
  }
  if (fn == g("toTitlecase")) {
    auto s = str(g("valueParam"));
    if (!s) return std::nullopt;
    std::string out = lower(*s);
    bool start = true;
    for (auto& c : out) {
      if (start && std::isalpha(static_cast<unsigned char>(c)))
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      start = std::isspace(static_cast<unsigned char>(c)) != 0;
    }
    return Value(out);
  }
  if (fn == g("string_trim")) {
    auto s = str(g("valueParam"));
    if (!s) return std::nullopt;
    auto b = s->find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return Value("");
    auto e = s->find_last_not_of(" \t\r\n");
    return Value(s->substr(b, e - b + 1));
  }
  if (fn == g("string_length")) {
    auto s = str(g("valueParam"));
    if (!s) return std::nullopt;
    return Value(static_cast<std::int64_t>(char_starts(*s).size() - 1));
  }
  if (fn == g("string_substring")) {
    auto s = str(g("valueParam"));
    auto from = to_int(arg(g("p_int_i_from")));
    if (!s || !from) return std::nullopt;
    auto starts = char_starts(*s);
    auto n = static_cast<long long>(starts.size() - 1);
    long long b = *from < 0 ? *from + n : *from;
    long long e = n;
    if (auto to = to_int(arg(g("p_int_i_opt_to")))) e = *to < 0 ? *to + n : std::min(*to, n);
    if (b < 0 || b > n || e < b) return std::nullopt;
    return Value(
        s->substr(starts[static_cast<std::size_t>(b)],
                  starts[static_cast<std::size_t>(e)] - starts[static_cast<std::size_t>(b)]));
  }
  if (fn == g("string_replace")) {
    auto s = str(g("valueParam"));
    auto f = str(g("param_find"));
    auto r = str(g("param_replace"));
    if (!s || !f || !r) return std::nullopt;
    if (f->empty()) return Value(*s);
    std::string out;
    std::size_t pos = 0;
    while (true) {
      auto k = s->find(*f, pos);
      if (k == std::string::npos) break;
      out.append(*s, pos, k - pos);
      out += *r;
      pos = k + f->size();
    }
    out.append(*s, pos);
    return Value(out);
  }
  if (fn == g("string_contains") || fn == g("string_startsWith") || fn == g("string_endsWith")) {
    auto s = str(g("valueParam"));
    auto sub = str(g("string_sub"));
    if (!s || !sub) return std::nullopt;
    if (fn == g("string_contains")) return Value(s->find(*sub) != std::string::npos);
    if (fn == g("string_startsWith")) return Value(s->starts_with(*sub));
    return Value(s->ends_with(*sub));
  }
  if (fn == g("escape")) {
    auto s = str(g("valueParam"));
    auto mode = str(g("modeParam"));
    if (!s || !mode) return std::nullopt;
    std::string out;
    if (*mode == "html" || *mode == "xml") {
      for (char c : *s) {
        switch (c) {
          case '&':
            out += "&amp;";
            break;
          case '<':
            out += "&lt;";
            break;
          case '>':
            out += "&gt;";
            break;
          case '"':
            out += "&quot;";
            break;
          case '\'':
            out += *mode == "xml" ? "&apos;" : "&#39;";
            break;
          default:
            out += c;
        }
      }
    } else if (*mode == "url") {
      static const char* hex = "0123456789ABCDEF";
      for (unsigned char c : *s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '*') {
          out += static_cast<char>(c);
        } else if (c == ' ') {
          out += '+';
        } else {
          out += '%';
          out += hex[c >> 4];
          out += hex[c & 15];
        }
      }
    } else if (*mode == "csv") {
      if (s->find_first_of(",\"\n\r") == std::string::npos) return Value(*s);
      out = "\"";
      for (char c : *s) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    } else if (*mode == "javascript") {
      for (char c : *s) {
        if (c == '"' || c == '\'' || c == '\\') out += '\\';
        out += c;
      }
    } else {
      return std::nullopt;
    }
    return Value(out);
  }
  if (fn == i("toUpperCaseURL")) {
    auto s = str(i("str"));
    if (!s) return std::nullopt;
    std::string u = upper(*s);
    if (u.rfind("HTTP://", 0) == 0 || u.rfind("HTTPS://", 0) == 0) return Value(u);
    return Value("http://" + u);
  }
  if (fn == i("equal") || fn == i("notEqual")) {
    auto a = str(g("valueParam"));
    auto b = str(g("valueParam2"));
    bool eq = a && b && *a == *b;
    return Value(fn == i("equal") ? eq : !eq);
  }
  if (fn == i("isNull")) return Value(!str(i("str")).has_value());
  if (fn == i("concat")) {
    auto a = str(i("str"));
    auto b = str(i("otherStr"));
    auto d = str(i("delimiter"));
    if (!a || !b) return std::nullopt;
    return Value(*a + (d ? *d : "") + *b);
  }
  if (fn == g("array_join")) {
    auto s = str(g("p_array_a"));
    if (!s) return std::nullopt;
    return Value(*s);
  }
  return std::nullopt;
}

}  // namespace treatykg::mapping
