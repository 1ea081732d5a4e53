// Each normalisation pass alone, on hand-built graphs (no Turtle parsing involved).
#include "mapping/normalise.hpp"

#include <gtest/gtest.h>

#include "mapping/graph.hpp"
#include "rdf/vocab.hpp"

namespace treatykg::mapping {
namespace {

using rdf::Term;
const std::string R = "http://w3id.org/rml/";
Term rml(const std::string& l) {
  return Term::iri(R + l);
}
Term iri(const std::string& v) {
  return Term::iri(v);
}
Term bn(const std::string& v) {
  return Term::blank(v);
}

TEST(Normalise, UpgradeLegacyVocabulary) {
  Graph g;
  g.add(iri("http://ex/TM"), iri("http://www.w3.org/ns/r2rml#subjectMap"), bn("s"));
  g.add(bn("s"), iri("http://www.w3.org/ns/r2rml#template"), Term::literal("http://ex/{id}"));
  g.add(iri("http://ex/TM"), iri("http://semweb.mmlab.be/ns/rml#logicalSource"), bn("ls"));
  g.add(bn("ls"), iri("http://semweb.mmlab.be/ns/rml#referenceFormulation"),
        iri("http://semweb.mmlab.be/ns/ql#JSONPath"));
  EXPECT_TRUE(upgrade_legacy_vocabulary(g));
  EXPECT_TRUE(g.contains(iri("http://ex/TM"), rml("subjectMap"), bn("s")));
  EXPECT_TRUE(g.contains(bn("s"), rml("template"), Term::literal("http://ex/{id}")));
  EXPECT_TRUE(g.contains(bn("ls"), rml("referenceFormulation"), rml("JSONPath")));
  EXPECT_FALSE(upgrade_legacy_vocabulary(g)) << "a current-vocabulary graph is left alone";
}

TEST(Normalise, ExpandShortcuts) {
  Graph g;
  g.add(iri("http://ex/TM"), rml("subject"), iri("http://ex/s"));
  g.add(bn("pom"), rml("predicate"), iri("http://ex/p"));
  g.add(bn("pom"), rml("object"), Term::literal("o"));
  g.add(bn("om"), rml("language"), Term::literal("en"));
  expand_shortcuts(g);
  auto sm = g.object(iri("http://ex/TM"), R + "subjectMap");
  ASSERT_TRUE(sm);
  EXPECT_EQ(g.object(*sm, R + "constant"), iri("http://ex/s"));
  auto pm = g.object(bn("pom"), R + "predicateMap");
  ASSERT_TRUE(pm);
  EXPECT_EQ(g.object(*pm, R + "constant"), iri("http://ex/p"));
  auto om = g.object(bn("pom"), R + "objectMap");
  ASSERT_TRUE(om);
  EXPECT_EQ(g.object(*om, R + "constant"), Term::literal("o"));
  auto lm = g.object(bn("om"), R + "languageMap");
  ASSERT_TRUE(lm);
  EXPECT_EQ(g.object(*lm, R + "constant"), Term::literal("en"));
  Term subject = rml("subject");
  EXPECT_TRUE(g.match(nullptr, &subject, nullptr).empty());
}

TEST(Normalise, ClassBecomesPredicateObjectMap) {
  Graph g;
  g.add(iri("http://ex/TM"), rml("subjectMap"), bn("s"));
  g.add(bn("s"), rml("class"), iri("http://ex/C"));
  class_to_predicate_object_map(g);
  auto pom = g.object(iri("http://ex/TM"), R + "predicateObjectMap");
  ASSERT_TRUE(pom);
  auto pm = g.object(*pom, R + "predicateMap");
  auto om = g.object(*pom, R + "objectMap");
  ASSERT_TRUE(pm && om);
  EXPECT_EQ(g.object(*pm, R + "constant"), iri(rdf::vocab::kRdfType));
  EXPECT_EQ(g.object(*om, R + "constant"), iri("http://ex/C"));
  EXPECT_FALSE(g.object(bn("s"), R + "class"));
}

TEST(Normalise, DefaultTermTypes) {
  Graph g;
  g.add(iri("http://ex/TM"), rml("subjectMap"), bn("s"));
  g.add(bn("s"), rml("template"), Term::literal("x/{a}"));
  g.add(iri("http://ex/TM"), rml("predicateObjectMap"), bn("pom"));
  g.add(bn("pom"), rml("objectMap"), bn("ref"));
  g.add(bn("ref"), rml("reference"), Term::literal("a"));
  g.add(bn("pom"), rml("objectMap"), bn("tpl"));
  g.add(bn("tpl"), rml("template"), Term::literal("y/{a}"));
  g.add(bn("pom"), rml("objectMap"), bn("lit"));
  g.add(bn("lit"), rml("constant"), Term::literal("c"));
  g.add(bn("pom"), rml("objectMap"), bn("join"));
  g.add(bn("join"), rml("parentTriplesMap"), iri("http://ex/TM"));
  g.add(bn("pom"), rml("objectMap"), bn("uri"));
  g.add(bn("uri"), rml("template"), Term::literal("z/{a}"));
  g.add(bn("uri"), rml("termType"), rml("URI"));
  complete_term_types(g);
  EXPECT_EQ(g.object(bn("s"), R + "termType"), rml("IRI"));
  EXPECT_EQ(g.object(bn("ref"), R + "termType"), rml("Literal"));
  EXPECT_EQ(g.object(bn("tpl"), R + "termType"), rml("IRI"));
  EXPECT_EQ(g.object(bn("lit"), R + "termType"), rml("Literal"));
  EXPECT_FALSE(g.object(bn("join"), R + "termType")) << "referencing object maps are not term maps";
  EXPECT_EQ(g.object(bn("uri"), R + "termType"), rml("URI")) << "explicit term types are kept";
}

TEST(Normalise, DefaultGraph) {
  Graph g;
  g.add(iri("http://ex/A"), rml("subjectMap"), bn("sa"));
  g.add(iri("http://ex/B"), rml("subjectMap"), bn("sb"));
  g.add(iri("http://ex/B"), rml("predicateObjectMap"), bn("pom"));
  g.add(bn("pom"), rml("graphMap"), bn("gm"));
  complete_default_graph(g);
  auto gm = g.object(bn("sa"), R + "graphMap");
  ASSERT_TRUE(gm);
  EXPECT_EQ(g.object(*gm, R + "constant"), rml("defaultGraph"));
  EXPECT_FALSE(g.object(bn("sb"), R + "graphMap")) << "a map with its own graph maps is left alone";
}

TEST(Normalise, FreshBlankNodesAreDeterministic) {
  Graph a, b;
  EXPECT_EQ(a.fresh_blank(), b.fresh_blank());
  EXPECT_NE(a.fresh_blank(), a.fresh_blank());
}

}  // namespace
}  // namespace treatykg::mapping
