// JSON-LD, RDF/XML and RDF/JSON writers, checked by parsing their output back with independent
// parsers (rdflib for JSON-LD and RDF/XML, rapper for RDF/XML and RDF/JSON; a missing tool skips
// the test), and the opt-in for rml:UnsafeIRI in the N-Triples/N-Quads writer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <set>

#include "base/error.hpp"
#include "rdf/model.hpp"
#include "rdf/reader.hpp"
#include "rdf/writer.hpp"
#include "run_command.hpp"

using namespace treatykg;
using namespace treatykg::rdf;

namespace {

const std::string kEx = "http://example.com/";
const std::string kXsd = "http://www.w3.org/2001/XMLSchema#";

// Values that need every kind of escape in JSON and XML.
std::vector<Quad> tricky_quads() {
  const auto s = Term::iri(kEx + "s/1"), b = Term::blank("n1"), b2 = Term::blank("0-x.y");
  return {
      {s,
       Term::iri(kEx + "name"),
       Term::literal("Ким \"quoted\" \\ back\nline\ttab\rcr <&> ]]>", "", "ru"),
       {}},
      {s, Term::iri(kEx + "count"), Term::literal("33", kXsd + "integer"), {}},
      {s, Term::iri(kEx + "plain"), Term::literal(""), {}},
      {s, Term::iri(kEx + "string"), Term::literal("typed", kXsd + "string"), {}},
      {s, Term::iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), Term::iri(kEx + "T"), {}},
      {s, Term::iri(kEx + "part"), b, {}},
      {b, Term::iri(kEx + "next"), b2, {}},
      {b2, Term::iri("http://purl.org/dc/terms/title"), Term::literal("Zoë & \"Krüger\""), {}},
      {s, Term::iri(kEx + "q?a=1&b=2#frag"), Term::iri(kEx + "o?x=1&y='2'"), {}},
      {s, Term::iri(kEx + "inGraph"), Term::iri(kEx + "o"), Term::iri(kEx + "graph/1")},
  };
}

