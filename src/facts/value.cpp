#include "facts/value.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <unordered_set>
#include <variant>

namespace treatykg::facts {

const std::string& intern(std::string_view s) {
  // Never destroyed: values that refer to these strings may outlive static destruction.
  static auto* mu = new std::mutex;
  static auto* pool = new std::unordered_set<std::string>;
  std::lock_guard<std::mutex> lock(*mu);
  return *pool->emplace(s).first;  // node-based: the string never moves
}

void Value::bad_access() { throw std::bad_variant_access(); }  // what std::get threw

// The containers' elements are destroyed here, not by ~vector: a string member costs no call and an
// empty nested container no call either (records are destroyed by the ten thousand). The buffer is
// then freed as ~vector frees it; the vector itself, a union member, needs nothing more.
void Value::destroy() noexcept {
  switch (tag_) {
    case kStringTag:
      s_.~basic_string();
      break;
    case kArrayTag:
      if (Value* p = a_.data()) {
        for (Value* e = p + a_.size(); p != e; ++p) p->destroy_child();
        std::allocator<Value>().deallocate(a_.data(), a_.capacity());
      }
      break;
    case kObjectTag:
      if (Member* p = o_.data()) {
        for (Member* e = p + o_.size(); p != e; ++p) {
          p->first.~Key();
          p->second.destroy_child();
        }
        std::allocator<Member>().deallocate(o_.data(), o_.capacity());
      }
      break;
    default:
      break;
  }
}

void Value::copy_from(const Value& o) {
  switch (o.tag_) {
    case kStringTag:
      new (&s_) std::string(o.s_);
      break;
    case kArrayTag:
      new (&a_) Array(o.a_);
      break;
    case kObjectTag:
      new (&o_) Object(o.o_);
      break;
    default:
      scalar_ = o.scalar_;
      break;
  }
}

void Value::move_from(Value&& o) noexcept {
  switch (o.tag_) {
    case kStringTag:
      new (&s_) std::string(std::move(o.s_));
      break;
    case kArrayTag:
      new (&a_) Array(std::move(o.a_));
      break;
    case kObjectTag:
      new (&o_) Object(std::move(o.o_));
      break;
    default:
      scalar_ = o.scalar_;
      break;
  }
}

bool operator==(const Value& a, const Value& b) {
  if (a.is_string() && b.is_string()) return a.as_string() == b.as_string();
  if (a.tag_ != b.tag_) return false;
  switch (a.tag_) {
    case Value::kNullTag:
      return true;
    case Value::kBoolTag:
      return a.b_ == b.b_;
    case Value::kIntTag:
      return a.i_ == b.i_;
    case Value::kDoubleTag:
      return a.d_ == b.d_;
    case Value::kArrayTag:
      return a.a_ == b.a_;
    case Value::kObjectTag:
      return a.o_ == b.o_;
    default:
      return false;  // strings: above
  }
}

Value& Value::set(Key key, Value v) {
  auto& members = as_object();
  for (auto& [k, existing] : members) {
    if (k == key.view()) {
      existing = std::move(v);
      return existing;
    }
  }
  members.emplace_back(std::move(key), std::move(v));
  return members.back().second;
}

void Value::reserve(std::size_t n) {
  if (tag_ == kArrayTag)
    a_.reserve(n);
  else if (tag_ == kObjectTag)
    o_.reserve(n);
}

Value& Value::push_back(Value v) {
  auto& items = as_array();
  items.push_back(std::move(v));
  return items.back();
}

namespace {

// JSON text written straight into the string's buffer: one capacity check per value instead of one
// per character (fact records are most of `treatykg extract`'s output). The string is grown ahead
// (zero-filled; std::string's capacity grows geometrically) and cut to what was written.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out)
      : out_(out), at_(out.data() + out.size()), end_(out.data() + out.size()) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;
  ~JsonWriter() { out_.resize(static_cast<std::size_t>(at_ - out_.data())); }

  void value(const Value& v);
  void string(std::string_view s);
  /// Room for about `n` more bytes.
  void expect(std::size_t n) { room(n); }
  void put(char c) {
    room(1);
    *at_++ = c;
  }

