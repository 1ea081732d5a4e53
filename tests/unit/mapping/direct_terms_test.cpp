// Terms made straight from a record (a reference to one member or `a.b`, an IRI template of single
// keys whose scheme the plan knows) against the general path (raw values, then terms), which the
// same term maps take when each value is reached through `[0]` of a one-item array instead.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/error.hpp"
#include "mapping/mapping.hpp"
#include "rdf/ntriples.hpp"

namespace treatykg::mapping {
namespace {

using facts::Value;

// Every scalar kind, a nested member, a missing one; `<name>s` holds the same value in an array.
// Variants change some values (the same ones again in later records: terms made for a record
// with the same values are reused) and `s` unique to each number above 1.
Value record(int variant = 0) {
  Value::Object o;
  auto both = [&](const char* name, Value v) {
    o.emplace_back(name, v);
    o.emplace_back(std::string(name) + "s", Value(Value::Array{v}));
  };
  o.emplace_back("type", "r");
  both("s", variant == 0   ? Value("a b/c\xC3\xA9")
            : variant == 1 ? Value("other")
                           : Value("s" + std::to_string(variant)));
  both("iri", variant == 1 ? "http://other/x" : "http://other/x y");
  both("n", variant == 1 ? Value("42") : Value(42));
  both("d", 3.25);
  both("b", true);
  both("z", nullptr);
  both("dt", "http://www.w3.org/2001/XMLSchema#date");
  both("o", Value(Value::Object{{"v", "x:y"}}));
  return Value(std::move(o));
}

// The term maps, each with the reference `{K}`: `direct` keeps `name`, else `names[0]`.
std::string mapping(bool direct) {
  const std::vector<std::string> term_maps = {
      R"(rml:reference "{K}")",
      R"(rml:reference "{K}"; rml:datatype xsd:double)",
      R"(rml:reference "{K}"; rml:datatype xsd:integer)",
      R"(rml:reference "{K}"; rml:language "en")",
      R"(rml:reference "{K}"; rml:datatypeMap [ rml:reference "{DT}" ])",
      R"(rml:reference "{K}"; rml:termType rml:IRI)",
      R"(rml:reference "{K}"; rml:termType rml:URI)",
      R"(rml:reference "{K}"; rml:termType rml:BlankNode)",
      R"(rml:template "t/{{K}}/{{S}}")",
      R"(rml:template "http://e/{{K}}#{{N}}")",
      R"(rml:template "http://e/{{K}}"; rml:termType rml:URI)",
      R"(rml:template "{{K}}x"; rml:termType rml:IRI)",
      R"(rml:template "{{K}}!"; rml:termType rml:Literal)",
      R"(rml:template "{{K}}"; rml:termType rml:BlankNode)"};
  const std::vector<std::string> keys = {"s", "iri", "n", "d", "b", "z", "o.v", "missing"};
  auto ref = [&](const std::string& k) {
    if (direct) return k;
    const auto dot = k.find('.');
    if (dot != std::string::npos) return k.substr(0, dot) + "s[0]" + k.substr(dot);
    return k + "s[0]";
  };
  auto fill = [&](std::string t, const std::string& k) {
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"{K}", ref(k)},
                                   {"{DT}", ref("dt")},
                                   {"{S}", ref("s")},
                                   {"{N}", ref("n")}})
      for (std::size_t at; (at = t.find(from)) != std::string::npos;)
        t.replace(at, from.size(), to);
    return t;
  };
  std::string ttl = R"(@prefix rml: <http://w3id.org/rml/> . @prefix ex: <http://ex/> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <#R> rml:logicalSource [ rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
        rml:referenceFormulation rml:JSONPath; rml:iterator "$[?(@.type == 'r')]" ];
      rml:subjectMap [ )" +
                    fill(R"(rml:template "http://s/{{K}}")", "s") + " ]";
  int p = 0;
  for (const auto& k : keys)
    for (const auto& t : term_maps)
      ttl += ";\n  rml:predicateObjectMap [ rml:predicate ex:p" + std::to_string(p++) +
             "; rml:objectMap [ " + fill(t, k) + " ] ]";
  // Templates equal to those above, as a subject and objects of another map: they share the terms
  // the first map made for the record (TermMap::last_term slots).
  ttl += R"( .
    <#T> rml:logicalSource [ rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
        rml:referenceFormulation rml:JSONPath; rml:iterator "$[?(@.type == 'r')]" ];
      rml:subjectMap [ )" +
         fill(R"(rml:template "http://e/{{K}}#{{N}}")", "s") + " ]";
  for (const auto& k : {"s", "n", "iri"})
    ttl += ";\n  rml:predicateObjectMap [ rml:predicate ex:q; rml:objectMap [ " +
           fill(R"(rml:template "t/{{K}}/{{S}}")", k) +
           " ] ], [ rml:predicate ex:r; rml:objectMap [ " +
           fill(R"(rml:template "http://e/{{K}}#{{N}}")", k) +
           " ] ], [ rml:predicate ex:u; rml:objectMap [ " +
           fill(R"(rml:template "http://e/{{K}}/{{N}}")", k) + " ] ]";  // not equal: its own slot
  return ttl + " .";
}

struct Made {
  std::vector<std::string> lines;
  std::size_t skipped = 0;
};

Made run(bool direct, const std::string& base) {
  const Plan plan =
      compile_string(mapping(direct), "direct.ttl", Options{.base_iri = base, .strict = false});
  std::vector<Value> records = {record(0), record(0), record(1), record(1), record(0), record(1)};
  for (int i = 2; i < 50; ++i) records.push_back(record(i));  // past the trial of reuse
  records.push_back(record(0));
  QuadVector out;
  const RunStats stats = execute(plan, Inputs{.fact_records = &records}, out);
  Made made;
  for (const auto& q : out.quads) made.lines.push_back(rdf::to_nquads(q));
  made.skipped = stats.skipped_terms;
  return made;
}

TEST(DirectTerms, MakeWhatTheGeneralPathMakes) {
  for (const std::string base : {"http://base/", "http://base/a b/", "nobase"}) {
    const Made direct = run(true, base), general = run(false, base);
    EXPECT_EQ(direct.lines, general.lines) << base;
    EXPECT_EQ(direct.skipped, general.skipped) << base;
    EXPECT_GT(direct.lines.size(), 2000u) << base;
  }
}

TEST(DirectTerms, RefuseWhatTheGeneralPathRefuses) {
  // Strict: the first invalid IRI stops the run with the same message either way.
  for (const std::string base : {"http://base/", "http://base/a b/"}) {
    std::string messages[2];
    for (const bool direct : {true, false}) {
      const Plan plan =
          compile_string(mapping(direct), "direct.ttl", Options{.base_iri = base, .strict = true});
      const std::vector<Value> records = {record()};
      QuadVector out;
      try {
        execute(plan, Inputs{.fact_records = &records}, out);
      } catch (const MappingError& e) {
        messages[direct] = e.what();
      }
    }
    EXPECT_FALSE(messages[1].empty()) << base;
    // The term map is named by its reference, which differs (`s` or `ss[0]`); the rest agrees.
    auto tail = [](const std::string& m) { return m.substr(m.find(": \"")); };
    if (!messages[0].empty() && !messages[1].empty()) {
      EXPECT_EQ(tail(messages[1]), tail(messages[0])) << base;
    }
  }
}

// Templates of fixed text and one reference to every item of a member (`{a[*]}`, `{a.*}`) are made
// straight from the items; with a second, empty reference after it they take the general path.
TEST(DirectTerms, WildcardTemplatesMakeWhatTheGeneralPathMakes) {
  const auto mapping = [](bool direct) {
    const std::string tail = direct ? "" : "{e}";
    std::string ttl = R"(@prefix rml: <http://w3id.org/rml/> . @prefix ex: <http://ex/> .
      <#R> rml:logicalSource [ rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
          rml:referenceFormulation rml:JSONPath; rml:iterator "$[*]" ];
        rml:subjectMap [ rml:template "http://s/{id}" ])";
    int p = 0;
    const std::vector<std::pair<std::string, std::string>> templates = {
        {"http://e/{a[*]}", ""},
        {"http://e/{a[*]}/end", ""},
        {"t/{a.*}", ""},
        {"http://e/{a[*]}", "; rml:termType rml:URI"},
        {"http://e/{o.*}#", ""}};
    for (const auto& [t, extra] : templates)
      ttl += ";\n rml:predicateObjectMap [ rml:predicate ex:p" + std::to_string(p++) +
             "; rml:objectMap [ rml:template \"" + t + tail + "\"" + extra + " ] ]";
    return ttl + " .";
  };
  using Object = Value::Object;
  std::vector<Value> records;
  const std::vector<Value> as = {Value(Value::Array{"x y", "\xC3\xA9", nullptr, 3, 2.5, true}),
                                 Value("scalar"), Value(Object{{"k", "v"}, {"n", 1}}),
                                 Value(Value::Array{}), Value(nullptr)};
  for (std::size_t i = 0; i < as.size(); ++i)
    records.push_back(Value(Object{
        {"id", std::to_string(i)}, {"a", as[i]}, {"o", Value(Object{{"p", "q"}})}, {"e", ""}}));
  records.push_back(Value(Object{{"id", "missing"}, {"e", ""}}));
  for (const std::string base : {"http://base/", "http://base/a b/"}) {
    std::vector<std::string> lines[2];
    std::size_t skipped[2] = {0, 0};
    for (const bool direct : {false, true}) {
      const Plan plan =
          compile_string(mapping(direct), "w.ttl", Options{.base_iri = base, .strict = false});
      QuadVector out;
      skipped[direct] = execute(plan, Inputs{.fact_records = &records}, out).skipped_terms;
      for (const auto& q : out.quads) lines[direct].push_back(rdf::to_nquads(q));
    }
    EXPECT_EQ(lines[1], lines[0]) << base;
    EXPECT_EQ(skipped[1], skipped[0]) << base;
    EXPECT_GT(lines[1].size(), 20u) << base;
  }
}

