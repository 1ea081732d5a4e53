#pragma once
// facts::Value: a small JSON-like value whose objects keep insertion order, so a fact written twice is
// written byte-identically. It is the record type of the treatykg-facts/1 interchange
// (docs/facts-schema.md) and of every JSON logical source of the mapping engine.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace treatykg::facts {

class Value {
 public:
  enum class Kind { kNull, kBool, kInt, kDouble, kString, kArray, kObject };
  using Array = std::vector<Value>;
  using Member = std::pair<std::string, Value>;
  using Object = std::vector<Member>;

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  Value(int i) : v_(static_cast<std::int64_t>(i)) {}
  Value(std::int64_t i) : v_(i) {}
  Value(double d) : v_(d) {}
  Value(const std::string& s) : v_(s) {}
  Value(std::string&& s) : v_(std::move(s)) {}  // one move, not two (records move most strings in)
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(Array a) : v_(std::move(a)) {}
  Value(Object o) : v_(std::move(o)) {}

  /// A string value that refers to `s` instead of copying it: `s` must outlive the value and every
  /// copy of it (use strings from facts::intern, which live as long as the process). Schema names
  /// and lexicon strings repeat in every record; most are longer than std::string's inline buffer.
  static Value shared(const std::string& s) {
    Value v;
    v.v_.emplace<kShared>(&s);
    return v;
  }

  static Value array() { return Value(Array{}); }
  static Value object() { return Value(Object{}); }
  /// An empty object with room for `members` members (records are built member by member: one
  /// allocation instead of a regrowth per power of two).
  static Value object(std::size_t members) {
    Object o;
    o.reserve(members);
    return Value(std::move(o));
  }

  Kind kind() const noexcept {
    const auto i = v_.index();
    return i == kShared ? Kind::kString : static_cast<Kind>(i);
  }
  bool is_null() const noexcept { return kind() == Kind::kNull; }
  bool is_bool() const noexcept { return kind() == Kind::kBool; }
  bool is_int() const noexcept { return kind() == Kind::kInt; }
  bool is_double() const noexcept { return kind() == Kind::kDouble; }
  bool is_number() const noexcept { return is_int() || is_double(); }
  bool is_string() const noexcept { return kind() == Kind::kString; }
  bool is_array() const noexcept { return kind() == Kind::kArray; }
  bool is_object() const noexcept { return kind() == Kind::kObject; }

  bool as_bool() const { return std::get<bool>(v_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(v_); }
  double as_double() const { return is_int() ? static_cast<double>(as_int()) : std::get<double>(v_); }
  const std::string& as_string() const {
    if (const auto* p = std::get_if<kShared>(&v_)) return **p;
    return std::get<std::string>(v_);
  }
  const Array& as_array() const { return std::get<Array>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  /// Member lookup (objects are small: linear). nullptr when absent or not an object.
  const Value* find(std::string_view key) const noexcept;
  /// Sets a member: replaces an existing key in place, else appends. Requires an object.
  Value& set(std::string key, Value v);
  /// Appends to an array. Requires an array.
  Value& push_back(Value v);
  /// Appends a member without looking for an existing one (the caller knows the key is new).
  /// Requires an object.
  Value& append(std::string key, Value v) {
    auto& members = as_object();
    members.emplace_back(std::move(key), std::move(v));
    return members.back().second;
  }
  /// Room for `n` items (array) or members (object); no effect on other kinds.
  void reserve(std::size_t n);

  /// A shared string equals an owned one with the same bytes.
  friend bool operator==(const Value& a, const Value& b) {
    if (a.is_string() && b.is_string()) return a.as_string() == b.as_string();
    return a.v_ == b.v_;
  }

 private:
  static constexpr std::size_t kShared = 7;  // the index of `const std::string*` below
  std::variant<std::monostate, bool, std::int64_t, double, std::string, Array, Object,
               const std::string*>
      v_;
};

/// A process-lifetime copy of `s`, one per distinct text (thread-safe; meant for strings loaded once,
/// such as lexicon entries and rule names, not for per-article text: the pool is never freed).
const std::string& intern(std::string_view s);

/// Appends the compact JSON text of `v` (no spaces, members in order, non-ASCII UTF-8 kept as is).
void append_json(std::string& out, const Value& v);
std::string to_json(const Value& v);
/// Appends each record's compact JSON text and a "\n": JSON Lines (the treatykg-facts/1 files).
void append_json_lines(std::string& out, const std::vector<Value>& records);

/// Appends `s` as a JSON string literal with quotes and escapes.
void append_json_string(std::string& out, std::string_view s);

}  // namespace treatykg::facts
