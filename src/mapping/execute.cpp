// execute: runs a Plan over its logical sources, record by record.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "base/byte_set.hpp"
#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "mapping/compression.hpp"
#include "mapping/plan.hpp"
#include "mapping/sources.hpp"
#include "rdf/ntriples.hpp"
#include "rdf/vocab.hpp"
#include "rdf/writer.hpp"

namespace treatykg::mapping {

std::optional<facts::Value> call_function(const std::string& fn,
                                          const std::map<std::string, facts::Value>& args);

namespace {

using facts::Value;
using rdf::Term;

// ---- small helpers ------------------------------------------------------------------------------

struct Raw {
  std::string text;
  Value::Kind kind = Value::Kind::kString;  // natural type of a JSON scalar (or function result)
};

// A raw value by reference (a string of the record, or digits in a caller's buffer): terms made
// straight from the record copy it once instead of through a Raw.
struct RawView {
  std::string_view text;
  Value::Kind kind = Value::Kind::kString;
};

// What make_term reads of either: Raw's buffer is scratch and is taken, RawView's text is copied.
inline std::string_view text_of(const Raw& r) noexcept {
  return r.text;
}
inline std::string_view text_of(const RawView& r) noexcept {
  return r.text;
}
inline void take_text(std::string& dst, Raw& r) {
  dst = std::move(r.text);
}
// clear() and append() cost less than assign()'s general replace.
inline void take_text(std::string& dst, const RawView& r) {
  dst.clear();
  dst.append(r.text.data(), r.text.size());
}
// Sets `dst` to `s` unless it holds it already (a reused term's datatype or language usually does).
inline void set_text(std::string& dst, std::string_view s) {
  if (std::string_view(dst) == s) return;
  dst.clear();
  dst.append(s.data(), s.size());
}

// A vector whose clear() keeps the elements alive, so their strings keep their capacity: the
// per-record hot path then fills terms without allocating.
template <class T>
class Buf {
 public:
  T& slot() {
    if (n_ == v_.size()) [[unlikely]]
      grow();
    return v_[n_++];
  }
  void push_back(const T& x) { slot() = x; }
  void pop_back() { --n_; }
  void resize(std::size_t n) noexcept { n_ = n; }  // n <= size()
  void clear() noexcept { n_ = 0; }
  std::size_t size() const noexcept { return n_; }
  bool empty() const noexcept { return n_ == 0; }
  T* begin() noexcept { return v_.data(); }
  T* end() noexcept { return v_.data() + n_; }
  const T* begin() const noexcept { return v_.data(); }
  const T* end() const noexcept { return v_.data() + n_; }
  T& operator[](std::size_t i) noexcept { return v_[i]; }
  const T& operator[](std::size_t i) const noexcept { return v_[i]; }
  T& front() noexcept { return v_[0]; }

 private:
  [[gnu::noinline]] void grow() { v_.emplace_back(); }
  std::vector<T> v_;
  std::size_t n_ = 0;
};
using Terms = Buf<Term>;
using Raws = Buf<Raw>;

std::string canonical_double(double d) {
  // xsd:double canonical form: mantissa with one digit before the point, at least one after, "E"
  // exponent.
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "INF" : "-INF";
  if (d == 0) return std::signbit(d) ? "-0.0E0" : "0.0E0";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17E", d);
  // Shortest round-trip mantissa.
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*E", prec - 1, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  std::string s(buf);
  auto e = s.find('E');
  std::string mant = s.substr(0, e);
  int exp = std::atoi(s.c_str() + e + 1);
  if (mant.find('.') == std::string::npos) mant += ".0";
  while (mant.size() > 3 && mant.back() == '0' && mant[mant.size() - 2] != '.') mant.pop_back();
  return mant + "E" + std::to_string(exp);
}

std::string shortest_double(double d) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

// Blank node labels from content: [A-Za-z0-9] kept, every other byte as _XX. Injective, serd-safe.
void append_label(std::string& out, std::string_view v) {
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : v) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      out += '_';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
}

const std::string kRdfNs = rdf::vocab::kRdf;

// Copies `s` into the reused `d`; the usually empty datatype, language and default graph name are
// cleared rather than assigned.
void set_term(Term& d, const Term& s) {
  d.kind = s.kind;
  if (s.value.empty())
    d.value.clear();
  else
    d.value = s.value;
  if (s.datatype.empty())
    d.datatype.clear();
  else
    d.datatype = s.datatype;
  if (s.language.empty())
    d.language.clear();
  else
    d.language = s.language;
}

void set_quad(rdf::Quad& d, const rdf::QuadView& s) {
  set_term(d.subject, *s.subject);
  set_term(d.predicate, *s.predicate);
  set_term(d.object, *s.object);
  if (s.object_value) d.object.value.assign(*s.object_value);
  set_term(d.graph, *s.graph);
}

// Whether every term `m` makes passes rdf::LineEncoder's checks; false when unsure (collections,
// unsafe IRIs, datatypes from data), and those terms are checked per quad as before.
bool makes_writable_terms(const TermMap& m) {
  if (m.drop || m.collection != CollectionType::kNone) return false;
  if (m.kind == TermMap::Kind::kConstant) return rdf::LineEncoder::passes_check(m.constant);
  if (m.kind == TermMap::Kind::kRecordBlank) return true;  // label from [A-Za-z0-9_] and digits
  switch (m.type) {
    case TermType::kIri:
    case TermType::kUri:
      return true;  // make_term refuses (or skips) an invalid IRI, or the template cannot make one
    case TermType::kUnsafeIri:
      return false;
    case TermType::kBlank:
      return true;  // "v" + append_label
    case TermType::kLiteral:
      // Languages are usable tags (compile or make_term refuse others), which are well-formed.
      return !m.datatype || (m.datatype->kind == TermMap::Kind::kConstant &&
                             rdf::is_valid_absolute_iri(m.datatype_iri));
  }
  return false;
}

struct Pending {
  // Structure triples of collections made while evaluating a term (emitted in the user's graphs).
  struct T3 {
    Term s, p, o;
  };
  std::vector<T3> triples;
  struct Named {
    Term name;
    CollectionType type;
    std::vector<Term> members;
  };
  std::vector<Named> named;
  std::vector<int> targets;
  bool empty() const noexcept { return triples.empty() && named.empty(); }
  void clear() noexcept {
    triples.clear();
    named.clear();
    targets.clear();
  }
};

// ---- targets ------------------------------------------------------------------------------------

class TargetSet {
 public:
  explicit TargetSet(const std::vector<TargetPlan>& plans) : plans_(plans), quads_(plans.size()) {}
  void add(int t, const rdf::Quad& q) { quads_[static_cast<std::size_t>(t)].push_back(q); }

  void write_all(const std::filesystem::path& cwd, RunStats& stats) {
    for (std::size_t i = 0; i < plans_.size(); ++i) {
      const TargetPlan& t = plans_[i];
      std::filesystem::path path = t.path;
      if (t.relative_to_cwd && path.is_relative() && !cwd.empty()) path = cwd / path;
      char* buf = nullptr;
      std::size_t len = 0;
      std::FILE* mem = open_memstream(&buf, &len);  // freed below
      if (!mem) throw IoError(path.string(), "cannot allocate memory stream");
      try {
        rdf::Writer w(mem, path.string(),
                      rdf::WriteOptions{.syntax = t.syntax, .prefixes = {}, .unsafe_iris = t.unsafe_iris});
        for (const auto& q : quads_[i]) w.write(q);
        w.finish();
      } catch (...) {
        std::fclose(mem);
        std::free(buf);
        throw;
      }
      std::fclose(mem);
      std::string data(buf, len);
      std::free(buf);
      if (!t.compression.empty()) {
        std::string entry = path.filename().string();
        for (const char* ext : {".gz", ".zip", ".xz", ".tar"})
          if (entry.ends_with(ext)) entry.resize(entry.size() - std::string(ext).size());
        if (entry.ends_with(".tar")) entry.resize(entry.size() - 4);
        write_compressed(path.string(), t.compression, entry, data);
      } else {
        OutputFile out(path.string());
        out.write(data);
        out.commit();
      }
      stats.targets_written.push_back(path.string());
    }
  }

 private:
  const std::vector<TargetPlan>& plans_;
  std::vector<std::vector<rdf::Quad>> quads_;
};

// ---- the executor -------------------------------------------------------------------------------

// How often a triples map's values were looked up while it was on trial, and how often they had
// been mapped before. A key costs about a sixth of what a skipped run saves (a few quads encoded
// and hashed by the sink), so a map whose values repeat in fewer of its records (a claim per fact
// id, an entity once per article) stops looking after the trial.
struct MemoTally {
  static constexpr std::uint16_t kTrial = 32, kMinHits = 5;
  std::uint16_t tries = 0, hits = 0;
  bool off() const noexcept { return tries == kTrial && hits < kMinHits; }
};

// A byte string for the memo's keys, written through a cursor into room kept across records
// (std::string's out-of-line append cost more than the bytes it copied).
class KeyBytes {
 public:
  // The cursor at the start of the room and the room's end.
  std::pair<char*, char*> start() noexcept { return {room_.data(), room_.data() + room_.size()}; }
  // More room for `k` bytes at cursor `w`: the cursor and the end, moved.
  [[gnu::noinline]] std::pair<char*, char*> grow(char* w, std::size_t k) {
    const auto n = static_cast<std::size_t>(w - room_.data());
    room_.resize(std::max(2 * room_.size(), n + k + 64));
    return {room_.data() + n, room_.data() + room_.size()};
  }
  void set_end(const char* w) noexcept { n_ = static_cast<std::size_t>(w - room_.data()); }
  std::string_view view() const noexcept { return {room_.data(), n_}; }

