#pragma once
// treatykg::mapping — an RML engine (https://w3id.org/rml/).
//
// Phases, each visible in the code:
//   load       Turtle -> rdf::Model (rdf::read_file; syntax errors carry file:line:col)
//   normalise  named passes over the mapping graph (normalise.hpp): legacy rr:/rml:/ql: vocabulary
//   ->
//              http://w3id.org/rml/, constant shortcuts, rml:class, default term types, default
//              graph
//   compile    validate and build a Plan (compile.cpp): per triples map a subject generator and
//              predicate/object/graph generators, templates parsed, JSONPath compiled, sources and
//              targets resolved. Every invalid mapping is rejected here, before any output, with a
//              MappingError naming the triples map and the term map.
//   execute    per record (execute.cpp): sources are streamed record by record (JSON with RapidJSON
//   SAX,
//              CSV, JSON Lines facts, facts in memory); quads go to a QuadSink or to logical
//              targets.
//
// Example (tests/unit/mapping/readme_example_test.cpp runs exactly this):
//
//   using namespace treatykg;
//   mapping::Plan plan = mapping::compile_string(R"(
//       @prefix rml: <http://w3id.org/rml/> .
//       <#People> rml:logicalSource [ rml:source [ a <https://w3id.org/treatykg/mapping#FactStream>
//       ];
//                                     rml:referenceFormulation rml:JSONPath;
//                                     rml:iterator "$[?(@.type == 'person')]" ];
//         rml:subjectMap [ rml:template "person/{id}" ];
//         rml:predicateObjectMap [ rml:predicate <http://xmlns.com/foaf/0.1/name>;
//                                  rml:objectMap [ rml:reference "name" ] ] .)",
//       "example.ttl", mapping::Options{.base_iri = "http://example.com/"});
//   std::vector<facts::Value> records = {facts::Value(facts::Value::Object{
//       {"type", "person"}, {"id", "1"}, {"name", "Ada"}})};
//   mapping::QuadVector quads;
//   mapping::execute(plan, mapping::Inputs{.fact_records = &records}, quads);
//   // quads.quads == { <http://example.com/person/1> foaf:name "Ada" }
//
// Errors: SyntaxError (Turtle of the mapping, malformed source data), MappingError (invalid
// mapping, or data a strict run cannot map: a non-IRI value where an IRI is needed, an invalid
// language tag, a reference to a missing CSV column or to a JSON array/object), IoError
// (missing/unreadable source, unwritable target).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "facts/value.hpp"
#include "rdf/term.hpp"

namespace treatykg::mapping {

struct Options {
  /// Base IRI for relative IRIs made by templates and references (rml:baseIRI on a triples map
  /// wins).
  std::string base_iri = "http://example.com/";
  /// true: a generated IRI that is not valid, or an invalid language tag from data, is a
  /// MappingError. false: the term is skipped (no triple) and counted in RunStats::skipped_terms.
  bool strict = true;
};

/// Where the default output goes. The pipeline connects it to an rdf::Writer or an rdf::Model.
class QuadSink {
 public:
  virtual ~QuadSink() = default;
  virtual void add(const rdf::Quad& quad) = 0;
  /// How execute() hands over most quads: the terms by address, and which of them it knows pass
  /// the writers' checks (rdf::TermChecked bits). A sink that encodes bytes overrides it to skip
  /// the copies and the checks; by default the terms are copied into a reused Quad for add(). A
  /// literal object's text may be given apart (rdf::QuadView::object_value): an override reads it
  /// with object_text() (rdf::LineEncoder does).
  virtual void add_view(const rdf::QuadView& quad, unsigned checked);

 private:
  rdf::Quad copy_;  // add_view's default: strings keep their capacity from quad to quad
};

/// A sink that keeps every quad in a vector (tests, small runs).
class QuadVector : public QuadSink {
 public:
  void add(const rdf::Quad& quad) override { quads.push_back(quad); }
  std::vector<rdf::Quad> quads;
};

/// A sink calling a function.
class QuadCallback : public QuadSink {
 public:
  explicit QuadCallback(std::function<void(const rdf::Quad&)> f) : f_(std::move(f)) {}
  void add(const rdf::Quad& quad) override { f_(quad); }

