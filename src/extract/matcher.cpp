#include "extract/matcher.hpp"

namespace treatykg::extract {

std::int32_t Vocabulary::intern(std::string_view word) {
  std::int32_t id = find(word);
  if (id != kNoWord) return id;
  id = static_cast<std::int32_t>(words_.size());
  words_.emplace_back(word);
  std::uint64_t tag = 0;
  if (word.size() >= 2 && word.size() <= 7) {
    std::memcpy(&tag, word.data(), word.size());  // little-endian x86-64: the zero-padded word
    tag |= std::uint64_t{word.size()} << 56;
  }
  tags_.push_back(tag);
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

}  // namespace treatykg::extract