 private:
  std::vector<char> room_;
  std::size_t n_ = 0;
};

// Copies `n` bytes from `r` to `w` inline (memo keys hold short values: ids, names, keys); returns
// the end. Every load and store stays inside the bytes: a tail overlaps the bytes before it.
[[gnu::always_inline]] inline char* copy_bytes(char* w, const char* r, std::size_t n) noexcept {
  if (n > 32) {
    std::memcpy(w, r, n);
  } else if (n >= 16) {
    char a[16], b[16];
    std::memcpy(a, r, 16);
    std::memcpy(b, r + n - 16, 16);
    std::memcpy(w, a, 16);
    std::memcpy(w + n - 16, b, 16);
  } else {
    copy_short(w, r, n);
  }
  return w + n;
}

constexpr std::size_t kAux = 16;  // nesting depth of raw-value buffers (language, datatype, condition maps)

// The executor's per-record buffers. One set per thread outlives its executors (treatykg export runs
// one per article), so their vectors and strings keep their room instead of being reallocated and
// freed per article. Every buffer is cleared (or overwritten) before it is read, so one left
// half-filled by an exception is harmless.
struct ExecutorScratch {
  Raws raws[kAux], aux[kAux], template_values;
  std::string template_row;
  Terms subjects, subject_graphs, preds, objs, graphs, record_graphs;
  std::vector<const std::vector<int>*> subject_graph_targets, pred_targets, obj_targets, graph_targets,
      record_graph_targets;
  std::vector<const Term*> pred_ptrs, obj_ptrs;  // constants point into the plan
  std::vector<unsigned> pred_checked, obj_checked;  // their rdf::TermChecked bit, or 0
  std::vector<int> targets;
  Pending pending, subject_pending;
  rdf::Quad quad;
  // Inputs::distinct_sink: (triples map, referenced values) already mapped in this run, or in the
  // runs of scope `mapped_scope` (Inputs::distinct_scope; 0 while a run is under way).
  ByteSet mapped;
  std::uint64_t mapped_scope = 0;
  KeyBytes key;
  std::vector<const Value*> key_values;
  // Per triples map of plan number `tallied_plan` (Plan::Impl::serial), on this thread across runs:
  // its first records decide whether looking its values up pays. They decide only that: a run is
  // skipped only when it repeats one.
  std::uint64_t tallied_plan = 0;
  std::vector<MemoTally> memo_tallies;
  std::vector<char> ran;  // per triples map without references: whether it ran in this run or scope
  // Per TermMap::last_term slot of plan number `last_terms_plan`: the term made last on this
  // thread, the string values it was made from, and whether the values repeat often enough to
  // compare.
  struct LastTerm {
    std::vector<std::string> values;
    Term term;
    bool made = false;
    MemoTally tally;
  };
  std::uint64_t last_terms_plan = 0;
  std::vector<LastTerm> last_terms;
  std::vector<const Value*> template_values_found;
  // Per Reference::record_key: the member found in the record of number `epoch` (see
  // Executor::record_member). Epochs only grow, so a slot of an earlier record or plan is stale.
  struct RecordKeySlot {
    std::uint64_t epoch = 0;
    const Value* found = nullptr;
  };
  std::vector<RecordKeySlot> record_key_slots;
  std::uint64_t record_epoch = 0;
};

struct ThreadScratch {
  ExecutorScratch scratch;
  bool in_use = false;
};
thread_local ThreadScratch thread_scratch;

// This thread's ExecutorScratch while no other executor on the thread holds it (an execute() inside
// another, e.g. from a sink, gets its own).
class ScratchLease {
 public:
  ScratchLease() {
    if (!thread_scratch.in_use) {
      thread_scratch.in_use = true;
      s_ = &thread_scratch.scratch;
    } else {
      own_ = std::make_unique<ExecutorScratch>();
      s_ = own_.get();
    }
  }
  ~ScratchLease() {
    if (!own_) thread_scratch.in_use = false;
  }
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;
  ExecutorScratch& get() noexcept { return *s_; }

 private:
  ExecutorScratch* s_ = nullptr;
  std::unique_ptr<ExecutorScratch> own_;
};

struct Ctx {
  const Value* record = nullptr;
  int tm = 0;
  std::uint64_t rec = 0;
  unsigned counter = 0;  // collections made in this record
  const void* graphs =
      nullptr;  // the graphs (Terms) of the triple being made: names blank-node-named collections
};

class Executor {
 public:
  Executor(const Plan::Impl& plan, const Inputs& inputs, QuadSink& sink)
      : p_(plan), in_(inputs), sink_(sink), targets_(plan.targets) {
    append_label(blank_prefix_, inputs.blank_prefix);
  }

