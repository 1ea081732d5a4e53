#pragma once
// A trie over normalised words, compiled once and then only read (so it is safe to share between
// threads). Words are interned in a Vocabulary; an article token that is not in the vocabulary can
// never start or continue a match, so most tokens cost one hash probe. Both tables are
// open-addressing hash tables (the hot path of extraction; std::unordered_map costs twice as much
// here).

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"

namespace treatykg::extract {

inline constexpr std::int32_t kNoWord = -1;
// hash_bytes and Vocabulary::find_padded read words as little-endian 8-byte integers.
static_assert(std::endian::native == std::endian::little);

inline constexpr std::uint64_t kHashSeed = 0x9E3779B97F4A7C15ULL;  // xor-ed with the length

// hash_bytes' last step: the zero-padded last word mixed in. Vocabulary::find_padded hashes a word
// under 8 bytes with this step alone.
inline std::uint64_t hash_last_word(std::uint64_t h, std::uint64_t tail) noexcept {
  h = (h ^ tail) * 0x94D049BB133111EBULL;
  return h ^ (h >> 29);
}

inline std::uint64_t hash_bytes(std::string_view s) noexcept {
  // 8 bytes at a time, multiply-xorshift mixing (words are short; this is on the per-token path).
  std::uint64_t h = kHashSeed ^ s.size();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  }
  // The last 1-7 bytes as one zero-padded little-endian word (two overlapping loads, 4+4 or 2+2,
  // or one byte, instead of a byte loop): the same value Vocabulary::find_padded masks out of one
  // 8-byte load.
  std::uint64_t tail = 0;
  const std::size_t r = s.size() - i;
  const char* p = s.data() + i;
  if (r >= 4) {
    std::uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + r - 4, 4);
    tail = std::uint64_t{a} | (std::uint64_t{b} << (8 * (r - 4)));
  } else if (r >= 2) {
    std::uint16_t a, b;
    std::memcpy(&a, p, 2);
    std::memcpy(&b, p + r - 2, 2);
    tail = std::uint64_t{a} | (std::uint64_t{b} << (8 * (r - 2)));
  } else if (r == 1) {
    tail = static_cast<unsigned char>(p[0]);
  }
  return hash_last_word(h, tail);
}

class Vocabulary {
 public:
  Vocabulary() : slots_(64, -1) { single_.fill(kNoWord); }
  std::int32_t intern(std::string_view word);
  // Inlined into the per-token loop: as a call it spent a quarter of its instructions on saving
  // and restoring registers.
  [[gnu::always_inline]] std::int32_t find(std::string_view word) const noexcept {
    // One-byte words (",", ".", "a") are a fifth of an article's tokens: a table, no hash.
    if (word.size() == 1) return single_[static_cast<unsigned char>(word[0])];
    const std::size_t mask = mask_;
    for (std::size_t i = hash_bytes(word) & mask;; i = (i + 1) & mask) {
      std::int32_t id = slots_[i];
      if (id < 0) return kNoWord;
      const std::string& w = words_[static_cast<std::size_t>(id)];
      if (w.size() == word.size() && same_bytes(w.data(), word.data(), word.size()))
        return id;
    }
  }
  // find() for a word of which 16 bytes can be read from word.data() (the bytes past its end are
  // masked off): a word of 2 to 7 bytes is hashed and compared as one 8-byte load, one of 8 to 15
  // as two, with no look at the stored string.
  [[gnu::always_inline]] std::int32_t find_padded(std::string_view word) const noexcept {
    const std::size_t n = word.size();
    if (n - 2 > 13) return find(word);  // 0, 1 and 16+ bytes
    std::uint64_t w;
    std::memcpy(&w, word.data(), 8);
    if (n < 8) {
      w &= ~std::uint64_t{0} >> (64 - 8 * n);
      const std::uint64_t h = hash_last_word(kHashSeed ^ n, w);  // = hash_bytes(word)
      const std::uint64_t tag = w | (std::uint64_t{n} << 56);
      for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
        const std::int32_t id = slots_[i];
        if (id < 0) return kNoWord;
        if (tags_[static_cast<std::size_t>(id)] == tag) return id;
      }
    }
    std::uint64_t rest;
    std::memcpy(&rest, word.data() + 8, 8);
    rest &= (std::uint64_t{1} << (8 * (n - 8))) - 1;
    std::uint64_t h = (kHashSeed ^ n ^ w) * 0xBF58476D1CE4E5B9ULL;  // = hash_bytes(word)
    h = hash_last_word(h ^ (h >> 31), rest);
    const std::uint64_t tag = rest | (std::uint64_t{n} << 56);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const std::int32_t id = slots_[i];
      if (id < 0) return kNoWord;
      const auto u = static_cast<std::size_t>(id);
      if (tags_[u] == tag && heads_[u] == w) return id;
    }
  }
  std::size_t size() const noexcept { return words_.size(); }
  const std::string& word(std::int32_t id) const { return words_[static_cast<std::size_t>(id)]; }

 private:
  void grow();
  std::vector<std::string> words_;
  // Per word of 2 to 7 bytes: its bytes (zero-padded, little-endian) with its length in the top
  // byte; of 8 to 15 bytes: the same of its bytes past the first 8, which are in heads_. 0 for
  // other lengths (no query tag is 0: its top byte is the length).
  std::vector<std::uint64_t> tags_;
  std::vector<std::uint64_t> heads_;
  std::vector<std::int32_t> slots_;  // power of two, at most half full
  std::size_t mask_ = 63;            // slots_.size() - 1 (a member: no size() per lookup)
  std::array<std::int32_t, 256> single_;  // the id of each one-byte word, else kNoWord
};

