#include "facts/value.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace treatykg::facts {

const Value* Value::find(std::string_view key) const noexcept {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : std::get<Object>(v_))
    if (k == key) return &v;
  return nullptr;
}

Value& Value::set(std::string key, Value v) {
  auto& members = as_object();
  for (auto& [k, existing] : members) {
    if (k == key) {
      existing = std::move(v);
      return existing;
    }
  }
  members.emplace_back(std::move(key), std::move(v));
  return members.back().second;
}

void Value::reserve(std::size_t n) {
  if (auto* a = std::get_if<Array>(&v_))
    a->reserve(n);
  else if (auto* o = std::get_if<Object>(&v_))
    o->reserve(n);
}

Value& Value::push_back(Value v) {
  auto& items = as_array();
  items.push_back(std::move(v));
  return items.back();
}

namespace {
// Bytes that need an escape in a JSON string: controls, the quote and the backslash.
constexpr bool needs_escape(unsigned char u) noexcept {
  return u < 0x20 || u == '"' || u == '\\';
}

// Whether any of the eight bytes at `p` may need an escape: no false negatives.
inline bool maybe_escape8(const char* p) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  auto has_zero = [&](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return (below_space | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) != 0;
}
}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  // Runs of plain bytes are appended whole; only the bytes that need an escape go one by one.
  // Eight bytes are tested at a time (a hit may be a false positive: then they are tested singly).
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size() && !maybe_escape8(s.data() + i)) {
      i += 8;
      continue;
    }
    const auto u = static_cast<unsigned char>(s[i]);
    if (!needs_escape(u)) {
      ++i;
      continue;
    }
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (u) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: {
        const char esc[] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 0xF]};
        out.append(esc, sizeof esc);
      }
    }
    ++i;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

void append_json(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: out += "null"; break;
    case Value::Kind::kBool: out += v.as_bool() ? "true" : "false"; break;
    case Value::Kind::kInt: {
      char buf[24];
      const auto r = std::to_chars(buf, buf + sizeof buf, v.as_int());
      out.append(buf, r.ptr);
      break;
    }
    case Value::Kind::kDouble: {
      const double d = v.as_double();
      if (!std::isfinite(d)) throw std::invalid_argument("JSON cannot represent a non-finite number");
      char buf[32];
      const auto r = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
      out.append(buf, r.ptr);
      break;
    }
    case Value::Kind::kString: append_json_string(out, v.as_string()); break;
    case Value::Kind::kArray: {
      out += '[';
      bool first = true;
      for (const auto& item : v.as_array()) {
        if (!first) out += ',';
        first = false;
        append_json(out, item);
      }
      out += ']';
      break;
    }
    case Value::Kind::kObject: {
      out += '{';
      bool first = true;
      for (const auto& [k, item] : v.as_object()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, k);
        out += ':';
        append_json(out, item);
      }
      out += '}';
      break;
    }
  }
}

std::string to_json(const Value& v) {
  std::string out;
  append_json(out, v);
  return out;
}

}  // namespace treatykg::facts
