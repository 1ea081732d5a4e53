#pragma once
// text::Document: one article as read from a file, a JSON Lines record or standard input.
// The body is valid UTF-8 with the BOM removed and CRLF turned into LF; every offset the project
// publishes is a code point offset into it (see CodepointIndex).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace treatykg::text {

struct Document {
  std::string id;         // front matter `id`, JSON `id`, else the file stem (or `<stem>:<line>`)
  std::string title;      // empty when unknown
  std::string publisher;  // empty when unknown
  std::string url;        // empty when unknown
  std::string published;  // "YYYY-MM-DD", "YYYY-MM" or "YYYY"; empty when unknown
  std::string language;   // BCP 47; "en" when not given
  std::string body;       // UTF-8 text after the front matter
  std::string source;     // where it came from: path, "-" or "path:line" for JSON Lines
};

/// Maps byte offsets of a UTF-8 text to code point offsets in O(1) after an O(n) build
/// (one counter per 64-byte block). The text must outlive the index.
class CodepointIndex {
 public:
  explicit CodepointIndex(std::string_view text);
  /// Code point offset of byte offset `byte` (which must be on a sequence boundary or the end).
  std::size_t to_cp(std::size_t byte) const noexcept;
  std::size_t size_cp() const noexcept { return to_cp(text_.size()); }

 private:
  std::string_view text_;
  std::vector<std::uint32_t> block_;  // code points before each 64-byte block
};

/// True when `s` is "YYYY", "YYYY-MM" or "YYYY-MM-DD" with a valid month and day.
bool is_iso_date(std::string_view s) noexcept;

}  // namespace treatykg::text
