#include "text/document.hpp"

namespace treatykg::text {
namespace {

inline bool is_cont(unsigned char b) noexcept {
  return (b & 0xC0) == 0x80;
}

}  // namespace

CodepointIndex::CodepointIndex(std::string_view text) : text_(text) {
  block_.reserve(text.size() / 64 + 2);
  std::uint32_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((i & 63) == 0) block_.push_back(count);
    if (!is_cont(static_cast<unsigned char>(text[i]))) ++count;
  }
  block_.push_back(count);
}

std::size_t CodepointIndex::to_cp(std::size_t byte) const noexcept {
  if (byte >= text_.size()) return block_.back();
  std::size_t block = byte >> 6;
  std::size_t n = block_[block];
  for (std::size_t i = block << 6; i < byte; ++i)
    if (!is_cont(static_cast<unsigned char>(text_[i]))) ++n;
  return n;
}

bool is_iso_date(std::string_view s) noexcept {
  auto digits = [&](std::size_t from, std::size_t n) {
    if (s.size() < from + n) return false;
    for (std::size_t i = from; i < from + n; ++i)
      if (s[i] < '0' || s[i] > '9') return false;
    return true;
  };
  if (!digits(0, 4)) return false;
  if (s.size() == 4) return true;
  if (s.size() < 7 || s[4] != '-' || !digits(5, 2)) return false;
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  if (month < 1 || month > 12) return false;
  if (s.size() == 7) return true;
  if (s.size() != 10 || s[7] != '-' || !digits(8, 2)) return false;
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return day >= 1 && day <= kDays[month - 1];
}

}  // namespace treatykg::text