// Consecutive records of one type reuse the previous record's selection of maps; the quads are
// those of selecting each record's maps anew, in record order and, per record, in plan order
// (here A, B, Big).
TEST(FactGroup, RecordsOfOneTypeInARunSelectTheirOwnMaps) {
  const std::string ttl = R"(@prefix rml: <http://w3id.org/rml/> . @prefix ex: <http://ex/> .
    <#A> rml:logicalSource [ rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
        rml:referenceFormulation rml:JSONPath; rml:iterator "$[?(@.type == 'a')]" ];
      rml:subjectMap [ rml:template "http://x/{id}" ];
      rml:predicateObjectMap [ rml:predicate ex:a; rml:object "a" ] .
    <#Big> rml:logicalSource [ rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
        rml:referenceFormulation rml:JSONPath; rml:iterator "$[?(@.n > 1)]" ];
      rml:subjectMap [ rml:template "http://x/{id}" ];
      rml:predicateObjectMap [ rml:predicate ex:big; rml:object "big" ] .
    <#B> rml:logicalSource [ rml:source [ a <https://w3id.org/treatykg/mapping#FactStream> ];
        rml:referenceFormulation rml:JSONPath; rml:iterator "$[?(@.type == 'b')]" ];
      rml:subjectMap [ rml:template "http://x/{id}" ];
      rml:predicateObjectMap [ rml:predicate ex:b; rml:object "b" ] .)";
  const Plan plan = compile_string(ttl, "group.ttl", Options{});
  auto rec = [](const char* id, Value type, int n) {
    Value::Object o;
    o.emplace_back("id", id);
    if (!type.is_null()) o.emplace_back("type", type);
    o.emplace_back("n", n);
    return Value(std::move(o));
  };
  const std::vector<Value> records = {rec("1", "a", 0),     rec("2", "a", 2), rec("3", "b", 2),
                                      rec("4", nullptr, 2), rec("5", "a", 0), rec("6", 7, 0),
                                      rec("7", "b", 0),     rec("8", "b", 5), rec("9", "c", 3),
                                      rec("10", "a", 3)};
  QuadVector out;
  execute(plan, Inputs{.fact_records = &records}, out);
  std::vector<std::string> made;
  for (const auto& q : out.quads) made.push_back(q.subject.value + " " + q.object.value);
  const std::vector<std::string> expected = {
      "http://x/1 a",   "http://x/2 a",  "http://x/2 big", "http://x/3 b", "http://x/3 big",
      "http://x/4 big", "http://x/5 a",  "http://x/7 b",   "http://x/8 b", "http://x/8 big",
      "http://x/9 big", "http://x/10 a", "http://x/10 big"};
  EXPECT_EQ(made, expected);
}

}  // namespace
}  // namespace treatykg::mapping
