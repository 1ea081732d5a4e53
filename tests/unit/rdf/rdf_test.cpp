#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "base/error.hpp"
#include "base/files.hpp"
#include "rdf/model.hpp"
#include "rdf/reader.hpp"
#include "rdf/writer.hpp"

using namespace treatykg;
using namespace treatykg::rdf;

namespace {

const std::string kTkg = "https://w3id.org/treatykg/ontology#";
const std::string kXsd = "http://www.w3.org/2001/XMLSchema#";

std::vector<Quad> sample_quads() {
  const auto s1 = Term::iri("https://w3id.org/treatykg/data/claim/a-1"),
             s2 = Term::iri("https://w3id.org/treatykg/data/claim/b-2"), b = Term::blank("sel1");
  return {
      {s1, Term::iri(kTkg + "count"), Term::literal("12000", kXsd + "integer"), {}},
      {s1, Term::iri(kTkg + "qualifier"), Term::iri(kTkg + "approx"), {}},
      {s1, Term::iri("http://www.w3.org/2000/01/rdf-schema#label"), Term::literal("Ким \"quoted\"\n", "", "ru"), {}},
      {s2, Term::iri(kTkg + "count"), Term::literal("10000", kXsd + "integer"), {}},
      {s2, Term::iri(kTkg + "asOf"), Term::literal("2024-11", kXsd + "gYearMonth"), {}},
      {s2, Term::iri(kTkg + "selector"), b, {}},
      {b, Term::iri(kTkg + "begin"), Term::literal("7", kXsd + "integer"), {}},
      {s1, Term::iri(kTkg + "inArticle"), Term::iri("https://w3id.org/treatykg/data/article/x"),
       Term::iri("https://w3id.org/treatykg/data/graph/x")},
  };
}

std::string write_to_string(const Model& m, Syntax syntax, PrefixMap prefixes = {}) {
  std::FILE* f = std::tmpfile();
  {
    Writer w(f, "<tmp>", WriteOptions{syntax, std::move(prefixes)});
    w.write(m);
    w.finish();
  }
  std::rewind(f);
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

}  // namespace

TEST(Writer, SameTriplesInAnyOrderGiveByteIdenticalOutput) {
  auto quads = sample_quads();
  Model a, b;
  for (const auto& q : quads) a.add(q);
  std::mt19937 rng(42);
  std::shuffle(quads.begin(), quads.end(), rng);
  std::reverse(quads.begin(), quads.end());
  for (const auto& q : quads) b.add(q);
  for (Syntax s : {Syntax::kTurtle, Syntax::kNTriples, Syntax::kTrig, Syntax::kNQuads}) {
    const auto out_a = write_to_string(a, s, {{"tkg", kTkg}}), out_b = write_to_string(b, s, {{"tkg", kTkg}});
    EXPECT_FALSE(out_a.empty());
    EXPECT_EQ(out_a, out_b) << "syntax " << syntax_name(s);
  }
}

TEST(Writer, TurtleUsesPrefixesAndGroupsBySubject) {
  Model m;
  for (const auto& q : sample_quads()) m.add(q);
  const auto ttl = write_to_string(m, Syntax::kTurtle, {{"tkg", kTkg}, {"xsd", kXsd}});
  EXPECT_NE(ttl.find("@prefix tkg: <" + kTkg + "> ."), std::string::npos) << ttl;
  EXPECT_NE(ttl.find("tkg:count"), std::string::npos) << ttl;
  EXPECT_NE(ttl.find(" ;\n"), std::string::npos) << "subject not grouped:\n" << ttl;
  // It reads back as the same triples (graphs dropped: Turtle has none).
  Model back;
  read_string(ttl, "roundtrip.ttl", back);
  EXPECT_EQ(back.size(), m.size());
  for (auto q : sample_quads()) {
    q.graph = Term::iri("");
    if (q.object.is_blank() || q.subject.is_blank()) continue;  // labels may be rewritten by the reader
    EXPECT_TRUE(back.contains(q)) << to_nquads(q);
  }
}

TEST(Writer, NQuadsKeepsNamedGraphs) {
  Model m;
  for (const auto& q : sample_quads()) m.add(q);
  const auto nq = write_to_string(m, Syntax::kNQuads);
  EXPECT_NE(nq.find("<https://w3id.org/treatykg/data/graph/x> ."), std::string::npos) << nq;
  const auto nt = write_to_string(m, Syntax::kNTriples);
  EXPECT_EQ(nt.find("graph/x"), std::string::npos) << nt;
}

TEST(Writer, RejectsMalformedLanguageTagBeforeWriting) {
  EXPECT_TRUE(is_valid_language_tag("en"));
  EXPECT_TRUE(is_valid_language_tag("EN"));
  EXPECT_TRUE(is_valid_language_tag("abcdefgh"));  // one primary subtag of up to 8 letters
  EXPECT_FALSE(is_valid_language_tag("e1"));
  EXPECT_TRUE(is_valid_language_tag("en-US"));
  EXPECT_TRUE(is_valid_language_tag("zh-Hant-TW"));
  EXPECT_TRUE(is_valid_language_tag("x-private"));
  EXPECT_TRUE(is_valid_language_tag("de-CH-1901"));
  EXPECT_FALSE(is_valid_language_tag("en--"));
  EXPECT_FALSE(is_valid_language_tag("-en"));
  EXPECT_FALSE(is_valid_language_tag("abcdefghi"));  // subtags have at most 8 characters
  EXPECT_FALSE(is_valid_language_tag("e"));
  EXPECT_FALSE(is_valid_language_tag("en_US"));
  std::FILE* f = std::tmpfile();
  Writer w(f, "<tmp>", WriteOptions{Syntax::kNTriples, {}});
  const Quad bad{Term::iri("http://example.com/s"), Term::iri("http://example.com/p"), Term::literal("x", "", "en--"), {}};
  EXPECT_THROW(w.write(bad), MappingError);
  const Quad bad_iri{Term::iri("http://example.com/a b"), Term::iri("http://example.com/p"), Term::literal("x"), {}};
  EXPECT_THROW(w.write(bad_iri), MappingError);
  w.finish();
  std::fseek(f, 0, SEEK_END);
  EXPECT_EQ(std::ftell(f), 0) << "nothing of a rejected statement may be written";
  std::fclose(f);
}

TEST(Writer, WriteErrorIsReportedOnFinish) {
  OutputFile out("/dev/full");
  Writer w(out.stream(), "/dev/full", WriteOptions{Syntax::kNTriples, {}});
  Model m;
  for (const auto& q : sample_quads()) m.add(q);
  EXPECT_THROW(
      {
        for (int i = 0; i < 2000; ++i) w.write(m);  // more than one stdio buffer
        w.finish();
      },
      IoError);
}

TEST(Reader, SyntaxErrorCarriesLineAndColumn) {
  const std::string text =
      "@prefix ex: <http://example.com/> .\n"
      "\n"
      "ex:a ex:b ex:c .\n"
      "ex:a ex:b ex:d .\n"
      "ex:a ex:b ex:e .\n"
      "ex:a ex:b ex:f .\n"
      "ex:a ex:b ex:g ; ex:h \"unterminated .\n";
  Model m;
  try {
    read_string(text, "bad.ttl", m);
    FAIL() << "no error";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.path(), "bad.ttl");
    EXPECT_EQ(e.pos().line, 6u) << e.what();
    EXPECT_TRUE(std::string(e.what()).starts_with("bad.ttl:7:")) << e.what();
  }
}