  RunStats run() {
    // Preflight: every file source must be readable before any output.
    for (const auto& s : p_.sources)
      if (s.kind == SourcePlan::Kind::kFile) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(source_path(s), ec))
          throw IoError(source_path(s), "no such file (a logical source of " + p_.name + ")");
      }
    build_joins();
    if (s_.record_key_slots.size() < p_.record_keys) s_.record_key_slots.resize(p_.record_keys);
    if (in_.distinct_sink) {
      const bool same_plan = s_.tallied_plan == p_.serial;
      // What this thread mapped before counts only in the same scope and plan, and only if the run
      // that left it finished (mapped_scope is set again at the end).
      if (!same_plan || in_.distinct_scope == 0 || s_.mapped_scope != in_.distinct_scope) {
        mapped_.clear();
        s_.ran.assign(p_.maps.size(), 0);
      }
      s_.mapped_scope = 0;
      if (!same_plan) {
        s_.tallied_plan = p_.serial;
        s_.memo_tallies.assign(p_.maps.size(), MemoTally{});
      }
    }
    if (s_.last_terms_plan != p_.serial) {
      s_.last_terms.assign(p_.last_terms, {});
      s_.last_terms_plan = p_.serial;
    }
    // The fact-stream maps share one pass over the records; the others one pass per source.
    if (!p_.fact_group.maps.empty()) run_fact_group(p_.fact_group);
    for (const std::vector<int>& group : p_.source_groups) {
      std::uint64_t rec = 0;
      for_each_record(src(p_.maps[static_cast<std::size_t>(group[0])]), [&](const Value& r) {
        ++stats_.records;
        const RecordScope scope(*this, r);
        for (int tm : group) run_map(tm, r, rec);
        ++rec;
      });
    }
    flush_named();
    if (!p_.targets.empty()) targets_.write_all(in_.working_dir, stats_);
    if (in_.distinct_sink) s_.mapped_scope = in_.distinct_scope;
    return stats_;
  }

 private:
  // While a top-level record is mapped, its member lookups by Reference::record_key are kept:
  // the maps that share it and their references ask for the same names (an id, an evidence
  // object) again and again. Only that record's lookups are kept, for only as long as it is
  // mapped, as then no other value can have its address.
  struct RecordScope {
    RecordScope(Executor& e, const Value& r) : e_(e) {
      ++e_.s_.record_epoch;
      e_.epoch_record_ = &r;
    }
    ~RecordScope() { e_.epoch_record_ = nullptr; }
    RecordScope(const RecordScope&) = delete;
    RecordScope& operator=(const RecordScope&) = delete;
    Executor& e_;
  };

  // rec.find(name), `name` being `ref`'s first member name (Reference::record_key).
  [[gnu::always_inline]] const Value* record_member(const Value& rec, const Reference& ref,
                                                    std::string_view name) {
    if (&rec != epoch_record_ || ref.record_key < 0) return rec.find(name);
    auto& slot = s_.record_key_slots[static_cast<std::size_t>(ref.record_key)];
    if (slot.epoch != s_.record_epoch) {
      slot.epoch = s_.record_epoch;
      slot.found = rec.find(name);
    }
    return slot.found;
  }

  const SourcePlan& src(const TriplesMapPlan& tm) const {
    return p_.sources[static_cast<std::size_t>(tm.source)];
  }

  std::string source_path(const SourcePlan& s) const {
    if (s.relative_to_cwd && !in_.working_dir.empty() &&
        std::filesystem::path(s.path).is_relative())
      return (in_.working_dir / s.path).string();
    return s.path;
  }

  void run_fact_group(const Plan::Impl::FactGroup& fg) {
    const std::vector<int>& group = fg.maps;
    const std::vector<std::size_t>& selectors = fg.selectors;
    const auto& dispatch = fg.dispatch;
    const std::vector<std::size_t>& general = fg.general;
    std::vector<std::uint64_t> recs(group.size(), 0);
    std::vector<std::size_t> merged;
    // Records of one type come in runs (an article's entities): with one dispatch member, a record
    // whose member has the previous record's value selects the same maps again. Its lists are
    // merged with `general` by prepare_execution.
    const Plan::Impl::FactGroup::Dispatch* one = dispatch.size() == 1 ? &dispatch[0] : nullptr;
    const std::vector<std::size_t>* selected = &general;
    const std::string* selected_value = nullptr;  // the dispatch value that selected them, if any
    const auto run_record = [&](const Value& r) {
      ++stats_.records;
      const RecordScope scope(*this, r);
      if (one) {
        const Value* by = nullptr;
        if (r.is_object())
          if (const Value* v = r.find(one->member); v && v->is_string()) by = v;
        if (!by) {
          selected = &general;
          selected_value = nullptr;
        } else if (!selected_value || by->as_string() != *selected_value) {
          if (auto it = one->selected.find(by->as_string()); it != one->selected.end()) {
            selected = &it->second;
            selected_value = &it->first;
          } else {
            selected = &general;
            selected_value = nullptr;
          }
        }
      } else {
        merged.assign(general.begin(), general.end());
        std::size_t lists = general.empty() ? 0 : 1;  // each in the plan's map order
        if (r.is_object()) {
          for (const auto& d : dispatch)
            if (const Value* v = r.find(d.member); v && v->is_string())
              if (auto it = d.by_value.find(v->as_string()); it != d.by_value.end()) {
                merged.insert(merged.end(), it->second.begin(), it->second.end());
                ++lists;
              }
        }
        if (lists > 1) std::sort(merged.begin(), merged.end());  // the plan's map order
        selected = &merged;
      }
      for (std::size_t k : *selected) {
        const SourcePlan& s = src(p_.maps[static_cast<std::size_t>(group[k])]);
        if (!general.empty() && std::binary_search(general.begin(), general.end(), k)) {
          select_from_element(*s.iterator, selectors[k], r, [&](const Value& sel) {
            run_map(group[k], sel, recs[k]);
            ++recs[k];
          });
        } else {
          run_map(group[k], r, recs[k]);
          ++recs[k];
        }
      }
    };
    // The records given in memory are the stream's items in order (what `$[*]` selects).
    if (in_.fact_records) {
      for (const Value& r : *in_.fact_records) run_record(r);
      return;
    }
    static const jsonpath::Path all = jsonpath::Path::parse("$[*]");
    for_each_fact_record(in_, all, run_record);
  }

  void collect_columns(const TermMap& m, std::vector<std::string>& out) const {
    if (m.drop) return;
    if (m.kind == TermMap::Kind::kReference && m.reference.formulation == Formulation::kCsv)
      out.push_back(m.reference.key);
    for (const auto& r : m.part_refs)
      if (r.formulation == Formulation::kCsv) out.push_back(r.key);
    if (m.function)
      for (const auto& in : m.function->inputs) collect_columns(*in.second, out);
    if (m.condition) collect_columns(*m.condition, out);
    if (m.language) collect_columns(*m.language, out);
    if (m.datatype) collect_columns(*m.datatype, out);
    for (const auto& gi : m.gather) {
      if (gi.term) collect_columns(*gi.term, out);
      if (gi.ref)
        for (const auto& c : gi.ref->conditions) collect_columns(c.first, out);
    }
  }

  std::vector<std::string> columns_for(const SourcePlan& s) const {
    std::vector<std::string> cols;
    for (const auto& tm : p_.maps) {
      auto ref_columns = [&](const RefObjectMap& r, bool child_side) {
        for (const auto& c : r.conditions) collect_columns(child_side ? c.first : c.second, cols);
      };
      // A triples map whose every triple is dropped (legacy: invalid subject graph) reads nothing.
      bool dead = std::any_of(tm.subject_graphs.begin(), tm.subject_graphs.end(),
                              [](const TermMap& g) { return g.drop; });
      bool mine = src(tm).key == s.key && !dead;
      if (mine) {
        collect_columns(tm.subject, cols);
        for (const auto& g : tm.subject_graphs) collect_columns(g, cols);
      }
      for (const auto& pom : tm.poms) {
        if (mine) {
          for (const auto& m : pom.predicates) collect_columns(m, cols);
          for (const auto& m : pom.graphs) collect_columns(m, cols);
        }
        for (const auto& o : pom.objects) {
          if (!o.is_ref) {
            if (mine) collect_columns(o.term, cols);
          } else {
            if (mine) ref_columns(*o.ref, true);
            if (src(p_.maps[static_cast<std::size_t>(o.ref->parent)]).key == s.key)
              ref_columns(*o.ref, false);
          }
        }
      }
    }
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    return cols;
  }

  void for_each_record(const SourcePlan& s, const RecordFn& f) {
    switch (s.kind) {
      case SourcePlan::Kind::kFactStream:
        for_each_fact_record(in_, *s.iterator, f);
        return;
      case SourcePlan::Kind::kFile:
        if (s.formulation == Formulation::kCsv) {
          for_each_csv_record(source_path(s), s, columns_for(s), f);
        } else {
          for_each_json_record(source_path(s), s, f);
        }
        return;
    }
  }

  // ---- values -----------------------------------------------------------------------------------

  // A data error: the mapping file, the triples map and term map, and what was wrong.
  MappingError data_error(const TermMap& m, const std::string& what) const {
    return MappingError(p_.name + ": error: " + m.where + ": " + what);
  }

  // Calls `f` with the text of scalar `v` as a term is made from it (its kind too), in place: a
  // string of the record by reference, a number's digits in a local buffer. Nothing for null; an
  // array or object is an error.
  template <class F>
  void with_scalar(const Value& v, const TermMap& m, const Reference& ref, F&& f) {
    switch (v.kind()) {
      case Value::Kind::kNull:
        return;
      case Value::Kind::kString:
        f(RawView{v.as_string(), Value::Kind::kString});
        return;
      case Value::Kind::kInt: {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, v.as_int());
        f(RawView{std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)), Value::Kind::kInt});
        return;
      }
      case Value::Kind::kDouble: {
        const std::string text = shortest_double(v.as_double());
        f(RawView{text, Value::Kind::kDouble});
        return;
      }
      case Value::Kind::kBool:
        f(RawView{v.as_bool() ? "true" : "false", Value::Kind::kBool});
        return;
      case Value::Kind::kArray:
      case Value::Kind::kObject:
        throw data_error(m, "reference '" + ref.text + "' selects a JSON " +
                                (v.is_array() ? "array" : "object") +
                                ", not a value (select its items, e.g. with [*])");
    }
  }

  void scalar_raw(const Value& v, const TermMap& m, const Reference& ref, Raws& out) {
    with_scalar(v, m, ref, [&](const RawView& r) {
      Raw& raw = out.slot();
      raw.kind = r.kind;
      raw.text.assign(r.text);
    });
  }

  void reference_raw(const Reference& ref, const TermMap& m, const Value& rec, Raws& out) {
    if (ref.single_key) {  // the common case, without a result vector
      if (rec.is_object())
        if (const Value* v = record_member(rec, ref, ref.key)) scalar_raw(*v, m, ref, out);
      return;
    }
    if (!ref.names.empty()) {  // `a.b`, `a[*]`: lookups, as Reference::evaluate does them
      const Value* v = record_member(rec, ref, ref.names[0]);
      for (std::size_t i = 1; v && i < ref.names.size(); ++i) v = v->find(ref.names[i]);
      if (!v) return;
      if (!ref.wildcard) {
        scalar_raw(*v, m, ref, out);
      } else if (v->is_array()) {
        for (const auto& e : v->as_array()) scalar_raw(e, m, ref, out);
      } else if (v->is_object()) {
        for (const auto& mem : v->as_object()) scalar_raw(mem.second, m, ref, out);
      }
      return;
    }
    std::vector<const Value*> vals;
    ref.evaluate(rec, vals);
    for (const Value* v : vals) scalar_raw(*v, m, ref, out);
  }

  // Appends the text of a template whose references are all single keys (TermMap::single_key_parts)
  // to `s`; false when a reference has no value (no term).
  bool append_template(const TermMap& m, const Value& rec, std::string& s, std::size_t first = 0) {
    return append_template_values(m, s, first, [&](std::size_t, const Reference& ref) {
      return record_member(rec, ref, ref.key);
    });
  }

  // append_template with the k-th reference's value (or nullptr) from `value_of(k, reference)`.
  template <class ValueOf>
  bool append_template_values(const TermMap& m, std::string& s, std::size_t first,
                              ValueOf&& value_of) {
    std::size_t k = 0;
    for (std::size_t i = first; i < m.parts.size(); ++i) {
      const TemplatePart& part = m.parts[i];
      if (!part.is_reference) {
        s += part.text;
        continue;
      }
      const Reference& ref = m.part_refs[k];
      const Value* v = value_of(k++, ref);
      if (!v || v->is_null()) return false;
      with_scalar(*v, m, ref, [&](const RawView& r) {
        if (m.type == TermType::kIri)
          append_iri_safe(s, r.text);
        else if (m.type == TermType::kUri)
          append_uri_safe(s, r.text);
        else
          s += r.text;
      });
    }
    return true;
  }

  // A template whose references are all single keys with one value each, built into one reused
  // string.
  bool simple_template(const TermMap& m, const Value& rec, Raws& out) {
    if (!m.single_key_parts) return false;
    Raw& raw = out.slot();
    raw.kind = Value::Kind::kString;
    raw.text.clear();
    if (!append_template(m, rec, raw.text)) out.pop_back();
    return true;
  }

  void raw_values(const TermMap& m, Ctx& c, Raws& out) {
    switch (m.kind) {
      case TermMap::Kind::kConstant: {
        Raw& r = out.slot();
        r.text.assign(m.constant.value);
        r.kind = Value::Kind::kString;
        return;
      }
      case TermMap::Kind::kReference:
        reference_raw(m.reference, m, *c.record, out);
        return;
      case TermMap::Kind::kTemplate: {
        if (simple_template(m, *c.record, out)) return;
        // Multi-valued references: the cartesian product of the parts' values (the first part's
        // values vary slowest), built in `out`'s reused slots.
        const bool encode = m.type == TermType::kIri || m.type == TermType::kUri;
        auto put = [&](std::string& a, const std::string& v) {
          if (!encode)
            a += v;
          else if (m.type == TermType::kUri)
            append_uri_safe(a, v);
          else
            append_iri_safe(a, v);
        };
        const std::size_t first = out.size();
        {
          Raw& r0 = out.slot();
          r0.text.clear();
          r0.kind = Value::Kind::kString;
        }
        std::size_t r = 0;
        for (const auto& part : m.parts) {
          if (!part.is_reference) {
            for (std::size_t i = first; i < out.size(); ++i) out[i].text += part.text;
            continue;
          }
          Raws& vals = template_values_;
          vals.clear();
          reference_raw(m.part_refs[r++], m, *c.record, vals);
          if (vals.empty()) {
            out.resize(first);
            return;
          }
          const std::size_t rows = out.size() - first, k = vals.size();
          for (std::size_t i = 1; i < k * rows + 1 - rows; ++i) {
            Raw& extra = out.slot();
            extra.kind = Value::Kind::kString;
          }
          // From the last row back, so that no row is overwritten before it is read.
          for (std::size_t i = rows; i-- > 0;) {
            if (k > 1) template_row_ = out[first + i].text;
            for (std::size_t j = k; j-- > 0;) {
              std::string& dst = out[first + i * k + j].text;
              if (k > 1) dst = template_row_;
              put(dst, vals[j].text);
            }
          }
        }
        return;
      }
      case TermMap::Kind::kFunction: {
        std::map<std::string, Value> args;
        for (const auto& [param, vm] : m.function->inputs) {
          Raws vals;
          raw_values(*vm, c, vals);
          if (vals.empty()) continue;
          const Raw& v = vals.front();
          if (v.kind == Value::Kind::kInt)
            args[param] = Value(static_cast<std::int64_t>(std::stoll(v.text)));
          else
            args[param] = Value(v.text);
        }
        auto result = call_function(m.function->function, args);
        if (!result) return;
        if (result->is_int())
          out.push_back({std::to_string(result->as_int()), Value::Kind::kInt});
        else if (result->is_bool())
          out.push_back({result->as_bool() ? "true" : "false", Value::Kind::kBool});
        else if (result->is_string())
          out.push_back({result->as_string(), Value::Kind::kString});
        return;
      }
      case TermMap::Kind::kRecordBlank:
        return;
    }
  }

  // The first value of a term map (language, datatype, condition), or nullptr. Valid until the next
  // call.
  const std::string* first_raw(const TermMap& m, Ctx& c) {
    Raws& v = aux_[aux_depth_++ % kAux];
    v.clear();
    raw_values(m, c, v);
    --aux_depth_;
    if (v.empty()) return nullptr;
    return &v.front().text;
  }

  bool invalid(const TermMap& m, const std::string& what) {
    if (p_.options.strict && !p_.legacy) throw data_error(m, what);
    ++stats_.skipped_terms;
    return false;
  }

  // Fills `t` from one raw value (a Raw, whose buffer it takes, or a RawView); false (and `t`
  // unspecified) when the term must be skipped.
  template <class RawValue>
  bool make_term(const TermMap& m, RawValue& raw, Ctx& c, Term& t) {
    switch (m.type) {
      case TermType::kIri:
      case TermType::kUri:
      case TermType::kUnsafeIri: {
        t.kind = rdf::TermKind::kIri;
        t.datatype.clear();
        t.language.clear();
        if (m.scheme == TermMap::Scheme::kAbsolute ||
            (m.scheme == TermMap::Scheme::kPerValue && rdf::has_iri_scheme(text_of(raw)))) {
          take_text(t.value, raw);  // raw values are scratch (see the literal case)
        } else {
          t.value.assign(m.base_iri);
          t.value += text_of(raw);
        }
        // rml:UnsafeIRI: the user asked for the value as is (RMLTC0027b keeps a space). Templates
        // whose fixed parts are a valid IRI with a scheme stay valid: their values are
        // percent-encoded.
        if (m.type != TermType::kUnsafeIri && !m.prevalidated &&
            !rdf::is_valid_absolute_iri(t.value))
          return invalid(m, "\"" + t.value + "\" is not a valid IRI");
        return true;
      }
      case TermType::kBlank: {
        t.kind = rdf::TermKind::kBlank;
        t.datatype.clear();
        t.language.clear();
        t.value.assign("v");
        append_label(t.value, text_of(raw));
        return true;
      }
      case TermType::kLiteral: {
        t.kind = rdf::TermKind::kLiteral;
        // Raw values are scratch: take the buffer (the raw gets the old one, every raw is refilled
        // from empty). A move, inlined, costs less than string::swap's call.
        take_text(t.value, raw);
        // The datatype and language are set with set_text: the reused term usually holds them.
        if (m.language) {
          t.datatype.clear();
          if (m.language->kind == TermMap::Kind::kConstant) {
            set_text(t.language, m.language->constant.value);  // a usable tag: checked by compile
          } else if (const std::string* lang = first_raw(*m.language, c)) {
            if (!is_usable_language_tag(*lang))
              return invalid(m, "invalid language tag \"" + *lang + "\"");
            set_text(t.language, *lang);
          } else {
            t.language.clear();
          }
          return true;
        }
        t.language.clear();
        if (m.datatype) {
          const bool constant = m.datatype->kind == TermMap::Kind::kConstant;
          const std::string* dt = constant ? &m.datatype_iri : first_raw(*m.datatype, c);
          if (dt) {
            if (constant || rdf::has_iri_scheme(*dt)) {  // a constant was resolved by compile
              set_text(t.datatype, *dt);
            } else {
              t.datatype.assign(m.base_iri);
              t.datatype += *dt;
            }
            // Only a number from data is re-formatted; the kind is tested first, and the IRI as a
            // string_view (sized at compile time) is compared by size before bytes, not by strlen.
            if ((raw.kind == Value::Kind::kInt || raw.kind == Value::Kind::kDouble) &&
                t.datatype == std::string_view(rdf::vocab::kXsdDouble))
              t.value = canonical_double(std::strtod(t.value.c_str(), nullptr));
          } else {
            t.datatype.clear();
          }
        } else if (!p_.legacy &&
                   (m.kind == TermMap::Kind::kReference || m.kind == TermMap::Kind::kFunction)) {
          switch (raw.kind) {
            case Value::Kind::kInt:
              set_text(t.datatype, rdf::vocab::kXsdInteger);
              break;
            case Value::Kind::kDouble:
              set_text(t.datatype, rdf::vocab::kXsdDouble);
              t.value = canonical_double(std::strtod(t.value.c_str(), nullptr));
              break;
            case Value::Kind::kBool:
              set_text(t.datatype, rdf::vocab::kXsdBoolean);
              break;
            default:
              t.datatype.clear();
              break;
          }
        } else {
          t.datatype.clear();
        }
        return true;
      }
    }
    return false;
  }

  std::optional<Term> make_term(const TermMap& m, Raw&& raw, Ctx& c) {
    Term t;
    if (!make_term(m, raw, c, t)) return std::nullopt;
    return t;
  }

  bool condition_holds(const TermMap& m, Ctx& c) {
    if (!m.condition) return true;
    const std::string* v = first_raw(*m.condition, c);
    return v && *v == "true";
  }

  // A blank node named by the record's position. Out of line: its string temporaries made every
  // call of terms() pay for a larger frame.
  [[gnu::noinline]] void record_blank(const Ctx& c, Term& t) {
    t.kind = rdf::TermKind::kBlank;
    t.value = blank_prefix_ + "r" + std::to_string(c.tm) + "x" + std::to_string(c.rec);
    t.datatype.clear();
    t.language.clear();
  }

  // The value of a reference that selects at most one (a member, or `a.b`), or nullptr.
  [[gnu::always_inline]] const Value* single_value(const Reference& ref, const Value& rec) {
    if (ref.single_key) return record_member(rec, ref, ref.key);
    const Value* v = record_member(rec, ref, ref.names[0]);
    for (std::size_t i = 1; v && i < ref.names.size(); ++i) v = v->find(ref.names[i]);
    return v;
  }

  // What make_term makes of simple_template's value for an IRI template whose scheme is known
  // (absolute, or relative: joined to the base), built in `t` without a raw value in between.
  bool template_iri(const TermMap& m, Ctx& c, Term& t) {
    return template_iri_of(m, t, [&](std::size_t, const Reference& ref) {
      return record_member(*c.record, ref, ref.key);
    });
  }

  // template_iri with the k-th reference's value from `value_of(k, reference)`.
  template <class ValueOf>
  bool template_iri_of(const TermMap& m, Term& t, ValueOf&& value_of) {
    t.kind = rdf::TermKind::kIri;
    t.datatype.clear();
    t.language.clear();
    // The base (if relative) and the fixed text before the first reference, joined by compile.
    t.value.clear();
    t.value.append(m.iri_start);
    if (!append_template_values(m, t.value, 1, value_of)) return false;
    if (!m.prevalidated && !rdf::is_valid_absolute_iri(t.value))
      return invalid(m, "\"" + t.value + "\" is not a valid IRI");
    return true;
  }

  // The term of an IRI template with a TermMap::last_term slot for the current record, or nullptr
  // (no term): the term this thread made last for it when the record's values are the same strings
  // (the same template and base made that IRI from them, without error), else made anew as terms()
  // makes it. A slot whose values seldom repeat (an id per fact) stops comparing after its trial,
  // as the memo does (MemoTally); values that are not strings are made as terms() makes them.
  const Term* template_term(const TermMap& m, Ctx& c) {
    auto& last = s_.last_terms[static_cast<std::size_t>(m.last_term)];
    const auto made_by_terms = [&]() -> const Term* {
      objs_.clear();
      terms(m, c, objs_, nullptr);
      return objs_.empty() ? nullptr : objs_.begin();
    };
    if (last.tally.off()) return made_by_terms();
    auto& found = s_.template_values_found;
    found.clear();
    bool same = last.made;
    for (const Reference& ref : m.part_refs) {
      const Value* v = record_member(*c.record, ref, ref.key);
      if (!v || v->is_null()) return nullptr;  // no term, as append_template decides
      if (!v->is_string()) return made_by_terms();
      same =
          same && std::string_view(last.values[found.size()]) == std::string_view(v->as_string());
      found.push_back(v);
    }
    const bool on_trial = last.tally.tries < MemoTally::kTrial;
    last.tally.tries += on_trial;
    if (same) {
      last.tally.hits += on_trial;
      return &last.term;
    }
    Term& t = last.term;
    if (last.made) {
      // The slot's term is an IRI of this template (maps sharing a slot have its start): the start
      // is kept, the values' part rewritten.
      last.made = false;
      t.value.resize(m.iri_start.size());
      if (!append_template_values(m, t.value, 1,
                                  [&](std::size_t k, const Reference&) { return found[k]; }))
        return nullptr;
      if (!m.prevalidated && !rdf::is_valid_absolute_iri(t.value)) {
        invalid(m, "\"" + t.value + "\" is not a valid IRI");  // throws, or counts the skip
        return nullptr;
      }
    } else if (!template_iri_of(m, t, [&](std::size_t k, const Reference&) { return found[k]; })) {
      return nullptr;
    }
    last.values.resize(found.size());
    for (std::size_t i = 0; i < found.size(); ++i) {
      last.values[i].clear();
      last.values[i].append(found[i]->as_string());
    }
    last.made = true;
    return &last.term;
  }

  // The terms of a TermMap::wildcard_template: per item of the member (or value of an object), as
  // the general path makes them from its rows (start, encoded value, the fixed text after it).
  void wildcard_template_terms(const TermMap& m, const Value& rec, Terms& out) {
    const Reference& ref = m.part_refs[0];
    const Value* v = record_member(rec, ref, ref.names[0]);
    if (!v) return;
    const auto make = [&](const Value& item) {
      with_scalar(item, m, ref, [&](const RawView& r) {
        Term& t = out.slot();
        t.kind = rdf::TermKind::kIri;
        t.datatype.clear();
        t.language.clear();
        t.value.assign(m.iri_start);
        if (m.type == TermType::kUri)
          append_uri_safe(t.value, r.text);
        else
          append_iri_safe(t.value, r.text);
        for (std::size_t i = 2; i < m.parts.size(); ++i) t.value += m.parts[i].text;
        if (!m.prevalidated && !rdf::is_valid_absolute_iri(t.value) &&
            !invalid(m, "\"" + t.value + "\" is not a valid IRI"))
          out.pop_back();
      });
    };
    if (v->is_array()) {
      for (const Value& item : v->as_array()) make(item);
    } else if (v->is_object()) {
      for (const auto& member : v->as_object()) make(member.second);
    }
  }

  void terms(const TermMap& m, Ctx& c, Terms& out, Pending* pending) {
    if (!condition_holds(m, c)) return;
    if (m.collection != CollectionType::kNone) {
      collection_terms(m, c, out, pending);
      return;
    }
    if (m.kind == TermMap::Kind::kConstant) {
      out.push_back(m.constant);
      return;
    }
    if (m.kind == TermMap::Kind::kRecordBlank) {
      record_blank(c, out.slot());
      return;
    }
    if (m.kind == TermMap::Kind::kReference &&
        (m.reference.single_key || m.reference.member_path())) {
      // The usual reference, one value (a member, or `a.b`): the term is made from it in place.
      if (const Value* v = single_value(m.reference, *c.record))
        with_scalar(*v, m, m.reference, [&](const RawView& r) {
          if (!make_term(m, r, c, out.slot())) out.pop_back();
        });
      return;
    }
    if (m.kind == TermMap::Kind::kTemplate && m.single_key_parts &&
        m.type != TermType::kUnsafeIri && m.type != TermType::kBlank &&
        m.type != TermType::kLiteral && m.scheme != TermMap::Scheme::kPerValue) {
      // An IRI template of single keys whose scheme the plan knows: built in the term's own string.
      if (!template_iri(m, c, out.slot())) out.pop_back();
      return;
    }
    if (m.wildcard_template) {
      wildcard_template_terms(m, *c.record, out);
      return;
    }
    Raws& raws = raws_[raws_depth_++ % kAux];
    raws.clear();
    raw_values(m, c, raws);
    for (Raw& r : raws)
      if (!make_term(m, r, c, out.slot())) out.pop_back();
    --raws_depth_;
  }

  // ---- RML-CC collections
  // -------------------------------------------------------------------------

  void collection_terms(const TermMap& m, Ctx& c, Terms& out, Pending* pending) {
    std::vector<std::vector<Term>> per_item;
    for (const auto& gi : m.gather) {
      Terms vals;
      if (gi.term)
        terms(*gi.term, c, vals, pending);
      else
        parent_subjects(*gi.ref, c, vals);
      per_item.emplace_back(vals.begin(), vals.end());
    }
    std::vector<std::vector<Term>> collections;
    if (m.cartesian) {
      std::vector<std::vector<Term>> acc{{}};
      for (const auto& vals : per_item) {
        std::vector<std::vector<Term>> next;
        for (const auto& a : acc)
          for (const auto& v : vals) {
            auto b = a;
            b.push_back(v);
            next.push_back(std::move(b));
          }
        acc.swap(next);
      }
      collections = std::move(acc);
    } else {
      std::vector<Term> all;
      for (auto& vals : per_item)
        for (auto& v : vals) all.push_back(std::move(v));
      collections.push_back(std::move(all));
    }
    // The collection's own name, when the map has a value (template/reference/constant/function).
    std::vector<Term> names;
    bool named = m.kind != TermMap::Kind::kRecordBlank;
    if (named) {
      Raws raws;
      if (m.kind == TermMap::Kind::kConstant) {
        names.push_back(m.constant);
      } else {
        raw_values(m, c, raws);
        for (auto& r : raws)
          if (auto t = make_term(m, std::move(r), c)) {
            // Blank nodes are global to a dataset: the same named list in two graphs is two lists.
            if (t->is_blank() && c.graphs) {
              std::string key;
              for (const Term& g : *static_cast<const Terms*>(c.graphs)) key += g.value + " ";
              if (key != " ") append_label(t->value += "_g", key);
            }
            names.push_back(std::move(*t));
          }
      }
      if (names.empty()) return;
    }
    for (auto& members : collections) {
      if (members.empty()) {
        if (!m.allow_empty) continue;
        if (m.collection == CollectionType::kList) {
          out.push_back(Term::iri(kRdfNs + "nil"));
          continue;
        }
      }
      if (named) {
        for (const Term& name : names) {
          if (pending) pending->named.push_back({name, m.collection, members});
          out.push_back(name);
        }
        continue;
      }
      Term head = Term::blank(blank_prefix_ + "c" + std::to_string(c.tm) + "x" +
                              std::to_string(c.rec) + "x" + std::to_string(c.counter++));
      if (pending) structure(head, m.collection, members, pending->triples);
      out.push_back(head);
    }
    if (pending)
      pending->targets.insert(pending->targets.end(), m.targets.begin(), m.targets.end());
  }

  static void structure(const Term& head, CollectionType type, const std::vector<Term>& members,
                        std::vector<Pending::T3>& out) {
    if (type == CollectionType::kList) {
      Term cell = head;
      for (std::size_t i = 0; i < members.size(); ++i) {
        out.push_back({cell, Term::iri(kRdfNs + "first"), members[i]});
        Term next = i + 1 == members.size()
                        ? Term::iri(kRdfNs + "nil")
                        : Term::blank((head.is_blank() ? head.value : [&] {
                            std::string l = "n";
                            append_label(l, head.value);
                            return l;
                          }()) + "_" + std::to_string(i + 1));
        out.push_back({cell, Term::iri(kRdfNs + "rest"), next});
        cell = next;
      }
      return;
    }
    const char* cls = type == CollectionType::kBag   ? "Bag"
                      : type == CollectionType::kSeq ? "Seq"
                                                     : "Alt";
    out.push_back({head, Term::iri(rdf::vocab::kRdfType), Term::iri(kRdfNs + cls)});
    for (std::size_t i = 0; i < members.size(); ++i)
      out.push_back({head, Term::iri(kRdfNs + "_" + std::to_string(i + 1)), members[i]});
  }

  void emit_pending(Pending& pending, const std::vector<Term>& graphs,
                    const std::vector<int>* extra_targets) {
    std::vector<int> targets = pending.targets;
    if (extra_targets) targets.insert(targets.end(), extra_targets->begin(), extra_targets->end());
    for (const auto& t : pending.triples)
      for (const Term& g : graphs) emit(rdf::Quad{t.s, t.p, t.o, g}, targets);
    for (auto& n : pending.named)
      for (const Term& g : graphs) {
        auto key = std::make_pair(n.name, g);
        auto it = named_.find(key);
        if (it == named_.end()) {
          named_order_.push_back(key);
          it = named_.emplace(key, NamedEntry{n.type, {}, targets}).first;
        }
        auto& e = it->second;
        e.members.insert(e.members.end(), n.members.begin(), n.members.end());
      }
  }

  void flush_named() {
    for (const auto& key : named_order_) {
      const NamedEntry& e = named_.at(key);
      std::vector<Pending::T3> triples;
      structure(key.first, e.type, e.members, triples);
      for (const auto& t : triples) emit(rdf::Quad{t.s, t.p, t.o, key.second}, e.targets);
    }
  }

  // ---- joins
  // --------------------------------------------------------------------------------------

  struct JoinIndex {
    std::vector<std::vector<Term>> subjects;                  // per parent record
    std::vector<std::vector<std::vector<std::string>>> keys;  // per parent record, per condition
    std::unordered_map<std::string, std::vector<std::size_t>> by_first;
    std::vector<Term> all_subjects;  // no join condition, other source
  };

  void build_joins() {
    for (const RefObjectMap* r : p_.joins) {
      const TriplesMapPlan& parent = p_.maps[static_cast<std::size_t>(r->parent)];
      auto idx = std::make_unique<JoinIndex>();
      std::uint64_t rec = 0;
      for_each_record(src(parent), [&](const Value& v) {
        Ctx c{&v, r->parent, rec++, 0, nullptr};
        Terms subs_buf;
        terms(parent.subject, c, subs_buf, nullptr);
        std::vector<Term> subs(subs_buf.begin(), subs_buf.end());
        if (r->conditions.empty()) {
          for (auto& s : subs) idx->all_subjects.push_back(std::move(s));
          return;
        }
        std::vector<std::vector<std::string>> keys;
        for (const auto& cond : r->conditions) {
          Raws raws;
          raw_values(cond.second, c, raws);
          std::vector<std::string> ks;
          for (auto& rw : raws) ks.push_back(std::move(rw.text));
          keys.push_back(std::move(ks));
        }
        std::size_t n = idx->subjects.size();
        for (const auto& k : keys[0]) {
          auto& v2 = idx->by_first[k];
          if (v2.empty() || v2.back() != n) v2.push_back(n);
        }
        idx->subjects.push_back(std::move(subs));
        idx->keys.push_back(std::move(keys));
      });
      join_of_[r] = joins_.size();
      joins_.push_back(std::move(idx));
    }
  }

  void parent_subjects(const RefObjectMap& r, Ctx& c, Terms& out) {
    const TriplesMapPlan& parent = p_.maps[static_cast<std::size_t>(r.parent)];
    auto found = join_of_.find(&r);
    if (found == join_of_.end()) {
      Ctx pc{c.record, r.parent, c.rec, 0, c.graphs};
      terms(parent.subject, pc, out, nullptr);
      return;
    }
    const JoinIndex& idx = *joins_[found->second];
    if (r.conditions.empty()) {
      for (const Term& s : idx.all_subjects) out.push_back(s);
      return;
    }
    std::vector<std::vector<std::string>> child_keys;
    for (const auto& cond : r.conditions) {
      Raws raws;
      raw_values(cond.first, c, raws);
      std::vector<std::string> ks;
      for (auto& rw : raws) ks.push_back(std::move(rw.text));
      if (ks.empty()) return;
      child_keys.push_back(std::move(ks));
    }
    std::vector<std::size_t> matched;
    for (const auto& k : child_keys[0]) {
      auto it = idx.by_first.find(k);
      if (it == idx.by_first.end()) continue;
      for (std::size_t n : it->second) {
        bool ok = true;
        for (std::size_t ci = 1; ci < child_keys.size() && ok; ++ci) {
          ok = false;
          for (const auto& ck : child_keys[ci])
            for (const auto& pk : idx.keys[n][ci])
              if (ck == pk) ok = true;
        }
        if (ok && std::find(matched.begin(), matched.end(), n) == matched.end())
          matched.push_back(n);
      }
    }
    std::sort(matched.begin(), matched.end());
    for (std::size_t n : matched)
      for (const Term& s : idx.subjects[n])
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }

  // ---- emission ---------------------------------------------------------------------------------

  // A quad made from a record: to the sink by address, or copied for its logical targets.
  void emit(const rdf::QuadView& q, unsigned checked, const std::vector<int>& targets) {
    if (targets.empty()) {
      ++stats_.quads;
      sink_.add_view(q, checked);
      return;
    }
    set_quad(quad_, q);
    emit(quad_, targets);
  }

  void emit(const rdf::Quad& q, const std::vector<int>& targets) {
    ++stats_.quads;
    if (targets.empty()) {
      sink_.add(q);
      return;
    }
    int last = -1;
    std::vector<int> t = targets;
    std::sort(t.begin(), t.end());
    for (int x : t) {
      if (x == last) continue;
      last = x;
      targets_.add(x, q);
    }
  }

  // The graphs of a predicate-object map (null: of one without graph maps): the subject's graphs,
  // then its own, else the default graph; a graph named twice is kept once (null targets).
  void build_graphs(const PredicateObjectGen* pom, Ctx& c, Terms& out,
                    std::vector<const std::vector<int>*>& targets) {
    static const std::vector<int> kNoTargets;
    out.clear();
    targets.clear();
    for (std::size_t k = 0; k < subject_graphs_.size(); ++k) {
      set_term(out.slot(), subject_graphs_[k]);
      targets.push_back(subject_graph_targets_[k]);
    }
    if (pom)
      for (const auto& gm : pom->graphs) {
        std::size_t before = out.size();
        terms(gm, c, out, nullptr);
        for (std::size_t k = before; k < out.size(); ++k) targets.push_back(&gm.targets);
      }
    if (out.empty()) {
      set_term(out.slot(), kDefaultGraph);
      targets.push_back(&kNoTargets);
    }
    for (std::size_t i = 1; i < out.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (out[j] == out[i]) {
          targets[i] = nullptr;
          break;
        }
  }

  // Writes `v` at key cursor `w` (room to `end`, grown as needed): its kind, then its bytes, after
  // `mark` (0: none). False for an array or object, which a reference must not select (the run says
  // so, if it reaches that reference).
  [[gnu::always_inline]] bool put_key_value(char*& w, char*& end, char mark, const Value& v) {
    const auto kind = v.kind();
    std::size_t need = 2 + 8;
    const std::string* text = kind == Value::Kind::kString ? &v.as_string() : nullptr;
    if (text) need += text->size();
    if (need > static_cast<std::size_t>(end - w)) [[unlikely]]
      std::tie(w, end) = key_.grow(w, need);
    if (mark) *w++ = mark;
    *w++ = static_cast<char>(kind);
    auto put_word = [&](auto word) {
      std::memcpy(w, &word, sizeof word);
      w += sizeof word;
    };
    switch (kind) {
      case Value::Kind::kNull:
        return true;
      case Value::Kind::kBool:
        *w++ = v.as_bool() ? '1' : '0';
        return true;
      case Value::Kind::kInt:
        put_word(v.as_int());
        return true;
      case Value::Kind::kDouble:
        put_word(v.as_double());
        return true;
      case Value::Kind::kString:
        put_word(static_cast<std::uint32_t>(text->size()));
        w = copy_bytes(w, text->data(), text->size());
        return true;
      case Value::Kind::kArray:
      case Value::Kind::kObject:
        return false;
    }
    return false;
  }

  // Whether triples map `tm_index` already ran on a record with the same values of its value_refs
  // in this run or its scope (else they are remembered). Such a run makes the same quads again, in
  // the same order, so a sink keeping a set (Inputs::distinct_sink) needs none of them.
  bool mapped_before(int tm_index, const std::vector<Reference>& refs, const Value& record) {
    const auto i = static_cast<std::size_t>(tm_index);
    if (refs.empty()) {  // no reference at all (an event-type concept): once per run or scope
      if (s_.ran[i]) return true;
      s_.ran[i] = 1;
      return false;
    }
    MemoTally& tally = s_.memo_tallies[i];
    return !tally.off() && values_mapped_before(tm_index, refs, record, tally);
  }

  // The key: the map, then each reference's values (kind and bytes, counted or marked present),
  // so equal keys are equal values. Built out of line: run_map's per-quad loops then compile as
  // well as without it.
  [[gnu::noinline]] bool values_mapped_before(int tm_index, const std::vector<Reference>& refs,
                                              const Value& record, MemoTally& tally) {
    const bool on_trial = tally.tries < MemoTally::kTrial;
    tally.tries += on_trial;
    // Written through a local cursor and end: one room check per value, no reload of the room
    // after each byte stored.
    auto [w, end] = key_.start();
    auto reserve = [&](std::size_t k) {
      if (k > static_cast<std::size_t>(end - w)) [[unlikely]]
        std::tie(w, end) = key_.grow(w, k);
    };
    reserve(sizeof tm_index);
    std::memcpy(w, &tm_index, sizeof tm_index);
    w += sizeof tm_index;
    for (const Reference& ref : refs) {
      if (ref.single_key) {
        if (const Value* v = record_member(record, ref, ref.key)) {
          if (!put_key_value(w, end, '+', *v)) return false;
        } else {
          reserve(1);
          *w++ = '-';
        }
        continue;
      }
      key_values_.clear();
      ref.evaluate(record, key_values_);
      const auto n = static_cast<std::uint32_t>(key_values_.size());
      reserve(sizeof n);
      std::memcpy(w, &n, sizeof n);
      w += sizeof n;
      for (const Value* v : key_values_)
        if (!put_key_value(w, end, 0, *v)) return false;
    }
    key_.set_end(w);
    if (mapped_.insert(XXH3_64bits(key_.view().data(), key_.view().size()), key_.view()))
      return false;
    tally.hits += on_trial;
    return true;
  }

  void run_map(int tm_index, const Value& record, std::uint64_t rec) {
    const TriplesMapPlan& tm = p_.maps[static_cast<std::size_t>(tm_index)];
    if (in_.distinct_sink && tm.value_refs && mapped_before(tm_index, *tm.value_refs, record))
      return;
    Ctx c{&record, tm_index, rec, 0, nullptr};
    // The usual shape (TriplesMapPlan::plan_graph): the one graph is used from the plan, not made.
    const Term* plan_graph = tm.plan_graph ? &tm.subject_graphs[0].constant : nullptr;
    subject_graphs_.clear();
    subject_graph_targets_.clear();
    for (const auto& gm : plan_graph ? kNoTermMaps : tm.subject_graphs) {
      if (gm.drop) {
        ++stats_.skipped_terms;
        return;
      }
      std::size_t before = subject_graphs_.size();
      terms(gm, c, subject_graphs_, nullptr);
      for (std::size_t k = before; k < subject_graphs_.size(); ++k)
        subject_graph_targets_.push_back(&gm.targets);
    }
    subject_pending_.clear();
    subjects_.clear();
    c.graphs = &subject_graphs_;
    if (tm.subject.last_term >= 0) {
      // Copied: the slot may be rewritten by an object of this record.
      if (const Term* t = template_term(tm.subject, c)) set_term(subjects_.slot(), *t);
    } else {
      terms(tm.subject, c, subjects_, &subject_pending_);
    }
    if (subjects_.empty()) return;
    if (!subject_pending_.empty()) {
      std::vector<Term> graphs(subject_graphs_.begin(), subject_graphs_.end());
      if (graphs.empty()) graphs.push_back(Term::iri(""));
      emit_pending(subject_pending_, graphs, &tm.subject.targets);
    }
    const bool any_targets = !p_.targets.empty();
    std::vector<int>& targets = targets_scratch_;
    bool record_graphs_ready = false;
    const unsigned subject_checked = tm.subject.writable ? rdf::kSubjectChecked : 0u;
    for (const auto& pom : tm.poms) {
      if (pom.direct) {
        run_direct(pom, c, subject_checked, plan_graph, record_graphs_ready);
        continue;
      }
      // Constant predicates (the usual case) are used from the plan as they are.
      const bool plan_preds = pom.constant_predicates;
      preds_.clear();
      pred_targets_.clear();
      pred_ptrs_.clear();
      pred_checked_.clear();
      for (const auto& pm : plan_preds ? kNoTermMaps : pom.predicates) {
        if (pm.kind == TermMap::Kind::kConstant && !pm.condition) {
          pred_ptrs_.push_back(&pm.constant);  // constants are not copied per record
          pred_targets_.push_back(&pm.targets);
          pred_checked_.push_back(pm.writable ? rdf::kPredicateChecked : 0u);
          continue;
        }
        std::size_t before = preds_.size();
        terms(pm, c, preds_, nullptr);
        for (std::size_t k = before; k < preds_.size(); ++k) {
          pred_ptrs_.push_back(nullptr);  // filled below: preds_ may still grow
          pred_targets_.push_back(&pm.targets);
          pred_checked_.push_back(pm.writable ? rdf::kPredicateChecked : 0u);
        }
      }
      for (std::size_t k = 0, j = 0; k < pred_ptrs_.size(); ++k)
        if (!pred_ptrs_[k]) pred_ptrs_[k] = &preds_[j++];
      const std::size_t npreds = plan_preds ? pom.predicates.size() : pred_ptrs_.size();
      if (npreds == 0) continue;
      bool dropped = false;
      for (const auto& gm : pom.graphs) dropped |= gm.drop;
      if (dropped) {
        ++stats_.skipped_terms;
        continue;
      }
      // Without graph maps (the usual case) the graphs are the subject's, the same for every
      // predicate-object map of the record: built once.
      const bool own_graphs = !pom.graphs.empty();
      if (own_graphs) {
        build_graphs(&pom, c, graphs_, graph_targets_);
      } else if (!record_graphs_ready) {
        build_graphs(nullptr, c, record_graphs_, record_graph_targets_);
        record_graphs_ready = true;
      }
      const Terms& graphs = own_graphs ? graphs_ : record_graphs_;
      const auto& graph_targets = own_graphs ? graph_targets_ : record_graph_targets_;
      const std::size_t ngraphs = graphs.size();
      c.graphs = pom.graphs.empty() ? &subject_graphs_ : &graphs_;
      pending_.clear();
      objs_.clear();
      obj_targets_.clear();
      obj_ptrs_.clear();
      obj_checked_.clear();
      // Constant objects (rml:class types, fixed values) point into the plan, as constant predicates
      // do; not when a referencing object map is there, which skips parent subjects already in objs_.
      for (const auto& og : pom.objects) {
        if (!pom.has_ref_objects && og.term.kind == TermMap::Kind::kConstant && !og.term.condition &&
            og.term.collection == CollectionType::kNone) {
          obj_ptrs_.push_back(&og.term.constant);
          obj_targets_.push_back(&og.term.targets);
          obj_checked_.push_back(og.term.writable ? rdf::kObjectChecked : 0u);
          continue;
        }
        std::size_t before = objs_.size();
        if (og.is_ref) {
          parent_subjects(*og.ref, c, objs_);
          for (std::size_t k = before; k < objs_.size(); ++k)
            obj_targets_.push_back(&og.ref->targets);
        } else {
          terms(og.term, c, objs_, &pending_);
          for (std::size_t k = before; k < objs_.size(); ++k)
            obj_targets_.push_back(&og.term.targets);
        }
        const unsigned checked = !og.is_ref && og.term.writable ? rdf::kObjectChecked : 0u;
        for (std::size_t k = before; k < objs_.size(); ++k) {
          obj_ptrs_.push_back(nullptr);  // below
          obj_checked_.push_back(checked);
        }
      }
      for (std::size_t k = 0, j = 0; k < obj_ptrs_.size(); ++k)
        if (!obj_ptrs_[k]) obj_ptrs_[k] = &objs_[j++];
      if (obj_ptrs_.empty()) continue;
      if (!pending_.empty()) {
        std::vector<Term> gterms;
        for (std::size_t g = 0; g < ngraphs; ++g)
          if (graph_targets[g]) gterms.push_back(graphs[g]);
        emit_pending(pending_, gterms, &tm.subject.targets);
      }
      // The sink gets the terms by address: none is copied per quad.
      for (const Term& s : subjects_) {
        for (std::size_t p = 0; p < npreds; ++p) {
          const Term& pred = plan_preds ? pom.predicates[p].constant : *pred_ptrs_[p];
          const unsigned pred_checked =
              plan_preds ? (pom.predicates[p].writable ? rdf::kPredicateChecked : 0u)
                         : pred_checked_[p];
          for (std::size_t o = 0; o < obj_ptrs_.size(); ++o) {
            const unsigned checked = subject_checked | pred_checked | obj_checked_[o];
            for (std::size_t g = 0; g < ngraphs; ++g) {
              if (!graph_targets[g]) continue;  // duplicate graph
              if (any_targets) {
                targets.assign(tm.subject.targets.begin(), tm.subject.targets.end());
                const std::vector<int>& pt = plan_preds ? pom.predicates[p].targets : *pred_targets_[p];
                targets.insert(targets.end(), pt.begin(), pt.end());
                targets.insert(targets.end(), obj_targets_[o]->begin(), obj_targets_[o]->end());
                targets.insert(targets.end(), graph_targets[g]->begin(), graph_targets[g]->end());
              }
              emit(rdf::QuadView{&s, &pred, obj_ptrs_[o], &graphs[g]}, checked, targets);
            }
          }
        }
      }
    }
  }

  // The term of a literal reference with TermMap::literal_shapes for the record's value, without
  // its text, which is set in `text` (a string of the record, or digits in `digits`); &m.constant
  // for a null value (no term); nullptr when terms() must make it (another kind, or no shape).
  const Term* literal_shape(const TermMap& m, const Value& rec, std::string_view& text,
                            char (&digits)[24]) {
    const Value* v = single_value(m.reference, rec);
    if (!v || v->is_null()) return &m.constant;
    std::size_t shape = 0;
    switch (v->kind()) {
      case Value::Kind::kString:
        text = v->as_string();
        break;
      case Value::Kind::kInt: {
        const auto r = std::to_chars(digits, digits + sizeof digits, v->as_int());
        text = std::string_view(digits, static_cast<std::size_t>(r.ptr - digits));
        shape = 1;
        break;
      }
      case Value::Kind::kBool:
        text = v->as_bool() ? "true" : "false";
        shape = 2;
        break;
      default:
        return nullptr;
    }
    return (m.literal_shape_kinds >> shape) & 1 ? &m.literal_shapes[shape] : nullptr;
  }

  // A predicate-object map of the usual shape (PredicateObjectGen::direct): the same quads, in the
  // same order, as the general path in run_map. `plan_graph`: the map's one graph, else nullptr
  // (the record's graphs).
  void run_direct(const PredicateObjectGen& pom, Ctx& c, unsigned subject_checked,
                  const Term* plan_graph, bool& record_graphs_ready) {
    const TermMap& om = pom.objects[0].term;
    const Term* objects = &om.constant;  // constants point into the plan
    std::size_t nobjects = 1;
    std::string_view text;  // a literal's text, given apart from its term (literal_shapes)
    const std::string_view* object_value = nullptr;
    char digits[24];
    if (om.last_term >= 0) {
      objects = template_term(om, c);
      if (!objects) return;
    } else if (om.literal_shape_kinds && (objects = literal_shape(om, *c.record, text, digits))) {
      if (objects == &om.constant) return;  // a null value: no term
      object_value = &text;
    } else if (om.kind != TermMap::Kind::kConstant || om.condition) {
      c.graphs = &subject_graphs_;
      objs_.clear();
      terms(om, c, objs_, nullptr);  // not a collection: nothing pending
      if (objs_.empty()) return;
      objects = objs_.begin();
      nobjects = objs_.size();
    }
    const Term* graphs = plan_graph;
    std::size_t ngraphs = 1;
    if (!plan_graph) {
      if (!record_graphs_ready) {
        build_graphs(nullptr, c, record_graphs_, record_graph_targets_);
        record_graphs_ready = true;
      }
      graphs = record_graphs_.begin();
      ngraphs = record_graphs_.size();
    }
    const unsigned object_checked = om.writable ? rdf::kObjectChecked : 0u;
    // The usual case, one quad, without the four loops' bookkeeping (about 50 instructions a quad).
    if (subjects_.size() == 1 && pom.predicates.size() == 1 && nobjects == 1 && plan_graph) {
      const TermMap& pm = pom.predicates[0];
      ++stats_.quads;
      sink_.add_view(
          rdf::QuadView{subjects_.begin(), &pm.constant, objects, plan_graph, object_value},
          subject_checked | object_checked | (pm.writable ? rdf::kPredicateChecked : 0u));
      return;
    }
    for (const Term& s : subjects_)
      for (const TermMap& pm : pom.predicates) {
        const unsigned checked = subject_checked | object_checked | (pm.writable ? rdf::kPredicateChecked : 0u);
        for (std::size_t o = 0; o < nobjects; ++o)
          for (std::size_t g = 0; g < ngraphs; ++g) {
            if (!plan_graph && !record_graph_targets_[g]) continue;  // duplicate graph
            ++stats_.quads;
            sink_.add_view(rdf::QuadView{&s, &pm.constant, &objects[o], &graphs[g], object_value},
                           checked);
          }
      }
  }

  struct NamedEntry {
    CollectionType type;
    std::vector<Term> members;
    std::vector<int> targets;
  };

  const Plan::Impl& p_;
  const Inputs& in_;
  QuadSink& sink_;
  TargetSet targets_;
  RunStats stats_;
  // Parent indexes, per referencing object map. Kept here, not in the Plan: a Plan is shared and
  // immutable, so several threads may execute it at once.
  std::vector<std::unique_ptr<JoinIndex>> joins_;
  std::unordered_map<const RefObjectMap*, std::size_t> join_of_;
  std::map<std::pair<Term, Term>, NamedEntry> named_;
  std::vector<std::pair<Term, Term>> named_order_;
  // Per-record scratch, reused so the hot path does not allocate: this thread's (see ScratchLease).
  ScratchLease lease_;
  ExecutorScratch& s_ = lease_.get();
  Raws (&raws_)[kAux] = s_.raws;
  Raws (&aux_)[kAux] = s_.aux;
  Raws& template_values_ = s_.template_values;
  std::string& template_row_ = s_.template_row;
  std::size_t raws_depth_ = 0, aux_depth_ = 0;
  Terms &subjects_ = s_.subjects, &subject_graphs_ = s_.subject_graphs, &preds_ = s_.preds, &objs_ = s_.objs,
        &graphs_ = s_.graphs, &record_graphs_ = s_.record_graphs;
  inline static const Term kDefaultGraph = Term::iri("");
  inline static const std::vector<TermMap> kNoTermMaps;
  std::vector<const std::vector<int>*> &subject_graph_targets_ = s_.subject_graph_targets,
                                       &pred_targets_ = s_.pred_targets, &obj_targets_ = s_.obj_targets,
                                       &graph_targets_ = s_.graph_targets,
                                       &record_graph_targets_ = s_.record_graph_targets;
  std::vector<const Term*> &pred_ptrs_ = s_.pred_ptrs, &obj_ptrs_ = s_.obj_ptrs;
  std::vector<unsigned> &pred_checked_ = s_.pred_checked, &obj_checked_ = s_.obj_checked;
  std::vector<int>& targets_scratch_ = s_.targets;
  Pending &pending_ = s_.pending, &subject_pending_ = s_.subject_pending;
  rdf::Quad& quad_ = s_.quad;
  ByteSet& mapped_ = s_.mapped;
  KeyBytes& key_ = s_.key;
  std::vector<const Value*>& key_values_ = s_.key_values;
  std::string blank_prefix_;  // Inputs::blank_prefix, label-safe
  const Value* epoch_record_ = nullptr;  // the record of RecordScope, if one is being mapped
};

