#pragma once
// What a job needs to run, independent of how it was asked for (the command line builds it).

#include <optional>
#include <string>
#include <vector>

#include "rdf/syntax.hpp"

namespace treatykg::pipeline {

enum class Command { kExport, kExtract, kMap, kCheck };

struct Config {
  Command command = Command::kExport;
  std::vector<std::string> inputs;  // articles (export/extract), fact files or nothing (map), Turtle files (check)
  std::string output = "-";
  rdf::Syntax format = rdf::Syntax::kTurtle;
  std::string base_iri;  // empty: the command's default (default_base_iri)
  std::string ontology;  // empty: bundled
  std::string mappings;  // empty: bundled
  std::string lexicon;   // empty: bundled
  std::string rules;     // empty: bundled
  bool strict = false;
  unsigned threads = 1;
  bool quiet = false;
  bool progress = false;
  // Dataset description (export).
  std::string title;
  std::string license;
  std::string created;
  std::string sparql_endpoint;
  bool no_description = false;  // shards merged by union must not each carry a description

  /// Throws UsageError for values that cannot work together.
  void validate() const;
  /// The base IRI in effect: --base, else the command's default.
  std::string effective_base_iri() const;
};

/// Default base IRI of minted instances: export uses the project's data namespace; map uses the RML
/// convention http://example.com/.
std::string default_base_iri(Command c);

/// The folder holding the bundled ontology/ and mappings/: $TREATYKG_DATA_DIR, else the installed data
/// dir next to the executable, else the source tree this binary was built from.
std::string data_dir();

struct BundledPaths {
  std::string ontology_dir;  // ontology/ (treatykg.ttl, shapes.ttl)
  std::string mappings;      // mappings/facts.rml.ttl
  std::string lexicon;       // mappings/lexicon.ttl
  std::string rules;         // mappings/rules/
};
BundledPaths bundled_paths();

/// The paths a job uses: the config's, else the bundled ones.
std::string ontology_path(const Config& c);
std::string mappings_path(const Config& c);
std::string lexicon_path(const Config& c);
std::string rules_path(const Config& c);

std::string version();

}  // namespace treatykg::pipeline
