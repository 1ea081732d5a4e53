#include "pipeline/stages.hpp"

#include <nettle/sha2.h>
#include <unistd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>

#include "base/error.hpp"
#include "base/files.hpp"
#include "base/hash_set.hpp"
#include "base/threads.hpp"
#include "extract/extractor.hpp"
#include "extract/jsonl.hpp"
#include "extract/rules.hpp"
#include "facts/value.hpp"
#include "mapping/mapping.hpp"
#include "mapping/template.hpp"
#include "pipeline/job_output.hpp"
#include "pipeline/lexicon_loader.hpp"
#include "pipeline/ordered_pool.hpp"
#include "rdf/ntriples.hpp"
#include "rdf/reader.hpp"
#include "rdf/vocab.hpp"
#include "rdf/writer.hpp"
#include "text/reader.hpp"

namespace treatykg::pipeline {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// ---------------------------------------------------------------------------------------------
// Rules and vocabulary, loaded once per run.

std::vector<std::string> rdf_files(const std::string& path) {
  std::vector<std::string> out;
  if (fs::is_directory(path)) {
    for (const auto& e : fs::directory_iterator(path))
      if (e.is_regular_file() && e.path().extension() == ".ttl") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
  } else {
    out.push_back(path);
  }
  return out;
}

// SHA-256 over the given files' names and bytes, in order: identifies the rules that made a graph.
std::string rules_digest(const std::vector<std::string>& files) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  for (const auto& f : files) {
    const std::string name = fs::path(f).filename().string();
    const std::string bytes = read_file(f);
    sha256_update(&ctx, name.size() + 1, reinterpret_cast<const std::uint8_t*>(name.c_str()));
    sha256_update(&ctx, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  }
  std::uint8_t md[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, sizeof md, md);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < sizeof md; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 0xF];
  }
  return hex;
}

std::vector<std::string> rule_files(const std::string& dir) {
  std::vector<std::string> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".rules") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// What export and extract take from the ontology: its prefixes (readable Turtle) and its
// rdfs:subClassOf pairs (the lexicon's most specific types). Streamed: indexing its 1,600 triples
// in sord was a third of start-up.
struct OntologyTerms {
  rdf::PrefixMap prefixes;  // as a Model keeps them: a name declared again takes the new IRI
  SubClassPairs sub_class_of;
};

OntologyTerms read_ontology(const std::string& path) {
  OntologyTerms o;
  const std::string sub_class_of = std::string(rdf::vocab::kRdfs) + "subClassOf";
  const auto statement = [&](const rdf::Quad& q) {
    if (q.predicate.value == sub_class_of) o.sub_class_of.insert({q.subject.value, q.object.value});
  };
  const auto prefix = [&](const std::string& name, const std::string& iri) {
    rdf::set_prefix(o.prefixes, name, iri);
  };
  for (const auto& f : rdf_files(path)) rdf::read_file(f, statement, {}, prefix);
  return o;
}

// Prefixes written at the top of Turtle/TriG: the ontology's own, then the usual ones.
rdf::PrefixMap output_prefixes(const rdf::PrefixMap& ontology) {
  rdf::PrefixMap out;
  auto add = [&](const std::string& p, const std::string& iri) {
    for (const auto& [q, _] : out)
      if (q == p) return;
    for (const auto& [_, i] : out)
      if (i == iri) return;
    out.emplace_back(p, iri);
  };
  for (const auto& [p, iri] : ontology)
    if (!p.empty()) add(p, iri);
  add("tkg", kOntologyNamespace);
  add("tkge", kEntityNamespace);
  add("rdf", rdf::vocab::kRdf);
  add("rdfs", rdf::vocab::kRdfs);
  add("xsd", rdf::vocab::kXsd);
  add("skos", rdf::vocab::kSkos);
  add("prov", "http://www.w3.org/ns/prov#");
  add("dcterms", "http://purl.org/dc/terms/");
  add("void", "http://rdfs.org/ns/void#");
  add("dcat", "http://www.w3.org/ns/dcat#");
  return out;
}

struct Resources {
  rdf::PrefixMap prefixes;
  std::unique_ptr<extract::Extractor> extractor;
  std::unique_ptr<mapping::Plan> plan;
  std::string digest;  // of rules, lexicon and mapping
};