// The triples map a referencing object map belongs to.
int owner_of(const Plan::Impl& p, const RefObjectMap* r) {
  std::function<bool(const TermMap&)> in_term = [&](const TermMap& m) {
    for (const auto& gi : m.gather)
      if (gi.ref.get() == r || (gi.term && in_term(*gi.term))) return true;
    return false;
  };
  for (std::size_t i = 0; i < p.maps.size(); ++i) {
    const TriplesMapPlan& tm = p.maps[i];
    if (in_term(tm.subject)) return static_cast<int>(i);
    for (const auto& pom : tm.poms)
      for (const auto& o : pom.objects)
        if ((o.is_ref && o.ref.get() == r) || (!o.is_ref && in_term(o.term))) return static_cast<int>(i);
  }
  return 0;
}

// Adds the references `m` reads to `refs` (once each); false when what `m` makes depends on more
// than their values: a record's position (blank nodes, collections) or a function.
bool collect_value_refs(const TermMap& m, std::vector<Reference>& refs) {
  if (m.kind == TermMap::Kind::kRecordBlank || m.kind == TermMap::Kind::kFunction ||
      m.collection != CollectionType::kNone)
    return false;
  auto add = [&](const Reference& r) {
    const bool known = std::any_of(refs.begin(), refs.end(), [&](const Reference& k) {
      return k.text == r.text && k.formulation == r.formulation;
    });
    if (!known) refs.push_back(r);
  };
  if (m.kind == TermMap::Kind::kReference) add(m.reference);
  for (const Reference& r : m.part_refs) add(r);
  for (const TermMap* sub : {m.condition.get(), m.language.get(), m.datatype.get()})
    if (sub && !collect_value_refs(*sub, refs)) return false;
  return true;
}

