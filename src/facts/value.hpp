#pragma once
// facts::Value: a small JSON-like value whose objects keep insertion order, so a fact written twice is
// written byte-identically. It is the record type of the treatykg-facts/1 interchange
// (docs/facts-schema.md) and of every JSON logical source of the mapping engine.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "base/bytes.hpp"

namespace treatykg::facts {

/// An object member's name: either owned (JSON sources, any text) or shared, referring to bytes
/// that outlive it. A string literal is taken as shared: the extractor's records have names from a
/// fixed set, and building and freeing a std::string per member was a tenth of building a record.
class Key {
 public:
  Key() noexcept = default;
  /// Shared: a character array is taken to be a literal (as RapidJSON's StringRef does).
  template <std::size_t N>
  Key(const char (&literal)[N]) noexcept
      : data_(literal), size_(static_cast<std::uint32_t>(N - 1)) {}
  /// Owned copies.
  explicit Key(std::string_view s) { assign(s); }
  Key(const std::string& s) { assign(s); }
  /// A pointer (not an array): an owned copy of the NUL-terminated text.
  template <class P>
  requires std::is_same_v < std::remove_cvref_t<P>,
  const char* > || std::is_same_v<std::remove_cvref_t<P>, char*> explicit Key(P&& s) {
    assign(std::string_view(s));
  }
  /// Refers to `s`, which must outlive the key and every copy of it.
  static Key shared(std::string_view s) noexcept {
    Key k;
    k.data_ = s.data();
    k.size_ = static_cast<std::uint32_t>(s.size());
    return k;
  }

  Key(const Key& o) {
    if (o.owned_)
      assign(o.view());
    else
      data_ = o.data_, size_ = o.size_;
  }
  Key(Key&& o) noexcept : data_(o.data_), size_(o.size_), owned_(o.owned_) { o.owned_ = false; }
  Key& operator=(const Key& o) {
    if (this != &o) *this = Key(o);
    return *this;
  }
  Key& operator=(Key&& o) noexcept {
    if (this != &o) {
      release();
      data_ = o.data_, size_ = o.size_, owned_ = o.owned_;
      o.owned_ = false;
    }
    return *this;
  }
  ~Key() { release(); }

  const char* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  std::string_view view() const noexcept { return {data_, size_}; }
  operator std::string_view() const noexcept { return view(); }
  /// An owned key equals a shared one with the same bytes.
  friend bool operator==(const Key& a, std::string_view b) noexcept {
    return a.size_ == b.size() && same_bytes(a.data_, b.data(), b.size());
  }

 private:
  void assign(std::string_view s) {
    data_ = "";
    size_ = static_cast<std::uint32_t>(s.size());
    if (s.empty()) return;
    char* p = new char[s.size()];
    std::memcpy(p, s.data(), s.size());
    data_ = p;
    owned_ = true;
  }
  void release() noexcept {
    if (owned_) delete[] data_;
    owned_ = false;
  }

  const char* data_ = "";
  std::uint32_t size_ = 0;  // with the flag: 16 bytes, a member 56 instead of 72
  bool owned_ = false;
};

class Value {
 public:
  enum class Kind { kNull, kBool, kInt, kDouble, kString, kArray, kObject };
  using Key = facts::Key;
  using Array = std::vector<Value>;
  using Member = std::pair<Key, Value>;
  using Object = std::vector<Member>;

  Value() noexcept : tag_(kNullTag), scalar_(0) {}
  Value(std::nullptr_t) noexcept : tag_(kNullTag), scalar_(0) {}
  Value(bool b) noexcept : tag_(kBoolTag), scalar_(0) { b_ = b; }
  Value(int i) noexcept : tag_(kIntTag), i_(i) {}
  Value(std::int64_t i) noexcept : tag_(kIntTag), i_(i) {}
  Value(double d) noexcept : tag_(kDoubleTag), d_(d) {}
  Value(const std::string& s) : tag_(kStringTag), s_(s) {}
  Value(std::string&& s) noexcept : tag_(kStringTag), s_(std::move(s)) {}
  Value(std::string_view s) : tag_(kStringTag), s_(s) {}
  Value(const char* s) : tag_(kStringTag), s_(s) {}
  Value(Array a) noexcept : tag_(kArrayTag), a_(std::move(a)) {}
  Value(Object o) noexcept : tag_(kObjectTag), o_(std::move(o)) {}

  Value(const Value& o) : tag_(o.tag_) {
    if (owns()) copy_from(o);
    else scalar_ = o.scalar_;
  }
  Value(Value&& o) noexcept : tag_(o.tag_) {
    if (owns()) move_from(std::move(o));
    else scalar_ = o.scalar_;
  }
  Value& operator=(const Value& o) {
    if (this != &o) {
      Value copy(o);
      *this = std::move(copy);
    }
    return *this;
  }
  Value& operator=(Value&& o) noexcept {
    if (this != &o) {
      Value from(std::move(o));  // first: `o` may live inside this value
      if (owns()) destroy();
      tag_ = from.tag_;
      if (owns()) move_from(std::move(from));
      else scalar_ = from.scalar_;
    }
    return *this;
  }
  // Scalars and shared strings own nothing: no call on the usual destruction of a member.
  ~Value() {
    if (owns()) destroy();
  }

