// Inputs::distinct_sink: a triples map is not run again on a record whose referenced values it
// already mapped in the run. The distinct quads sent are then those of a full run, in the order
// first made; a skipped run would only have repeated quads.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "mapping/mapping.hpp"

namespace {

using namespace treatykg;
using facts::Value;

const char* const kPrefixes = R"(
    @prefix rml: <http://w3id.org/rml/> .
    @prefix ex: <http://example.com/ns#> .
    <#Facts> a rml:LogicalSource; rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
      rml:referenceFormulation rml:JSONPath; rml:iterator "$[*]" .
)";

mapping::Plan compile(const std::string& maps) {
  return mapping::compile_string(kPrefixes + maps, "distinct.ttl",
                                 mapping::Options{.base_iri = "http://example.com/"});
}

std::vector<rdf::Quad> run(const mapping::Plan& plan, const std::vector<Value>& records,
                           bool distinct_sink, std::uint64_t scope = 0) {
  mapping::QuadVector quads;
  mapping::execute(
      plan,
      mapping::Inputs{
          .fact_records = &records, .distinct_sink = distinct_sink, .distinct_scope = scope},
      quads);
  return quads.quads;
}

// The quads in the order first made, repeats left out.
std::vector<rdf::Quad> first_of_each(const std::vector<rdf::Quad>& quads) {
  std::vector<rdf::Quad> out;
  for (const auto& q : quads)
    if (std::find(out.begin(), out.end(), q) == out.end()) out.push_back(q);
  return out;
}

Value record(std::initializer_list<std::pair<const char*, Value>> members) {
  Value::Object o;
  for (const auto& [k, v] : members) o.emplace_back(k, v);
  return Value(std::move(o));
}

const std::string kEventMap = R"(
    <#Event> rml:logicalSource <#Facts>;
      rml:subjectMap [ rml:template "event/{event}"; rml:class ex:Event ];
      rml:predicateObjectMap [ rml:predicate ex:label; rml:objectMap [ rml:reference "label" ] ] .
)";

TEST(DistinctSink, RepeatedValuesAreMappedOnce) {
  const auto plan = compile(kEventMap);
  // "id" is not referenced by the map: records 1 and 2 map to the same quads.
  const std::vector<Value> records = {record({{"id", "1"}, {"event", "a"}, {"label", "A"}}),
                                      record({{"id", "2"}, {"event", "a"}, {"label", "A"}}),
                                      record({{"id", "3"}, {"event", "b"}, {"label", "B"}})};
  const auto all = run(plan, records, false);
  const auto distinct = run(plan, records, true);
  EXPECT_EQ(all.size(), 6u);  // the default sends repeats
  EXPECT_EQ(distinct.size(), 4u);
  EXPECT_EQ(distinct, first_of_each(all));
}

TEST(DistinctSink, AnyDifferentValueRunsTheMap) {
  const auto plan = compile(kEventMap);
  // Same event; the label differs by value, by kind (string "1" vs integer 1: other datatypes), or
  // is missing.
  const std::vector<Value> records = {
      record({{"event", "a"}, {"label", "A"}}), record({{"event", "a"}, {"label", "B"}}),
      record({{"event", "a"}, {"label", "1"}}),
      record({{"event", "a"}, {"label", Value(std::int64_t{1})}}), record({{"event", "a"}})};
  const auto all = run(plan, records, false);
  const auto distinct = run(plan, records, true);
  EXPECT_EQ(distinct, all);                       // no record skipped
  EXPECT_EQ(first_of_each(distinct).size(), 5u);  // one type triple, four labels
}

TEST(DistinctSink, MultiValuedReferencesCompareEveryValue) {
  const auto plan = compile(R"(
    <#Tags> rml:logicalSource <#Facts>;
      rml:subjectMap [ rml:template "thing/{name}" ];
      rml:predicateObjectMap [ rml:predicate ex:tag; rml:objectMap [ rml:reference "tags[*]" ] ] .
  )");
  auto tags = [](std::initializer_list<const char*> items) {
    Value::Array a;
    for (const char* t : items) a.emplace_back(t);
    return Value(std::move(a));
  };
  const std::vector<Value> records = {record({{"name", "x"}, {"tags", tags({"p", "q"})}}),
                                      record({{"name", "x"}, {"tags", tags({"p"})}}),
                                      record({{"name", "x"}, {"tags", tags({"p", "r"})}}),
                                      record({{"name", "x"}, {"tags", tags({"p", "q"})}})};
  const auto all = run(plan, records, false);
  const auto distinct = run(plan, records, true);
  EXPECT_EQ(first_of_each(distinct), first_of_each(all));  // p, q, r
  EXPECT_EQ(all.size(), 7u);
  EXPECT_EQ(distinct.size(), 5u);  // only the last record, a repeat of the first, is skipped
}