// TriplesMapPlan::value_refs of `tm`. Referencing object maps are left out (a parent index is more
// than the record) and so are logical targets (their files keep every quad).
std::optional<std::vector<Reference>> value_refs_of(const TriplesMapPlan& tm,
                                                    bool logical_targets) {
  if (logical_targets) return std::nullopt;
  std::vector<Reference> refs;
  auto collect_all = [&](const std::vector<TermMap>& maps) {
    return std::all_of(maps.begin(), maps.end(),
                       [&](const TermMap& m) { return collect_value_refs(m, refs); });
  };
  if (!collect_value_refs(tm.subject, refs) || !collect_all(tm.subject_graphs)) return std::nullopt;
  for (const auto& pom : tm.poms) {
    if (!collect_all(pom.predicates) || !collect_all(pom.graphs)) return std::nullopt;
    for (const auto& o : pom.objects)
      if (o.is_ref || !collect_value_refs(o.term, refs)) return std::nullopt;
  }
  return refs;
}

// Whether `m` is an IRI template that execute() may make through a TermMap::last_term slot: single
// keys, no condition, a scheme the plan knows.
bool has_last_term_shape(const TermMap& m) {
  return m.kind == TermMap::Kind::kTemplate && m.single_key_parts && !m.condition && !m.drop &&
         m.collection == CollectionType::kNone &&
         (m.type == TermType::kIri || m.type == TermType::kUri) &&
         m.scheme != TermMap::Scheme::kPerValue;
}

