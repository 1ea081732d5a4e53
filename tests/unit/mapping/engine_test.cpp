// The engine end to end on small mappings and files in a temporary folder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "base/error.hpp"
#include "base/files.hpp"
#include "mapping/async_sink.hpp"
#include "mapping/compression.hpp"
#include "mapping/mapping.hpp"
#include "mapping/sources.hpp"
#include "rdf/ntriples.hpp"

namespace treatykg::mapping {
namespace {

namespace fs = std::filesystem;
using rdf::Quad;
using rdf::Term;

class Engine : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tkg-mapping-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::vector<Quad> run(const std::string& ttl, Options o = {}, Inputs in = {}) {
    Plan plan = compile_string(kPrefixes + ttl, "test.ttl", o, dir_);
    QuadVector out;
    if (in.working_dir.empty()) in.working_dir = dir_;
    execute(plan, in, out);
    std::sort(out.quads.begin(), out.quads.end());
    return out.quads;
  }
  static bool has(const std::vector<Quad>& qs, const Term& s, const std::string& p, const Term& o) {
    return std::any_of(qs.begin(), qs.end(), [&](const Quad& q) {
      return q.subject == s && q.predicate.value == p && q.object == o;
    });
  }
  static inline const std::string kPrefixes =
      "@prefix rml: <http://w3id.org/rml/> .\n@prefix ex: <http://ex/> .\n"
      "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
      "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";
  fs::path dir_;
};

const char* kJsonSource =
    R"(rml:logicalSource [ rml:source [ a rml:RelativePathSource; rml:root rml:MappingDirectory;
    rml:path "%s" ]; rml:referenceFormulation rml:JSONPath; rml:iterator "%s" ];)";

std::string json_source(const std::string& file, const std::string& iterator) {
  char buf[512];
  std::snprintf(buf, sizeof buf, kJsonSource, file.c_str(), iterator.c_str());
  return buf;
}

TEST_F(Engine, JsonNumbersAndBooleansAreTypedLiterals) {
  write("p.json", R"({"people":[{"id":1,"age":33,"score":8.5,"ok":true,"name":"A"}]})");
  auto q = run("<#P> " + json_source("p.json", "$.people[*]") + R"(
      rml:subjectMap [ rml:template "http://ex/p/{$.id}" ];
      rml:predicateObjectMap [ rml:predicate ex:age; rml:objectMap [ rml:reference "$.age" ] ];
      rml:predicateObjectMap [ rml:predicate ex:score; rml:objectMap [ rml:reference "$.score" ] ];
      rml:predicateObjectMap [ rml:predicate ex:ok; rml:objectMap [ rml:reference "$.ok" ] ];
      rml:predicateObjectMap [ rml:predicate ex:name; rml:objectMap [ rml:reference "$.name" ] ] .)");
  Term s = Term::iri("http://ex/p/1");
  EXPECT_TRUE(
      has(q, s, "http://ex/age", Term::literal("33", "http://www.w3.org/2001/XMLSchema#integer")));
  EXPECT_TRUE(has(q, s, "http://ex/score",
                  Term::literal("8.5E0", "http://www.w3.org/2001/XMLSchema#double")));
  EXPECT_TRUE(
      has(q, s, "http://ex/ok", Term::literal("true", "http://www.w3.org/2001/XMLSchema#boolean")));
  EXPECT_TRUE(has(q, s, "http://ex/name", Term::literal("A")));
}

