#include "text/segment.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>

#include "base/utf8.hpp"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace treatykg::text {
namespace {

inline char lower_ascii(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

// Lower-cases `s` into `buf` (which must hold s.size() bytes) and views the result.
std::string_view lower_into(std::string_view s, char* buf) noexcept {
  for (std::size_t i = 0; i < s.size(); ++i) buf[i] = lower_ascii(s[i]);
  return {buf, s.size()};
}

// Eight bytes with their ASCII upper-case letters lower-cased.
inline std::uint64_t lower8(std::uint64_t w) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  // Bit 7 of each byte in 'A'..'Z' (seven-bit sums cannot carry into the next byte), moved to
  // bit 5: the case bit.
  const std::uint64_t low7 = w & ~kHigh;
  const std::uint64_t upper =
      (low7 + kOnes * (0x80 - 'A')) & ~(low7 + kOnes * (0x80 - 'Z' - 1)) & ~w & kHigh;
  return w | upper >> 2;
}

// Whether `s` is all ASCII, eight bytes at a time.
bool all_ascii(std::string_view s) noexcept {
  std::uint64_t any = 0;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    any |= w;
  }
  for (; i < s.size(); ++i) any |= static_cast<unsigned char>(s[i]);
  return (any & 0x8080808080808080ULL) == 0;
}

// Whether s[pos..] starts with `cue` (lower case) when lower-cased.
bool starts_with_lower(std::string_view s, std::size_t pos, std::string_view cue) noexcept {
  if (s.size() - pos < cue.size()) return false;
  for (std::size_t k = 0; k < cue.size(); ++k)
    if (lower_ascii(s[pos + k]) != cue[k]) return false;
  return true;
}

inline bool ascii_alpha(unsigned char c) noexcept {
  return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}
inline bool ascii_alnum(unsigned char c) noexcept {
  return ascii_alpha(c) || (c >= '0' && c <= '9');
}

// Byte classes for the tokenizer's word loop (one table read per byte).
enum : std::uint8_t {
  kAlnumClass = 1,
  kUpperClass = 2,
  kHighClass = 4,
  kLetterClass = 8,
  kSpaceClass = 16
};
constexpr auto kAsciiClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (std::size_t c = 0; c < 256; ++c) {
    if (c >= '0' && c <= '9') t[c] = kAlnumClass;
    if (c >= 'a' && c <= 'z') t[c] = kAlnumClass | kLetterClass;
    if (c >= 'A' && c <= 'Z') t[c] = kAlnumClass | kLetterClass | kUpperClass;
    if (c == ' ' || (c >= '\t' && c <= '\r')) t[c] = kSpaceClass;
    if (c >= 0x80) t[c] = kHighClass;
  }
  return t;
}();

bool is_hspace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

// Trims ASCII blanks and U+00A0 at both ends of [b, e).
void trim_range(std::string_view s, std::size_t& b, std::size_t& e) {
  while (b < e) {
    if (is_hspace(s[b]))
      ++b;
    else if (e - b >= 2 && s[b] == '\xC2' && s[b + 1] == '\xA0')
      b += 2;
    else
      break;
  }
  while (e > b) {
    if (is_hspace(s[e - 1]))
      --e;
    else if (e - b >= 2 && s[e - 2] == '\xC2' && s[e - 1] == '\xA0')
      e -= 2;
    else
      break;
  }
}

bool is_letter_cp(char32_t c) noexcept {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return !is_space_cp(c) && !is_punct_cp(c);
}

bool is_upper_cp(char32_t c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
         (c >= 0x400 && c <= 0x42F) || (c >= 0x391 && c <= 0x3A9);
}

// Latin letters (ASCII and the Latin blocks) vs letters of other scripts.
bool is_latin_cp(char32_t c) noexcept {
  return c < 0x250 || (c >= 0x1E00 && c <= 0x1EFF);
}

// Lower-case ASCII: its own normal form (normalise_word would copy it unchanged).
bool is_normal(std::string_view w) noexcept {
  for (char c : w) {
    auto x = static_cast<unsigned char>(c);
    if (x >= 0x80 || (x >= 'A' && x <= 'Z')) return false;
  }
  return true;
}