Resources load_resources(const Config& config, bool need_extractor, bool need_plan) {
  Resources r;
  mapping::Options options;
  options.base_iri = config.effective_base_iri();
  options.strict = config.strict;
  std::vector<std::string> digest_files;
  if (need_extractor) {
    digest_files = rule_files(rules_path(config));
    digest_files.push_back(lexicon_path(config));
  }
  if (need_plan) digest_files.push_back(mappings_path(config));
  // The ontology, lexicon and rules (about half of start-up) and the mapping's compile (the other
  // half). With more than one thread the first half runs on a second thread, on another CPU.
  // Errors are reported in the same order as with one thread (the mapping's last).
  const auto load_vocabulary = [&] {
    const OntologyTerms ontology = read_ontology(ontology_path(config));
    r.prefixes = output_prefixes(ontology.prefixes);
    if (need_extractor) {
      auto lexicon = load_lexicon(lexicon_path(config), ontology.sub_class_of);
      auto rules = extract::RuleSet::load_dir(rules_path(config));
      r.extractor = std::make_unique<extract::Extractor>(std::move(lexicon), std::move(rules));
    }
  };
  const auto compile = [&] {
    if (need_plan)
      r.plan =
          std::make_unique<mapping::Plan>(mapping::compile_file(mappings_path(config), options));
  };
  if (config.threads > 1 && need_plan) {
    std::exception_ptr vocabulary_error, compile_error;
    CpuGroup cpus(2);
    std::thread vocabulary = cpus.start([&] {
      try {
        load_vocabulary();
      } catch (...) {
        vocabulary_error = std::current_exception();
      }
    });
    try {
      compile();
    } catch (...) {
      compile_error = std::current_exception();
    }
    vocabulary.join();
    if (vocabulary_error) std::rethrow_exception(vocabulary_error);
    if (compile_error) std::rethrow_exception(compile_error);
  } else {
    load_vocabulary();
    compile();
  }
  r.digest = rules_digest(digest_files);  // about 80 KB: well under a millisecond
  return r;
}

// ---------------------------------------------------------------------------------------------
// Progress line and summary.

std::uintmax_t input_bytes(const std::vector<std::string>& inputs, std::size_t& files) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const auto& in : inputs) {
    if (in == "-") continue;
    if (fs::is_directory(in, ec)) {
      for (auto it = fs::recursive_directory_iterator(in, ec); it != fs::recursive_directory_iterator(); ++it) {
        if (it->is_regular_file(ec)) {
          total += it->file_size(ec);
          ++files;
        }
      }
    } else if (fs::is_regular_file(in, ec)) {
      total += fs::file_size(in, ec);
      ++files;
    }
  }
  return total;
}

class Progress {
 public:
  Progress(bool enabled, const std::vector<std::string>& inputs) : enabled_(enabled) {
    if (enabled_) total_bytes_ = input_bytes(inputs, total_files_);
  }
  void article_done(std::size_t bytes) {
    ++articles_;
    bytes_ += bytes;
    if (!enabled_) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double mbps = secs > 0 ? bytes_ / 1e6 / secs : 0;
    std::fprintf(stderr, "\r\033[K%zu articles (of %zu files), %.1f MB, %.1f MB/s", articles_, total_files_,
                 bytes_ / 1e6, mbps);
    if (mbps > 0 && total_bytes_ > bytes_) std::fprintf(stderr, ", ETA %.0f s", (total_bytes_ - bytes_) / 1e6 / mbps);
    std::fflush(stderr);
  }
  void clear() {
    if (enabled_) std::fprintf(stderr, "\r\033[K");
  }
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  bool enabled_;
  std::uintmax_t total_bytes_ = 0, bytes_ = 0;
  std::size_t total_files_ = 0, articles_ = 0;
  Clock::time_point start_ = Clock::now(), last_{};
};

// Diagnostics go to stderr as they happen (one line each), except warnings under --quiet. With a
// progress line they first clear it; without one (a log file, a pipe) they are plain lines.
DiagnosticSink make_sink(const Config& config) {
  const bool quiet = config.quiet;
  const char* clear = config.progress ? "\r\033[K" : "";
  return DiagnosticSink([quiet, clear](const Diagnostic& d) {
    if (quiet && d.severity == Severity::kWarning) return;
    std::fprintf(stderr, "%s%s\n", clear, d.to_string().c_str());
  });
}

using FactCounts = std::map<std::string, std::size_t>;

void count_facts(const std::vector<facts::Value>& records, FactCounts& counts) {
  for (const auto& r : records) {
    const auto* type = r.find("type");
    if (type && type->is_string() && type->as_string() != "article" && type->as_string() != "entity")
      ++counts[type->as_string()];
  }
}

std::string summary_of(const FactCounts& counts) {
  std::size_t total = 0;
  std::string detail;
  for (const auto& [type, n] : counts) {
    total += n;
    detail += (detail.empty() ? "" : ", ") + type + " " + std::to_string(n);
  }
  return std::to_string(total) + " facts" + (detail.empty() ? "" : " (" + detail + ")");
}

