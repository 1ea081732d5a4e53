#pragma once
// The compiled form of a mapping (internal to the engine; built by compile.cpp, run by
// execute.cpp). An object graph, not strings: every template is parsed, every reference compiled.

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "mapping/graph.hpp"
#include "mapping/jsonpath.hpp"
#include "mapping/mapping.hpp"
#include "mapping/template.hpp"
#include "rdf/syntax.hpp"

namespace treatykg::mapping {

enum class Formulation { kJsonPath, kCsv };

/// A reference (rml:reference, a template part, rml:child/parent) resolved for its formulation.
struct Reference {
  std::string text;
  Formulation formulation = Formulation::kJsonPath;
  std::string key;                     // CSV column, or the single name of a `$.name` path
  bool single_key = false;             // evaluate as one member lookup
  // `$.a.b` (and `$.a.b[*]`, `$.a.*`): the member names, looked up one after the other without the
  // general evaluator's node vectors; `wildcard`: then every item (array) or member value (object).
  std::vector<std::string> names;
  bool wildcard = false;
  // The record member looked up first (`key`, or names[0]), numbered by compile: one number per
  // distinct name in the plan, so the executor looks each name up once per record however many
  // references and maps ask for it. -1: none (or not compiled).
  int record_key = -1;
  std::optional<jsonpath::Path> path;  // general JSONPath
  /// `$.a.b`: member lookups that select at most one value.
  bool member_path() const noexcept { return !names.empty() && !wildcard; }
  void evaluate(const facts::Value& record, std::vector<const facts::Value*>& out) const;
};

struct FunctionCall;
struct RefObjectMap;

enum class TermType { kIri, kUri, kUnsafeIri, kBlank, kLiteral };
enum class CollectionType { kNone, kList, kBag, kSeq, kAlt };

struct TermMap {
  enum class Kind { kConstant, kReference, kTemplate, kFunction, kRecordBlank };
  Kind kind = Kind::kConstant;
  TermType type = TermType::kIri;
  std::string where;  // "triples map <x>, object map _:b3" for messages
  rdf::Term constant;
  Reference reference;
  std::vector<TemplatePart> parts;
  std::vector<Reference> part_refs;  // one per reference part, in order
  bool single_key_parts = false;     // every part_ref is a single key (execute's simple_template)
  std::shared_ptr<FunctionCall> function;
  std::shared_ptr<TermMap> condition;  // RML-FNML rml:condition: no term unless it yields "true"
  std::shared_ptr<TermMap> language;   // literals
  std::shared_ptr<TermMap> datatype;   // literals
  std::vector<int> targets;            // logical targets (indexes into Plan::Impl::targets)
  bool drop = false;                   // legacy: an invalid graph map; triples in it are dropped
  bool prevalidated = false;  // IRI template that cannot make an invalid IRI (no runtime check)
  // IRI templates whose fixed start decides whether every value has a scheme (absolute) or none
  // (relative, joined to base_iri), so execute() need not look for one in each value.
  enum class Scheme : unsigned char { kPerValue, kAbsolute, kRelative };
  Scheme scheme = Scheme::kPerValue;
  std::string base_iri;
  std::string iri_start;  // scheme known: what every IRI starts with (base if relative, first text)
  std::string datatype_iri;  // a constant datatype map's IRI, resolved against base_iri
  // Set by prepare_execution: every term this map makes passes the writers' checks (constants
  // tested once; IRIs checked or valid by construction), so sinks are told not to check them again.
  bool writable = false;
  // Set by prepare_execution for the IRI template of single keys of a direct predicate-object map
  // (and a subject map with an equal template): its slot in the executor's per-thread note of the
  // last term it made and the values it made it from (a record with the same values gets that term
  // without building it again); equal templates share a slot; -1: none.
  int last_term = -1;
  // Set by prepare_execution for the literal reference (one value) of a direct predicate-object
  // map whose datatype and language the plan fixes, given the value's JSON kind: the term made from
  // a string, an integer and a boolean, without its text, and a bit per usable one (1 << index).
  // execute() hands such a value's text to the sink by reference (rdf::QuadView::object_value)
  // instead of copying it into a term. 0: none.
  // Set by prepare_execution for an IRI template of fixed text and one reference to every item of a
  // member (`entity/{parties[*]}`) whose scheme the plan knows: execute() makes its terms straight
  // from the items, without the general path's raw values and cartesian rows.
  bool wildcard_template = false;
  std::array<rdf::Term, 3> literal_shapes;
  unsigned literal_shape_kinds = 0;