inline unsigned pair_key(char a, char b) noexcept {
  return (unsigned{static_cast<unsigned char>(a)} << 8) | static_cast<unsigned char>(b);
}

// Four-byte windows of the debris.contains cues, hashed into kGramBits bits. Bit 5 of each byte is
// set first: a window and its lower-cased form hash alike (as do a few other bytes, which only
// costs a compare), with no lower-casing of the line.
constexpr std::size_t kGram = 4, kGramBits = 4096;
inline unsigned gram_bit(const char* p) noexcept {
  std::uint32_t w;
  std::memcpy(&w, p, kGram);
  return ((w | 0x20202020u) * 0x9E3779B1u) >> 20;  // 12 bits
}

inline bool maybe_terminator(char c) noexcept {
  return c == '.' || c == '!' || c == '?' || c == '\xE2';
}

// The first i in [i, lim) with maybe_terminator(s[i]), else lim. Sixteen bytes per test with
// SSE2 (always there on x86-64), else eight.
std::size_t next_terminator(std::string_view s, std::size_t i, std::size_t lim) noexcept {
#ifdef __SSE2__
  const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'), query = _mm_set1_epi8('?'),
                e2 = _mm_set1_epi8(static_cast<char>(0xE2));
  for (; i + 16 <= lim; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, bang)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, query), _mm_cmpeq_epi8(v, e2)));
    if (const int mask = _mm_movemask_epi8(hit))
      return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
#endif
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  for (; i + 8 <= lim; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (has_zero(w ^ (kOnes * '.')) | has_zero(w ^ (kOnes * '!')) | has_zero(w ^ (kOnes * '?')) |
        has_zero(w ^ (kOnes * 0xE2)))
      break;  // a terminator in these eight (or a false positive): found byte by byte below
  }
  while (i < lim && !maybe_terminator(s[i])) ++i;
  return i;
}

// Up to 7 bytes and their number in one integer (equal integers: equal strings).
std::uint64_t pack7(std::string_view s) noexcept {
  std::uint64_t v = 0;
  std::memcpy(&v, s.data(), s.size());
  return v | (std::uint64_t{s.size()} << 56);
}

// Whether `line` has at most `n` space-separated words (stops counting at n spaces).
bool at_most_words(std::string_view line, std::size_t n) noexcept {
  std::size_t spaces = 0;
  for (const char *p = line.data(), *end = p + line.size();
       (p = static_cast<const char*>(std::memchr(p, ' ', static_cast<std::size_t>(end - p)))); ++p)
    if (++spaces >= n) return false;
  return true;
}

}  // namespace

bool is_space_cp(char32_t c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool is_punct_cp(char32_t c) noexcept {
  if (c < 0x80)
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) && c > ' ';
  return (c >= 0x2010 && c <= 0x205E) || c == 0xAB || c == 0xBB || c == 0xA1 || c == 0xBF ||
         c == 0xA7 || c == 0xB6 || c == 0xB7 || (c >= 0x3001 && c <= 0x303F) || c == 0x25CF ||
         c == 0x25AA || c == 0x25A0 || c == 0x2212 || c == 0xB0 || c == 0xA9 || c == 0xAE;
}

void normalise_word(std::string_view w, std::string& out) {
  bool ascii = true;
  for (char c : w) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) {  // the common case: one copy, lower-cased in place
    out.assign(w);
    for (char& c : out) c = lower_ascii(c);
    return;
  }
  out.clear();
  for (std::size_t i = 0; i < w.size();) {
    auto b = static_cast<unsigned char>(w[i]);
    if (b < 0x80) {
      out += lower_ascii(static_cast<char>(b));
      ++i;
      continue;
    }
    char32_t c = utf8::decode(w, i);
    if (c == 0x2019 || c == 0x2018 || c == 0x02BC)
      c = '\'';
    else if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x410 && c <= 0x42F) ||
             (c >= 0x391 && c <= 0x3A9))
      c += 0x20;
    else if (c >= 0x400 && c <= 0x40F)
      c += 0x50;
    utf8::append(out, c);
  }
}

