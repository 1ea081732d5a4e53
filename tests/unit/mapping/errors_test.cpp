// Error kinds are asserted by type: SyntaxError (Turtle, data), MappingError (rules), IoError
// (files).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/error.hpp"
#include "mapping/mapping.hpp"

namespace treatykg::mapping {
namespace {

namespace fs = std::filesystem;

const std::string kHead = "@prefix rml: <http://w3id.org/rml/> .\n@prefix ex: <http://ex/> .\n";
const std::string kSource =
    R"(rml:logicalSource [ rml:source [ rml:path "d.json" ]; rml:referenceFormulation rml:JSONPath; rml:iterator "$[*]" ];)";

Plan compile(const std::string& body, const fs::path& dir = ".") {
  return compile_string(kHead + body, "bad.ttl", {}, dir);
}

std::string message_of(const std::string& body) {
  try {
    compile(body);
  } catch (const MappingError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(MappingErrors, TurtleSyntaxErrorHasAPosition) {
  try {
    compile_string(kHead + "<#T> rml:subjectMap [ rml:template \"x\" \n", "bad.ttl");
    FAIL() << "no error";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.path(), "bad.ttl");
    EXPECT_TRUE(e.has_pos());
  }
}

TEST(MappingErrors, InvalidMappingsNameTheTriplesMapAndTheTerm) {
  EXPECT_NE(message_of("<#T> " + kSource +
                       " rml:predicateObjectMap [ rml:predicate ex:p; rml:object ex:o ] .")
                .find("triples map <"),
            std::string::npos);
  EXPECT_NE(message_of("<#T> " + kSource +
                       " rml:subjectMap [ rml:template \"x/{a}\"; rml:termType rml:Literal ] .")
                .find("subject map"),
            std::string::npos);
  EXPECT_NE(message_of("<#T> " + kSource + " rml:subjectMap [ rml:template \"x/{{a}}\" ] .")
                .find("invalid template"),
            std::string::npos);
  EXPECT_NE(message_of("<#T> " + kSource +
                       " rml:subjectMap [ rml:template \"x/{a}\" ]; rml:predicateObjectMap [ "
                       "rml:predicate ex:p; "
                       "rml:objectMap [ rml:reference \"$.a\"; rml:language \"a-english\" ] ] .")
                .find("invalid language tag"),
            std::string::npos);
  EXPECT_NE(
      message_of(
          "<#T> rml:logicalSource [ rml:source [ rml:path \"d.json\" ]; rml:referenceFormulation "
          "rml:JSONPath; rml:iterator \"$.a[*]]\" ]; rml:subjectMap [ rml:template \"x/{a}\" ] .")
          .find("invalid JSONPath"),
      std::string::npos);
  EXPECT_THROW(compile("<#T> " + kSource +
                       " rml:subjectMap [ rml:template \"a\" ], [ rml:template \"b\" ] ."),
               MappingError);
  EXPECT_THROW(compile("<#T> " + kSource +
                       " rml:subjectMap [ rml:constant \"School\"; rml:termType rml:BlankNode ] ."),
               MappingError);
  EXPECT_THROW(
      compile("<#T> " + kSource +
              " rml:subjectMap [ rml:template \"x/{a}\"; rml:graphMap [ rml:reference \"$.a\"; "
              "rml:termType rml:Literal ] ] ."),
      MappingError);
}

class DataErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tkg-mapping-errors-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void run(const std::string& body) {
    QuadVector out;
    execute(compile(body, dir_), Inputs{.working_dir = dir_}, out);
  }
  fs::path dir_;
};

TEST_F(DataErrors, MissingSourceIsAnIoError) {
  EXPECT_THROW(run("<#T> " + kSource + " rml:subjectMap [ rml:template \"http://x/{$.a}\" ] ."),
               IoError);
}

TEST_F(DataErrors, MalformedJsonIsASyntaxError) {
  std::ofstream(dir_ / "d.json") << "[{\"a\": }]";
  try {
    run("<#T> " + kSource + " rml:subjectMap [ rml:template \"http://x/{$.a}\" ] .");
    FAIL() << "no error";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.pos().line, 0u);
    EXPECT_GT(e.pos().offset, 0u);
  }
}

TEST_F(DataErrors, InvalidIriAndArrayReferencesAreMappingErrors) {
  std::ofstream(dir_ / "d.json") << R"([{"a":"Juan Daniel","b":[1,2]}])";
  EXPECT_THROW(run("<#T> " + kSource + " rml:subjectMap [ rml:reference \"$.a\" ] ."),
               MappingError);
  EXPECT_THROW(run("<#T> " + kSource +
                   " rml:subjectMap [ rml:template \"http://x/{$.a}\" ]; rml:predicateObjectMap [ "
                   "rml:predicate ex:p; "
                   "rml:objectMap [ rml:reference \"$.b\" ] ] ."),
               MappingError);
}

TEST_F(DataErrors, LenientRunsSkipInvalidIris) {
  std::ofstream(dir_ / "d.json") << R"([{"a":"Juan Daniel"},{"a":"http://ok/1"}])";
  QuadVector out;
  Plan plan = compile_string(
      kHead + "<#T> " + kSource +
          " rml:subjectMap [ rml:reference \"$.a\" ]; rml:predicateObjectMap [ rml:predicate "
          "ex:p; rml:object ex:o ] .",
      "lenient.ttl", Options{.base_iri = "http://example.com/", .strict = false}, dir_);
  RunStats st = execute(plan, Inputs{.working_dir = dir_}, out);
  EXPECT_EQ(out.quads.size(), 1u);
  EXPECT_EQ(st.skipped_terms, 1u);
}

TEST_F(DataErrors, CsvReferenceToAMissingColumn) {
  std::ofstream(dir_ / "d.csv") << "id,name\n1,a\n";
  EXPECT_THROW(
      run(R"(<#T> rml:logicalSource [ rml:source [ rml:path "d.csv" ]; rml:referenceFormulation rml:CSV ];
      rml:subjectMap [ rml:template "http://x/{id}" ];
      rml:predicateObjectMap [ rml:predicate ex:p; rml:objectMap [ rml:reference "nmae" ] ] .)"),
      MappingError);
}

}  // namespace
}  // namespace treatykg::mapping