  /// A string value that refers to `s` instead of copying it: `s` must outlive the value and every
  /// copy of it (use strings from facts::intern, which live as long as the process). Schema names
  /// and lexicon strings repeat in every record; most are longer than std::string's inline buffer.
  static Value shared(const std::string& s) noexcept {
    Value v;
    v.tag_ = kSharedTag;
    v.p_ = &s;
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
    return tag_ == kSharedTag ? Kind::kString : static_cast<Kind>(tag_);
  }
  bool is_null() const noexcept { return tag_ == kNullTag; }
  bool is_bool() const noexcept { return tag_ == kBoolTag; }
  bool is_int() const noexcept { return tag_ == kIntTag; }
  bool is_double() const noexcept { return tag_ == kDoubleTag; }
  bool is_number() const noexcept { return is_int() || is_double(); }
  bool is_string() const noexcept { return tag_ == kStringTag || tag_ == kSharedTag; }
  bool is_array() const noexcept { return tag_ == kArrayTag; }
  bool is_object() const noexcept { return tag_ == kObjectTag; }

  bool as_bool() const { return check(kBoolTag), b_; }
  std::int64_t as_int() const { return check(kIntTag), i_; }
  double as_double() const {
    if (is_int()) return static_cast<double>(i_);
    return check(kDoubleTag), d_;
  }
  const std::string& as_string() const {
    if (tag_ == kSharedTag) return *p_;
    return check(kStringTag), s_;
  }
  const Array& as_array() const { return check(kArrayTag), a_; }
  Array& as_array() { return check(kArrayTag), a_; }
  const Object& as_object() const { return check(kObjectTag), o_; }
  Object& as_object() { return check(kObjectTag), o_; }

  /// Member lookup (objects are small: linear). nullptr when absent or not an object. Inline, with
  /// names compared by same_bytes: the mapping engine looks up every reference this way.
  const Value* find(std::string_view key) const noexcept {
    if (!is_object()) return nullptr;
    const std::size_t n = key.size();
    // The usual name (4 to 16 bytes): its two words loaded once, not same_bytes per member.
    if (n >= 8 && n <= 16) return find_by_words<std::uint64_t>(key);
    if (n >= 4 && n < 8) return find_by_words<std::uint32_t>(key);
    for (const auto& [k, v] : o_)
      if (k.size() == n && same_bytes(k.data(), key.data(), n)) return &v;
    return nullptr;
  }
  /// Sets a member: replaces an existing key in place, else appends. Requires an object.
  Value& set(Key key, Value v);
  /// Appends to an array. Requires an array.
  Value& push_back(Value v);
  /// Appends a member without looking for an existing one (the caller knows the key is new).
  /// Requires an object.
  Value& append(Key key, Value v) {
    auto& members = as_object();
    members.emplace_back(std::move(key), std::move(v));
    return members.back().second;
  }
  /// Room for `n` items (array) or members (object); no effect on other kinds.
  void reserve(std::size_t n);

  /// A shared string equals an owned one with the same bytes.
  friend bool operator==(const Value& a, const Value& b);

 private:
  // A tagged union rather than std::variant: destroying or moving a scalar member is a test of the
  // tag, not an indirect call through the variant's table (records are built and destroyed by the
  // ten thousand). The first seven tags are the Kinds.
  enum Tag : std::uint8_t {
    kNullTag,
    kBoolTag,
    kIntTag,
    kDoubleTag,
    kStringTag,
    kArrayTag,
    kObjectTag,
    kSharedTag  // a string not owned: p_
  };
  bool owns() const noexcept { return tag_ >= kStringTag && tag_ <= kObjectTag; }
  // find() for a key of sizeof(Word) to 2 * sizeof(Word) bytes: its first and last word (which
  // overlap or meet) compared with each same-sized name's, as same_ends does.
  template <class Word>
  const Value* find_by_words(std::string_view key) const noexcept {
    const std::size_t n = key.size();
    Word first, last;
    std::memcpy(&first, key.data(), sizeof(Word));
    std::memcpy(&last, key.data() + n - sizeof(Word), sizeof(Word));
    for (const auto& [k, v] : o_) {
      if (k.size() != n) continue;
      Word k_first, k_last;
      std::memcpy(&k_first, k.data(), sizeof(Word));
      std::memcpy(&k_last, k.data() + n - sizeof(Word), sizeof(Word));
      if (((k_first ^ first) | (k_last ^ last)) == 0) return &v;
    }
    return nullptr;
  }
  void check(Tag t) const {
    if (tag_ != t) bad_access();
  }
  [[noreturn]] static void bad_access();
  void destroy() noexcept;
  // A member's or item's value, destroyed by its container (see destroy()): strings inline, no
  // call; an empty array or object (no buffer) has nothing to free.
  void destroy_child() noexcept {
    if (tag_ == kStringTag)
      s_.~basic_string();
    else if ((tag_ == kArrayTag && a_.data()) || (tag_ == kObjectTag && o_.data()))
      destroy();
  }
  void copy_from(const Value& o);
  void move_from(Value&& o) noexcept;

  Tag tag_;
  union {
    bool b_;
    std::int64_t i_;
    double d_;
    const std::string* p_;
    std::uint64_t scalar_;  // copies any of the above
    std::string s_;
    Array a_;
    Object o_;
  };
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
