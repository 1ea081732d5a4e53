// rml:UnsafeIRI is an opt-in the plan reports (Plan::uses_unsafe_iris) so that writers accept its
// IRIs; every other mapping keeps the strict refusal. Logical targets in JSON-LD, RDF/XML,
// RDF/JSON.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/error.hpp"
#include "mapping/mapping.hpp"
#include "rdf/writer.hpp"

namespace treatykg::mapping {
namespace {

namespace fs = std::filesystem;

class UnsafeIri : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tkg-unsafe-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "people.json")
        << R"({"people": [{"name": "Emily Smith", "age": 33}, {"name": "Zoë Krüger", "age": 34}]})";
  }
  void TearDown() override { fs::remove_all(dir_); }
  Plan compile(const std::string& term_type, const std::string& extra = "") {
    return compile_string(std::string(R"(
        @prefix rml: <http://w3id.org/rml/> .
        @prefix formats: <http://www.w3.org/ns/formats/> .
        <http://ex/People> rml:logicalSource [ rml:source [ a rml:RelativePathSource; rml:root rml:MappingDirectory;
              rml:path "people.json" ]; rml:referenceFormulation rml:JSONPath; rml:iterator "$.people[*]" ];
          rml:subjectMap [ rml:template "http://example.com/Person/{$.name}"; rml:termType )") +
                              term_type + extra + R"( ];
          rml:predicateObjectMap [ rml:predicate <http://ex/age>; rml:objectMap [ rml:reference "$.age" ] ] .)",
                          "people.rml.ttl", Options{}, dir_);
  }
  std::string write(const Plan& plan, const std::vector<rdf::Quad>& quads, bool opt_in) {
    std::FILE* f = std::tmpfile();
    {
      rdf::Writer w(f, "<tmp>",
                    rdf::WriteOptions{.syntax = rdf::Syntax::kNQuads,
                                      .prefixes = {},
                                      .unsafe_iris = opt_in && plan.uses_unsafe_iris()});
      for (const auto& q : quads) w.write(q);
      w.finish();
    }
    std::rewind(f);
    std::stringstream out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
      out.write(buf, static_cast<std::streamsize>(n));
    std::fclose(f);
    return out.str();
  }
  fs::path dir_;
};

TEST_F(UnsafeIri, ValuesGoIntoTheIriUnencodedAndTheWriterEscapesThem) {
  Plan plan = compile("rml:UnsafeIRI");
  EXPECT_TRUE(plan.uses_unsafe_iris());
  const std::string warning = plan.unsafe_iri_warning();
  EXPECT_NE(warning.find("people.rml.ttl: warning: triples map <http://ex/People>, subject map"),
            std::string::npos)
      << warning;
  EXPECT_NE(warning.find("rml:UnsafeIRI"), std::string::npos) << warning;
  QuadVector quads;
  execute(plan, Inputs{.working_dir = dir_}, quads);
  ASSERT_EQ(quads.quads.size(), 2u);
  EXPECT_EQ(quads.quads[0].subject.value, "http://example.com/Person/Emily Smith");
  EXPECT_EQ(quads.quads[1].subject.value, "http://example.com/Person/Zoë Krüger");
  const std::string nq = write(plan, quads.quads, true);
  EXPECT_NE(nq.find("<http://example.com/Person/Emily\\u0020Smith> <http://ex/age> "
                    "\"33\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"),
            std::string::npos)
      << nq;
  EXPECT_NE(nq.find("<http://example.com/Person/Zoë\\u0020Krüger>"), std::string::npos) << nq;
}

TEST_F(UnsafeIri, IriTermTypeEncodesAndPlanNeedsNoOptIn) {
  Plan plan = compile("rml:IRI");
  EXPECT_FALSE(plan.uses_unsafe_iris());
  EXPECT_EQ(plan.unsafe_iri_warning(), "");
  QuadVector quads;
  execute(plan, Inputs{.working_dir = dir_}, quads);
  ASSERT_EQ(quads.quads.size(), 2u);
  EXPECT_EQ(quads.quads[0].subject.value, "http://example.com/Person/Emily%20Smith");
}

