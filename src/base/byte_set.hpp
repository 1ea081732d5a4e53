#pragma once
// An exact set of byte strings, kept in one buffer in the order first inserted. The caller gives
// each string's hash (XXH3 for the exported lines and the engine's memo keys); a hash match is
// confirmed on the bytes. Open addressing over entry numbers + 1, each slot tagged with its hash's
// high half, at most half full; clear() keeps the room.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace treatykg {

class ByteSet {
 public:
  /// Whether `bytes` (with hash `hash`) is new; a new string is copied in.
  bool insert(std::uint64_t hash, std::string_view bytes) {
    if (2 * (ends_.size() + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t tag = hash & kTagBits;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const std::uint64_t s = slots_[i];
      if (s == 0) {
        bytes_ += bytes;
        ends_.push_back(bytes_.size());
        hashes_.push_back(hash);
        slots_[i] = tag | ends_.size();
        return true;
      }
      // The tag (the hash's high half) settles most mismatches without another memory access.
      if ((s & kTagBits) == tag && at((s & kEntryBits) - 1) == bytes) return false;
    }
  }
  /// Starts loading the slot an insert of `hash` looks at first: a caller that knows its next
  /// strings' hashes overlaps those cache misses with its work.
  void prefetch(std::uint64_t hash) const noexcept {
    // Unconditional, on a table never empty: GCC 12 drops a prefetch behind an emptiness test.
    __builtin_prefetch(slots_.data() + (hash & (slots_.size() - 1)));
  }
  /// Room for `bytes` of strings in `count` strings, so that the buffers do not regrow (a copy, and
  /// old and new buffer both held for a moment) while they fill.
  void reserve(std::size_t bytes, std::size_t count) {
    bytes_.reserve(bytes);
    ends_.reserve(count);
    hashes_.reserve(count);
  }
  void clear() {
    if (ends_.empty()) return;
    std::fill(slots_.begin(), slots_.end(), 0);
    bytes_.clear();
    ends_.clear();
    hashes_.clear();
  }
  std::size_t size() const noexcept { return ends_.size(); }
  /// The bytes of every string kept.
  std::size_t bytes() const noexcept { return bytes_.size(); }
  /// Every string kept, one after another in the order first inserted.
  std::string_view contents() const noexcept { return bytes_; }

 private:
  std::string_view at(std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }
  void grow() {
    slots_.assign(std::max(kFirstSlots, 2 * slots_.size()), 0);  // a moved-from set has none
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t n = 0; n < ends_.size(); ++n) {
      std::size_t i = hashes_[n] & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = (hashes_[n] & kTagBits) | (n + 1);
    }
  }

  std::string bytes_;
  std::vector<std::size_t> ends_;
  std::vector<std::uint64_t> hashes_;
  // A slot: 0 (empty), or the entry number + 1 in the low half and the hash's high half above it.
  static constexpr std::uint64_t kTagBits = 0xFFFFFFFF00000000u, kEntryBits = ~kTagBits;
  static constexpr std::size_t kFirstSlots = 64;
  std::vector<std::uint64_t> slots_ = std::vector<std::uint64_t>(kFirstSlots, 0);
};

}  // namespace treatykg
