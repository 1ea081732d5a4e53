#pragma once
// A set of 128-bit hashes standing for the strings they were computed from: for callers that
// cannot keep the strings (they are written out, or held by another thread) and whose strings are
// not chosen to collide. Two of a million strings share a 128-bit hash with a probability near
// 1e-27. Open addressing, at most half full; clear() keeps the room.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace treatykg {

struct Hash128 {
  std::uint64_t low = 0, high = 0;
  friend bool operator==(const Hash128&, const Hash128&) = default;
};

class HashSet128 {
 public:
  HashSet128() : slots_(kFirstSlots) {}

  /// Whether `hash` is new; a new one is kept.
  bool insert(const Hash128& hash) {
    // {0, 0} marks an empty slot: that hash is kept apart.
    if (hash == Hash128{}) return !std::exchange(has_zero_, true);
    if (2 * (size_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash.low & mask;; i = (i + 1) & mask) {
      Hash128& s = slots_[i];
      if (s == hash) return false;
      if (s == Hash128{}) {
        s = hash;
        ++size_;
        return true;
      }
    }
  }
  /// Starts loading the slot an insert of `hash` looks at first: a caller that knows its next
  /// hashes overlaps those cache misses with its work.
  void prefetch(const Hash128& hash) const noexcept {
    // Unconditional, on a table never empty: GCC 12 drops a prefetch behind an emptiness test.
    __builtin_prefetch(slots_.data() + (hash.low & (slots_.size() - 1)));
  }
  void clear() {
    if (size_ != 0) std::fill(slots_.begin(), slots_.end(), Hash128{});
    size_ = 0;
    has_zero_ = false;
  }
  std::size_t size() const noexcept { return size_ + (has_zero_ ? 1 : 0); }

 private:
  void grow() {
    std::vector<Hash128> old(
        std::max(kFirstSlots, 2 * slots_.size()));  // a moved-from set has none
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Hash128& h : old) {
      if (h == Hash128{}) continue;
      std::size_t i = h.low & mask;
      while (!(slots_[i] == Hash128{})) i = (i + 1) & mask;
      slots_[i] = h;
    }
  }

  static constexpr std::size_t kFirstSlots = 1024;
  std::vector<Hash128> slots_;  // {0, 0}: empty
  std::size_t size_ = 0;        // slots in use
  bool has_zero_ = false;       // whether the hash {0, 0} was inserted
};

}  // namespace treatykg
