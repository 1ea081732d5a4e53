#pragma once
// JSONPath as RML uses it (Goessner's JSONPath, the subset the RML suites exercise): `$` root (or
// `@`, the current record), `.name`, `['name']`, `["a","b"]`, `.*`, `[*]`, `[0]`, `[-1]`, `[0,2]`,
// `[start:end:step]`, `..name` / `..*` / `..[0]` (recursive descent) and filters `[?(@.x == 'v')]`
// with ==, !=, <, <=, >, >=, &&, ||, !, parentheses, existence tests (`[?(@.x)]`), string, number,
// true/false/null literals and paths from `@` or `$`.
//
// A Path is parsed once (compile time; bad syntax throws MappingError naming the expression) and
// evaluated per record.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "facts/value.hpp"

namespace treatykg::mapping::jsonpath {

struct Filter;

struct Segment {
  enum class Kind { kChild, kWildcard, kIndex, kSlice, kFilter };
  Kind kind = Kind::kChild;
  bool recursive = false;             // `..` before the selector
  std::vector<std::string> names;     // kChild: one or more (union)
  std::vector<std::int64_t> indices;  // kIndex: one or more (union)
  std::optional<std::int64_t> start, end;
  std::int64_t step = 1;                 // kSlice
  std::shared_ptr<const Filter> filter;  // kFilter
};

class Path {
 public:
  /// Parses `text`. Throws MappingError("invalid JSONPath '...': reason").
  static Path parse(std::string_view text);
  /// A path from already parsed segments (filter sub-paths).
  static Path from_segments(std::string text, std::vector<Segment> segments);

  /// Appends the nodes selected from `root` to `out` (document order).
  void evaluate(const facts::Value& root, std::vector<const facts::Value*>& out) const;
  /// Evaluates the segments [from, end) starting at `node`.
  void evaluate_from(std::size_t from, const facts::Value& node, const facts::Value& root,
                     std::vector<const facts::Value*>& out) const;

  /// When the path is `$.a.b` (plain single-name children only): the names.
  bool is_simple_names() const noexcept;
  const std::vector<Segment>& segments() const noexcept { return segments_; }
  const std::string& text() const noexcept { return text_; }

  /// Streaming split: `$.a.b[*]<rest>` / `$[?(...)]<rest>` -> prefix names {a, b}, the element
  /// selector index (wildcard or filter, not recursive) and the rest from index+1. False when the
  /// path does not have that shape (it must then be evaluated on the whole document).
  bool stream_split(std::vector<std::string>& prefix, std::size_t& selector) const;
  /// Whether an element (array item or object member value) passes selector `i` (wildcard or
  /// filter).
  bool element_passes(std::size_t i, const facts::Value& element, const facts::Value& root) const;
  /// When selector `i` is exactly `[?(@.name == 'text')]`: {name, text}. Lets a caller dispatch
  /// records by that member once instead of evaluating each such filter per record.
  std::optional<std::pair<std::string, std::string>> member_equals(std::size_t i) const;

 private:
  std::string text_;
  std::vector<Segment> segments_;
};

}  // namespace treatykg::mapping::jsonpath
