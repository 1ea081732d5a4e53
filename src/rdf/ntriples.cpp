#include "rdf/ntriples.hpp"

#include <cctype>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/bytes.hpp"
#include "base/error.hpp"

namespace treatykg::rdf {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr std::string_view kXsdString = "http://www.w3.org/2001/XMLSchema#string";

bool is_blank_label(std::string_view s) {
  if (s.empty() || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool ok = c >= 0x80 || std::isalnum(c) || c == '_' || (i > 0 && (c == '-' || c == '.'));
    if (!ok) return false;
  }
  return true;
}

// Why `iri` is not a valid absolute IRI, for the message.
std::string iri_problem(std::string_view iri) {
  for (std::size_t i = 0; i < iri.size(); ++i) {
    const auto c = static_cast<unsigned char>(iri[i]);
    if (is_forbidden_in_iri(c)) {
      std::string what = c == ' ' ? "a space" : std::string("U+00") + kHex[c >> 4] + kHex[c & 0xF];
      return what + " at byte " + std::to_string(i) +
             " (IRIs cannot contain space, <>\"{}|^`\\ or controls; a mapping can opt in with rml:UnsafeIRI)";
    }
  }
  return "no scheme";
}

// An IRI of an opt-in unsafe mapping: what IRIREF forbids as a UCHAR escape, the rest as is.
void append_unsafe_iri(std::string& out, std::string_view v) {
  for (const char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_forbidden_in_iri(c)) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += ch;
    }
  }
}

// Whether any of the 8 bytes of `x` is written as an escape (below). Exact: a borrow only crosses
// into the next byte from a byte that already matched.
inline bool word_needs_escape(std::uint64_t x) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101u, kHighs = 0x8080808080808080u;
  const auto has_zero = [](std::uint64_t y) { return ((y - kOnes) & ~y & kHighs) != 0; };
  const bool control = ((x - kOnes * 0x20) & ~x & kHighs) != 0;  // a byte < 0x20
  return control || has_zero(x ^ (kOnes * '"')) || has_zero(x ^ (kOnes * '\\')) || has_zero(x ^ (kOnes * 0x7F));
}

#if defined(__SSE2__)
// A bit per byte of the 16 at `p` that a literal writes as an escape: controls, '"', '\\', DEL.
[[gnu::always_inline]] inline unsigned escape_mask16(const char* p) noexcept {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x);  // x < 0x20
  const __m128i q =
      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
  const __m128i del = _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(ctl, _mm_or_si128(q, del))));
}
#endif

// Whether a literal's lexical form has a byte written as an escape: controls, '"', '\\', DEL.
[[gnu::always_inline]] inline bool literal_needs_escape(std::string_view v) noexcept {
  // Short forms (numbers, dates, names) as one or two 8-byte words, not byte by byte; a form shorter
  // than 8 is padded with 'a', which needs no escape.
  if (v.size() < 8) {
    // Loads that stay inside the form (a variable-sized memcpy was a libc call): 4-7 bytes as two
    // overlapping 4-byte words, 1-3 as the first, middle and last bytes.
    const char* d = v.data();
    const std::size_t n = v.size();
    std::uint64_t x = 0x6161616161616161u;
    if (n >= 4) {
      std::uint32_t lo, hi;
      std::memcpy(&lo, d, 4);
      std::memcpy(&hi, d + n - 4, 4);
      x = lo | std::uint64_t{hi} << 32;
    } else if (n > 0) {
      x = (x & ~std::uint64_t{0xFFFFFF}) | static_cast<unsigned char>(d[0]) |
          static_cast<unsigned>(static_cast<unsigned char>(d[n / 2])) << 8 |
          static_cast<unsigned>(static_cast<unsigned char>(d[n - 1])) << 16;
    }
    return word_needs_escape(x);
  }
  if (v.size() <= 16) {
    std::uint64_t a, b;
    std::memcpy(&a, v.data(), 8);
    std::memcpy(&b, v.data() + v.size() - 8, 8);  // overlaps `a` below 16 bytes
    return word_needs_escape(a) || word_needs_escape(b);
  }
  std::size_t i = 0;
#if defined(__SSE2__)
  const auto block = [](const char* p) { return escape_mask16(p) != 0; };
  if (v.size() >= 16) {
    for (; i + 16 <= v.size(); i += 16)
      if (block(v.data() + i)) return true;
    return i < v.size() && block(v.data() + v.size() - 16);  // the rest, as an overlapping block
  }
#endif
  for (; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (c < 0x20 || c == '"' || c == '\\' || c == 0x7F) return true;
  }
  return false;
}

