#pragma once
// UTF-8 helpers. Article offsets are code points; files are bytes: these functions convert.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace treatykg::utf8 {

/// Byte offset of the first invalid sequence (overlong, surrogate, > U+10FFFF, truncated), or nullopt.
std::optional<std::size_t> find_invalid(std::string_view bytes) noexcept;

/// Decodes the code point at `i` (valid UTF-8 assumed) and advances `i` past it.
char32_t decode(std::string_view s, std::size_t& i) noexcept;

/// Appends the UTF-8 encoding of `cp`.
void append(std::string& out, char32_t cp);

/// Number of code points in valid UTF-8.
std::size_t length(std::string_view s) noexcept;

/// Length in bytes of the sequence starting with lead byte `b` (1 for invalid leads).
inline std::size_t sequence_length(unsigned char b) noexcept {
  return b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
}

/// Line and column (code points) of byte `offset`, both 0-based.
struct LineCol {
  std::uint32_t line;
  std::uint32_t column;
};
LineCol line_col(std::string_view text, std::size_t offset) noexcept;

}  // namespace treatykg::utf8
