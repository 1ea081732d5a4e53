#include "mapping/template.hpp"

#include <array>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/error.hpp"
#include "rdf/term.hpp"

namespace treatykg::mapping {

bool is_usable_language_tag(std::string_view tag) {
  if (!rdf::is_valid_language_tag(tag)) return false;
  std::size_t dash = tag.find('-');
  std::size_t primary = dash == std::string_view::npos ? tag.size() : dash;
  if (primary == 1) return tag[0] == 'i' || tag[0] == 'I' || tag[0] == 'x' || tag[0] == 'X';
  return primary == 2 || primary == 3;
}

std::vector<TemplatePart> parse_template(std::string_view text) {
  std::vector<TemplatePart> parts;
  std::string cur;
  bool in_ref = false;
  auto bad = [&](const std::string& why) {
    return MappingError("invalid template \"" + std::string(text) + "\": " + why);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      if (i + 1 >= text.size()) throw bad("dangling '\\' at the end");
      cur += text[++i];
    } else if (c == '{') {
      if (in_ref) throw bad("'{' inside a reference (escape it as \\{)");
      if (!cur.empty()) parts.push_back({false, std::move(cur)});
      cur.clear();
      in_ref = true;
    } else if (c == '}') {
      if (!in_ref) throw bad("'}' without '{' (escape it as \\})");
      if (cur.empty()) throw bad("empty reference '{}'");
      parts.push_back({true, std::move(cur)});
      cur.clear();
      in_ref = false;
    } else {
      cur += c;
    }
  }
  if (in_ref) throw bad("unclosed '{'");
  if (!cur.empty()) parts.push_back({false, std::move(cur)});
  return parts;
}

namespace {
// Bytes kept as they are: iunreserved ASCII (ALPHA, DIGIT, -._~), and with `non_ascii` every byte
// >= 0x80 (UTF-8 of ucschar).
constexpr std::array<bool, 256> kept_bytes(bool non_ascii) {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || (non_ascii && c >= 0x80);
  return t;
}
constexpr auto kIriKept = kept_bytes(true), kUriKept = kept_bytes(false);

#if defined(__SSE2__)
// Whether all 16 bytes at `p` are kept: ALPHA, DIGIT, -._~ (and, with `non_ascii`, bytes >= 0x80).
[[gnu::always_inline]] inline bool kept16(const char* p, bool non_ascii) noexcept {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const auto in_range = [](__m128i v, char lo, char span) {  // lo <= v <= lo + span (unsigned)
    const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8(lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(span)), d);
  };
  __m128i k = _mm_or_si128(in_range(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 25),  // letters
                           in_range(x, '0', 9));
  k = _mm_or_si128(k, _mm_or_si128(in_range(x, '-', 1),  // - .
                                   _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('_')),
                                                _mm_cmpeq_epi8(x, _mm_set1_epi8('~')))));
  if (non_ascii) k = _mm_or_si128(k, x);  // the sign bit of bytes >= 0x80
  return _mm_movemask_epi8(k) == 0xFFFF;
}
#endif

// Whether no byte of `value` needs encoding (the usual template value).
bool all_kept(std::string_view value, const std::array<bool, 256>& kept) noexcept {
  std::size_t i = 0;
#if defined(__SSE2__)
  if (value.size() >= 16) {
    const bool non_ascii = kept[0x80];
    for (; i + 16 <= value.size(); i += 16)
      if (!kept16(value.data() + i, non_ascii)) return false;
    return i == value.size() || kept16(value.data() + value.size() - 16, non_ascii);
  }
#endif
  for (; i < value.size(); ++i)
    if (!kept[static_cast<unsigned char>(value[i])]) return false;
  return true;
}

void append_encoded(std::string& out, std::string_view value, const std::array<bool, 256>& kept) {
  if (all_kept(value, kept)) {
    out.append(value);
    return;
  }
  static const char* kHex = "0123456789ABCDEF";
  // Runs of kept bytes are appended in one piece (values are mostly one run).
  std::size_t run = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (kept[c]) continue;
    out.append(value.data() + run, i - run);
    const char pct[3] = {'%', kHex[c >> 4], kHex[c & 15]};
    out.append(pct, 3);
    run = i + 1;
  }
  out.append(value.data() + run, value.size() - run);
}
}  // namespace

void append_iri_safe(std::string& out, std::string_view value) {
  append_encoded(out, value, kIriKept);
}
void append_uri_safe(std::string& out, std::string_view value) {
  append_encoded(out, value, kUriKept);
}

}  // namespace treatykg::mapping