std::string write_quads(const std::vector<Quad>& quads, Syntax syntax, WriteOptions options = {}) {
  options.syntax = syntax;
  std::FILE* f = std::tmpfile();
  {
    Writer w(f, "<tmp>", options);
    for (const auto& q : quads) w.write(q);
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

// N-Quads lines with every blank node label replaced by its order of first appearance in the
// sorted statements without blank nodes first (enough for these small, acyclic samples).
std::multiset<std::string> canonical(const std::vector<Quad>& quads, bool drop_graphs) {
  std::multiset<std::string> out;
  for (Quad q : quads) {
    if (drop_graphs) q.graph = Term::iri("");
    if (q.object.is_literal() && q.object.datatype == kXsd + "string") q.object.datatype.clear();
    for (Term* t : {&q.subject, &q.object})
      if (t->is_blank()) *t = Term::blank("B");
    out.insert(to_nquads(q));
  }
  return out;
}

std::vector<Quad> read_nquads(const std::string& text) {
  Model m;
  read_string(text, "<tool output>", m, ReadOptions{Syntax::kNQuads, {}});
  std::vector<Quad> out;
  m.for_each([&](const Quad& q) { out.push_back(q); });
  return out;
}

bool have(const std::string& check) {
  return treatykg::testing::run_command(check).exit_code == 0;
}
bool have_rapper() {
  return have("command -v rapper");
}
bool have_rdflib() {
  return have("/usr/bin/python3 -c 'import rdflib'");
}

// Parses `text` with a tool (command reading FILE) and returns its N-Quads.
std::string parse_with(const std::string& text, const std::string& ext,
                       const std::string& command) {
  const std::string path =
      ::testing::TempDir() + "tkg-docwriter-" + std::to_string(::getpid()) + ext;
  std::ofstream(path, std::ios::binary) << text;
  std::string cmd = command;
  cmd.replace(cmd.find("FILE"), 4, path);
  const auto r = treatykg::testing::run_command(cmd);
  std::remove(path.c_str());
  EXPECT_EQ(r.exit_code, 0) << cmd << "\n" << r.err << "\n" << text;
  return r.out;
}

const std::string kRdflib =
    "/usr/bin/python3 " TREATYKG_SOURCE_DIR "/tests/conformance/rdflib_to_nquads.py";

std::vector<Quad> without_default_marker(std::vector<Quad> quads) {
  for (auto& q : quads)
    if (q.graph.value == "urn:x-treatykg-conformance:default") q.graph = Term::iri("");
  return quads;
}

}  // namespace

TEST(JsonLdWriter, RdflibReadsBackTheSameDataset) {
  if (!have_rdflib()) GTEST_SKIP() << "rdflib not importable by /usr/bin/python3";
  const auto quads = tricky_quads();
  const auto text = write_quads(quads, Syntax::kJsonLd);
  const auto back =
      without_default_marker(read_nquads(parse_with(text, ".jsonld", kRdflib + " json-ld FILE")));
  EXPECT_EQ(canonical(back, false), canonical(quads, false)) << text;
}

TEST(RdfXmlWriter, RapperAndRdflibReadBackTheSameTriples) {
  const auto quads = tricky_quads();
  const auto text = write_quads(quads, Syntax::kRdfXml);
  if (have_rapper()) {
    const auto back = read_nquads(parse_with(text, ".rdf", "rapper -q -i rdfxml -o nquads FILE"));
    EXPECT_EQ(canonical(back, true), canonical(quads, true)) << text;
  }
  if (have_rdflib()) {
    const auto back =
        without_default_marker(read_nquads(parse_with(text, ".rdf", kRdflib + " xml FILE")));
    EXPECT_EQ(canonical(back, true), canonical(quads, true)) << text;
  }
  if (!have_rapper() && !have_rdflib()) GTEST_SKIP() << "neither rapper nor rdflib";
}

TEST(RdfJsonWriter, RapperReadsBackTheSameTriples) {
  if (!have_rapper()) GTEST_SKIP() << "rapper (raptor2-utils) missing";
  const auto quads = tricky_quads();
  const auto text = write_quads(quads, Syntax::kRdfJson);
  const auto back = read_nquads(parse_with(text, ".json", "rapper -q -i json -o nquads FILE"));
  EXPECT_EQ(canonical(back, true), canonical(quads, true)) << text;
}

TEST(DocumentWriters, SameQuadsInAnyOrderGiveTheSameBytes) {
  auto quads = tricky_quads();
  for (Syntax s : {Syntax::kJsonLd, Syntax::kRdfXml, Syntax::kRdfJson}) {
    const auto a = write_quads(quads, s);
    auto shuffled = quads;
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
    shuffled.push_back(shuffled.front());  // duplicates are written once
    EXPECT_EQ(write_quads(shuffled, s), a) << syntax_name(s);
  }
}

TEST(DocumentWriters, EmptyDatasetsAreValidDocuments) {
  EXPECT_EQ(write_quads({}, Syntax::kJsonLd), "[]\n");
  EXPECT_EQ(write_quads({}, Syntax::kRdfJson), "{}\n");
  EXPECT_NE(write_quads({}, Syntax::kRdfXml).find("<rdf:RDF"), std::string::npos);
}

TEST(RdfXmlWriter, RefusesWhatXmlCannotSay) {
  const auto s = Term::iri(kEx + "s");
  // A predicate that does not end with an XML name.
  EXPECT_THROW(write_quads({{s, Term::iri(kEx + "p/1"), Term::literal("x"), {}}}, Syntax::kRdfXml),
               MappingError);
  // rdf:li is syntax in RDF/XML, not a property.
  EXPECT_THROW(
      write_quads(
          {{s, Term::iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#li"), Term::literal("x"), {}}},
          Syntax::kRdfXml),
      MappingError);
  // XML 1.0 has no way to write U+0001.
  EXPECT_THROW(
      write_quads({{s, Term::iri(kEx + "p"), Term::literal("a\x01"), {}}}, Syntax::kRdfXml),
      MappingError);
  // Invalid UTF-8 is refused, not copied into the document.
  EXPECT_THROW(
      write_quads({{s, Term::iri(kEx + "p"), Term::literal("a\xff"), {}}}, Syntax::kJsonLd),
      MappingError);
}

TEST(RdfXmlWriter, UsesGivenPrefixesForPredicateNamespaces) {
  WriteOptions o;
  o.prefixes = {{"ex", kEx}};
  const auto text = write_quads(
      {{Term::iri(kEx + "s"), Term::iri(kEx + "p"), Term::literal("x"), {}}}, Syntax::kRdfXml, o);
  EXPECT_NE(text.find("xmlns:ex=\"http://example.com/\""), std::string::npos) << text;
  EXPECT_NE(text.find("<ex:p>x</ex:p>"), std::string::npos) << text;
}

TEST(Syntax, WrittenOnlySyntaxesAreNotRead) {
  EXPECT_EQ(parse_syntax("jsonld"), Syntax::kJsonLd);
  EXPECT_EQ(parse_syntax("rdfxml"), Syntax::kRdfXml);
  EXPECT_EQ(parse_syntax("rdfjson"), Syntax::kRdfJson);
  EXPECT_FALSE(syntax_for_path("a.jsonld").has_value());
  EXPECT_FALSE(syntax_for_path("a.rdfxml").has_value());
  EXPECT_TRUE(has_graphs(Syntax::kJsonLd));
  EXPECT_FALSE(has_graphs(Syntax::kRdfXml));
  Model m;
  EXPECT_THROW(read_string("[]", "a.jsonld", m, ReadOptions{Syntax::kJsonLd, {}}), IoError);
}

// ---- rml:UnsafeIRI opt-in -----------------------------------------------------------------------

TEST(UnsafeIris, StrictWriterRefusesAnIriWithASpaceAndSaysWhere) {
  const Quad q{Term::iri("http://example.com/Person/Emily Smith"),
               Term::iri(kEx + "p"),
               Term::literal("x"),
               {}};
  for (Syntax s : {Syntax::kNQuads, Syntax::kTurtle, Syntax::kJsonLd}) {
    try {
      write_quads({q}, s);
      ADD_FAILURE() << "no error for " << syntax_name(s);
    } catch (const MappingError& e) {
      EXPECT_NE(std::string(e.what()).find(
                    "<http://example.com/Person/Emily Smith>: not a valid absolute IRI: a "
                    "space at byte 31"),
                std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("rml:UnsafeIRI"), std::string::npos) << e.what();
    }
  }
}

TEST(UnsafeIris, OptInWritesForbiddenCharactersAsUcharEscapes) {
  WriteOptions o;
  o.unsafe_iris = true;
  const Quad q{Term::iri("http://example.com/Person/Zoë Krüger<{|}>^`\"\\\x01"),
               Term::iri(kEx + "p"), Term::iri("http://example.com/a b"),
               Term::iri("http://example.com/g h")};
  EXPECT_EQ(write_quads({q}, Syntax::kNQuads, o),
            "<http://example.com/Person/"
            "Zoë\\u0020Krüger\\u003C\\u007B\\u007C\\u007D\\u003E\\u005E\\u0060\\u0022"
            "\\u005C\\u0001> <http://example.com/p> <http://example.com/a\\u0020b> "
            "<http://example.com/g\\u0020h> .\n");
  EXPECT_EQ(write_quads({q}, Syntax::kNTriples, o).find("g\\u0020h"),
            std::string::npos);  // no graph in N-Triples
  // Valid IRIs are written unchanged.
  const Quad ok{Term::iri(kEx + "s"), Term::iri(kEx + "p"), Term::iri(kEx + "o"), {}};
  EXPECT_EQ(write_quads({ok}, Syntax::kNQuads, o), write_quads({ok}, Syntax::kNQuads));
}

TEST(UnsafeIris, OptInStillNeedsAnAbsoluteIri) {
  WriteOptions o;
  o.unsafe_iris = true;
  EXPECT_THROW(
      write_quads({{Term::iri("Emily Smith"), Term::iri(kEx + "p"), Term::literal("x"), {}}},
                  Syntax::kNQuads, o),
      MappingError);
}

TEST(UnsafeIris, RdflibReadsTheEscapedIriBackWithTheSpace) {
  if (!have_rdflib()) GTEST_SKIP() << "rdflib not importable by /usr/bin/python3";
  WriteOptions o;
  o.unsafe_iris = true;
  const auto text = write_quads({{Term::iri("http://example.com/Person/Emily Smith"),
                                  Term::iri(kEx + "p"),
                                  Term::literal("x"),
                                  {}}},
                                Syntax::kNQuads, o);
  const auto out = parse_with(text, ".nq",
                              "/usr/bin/python3 -c \"import rdflib,sys; "
                              "d=rdflib.ConjunctiveGraph(); d.parse(sys.argv[1], format='nquads'); "
                              "print([str(s) for s in d.subjects()])\" FILE 2>/dev/null");
  EXPECT_NE(out.find("http://example.com/Person/Emily Smith"), std::string::npos) << out;
}

// sord iterates its triple indexes yielding a triple once even when it is in several graphs; the
// Model walks such models graph by graph (TriG/JSON-LD export: an entity's label is in every
// article's graph).
TEST(Model, ATripleInSeveralGraphsIsVisitedOncePerGraph) {
  Model m;
  const auto s = Term::iri(kEx + "s"), p = Term::iri(kEx + "p"), o = Term::literal("x");
  for (const char* g : {"http://example.com/g1", "http://example.com/g2", ""}) m.add({s, p, o, Term::iri(g)});
  m.add({s, p, Term::literal("y"), Term::iri("http://example.com/g2")});
  EXPECT_EQ(m.size(), 4u);
  std::vector<Quad> seen;
  m.for_each([&](const Quad& q) { seen.push_back(q); });
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_TRUE(seen[0].in_default_graph());  // graph by graph, the default graph first
  EXPECT_EQ(m.match(&s, nullptr, nullptr).size(), 4u);
  const Term g2 = Term::iri("http://example.com/g2");
  EXPECT_EQ(m.match(&s, nullptr, nullptr, &g2).size(), 2u);
  const std::string trig = [&] {
    std::FILE* f = std::tmpfile();
    {
      Writer w(f, "<tmp>", WriteOptions{Syntax::kNQuads, {}});
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
  }();
  EXPECT_EQ(std::count(trig.begin(), trig.end(), '\n'), 4) << trig;
}