// ---------------------------------------------------------------------------------------------
// Per-article work.

// Articles travel between threads in batches of about kBatchBytes: the reading thread appends
// their bytes to one buffer, and the thread that works on the batch parses them and appends every
// article's output to one set of buffers. A batch is then a handful of memory blocks handed from
// one thread to the other however many articles it holds (a dozen per article each way before),
// and the Documents' strings are made and freed on one thread. Per-batch costs (a lock, a wake-up)
// stay small next to 16 KB of articles, and 4 batches per thread in flight hold about 2 MB of
// output for ordering; 64 KB batches held four times as much (35-37 MiB peak RSS with 2 threads
// instead of 28-30) for no speed.
constexpr std::size_t kBatchBytes = 16 * 1024;
constexpr std::size_t kBatchArticles = 16;
// Each article's stretch of the corpus: stretches of kStretchBytes of input in input order, so
// that every thread agrees which articles share one (the deduplication window of N-Triples and
// N-Quads, see RecentLines).
constexpr std::size_t kStretchBytes = 1u << 20;
// How many lines ahead the calling thread starts loading RecentLines' slots (a miss each, most of
// an insert otherwise).
constexpr std::size_t kPrefetchLines = 8;

struct ArticleBatch {
  std::string bytes;                       // the articles' bytes, back to back
  std::vector<text::RawArticle> articles;  // where each one is in `bytes` (paths: in `paths`)
  std::vector<std::uint32_t> stretches;    // each one's stretch
  std::vector<std::string> paths;          // the inputs they came from (reserved: never moves)
};

// What one article of a batch came to. Its output is the batch's from the previous article's end
// to its own.
struct ArticleOutcome {
  enum class State : std::uint8_t { kDone, kSkipped, kFailed };  // skipped: unreadable or empty
  State state = State::kDone;
  std::uint32_t stretch = 0;
  std::size_t bytes = 0;      // as read
  std::size_t text_end = 0;   // end of its output in BatchResult::text
  std::size_t lines_end = 0;  // end of its lines in line_ends and line_hashes (N-Triples, N-Quads)
  std::size_t quads_end = 0;  // end of its quads in BatchResult::quads (Turtle, TriG)
  std::size_t diagnostics_end = 0;  // end of its diagnostics in BatchResult::diagnostics
  std::exception_ptr error;  // why it was skipped or failed (rethrown in order under --strict)
};

// A part of BatchResult::text to write: [begin, end).
struct TextSpan {
  std::size_t begin, end;
};

// What a worker made of a batch: a few buffers for all its articles, appended to in order.
struct BatchResult {
  std::vector<ArticleOutcome> articles;
  std::vector<Diagnostic> diagnostics;  // reported in input order by the calling thread
  std::string text;  // N-Triples/N-Quads lines (repeats included) or facts JSON Lines
  std::vector<std::uint32_t> line_ends;  // export: where each line ends in `text`
  std::vector<Hash128> line_hashes;      // export: each line's hash, for RecentLines
  std::vector<rdf::Quad> quads;          // export to Turtle/TriG
  FactCounts counts;
  // Decided in input order on the calling thread (PlacedOutput::place): which parts of `text` go
  // to the output, one after another from `write_offset`.
  std::vector<TextSpan> writes;
  std::uint64_t write_offset = 0;

  /// Where article `i`'s part of a buffer begins: where the article before it ended (`end` is
  /// that buffer's end member of ArticleOutcome).
  std::size_t begin_of(std::size_t i, std::size_t ArticleOutcome::*end) const noexcept {
    return i ? articles[i - 1].*end : 0;
  }
};

// Each line is hashed once, on the worker; RecentLines, on the calling thread, knows a line by its
// hash alone (so the line's bytes need not move there). XXH3 is several times faster than std::hash
// on lines of ~175 bytes, and its 128 bits make a collision among a stretch's ~50,000 lines about
// as likely as 1e-30.
[[gnu::always_inline]] inline Hash128 line_hash(std::string_view line) noexcept {
  const XXH128_hash_t h = XXH3_128bits(line.data(), line.size());
  return Hash128{h.low64, h.high64};
}