TEST(DistinctSink, BlankNodesPerRecordAreNeverSkipped) {
  // A blank subject without a value is a fresh node per record: equal values still make new quads.
  const auto plan = compile(R"(
    <#Anon> rml:logicalSource <#Facts>;
      rml:subjectMap [ rml:termType rml:BlankNode ];
      rml:predicateObjectMap [ rml:predicate ex:label; rml:objectMap [ rml:reference "label" ] ] .
  )");
  const std::vector<Value> records = {record({{"label", "A"}}), record({{"label", "A"}}),
                                      record({{"label", "A"}})};
  const auto distinct = run(plan, records, true);
  EXPECT_EQ(distinct.size(), 3u);
  EXPECT_EQ(distinct, run(plan, records, false));
}

TEST(DistinctSink, ConstantSubjectRunsOncePerRun) {
  const auto plan = compile(R"(
    <#Concept> rml:logicalSource <#Facts>;
      rml:subjectMap [ rml:constant ex:signing; rml:class ex:EventType ];
      rml:predicateObjectMap [ rml:predicate ex:notation; rml:object "signing" ] .
  )");
  const std::vector<Value> records(5, record({{"id", "1"}}));
  EXPECT_EQ(run(plan, records, true).size(), 2u);
  EXPECT_EQ(run(plan, records, true).size(), 2u);  // a new run maps it again
  EXPECT_EQ(run(plan, records, false).size(), 10u);
}

TEST(DistinctSink, SameSetWhenValuesRarelyRepeat) {
  // Many unique values first (the map may stop looking them up), then repeats: the quads sent are
  // still the distinct quads of a full run, in order (repeats the sink drops may be among them).
  const auto plan = compile(kEventMap);
  std::vector<Value> records;
  for (int i = 0; i < 100; ++i)
    records.push_back(
        record({{"event", std::to_string(i % 60)}, {"label", std::to_string(i % 60)}}));
  const auto distinct = run(plan, records, true);
  EXPECT_EQ(first_of_each(distinct), first_of_each(run(plan, records, false)));
  EXPECT_GE(distinct.size(), 120u);
}

// Inputs::distinct_scope: runs of one scope on a thread (export: the articles of one stretch) feed
// one set, so values mapped in an earlier run of the scope are not mapped again.
TEST(DistinctScope, ValuesMappedInAnEarlierRunOfTheScopeAreSkipped) {
  const auto plan = compile(kEventMap);
  const std::vector<Value> first = {record({{"event", "a"}, {"label", "A"}})};
  const std::vector<Value> second = {record({{"event", "a"}, {"label", "A"}}),
                                     record({{"event", "b"}, {"label", "B"}})};
  EXPECT_EQ(run(plan, first, true, 7).size(), 2u);
  const auto next = run(plan, second, true, 7);
  ASSERT_EQ(next.size(), 2u);  // only event b: event a was mapped by the scope's first run
  EXPECT_EQ(next, first_of_each(run(plan, {second[1]}, false)));
  EXPECT_EQ(run(plan, second, true, 8).size(), 4u);  // another scope starts afresh
  EXPECT_EQ(run(plan, second, true, 0).size(), 4u);  // no scope: this run alone
}

TEST(DistinctScope, ConstantSubjectsRunOncePerScope) {
  const auto plan = compile(R"(
    <#Concept> rml:logicalSource <#Facts>;
      rml:subjectMap [ rml:constant ex:signing; rml:class ex:EventType ] .
  )");
  const std::vector<Value> records(3, record({{"id", "1"}}));
  EXPECT_EQ(run(plan, records, true, 3).size(), 1u);
  EXPECT_EQ(run(plan, records, true, 3).size(), 0u);
  EXPECT_EQ(run(plan, records, true, 4).size(), 1u);
}

// A sink that refuses the n-th quad: the run is cut short, as an article the pipeline skips is.
class FailingSink : public mapping::QuadSink {
 public:
  explicit FailingSink(int fail_at) : fail_at_(fail_at) {}
  void add(const rdf::Quad&) override {
    if (++n_ == fail_at_) throw Error("refused");
  }

 private:
  int fail_at_, n_ = 0;
};

TEST(DistinctScope, ARunCutShortEndsTheScope) {
  // The cut-short run's quads never reached the output: the next run of the scope must make them.
  const auto plan = compile(kEventMap);
  const std::vector<Value> records = {record({{"event", "a"}, {"label", "A"}}),
                                      record({{"event", "b"}, {"label", "B"}})};
  EXPECT_EQ(run(plan, {record({{"event", "c"}, {"label", "C"}})}, true, 5).size(),
            2u);  // the scope's first run
  FailingSink failing(3);
  EXPECT_THROW(
      mapping::execute(
          plan,
          mapping::Inputs{.fact_records = &records, .distinct_sink = true, .distinct_scope = 5},
          failing),
      Error);
  EXPECT_EQ(run(plan, records, true, 5).size(), 4u);
}

}  // namespace
