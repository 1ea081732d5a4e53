#include "text/document.hpp"

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace treatykg::text {
namespace {

inline bool is_cont(unsigned char b) noexcept {
  return (b & 0xC0) == 0x80;
}

// Code points that start in [p, p + n): every byte but the continuation bytes (10xxxxxx), counted
// eight at a time.
std::size_t count_starts(const char* p, std::size_t n) noexcept {
  std::size_t count = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    // Bit 7 of each byte that has bit 7 set and bit 6 clear.
    std::uint64_t cont = w & ~(w << 1) & 0x8080808080808080ULL;
    // Their number: one 1 per byte, summed into the top byte by a multiply (std::popcount is a
    // library call without -mpopcnt).
    count += 8 - static_cast<std::size_t>(((cont >> 7) * 0x0101010101010101ULL) >> 56);
  }
  for (; i < n; ++i)
    if (!is_cont(static_cast<unsigned char>(p[i]))) ++count;
  return count;
}

// count_starts of a whole 64-byte block: with SSE2 (always there on x86-64) sixteen bytes per
// compare, the block's counts summed once.
std::size_t count_starts64(const char* p) noexcept {
#ifdef __SSE2__
  const __m128i below = _mm_set1_epi8(-64);  // continuation bytes are -128..-65 as signed bytes
  __m128i cont = _mm_setzero_si128();
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    cont = _mm_sub_epi8(cont, _mm_cmplt_epi8(v, below));  // +1 per continuation byte
  }
  const __m128i sums = _mm_sad_epu8(cont, _mm_setzero_si128());
  return 64 - static_cast<std::size_t>(_mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4));
#else
  return count_starts(p, 64);
#endif
}

}  // namespace

CodepointIndex::CodepointIndex(std::string_view text) : text_(text) {
  block_.reserve(text.size() / 64 + 2);
  std::uint32_t count = 0;
  for (std::size_t i = 0; i < text.size(); i += 64) {
    block_.push_back(count);
    count += static_cast<std::uint32_t>(text.size() - i >= 64
                                            ? count_starts64(text.data() + i)
                                            : count_starts(text.data() + i, text.size() - i));
  }
  block_.push_back(count);
}

std::size_t CodepointIndex::to_cp(std::size_t byte) const noexcept {
  if (byte >= text_.size()) return block_.back();
  const std::size_t block = byte >> 6, start = block << 6;
  // A block with as many code points as bytes has no continuation byte: every byte starts one.
  const std::size_t block_bytes = std::min<std::size_t>(64, text_.size() - start);
  if (block_[block + 1] - block_[block] == block_bytes) return block_[block] + (byte - start);
  return block_[block] + count_starts(text_.data() + start, byte - start);
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
