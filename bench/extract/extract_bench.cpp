// Times extraction over a JSON Lines corpus: MB/s of article text, articles/s, facts, peak RSS.
//
//   extract_bench --corpus corpus.jsonl [--threads 1] [--lexicon mappings/lexicon.ttl]
//                 [--rules mappings/rules] [--dump-aliases aliases.txt] [--out records.jsonl]
//
// --out writes every record as JSON Lines in corpus order (one thread), to compare two builds of
// the extractor byte for byte. (The lexicon comes from the tests' reader, which orders some entries
// differently from the rdf layer: compare --out with --out, not with `treatykg extract`.)
//
// The lexicon is read with the tests' small Turtle reader (bench must not need the rdf layer).

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <mutex>
#include <thread>

#include "extract/extractor.hpp"
#include "extract/jsonl.hpp"
#include "test_lexicon.hpp"
#include "text/reader.hpp"

using namespace treatykg;

namespace {

constexpr const char* kUsage =
    "usage: extract_bench --corpus corpus.jsonl [--threads N] [--lexicon FILE] [--lexicon-extra FILE]\n"
    "                     [--rules DIR] [--dump-aliases FILE] [--out records.jsonl]\n";

int run(int argc, char** argv) {
  std::string corpus, lexicon = "mappings/lexicon.ttl", rules = "mappings/rules", dump, out_path;
  std::vector<std::string> extra;
  int threads = 1;
  if (argc % 2 == 0) {  // every option takes a value
    std::fputs(kUsage, stderr);
    return 2;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--corpus")
      corpus = argv[i + 1];
    else if (a == "--lexicon")
      lexicon = argv[i + 1];
    else if (a == "--lexicon-extra")
      extra.push_back(argv[i + 1]);
    else if (a == "--rules")
      rules = argv[i + 1];
    else if (a == "--threads")
      threads = std::atoi(argv[i + 1]);
    else if (a == "--dump-aliases")
      dump = argv[i + 1];
    else if (a == "--out")
      out_path = argv[i + 1];
    else {
      std::fprintf(stderr, "extract_bench: unknown option '%s'\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  if (corpus.empty() && dump.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::vector<std::string> lex_paths{lexicon};
  lex_paths.insert(lex_paths.end(), extra.begin(), extra.end());
  auto lex = testing::lexicon_from_turtle(lex_paths);
  if (!dump.empty()) {
    std::ofstream out(dump);
    for (const auto& e : lex.entries) {
      for (const auto& a : e.aliases) out << a << "\n";
      for (const auto& a : e.demonyms) out << a << "\n";
    }
    if (corpus.empty()) return 0;
  }
  auto t0 = std::chrono::steady_clock::now();
  extract::Extractor ex(lex, extract::RuleSet::load_dir(rules));
  double compile_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

  DiagnosticSink sink;
  text::ArticleReader reader({corpus}, sink);
  std::mutex in_mu;
  std::atomic<std::size_t> bytes{0}, articles{0}, facts{0};
  auto start = std::chrono::steady_clock::now();
  std::FILE* out = nullptr;
  if (!out_path.empty()) {
    out = std::fopen(out_path.c_str(), "wb");
    if (!out) {
      std::perror(out_path.c_str());
      return 1;
    }
    threads = 1;  // records in corpus order
  }
  std::vector<std::thread> pool;
  std::exception_ptr failure;  // the first error of any thread, rethrown after the join
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      DiagnosticSink local;
      try {
        while (true) {
          std::optional<text::Document> doc;
          {
            std::lock_guard<std::mutex> lock(in_mu);
            if (failure) break;
            doc = reader.next();
          }
          if (!doc) break;
          auto records = ex.run(*doc, local);
          if (out) extract::write_jsonl(out, records);
          bytes += doc->body.size();
          articles += 1;
          facts += records.size();
        }
      } catch (...) {
        std::lock_guard<std::mutex> lock(in_mu);
        if (!failure) failure = std::current_exception();
      }
    });
  for (auto& th : pool) th.join();
  if (failure) std::rethrow_exception(failure);
  if (out && std::fclose(out) != 0) {
    std::perror(out_path.c_str());
    return 1;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  double mb = static_cast<double>(bytes.load()) / (1024.0 * 1024.0);
  double cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
               static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  // Wall-clock figures depend on what else runs on the machine; MB per CPU-second is the per-core
  // speed.
  std::printf(
      "extract: %.1f MB text, %zu articles, %zu records in %.2f s wall / %.2f s CPU on %d "
      "thread(s): "
      "%.1f MB/s wall, %.1f MB per CPU-second, %.0f articles/s, peak RSS %.1f MB (compile %.0f "
      "ms)\n",
      mb, articles.load(), facts.load(), secs, cpu, threads, mb / secs, mb / cpu,
      static_cast<double>(articles.load()) / secs, static_cast<double>(ru.ru_maxrss) / 1024.0,
      compile_ms);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {  // a missing or malformed corpus, lexicon or rule file
    std::fprintf(stderr, "extract_bench: error: %s\n", e.what());
    return 1;
  }
}
