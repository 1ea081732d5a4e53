#pragma once
// Short byte ranges compared and copied without a call: the vocabulary's words (extraction), the
// member names of fact records (facts::Value::find, on every reference the mapping engine
// resolves), and the short parts of memo keys and output lines.

#include <cstdint>
#include <cstring>

namespace treatykg {

// Whether the first and the last sizeof(Word) bytes of two ranges of length n agree: for
// sizeof(Word) <= n <= 2 * sizeof(Word), two overlapping loads per side cover every byte.
template <class Word>
inline bool same_ends(const char* a, const char* b, std::size_t n) noexcept {
  Word a0, a1, b0, b1;
  std::memcpy(&a0, a, sizeof(Word));
  std::memcpy(&b0, b, sizeof(Word));
  std::memcpy(&a1, a + n - sizeof(Word), sizeof(Word));
  std::memcpy(&b1, b + n - sizeof(Word), sizeof(Word));
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

// Equality of two byte ranges of length n, inline for short words and member names (no call to
// memcmp on every lookup that hits).
inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  if (n >= 8 && n <= 16) return same_ends<std::uint64_t>(a, b, n);
  if (n >= 4 && n < 8) return same_ends<std::uint32_t>(a, b, n);
  if (n < 4)  // first, middle and last byte cover 1 to 3 bytes
    return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
  return std::memcmp(a, b, n) == 0;
}

// Copies n < 16 bytes from r to w without a call: 8-15 and 4-7 bytes as two overlapping words,
// 1-3 bytes as the first, middle and last byte. Returns the end of w.
[[gnu::always_inline]] inline char* copy_short(char* w, const char* r, std::size_t n) noexcept {
  if (n >= 8) {
    std::uint64_t a, b;
    std::memcpy(&a, r, 8);
    std::memcpy(&b, r + n - 8, 8);
    std::memcpy(w, &a, 8);
    std::memcpy(w + n - 8, &b, 8);
  } else if (n >= 4) {
    std::uint32_t a, b;
    std::memcpy(&a, r, 4);
    std::memcpy(&b, r + n - 4, 4);
    std::memcpy(w, &a, 4);
    std::memcpy(w + n - 4, &b, 4);
  } else if (n > 0) {
    w[0] = r[0];
    w[n / 2] = r[n / 2];
    w[n - 1] = r[n - 1];
  }
  return w + n;
}

}  // namespace treatykg