class PhraseTrie {
 public:
  PhraseTrie() : nodes_(1), keys_(64, kEmpty), values_(64, 0) {}
  /// Adds a word-id sequence with a payload (any number of payloads per phrase).
  void add(const std::vector<std::int32_t>& words, std::uint32_t payload);

  /// Whether some phrase starts with the word `id` (kNoWord: none).
  bool starts_with(std::int32_t id) const noexcept {
    return static_cast<std::size_t>(id) < root_n_ && root_[static_cast<std::size_t>(id)] != 0;
  }

  /// Calls `f(length, payloads)` for every phrase that starts at ids[0] (shortest first).
  template <class F>
  void each_prefix(const std::int32_t* ids, std::size_t n, F&& f) const {
    if (n == 0) return;
    // The first step: a direct table (kNoWord, -1, is out of its range).
    if (static_cast<std::size_t>(ids[0]) >= root_n_) return;
    std::uint32_t node = root_[static_cast<std::size_t>(ids[0])];
    for (std::size_t k = 1; node != 0; ++k) {
      const Node& nd = nodes_[node];
      if (!nd.payloads.empty()) f(k, nd.payloads);
      if (k == n) return;
      // Most walks end here: no child (most phrases end at their node), or none whose word id
      // has the next word's low six bits (no hash probe that is bound to miss).
      const std::int32_t w = ids[k];
      if (w == kNoWord || !((nd.kids >> (static_cast<std::uint32_t>(w) & 63)) & 1)) return;
      node = child(node, w);
    }
  }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  static std::uint64_t key(std::uint32_t node, std::int32_t word) noexcept {
    return (std::uint64_t{node} << 32) | static_cast<std::uint32_t>(word);
  }
  static std::size_t slot(std::uint64_t k) noexcept {
    // The product's high half: its low 32 bits depend on the word alone, so that slots taken from
    // them put every child with one word in one probe chain.
    return static_cast<std::size_t>((k * 0x9E3779B97F4A7C15ULL) >> 32);
  }
  std::uint32_t child(std::uint32_t node, std::int32_t word) const noexcept {
    if (node == 0)  // the first step of every walk: a direct table
      return static_cast<std::size_t>(word) < root_n_ ? root_[static_cast<std::size_t>(word)] : 0;
    std::uint64_t k = key(node, word);
    std::size_t mask = keys_.size() - 1;
    for (std::size_t i = slot(k) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == k) return values_[i];
      if (keys_[i] == kEmpty) return 0;  // the root is never a child
    }
  }
  void insert(std::uint64_t k, std::uint32_t v);
  struct Node {
    std::vector<std::uint32_t> payloads;
    std::uint64_t kids = 0;  // bit (word id mod 64) of every child's word
  };
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> root_;  // word id -> child of the root (0: none)
  std::size_t root_n_ = 0;           // root_.size() (a member: no size() per walk)
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> values_;
  std::size_t used_ = 0;
};

// A pre-test for a unit of text: can any of a set of phrases match in it? A token whose normal form
// starts with ASCII letters opens with a run of those letters that has no ASCII letter right before
// or after it (see text::tokenize). So a phrase can only match in a text where, for each of its
// words, such a run spells the word's leading letters, in any case. The test looks for the runs of
// each phrase's two longest words, several times cheaper than tokenizing and matching, and is exact
// in one direction: it never says no for a text with a match (grep -F -w -i, two words per phrase).
class AnchorFilter {
 public:
  static constexpr std::size_t kLongestRun = 64;
  /// A run of up to 15 lower-case letters: its bytes and its length in two integers.
  struct Packed {
    std::uint64_t head = 0, tail = 0;  // head 0: an empty slot
    bool operator==(const Packed&) const = default;
  };
  /// Adds a phrase by its words (normal forms, as phrase_words gives them).
  void add(const std::vector<std::string>& words);
  /// Interns the words looked for into `vocab`; call once, after the last add().
  void compile(Vocabulary& vocab);
  /// False only when no phrase added can match in `text`.
  bool may_match(std::string_view text, const Vocabulary& vocab) const;
  /// Whether a phrase has no word that starts with an ASCII letter: then every text passes.
  bool passes_all() const noexcept { return pass_all_; }

 private:
  std::vector<std::vector<std::string>> phrases_;  // the runs of each phrase, until compile()
  // Per vocabulary id: the index of the run it spells, or -1. Runs are numbered from 0 in the
  // order first met; partners_ and alone_ have one entry per run.
  std::vector<std::int32_t> run_of_;
  // Per run: the second runs of the phrases it is the first (longest) run of, and whether it is a
  // phrase's only run (then a text with it passes at once).
  std::vector<std::vector<std::uint32_t>> partners_;
  std::vector<char> alone_;
  // Runs of up to 15 letters by Packed (open addressing, power of two, at most a quarter full: most
  // probes find an empty slot at once). Longer runs go through the vocabulary.
  std::vector<Packed> packed_;
  std::vector<std::uint32_t> packed_run_;
  std::size_t packed_mask_ = 0;
  [[gnu::always_inline]] std::uint32_t run_index(Packed key) const noexcept;  // or kNoRun
  std::uint32_t long_run(std::string_view letters, const Vocabulary& vocab) const noexcept;
  std::size_t longest_ = 0;
  bool pass_all_ = false;
};

}  // namespace treatykg::extract