TEST_F(UnsafeIri, WithoutTheOptInTheWriterRefusesTheIriWithAClearError) {
  Plan plan = compile("rml:UnsafeIRI");
  QuadVector quads;
  execute(plan, Inputs{.working_dir = dir_}, quads);
  try {
    write(plan, quads.quads, false);
    FAIL() << "a writer that did not opt in wrote an IRI with a space";
  } catch (const MappingError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "cannot write subject <http://example.com/Person/Emily Smith>: not a valid "
                  "absolute IRI: a space at byte 31"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(UnsafeIri, ANormalMappingStillRefusesAValueThatMakesAnInvalidIri) {
  // rml:reference in IRI position is not percent-encoded: "http://example.com/Person/Emily Smith".
  Plan plan =
      compile_string(R"(
      @prefix rml: <http://w3id.org/rml/> .
      <http://ex/People> rml:logicalSource [ rml:source [ a rml:RelativePathSource; rml:root rml:MappingDirectory;
            rml:path "people.json" ]; rml:referenceFormulation rml:JSONPath; rml:iterator "$.people[*]" ];
        rml:subjectMap [ rml:template "http://ex/{$.age}" ];
        rml:predicateObjectMap [ rml:predicate <http://ex/page>;
            rml:objectMap [ rml:reference "$.name"; rml:termType rml:IRI ] ] .)",
                     "people.rml.ttl", Options{.base_iri = "http://example.com/Person/"}, dir_);
  EXPECT_FALSE(plan.uses_unsafe_iris());
  QuadVector quads;
  try {
    execute(plan, Inputs{.working_dir = dir_}, quads);
    FAIL() << "no error";
  } catch (const MappingError& e) {
    EXPECT_NE(
        std::string(e.what()).find("\"http://example.com/Person/Emily Smith\" is not a valid IRI"),
        std::string::npos)
        << e.what();
  }
}

TEST_F(UnsafeIri, LogicalTargetsOptInFromThePlan) {
  Plan plan = compile(
      "rml:UnsafeIRI; rml:logicalTarget [ a rml:LogicalTarget; rml:target [ a rml:FilePath; "
      "rml:path \"out.nq\" ]; rml:serialization formats:N-Quads ]");
  QuadVector quads;
  execute(plan, Inputs{.working_dir = dir_}, quads);
  EXPECT_TRUE(quads.quads.empty());
  std::stringstream text;
  text << std::ifstream(dir_ / "out.nq").rdbuf();
  EXPECT_NE(text.str().find("<http://example.com/Person/Emily\\u0020Smith>"), std::string::npos)
      << text.str();
}

TEST_F(UnsafeIri, LogicalTargetsInJsonLdRdfXmlAndRdfJson) {
  for (const auto& [format, file, marker] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"JSON-LD", "out.jsonld",
            "\"@value\": \"33\", \"@type\": \"http://www.w3.org/2001/XMLSchema#integer\""},
           {"RDF_XML", "out.rdf",
            "<ns1:age rdf:datatype=\"http://www.w3.org/2001/XMLSchema#integer\">33</ns1:age>"},
           {"RDF_JSON", "out.json",
            "{ \"type\": \"literal\", \"value\": \"33\", \"datatype\": "
            "\"http://www.w3.org/2001/XMLSchema#integer\" }"}}) {
    Plan plan = compile(
        "rml:IRI; rml:logicalTarget [ a rml:LogicalTarget; rml:target [ a rml:FilePath; rml:path "
        "\"" +
        file + "\" ]; rml:serialization formats:" + format + " ]");
    QuadVector quads;
    const RunStats stats = execute(plan, Inputs{.working_dir = dir_}, quads);
    ASSERT_EQ(stats.targets_written.size(), 1u) << format;
    std::stringstream text;
    text << std::ifstream(dir_ / file).rdbuf();
    EXPECT_NE(text.str().find(marker), std::string::npos) << format << "\n" << text.str();
    EXPECT_NE(text.str().find("http://example.com/Person/Emily%20Smith"), std::string::npos)
        << text.str();
  }
}

TEST_F(UnsafeIri, UnknownSerializationNamesTheSupportedOnes) {
  try {
    compile(
        "rml:IRI; rml:logicalTarget [ a rml:LogicalTarget; rml:target [ a rml:FilePath; rml:path "
        "\"x\" ]; "
        "rml:serialization formats:RDFa ]");
    FAIL() << "no error";
  } catch (const MappingError& e) {
    EXPECT_NE(std::string(e.what()).find("JSON-LD, RDF_XML, RDF_JSON"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace treatykg::mapping
