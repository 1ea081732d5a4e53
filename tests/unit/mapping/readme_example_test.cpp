// The example at the top of src/mapping/mapping.hpp, verbatim, so it cannot rot.
#include <gtest/gtest.h>

#include "mapping/mapping.hpp"

TEST(MappingReadme, ExampleRuns) {
  using namespace treatykg;
  mapping::Plan plan =
      mapping::compile_string(R"(
      @prefix rml: <http://w3id.org/rml/> .
      <#People> rml:logicalSource [ rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
                                    rml:referenceFormulation rml:JSONPath;
                                    rml:iterator "$[?(@.type == 'person')]" ];
        rml:subjectMap [ rml:template "person/{id}" ];
        rml:predicateObjectMap [ rml:predicate <http://xmlns.com/foaf/0.1/name>;
                                 rml:objectMap [ rml:reference "name" ] ] .)",
                              "example.ttl", mapping::Options{.base_iri = "http://example.com/"});
  std::vector<facts::Value> records = {
      facts::Value(facts::Value::Object{{"type", "person"}, {"id", "1"}, {"name", "Ada"}})};
  mapping::QuadVector quads;
  mapping::execute(plan, mapping::Inputs{.fact_records = &records}, quads);
  // quads.quads == { <http://example.com/person/1> foaf:name "Ada" }

  ASSERT_EQ(quads.quads.size(), 1u);
  EXPECT_EQ(quads.quads[0].subject, rdf::Term::iri("http://example.com/person/1"));
  EXPECT_EQ(quads.quads[0].predicate, rdf::Term::iri("http://xmlns.com/foaf/0.1/name"));
  EXPECT_EQ(quads.quads[0].object, rdf::Term::literal("Ada"));
  EXPECT_TRUE(quads.quads[0].in_default_graph());
  EXPECT_TRUE(plan.uses_fact_stream());
  EXPECT_EQ(plan.fingerprint().size(), 16u);
}