// What decides the terms such a template makes from its values: maps with equal keys make equal
// terms from equal values, so they may share a slot.
std::string last_term_key(const TermMap& m) {
  std::string key{static_cast<char>(m.type), static_cast<char>(m.scheme),
                  m.prevalidated ? '1' : '0'};
  key += m.iri_start;
  for (const TemplatePart& part : m.parts) {
    key += '\0';
    key += part.is_reference ? 'r' : 't';
    key += part.text;
  }
  for (const Reference& ref : m.part_refs) {
    key += '\0';
    key += static_cast<char>(ref.formulation);
    key += ref.key;
  }
  return key;
}

// Whether `m` is a TermMap::wildcard_template.
bool is_wildcard_template(const TermMap& m) {
  if (m.kind != TermMap::Kind::kTemplate ||
      (m.type != TermType::kIri && m.type != TermType::kUri) ||
      m.scheme == TermMap::Scheme::kPerValue || m.condition || m.drop ||
      m.collection != CollectionType::kNone || m.part_refs.size() != 1 || m.parts.size() < 2 ||
      m.parts[0].is_reference || !m.parts[1].is_reference)
    return false;
  const Reference& ref = m.part_refs[0];
  return ref.formulation == Formulation::kJsonPath && ref.wildcard && ref.names.size() == 1;
}