// Quads as N-Triples/N-Quads lines, in the order the mapping made them (deterministic), each with
// its end and its hash, appended to a batch's buffers: formatted on the worker thread, which also
// writes those RecentLines keeps (PlacedOutput).
class ArticleLines : public mapping::QuadSink {
 public:
  ArticleLines(const rdf::Term* graph, BatchResult& out) : graph_(graph), out_(out) {}
  void add(const rdf::Quad& q) override {
    add_view(rdf::QuadView{&q.subject, &q.predicate, &q.object, &q.graph}, 0);
  }
  // Most quads: the terms by address, and the encoder skips the checks the engine vouches for.
  void add_view(const rdf::QuadView& q, unsigned checked) override {
    const std::size_t begin = out_.text.size();
    encoder_.append(out_.text, q, graph_, checked);
    out_.line_hashes.push_back(line_hash(std::string_view(out_.text).substr(begin)));
    out_.line_ends.push_back(static_cast<std::uint32_t>(out_.text.size()));
  }

 private:
  const rdf::Term* graph_;
  BatchResult& out_;
  rdf::LineEncoder encoder_;
};

// Where each batch's output goes. The calling thread decides, in input order, which parts of a
// batch's text are written (place()); they go one after another at the end of what was placed
// before. write() then puts them there: on the thread that made the batch when the output is a
// regular file (pwritev at their offset, so the bytes never move to another CPU's cache), else on
// the calling thread, in order.
class PlacedOutput {
 public:
  explicit PlacedOutput(JobOutput& out) : out_(out), end_(out.begin_placed()) {}
  PlacedOutput(const PlacedOutput&) = delete;
  PlacedOutput& operator=(const PlacedOutput&) = delete;

  /// Whether write() may run on any thread, in any order.
  bool anywhere() const noexcept { return out_.positional(); }
  /// Places r.text's [begin, end) after what was placed before.
  void place(BatchResult& r, std::size_t begin, std::size_t end) {
    if (begin == end) return;
    if (r.writes.empty()) r.write_offset = end_;
    if (!r.writes.empty() && r.writes.back().end == begin)
      r.writes.back().end = end;
    else
      r.writes.push_back({begin, end});
    end_ += end - begin;
  }
  /// Writes what was placed of `r`.
  void write(BatchResult& r) const {
    if (r.writes.empty()) return;
    std::vector<iovec> parts;
    parts.reserve(r.writes.size());
    for (const TextSpan& w : r.writes) parts.push_back({r.text.data() + w.begin, w.end - w.begin});
    if (anywhere())
      out_.write_parts_at(r.write_offset, parts);
    else
      out_.write_parts(parts);
  }
  /// After the last write(): the stream goes on from the end of what was placed.
  void finish() { out_.end_placed(end_); }

 private:
  JobOutput& out_;
  std::uint64_t end_;  // where the next placed byte goes
};

// The lines of one stretch of the corpus (kStretchBytes), for deduplication on the calling thread,
// in input order (so the bytes do not depend on --threads). An article repeats lines of its own
// (two maps stating one triple) and of articles before it (an entity's label and Wikidata link, an
// event several outlets report): each is written once per stretch; a line of an earlier stretch is
// written once more. Lines are known by their hashes only: bounded by a stretch's lines (about
// 50,000, 2 MB of slots at the bundled mapping's density).
class RecentLines {
 public:
  /// Takes one article's lines, lines [first, last) of batch `r`, and places those new in its
  /// stretch; returns how many that was.
  std::size_t add_article(std::uint32_t stretch, BatchResult& r, std::size_t first,
                          std::size_t last, PlacedOutput& out) {
    if (stretch != stretch_) {
      stretch_ = stretch;
      seen_.clear();
    }
    const Hash128* hashes = r.line_hashes.data();
    const std::uint32_t* ends = r.line_ends.data();
    // The set is about a core's L2: the lines are looked up a few ahead.
    for (std::size_t i = first; i < std::min(last, first + kPrefetchLines); ++i)
      seen_.prefetch(hashes[i]);
    std::size_t added = 0;
    std::uint32_t begin = first ? ends[first - 1] : 0;
    for (std::size_t i = first; i < last; ++i) {
      if (i + kPrefetchLines < last) seen_.prefetch(hashes[i + kPrefetchLines]);
      if (seen_.insert(hashes[i])) {
        out.place(r, begin, ends[i]);
        ++added;
      }
      begin = ends[i];
    }
    return added;
  }

 private:
  std::uint32_t stretch_ = 0;
  HashSet128 seen_;
};

// A blank node label prefix from an article id: letters and digits kept, anything else as '_'.
std::string blank_prefix_for(const std::string& article_id) {
  std::string p = "a";
  for (const char c : article_id) p += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return p + "_";
}

std::string graph_iri(const std::string& base, const std::string& article_id) {
  std::string iri = base + "graph/";
  mapping::append_iri_safe(iri, article_id);
  return iri;
}