TEST_F(Engine, JoinWithAndWithoutConditions) {
  write("student.json", R"({"s":[{"n":"Ann","sport":"1"},{"n":"Bob","sport":"2"}]})");
  write("sport.json", R"({"t":[{"id":"1","l":"Tennis"},{"id":"2","l":"Golf"}]})");
  auto q = run("<#S> " + json_source("student.json", "$.s[*]") + R"(
      rml:subjectMap [ rml:template "http://ex/s/{$.n}" ];
      rml:predicateObjectMap [ rml:predicate ex:plays;
        rml:objectMap [ rml:parentTriplesMap <#T>; rml:joinCondition [ rml:child "$.sport"; rml:parent "$.id" ] ] ];
      rml:predicateObjectMap [ rml:predicate ex:self; rml:objectMap [ rml:parentTriplesMap <#S> ] ];
      rml:predicateObjectMap [ rml:predicate ex:any; rml:objectMap [ rml:parentTriplesMap <#T> ] ] .
    <#T> )" + json_source("sport.json", "$.t[*]") +
               R"(
      rml:subjectMap [ rml:template "http://ex/t/{$.id}" ] .)");
  EXPECT_TRUE(has(q, Term::iri("http://ex/s/Ann"), "http://ex/plays", Term::iri("http://ex/t/1")));
  EXPECT_TRUE(has(q, Term::iri("http://ex/s/Bob"), "http://ex/plays", Term::iri("http://ex/t/2")));
  EXPECT_FALSE(has(q, Term::iri("http://ex/s/Bob"), "http://ex/plays", Term::iri("http://ex/t/1")));
  // Same logical source, no condition: the parent subject of the same record.
  EXPECT_TRUE(has(q, Term::iri("http://ex/s/Ann"), "http://ex/self", Term::iri("http://ex/s/Ann")));
  EXPECT_FALSE(
      has(q, Term::iri("http://ex/s/Ann"), "http://ex/self", Term::iri("http://ex/s/Bob")));
  // Other source, no condition: every parent subject.
  EXPECT_TRUE(has(q, Term::iri("http://ex/s/Ann"), "http://ex/any", Term::iri("http://ex/t/2")));
}

TEST_F(Engine, CsvWithNullsAndGzip) {
  write("f.csv", "id,name\n1,Ann\n2,NULL\n");
  std::string gz = (dir_ / "f2.csv.gz").string();
  write_compressed(gz, "gzip", "f2.csv", "id,name\n3,\"Smith, J\"\n");
  auto q = run(
      R"(<#C> rml:logicalSource [ rml:source [ rml:path "f.csv"; rml:null "NULL" ]; rml:referenceFormulation rml:CSV ];
      rml:subjectMap [ rml:template "http://ex/{id}" ];
      rml:predicateObjectMap [ rml:predicate ex:name; rml:objectMap [ rml:reference "name" ] ] .
    <#G> rml:logicalSource [ rml:source [ rml:path "f2.csv.gz"; rml:compression rml:gzip ]; rml:referenceFormulation rml:CSV ];
      rml:subjectMap [ rml:template "http://ex/{id}" ];
      rml:predicateObjectMap [ rml:predicate ex:name; rml:objectMap [ rml:reference "name" ] ] .)");
  EXPECT_TRUE(has(q, Term::iri("http://ex/1"), "http://ex/name", Term::literal("Ann")));
  EXPECT_FALSE(std::any_of(q.begin(), q.end(),
                           [](const Quad& x) { return x.subject.value == "http://ex/2"; }));
  EXPECT_TRUE(has(q, Term::iri("http://ex/3"), "http://ex/name", Term::literal("Smith, J")));
}

// A gzip source is one compressed stream, or a tar whose name does not say so: its first file.
TEST_F(Engine, AGzipSourceHoldingATarGivesItsFirstFile) {
  write_compressed((dir_ / "t.csv.gz").string(), "targz", "t.csv", "id,name\n4,Dee\n");
  auto q = run(
      R"(<#T> rml:logicalSource [ rml:source [ rml:path "t.csv.gz"; rml:compression rml:gzip ]; rml:referenceFormulation rml:CSV ];
      rml:subjectMap [ rml:template "http://ex/{id}" ];
      rml:predicateObjectMap [ rml:predicate ex:name; rml:objectMap [ rml:reference "name" ] ] .)");
  EXPECT_TRUE(has(q, Term::iri("http://ex/4"), "http://ex/name", Term::literal("Dee")));
}

TEST_F(Engine, TemplatesEncodeValuesAndResolveAgainstTheBase) {
  write("p.json", R"([{"n":"Ann Lee/2"}])");
  auto q = run("<#P> " + json_source("p.json", "$[*]") + R"(
      rml:subjectMap [ rml:template "person/{$.n}" ];
      rml:predicateObjectMap [ rml:predicate ex:label; rml:objectMap [ rml:template "{$.n}!"; rml:termType rml:Literal ] ] .)",
               Options{.base_iri = "http://base.org/"});
  EXPECT_TRUE(has(q, Term::iri("http://base.org/person/Ann%20Lee%2F2"), "http://ex/label",
                  Term::literal("Ann Lee/2!")));
}

TEST_F(Engine, GraphsLanguagesAndDatatypes) {
  write("p.json", R"([{"id":"1","l":"en","v":"5"}])");
  auto q = run("<#P> " + json_source("p.json", "$[*]") + R"(
      rml:subjectMap [ rml:template "http://ex/{$.id}"; rml:graphMap [ rml:template "http://ex/g/{$.id}" ] ];
      rml:predicateObjectMap [ rml:predicate ex:v; rml:objectMap [ rml:reference "$.v"; rml:datatype xsd:int ] ];
      rml:predicateObjectMap [ rml:predicate ex:l; rml:objectMap [ rml:reference "$.v"; rml:languageMap [ rml:reference "$.l" ] ];
                               rml:graph rml:defaultGraph ] .)");
  ASSERT_EQ(q.size(), 3u);
  for (const Quad& x : q) {
    if (x.predicate.value == "http://ex/v") {
      EXPECT_EQ(x.object, Term::literal("5", "http://www.w3.org/2001/XMLSchema#int"));
      EXPECT_EQ(x.graph, Term::iri("http://ex/g/1"));
    }
  }
  EXPECT_TRUE(has(q, Term::iri("http://ex/1"), "http://ex/l", Term::literal("5", "", "en")));
}

TEST_F(Engine, CollectionsAndDeterministicBlankNodes) {
  write("d.json", R"([{"id":"a","v":["1","2"]}])");
  std::string ttl = "<#P> " + json_source("d.json", "$[*]") + R"(
      rml:subjectMap [ rml:template "http://ex/{$.id}" ];
      rml:predicateObjectMap [ rml:predicate ex:list; rml:objectMap [ rml:gather ( [ rml:reference "$.v[*]" ] ); rml:gatherAs rdf:List ] ];
      rml:predicateObjectMap [ rml:predicate ex:bag; rml:objectMap [ rml:gather ( [ rml:reference "$.v[*]" ] ); rml:gatherAs rdf:Bag ] ] .)";
  auto q1 = run(ttl), q2 = run(ttl);
  EXPECT_EQ(q1, q2) << "blank node labels come from record positions, not a global counter";
  auto q3 = run(ttl, {}, Inputs{.blank_prefix = "article-1"});
  EXPECT_NE(q1, q3) << "a run with its own prefix gets its own blank nodes";
  EXPECT_EQ(q3.size(), q1.size());
  EXPECT_EQ(q1.size(), 2u + 4u + 3u);
  const std::string rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  EXPECT_EQ(std::count_if(q1.begin(), q1.end(),
                          [&](const Quad& x) { return x.predicate.value == rdf + "first"; }),
            2);
  EXPECT_EQ(std::count_if(q1.begin(), q1.end(),
                          [&](const Quad& x) { return x.predicate.value == rdf + "_2"; }),
            1);
}

TEST_F(Engine, GrelFunctions) {
  write("s.csv", "Name\nVenus\n");
  auto q = run(R"(@prefix grel: <http://users.ugent.be/~bjdmeest/function/grel.ttl#> .
    <#P> rml:logicalSource [ rml:source [ rml:path "s.csv" ]; rml:referenceFormulation rml:CSV ];
      rml:subjectMap [ rml:template "http://ex/{Name}" ];
      rml:predicateObjectMap [ rml:predicate ex:up; rml:objectMap [ rml:functionExecution <#E>; rml:return grel:stringOut ] ] .
    <#E> rml:function grel:toUpperCase; rml:input [ rml:parameter grel:valueParam; rml:inputValueMap [ rml:reference "Name" ] ] .)");
  EXPECT_TRUE(has(q, Term::iri("http://ex/Venus"), "http://ex/up", Term::literal("VENUS")));
}

TEST_F(Engine, LogicalTargetsWriteFiles) {
  write("p.json", R"([{"id":"1"}])");
  auto q = run("<#P> " + json_source("p.json", "$[*]") + R"(
      rml:subjectMap [ rml:template "http://ex/{$.id}"; rml:logicalTarget <#T> ];
      rml:predicateObjectMap [ rml:predicate ex:p; rml:object ex:o ] .
    <#T> rml:target [ rml:root rml:CurrentWorkingDirectory; rml:path "dump.nt" ];
      rml:serialization <http://www.w3.org/ns/formats/N-Triples> .)");
  EXPECT_TRUE(q.empty()) << "triples with a target do not go to the default output";
  std::string dump = read_file((dir_ / "dump.nt").string());
  EXPECT_EQ(dump, "<http://ex/1> <http://ex/p> <http://ex/o> .\n");
}

TEST_F(Engine, FactStreamFromMemoryAndJsonLines) {
  std::string ttl =
      R"(<#E> rml:logicalSource [ rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
        rml:referenceFormulation rml:JSONPath; rml:iterator "$[?(@.type == 'entity')]" ];
      rml:subjectMap [ rml:template "https://w3id.org/treatykg/entity/{entity}" ];
      rml:predicateObjectMap [ rml:predicate ex:label; rml:objectMap [ rml:reference "label" ] ] .)";
  std::vector<facts::Value> records = {
      facts::Value(facts::Value::Object{{"type", "article"}, {"id", "a1"}}),
      facts::Value(
          facts::Value::Object{{"type", "entity"}, {"entity", "russia"}, {"label", "Russia"}})};
  auto in_memory = run(ttl, {}, Inputs{.fact_records = &records});
  write("facts.jsonl",
        "{\"type\":\"article\",\"id\":\"a1\"}\n{\"type\":\"entity\",\"entity\":\"russia\","
        "\"label\":\"Russia\"}\n");
  auto from_file = run(ttl, {}, Inputs{.fact_files = {(dir_ / "facts.jsonl").string()}});
  ASSERT_EQ(in_memory.size(), 1u);
  EXPECT_EQ(in_memory, from_file);
  EXPECT_TRUE(has(in_memory, Term::iri("https://w3id.org/treatykg/entity/russia"),
                  "http://ex/label", Term::literal("Russia")));
}

TEST_F(Engine, LegacyVocabularyKeepsNumbersPlain) {
  write("s.json", R"({"students":[{"ID":10,"Name":"Venus"}]})");
  auto q = run(
      R"(@prefix rr: <http://www.w3.org/ns/r2rml#> . @prefix lrml: <http://semweb.mmlab.be/ns/rml#> .
    @prefix ql: <http://semweb.mmlab.be/ns/ql#> .
    <#T> lrml:logicalSource [ lrml:source "s.json"; lrml:referenceFormulation ql:JSONPath; lrml:iterator "$.students[*]" ];
      rr:subjectMap [ rr:template "http://ex/{Name}"; rr:class ex:Student ];
      rr:predicateObjectMap [ rr:predicate ex:id; rr:objectMap [ lrml:reference "ID" ] ] .)");
  EXPECT_TRUE(has(q, Term::iri("http://ex/Venus"), "http://ex/id", Term::literal("10")));
  EXPECT_TRUE(has(q, Term::iri("http://ex/Venus"),
                  "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                  Term::iri("http://ex/Student")));
}

TEST_F(Engine, StreamsLargeArraysThroughAnAsyncSink) {
  std::string json = "{\"people\":[";
  for (int i = 0; i < 20000; ++i)
    json += (i ? "," : "") + std::string("{\"id\":") + std::to_string(i) + "}";
  json += "]}";
  write("big.json", json);
  Plan plan = compile_string(kPrefixes + "<#P> " + json_source("big.json", "$.people[*]") + R"(
      rml:subjectMap [ rml:template "http://ex/{$.id}" ];
      rml:predicateObjectMap [ rml:predicate ex:id; rml:objectMap [ rml:reference "$.id" ] ] .)",
                             "big.ttl", {}, dir_);
  std::size_t n = 0;
  QuadCallback count([&](const Quad&) { ++n; });
  AsyncSink async(count);
  RunStats st = execute(plan, Inputs{}, async);
  async.finish();
  EXPECT_EQ(st.records, 20000u);
  EXPECT_EQ(n, 20000u);
}

}  // namespace
}  // namespace treatykg::mapping

namespace treatykg::mapping {
namespace {

// References and templates by shape: member chains (`a.b`), trailing wildcards, multi-valued
// template parts (cartesian product, first part slowest), and relative templates joined to the base.
TEST(EngineShapes, ChainsWildcardsCartesianTemplatesAndRelativeIris) {
  const std::string ttl = R"(@prefix rml: <http://w3id.org/rml/> . @prefix ex: <http://ex/> .
    <#R> rml:logicalSource [ rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
        rml:referenceFormulation rml:JSONPath; rml:iterator "$[?(@.type == 'r')]" ];
      rml:subjectMap [ rml:template "item/{id}" ];
      rml:predicateObjectMap
        [ rml:predicate ex:date; rml:objectMap [ rml:reference "d.value"; rml:datatypeMap [ rml:reference "d.datatype" ] ] ],
        [ rml:predicate ex:deep; rml:objectMap [ rml:reference "d.missing.x" ] ],
        [ rml:predicate ex:notObject; rml:objectMap [ rml:reference "id.x" ] ],
        [ rml:predicate ex:member; rml:objectMap [ rml:reference "o.*" ] ],
        [ rml:predicate ex:item; rml:objectMap [ rml:reference "a[*]" ] ],
        [ rml:predicate ex:pair; rml:objectMap [ rml:template "http://e/{a[*]}-{b[*]}/{id}" ] ],
        [ rml:predicate ex:none; rml:objectMap [ rml:template "http://e/{a[*]}-{empty[*]}" ] ] .)";
  Plan plan = compile_string(ttl, "shapes.ttl", Options{.base_iri = "http://base/"});
  std::vector<facts::Value> records = {facts::Value(facts::Value::Object{
      {"type", "r"},
      {"id", "a:b c"},
      {"d", facts::Value(facts::Value::Object{{"value", "2024-01-02"}, {"datatype", "http://www.w3.org/2001/XMLSchema#date"}})},
      {"o", facts::Value(facts::Value::Object{{"x", "1"}, {"y", 2}})},
      {"a", facts::Value(facts::Value::Array{"p", "q"})},
      {"b", facts::Value(facts::Value::Array{"1", "2", "3"})},
      {"empty", facts::Value(facts::Value::Array{})}})};
  QuadVector out;
  execute(plan, Inputs{.fact_records = &records}, out);
  std::vector<std::string> lines;
  for (const auto& q : out.quads) lines.push_back(rdf::to_nquads(q));
  const std::string s = "<http://base/item/a%3Ab%20c> ";
  const std::vector<std::string> expected = {
      s + "<http://ex/date> \"2024-01-02\"^^<http://www.w3.org/2001/XMLSchema#date> .",
      s + "<http://ex/member> \"1\" .",
      s + "<http://ex/member> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
      s + "<http://ex/item> \"p\" .",
      s + "<http://ex/item> \"q\" .",
      s + "<http://ex/pair> <http://e/p-1/a%3Ab%20c> .",
      s + "<http://ex/pair> <http://e/p-2/a%3Ab%20c> .",
      s + "<http://ex/pair> <http://e/p-3/a%3Ab%20c> .",
      s + "<http://ex/pair> <http://e/q-1/a%3Ab%20c> .",
      s + "<http://ex/pair> <http://e/q-2/a%3Ab%20c> .",
      s + "<http://ex/pair> <http://e/q-3/a%3Ab%20c> ."};
  std::vector<std::string> pairs;  // in output order
  for (const auto& l : lines)
    if (l.find("/pair>") != std::string::npos) pairs.push_back(l);
  EXPECT_EQ(pairs, std::vector<std::string>(expected.end() - 6, expected.end()));
  std::vector<std::string> sorted_expected = expected;
  std::sort(lines.begin(), lines.end());
  std::sort(sorted_expected.begin(), sorted_expected.end());
  EXPECT_EQ(lines, sorted_expected);
}

// A relative template is checked against its base: valid by construction only when the base is.
TEST(EngineShapes, RelativeTemplatesWithAnInvalidBaseAreStillRefused) {
  const std::string ttl = R"(@prefix rml: <http://w3id.org/rml/> . @prefix ex: <http://ex/> .
    <#R> rml:logicalSource [ rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
        rml:referenceFormulation rml:JSONPath; rml:iterator "$[*]" ];
      rml:subjectMap [ rml:template "item/{id}" ];
      rml:predicateObjectMap [ rml:predicate ex:p; rml:object ex:o ] .)";
  std::vector<facts::Value> records = {facts::Value(facts::Value::Object{{"id", "1"}})};
  for (const std::string base : {"http://ba se/", "no-scheme/"}) {
    QuadVector out;
    EXPECT_THROW(execute(compile_string(ttl, "b.ttl", Options{.base_iri = base}), Inputs{.fact_records = &records}, out),
                 MappingError)
        << base;
    Plan lenient = compile_string(ttl, "b.ttl", Options{.base_iri = base, .strict = false});
    EXPECT_EQ(execute(lenient, Inputs{.fact_records = &records}, out).skipped_terms, 1u) << base;
    EXPECT_TRUE(out.quads.empty());
  }
}

// A sink that encodes the terms it is handed by address (as treatykg export's does): the lines of a
// sink that copies every quad and checks every term, and the same refusals for the terms the
// engine cannot vouch for (datatypes from data, constants the writers refuse).
class LineSink : public QuadSink {
 public:
  void add(const Quad& q) override { enc_.append(lines, q, nullptr); }
  void add_view(const rdf::QuadView& q, unsigned checked) override {
    enc_.append(lines, q, nullptr, checked);
  }
  std::string lines;

 private:
  rdf::LineEncoder enc_;
};

// Runs `plan` into a sink of term views and into a sink of copied quads, expects the views' lines
// to be the copies' encoded lines, and returns them.
std::string lines_of_both_sinks(const Plan& plan, const std::vector<facts::Value>& records) {
  LineSink views;
  execute(plan, Inputs{.fact_records = &records}, views);
  QuadVector copies;
  execute(plan, Inputs{.fact_records = &records}, copies);
  std::string expected;
  for (const Quad& q : copies.quads) rdf::LineEncoder().append(expected, q, nullptr);
  EXPECT_EQ(views.lines, expected);
  return views.lines;
}

TEST(EngineShapes, ASinkOfTermViewsWritesTheSameLinesAndRefusesTheSameTerms) {
  const std::string head = R"(@prefix rml: <http://w3id.org/rml/> . @prefix ex: <http://ex/> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <#R> rml:logicalSource [ rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
        rml:referenceFormulation rml:JSONPath; rml:iterator "$[*]" ];
      rml:subjectMap [ rml:template "item/{id}"; rml:class ex:C ];
      rml:predicateObjectMap [ rml:predicate ex:name; rml:objectMap [ rml:reference "name"; rml:language "en" ] ],
        [ rml:predicate ex:n; rml:objectMap [ rml:reference "n"; rml:datatype xsd:integer ] ],
        [ rml:predicate ex:when; rml:objectMap [ rml:reference "when"; rml:datatypeMap [ rml:reference "dt" ] ] ],
        [ rml:predicate ex:link; rml:objectMap [ rml:reference "link"; rml:termType rml:IRI ] ],
        [ rml:predicate ex:tag; rml:objectMap [ rml:template "http://ex/tag/{tags[*]}" ] ],
        [ rml:predicate ex:k; rml:object "k" ])";
  const auto lines_of = [&](const std::string& extra, const std::vector<facts::Value>& records) {
    return lines_of_both_sinks(compile_string(head + extra + " .", "v.ttl"), records);
  };
  using Object = facts::Value::Object;
  const auto record = [](const std::string& id, const std::string& dt, const std::string& link) {
    return facts::Value(Object{{"id", id},
                               {"name", "A \"quoted\"\nname"},
                               {"n", 3},
                               {"when", "2024"},
                               {"dt", dt},
                               {"link", link},
                               {"tags", facts::Value(facts::Value::Array{"a b", "c"})}});
  };
  const std::string good =
      lines_of("", {record("1", "http://www.w3.org/2001/XMLSchema#gYear", "http://ex/l"),
                    record("2", "http://ex/dt", "http://ex/m")});
  EXPECT_NE(good.find("<http://example.com/item/2> <http://ex/tag> <http://ex/tag/a%20b> .\n"),
            std::string::npos);
  EXPECT_NE(good.find("\"2024\"^^<http://ex/dt>"), std::string::npos);
  // A datatype from data is still checked per quad.
  EXPECT_THROW(lines_of("", {record("1", "http://ex/a b", "http://ex/l")}), MappingError);
  // So is an IRI from data (the engine refuses it before any sink).
  EXPECT_THROW(lines_of("", {record("1", "http://ex/dt", "http://ex/l l")}), MappingError);
  // And a constant the writers refuse: the engine does not vouch for it.
  EXPECT_FALSE(rdf::LineEncoder::passes_check(Term::literal("x", "", "en--")));
  const std::string bad = R"(, [ rml:predicate ex:bad; rml:object "x"@en-- ])";
  EXPECT_NO_THROW(compile_string(head + bad + " .", "v.ttl"));
  EXPECT_THROW(lines_of(bad, {record("1", "http://ex/dt", "http://ex/l")}), MappingError);
}

TEST(EngineShapes, ALiteralValueByReferenceMakesTheTermsOfCopiedValues) {
  // Literal references whose datatype and language the plan fixes hand the value's text to the
  // sink by reference: every JSON kind, with and without a datatype, makes what a copying sink
  // gets.
  const std::string ttl = R"(@prefix rml: <http://w3id.org/rml/> . @prefix ex: <http://ex/> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <#R> rml:logicalSource [ rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
        rml:referenceFormulation rml:JSONPath; rml:iterator "$[*]" ];
      rml:subjectMap [ rml:template "item/{id}" ];
      rml:predicateObjectMap [ rml:predicate ex:v; rml:objectMap [ rml:reference "v" ] ],
        [ rml:predicate ex:d; rml:objectMap [ rml:reference "v"; rml:datatype xsd:double ] ],
        [ rml:predicate ex:s; rml:objectMap [ rml:reference "v"; rml:datatype xsd:string ] ],
        [ rml:predicate ex:l; rml:objectMap [ rml:reference "o.v"; rml:language "en" ] ] .)";
  using Object = facts::Value::Object;
  std::vector<facts::Value> records;
  int id = 0;
  for (const facts::Value& v :
       {facts::Value("a \"b\"\n"), facts::Value(""), facts::Value(42), facts::Value(-7),
        facts::Value(2.5), facts::Value(true), facts::Value(false), facts::Value()})
    records.push_back(facts::Value(
        Object{{"id", std::to_string(id++)}, {"v", v}, {"o", facts::Value(Object{{"v", v}})}}));
  const std::string expected = lines_of_both_sinks(compile_string(ttl, "l.ttl"), records);
  EXPECT_NE(expected.find("<http://example.com/item/2> <http://ex/v> "
                          "\"42\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"),
            std::string::npos);
  EXPECT_NE(expected.find("<http://example.com/item/2> <http://ex/d> "
                          "\"4.2E1\"^^<http://www.w3.org/2001/XMLSchema#double> .\n"),
            std::string::npos);
  EXPECT_NE(expected.find("<http://example.com/item/5> <http://ex/v> "
                          "\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n"),
            std::string::npos);
  EXPECT_NE(expected.find("<http://example.com/item/0> <http://ex/l> \"a \\\"b\\\"\\n\"@en .\n"),
            std::string::npos);
  EXPECT_EQ(expected.find("item/7"), std::string::npos);  // null: no term
}

}  // namespace
}  // namespace treatykg::mapping