Segmenter::Segmenter(SegmentOptions options) : options_(std::move(options)) {
  for (auto* list : {&options_.debris.line_equals, &options_.debris.line_prefixes,
                     &options_.debris.line_contains})
    for (auto& s : *list) s = lower(s);
  for (auto& a : options_.abbreviations) a = lower(a);
  std::sort(options_.abbreviations.begin(), options_.abbreviations.end());
  for (const auto& a : options_.abbreviations) {
    longest_abbreviation_ = std::max(longest_abbreviation_, a.size());
    if (a.size() <= 7) {
      packed_abbreviations_.push_back(pack7(a));
      const auto head = static_cast<unsigned char>(a.empty() ? 0 : a[0]);
      abbreviation_heads_[a.size()][head >> 6] |= std::uint64_t{1} << (head & 63);
    }
  }
  std::sort(packed_abbreviations_.begin(), packed_abbreviations_.end());
  const auto& contains = options_.debris.line_contains;
  if (!contains.empty() && std::all_of(contains.begin(), contains.end(),
                                       [](const std::string& c) { return c.size() >= 2; })) {
    contains_pairs_.assign(65536 / 64, 0);
    for (const auto& c : contains) {
      unsigned pair = pair_key(c[0], c[1]);
      contains_pairs_[pair >> 6] |= std::uint64_t{1} << (pair & 63);
    }
    min_contains_ = contains.front().size();
    for (const auto& c : contains) min_contains_ = std::min(min_contains_, c.size());
    if (min_contains_ >= 2 * kGram) {  // long cues: sampling skips most of a line
      contains_grams_.assign(kGramBits / 64, 0);
      std::vector<std::vector<GramCue>> by_bit(kGramBits);
      for (std::size_t c = 0; c < contains.size(); ++c)
        for (std::size_t o = 0; o + kGram <= min_contains_; ++o) {
          const unsigned g = gram_bit(contains[c].data() + o);
          contains_grams_[g >> 6] |= std::uint64_t{1} << (g & 63);
          by_bit[g].push_back({static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(o)});
        }
      for (const auto& cues : by_bit) {
        gram_first_.push_back(static_cast<std::uint32_t>(gram_cues_.size()));
        gram_cues_.insert(gram_cues_.end(), cues.begin(), cues.end());
      }
      gram_first_.push_back(static_cast<std::uint32_t>(gram_cues_.size()));
    }
  }
  for (const auto& p : options_.debris.line_prefixes) {
    const std::size_t n = std::min<std::size_t>(p.size(), 8);
    PackedPrefix packed{0, n == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1};
    std::memcpy(&packed.head, p.data(), n);
    packed_prefixes_.push_back(packed);
  }
  const auto& prefixes = options_.debris.line_prefixes;
  if (std::all_of(prefixes.begin(), prefixes.end(),
                  [](const std::string& p) { return p.size() >= 2; })) {
    prefix_pairs_.assign(65536 / 64, 0);
    for (const auto& p : prefixes) {
      const unsigned pair = pair_key(p[1], p[0]);  // little-endian: byte 0 is the low one
      prefix_pairs_[pair >> 6] |= std::uint64_t{1} << (pair & 63);
    }
  }
  for (const auto& q : options_.debris.line_equals) {
    if (q.size() < 64)
      equals_lengths_ |= std::uint64_t{1} << q.size();
    else
      long_equals_ = true;
  }
}