// ---------------------------------------------------------------------------------------------
// The dataset description (VoID + DCAT + PROV), without a wall-clock time unless --created.

std::vector<rdf::Quad> dataset_description(const Config& config, const Resources& res, std::size_t triples) {
  const std::string base = config.effective_base_iri();
  const std::string dcterms = "http://purl.org/dc/terms/", voidns = "http://rdfs.org/ns/void#",
                    dcat = "http://www.w3.org/ns/dcat#", prov = "http://www.w3.org/ns/prov#",
                    xsd = rdf::vocab::kXsd;
  const auto ds = rdf::Term::iri(base + "dataset");
  const auto activity = rdf::Term::iri(base + "dataset/export");
  const auto rules = rdf::Term::iri(base + "dataset/rules/sha256-" + res.digest);
  const auto tool = rdf::Term::iri("https://w3id.org/treatykg/tool/" + version());
  const auto type = rdf::Term::iri(rdf::vocab::kRdfType);
  auto iri = [](const std::string& s) { return rdf::Term::iri(s); };
  std::vector<rdf::Quad> q{
      {ds, type, iri(voidns + "Dataset"), {}},
      {ds, type, iri(dcat + "Dataset"), {}},
      {ds, iri(dcterms + "title"),
       rdf::Term::literal(config.title.empty() ? "treatykg knowledge graph" : config.title, "", "en"), {}},
      {ds, iri(voidns + "triples"), rdf::Term::literal(std::to_string(triples), xsd + "integer"), {}},
      {ds, iri(voidns + "vocabulary"), iri(kOntologyNamespace), {}},
      {ds, iri(voidns + "uriSpace"), rdf::Term::literal(base), {}},
      {ds, iri(prov + "wasGeneratedBy"), activity, {}},
      {activity, type, iri(prov + "Activity"), {}},
      {activity, iri(prov + "wasAssociatedWith"), tool, {}},
      {activity, iri(prov + "used"), rules, {}},
      {tool, type, iri(prov + "SoftwareAgent"), {}},
      {tool, iri(rdf::vocab::kRdfs + std::string("label")), rdf::Term::literal("treatykg " + version()), {}},
      {rules, type, iri(prov + "Entity"), {}},
      {rules, iri(rdf::vocab::kRdfs + std::string("label")),
       rdf::Term::literal("extraction rules, lexicon and RML mapping", "", "en"), {}},
      {rules, iri(dcterms + "identifier"), rdf::Term::literal("sha256:" + res.digest), {}},
  };
  if (!config.license.empty()) q.push_back({ds, iri(dcterms + "license"), iri(config.license), {}});
  if (!config.sparql_endpoint.empty()) q.push_back({ds, iri(voidns + "sparqlEndpoint"), iri(config.sparql_endpoint), {}});
  if (!config.created.empty())
    q.push_back({ds, iri(dcterms + "created"), rdf::Term::literal(config.created, xsd + "date"), {}});
  return q;
}

// What a corpus run counted: the summary line and the exit status come from it.
struct CorpusTally {
  std::size_t read = 0;     // articles processed
  // Articles skipped: unreadable, empty, or failed (each reported on stderr).
  std::size_t skipped = 0;
  FactCounts counts;
  double seconds = 0;
};