TEST(Reader, RelativeIriWithoutBaseIsASyntaxError) {
  Model m;
  EXPECT_THROW(read_string("<#m> <http://example.com/p> 1 .\n", "rel.ttl", m), SyntaxError);
  read_string("<#m> <http://example.com/p> 1 .\n", "rel.ttl", m, ReadOptions{std::nullopt, "http://example.com/base"});
  EXPECT_EQ(m.size(), 1u);
  EXPECT_TRUE(m.contains({Term::iri("http://example.com/base#m"), Term::iri("http://example.com/p"),
                          Term::literal("1", "http://www.w3.org/2001/XMLSchema#integer"), {}}));
}

TEST(Reader, EachStatementAsAFirstReadIntoAModelGivesIt) {
  const std::string text =
      "@prefix ex: <http://example.com/> .\n"
      "ex:a ex:p [ ex:q \"x\"@en ; ex:r (1 2) ] .\n"
      "ex:a ex:p [ ex:q \"x\"@en ] .\n"
      "ex:a ex:p ex:b .\nex:a ex:p ex:b .\n";
  Model m;
  read_string(text, "each.ttl", m);
  std::vector<Quad> from_model, each;
  m.for_each([&](const Quad& q) { from_model.push_back(q); });
  read_string(text, "each.ttl", [&](const Quad& q) { each.push_back(q); });
  EXPECT_EQ(each.size(), from_model.size() + 1);  // the repeated statement too
  std::sort(each.begin(), each.end());
  each.erase(std::unique(each.begin(), each.end()), each.end());
  std::sort(from_model.begin(), from_model.end());
  EXPECT_EQ(each, from_model);  // blank node labels included
  EXPECT_THROW(read_string("<#m> <http://example.com/p> 1 .\n", "rel.ttl", [](const Quad&) {}), SyntaxError);
}

