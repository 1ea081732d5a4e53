#include "rdf/term.hpp"

#include <array>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif
#include <cctype>
#include <cstring>
#include <string>
#include <vector>

namespace treatykg::rdf {
namespace {

void append_escaped(std::string& out, std::string_view s, bool iri) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  // Runs of bytes written as they are go in one append (to_ntriples writes the mapping's whole
  // graph for its fingerprint; byte by byte it was most of that).
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && c != '\\' && c != (iri ? '>' : '"')) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    if (!iri && c == '"') out += "\\\"";
    else if (!iri && c == '\\') out += "\\\\";
    else if (!iri && c == '\n') out += "\\n";
    else if (!iri && c == '\r') out += "\\r";
    else {  // controls; '>' and '\\' in an IRI
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  out.append(s.data() + run, s.size() - run);
}

bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool all_of(std::string_view s, bool (*pred)(char)) {
  for (const char c : s)
    if (!pred(c)) return false;
  return true;
}

}  // namespace

std::string to_ntriples(const Term& t) {
  std::string out;
  switch (t.kind) {
    case TermKind::kIri:
      out += '<';
      append_escaped(out, t.value, true);
      out += '>';
      break;
    case TermKind::kBlank:
      out += "_:" + t.value;
      break;
    case TermKind::kLiteral:
      out += '"';
      append_escaped(out, t.value, false);
      out += '"';
      if (!t.language.empty()) out += "@" + t.language;
      else if (!t.datatype.empty() && t.datatype != "http://www.w3.org/2001/XMLSchema#string")
        out += "^^<" + t.datatype + ">";
      break;
  }
  return out;
}

std::string to_nquads(const Quad& q) {
  std::string out = to_ntriples(q.subject) + " " + to_ntriples(q.predicate) + " " + to_ntriples(q.object);
  if (!q.in_default_graph()) out += " " + to_ntriples(q.graph);
  return out + " .";
}

// RFC 5646 section 2.1, langtag / privateuse / grandfathered (irregular ones listed).
bool is_valid_language_tag(std::string_view tag) noexcept {
  if (tag.empty()) return false;
  // The usual tag ("en", "deu"): one primary subtag of 2-8 letters is always well-formed. Skips the
  // general parse below, which allocates.
  if (tag.size() >= 2 && tag.size() <= 8 && all_of(tag, is_ascii_alpha)) return true;
  std::vector<std::string_view> sub;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= tag.size(); ++i) {
    if (i == tag.size() || tag[i] == '-') {
      const auto s = tag.substr(start, i - start);
      if (s.empty() || s.size() > 8 || !all_of(s, is_alnum)) return false;
      sub.push_back(s);
      start = i + 1;
    }
  }
  auto lower = [](std::string_view s) {
    std::string l(s);
    for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l;
  };
  static constexpr std::string_view kIrregular[] = {
      "en-gb-oed", "i-ami",   "i-bnn",   "i-default", "i-enochian", "i-hak",      "i-klingon",
      "i-lux",     "i-mingo", "i-navajo", "i-pwn",    "i-tao",      "i-tay",      "i-tsu",
      "sgn-be-fr", "sgn-be-nl", "sgn-ch-de"};
  const std::string whole = lower(tag);
  for (const auto irregular : kIrregular)
    if (whole == irregular) return true;
  std::size_t i = 0;
  auto private_use = [&](std::size_t from) {
    if (from + 1 >= sub.size() + 1) return false;
    for (std::size_t k = from; k < sub.size(); ++k)
      if (sub[k].size() > 8) return false;
    return from < sub.size();
  };
  if (lower(sub[0]) == "x") return private_use(1);
  // language: 2-3 ALPHA [-extlang (up to 3x 3ALPHA)] | 4ALPHA | 5-8ALPHA
  if (!all_of(sub[0], is_alpha) || sub[0].size() < 2) return false;
  const bool short_lang = sub[0].size() <= 3;
  ++i;
  if (short_lang) {
    for (int n = 0; n < 3 && i < sub.size() && sub[i].size() == 3 && all_of(sub[i], is_alpha); ++n) ++i;
  }
  if (i < sub.size() && sub[i].size() == 4 && all_of(sub[i], is_alpha)) ++i;  // script
  if (i < sub.size() && ((sub[i].size() == 2 && all_of(sub[i], is_alpha)) ||
                         (sub[i].size() == 3 && all_of(sub[i], is_digit))))
    ++i;  // region
  std::vector<std::string> seen_variants;
  while (i < sub.size() && ((sub[i].size() >= 5) || (sub[i].size() == 4 && is_digit(sub[i][0])))) {
    const auto v = lower(sub[i]);
    for (const auto& s : seen_variants)
      if (s == v) return false;  // repeated variant
    seen_variants.push_back(v);
    ++i;
  }
  std::vector<char> seen_singletons;
  while (i < sub.size() && sub[i].size() == 1 && lower(sub[i]) != "x") {
    const char single = lower(sub[i])[0];
    for (const char s : seen_singletons)
      if (s == single) return false;
    seen_singletons.push_back(single);
    ++i;
    std::size_t n = 0;
    while (i < sub.size() && sub[i].size() >= 2) {
      ++i;
      ++n;
    }
    if (n == 0) return false;
  }
  if (i < sub.size() && lower(sub[i]) == "x") return private_use(i + 1);
  return i == sub.size();
}