// Works on one batch: parses each article and runs `work(doc, stretch, sink, out)` on it, which
// appends its output to `out` (and its fact counts last, once nothing else can fail). An unreadable
// or empty article is skipped, and so is one whose work throws an Error: its output so far is taken
// back. Diagnostics are kept in the batch, to be reported in input order.
template <class Work>
BatchResult work_on_batch(ArticleBatch& batch, const Work& work) {
  BatchResult out;
  out.articles.reserve(batch.articles.size());
  // Room for the output at this thread's densest batch so far (bytes and lines per byte read):
  // batches differ in size more than in kind, and a guess too small costs regrowths (copies).
  static thread_local double text_per_byte = 0, lines_per_byte = 0;
  const auto expect = [&](double per_byte) {
    return std::min<std::size_t>(
        static_cast<std::size_t>(per_byte * static_cast<double>(batch.bytes.size())), 16u << 20);
  };
  out.text.reserve(expect(text_per_byte));
  out.line_ends.reserve(expect(lines_per_byte));
  out.line_hashes.reserve(expect(lines_per_byte));
  DiagnosticSink sink([&](const Diagnostic& d) { out.diagnostics.push_back(d); });
  for (std::size_t i = 0; i < batch.articles.size(); ++i) {
    const text::RawArticle& raw = batch.articles[i];
    ArticleOutcome a;
    a.stretch = batch.stretches[i];
    a.bytes = raw.size;
    const std::size_t text_size = out.text.size(), lines = out.line_ends.size(),
                      quads = out.quads.size();
    try {
      if (auto doc = text::parse_raw(std::string_view(batch.bytes).substr(raw.begin, raw.size), raw,
                                     sink)) {
        try {
          work(*doc, a.stretch, sink, out);
        } catch (const Error& e) {
          a.state = ArticleOutcome::State::kFailed;
          a.error = std::current_exception();
          sink.error(doc->source.empty() ? doc->id : doc->source,
                     std::string("skipped: ") + e.what());
        }
      } else {
        a.state = ArticleOutcome::State::kSkipped;  // empty: warned
      }
    } catch (const SyntaxError& e) {
      a.state = ArticleOutcome::State::kSkipped;
      a.error = std::current_exception();
      sink.report(text::skipped_article(e, raw));
    }
    if (a.state == ArticleOutcome::State::kFailed) {
      out.text.resize(text_size);
      out.line_ends.resize(lines);
      out.line_hashes.resize(lines);
      out.quads.resize(quads);
    }
    a.text_end = out.text.size();
    a.lines_end = out.line_ends.size();
    a.quads_end = out.quads.size();
    a.diagnostics_end = out.diagnostics.size();
    out.articles.push_back(std::move(a));
  }
  if (!batch.bytes.empty()) {
    const double read = static_cast<double>(batch.bytes.size());
    text_per_byte = std::max(text_per_byte, static_cast<double>(out.text.size()) / read * 1.05);
    lines_per_byte =
        std::max(lines_per_byte, static_cast<double>(out.line_ends.size()) / read * 1.05);
  }
  return out;
}

// The loop export and extract share: inputs in sorted order (any order gives the same bytes),
// articles streamed from the reader in batches, `work` on config.threads threads (this one among
// them) with one bad article skipped rather than fatal, and on this thread, in input order, each
// article's diagnostics, `emit(batch, article)` and the progress line. Under --strict the first bad
// article in input order stops the run. With `placed`, what emit placed of a batch is written
// (on the thread that made it, where the output allows).
template <class Work, class Emit>
CorpusTally run_corpus(const Config& config, DiagnosticSink& sink, const Work& work,
                       const Emit& emit, PlacedOutput* placed) {
  std::vector<std::string> inputs = config.inputs;
  std::sort(inputs.begin(), inputs.end());
  // --strict is applied in input order below: the reader's own option is next()'s, unused here.
  text::ArticleReader reader(inputs, sink);
  Progress progress(config.progress, inputs);
  CorpusTally tally;
  std::uint64_t input_bytes = 0;
  const std::function<std::optional<ArticleBatch>()> next = [&]() -> std::optional<ArticleBatch> {
    ArticleBatch batch;
    batch.articles.reserve(kBatchArticles);
    batch.stretches.reserve(kBatchArticles);
    batch.paths.reserve(kBatchArticles);  // at most one per article: the pointers below stay valid
    text::RawArticle raw;
    while (batch.articles.size() < kBatchArticles && batch.bytes.size() < kBatchBytes &&
           reader.next_raw(batch.bytes, raw)) {
      // The reader's path is good until it opens the next input; the batch keeps its own copy.
      if (batch.paths.empty() || batch.paths.back() != *raw.path) batch.paths.push_back(*raw.path);
      raw.path = &batch.paths.back();
      batch.articles.push_back(raw);
      batch.stretches.push_back(static_cast<std::uint32_t>(input_bytes / kStretchBytes));
      input_bytes += raw.size;
    }
    if (batch.articles.empty()) return std::nullopt;
    return batch;
  };
  const std::function<BatchResult(ArticleBatch&)> on_worker = [&](ArticleBatch& b) {
    return work_on_batch(b, work);
  };
  const std::function<void(BatchResult&)> in_order = [&](BatchResult& r) {
    std::size_t diagnostic = 0;
    for (std::size_t i = 0; i < r.articles.size(); ++i) {
      const ArticleOutcome& a = r.articles[i];
      // Under --strict the error stops the run and is reported once, by the caller: it is the
      // article's last diagnostic.
      const bool stop = config.strict && a.error;
      for (; diagnostic < a.diagnostics_end - (stop ? 1 : 0); ++diagnostic)
        sink.report(std::move(r.diagnostics[diagnostic]));
      if (stop) std::rethrow_exception(a.error);
      if (a.state == ArticleOutcome::State::kDone) {
        ++tally.read;
        emit(r, i);
      } else {
        ++tally.skipped;
      }
      progress.article_done(a.bytes);
    }
    for (const auto& [t, n] : r.counts) tally.counts[t] += n;
    if (placed && !placed->anywhere()) placed->write(r);
  };
  std::function<void(BatchResult&)> write_anywhere;
  if (placed && placed->anywhere()) write_anywhere = [&](BatchResult& r) { placed->write(r); };
  run_ordered<ArticleBatch, BatchResult>(config.threads, next, on_worker, in_order, 4,
                                         write_anywhere);
  if (placed) placed->finish();
  progress.clear();
  tally.seconds = progress.seconds();
  return tally;
}

}  // namespace

