// tkg_rml_map: a test-only command line over the mapping API, shaped like `treatykg map`, so the
// conformance runner can drive the engine in-process before (or without) the real CLI:
//
//   tkg_rml_map map --mappings MAPPING.ttl [--base IRI] [-f nquads|ntriples|turtle|...] [-o FILE]
//   [FACTS.jsonl...]
//
// The whole output is collected first and written only when mapping succeeded, so a failing run
// prints nothing on standard output (exit 1, the error on standard error).

#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/files.hpp"
#include "mapping/mapping.hpp"
#include "rdf/syntax.hpp"
#include "rdf/writer.hpp"

using namespace treatykg;

int main(int argc, char** argv) {
  std::string mappings, base = "http://example.com/", format = "nquads", output = "-";
  std::vector<std::string> facts_files;
  bool lenient = false;
  int i = 1;
  if (i < argc && std::strcmp(argv[i], "map") == 0) ++i;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "tkg_rml_map: error: " << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--mappings" || a == "-m")
      mappings = value();
    else if (a == "--base")
      base = value();
    else if (a == "-f" || a == "--format")
      format = value();
    else if (a == "-o" || a == "--output")
      output = value();
    else if (a == "--lenient")
      lenient = true;
    else if (!a.empty() && a[0] == '-' && a != "-") {
      std::cerr << "tkg_rml_map: error: unknown option " << a << "\n";
      return 2;
    } else
      facts_files.push_back(a);
  }
  if (mappings.empty()) {
    std::cerr << "tkg_rml_map: error: --mappings is required\n";
    return 2;
  }
  auto syntax = rdf::parse_syntax(format);
  if (!syntax) {
    std::cerr << "tkg_rml_map: error: unknown format " << format << "\n";
    return 2;
  }
  try {
    mapping::Plan plan =
        mapping::compile_file(mappings, mapping::Options{.base_iri = base, .strict = !lenient});
    if (plan.uses_unsafe_iris()) std::cerr << plan.unsafe_iri_warning();
    mapping::QuadVector quads;
    mapping::Inputs inputs;
    inputs.fact_files = facts_files;
    mapping::execute(plan, inputs, quads);
    OutputFile out(output);
    rdf::Writer writer(out.stream(), output == "-" ? "<stdout>" : output,
                       rdf::WriteOptions{.syntax = *syntax, .prefixes = {}, .unsafe_iris = plan.uses_unsafe_iris()});
    for (const auto& q : quads.quads) writer.write(q);
    writer.finish();
    out.commit();
  } catch (const Error& e) {
    std::cerr << "tkg_rml_map: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
