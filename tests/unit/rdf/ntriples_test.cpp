// rdf::LineEncoder (the line-based writers' serializer) and the IRI check it relies on.

#include "rdf/ntriples.hpp"

#include <gtest/gtest.h>

#include <string>

#include "base/error.hpp"
#include "rdf/term.hpp"

namespace treatykg::rdf {
namespace {

TEST(IriCheck, AcceptsAbsoluteIrisOfEveryLength) {
  // Lengths around the 16-byte vector step, with non-ASCII bytes (allowed) at different positions.
  std::string iri = "http://example.org/";
  for (int n = 0; n < 40; ++n) {
    EXPECT_TRUE(is_valid_absolute_iri(iri)) << iri;
    iri += (n % 7 == 3) ? "\xC3\xA9" : "a";
  }
}

TEST(IriCheck, RejectsEachForbiddenByteAtEveryPosition) {
  for (const char bad : std::string("<>\"{}|^`\\ \t\n\x01\x7f", 14)) {
    if (bad == '\x7f') continue;  // DEL is allowed by the N-Triples IRIREF grammar
    for (std::size_t pos = 7; pos < 40; ++pos) {
      std::string iri = "http://" + std::string(40, 'x');
      iri[pos] = bad;
      EXPECT_FALSE(is_valid_absolute_iri(iri)) << "byte " << int(bad) << " at " << pos;
    }
  }
}

TEST(IriCheck, RejectsForbiddenBytesInShortIrisAndInTheLastPartialBlock) {
  // Every length from 8 to 48 and every position after the scheme: covers the byte loop of short
  // IRIs and the overlapping last block of longer ones.
  for (const char bad : std::string("<>\"{}|^`\\ \t\x01", 12))
    for (std::size_t len = 8; len <= 48; ++len)
      for (std::size_t pos = 5; pos < len; ++pos) {
        std::string iri = "http:" + std::string(len - 5, 'x');
        EXPECT_TRUE(is_valid_absolute_iri(iri)) << iri;
        iri[pos] = bad;
        EXPECT_FALSE(is_valid_absolute_iri(iri)) << "byte " << int(bad) << " at " << pos << " of " << len;
      }
  // Neighbours of the forbidden bytes are allowed (the vector check folds some of them together).
  for (const char ok : std::string("!#;=?[]_a~\x7f\x80", 12))
    EXPECT_TRUE(is_valid_absolute_iri("http://example.org/" + std::string(20, ok))) << int(ok);
}

TEST(IriCheck, EveryByteValueAgreesWithTheForbiddenTable) {
  // Each byte value in IRIs handled byte by byte (< 16), by 16-byte and by 32-byte blocks, at the
  // start, middle and end of the checked range.
  for (int c = 0; c < 256; ++c)
    for (const std::size_t len : {12u, 20u, 40u, 70u})
      for (const std::size_t pos : {std::size_t{7}, len / 2, len - 1}) {
        std::string iri = "http://" + std::string(len - 7, 'a');
        iri[pos] = static_cast<char>(c);
        EXPECT_EQ(is_valid_absolute_iri(iri), !is_forbidden_in_iri(static_cast<unsigned char>(c)))
            << "byte " << c << " at " << pos << " of " << len;
      }
}

TEST(IriCheck, RejectsRelativeAndSchemeErrors) {
  EXPECT_FALSE(is_valid_absolute_iri("example.org/a"));
  EXPECT_FALSE(is_valid_absolute_iri(":a"));
  EXPECT_FALSE(is_valid_absolute_iri("1http://a"));
  EXPECT_FALSE(is_valid_absolute_iri("ht tp://a"));
  EXPECT_TRUE(is_valid_absolute_iri("urn:x-treatykg:default-graph"));
  // The http/https shortcut and its neighbours.
  for (const char* yes : {"http:", "https:", "http:x", "httpx:", "http-s:", "https+x:"}) EXPECT_TRUE(has_iri_scheme(yes)) << yes;
  for (const char* no : {"http", "https", "http/", "https/:", "ht tp:", "http s:", "1http:"}) EXPECT_FALSE(has_iri_scheme(no)) << no;
}

TEST(LineEncoder, WritesNTriplesAndNQuadsLines) {
  LineEncoder enc;
  std::string out;
  const Quad q{Term::iri("http://e.org/s"), Term::iri("http://e.org/p"),
               Term::literal("a \"quoted\"\nline\\", "", "en-GB"), {}};
  enc.append(out, q, nullptr);
  EXPECT_EQ(out, "<http://e.org/s> <http://e.org/p> \"a \\\"quoted\\\"\\nline\\\\\"@en-GB .\n");
  out.clear();
  const Term g = Term::iri("http://e.org/g");
  enc.append(out, Quad{Term::blank("b1"), Term::iri("http://e.org/p"),
                       Term::literal("3", "http://www.w3.org/2001/XMLSchema#integer"), {}},
             &g);
  EXPECT_EQ(out, "_:b1 <http://e.org/p> \"3\"^^<http://www.w3.org/2001/XMLSchema#integer> <http://e.org/g> .\n");
  out.clear();
  const Term default_graph = Term::iri("");
  enc.append(out, Quad{Term::iri("http://e.org/s"), Term::iri("http://e.org/p"),
                       Term::literal("x", "http://www.w3.org/2001/XMLSchema#string"), {}},
             &default_graph);
  EXPECT_EQ(out, "<http://e.org/s> <http://e.org/p> \"x\" .\n");
}

TEST(LineEncoder, EscapesLiteralBytesAtEveryPosition) {
  // Lines without escapes are copied in one piece, the others byte by byte: both give the same text.
  LineEncoder enc;
  for (std::size_t len = 1; len <= 40; ++len)
    for (std::size_t pos = 0; pos < len; ++pos)
      for (const char c : std::string("\"\\\n\t\x7f\x01", 6)) {
        std::string v(len, 'a');
        v[pos] = c;
        std::string out;
        enc.append(out, Quad{Term::iri("http://e.org/s"), Term::iri("http://e.org/p"), Term::literal(v), {}}, nullptr);
        const std::string esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\t' ? "\\t"
                                : c == '\x7f' ? "\\u007F" : "\\u0001";
        EXPECT_EQ(out, "<http://e.org/s> <http://e.org/p> \"" + std::string(pos, 'a') + esc +
                           std::string(len - pos - 1, 'a') + "\" .\n");
      }
}

TEST(LineEncoder, EscapesEveryByteValueAtEveryPositionOfShortLiterals) {
  // Short lexical forms are scanned a word at a time: each byte value, at each position, in forms of
  // 1 to 24 bytes, is written as the byte-by-byte rule says.
  const auto escaped = [](unsigned char c) -> std::string {
    static constexpr char kHex[] = "0123456789ABCDEF";
    switch (c) {
      case '"': return "\\\"";
      case '\\': return "\\\\";
      case '\n': return "\\n";
      case '\r': return "\\r";
      case '\t': return "\\t";
      default:
        if (c < 0x20 || c == 0x7F) return std::string("\\u00") + kHex[c >> 4] + kHex[c & 0xF];
        return std::string(1, static_cast<char>(c));
    }
  };
  LineEncoder enc;
  const Term s = Term::iri("http://e.org/s"), p = Term::iri("http://e.org/p");
  for (std::size_t len = 1; len <= 24; ++len)
    for (std::size_t pos = 0; pos < len; ++pos)
      for (int c = 0; c < 256; ++c) {
        std::string v(len, 'b');
        v[pos] = static_cast<char>(c);
        std::string out;
        enc.append(out, Quad{s, p, Term::literal(v), {}}, nullptr);
        ASSERT_EQ(out, "<http://e.org/s> <http://e.org/p> \"" + std::string(pos, 'b') + escaped(static_cast<unsigned char>(c)) +
                           std::string(len - pos - 1, 'b') + "\" .\n")
            << "byte " << c << " at " << pos << " of " << len;
      }
}

TEST(LineEncoder, CopiesTermsOfEveryLength) {
  // Terms are copied in pieces sized to them (short words, overlapping 16-byte blocks, memcpy past
  // 64 bytes): every length, with bytes that differ by position, comes out whole and in order.
  const auto text = [](std::size_t n, char first) {
    std::string v;
    for (std::size_t i = 0; i < n; ++i) v += static_cast<char>(first + i % 26);
    return v;
  };
  LineEncoder enc;
  for (std::size_t n = 0; n <= 140; ++n) {
    const Term s = Term::iri("h:" + text(n, 'a')), p = Term::iri("http://e.org/" + text(n, 'A'));
    const Term o =
        Term::literal(text(n, 'a'), n % 2 ? "http://e.org/" + text(n, 'A') : "", n % 3 ? "" : "en");
    std::string out = "x";
    enc.append(out, QuadView{&s, &p, &o, nullptr}, nullptr,
               kSubjectChecked | kPredicateChecked | kObjectChecked);
    const std::string suffix = n % 3 == 0 ? "@en"
                               : n % 2    ? "^^<http://e.org/" + text(n, 'A') + ">"
                                          : "";
    ASSERT_EQ(out, "x<h:" + text(n, 'a') + "> <http://e.org/" + text(n, 'A') + "> \"" +
                       text(n, 'a') + "\"" + suffix + " .\n")
        << n;
    // A blank subject, an IRI object, and a literal whose text is given apart from its term.
    const Term b = Term::blank("b" + text(n, 'a')), i = Term::iri("h:" + text(n, 'A'));
    const std::string_view given = "given text";
    out.clear();
    enc.append(out, QuadView{&b, &p, &i, nullptr}, nullptr,
               kSubjectChecked | kPredicateChecked | kObjectChecked);
    enc.append(out, QuadView{&b, &p, &o, nullptr, &given}, nullptr,
               kSubjectChecked | kPredicateChecked | kObjectChecked);
    enc.append(out, QuadView{&b, &p, &o, nullptr, &given}, &p, 0);  // checked, with a graph
    enc.append(out, QuadView{&b, &p, &o, nullptr, &given}, &p,      // that graph again: not checked
               kSubjectChecked | kPredicateChecked | kObjectChecked);
    ASSERT_EQ(out, "_:b" + text(n, 'a') + " <http://e.org/" + text(n, 'A') +
                       "> <h:" + text(n, 'A') + "> .\n" + "_:b" + text(n, 'a') + " <http://e.org/" +
                       text(n, 'A') + "> \"given text\"" + suffix + " .\n" + "_:b" + text(n, 'a') +
                       " <http://e.org/" + text(n, 'A') + "> \"given text\"" + suffix +
                       " <http://e.org/" + text(n, 'A') + "> .\n" + "_:b" + text(n, 'a') +
                       " <http://e.org/" + text(n, 'A') + "> \"given text\"" + suffix +
                       " <http://e.org/" + text(n, 'A') + "> .\n")
        << n;
  }
}

TEST(LineEncoder, RefusesInvalidTermsAndAppendsNothing) {
  LineEncoder enc;
  std::string out = "kept\n";
  const Term p = Term::iri("http://e.org/p");
  enc.append(out, Quad{Term::iri("http://e.org/s"), p, Term::iri("http://e.org/o"), {}}, nullptr);
  const std::string before = out;
  EXPECT_THROW(enc.append(out, Quad{Term::iri("http://e.org/a b"), p, Term::iri("http://e.org/o"), {}}, nullptr),
               MappingError);
  EXPECT_THROW(enc.append(out, Quad{Term::iri("relative/x"), p, Term::iri("http://e.org/o"), {}}, nullptr),
               MappingError);
  EXPECT_THROW(enc.append(out, Quad{Term::literal("s"), p, Term::iri("http://e.org/o"), {}}, nullptr),
               MappingError);
  EXPECT_THROW(enc.append(out, Quad{Term::iri("http://e.org/s"), Term::blank("p"), Term::iri("http://e.org/o"), {}},
                          nullptr),
               MappingError);
  EXPECT_THROW(enc.append(out, Quad{Term::iri("http://e.org/s"), p, Term::literal("x", "", "en--"), {}}, nullptr),
               MappingError);
  EXPECT_THROW(enc.append(out, Quad{Term::iri("http://e.org/s"), p, Term::blank("a b"), {}}, nullptr), MappingError);
  const Term bad_graph = Term::iri("http://e.org/g>");
  EXPECT_THROW(enc.append(out, Quad{Term::iri("http://e.org/s"), p, Term::iri("http://e.org/o"), {}}, &bad_graph),
               MappingError);
  EXPECT_EQ(out, before);
}

TEST(LineEncoder, ARememberedSubjectOrGraphChangesNeitherOutputNorErrors) {
  LineEncoder enc;              // non-const: remembers the last subject and graph that passed
  const LineEncoder fresh;      // const: checks everything every time
  const Term s = Term::iri("http://e.org/s"), p = Term::iri("http://e.org/p"), g = Term::iri("http://e.org/g");
  const Term bad_graph = Term::iri("http://e.org/g g");
  std::string a, b;
  for (int i = 0; i < 3; ++i) {
    const Quad q{s, p, Term::literal(std::to_string(i)), {}};
    enc.append(a, q, &g);
    fresh.append(b, q, &g);
  }
  EXPECT_EQ(a, b);
  // Still refused after a valid quad of the same subject/graph: the other terms, other subjects
  // and graphs are checked.
  EXPECT_THROW(enc.append(a, Quad{s, Term::blank("p"), Term::iri("http://e.org/o"), {}}, &g), MappingError);
  EXPECT_THROW(enc.append(a, Quad{s, p, Term::iri("http://e.org/o o"), {}}, &g), MappingError);
  EXPECT_THROW(enc.append(a, Quad{Term::iri("http://e.org/s s"), p, Term::iri("http://e.org/o"), {}}, &g),
               MappingError);
  EXPECT_THROW(enc.append(a, Quad{s, p, Term::iri("http://e.org/o"), {}}, &bad_graph), MappingError);
  EXPECT_THROW(enc.append(a, Quad{Term::literal("s"), p, Term::iri("http://e.org/o"), {}}, &g), MappingError);
  EXPECT_EQ(a, b);
  enc.append(a, Quad{s, p, Term::iri("http://e.org/o"), {}}, nullptr);
  fresh.append(b, Quad{s, p, Term::iri("http://e.org/o"), {}}, nullptr);
  EXPECT_EQ(a, b);
}

TEST(LineEncoder, CheckedBitsSkipOnlyTheTermsVouchedFor) {
  LineEncoder enc;
  const LineEncoder fresh;
  const Term s = Term::iri("http://e.org/s"), p = Term::iri("http://e.org/p"),
             g = Term::iri("http://e.org/g");
  const Term o = Term::literal("v", "http://e.org/dt");
  std::string a, b;
  enc.append(a, QuadView{&s, &p, &o, nullptr}, &g,
             kSubjectChecked | kPredicateChecked | kObjectChecked);
  fresh.append(b, Quad{s, p, o, {}}, &g);
  EXPECT_EQ(a, b);
  // Terms without their bit are checked as before.
  const Term bad_dt = Term::literal("v", "http://e.org/a b"),
             bad_iri = Term::iri("http://e.org/a b");
  EXPECT_THROW(
      enc.append(a, QuadView{&s, &p, &bad_dt, nullptr}, &g, kSubjectChecked | kPredicateChecked),
      MappingError);
  EXPECT_THROW(
      enc.append(a, QuadView{&bad_iri, &p, &o, nullptr}, &g, kPredicateChecked | kObjectChecked),
      MappingError);
  EXPECT_THROW(
      enc.append(a, QuadView{&s, &bad_iri, &o, nullptr}, &g, kSubjectChecked | kObjectChecked),
      MappingError);
  // The kinds a position takes are still required, with a named graph or without.
  const unsigned all = kSubjectChecked | kPredicateChecked | kObjectChecked;
  for (const Term* graph : {&g, static_cast<const Term*>(nullptr)}) {
    EXPECT_THROW(enc.append(a, QuadView{&s, &o, &o, nullptr}, graph, all), MappingError);
    EXPECT_THROW(enc.append(a, QuadView{&o, &p, &o, nullptr}, graph, all), MappingError);
  }
  EXPECT_EQ(a, b);
  std::string c, d;
  enc.append(c, QuadView{&s, &p, &o, nullptr}, nullptr, all);
  fresh.append(d, Quad{s, p, o, {}}, nullptr);
  EXPECT_EQ(c, d);
  EXPECT_TRUE(LineEncoder::passes_check(o));
  EXPECT_TRUE(LineEncoder::passes_check(Term::blank("b1")));
  EXPECT_FALSE(LineEncoder::passes_check(bad_dt));
  EXPECT_FALSE(LineEncoder::passes_check(bad_iri));
  EXPECT_FALSE(LineEncoder::passes_check(Term::iri("")));
  EXPECT_FALSE(LineEncoder::passes_check(Term::blank("a b")));
}

TEST(LineEncoder, UnsafeIriOptInEscapesWhatIrirefForbids) {
  const Quad q{Term::iri("http://example.com/Person/Emily Smith"), Term::iri("http://e.org/p"),
               Term::iri("http://example.com/Zo\xC3\xAB{x}"), {}};
  std::string out;
  EXPECT_THROW(LineEncoder().append(out, q, nullptr), MappingError);
  LineEncoder(true).append(out, q, nullptr);
  EXPECT_EQ(out, "<http://example.com/Person/Emily\\u0020Smith> <http://e.org/p> "
                 "<http://example.com/Zo\xC3\xAB\\u007Bx\\u007D> .\n");
  // Still an absolute IRI: a scheme is required even with the opt-in.
  EXPECT_THROW(LineEncoder(true).append(out, Quad{Term::iri("no scheme"), q.predicate, q.object, {}}, nullptr),
               MappingError);
}

}  // namespace
}  // namespace treatykg::rdf