// Bytes an IRI may not contain in N-Triples: controls, space, <>"{}|^`\ (every byte >= 0x80 is fine).
// One table lookup per byte: this check runs on every IRI the writers see.
static constexpr auto kIriForbidden = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c <= 0x20; ++c) t[c] = true;
  for (const unsigned char c : std::string_view("<>\"{}|^`\\")) t[c] = true;
  return t;
}();

bool is_forbidden_in_iri(unsigned char c) noexcept { return kIriForbidden[c]; }

// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
static constexpr auto kSchemeByte = [] {
  std::array<bool, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = t[c - 'a' + 'A'] = true;
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  t['+'] = t['-'] = t['.'] = true;
  return t;
}();

bool has_iri_scheme(std::string_view iri) noexcept {
  // http: and https: (nearly every IRI written) without the byte loop.
  if (iri.size() >= 5 && std::memcmp(iri.data(), "http", 4) == 0 &&
      (iri[4] == ':' || (iri[4] == 's' && iri.size() >= 6 && iri[5] == ':')))
    return true;
  if (iri.empty() || !is_ascii_alpha(iri[0])) return false;
  for (std::size_t i = 1; i < iri.size(); ++i) {
    const auto c = static_cast<unsigned char>(iri[i]);
    if (c == ':') return true;
    if (!kSchemeByte[c]) return false;
  }
  return false;
}

#if defined(__x86_64__) && defined(__GNUC__)
namespace {

// With AVX2 (checked at run time): 32 bytes per step, classified by two nibble tables: a byte x is
// forbidden when lo[x & 15] & hi[x >> 4] != 0 (bit 1: 00-1F; 2: space and "; 4: <>\^; 8: `;
// 16: {|}; bytes >= 0x80 have no bit). Needs n >= 32; the last block overlaps the one before.
__attribute__((target("avx2"))) bool has_forbidden_byte_avx2(const char* p, std::size_t n) noexcept {
  const __m256i lo = _mm256_setr_epi8(11, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 17, 21, 17, 5, 1,  //
                                      11, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 17, 21, 17, 5, 1);
  const __m256i hi = _mm256_setr_epi8(1, 1, 2, 4, 0, 4, 8, 16, 0, 0, 0, 0, 0, 0, 0, 0,  //
                                      1, 1, 2, 4, 0, 4, 8, 16, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i nibble = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
  for (std::size_t i = 0;; i += 32) {
    if (i + 32 > n) i = n - 32;
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const __m256i l = _mm256_shuffle_epi8(lo, _mm256_and_si256(x, nibble));
    const __m256i h = _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(x, 4), nibble));
    if (_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(l, h), zero)) != -1) return true;
    if (i + 32 >= n) return false;
  }
}

const bool kAvx2 = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") != 0;
}();

}  // namespace
#endif

bool is_valid_absolute_iri(std::string_view iri) noexcept {
  if (!has_iri_scheme(iri)) return false;
  const char* p = iri.data();
  const std::size_t n = iri.size();
#if defined(__x86_64__) && defined(__GNUC__)
  if (n >= 32 && kAvx2) return !has_forbidden_byte_avx2(p, n);
#endif
#if defined(__SSE2__)
  if (n >= 16) {
    // 16 bytes per step; a byte is forbidden when it is <= 0x20 or one of <>"{}|^`\ .
    const __m128i space = _mm_set1_epi8(0x20), two = _mm_set1_epi8(2), gt = _mm_set1_epi8(0x3E),
                  caret = _mm_set1_epi8(0x5E), quote = _mm_set1_epi8('"'), tick = _mm_set1_epi8('`'),
                  lbrace = _mm_set1_epi8(0x7B);
    const auto forbidden16 = [&](const char* q) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
      const __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(x, space), x);  // x <= 0x20
      // x | 2 folds pairs: '<' (3C) and '>' (3E) to 3E, '\' (5C) and '^' (5E) to 5E.
      const __m128i y = _mm_or_si128(x, two);
      const __m128i pairs = _mm_or_si128(_mm_cmpeq_epi8(y, gt), _mm_cmpeq_epi8(y, caret));
      const __m128i singles = _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, tick));
      // '{' '|' '}' are 7B..7D: x - 7B <= 2 (unsigned).
      const __m128i d = _mm_sub_epi8(x, lbrace);
      const __m128i braces = _mm_cmpeq_epi8(_mm_min_epu8(d, two), d);
      return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(ctl, pairs), _mm_or_si128(singles, braces))) != 0;
    };
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16)
      if (forbidden16(p + i)) return false;
    // The last partial block as one overlapping 16-byte block.
    return i == n || !forbidden16(p + n - 16);
  }
#endif
  for (std::size_t i = 0; i < n; ++i)
    if (kIriForbidden[static_cast<unsigned char>(p[i])]) return false;
  return true;
}

}  // namespace treatykg::rdf