 private:
  std::function<void(const rdf::Quad&)> f_;
};

struct Inputs {
  /// The records of `tkgm:FactStream` sources, in memory (treatykg export: one article's facts).
  const std::vector<facts::Value>* fact_records = nullptr;
  /// Or JSON Lines files of treatykg-facts/1 records ("-" = standard input), read in order
  /// (treatykg map FACTS.jsonl...). Used when fact_records is null.
  std::vector<std::string> fact_files = {};
  /// Folder for rml:CurrentWorkingDirectory and relative legacy sources/targets; empty = the
  /// process's.
  std::filesystem::path working_dir = {};
  /// Prefix of blank-node labels made from record positions (subjects without a value, unnamed
  /// collections). Labels restart with every execute(): a caller that merges several runs into one
  /// dataset (one run per article) gives each run its own prefix, e.g. the article id.
  std::string blank_prefix = {};
  /// true: the sink keeps each distinct quad of this run once (a set, as treatykg export's output
  /// is), so a triples map is not run again on a record whose referenced values it already
  /// mapped in this run: every quad it would make is a repeat (RunStats count the runs made).
  /// false: every quad made is sent, repeats included.
  bool distinct_sink = false;
  /// With distinct_sink: runs given the same non-zero scope, one after another on one thread, feed
  /// one set (treatykg export: the lines of a stretch of the corpus, written once), so a triples
  /// map is not run again on values it mapped in any of them. A run cut short by an exception ends
  /// the scope. 0: this run alone.
  std::uint64_t distinct_scope = 0;
};

struct RunStats {
  std::uint64_t records = 0;        // records read from logical sources (per triples map group)
  std::uint64_t quads = 0;          // quads sent to the sink and to logical targets
  std::uint64_t skipped_terms = 0;  // non-strict runs: invalid IRIs / language tags dropped
  std::vector<std::string> targets_written;  // paths of logical target files written
};

/// A compiled mapping. Cheap to copy (shared, immutable); execute() may be called many times
/// (e.g. once per article in treatykg export).
class Plan {
 public:
  struct Impl;
  explicit Plan(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

  /// Names of the triples maps, in execution order.
  std::vector<std::string> triples_maps() const;
  /// Whether a logical source is tkgm:FactStream.
  bool uses_fact_stream() const noexcept;
  /// Whether any term map routes triples to a logical target (a file the engine writes).
  bool has_logical_targets() const noexcept;
  /// Whether a term map asks for rml:termType rml:UnsafeIRI: its values go into IRIs without
  /// percent-encoding, so an IRI may hold a space or other characters N-Quads forbids. A writer of
  /// this plan's default output opts in with rdf::WriteOptions::unsafe_iris = true (logical targets
  /// do so themselves); any other plan keeps the writer's strict refusal.
  bool uses_unsafe_iris() const noexcept;
  /// The warning a command prints once (standard error) when uses_unsafe_iris(): names the mapping
  /// file, the triples maps and term maps. Empty otherwise.
  std::string unsafe_iri_warning() const;
  /// A stable hash (hex) of the normalised rules and the options: identifies the rules in dataset
  /// descriptions.
  std::string fingerprint() const;
  const Impl& impl() const noexcept { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

/// Load + normalise + compile a mapping file. Relative sources with rml:MappingDirectory (and
/// legacy string sources) resolve against the file's folder. Throws SyntaxError / MappingError /
/// IoError.
Plan compile_file(const std::string& path, const Options& options = {});
/// Same from Turtle text; `name` is used in messages, `mapping_dir` resolves relative sources
/// (empty = current directory).
Plan compile_string(std::string_view turtle, const std::string& name, const Options& options = {},
                    const std::filesystem::path& mapping_dir = {});

/// Runs the plan: every triples map over its logical source, quads without logical target to
/// `sink`, the others to their target files (written atomically at the end). With a streaming sink,
/// memory stays bounded by the largest record (plus the parent index of joins and named
/// collections).
RunStats execute(const Plan& plan, const Inputs& inputs, QuadSink& sink);

}  // namespace treatykg::mapping