std::string Segmenter::debris_reason(std::string_view line) const {
  // Debris lines are short; a paragraph is never one (and is not copied here).
  if (line.size() > 400) return {};
  // Most lines are long sentences: each kind of cue is ruled out without lower-casing the line.
  // Whole-line cues: only for a line as long as one of them.
  if (line.size() < 64 ? (equals_lengths_ >> line.size() & 1) != 0 : long_equals_) {
    char buf[400];
    const std::string_view l = lower_into(line, buf);
    for (const auto& cue : options_.debris.line_equals)
      if (l == cue) return "line '" + cue + "'";
  }
  // The line's first 8 bytes, lower-cased (zeros past a shorter line; those bytes are masked off
  // for every cue no longer than the line).
  std::uint64_t head = 0;
  if (!line.empty()) std::memcpy(&head, line.data(), std::min<std::size_t>(line.size(), 8));
  head = lower8(head);
  if (const unsigned pair = static_cast<unsigned>(head & 0xFFFF);
      !prefix_pairs_.empty() ? (prefix_pairs_[pair >> 6] >> (pair & 63) & 1) : true) {
    for (std::size_t c = 0; c < packed_prefixes_.size(); ++c) {
      const auto& cue = options_.debris.line_prefixes[c];
      if (cue.size() <= line.size() &&
          (head & packed_prefixes_[c].mask) == packed_prefixes_[c].head &&
          starts_with_lower(line, 0, cue))
        return "line starting '" + cue + "'";
    }
  }
  if (!contains_grams_.empty()) {
    // Every cue occurrence holds, within its first min_contains_ bytes, one of the windows
    // sampled every `stride` bytes; only around a sampled window that some cue has are the
    // starts it could belong to tried. The first cue in list order that occurs wins.
    const auto& cues = options_.debris.line_contains;
    std::size_t best = cues.size();
    const std::size_t reach = min_contains_ - kGram, stride = reach + 1;
    for (std::size_t j = 0; j + kGram <= line.size(); j += stride) {
      const unsigned g = gram_bit(line.data() + j);
      if (!(contains_grams_[g >> 6] >> (g & 63) & 1)) continue;
      // The cue windows with this bit: a cue whose window at `offset` it is starts there.
      for (std::uint32_t k = gram_first_[g]; k < gram_first_[g + 1]; ++k) {
        const GramCue gc = gram_cues_[k];
        if (gc.cue < best && gc.offset <= j && starts_with_lower(line, j - gc.offset, cues[gc.cue]))
          best = gc.cue;
      }
    }
    if (best < cues.size()) return "line containing '" + cues[best] + "'";
  } else if (!options_.debris.line_contains.empty()) {
    char buf[400];
    const std::string_view l = lower_into(line, buf);
    if (!contains_pairs_.empty()) {
      // One pass: only where the line has the first two bytes of some cue are cues compared; the
      // first cue in list order that occurs wins, as with one search per cue.
      std::size_t best = options_.debris.line_contains.size();
      for (std::size_t i = 0; i + 1 < l.size(); ++i) {
        const unsigned pair = pair_key(l[i], l[i + 1]);
        if (!(contains_pairs_[pair >> 6] >> (pair & 63) & 1)) continue;
        for (std::size_t c = 0; c < best; ++c) {
          const auto& cue = options_.debris.line_contains[c];
          if (pair_key(cue[0], cue[1]) == pair && l.substr(i).starts_with(cue)) best = c;
        }
      }
      if (best < options_.debris.line_contains.size())
        return "line containing '" + options_.debris.line_contains[best] + "'";
    } else {
      for (const auto& cue : options_.debris.line_contains)
        if (l.find(cue) != std::string_view::npos) return "line containing '" + cue + "'";
    }
  }
  // A lone line in another script: most letters are not Latin.
  if (all_ascii(line)) return {};
  std::size_t latin = 0, other = 0;
  for (std::size_t i = 0; i < line.size();) {
    if (const auto b = static_cast<unsigned char>(line[i]); b < 0x80) {  // ASCII: Latin or none
      latin += ascii_alpha(b);
      ++i;
      continue;
    }
    char32_t c = utf8::decode(line, i);
    if (!is_letter_cp(c)) continue;
    (is_latin_cp(c) ? latin : other)++;
  }
  if (other > 0 && other > latin) return "line in another script";
  return {};
}