// TermMap::literal_shapes of `m`: what make_term makes of a string, an integer and a boolean value
// (a number re-formatted as xsd:double, or a language or datatype from data, has none).
void set_literal_shapes(TermMap& m, bool legacy) {
  const bool one_value = m.reference.single_key || m.reference.member_path();
  if (m.kind != TermMap::Kind::kReference || m.type != TermType::kLiteral || !one_value ||
      m.condition || m.drop || m.collection != CollectionType::kNone ||
      (m.language && m.language->kind != TermMap::Kind::kConstant) ||
      (m.datatype && m.datatype->kind != TermMap::Kind::kConstant))
    return;
  const std::string_view kXsdDouble = rdf::vocab::kXsdDouble;
  for (unsigned i = 0; i < 3; ++i) {  // string, integer, boolean
    Term& t = m.literal_shapes[i];
    t = Term::literal("");
    if (m.language) {
      t.language = m.language->constant.value;
    } else if (m.datatype) {
      if (i == 1 && m.datatype_iri == kXsdDouble) continue;  // the integer is re-formatted
      t.datatype = m.datatype_iri;
    } else if (!legacy && i > 0) {
      t.datatype = i == 1 ? rdf::vocab::kXsdInteger : rdf::vocab::kXsdBoolean;
    }
    m.literal_shape_kinds |= 1u << i;
  }
}

}  // namespace