TEST(Reader, PrefixedNamesAndAbsoluteIrisAreReadAsWritten) {
  Model m;
  read_string("@prefix ex: <http://example.com/a/> .\n@prefix : <urn:x:> .\n"
              "ex:s\\.1 <http://example.com/b/../p?#> :o .\n",
              "names.ttl", m, ReadOptions{std::nullopt, "http://example.com/base"});
  EXPECT_TRUE(m.contains({Term::iri("http://example.com/a/s.1"), Term::iri("http://example.com/b/../p?#"),
                          Term::iri("urn:x:o"), {}}));
  Model bad;
  try {
    read_string("ex:s ex:p ex:o .\n", "undefined.ttl", bad);
    FAIL() << "no error";
  } catch (const SyntaxError& e) {
    EXPECT_NE(std::string(e.what()).find("undefined.ttl"), std::string::npos) << e.what();
  }
}

TEST(Model, KeepsTheSameTripleInTheDefaultAndANamedGraph) {
  Model m;
  const Quad in_default{Term::iri("http://example.com/s"), Term::iri("http://example.com/p"), Term::literal("o"), {}};
  Quad in_named = in_default;
  in_named.graph = Term::iri("http://example.com/g");
  m.add(in_named);
  m.add(in_default);
  EXPECT_EQ(m.size(), 2u);
  EXPECT_TRUE(m.contains(in_default));
  EXPECT_TRUE(m.contains(in_named));
  const auto default_graph = Term::iri("");
  ASSERT_EQ(m.match(nullptr, nullptr, nullptr, &default_graph).size(), 1u);
  EXPECT_EQ(m.match(nullptr, nullptr, nullptr, &default_graph)[0], in_default);
}

TEST(Reader, EmptyDocumentIsAnEmptyDataset) {
  Model m;
  EXPECT_NO_THROW(read_string("", "empty.nq", m, ReadOptions{Syntax::kNQuads, {}}));
  EXPECT_NO_THROW(read_string("# only a comment\n", "empty.ttl", m));
  EXPECT_EQ(m.size(), 0u);
}

TEST(Writer, EscapesLiteralsAsNTriplesRequires) {
  Model m;
  m.add({Term::iri("http://example.com/s"), Term::iri("http://example.com/p"),
         Term::literal("a\"b\\c\nd\te\x01" "f Кім"), {}});
  const auto nt = write_to_string(m, Syntax::kNTriples);
  EXPECT_EQ(nt, "<http://example.com/s> <http://example.com/p> \"a\\\"b\\\\c\\nd\\te\\u0001f Кім\" .\n");
}