// -----------------------------------------------------------------------------------------------

void check_stages(const Config& config, CheckReport& report) {
  auto problem = [&](const std::string& path, const Error& e) {
    if (const auto* s = dynamic_cast<const SyntaxError*>(&e)) {
      Diagnostic d{Severity::kError, s->path(), std::nullopt, s->message()};
      if (s->has_pos()) d.pos = s->pos();
      report.problems.push_back(d);
    } else {
      report.problems.push_back({Severity::kError, path, std::nullopt, e.what()});
    }
  };
  const std::string rules = rules_path(config);
  for (const auto& f : rule_files(rules)) report.files.push_back(f);
  try {
    extract::RuleSet::load_dir(rules);
  } catch (const Error& e) {
    problem(rules, e);
  }
  try {
    load_lexicon(lexicon_path(config), read_ontology(ontology_path(config)).sub_class_of);
  } catch (const SyntaxError& e) {
    if (e.has_pos()) return;  // syntax errors were reported by the Turtle pass already
    problem(lexicon_path(config), e);
  } catch (const Error&) {
  }
  try {
    mapping::compile_file(mappings_path(config), mapping::Options{default_base_iri(Command::kExport), true});
  } catch (const MappingError& e) {
    problem(mappings_path(config), e);
  } catch (const Error&) {
    // Syntax and I/O problems of the mapping were reported by the Turtle pass.
  }
}

JobResult run_export(const Config& config) {
  const Resources res = load_resources(config, true, true);
  DiagnosticSink sink = make_sink(config);
  const bool graphs = rdf::has_graphs(config.format);
  const bool streaming = config.format == rdf::Syntax::kNTriples || config.format == rdf::Syntax::kNQuads;
  const std::string base = config.effective_base_iri();

  JobOutput out(config.output);
  rdf::Writer writer(out.stream(), out.name(), rdf::WriteOptions{config.format, res.prefixes});
  rdf::Model collected;  // Turtle and TriG: the whole graph, written sorted at the end
  std::size_t statements = 0;
  std::optional<PlacedOutput> placed;  // N-Triples and N-Quads
  if (streaming) placed.emplace(out);
  RecentLines recent;

  const auto work = [&](const text::Document& doc, std::uint32_t stretch,
                        DiagnosticSink& article_sink, BatchResult& r) {
    const auto records = res.extractor->run(doc, article_sink);
    mapping::Inputs in;
    in.fact_records = &records;
    in.blank_prefix = blank_prefix_for(doc.id);  // blank nodes of one article never meet another's
    // What reaches the output keeps each quad once: RecentLines writes a line once per stretch, the
    // collected model (Turtle, TriG) is a set. A named graph per article (TriG, N-Quads) needs every
    // article's own quads, so only N-Triples and Turtle share a stretch's scope.
    in.distinct_sink = true;
    if (!graphs) in.distinct_scope = stretch + 1;
    const auto graph = graphs ? rdf::Term::iri(graph_iri(base, doc.id)) : rdf::Term::iri("");
    if (streaming) {
      ArticleLines lines(&graph, r);
      mapping::execute(*res.plan, in, lines);
    } else {
      mapping::QuadVector quads;
      quads.quads.reserve(32 * records.size() + 64);  // the bundled mapping: ~25 quads per fact
      mapping::execute(*res.plan, in, quads);
      // The collected model dedupes, the writer sorts.
      if (graphs)
        for (auto& q : quads.quads) q.graph = graph;
      r.quads.insert(r.quads.end(), std::make_move_iterator(quads.quads.begin()),
                     std::make_move_iterator(quads.quads.end()));
    }
    count_facts(records, r.counts);  // last: nothing after it can fail
  };
  const auto emit = [&](BatchResult& r, std::size_t i) {
    const ArticleOutcome& a = r.articles[i];
    if (streaming) {
      statements += recent.add_article(a.stretch, r, r.begin_of(i, &ArticleOutcome::lines_end),
                                       a.lines_end, *placed);
    } else {
      for (std::size_t q = r.begin_of(i, &ArticleOutcome::quads_end); q < a.quads_end; ++q)
        collected.add(r.quads[q]);
    }
  };
  const CorpusTally tally = run_corpus(config, sink, work, emit, placed ? &*placed : nullptr);

  if (!streaming) {
    statements = collected.size();
    writer.write(collected);
  }
  const auto description = dataset_description(config, res, statements);
  if (!config.no_description) {
    if (streaming) {
      for (const auto& q : description) writer.write(q);
    } else {
      rdf::Model d;
      for (const auto& q : description) d.add(q);
      writer.write(d);
    }
  }
  writer.finish();
  out.commit();
  if (!config.quiet) {
    std::fprintf(stderr, "treatykg export: %zu articles read, %zu skipped, %s, %zu triples, %.2f s\n", tally.read,
                 tally.skipped, summary_of(tally.counts).c_str(), statements, tally.seconds);
  }
  return JobResult{tally.skipped == 0 && sink.count(Severity::kError) == 0};
}