// Whether a literal's datatype is written (^^<...>): not none, not xsd:string. Sizes first: the
// string comparison was an out-of-line call per literal.
[[gnu::always_inline]] inline bool datatype_written(const std::string& dt) noexcept {
  return !dt.empty() && (dt.size() != kXsdString.size() ||
                         std::memcmp(dt.data(), kXsdString.data(), dt.size()) != 0);
}

// The written size of a term that needs no escape (checked before), or 0 when it needs one.
// `value` is t.value, or the text given for it.
[[gnu::always_inline]] inline std::size_t plain_size(const Term& t,
                                                     std::string_view value) noexcept {
  switch (t.kind) {
    case TermKind::kIri:
    case TermKind::kBlank:
      return value.size() + 2;  // <...> or _:...
    case TermKind::kLiteral: {
      if (literal_needs_escape(value)) return 0;
      std::size_t n = value.size() + 2;
      if (!t.language.empty()) n += 1 + t.language.size();
      else if (datatype_written(t.datatype))
        n += 4 + t.datatype.size();
      return n;
    }
  }
  return 0;
}

#if defined(__SSE2__)
[[gnu::always_inline]] inline void copy16(char* w, const char* r) noexcept {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(w),
                   _mm_loadu_si128(reinterpret_cast<const __m128i*>(r)));
}
#endif

// Copies `s` to `w` with loads and stores inline (a line's parts are mostly 5-64 bytes, for which
// memcpy's call and size dispatch cost more than the copy). Every load and store stays inside `s`
// and its destination: a short tail is copied by overlapping the bytes before it.
[[gnu::always_inline]] inline char* put(char* w, std::string_view s) noexcept {
  const char* r = s.data();
  const std::size_t n = s.size();
#if defined(__SSE2__)
  if (n >= 16) {
    if (n > 64) {
      std::memcpy(w, r, n);
      return w + n;
    }
    copy16(w, r);
    if (n > 32) {
      copy16(w + 16, r + 16);
      if (n > 48) copy16(w + 32, r + 32);
    }
    copy16(w + n - 16, r + n - 16);
    return w + n;
  }
#else
  if (n >= 16) {
    std::memcpy(w, r, n);
    return w + n;
  }
#endif
  return copy_short(w, r, n);
}

// Writes a term sized by plain_size().
[[gnu::always_inline]] inline char* put_plain(char* w, const Term& t,
                                              std::string_view value) noexcept {
  switch (t.kind) {
    case TermKind::kIri:
      *w++ = '<';
      w = put(w, value);
      *w++ = '>';
      return w;
    case TermKind::kBlank:
      *w++ = '_';
      *w++ = ':';
      return put(w, value);
    case TermKind::kLiteral:
      *w++ = '"';
      w = put(w, value);
      *w++ = '"';
      if (!t.language.empty()) {
        *w++ = '@';
        w = put(w, t.language);
      } else if (datatype_written(t.datatype)) {
        *w++ = '^';
        *w++ = '^';
        *w++ = '<';
        w = put(w, t.datatype);
        *w++ = '>';
      }
      return w;
  }
  return w;
}

}  // namespace

void LineEncoder::check_term(const Term& t, const char* role) const {
  if (t.is_iri() && !is_valid_absolute_iri(t.value) && !(unsafe_iris_ && has_iri_scheme(t.value)))
    throw MappingError(std::string("cannot write ") + role + " <" + t.value + ">: not a valid absolute IRI: " +
                       iri_problem(t.value));
  if (t.is_blank() && !is_blank_label(t.value))
    throw MappingError(std::string("cannot write blank node _:") + t.value + " as " + role + ": not a valid label");
  if (t.is_literal()) {
    if (!t.language.empty() && !is_valid_language_tag(t.language))
      throw MappingError("cannot write literal \"" + t.value + "\"@" + t.language + ": '" + t.language +
                         "' is not a well-formed BCP 47 language tag");
    if (!t.datatype.empty() && !is_valid_absolute_iri(t.datatype))
      throw MappingError("cannot write literal \"" + t.value + "\": datatype <" + t.datatype + "> is not a valid IRI");
  }
}

void LineEncoder::check(const Quad& q, const Term* graph) const {
  check(q.subject, q.predicate, q.object, graph, 0);
}

bool LineEncoder::passes_check(const Term& t) noexcept {
  try {
    LineEncoder().check_term(t, "term");
    return true;
  } catch (const MappingError&) {
    return false;
  }
}