bool Segmenter::is_abbreviation(std::string_view word) const {
  // Strip opening punctuation.
  while (!word.empty() && !ascii_alnum(static_cast<unsigned char>(word.front())) &&
         static_cast<unsigned char>(word.front()) < 0x80)
    word.remove_prefix(1);
  if (word.empty()) return false;
  if (word.find('.') != std::string_view::npos) return true;              // "U.S", "e.g"
  if (word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z') return true;  // an initial
  if (word.size() > longest_abbreviation_) return false;
  char buf[32];
  if (word.size() <= 7) {
    const auto head = static_cast<unsigned char>(lower_ascii(word[0]));
    if (!(abbreviation_heads_[word.size()][head >> 6] >> (head & 63) & 1)) return false;
    return std::binary_search(packed_abbreviations_.begin(), packed_abbreviations_.end(),
                              pack7(lower_into(word, buf)));
  }
  auto less = [](std::string_view a, std::string_view b) { return a < b; };
  if (word.size() > sizeof buf)
    return std::binary_search(options_.abbreviations.begin(), options_.abbreviations.end(),
                              std::string_view(lower(word)), less);
  std::string_view l = lower_into(word, buf);
  return std::binary_search(options_.abbreviations.begin(), options_.abbreviations.end(), l, less);
}

void Segmenter::split_line(std::string_view s, std::size_t b, std::size_t e, UnitKind kind,
                           std::vector<Unit>& out) const {
  auto emit = [&](std::size_t ub, std::size_t ue) {
    trim_range(s, ub, ue);
    if (ub < ue) out.push_back(Unit{ub, ue, kind, {}});
  };
  std::size_t start = b;
  std::size_t i = b;
  while (i < e) {
    // Cap the unit length at a space so that nothing downstream goes quadratic.
    if (i - start >= options_.max_unit_bytes) {
      std::size_t cut = i;
      while (cut > start && s[cut - 1] != ' ') --cut;
      if (cut == start) {
        cut = i;
        while (cut > start && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
      }
      emit(start, cut);
      start = cut;
      continue;
    }
    // Skip to the next byte that may end a sentence (. ! ? or the first byte of …), never past
    // the length cap.
    std::size_t lim = std::min(e, start + options_.max_unit_bytes);
    i = next_terminator(s, i, lim);
    if (i >= e) break;
    if (i >= lim) continue;  // the cap above cuts here
    char c = s[i];
    std::size_t term_len = 0;
    if (c == '.' || c == '!' || c == '?')
      term_len = 1;
    else if (c == '\xE2' && i + 2 < e && s[i + 1] == '\x80' && s[i + 2] == '\xA6')
      term_len = 3;  // …
    if (!term_len) {
      ++i;
      continue;
    }
    std::size_t k = i + term_len;
    // Closing quotes and brackets belong to the sentence.
    while (k < e) {
      if (s[k] == '"' || s[k] == '\'' || s[k] == ')' || s[k] == ']') {
        ++k;
      } else if (k + 2 < e + 0 && s[k] == '\xE2' && s[k + 1] == '\x80' &&
                 (s[k + 2] == '\x9D' || s[k + 2] == '\x99')) {
        k += 3;
      } else if (k + 1 < e && s[k] == '\xC2' && s[k + 1] == '\xBB') {
        k += 2;
      } else {
        break;
      }
    }
    if (k >= e || !is_hspace(s[k])) {
      i = k > i ? k : i + 1;
      continue;
    }
    std::size_t m = k;
    while (m < e && is_hspace(s[m])) ++m;
    if (m >= e) {
      i = m;
      continue;
    }
    auto n = static_cast<unsigned char>(s[m]);
    bool opener = (n >= 'A' && n <= 'Z') || (n >= '0' && n <= '9') || n == '"' || n == '\'' ||
                  n == '(' || n >= 0xC3 || (n == 0xE2);  // non-ASCII letters and “ ‘ «
    if (!opener) {
      i = k;
      continue;
    }
    if (c == '.' && term_len == 1) {
      std::size_t ws = i;
      while (ws > start && !is_hspace(s[ws - 1])) --ws;
      std::string_view word = s.substr(ws, i - ws);
      char lbuf[3];
      std::string_view lw = word.size() <= 3 ? lower_into(word, lbuf) : std::string_view();
      bool numeric_abbrev = (lw == "no" || lw == "nos" || lw == "art");
      if (numeric_abbrev ? (n >= '0' && n <= '9') : is_abbreviation(word)) {
        i = k;
        continue;
      }
    }
    emit(start, k);
    start = m;
    i = m;
  }
  emit(start, e);
}

std::vector<Unit> Segmenter::split(std::string_view s) const {
  std::vector<Unit> out;
  out.reserve(s.size() / 128 + 4);  // about one unit per sentence: few regrowths
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t eol = s.find('\n', pos);
    if (eol == std::string_view::npos) eol = s.size();
    std::size_t b = pos, e = eol;
    pos = eol + 1;
    trim_range(s, b, e);
    if (b >= e) continue;
    std::string_view line = s.substr(b, e - b);
    if (line.size() < 4096) {
      std::string why = debris_reason(line);
      if (!why.empty()) {
        out.push_back(Unit{b, e, UnitKind::kDebris, std::move(why)});
        continue;
      }
    }
    UnitKind kind = UnitKind::kSentence;
    // Bullets: "•", "·", "▪", "-", "*", "–" followed by a blank.
    static constexpr std::string_view kBullets[] = {
        "\xE2\x80\xA2", "\xC2\xB7", "\xE2\x96\xAA", "\xE2\x97\x8F", "-", "*", "\xE2\x80\x93"};
    // Only a line opening with a bullet's first byte is compared with them.
    static constexpr auto kBulletFirst = [] {
      std::array<bool, 256> t{};
      for (const auto mark : kBullets) t[static_cast<unsigned char>(mark[0])] = true;
      return t;
    }();
    if (kBulletFirst[static_cast<unsigned char>(line[0])]) {
      for (const auto mark : kBullets) {
        if (line.substr(0, mark.size()) == mark && line.size() > mark.size() &&
            is_hspace(line[mark.size()])) {
          kind = UnitKind::kBullet;
          b += mark.size();
          trim_range(s, b, e);
          break;
        }
      }
    }
    if (kind == UnitKind::kSentence) {
      // A heading: a short line that does not end like a sentence.
      char last = s[e - 1];
      bool ends_sentence = last == '.' || last == '!' || last == '?' || last == '"' ||
                           last == ')' || s.substr(e >= 3 ? e - 3 : 0, 3) == "\xE2\x80\x9D";
      if (!ends_sentence && at_most_words(line, 20)) {
        out.push_back(Unit{b, e, UnitKind::kHeading, {}});
        continue;
      }
    }
    split_line(s, b, e, kind, out);
  }
  return out;
}

namespace {
// Writes into room made beforehand (a token takes at least one byte: at most end - begin of them),
// with no capacity check per token. `empty()` is whether any token comes before the next one.
struct TokenRoom {
  Token* p;
  const Token* first;
  void push_back(const Token& t) noexcept { *p++ = t; }
  bool empty() const noexcept { return p == first; }
};

template <class Out>
inline void tokenize_into(std::string_view s, std::size_t begin, std::size_t end, Out& out) {
  std::size_t i = begin;
  bool space = true;
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < end) {
    auto b = static_cast<unsigned char>(s[i]);
    const unsigned cls = kAsciiClass[b];
    if (cls & kLetterClass) {
      // The usual token: ASCII letters and digits after an ASCII letter, ended by an ASCII byte
      // other than the "." of a dotted abbreviation. Anything else is left to the loop below.
      std::size_t k = i + 1;
      unsigned seen = cls;
      unsigned next = 0;
      while (k < end && ((next = kAsciiClass[static_cast<unsigned char>(s[k])]) & kAlnumClass)) {
        seen |= next;
        ++k;
      }
      if (k == end || (!(next & kHighClass) && !(k - i == 1 && s[k] == '.'))) {
        Token t;
        t.begin = static_cast<std::uint32_t>(i);
        t.end = static_cast<std::uint32_t>(k);
        t.kind = TokenKind::kWord;
        t.upper = (cls & kUpperClass) != 0;
        t.space_before = space;
        t.normal = !(seen & kUpperClass);
        out.push_back(t);
        i = k;
        space = false;
        if (i < end && s[i] == ' ') {  // the usual one blank after a word
          ++i;
          space = true;
        }
        continue;
      }
    }
    std::size_t j = i;
    char32_t c = b < 0x80 ? char32_t(b) : utf8::decode(s, j);
    if (b < 0x80) j = i + 1;
    if (b < 0x80 ? (cls & kSpaceClass) != 0 : is_space_cp(c)) {
      space = true;
      i = j;
      continue;
    }
    Token t;
    t.begin = static_cast<std::uint32_t>(i);
    t.space_before = space;
    space = false;
    if (c < 0x80 && is_digit(static_cast<char>(c))) {
      std::size_t k = i + 1;
      while (k < end) {
        if (is_digit(s[k]))
          ++k;
        else if ((s[k] == ',' || s[k] == '.') && k + 1 < end && is_digit(s[k + 1]) &&
                 is_digit(s[k - 1]))
          ++k;
        else
          break;
      }
      t.kind = TokenKind::kNumber;
      // "11th", "2nd": one word token.
      std::size_t w = k;
      while (w < end && static_cast<unsigned char>(s[w]) < 0x80 &&
             ascii_alpha(static_cast<unsigned char>(s[w])))
        ++w;
      if (w > k && w - k <= 2) {
        t.kind = TokenKind::kWord;
        k = w;
      }
      t.end = static_cast<std::uint32_t>(k);
      t.normal = is_normal(s.substr(i, k - i));
      out.push_back(t);
      i = k;
      continue;
    }
    if (b < 0x80 ? (cls & kLetterClass) != 0 : is_letter_cp(c)) {
      t.upper = b < 0x80 ? (cls & kUpperClass) != 0 : is_upper_cp(c);
      bool normal = c >= 'a' && c <= 'z';
      std::size_t k = j;
      unsigned seen = 0;  // the classes of the ASCII letters and digits after the first
      while (k < end) {
        const unsigned cls = kAsciiClass[static_cast<unsigned char>(s[k])];
        if (cls & kAlnumClass) {
          seen |= cls;
          ++k;
          continue;
        }
        if (!(cls & kHighClass)) break;
        std::size_t kk = k;
        char32_t cc = utf8::decode(s, kk);
        if (!is_letter_cp(cc)) break;
        normal = false;
        k = kk;
      }
      normal &= !(seen & kUpperClass);
      // Dotted abbreviation: U.S., e.g., U.K.
      if (k - i == 1 && k + 1 < end && s[k] == '.' &&
          ascii_alpha(static_cast<unsigned char>(s[k + 1]))) {
        std::size_t m = k;
        while (m + 1 < end && s[m] == '.' && ascii_alpha(static_cast<unsigned char>(s[m + 1])) &&
               (m + 2 >= end || !ascii_alpha(static_cast<unsigned char>(s[m + 2]))))
          m += 2;
        if (m < end && s[m] == '.') ++m;
        t.kind = TokenKind::kAbbrev;
        t.end = static_cast<std::uint32_t>(m);
        t.normal = is_normal(s.substr(i, m - i));
        out.push_back(t);
        i = m;
        continue;
      }
      t.kind = TokenKind::kWord;
      t.end = static_cast<std::uint32_t>(k);
      t.normal = normal;
      out.push_back(t);
      i = k;
      // The usual one blank after a word, taken here rather than by a turn of the outer loop.
      if (i < end && s[i] == ' ') {
        ++i;
        space = true;
      }
      continue;
    }
    // Possessive / contraction: 's 't 're ... after a word, with ' or ’.
    bool apostrophe = c == '\'' || c == 0x2019;
    if (apostrophe && !out.empty() && !t.space_before && j < end &&
        ascii_alpha(static_cast<unsigned char>(s[j]))) {
      std::size_t k = j;
      while (k < end && ascii_alpha(static_cast<unsigned char>(s[k]))) ++k;
      if (k - j <= 2) {
        t.kind = TokenKind::kWord;
        t.end = static_cast<std::uint32_t>(k);
        t.normal = is_normal(s.substr(i, k - i));
        out.push_back(t);
        i = k;
        continue;
      }
    }
    t.kind = TokenKind::kPunct;
    t.end = static_cast<std::uint32_t>(j);
    t.normal = c < 0x80;
    out.push_back(t);
    i = j;
    if (i < end && s[i] == ' ') {  // as after a word
      ++i;
      space = true;
    }
  }
}

}  // namespace

void tokenize(std::string_view s, std::size_t begin, std::size_t end, std::vector<Token>& out) {
  tokenize_into(s, begin, end, out);
}

std::size_t tokenize(std::string_view s, std::size_t begin, std::size_t end, Token* out) {
  TokenRoom room{out, out};
  tokenize_into(s, begin, end, room);
  return static_cast<std::size_t>(room.p - out);
}

}  // namespace treatykg::text