 private:
  void room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - at_) < n) grow(n);
  }
  [[gnu::noinline]] void grow(std::size_t n) {
    const auto used = static_cast<std::size_t>(at_ - out_.data());
    out_.resize(used + n + 256);
    at_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }
  template <std::size_t N>
  void lit(const char (&s)[N]) {
    room(N - 1);
    std::memcpy(at_, s, N - 1);
    at_ += N - 1;
  }

  std::string& out_;
  char* at_;   // the end of the JSON text written so far
  char* end_;  // the end of out_ (the bytes from at_ on are room)
};

// Whether any of the eight bytes at `p` may need an escape (a control, '"' or '\'): no false
// negatives.
inline bool maybe_escape8(const char* p) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return (below_space | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) != 0;
}

constexpr bool needs_escape(unsigned char u) noexcept {
  return u < 0x20 || u == '"' || u == '\\';
}

constexpr auto kEscapes = [] {
  std::array<bool, 256> t{};
  for (std::size_t c = 0; c < 256; ++c) t[c] = needs_escape(static_cast<unsigned char>(c));
  return t;
}();

// Whether `s` may have a byte that needs an escape (no false negatives).
bool has_escape(std::string_view s) noexcept {
  if (s.size() < 16) {  // keys and short values: a table read per byte is cheaper than the words
    bool any = false;
    for (const char c : s) any |= kEscapes[static_cast<unsigned char>(c)];
    return any;
  }
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8)
    if (maybe_escape8(s.data() + i)) return true;
  if (i == s.size()) return false;
  return maybe_escape8(s.data() + s.size() - 8);  // overlaps the word before
}

void JsonWriter::string(std::string_view s) {
  room(s.size() + 2);
  *at_++ = '"';
  // The usual case: nothing to escape, one copy.
  if (!has_escape(s)) {
    std::memcpy(at_, s.data(), s.size());
    at_ += s.size();
    *at_++ = '"';
    return;
  }
  std::size_t plain = 0;
  while (plain < s.size() && !needs_escape(static_cast<unsigned char>(s[plain]))) ++plain;
  std::memcpy(at_, s.data(), plain);
  at_ += plain;
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = plain; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    switch (u) {
      case '"':
        lit("\\\"");
        break;
      case '\\':
        lit("\\\\");
        break;
      case '\n':
        lit("\\n");
        break;
      case '\r':
        lit("\\r");
        break;
      case '\t':
        lit("\\t");
        break;
      case '\b':
        lit("\\b");
        break;
      case '\f':
        lit("\\f");
        break;
      default:
        if (u < 0x20) {
          const char esc[] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 0xF], '\0'};
          lit(esc);
        } else {
          put(static_cast<char>(u));
        }
    }
  }
  put('"');
}

void JsonWriter::value(const Value& v) {
  using Kind = Value::Kind;
  switch (v.kind()) {
    case Kind::kNull:
      lit("null");
      break;
    case Kind::kBool:
      if (v.as_bool())
        lit("true");
      else
        lit("false");
      break;
    case Kind::kInt: {
      room(24);
      at_ = std::to_chars(at_, at_ + 24, v.as_int()).ptr;
      break;
    }
    case Kind::kDouble: {
      const double d = v.as_double();
      if (!std::isfinite(d))
        throw std::invalid_argument("JSON cannot represent a non-finite number");
      room(32);
      at_ = std::to_chars(at_, at_ + 32, d).ptr;  // the shortest round-trip form
      break;
    }
    case Kind::kString:
      string(v.as_string());
      break;
    case Kind::kArray: {
      put('[');
      bool first = true;
      for (const auto& item : v.as_array()) {
        if (!first) put(',');
        first = false;
        value(item);
      }
      put(']');
      break;
    }
    case Kind::kObject: {
      put('{');
      bool first = true;
      for (const auto& [k, item] : v.as_object()) {
        if (!first) put(',');
        first = false;
        string(k);
        put(':');
        value(item);
      }
      put('}');
      break;
    }
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  JsonWriter(out).string(s);
}

void append_json(std::string& out, const Value& v) {
  JsonWriter(out).value(v);
}

void append_json_lines(std::string& out, const std::vector<Value>& records) {
  JsonWriter w(out);
  w.expect(records.size() * 320);  // fact records are ~300 bytes: usually one growth per article
  for (const auto& r : records) {
    w.value(r);
    w.put('\n');
  }
}

std::string to_json(const Value& v) {
  std::string out;
  append_json(out, v);
  return out;
}

}  // namespace treatykg::facts
