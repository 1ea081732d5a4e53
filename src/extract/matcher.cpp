#include "extract/matcher.hpp"

#include <algorithm>
#include <span>

namespace treatykg::extract {

std::int32_t Vocabulary::intern(std::string_view word) {
  std::int32_t id = find(word);
  if (id != kNoWord) return id;
  id = static_cast<std::int32_t>(words_.size());
  words_.emplace_back(word);
  std::uint64_t tag = 0, head = 0;
  if (word.size() >= 2 && word.size() <= 7) {
    std::memcpy(&tag, word.data(), word.size());  // little-endian x86-64: the zero-padded word
    tag |= std::uint64_t{word.size()} << 56;
  } else if (word.size() >= 8 && word.size() <= 15) {
    std::memcpy(&head, word.data(), 8);
    std::memcpy(&tag, word.data() + 8, word.size() - 8);
    tag |= std::uint64_t{word.size()} << 56;
  }
  tags_.push_back(tag);
  heads_.push_back(head);
  if (word.size() == 1) single_[static_cast<unsigned char>(word[0])] = id;
  if (words_.size() * 2 > slots_.size()) {
    grow();
    return id;
  }
  std::size_t mask = slots_.size() - 1;
  std::size_t i = hash_bytes(word) & mask;
  while (slots_[i] >= 0) i = (i + 1) & mask;
  slots_[i] = id;
  return id;
}

void Vocabulary::grow() {
  slots_.assign(slots_.size() * 2, -1);
  mask_ = slots_.size() - 1;
  const std::size_t mask = mask_;
  for (std::size_t w = 0; w < words_.size(); ++w) {
    std::size_t i = hash_bytes(words_[w]) & mask;
    while (slots_[i] >= 0) i = (i + 1) & mask;
    slots_[i] = static_cast<std::int32_t>(w);
  }
}

void PhraseTrie::insert(std::uint64_t k, std::uint32_t v) {
  if ((used_ + 1) * 2 > keys_.size()) {
    std::vector<std::uint64_t> old_keys(keys_.size() * 2, kEmpty);
    std::vector<std::uint32_t> old_values(values_.size() * 2, 0);
    old_keys.swap(keys_);
    old_values.swap(values_);
    used_ = 0;
    for (std::size_t i = 0; i < old_keys.size(); ++i)
      if (old_keys[i] != kEmpty) insert(old_keys[i], old_values[i]);
  }
  std::size_t mask = keys_.size() - 1;
  std::size_t i = slot(k) & mask;
  while (keys_[i] != kEmpty) i = (i + 1) & mask;
  keys_[i] = k;
  values_[i] = v;
  ++used_;
}

void PhraseTrie::add(const std::vector<std::int32_t>& words, std::uint32_t payload) {
  std::uint32_t node = 0;
  for (std::int32_t w : words) {
    std::uint32_t next = child(node, w);
    if (next == 0) {
      next = static_cast<std::uint32_t>(nodes_.size());
      nodes_.emplace_back();
      nodes_[node].kids |= std::uint64_t{1} << (static_cast<std::uint32_t>(w) & 63);
      if (node == 0) {
        if (root_.size() <= static_cast<std::size_t>(w))
          root_.resize(static_cast<std::size_t>(w) + 1, 0);
        root_n_ = root_.size();
        root_[static_cast<std::size_t>(w)] = next;
      } else {
        insert(key(node, w), next);
      }
    }
    node = next;
  }
  nodes_[node].payloads.push_back(payload);
}

namespace {

constexpr auto kAsciiLetter = [] {
  std::array<bool, 256> t{};
  for (std::size_t c = 'a'; c <= 'z'; ++c) t[c] = t[c - 32] = true;
  return t;
}();

constexpr std::uint32_t kNoRun = ~0u;
constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighBits = kOnes * 0x80;

// The first n bytes of a little-endian word (n < 8).
inline std::uint64_t first_bytes(std::uint64_t w, std::size_t n) noexcept {
  return n ? w & (~std::uint64_t{0} >> (64 - 8 * n)) : 0;
}

// The high bit of each of the 8 bytes of `w` that is an ASCII letter.
inline std::uint64_t letter_bits(std::uint64_t w) noexcept {
  const std::uint64_t low = (w | kOnes * 0x20) & ~kHighBits;  // letters lower-cased, 7 bits
  const std::uint64_t from_a = (low + kOnes * (0x80 - 'a')) & kHighBits;
  const std::uint64_t past_z = (low + kOnes * (0x80 - 'z' - 1)) & kHighBits;
  return from_a & ~past_z & ~(w & kHighBits);
}

// A run of n < 16 lower-case letters, `w0` its first 8 bytes and `w1` the next 8: its bytes and
// its length, which sits in a byte that no letter of the run fills.
inline AnchorFilter::Packed pack_words(std::uint64_t w0, std::uint64_t w1, std::size_t n) noexcept {
  if (n < 8) return {first_bytes(w0, n) | std::uint64_t{n} << 56, 0};
  return {w0, first_bytes(w1, n - 8) | std::uint64_t{n} << 56};
}

inline std::size_t packed_slot(const AnchorFilter::Packed& k) noexcept {
  return static_cast<std::size_t>(((k.head ^ (k.tail * 0xBF58476D1CE4E5B9ULL)) * kHashSeed) >> 40);
}

}  // namespace

void AnchorFilter::add(const std::vector<std::string>& words) {
  // A word's run is its leading ASCII letters: the whole word ("treaty"), or what its token opens
  // with ("d" of "d.p.r.k.", "kim" of "kim's" spelt with U+02BC, a letter). Nothing past the run in
  // the token is an ASCII letter, in the normal form or in the text.
  std::vector<std::string> runs;
  for (const std::string& w : words) {
    const auto n = static_cast<std::size_t>(
        std::find_if(w.begin(), w.end(), [](char c) { return c < 'a' || c > 'z'; }) - w.begin());
    if (n > 0 && n <= kLongestRun) runs.push_back(w.substr(0, n));
  }
  if (runs.empty()) pass_all_ = true;
  phrases_.push_back(std::move(runs));
}

void AnchorFilter::compile(Vocabulary& vocab) {
  auto run_index = [&](const std::string& r) {
    const auto id = static_cast<std::size_t>(vocab.intern(r));
    if (run_of_.size() <= id) run_of_.resize(id + 1, -1);
    if (run_of_[id] < 0) {
      run_of_[id] = static_cast<std::int32_t>(partners_.size());
      partners_.emplace_back();
      alone_.push_back(0);
    }
    longest_ = std::max(longest_, r.size());
    return static_cast<std::uint32_t>(run_of_[id]);
  };
  for (auto& runs : phrases_) {
    if (runs.empty()) continue;  // pass_all_
    // The two longest runs stand for the phrase: longer words are rarer in prose, and the shorter
    // ones ("the", "of") would only make the scan note more runs.
    std::stable_sort(runs.begin(), runs.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
    const auto second =
        std::find_if(runs.begin(), runs.end(), [&](const auto& r) { return r != runs[0]; });
    const std::uint32_t anchor = run_index(runs[0]);
    if (second == runs.end()) {
      alone_[anchor] = 1;
    } else {
      const std::uint32_t other = run_index(*second);  // may grow partners_
      partners_[anchor].push_back(other);
    }
  }
  phrases_ = {};
  std::size_t slots = 64;
  while (slots < partners_.size() * 4) slots *= 2;
  packed_.assign(slots, Packed{});
  packed_run_.assign(slots, kNoRun);
  packed_mask_ = slots - 1;
  for (std::size_t id = 0; id < run_of_.size(); ++id) {
    const std::string& r = vocab.word(static_cast<std::int32_t>(id));
    if (run_of_[id] < 0 || r.size() >= 16) continue;
    std::uint64_t w[2] = {0, 0};
    std::memcpy(w, r.data(), r.size());
    const Packed key = pack_words(w[0], w[1], r.size());
    std::size_t i = packed_slot(key) & packed_mask_;
    while (packed_[i].head != 0) i = (i + 1) & packed_mask_;
    packed_[i] = key;
    packed_run_[i] = static_cast<std::uint32_t>(run_of_[id]);
  }
}

inline std::uint32_t AnchorFilter::run_index(Packed key) const noexcept {
  for (std::size_t i = packed_slot(key) & packed_mask_;; i = (i + 1) & packed_mask_) {
    if (packed_[i] == key) return packed_run_[i];
    if (packed_[i].head == 0) return kNoRun;
  }
}

std::uint32_t AnchorFilter::long_run(std::string_view letters,
                                     const Vocabulary& vocab) const noexcept {
  if (letters.size() > longest_) return kNoRun;
  char lower[kLongestRun];
  for (std::size_t i = 0; i < letters.size(); ++i) lower[i] = static_cast<char>(letters[i] | 0x20);
  const std::int32_t id = vocab.find(std::string_view(lower, letters.size()));
  if (id < 0 || static_cast<std::size_t>(id) >= run_of_.size()) return kNoRun;
  const std::int32_t r = run_of_[static_cast<std::size_t>(id)];
  return r < 0 ? kNoRun : static_cast<std::uint32_t>(r);
}

bool AnchorFilter::may_match(std::string_view text, const Vocabulary& vocab) const {
  if (pass_all_) return true;
  // The runs met that start or end a pair (a unit spells a few dozen); beyond that many, the
  // text passes rather than being tracked further.
  std::uint32_t met[64];
  std::size_t n_met = 0;
  const char* const s = text.data();
  const std::size_t size = text.size();
  // Eight bytes at offset `at`, zeros past the text's end.
  const std::size_t full_loads_end = size >= 8 ? size - 7 : 0;  // below it: 8 bytes of text
  auto load = [s, size, full_loads_end](std::size_t at) {
    std::uint64_t w = 0;
    if (at < full_loads_end)
      std::memcpy(&w, s + at, 8);
    else if (at < size)
      std::memcpy(&w, s + at, size - at);
    return w;
  };
  // Eight bytes at a time: which are letters, where a run ends.
  std::size_t i = 0;
  while (i < size) {
    const std::uint64_t w = load(i);
    const std::uint64_t letters = letter_bits(w);
    if (!(letters & 0x80)) {  // on to the next letter
      i += letters ? std::countr_zero(letters) / 8 : 8;
      continue;
    }
    const std::uint64_t lower = w | kOnes * 0x20;  // the run's letters lower-cased
    std::uint32_t run;
    if (const std::uint64_t ends = ~letters & kHighBits) {  // 1 to 7 letters
      const auto n = static_cast<std::size_t>(std::countr_zero(ends) / 8);
      run = run_index(pack_words(lower, 0, n));
      // On to the next letter in these 8 bytes (byte n is none), else past them.
      const std::uint64_t next = letters & (~std::uint64_t{0} << (8 * n));
      i += next ? std::countr_zero(next) / 8 : 8;
    } else if (const std::uint64_t w1 = load(i + 8), ends1 = ~letter_bits(w1) & kHighBits;
               ends1) {  // 8 to 15
      const auto n = 8 + static_cast<std::size_t>(std::countr_zero(ends1) / 8);
      run = run_index(pack_words(lower, w1 | kOnes * 0x20, n));
      i += n;
    } else {  // 16 letters or more
      const std::size_t start = i;
      i += 16;
      while (i < size && kAsciiLetter[static_cast<unsigned char>(s[i])]) ++i;
      run = long_run(text.substr(start, i - start), vocab);
    }
    if (run == kNoRun) continue;
    if (alone_[run]) return true;
    if (n_met == std::size(met)) return true;
    met[n_met++] = run;
  }
  // The runs met, stamped with this call's number (per thread): a partner is looked up in one
  // read, not searched for among them.
  thread_local std::vector<std::uint32_t> stamp;
  thread_local std::uint32_t call = 0;
  if (stamp.size() < partners_.size()) stamp.resize(partners_.size(), 0);
  if (++call == 0) {  // wrapped: no stamp may equal a later call's number
    std::fill(stamp.begin(), stamp.end(), 0);
    call = 1;
  }
  for (std::size_t m = 0; m < n_met; ++m) stamp[met[m]] = call;
  for (std::size_t m = 0; m < n_met; ++m)
    for (const std::uint32_t partner : partners_[met[m]])
      if (stamp[partner] == call) return true;
  return false;
}

}  // namespace treatykg::extract
