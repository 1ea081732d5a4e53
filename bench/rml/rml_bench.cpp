// tkg_rml_bench MAPPING.ttl OUT.nq [--sink writer|async|null|split]
// Maps with the streaming path (records mapped and written as they are read) and prints one JSON
// line: records, triples, seconds, records/s, triples/s, peak RSS. `--sink null` skips writing
// (measures the engine alone), `writer` (default) writes N-Quads through rdf::Writer, `async` does
// so on a second thread (mapping::AsyncSink), `split` maps into memory first and times rdf::Writer
// alone.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "base/error.hpp"
#include "base/files.hpp"
#include "mapping/async_sink.hpp"
#include "mapping/mapping.hpp"
#include "rdf/writer.hpp"

using namespace treatykg;

namespace {

class WriterSink : public mapping::QuadSink {
 public:
  explicit WriterSink(rdf::Writer& w) : w_(w) {}
  void add(const rdf::Quad& q) override { w_.write(q); }

 private:
  rdf::Writer& w_;
};

class NullSink : public mapping::QuadSink {
 public:
  void add(const rdf::Quad& q) override { bytes += q.subject.value.size() + q.object.value.size(); }
  std::size_t bytes = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: tkg_rml_bench MAPPING.ttl OUT.nq [--sink writer|null]\n";
    return 2;
  }
  std::string sink_kind = "writer";
  for (int i = 3; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--sink") == 0) sink_kind = argv[i + 1];
  try {
    auto t0 = std::chrono::steady_clock::now();
    mapping::Plan plan = mapping::compile_file(argv[1]);
    mapping::RunStats stats;
    if (sink_kind == "split") {
      // Where the time goes: mapping into memory, then rdf::Writer alone on the same quads.
      mapping::QuadVector all;
      stats = mapping::execute(plan, mapping::Inputs{}, all);
      auto t1 = std::chrono::steady_clock::now();
      OutputFile out(argv[2]);
      rdf::Writer writer(out.stream(), argv[2],
                         rdf::WriteOptions{.syntax = rdf::Syntax::kNQuads, .prefixes = {}});
      for (const auto& q : all.quads) writer.write(q);
      writer.finish();
      out.commit();
      double map_s = std::chrono::duration<double>(t1 - t0).count();
      double write_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
      std::printf(
          "{\"engine\":\"treatykg\",\"sink\":\"split\",\"map_seconds\":%.3f,\"write_seconds\":%.3f,"
          "\"write_us_per_quad\":%.3f}\n",
          map_s, write_s, 1e6 * write_s / static_cast<double>(all.quads.size()));
      return 0;
    }
    if (sink_kind == "null") {
      NullSink sink;
      stats = mapping::execute(plan, mapping::Inputs{}, sink);
    } else {
      OutputFile out(argv[2]);
      rdf::Writer writer(out.stream(), argv[2],
                         rdf::WriteOptions{.syntax = rdf::Syntax::kNQuads, .prefixes = {}});
      WriterSink sink(writer);
      if (sink_kind == "async") {
        mapping::AsyncSink async(sink);
        stats = mapping::execute(plan, mapping::Inputs{}, async);
        async.finish();
      } else {
        stats = mapping::execute(plan, mapping::Inputs{}, sink);
      }
      writer.finish();
      out.commit();
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf(
        "{\"engine\":\"treatykg\",\"sink\":\"%s\",\"records\":%llu,\"triples\":%llu,\"seconds\":%."
        "3f,"
        "\"records_per_s\":%.0f,\"triples_per_s\":%.0f,\"peak_rss_mb\":%.1f}\n",
        sink_kind.c_str(), static_cast<unsigned long long>(stats.records),
        static_cast<unsigned long long>(stats.quads), s, stats.records / s, stats.quads / s,
        ru.ru_maxrss / 1024.0);
  } catch (const Error& e) {
    std::cerr << "tkg_rml_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
