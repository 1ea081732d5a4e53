// Executor::record_member: while a record is mapped, each member name its references ask for is
// looked up once and kept (Reference::record_key). The kept lookups must answer as fresh ones do:
// per record (never the previous record's), the first of duplicate names, absent members absent,
// and `a.b` paths sharing their first name with a single-name reference.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mapping/mapping.hpp"

namespace {

using namespace treatykg;
using facts::Value;

Value object(std::initializer_list<std::pair<const char*, Value>> members) {
  Value::Object o;
  for (const auto& [k, v] : members) o.emplace_back(k, v);
  return Value(std::move(o));
}

// "subject predicate object" per quad, IRIs and literals by their text.
std::vector<std::string> run(const std::vector<Value>& records) {
  const mapping::Plan plan = mapping::compile_string(R"(
    @prefix rml: <http://w3id.org/rml/> .
    @prefix ex: <http://example.com/ns#> .
    <#Facts> a rml:LogicalSource; rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
      rml:referenceFormulation rml:JSONPath; rml:iterator "$[*]" .
    <#A> rml:logicalSource <#Facts>;
      rml:subjectMap [ rml:template "a/{id}" ];
      rml:predicateObjectMap [ rml:predicate ex:id; rml:objectMap [ rml:reference "id" ] ],
        [ rml:predicate ex:where; rml:objectMap [ rml:reference "ev.place" ] ] .
    <#B> rml:logicalSource <#Facts>;
      rml:subjectMap [ rml:template "b/{ev.place}/{id}" ];
      rml:predicateObjectMap [ rml:predicate ex:where; rml:objectMap [ rml:reference "ev.place" ] ],
        [ rml:predicate ex:id; rml:objectMap [ rml:template "id/{id}"; rml:termType rml:Literal ] ] .
  )",
                                                     "record_member.ttl",
                                                     mapping::Options{.base_iri = "http://x/"});
  mapping::QuadVector quads;
  mapping::execute(plan, mapping::Inputs{.fact_records = &records}, quads);
  std::vector<std::string> out;
  for (const auto& q : quads.quads)
    out.push_back(q.subject.value + " " + q.predicate.value + " " + q.object.value);
  return out;
}

TEST(RecordMember, KeptLookupsAnswerPerRecordAsFreshOnesDo) {
  const std::vector<Value> records = {
      object({{"id", Value("1")}, {"ev", object({{"place", Value("p1")}})}}),
      object({{"ev", object({{"place", Value("p2")}})}, {"id", Value("2")}, {"id", Value("dup")}}),
      object({{"id", Value("3")}}),  // no ev: no ex:where, no map B subject
      object({{"ev", Value("flat")}, {"id", Value("4")}}),  // ev.place of a string: none
  };
  const std::vector<std::string> expected = {
      "http://x/a/1 http://example.com/ns#id 1",
      "http://x/a/1 http://example.com/ns#where p1",
      "http://x/b/p1/1 http://example.com/ns#id id/1",
      "http://x/b/p1/1 http://example.com/ns#where p1",
      "http://x/a/2 http://example.com/ns#id 2",
      "http://x/a/2 http://example.com/ns#where p2",
      "http://x/b/p2/2 http://example.com/ns#id id/2",
      "http://x/b/p2/2 http://example.com/ns#where p2",
      "http://x/a/3 http://example.com/ns#id 3",
      "http://x/a/4 http://example.com/ns#id 4",
  };
  EXPECT_EQ(run(records), expected);
}

}  // namespace