TEST(Model, RefusesTermsThatAreNotRdfInsteadOfDroppingThem) {
  Model m;
  EXPECT_THROW(m.add({Term::iri("#relative"), Term::iri("http://example.com/p"), Term::literal("x"), {}}),
               MappingError);
}

TEST(Reader, MissingFileIsAnIoErrorNotASyntaxError) {
  Model m;
  EXPECT_THROW(read_file("/nonexistent/ontology.ttl", m), IoError);
}

TEST(Reader, CheckFileKeepsGoingAndReportsEveryError) {
  const std::string path = ::testing::TempDir() + "two-errors.ttl";
  {
    OutputFile f(path);
    f.write(
        "@prefix ex: <http://example.com/> .\n"
        "ex:a ex:b ex:c .\n"
        "ex:a ex:b ) .\n"
        "ex:a ex:b ex:d .\n"
        "ex:a ex:b ( .\n"
        "ex:a ex:b ex:e .\n");
    f.commit();
  }
  Model m;
  const auto errors = check_file(path, m);
  ASSERT_GE(errors.size(), 2u);
  EXPECT_EQ(errors[0].pos().line, 2u);
  EXPECT_GT(errors[1].pos().line, 2u);
  EXPECT_GE(m.size(), 2u) << "good statements around the errors are kept";
}

TEST(Model, MatchesPatternsAndKeepsPrefixes) {
  Model m;
  read_string(
      "@prefix ex: <http://example.com/> .\n"
      "ex:tm a ex:TriplesMap ; ex:source \"a.json\" .\n"
      "ex:tm2 a ex:TriplesMap .\n",
      "m.ttl", m);
  const auto type = Term::iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
  const auto tm = Term::iri("http://example.com/TriplesMap");
  EXPECT_EQ(m.match(nullptr, &type, &tm).size(), 2u);
  EXPECT_EQ(m.object(Term::iri("http://example.com/tm"), Term::iri("http://example.com/source")),
            Term::literal("a.json"));
  ASSERT_EQ(m.prefixes().size(), 1u);
  EXPECT_EQ(m.prefixes()[0].first, "ex");
  const auto none = Term::iri("http://example.com/none");
  EXPECT_TRUE(m.match(&none, nullptr, nullptr).empty());
}

TEST(Term, NTriplesFormEscapesWhatItMust) {
  EXPECT_EQ(to_ntriples(Term::literal("a\"b\\c\nd\re\tf\x01g>h")), "\"a\\\"b\\\\c\\nd\\re\\u0009f\\u0001g>h\"");
  EXPECT_EQ(to_ntriples(Term::iri("http://e.com/a>b\\c\"d\x1F")), "<http://e.com/a\\u003Eb\\u005Cc\"d\\u001F>");
  EXPECT_EQ(to_ntriples(Term::literal("plain", "", "en")), "\"plain\"@en");
  EXPECT_EQ(to_ntriples(Term::literal("")), "\"\"");
}

TEST(Reader, StreamedReadReportsEachPrefixAsDeclared) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("treatykg-prefixes-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "o.ttl").string();
  std::ofstream(path)
      << "@base <http://example.org/base/> .\n@prefix ex: <http://example.org/ns#> .\n"
         "@prefix rel: <sub/> .\nex:a ex:p rel:b .\n@prefix ex: <http://example.org/other#> .\n";
  std::vector<std::pair<std::string, std::string>> prefixes;
  std::size_t statements = 0;
  rdf::read_file(
      path, [&](const rdf::Quad&) { ++statements; }, {},
      [&](const std::string& name, const std::string& iri) { prefixes.emplace_back(name, iri); });
  std::filesystem::remove_all(dir);
  EXPECT_EQ(statements, 1u);
  EXPECT_EQ(prefixes, (std::vector<std::pair<std::string, std::string>>{
                          {"ex", "http://example.org/ns#"},
                          {"rel", "http://example.org/base/sub/"},
                          {"ex", "http://example.org/other#"}}));
}