  // RML-CC: a gather map makes a collection or container.
  CollectionType collection = CollectionType::kNone;
  struct GatherItem {
    std::shared_ptr<TermMap> term;      // a term map (possibly itself a gather map) ...
    std::shared_ptr<RefObjectMap> ref;  // ... or a referencing object map
  };
  std::vector<GatherItem> gather;
  bool cartesian = false;
  bool allow_empty = false;
};

struct FunctionCall {
  std::string function;  // IRI
  std::string return_iri;
  std::vector<std::pair<std::string, std::shared_ptr<TermMap>>>
      inputs;  // parameter IRI -> value map
  std::string where;
};

struct RefObjectMap {
  int parent = -1;                                      // triples map index
  std::vector<std::pair<TermMap, TermMap>> conditions;  // (child, parent)
  std::vector<int> targets;
};

struct ObjectGen {
  bool is_ref = false;
  TermMap term;
  std::shared_ptr<RefObjectMap> ref;
};

struct PredicateObjectGen {
  std::vector<TermMap> predicates;
  std::vector<ObjectGen> objects;
  std::vector<TermMap> graphs;
  // Set by prepare_execution: every predicate map is a constant without condition (used from the
  // plan as is); some object map is a referencing object map.
  bool constant_predicates = false;
  bool has_ref_objects = false;
  // Set by prepare_execution: the usual shape (constant predicates, one object map that is no
  // referencing object map or collection, no graph maps, no logical targets in the plan), which
  // execute() runs without the general path's bookkeeping.
  bool direct = false;
};

struct SourcePlan {
  enum class Kind { kFile, kFactStream };
  Kind kind = Kind::kFile;
  Formulation formulation = Formulation::kJsonPath;
  std::string path;              // resolved path (absolute or relative to the working dir)
  bool relative_to_cwd = false;  // resolve `path` against Inputs::working_dir at run time
  std::optional<jsonpath::Path> iterator;  // JSONPath sources
  std::string compression;                 // "", gzip, zip, targz, tarxz
  std::string encoding;                    // "", UTF-8, UTF-16
  std::vector<std::string> nulls;          // rml:null values (CSV)
  bool nulls_given = false;
  std::string key;  // identity: equal keys = the same logical source
};

struct TargetPlan {
  std::string path;
  bool relative_to_cwd = true;
  rdf::Syntax syntax = rdf::Syntax::kNQuads;
  std::string format_name;  // for messages
  std::string compression;
  bool unsafe_iris = false;  // the plan has rml:UnsafeIRI term maps: the writer opts in
};

struct TriplesMapPlan {
  std::string name;
  int source = -1;
  TermMap subject;
  std::vector<TermMap> subject_graphs;
  std::vector<PredicateObjectGen> poms;
  // Set by prepare_execution when what the map makes from a record is a function of these
  // references' values alone (no blank nodes named by record position, collections, functions,
  // referencing object maps or logical targets): a record repeating values already mapped then
  // makes only quads already made (Inputs::distinct_sink). Empty optional: not so.
  std::optional<std::vector<Reference>> value_refs;
  // Set by prepare_execution: one constant subject graph map (the normalised default graph,
  // usually), no collection subject, every predicate-object map direct: execute() uses the graph
  // term from the plan instead of making it per record.
  bool plan_graph = false;
};

struct Plan::Impl {
  Options options;
  std::string name;  // the mapping file, for messages
  // Legacy vocabulary (rr:, semweb.mmlab.be/ns/rml#), with the legacy suite's semantics: JSON
  // numbers and booleans stay plain literals; invalid IRIs and non-IRI graph names drop the triple
  // (R2RML data errors, best effort) instead of failing the run.
  bool legacy = false;
  std::filesystem::path mapping_dir;
  std::vector<SourcePlan> sources;
  std::vector<TriplesMapPlan> maps;
  std::vector<TargetPlan> targets;
  // Plan::fingerprint() hashes the normalised graph's N-Triples when first asked (compile.cpp):
  // most runs never ask, and writing the text cost about a sixth of compiling.
  Graph normalised;
  mutable std::once_flag fingerprint_once;
  mutable std::string fingerprint;
  std::uint64_t serial = 0;  // this compiled plan's number in the process (execute's memo tallies)
  // What execute() derives from the plan alone, computed once after compiling (execute.cpp):
  // the fact-stream triples maps that share one pass over the records, how each record finds its
  // maps, the other maps grouped by source, and the referencing object maps that need a parent
  // index.
  struct FactGroup {
    std::vector<int> maps;                // triples maps, in plan order
    std::vector<std::size_t> selectors;   // per map: index of its iterator's element selector
    struct Dispatch {                     // maps selected by `[?(@.member == 'value')]`
      std::string member;
      std::unordered_map<std::string, std::vector<std::size_t>> by_value;  // -> positions in maps
      // With this one dispatch member: by_value's lists merged with `general`, in the plan's map
      // order (what a record with that value selects, without merging per record).
      std::unordered_map<std::string, std::vector<std::size_t>> selected;
    };
    std::vector<Dispatch> dispatch;
    std::vector<std::size_t> general;  // positions of maps whose selector is evaluated per record
  };
  FactGroup fact_group;
  std::vector<std::vector<int>> source_groups;  // the other maps: one pass per logical source
  std::vector<const RefObjectMap*> joins;
  std::size_t last_terms = 0;  // how many TermMap::last_term slots
  std::size_t record_keys = 0;  // how many Reference::record_key numbers
  // Term maps with rml:termType rml:UnsafeIRI, as "triples map <x>, subject map [...]" (in order,
  // no duplicates). Non-empty: the output may hold IRIs that only an opted-in writer writes.
  std::vector<std::string> unsafe_iri_maps;
};

/// Fills the execution fields of `plan` (fact_group, source_groups, joins, value_refs...) from its
/// triples maps (execute.cpp).
void prepare_execution(Plan::Impl& plan);

}  // namespace treatykg::mapping
