#pragma once
// Equality of short byte ranges without a call: the vocabulary's words (extraction) and the member
// names of fact records (facts::Value::find, on every reference the mapping engine resolves).

#include <cstdint>
#include <cstring>

namespace treatykg {

// Equality of two byte ranges of length n, inline for the short words of the vocabulary (two
// overlapping loads per side instead of a call to memcmp on every lookup that hits).
inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  if (n >= 8 && n <= 16) {
    std::uint64_t a0, a1, b0, b1;
    std::memcpy(&a0, a, 8);
    std::memcpy(&b0, b, 8);
    std::memcpy(&a1, a + n - 8, 8);
    std::memcpy(&b1, b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n >= 4 && n < 8) {
    std::uint32_t a0, a1, b0, b1;
    std::memcpy(&a0, a, 4);
    std::memcpy(&b0, b, 4);
    std::memcpy(&a1, a + n - 4, 4);
    std::memcpy(&b1, b + n - 4, 4);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n < 4)  // first, middle and last byte cover 1 to 3 bytes
    return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
  return std::memcmp(a, b, n) == 0;
}

}  // namespace treatykg
