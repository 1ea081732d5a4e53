// Writes N generated triples through the rdf layer. Used by bench/rdf/run.sh, which times it next to
// serdi on the same triples.
//   rdf_write_bench ntriples N OUT      stream N-Triples (Writer::write per quad)
//   rdf_write_bench turtle-stream N OUT stream Turtle in generation order (grouped by subject)
//   rdf_write_bench turtle-model N OUT  add to an rdf::Model, then write sorted Turtle
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/files.hpp"
#include "rdf/model.hpp"
#include "rdf/writer.hpp"

using namespace treatykg;
using namespace treatykg::rdf;

namespace {

const std::string kData = "https://w3id.org/treatykg/data/";
const std::string kTkg = "https://w3id.org/treatykg/ontology#";
const std::string kXsd = "http://www.w3.org/2001/XMLSchema#";

// Ten triples per subject, of the shapes the exporter writes: types, links, integers, dates, text.
template <class Sink>
void generate(std::size_t n, Sink&& sink) {
  Quad q;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t subject = i / 10, k = i % 10;
    q.subject = Term::iri(kData + "claim/article-" + std::to_string(subject / 50) + "." + std::to_string(subject));
    switch (k) {
      case 0: q.predicate = Term::iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
              q.object = Term::iri(kTkg + "TroopEstimate"); break;
      case 1: q.predicate = Term::iri(kTkg + "count");
              q.object = Term::literal(std::to_string(1000 + subject % 20000), kXsd + "integer"); break;
      case 2: q.predicate = Term::iri(kTkg + "qualifier"); q.object = Term::iri(kTkg + "approx"); break;
      case 3: q.predicate = Term::iri(kTkg + "asOf");
              q.object = Term::literal("2024-" + std::string(subject % 9 < 9 ? "0" : "") +
                                       std::to_string(1 + subject % 9) + "-1" + std::to_string(subject % 10),
                                       kXsd + "date"); break;
      case 4: q.predicate = Term::iri(kTkg + "evidenceText");
              q.object = Term::literal("Intelligence reports estimate that as many as " + std::to_string(subject) +
                                       " soldiers have been deployed to the \"Kursk\" region."); break;
      case 5: q.predicate = Term::iri(kTkg + "begin"); q.object = Term::literal(std::to_string(subject % 5000), kXsd + "integer"); break;
      case 6: q.predicate = Term::iri(kTkg + "end"); q.object = Term::literal(std::to_string(subject % 5000 + 120), kXsd + "integer"); break;
      case 7: q.predicate = Term::iri("http://www.w3.org/2000/01/rdf-schema#label");
              q.object = Term::literal("Оцінка кількості військ " + std::to_string(subject), "", "uk"); break;
      case 8: q.predicate = Term::iri(kTkg + "estimatedBy"); q.object = Term::iri("https://w3id.org/treatykg/entity/south-korea"); break;
      default: q.predicate = Term::iri("http://www.w3.org/ns/prov#wasDerivedFrom");
               q.object = Term::iri(kData + "article/article-" + std::to_string(subject / 50)); break;
    }
    sink(q);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: rdf_write_bench ntriples|turtle-stream|turtle-model N OUT\n");
    return 2;
  }
  const std::string mode = argv[1];
  const std::size_t n = std::strtoull(argv[2], nullptr, 10);
  try {
    OutputFile out(argv[3]);
    const PrefixMap prefixes{{"tkg", kTkg}, {"xsd", kXsd}, {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"}};
    if (mode == "turtle-model") {
      Model model;
      generate(n, [&](const Quad& q) { model.add(q); });
      Writer w(out.stream(), argv[3], WriteOptions{Syntax::kTurtle, prefixes});
      w.write(model);
      w.finish();
    } else {
      Writer w(out.stream(), argv[3], WriteOptions{mode == "ntriples" ? Syntax::kNTriples : Syntax::kTurtle, prefixes});
      generate(n, [&](const Quad& q) { w.write(q); });
      w.finish();
    }
    out.commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rdf_write_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