void prepare_execution(Plan::Impl& p) {
  const auto src = [&](const TriplesMapPlan& tm) -> const SourcePlan& {
    return p.sources[static_cast<std::size_t>(tm.source)];
  };
  // Fact-stream maps whose iterator selects the stream's records (`$[...]`) share one pass.
  auto& fg = p.fact_group;
  fg = {};
  p.last_terms = 0;
  std::map<std::string, int> last_term_slots;  // by last_term_key
  for (std::size_t i = 0; i < p.maps.size(); ++i) {
    const SourcePlan& s = src(p.maps[i]);
    std::vector<std::string> prefix;
    std::size_t sel = 0;
    if (s.kind == SourcePlan::Kind::kFactStream && s.iterator->stream_split(prefix, sel) && prefix.empty()) {
      fg.maps.push_back(static_cast<int>(i));
      fg.selectors.push_back(sel);
    }
  }
  // The other maps, grouped by logical source (the same key: one pass), in plan order.
  p.source_groups.clear();
  std::vector<bool> grouped(p.maps.size(), false);
  for (int i : fg.maps) grouped[static_cast<std::size_t>(i)] = true;
  for (std::size_t i = 0; i < p.maps.size(); ++i) {
    if (grouped[i]) continue;
    std::vector<int>& group = p.source_groups.emplace_back();
    for (std::size_t j = i; j < p.maps.size(); ++j)
      if (!grouped[j] && src(p.maps[j]).key == src(p.maps[i]).key) {
        group.push_back(static_cast<int>(j));
        grouped[j] = true;
      }
  }
  // Maps whose selector is `[?(@.name == 'text')]` (the project's mapping: one per fact type) are
  // found by one member lookup per record, not by evaluating every filter on every record.
  for (std::size_t k = 0; k < fg.maps.size(); ++k) {
    const SourcePlan& s = src(p.maps[static_cast<std::size_t>(fg.maps[k])]);
    const auto eq = s.iterator->segments().size() == fg.selectors[k] + 1
                        ? s.iterator->member_equals(fg.selectors[k])
                        : std::nullopt;
    if (!eq) {
      fg.general.push_back(k);
      continue;
    }
    auto d = std::find_if(fg.dispatch.begin(), fg.dispatch.end(),
                          [&](const Plan::Impl::FactGroup::Dispatch& x) { return x.member == eq->first; });
    if (d == fg.dispatch.end()) d = fg.dispatch.insert(fg.dispatch.end(), {eq->first, {}, {}});
    d->by_value[eq->second].push_back(k);
  }
  if (fg.dispatch.size() == 1)
    for (const auto& [value, positions] : fg.dispatch[0].by_value) {
      std::vector<std::size_t>& sel = fg.dispatch[0].selected[value];
      sel.assign(fg.general.begin(), fg.general.end());
      sel.insert(sel.end(), positions.begin(), positions.end());
      std::sort(sel.begin(), sel.end());
    }
  for (auto& tm : p.maps) {
    tm.value_refs = value_refs_of(tm, !p.targets.empty());
    tm.subject.writable = makes_writable_terms(tm.subject);
    tm.subject.wildcard_template = is_wildcard_template(tm.subject);
    for (auto& pom : tm.poms) {
      for (auto& m : pom.predicates) m.writable = makes_writable_terms(m);
      for (auto& o : pom.objects) o.term.writable = !o.is_ref && makes_writable_terms(o.term);
      pom.constant_predicates = std::all_of(pom.predicates.begin(), pom.predicates.end(), [](const TermMap& m) {
        return m.kind == TermMap::Kind::kConstant && !m.condition;
      });
      pom.has_ref_objects =
          std::any_of(pom.objects.begin(), pom.objects.end(), [](const ObjectGen& o) { return o.is_ref; });
      pom.direct = pom.constant_predicates && !pom.predicates.empty() && pom.graphs.empty() &&
                   pom.objects.size() == 1 && !pom.objects[0].is_ref &&
                   pom.objects[0].term.collection == CollectionType::kNone && p.targets.empty();
      for (auto& o : pom.objects) {
        o.term.last_term = -1;
        o.term.literal_shape_kinds = 0;
        o.term.wildcard_template = !o.is_ref && is_wildcard_template(o.term);
      }
      if (pom.direct) {
        TermMap& om = pom.objects[0].term;  // its one object map
        if (has_last_term_shape(om)) {
          // Equal templates share a slot (an entity's IRI as two predicates' object).
          const auto [slot, added] =
              last_term_slots.try_emplace(last_term_key(om), static_cast<int>(p.last_terms));
          p.last_terms += added;
          om.last_term = slot->second;
        }
        set_literal_shapes(om, p.legacy);
      }
    }
    const TermMap* graph = tm.subject_graphs.size() == 1 ? &tm.subject_graphs[0] : nullptr;
    tm.plan_graph = graph && graph->kind == TermMap::Kind::kConstant && !graph->condition &&
                    !graph->drop && graph->collection == CollectionType::kNone &&
                    tm.subject.collection == CollectionType::kNone &&
                    std::all_of(tm.poms.begin(), tm.poms.end(),
                                [](const PredicateObjectGen& pom) { return pom.direct; });
  }
  // A subject made by a template that an object map has (evidence/{id}: a claim's object, then its
  // evidence's subject) takes its slot: the record's second term of that template is the first's.
  for (auto& tm : p.maps) {
    tm.subject.last_term = -1;
    if (has_last_term_shape(tm.subject))
      if (const auto slot = last_term_slots.find(last_term_key(tm.subject));
          slot != last_term_slots.end())
        tm.subject.last_term = slot->second;
  }
  // Every referencing object map (also inside gathers) whose parent must be indexed.
  p.joins.clear();
  std::vector<const RefObjectMap*> refs;
  std::function<void(const TermMap&)> walk = [&](const TermMap& m) {
    for (const auto& gi : m.gather) {
      if (gi.ref) refs.push_back(gi.ref.get());
      if (gi.term) walk(*gi.term);
    }
  };
  for (const auto& tm : p.maps) {
    walk(tm.subject);
    for (const auto& pom : tm.poms)
      for (const auto& o : pom.objects) {
        if (o.is_ref)
          refs.push_back(o.ref.get());
        else
          walk(o.term);
      }
  }
  for (const RefObjectMap* r : refs) {
    const int child = owner_of(p, r);
    const TriplesMapPlan& parent = p.maps[static_cast<std::size_t>(r->parent)];
    const bool same_source = src(p.maps[static_cast<std::size_t>(child)]).key == src(parent).key;
    if (r->conditions.empty() && same_source) continue;  // parent subject from the same record
    p.joins.push_back(r);
  }
}

void QuadSink::add_view(const rdf::QuadView& quad, unsigned /*checked*/) {
  set_quad(copy_, quad);
  add(copy_);
}

RunStats execute(const Plan& plan, const Inputs& inputs, QuadSink& sink) {
  Executor e(plan.impl(), inputs, sink);
  return e.run();
}

}  // namespace treatykg::mapping