JobResult run_extract(const Config& config) {
  const Resources res = load_resources(config, true, false);
  DiagnosticSink sink = make_sink(config);
  JobOutput out(config.output);
  const auto work = [&](const text::Document& doc, std::uint32_t, DiagnosticSink& article_sink,
                        BatchResult& r) {
    const auto records = res.extractor->run(doc, article_sink);
    extract::append_jsonl(r.text, records);  // formatted on the worker, like export's lines
    count_facts(records, r.counts);          // last: nothing after it can fail
  };
  PlacedOutput placed(out);
  const auto emit = [&](BatchResult& r, std::size_t i) {
    placed.place(r, r.begin_of(i, &ArticleOutcome::text_end), r.articles[i].text_end);
  };
  const CorpusTally tally = run_corpus(config, sink, work, emit, &placed);
  out.commit();
  if (!config.quiet) {
    std::fprintf(stderr, "treatykg extract: %zu articles read, %zu skipped, %s, %.2f s\n", tally.read, tally.skipped,
                 summary_of(tally.counts).c_str(), tally.seconds);
  }
  return JobResult{tally.skipped == 0 && sink.count(Severity::kError) == 0};
}

JobResult run_map(const Config& config) {
  mapping::Options options;
  options.base_iri = config.effective_base_iri();
  options.strict = true;  // an RML engine either maps the data or says why not
  const std::string mapping_file = mappings_path(config);
  const auto plan = mapping::compile_file(mapping_file, options);
  // rml:UnsafeIRI is the mapping author's opt-in: say so once, and let the writer accept its IRIs.
  if (plan.uses_unsafe_iris()) std::fputs(plan.unsafe_iri_warning().c_str(), stderr);
  rdf::Model ontology;
  if (!config.ontology.empty())
    for (const auto& f : rdf_files(config.ontology)) rdf::read_file(f, ontology);
  rdf::Model mapping_model;  // prefixes of the mapping document make readable Turtle
  rdf::PrefixMap prefixes;
  try {
    rdf::read_file(mapping_file, mapping_model);
    for (const auto& [p, iri] : mapping_model.prefixes())
      if (!p.empty()) prefixes.emplace_back(p, iri);
  } catch (const Error&) {
  }
  JobOutput out(config.output);
  rdf::WriteOptions write_options{config.format, prefixes};
  write_options.unsafe_iris = plan.uses_unsafe_iris();  // only a mapping with rml:UnsafeIRI opts in
  rdf::Writer writer(out.stream(), out.name(), write_options);
  const bool streaming = config.format == rdf::Syntax::kNTriples || config.format == rdf::Syntax::kNQuads;
  rdf::Model collected;
  mapping::QuadCallback sink([&](const rdf::Quad& q) {
    if (streaming) writer.write(q);
    else collected.add(q);
  });
  mapping::Inputs inputs;
  inputs.fact_files = config.inputs;
  const auto start = Clock::now();
  const auto stats = mapping::execute(plan, inputs, sink);
  if (!streaming) writer.write(collected);
  writer.finish();
  out.commit();
  if (!config.quiet) {
    std::fprintf(stderr, "treatykg map: %llu records, %llu triples, %.2f s\n",
                 static_cast<unsigned long long>(stats.records), static_cast<unsigned long long>(stats.quads),
                 std::chrono::duration<double>(Clock::now() - start).count());
  }
  return JobResult{true};
}

}  // namespace treatykg::pipeline