void LineEncoder::check(const Term& s, const Term& p, const Term& o, const Term* graph,
                        unsigned checked) const {
  if (!(checked & kSubjectChecked)) check_term(s, "subject");
  if (!(checked & kPredicateChecked)) check_term(p, "predicate");
  if (!(checked & kObjectChecked)) check_term(o, "object");
  if (graph && !(checked & kGraphChecked)) check_term(*graph, "graph");
  if (!s.is_iri() && !s.is_blank()) throw MappingError("cannot write a literal as subject");
  if (!p.is_iri()) throw MappingError("cannot write a non-IRI predicate");
}

// N-Triples term syntax with the W3C canonical escapes; terms are checked before.
void LineEncoder::append_term(std::string& out, const Term& t, std::string_view value) const {
  switch (t.kind) {
    case TermKind::kIri:
      out += '<';
      if (unsafe_iris_)
        append_unsafe_iri(out, value);
      else
        out += value;
      out += '>';
      return;
    case TermKind::kBlank:
      out += "_:";
      out += value;
      return;
    case TermKind::kLiteral: {
      out += '"';
      // Copy runs of characters that need no escape in one append.
      const std::string_view v = value;
      std::size_t run = 0;
      std::size_t i = 0;
      const auto escape = [&](std::size_t at) {
        const auto c = static_cast<unsigned char>(v[at]);
        out.append(v.data() + run, at - run);
        run = at + 1;
        switch (c) {
          case '"':
            out += "\\\"";
            break;
          case '\\':
            out += "\\\\";
            break;
          case '\n':
            out += "\\n";
            break;
          case '\r':
            out += "\\r";
            break;
          case '\t':
            out += "\\t";
            break;
          default:
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
      };
#if defined(__SSE2__)
      // Sixteen bytes at a time to the next byte to escape (a sentence has a few quotes).
      while (i + 16 <= v.size()) {
        const unsigned mask = escape_mask16(v.data() + i);
        if (!mask) {
          i += 16;
          continue;
        }
        i += static_cast<unsigned>(__builtin_ctz(mask));
        escape(i++);
      }
#endif
      for (; i < v.size(); ++i) {
        const auto c = static_cast<unsigned char>(v[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) continue;
        escape(i);
      }
      out.append(v.data() + run, v.size() - run);
      out += '"';
      if (!t.language.empty()) {
        out += '@';
        out += t.language;
      } else if (!t.datatype.empty() && t.datatype != kXsdString) {
        out += "^^<";
        out += t.datatype;
        out += '>';
      }
      return;
    }
  }
}

void LineEncoder::append(std::string& out, const Quad& q, const Term* graph) const {
  if (graph && graph->is_iri() && graph->value.empty()) graph = nullptr;  // the default graph
  check(q.subject, q.predicate, q.object, graph, 0);
  append_checked(out, q.subject, q.predicate, q.object, q.object.value, graph);
}

void LineEncoder::append(std::string& out, const Quad& q, const Term* graph) {
  append(out, QuadView{&q.subject, &q.predicate, &q.object, &q.graph}, graph, 0);
}

namespace {

// Writes the line of terms that need no check (an IRI or blank subject, an IRI predicate, and a
// graph IRI if any) when no byte needs an escape; false, writing nothing, otherwise.
template <bool kGraph>
[[gnu::always_inline]] inline bool write_plain_line(std::string& out, const QuadView& q,
                                                    const Term* graph) {
  const Term& s = *q.subject;
  const Term& p = *q.predicate;
  const std::string_view object_value = q.object_text();
  const std::size_t o = plain_size(*q.object, object_value);
  if (!o) return false;
  const std::size_t at = out.size();
  out.resize(at + s.value.size() + p.value.size() + o + 9 + (kGraph ? graph->value.size() + 3 : 0));
  char* w = out.data() + at;
  if (s.is_iri()) {
    *w++ = '<';
    w = put(w, s.value);
    *w++ = '>';
  } else {
    *w++ = '_';
    *w++ = ':';
    w = put(w, s.value);
  }
  w[0] = ' ';
  w[1] = '<';
  w = put(w + 2, p.value);
  w[0] = '>';
  w[1] = ' ';
  w = put_plain(w + 2, *q.object, object_value);
  if (kGraph) {
    w[0] = ' ';
    w[1] = '<';
    w = put(w + 2, graph->value);
    *w++ = '>';
  }
  w[0] = ' ';
  w[1] = '.';
  w[2] = '\n';
  return true;
}

// The N-Quads line of write_plain_line, out of line: the N-Triples line keeps its registers.
[[gnu::noinline]] bool write_plain_quad(std::string& out, const QuadView& q, const Term* graph) {
  return write_plain_line<true>(out, q, graph);
}

}  // namespace

void LineEncoder::append(std::string& out, const QuadView& q, const Term* graph, unsigned checked) {
  if (graph && graph->is_iri() && graph->value.empty()) graph = nullptr;  // the default graph
  // The usual N-Triples line: every term vouched for, the positions' kinds right (an IRI or blank
  // subject, an IRI predicate: no literal code for them), and no byte to escape. The rest (checks,
  // errors, escapes, graphs, unsafe IRIs) is append_unchecked's.
  if ((checked & kAllTermsChecked) == kAllTermsChecked && !graph &&
      q.subject->kind != TermKind::kLiteral && q.predicate->is_iri() && !unsafe_iris_ &&
      write_plain_line<false>(out, q, nullptr))
    return;
  append_unchecked(out, q, graph, checked);
}

void LineEncoder::append_unchecked(std::string& out, const QuadView& q, const Term* graph,
                                   unsigned checked) {
  // The usual N-Quads line: as append()'s N-Triples line, in the graph IRI checked last.
  if (graph && (checked & kAllTermsChecked) == kAllTermsChecked &&
      q.subject->kind != TermKind::kLiteral && q.predicate->is_iri() && !unsafe_iris_ &&
      graph->is_iri() && have_graph_ && graph->value == checked_graph_ &&
      write_plain_quad(out, q, graph))
    return;
  const Term& s = *q.subject;
  const Term* o = q.object;
  std::string_view object_value = q.object_text();
  if (q.object_value && !(checked & kObjectChecked)) {
    // Checked as the term it stands for (its text is in the messages).
    view_object_.kind = o->kind;
    view_object_.value.assign(*q.object_value);
    view_object_.datatype = o->datatype;
    view_object_.language = o->language;
    o = &view_object_;
  }
  // An IRI that passed check_term passes it again (the encoder's options do not change).
  if (!(checked & kSubjectChecked) && have_subject_ && s.is_iri() && s.value == checked_subject_)
    checked |= kSubjectChecked;
  if (graph && have_graph_ && graph->is_iri() && graph->value == checked_graph_)
    checked |= kGraphChecked;
  const unsigned given = checked;
  check(s, *q.predicate, *o, graph, checked);
  if (!(given & kSubjectChecked) && s.is_iri()) {
    checked_subject_ = s.value;
    have_subject_ = true;
  }
  if (graph && !(given & kGraphChecked) && graph->is_iri()) {
    checked_graph_ = graph->value;
    have_graph_ = true;
  }
  append_checked(out, s, *q.predicate, *o, object_value, graph);
}

void LineEncoder::append_checked(std::string& out, const Term& subject, const Term& predicate,
                                 const Term& object, std::string_view object_value,
                                 const Term* graph) const {
  if (!unsafe_iris_) {
    // The usual line has no byte to escape: size it, grow `out` once and copy the parts.
    const std::size_t s = plain_size(subject, subject.value),
                      p = plain_size(predicate, predicate.value),
                      o = plain_size(object, object_value);
    const std::size_t g = graph ? plain_size(*graph, graph->value) : 1;
    if (s && p && o && g) {
      const std::size_t at = out.size();
      out.resize(at + s + p + o + (graph ? g + 1 : 0) + 5);
      char* w = put_plain(out.data() + at, subject, subject.value);
      *w++ = ' ';
      w = put_plain(w, predicate, predicate.value);
      *w++ = ' ';
      w = put_plain(w, object, object_value);
      if (graph) {
        *w++ = ' ';
        w = put_plain(w, *graph, graph->value);
      }
      w[0] = ' ';
      w[1] = '.';
      w[2] = '\n';
      return;
    }
  }
  append_escaped(out, subject, predicate, object, object_value, graph);
}

void LineEncoder::append_escaped(std::string& out, const Term& subject, const Term& predicate,
                                 const Term& object, std::string_view object_value,
                                 const Term* graph) const {
  append_term(out, subject, subject.value);
  out += ' ';
  append_term(out, predicate, predicate.value);
  out += ' ';
  append_term(out, object, object_value);
  if (graph) {
    out += ' ';
    append_term(out, *graph, graph->value);
  }
  out += " .\n";
}

}  // namespace treatykg::rdf
