// `treatykg export` and `extract` as a user runs them on a corpus: determinism (runs, input order,
// threads), shards that merge by union, bad articles that are skipped and reported, --strict, atomic
// output, and `map` on extracted facts giving the same graph as `export`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "run_command.hpp"

namespace fs = std::filesystem;
using treatykg::testing::read_all;
using treatykg::testing::run_command;

namespace {

std::string g_binary;
const fs::path kSamples = fs::path(TREATYKG_SOURCE_DIR) / "samples" / "articles";

std::string tk(const std::string& args) { return "'" + g_binary + "' " + args; }

fs::path scratch(const std::string& name) {
  const auto dir = fs::path(::testing::TempDir()) / ("treatykg-export-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

std::vector<std::string> sample_files() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kSamples))
    if (e.is_regular_file()) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string quoted(const std::vector<std::string>& paths) {
  std::string s;
  for (const auto& p : paths) s += " '" + p + "'";
  return s;
}

std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) lines.push_back(l);
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::string json_string(const std::string& text) {
  std::string s = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      s += '\\';
      s += c;
    } else if (c == '\n') {
      s += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char u[8];
      std::snprintf(u, sizeof u, "\\u%04x", c);
      s += u;
    } else {
      s += c;
    }
  }
  return s + "\"";
}

// The line numbers `path:N:` that stderr names, in the order it names them.
std::vector<int> lines_named(const std::string& err, const std::string& path) {
  std::vector<int> lines;
  for (std::size_t at = err.find(path + ":"); at != std::string::npos;
       at = err.find(path + ":", at + 1))
    lines.push_back(std::atoi(err.c_str() + at + path.size() + 1));
  return lines;
}

// 150 articles (the samples' texts under new ids) in JSON Lines: many batches, ~10 MB of N-Triples.
fs::path many_batches_corpus() {
  const auto corpus = scratch("batches.jsonl");
  if (fs::exists(corpus)) return corpus;
  const auto files = sample_files();
  std::ofstream f(corpus, std::ios::binary);
  for (int line = 1; line <= 150; ++line)
    f << "{\"id\":\"copy" << line
      << "\",\"text\":" << json_string(read_all(files[line % files.size()])) << "}\n";
  return corpus;
}

}  // namespace

TEST(Export, SamplesGiveTurtleThatSerdiAndRapperParse) {
  const auto out = scratch("kg.ttl");
  const auto r = run_command(tk("export -q '" + kSamples.string() + "' -o '" + out.string() + "'"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto serdi = run_command("serdi -i turtle -o ntriples '" + out.string() + "' | wc -l");
  ASSERT_EQ(serdi.exit_code, 0) << serdi.err;
  const long triples = std::stol(serdi.out);
  EXPECT_GT(triples, 200) << "too few triples for five articles";
  const auto rapper = run_command("rapper -i turtle -c '" + out.string() + "'");
  EXPECT_EQ(rapper.exit_code, 0) << rapper.err;
  EXPECT_NE(rapper.err.find("returned " + std::to_string(triples) + " triples"), std::string::npos) << rapper.err;
}

TEST(Export, SameCorpusGivesByteIdenticalOutputInAnyOrderAndWithThreads) {
  const auto files = sample_files();
  ASSERT_GE(files.size(), 5u);
  auto reversed = files;
  std::reverse(reversed.begin(), reversed.end());
  const auto a = run_command(tk("export -q" + quoted(files)));
  const auto b = run_command(tk("export -q" + quoted(files)));
  const auto c = run_command(tk("export -q" + quoted(reversed)));
  const auto d = run_command(tk("export -q --threads 2" + quoted(reversed)));
  const auto e = run_command(tk("export -q --threads 2 -f ntriples" + quoted(files)));
  const auto f = run_command(tk("export -q --threads 1 -f ntriples" + quoted(files)));
  for (const auto* r : {&a, &b, &c, &d, &e, &f}) ASSERT_EQ(r->exit_code, 0) << r->err;
  EXPECT_FALSE(a.out.empty());
  EXPECT_EQ(a.out, b.out) << "two runs differ";
  EXPECT_EQ(a.out, c.out) << "input order changes the output";
  EXPECT_EQ(a.out, d.out) << "--threads 2 changes the output";
  EXPECT_EQ(e.out, f.out) << "--threads changes N-Triples output";
}

TEST(Export, ShardsExportedApartMergeByUnion) {
  const auto files = sample_files();
  const auto whole = run_command(tk("export -q -f ntriples --no-description" + quoted(files)));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  std::string shards;
  for (std::size_t i = 0; i < files.size(); i += 2) {
    std::vector<std::string> part(files.begin() + i, files.begin() + std::min(files.size(), i + 2));
    const auto r = run_command(tk("export -q -f ntriples --no-description" + quoted(part)));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    shards += r.out;
  }
  auto a = sorted_lines(whole.out), b = sorted_lines(shards);
  a.erase(std::unique(a.begin(), a.end()), a.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  EXPECT_EQ(a, b);
}

TEST(Export, NTriplesWritesALineSeveralArticlesShareOnce) {
  // Every sample names Russia and North Korea: their labels and Wikidata links are one line each.
  const auto r = run_command(tk("export -q -f ntriples" + quoted(sample_files())));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = sorted_lines(r.out);
  const auto all = lines.size();
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  EXPECT_EQ(lines.size(), all) << "repeated lines in the N-Triples output";
  const std::string label = "<https://w3id.org/treatykg/entity/russia> <http://www.w3.org/2000/01/rdf-schema#label>";
  EXPECT_EQ(std::count_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(label, 0) == 0; }), 1);
  // The description counts the data triples written: the lines of the same run without it.
  const auto bare = run_command(tk("export -q -f ntriples --no-description" + quoted(sample_files())));
  ASSERT_EQ(bare.exit_code, 0) << bare.err;
  const auto data_lines = sorted_lines(bare.out).size();
  EXPECT_LT(data_lines, all);
  EXPECT_NE(r.out.find("<http://rdfs.org/ns/void#triples> \"" + std::to_string(data_lines) + "\"^^"),
            std::string::npos);
}

TEST(Export, TrigPutsEachArticleInItsOwnGraph) {
  const auto files = sample_files();
  const auto r = run_command(tk("export -q -f nquads" + quoted(files)));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& f : files) {
    const std::string id = fs::path(f).stem().string();
    EXPECT_NE(r.out.find("<https://w3id.org/treatykg/data/graph/" + id + "> ."), std::string::npos) << id;
  }
  // N-Quads lines are unique (each article's are deduplicated on its worker) and are exactly the
  // quads TriG writes from the collected, deduplicated model.
  auto lines = sorted_lines(r.out);
  const auto all = lines.size();
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  EXPECT_EQ(lines.size(), all) << "repeated lines in the N-Quads output";
  const auto trig = run_command(tk("export -q -f trig" + quoted(files)) + " | serdi -i trig -o nquads - | wc -l");
  EXPECT_EQ(trig.exit_code, 0) << trig.err;
  EXPECT_GT(std::stol(trig.out), 200);
  EXPECT_EQ(static_cast<std::size_t>(std::stol(trig.out)), all);
}

TEST(Export, BadArticlesAreSkippedAndReportedTheRestIsExported) {
  const auto dir = scratch("mixed");
  fs::create_directories(dir);
  fs::copy_file(sample_files()[0], dir / "a-good.txt", fs::copy_options::overwrite_existing);
  std::ofstream(dir / "b-invalid-utf8.txt", std::ios::binary) << "North Korea sent \xff\xfe troops.";
  std::ofstream(dir / "c-binary.txt", std::ios::binary) << std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0", 12);
  const auto r = run_command(tk("export '" + dir.string() + "'"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("b-invalid-utf8.txt"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("c-binary.txt"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find(fs::path(sample_files()[0]).stem().string()), std::string::npos)
      << "the good article was not exported";

  const auto out = scratch("strict.ttl");
  const auto strict = run_command(tk("export -q --strict '" + dir.string() + "' -o '" + out.string() + "'"));
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_FALSE(fs::exists(out)) << "--strict wrote output";
}

TEST(Export, BadRecordsOfAJsonLinesCorpusAreReportedInInputOrderWithAnyThreads) {
  // Records are read on one thread and parsed on the thread that works on them: the reports still
  // come in input order, the same with 1 and 2 threads, and --strict stops at the first one.
  const auto files = sample_files();
  const auto corpus = scratch("mixed.jsonl");
  std::vector<int> expected;
  {
    std::ofstream f(corpus, std::ios::binary);
    for (int line = 1; line <= 60; ++line) {  // several batches' worth
      if (line % 7 == 0) {
        f << "{\"id\":\"bad" << line << "\",\"text\":\"no closing quote}\n";
        expected.push_back(line);
      } else if (line % 11 == 0) {
        f << "{\"id\":\"empty" << line << "\",\"text\":\" \\n \"}\n";
        expected.push_back(line);
      } else {
        f << "{\"id\":\"a" << line
          << "\",\"text\":" << json_string(read_all(files[line % files.size()])) << "}\n";
      }
    }
  }
  const std::string path = corpus.string();
  const auto one =
      run_command(tk("export --no-progress -f ntriples --threads 1 '" + path + "' -o /dev/null"));
  const auto two =
      run_command(tk("export --no-progress -f ntriples --threads 2 '" + path + "' -o /dev/null"));
  for (const auto* r : {&one, &two}) {
    EXPECT_EQ(r->exit_code, 1) << r->err;
    EXPECT_EQ(lines_named(r->err, path), expected) << r->err;
    EXPECT_NE(r->err.find(path + ":7:"), std::string::npos) << r->err;
    EXPECT_NE(r->err.find("unterminated string; article skipped"), std::string::npos) << r->err;
    EXPECT_NE(r->err.find("empty article 'empty11': no facts; skipped"), std::string::npos)
        << r->err;
    EXPECT_NE(r->err.find(std::to_string(60 - expected.size()) + " articles read, " +
                          std::to_string(expected.size()) + " skipped"),
              std::string::npos)
        << r->err;
  }
  // Everything but the summary's seconds is the same.
  EXPECT_EQ(one.err.substr(0, one.err.rfind(" triples, ")),
            two.err.substr(0, two.err.rfind(" triples, ")));

  const auto strict = run_command(
      tk("export -q --strict --threads 2 '" + path + "' -o '" + scratch("s.nt").string() + "'"));
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_EQ(lines_named(strict.err, path), std::vector<int>{7}) << strict.err;
  EXPECT_FALSE(fs::exists(scratch("s.nt"))) << "--strict wrote output";
}

TEST(Export, AFolderOfManyFilesNamesEachBadFileRightly) {
  // Text files, one article each, read on one thread and parsed on another over many batches: every
  // report names its own file, in input order, with 1 and 2 threads.
  const auto dir = scratch("many");
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto files = sample_files();
  std::vector<std::string> bad;
  for (int i = 0; i < 70; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%03d.txt", i);
    if (i % 9 == 4) {
      std::ofstream(dir / name, std::ios::binary) << "Troops \xff\xfe moved.";
      bad.push_back((dir / name).string());
    } else {
      fs::copy_file(files[static_cast<std::size_t>(i) % files.size()], dir / name,
                    fs::copy_options::overwrite_existing);
    }
  }
  for (const char* threads : {"1", "2"}) {
    const auto r = run_command(tk("export --no-progress -f ntriples --threads " +
                                  std::string(threads) + " '" + dir.string() + "' -o /dev/null"));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    std::vector<std::string> named;
    std::istringstream err(r.err);
    for (std::string line; std::getline(err, line);)
      if (line.find("invalid UTF-8") != std::string::npos)
        named.push_back(line.substr(0, line.find(':')));
    EXPECT_EQ(named, bad) << "threads " << threads << "\n" << r.err;
    EXPECT_NE(r.err.find(std::to_string(70 - bad.size()) + " articles read, " +
                         std::to_string(bad.size()) + " skipped"),
              std::string::npos)
        << r.err;
  }
}

TEST(Export, WriteErrorIsExit1AndNoPartialFile) {
  const auto r = run_command(tk("export -q '" + kSamples.string() + "' -o /dev/full"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/dev/full"), std::string::npos) << r.err;
  const auto stdout_full = run_command(tk("export -q '" + kSamples.string() + "'") + " >/dev/full");
  EXPECT_EQ(stdout_full.exit_code, 1);
  EXPECT_NE(stdout_full.err.find("write error"), std::string::npos) << stdout_full.err;
  // A failing run (an unknown mapping file) leaves nothing behind.
  const auto out = scratch("never.ttl");
  const auto bad = run_command(tk("export -q --mappings /nonexistent.rml.ttl '" + kSamples.string() + "' -o '" +
                                  out.string() + "'"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_FALSE(fs::exists(out));
}

TEST(Export, AFileThatCannotGrowMidRunIsExit1AndLeavesNothing) {
  // With a file size limit (SIGXFSZ ignored, so a write past it fails with EFBIG) the output stops
  // growing partway: whichever thread's write fails, the run reports it, exits 1, and neither the
  // output nor its temporary file is left. Without the limit the same run succeeds.
  const auto dir = scratch("limited");
  fs::create_directories(dir);
  const auto out = dir / "kg.nt";
  const std::string args = "export -q -f ntriples --threads 2 '" + many_batches_corpus().string() +
                           "' -o '" + out.string() + "'";
  const auto limited =
      run_command("bash -c 'ulimit -f 1024; trap \"\" XFSZ; exec \"$@\"' sh " + tk(args));
  EXPECT_EQ(limited.exit_code, 1) << limited.err;
  EXPECT_NE(limited.err.find("write error"), std::string::npos) << limited.err;
  EXPECT_NE(limited.err.find(out.string()), std::string::npos) << limited.err;
  EXPECT_TRUE(fs::is_empty(dir)) << "the output or its temporary file was left behind";
  const auto unlimited = run_command(tk(args));
  EXPECT_EQ(unlimited.exit_code, 0) << unlimited.err;
  EXPECT_GT(fs::file_size(out), 1024u * 1024u);
}

TEST(Export, DevStdoutStreamsTheSameBytesIntoAPipe) {
  // `-o /dev/stdout` is a device, not a file to replace: written in place, so a pipe gets the lines
  // as they are made (no spool), and the bytes equal a file's.
  const auto file = scratch("stream.nt");
  const auto to_file =
      run_command(tk("export -q -f ntriples --threads 2 '" + kSamples.string() + "' -o '" + file.string() + "'"));
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  const auto piped = run_command(tk("export -q -f ntriples --threads 2 '" + kSamples.string() + "' -o /dev/stdout") +
                                 " | cat");
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_FALSE(piped.out.empty());
  EXPECT_EQ(piped.out, read_all(file.string()));
}

TEST(Export, ACorpusOfManyBatchesGivesTheSameBytesThroughAFileStandardOutputAndAPipe) {
  // A file (and the spool behind `-o -`) is written by the thread that made each batch, at the
  // place decided in input order; a pipe is written in order by the calling thread. Over a corpus
  // of many batches, with lines repeated within and across articles, every way gives one set of
  // bytes, with 1 and 2 threads, for N-Triples, N-Quads and extract's facts.
  const std::string in = " '" + many_batches_corpus().string() + "'";
  for (const std::string command : {"export -q -f ntriples", "export -q -f nquads", "extract -q"}) {
    std::string reference;
    for (const char* threads : {"1", "2"}) {
      const auto file = scratch(std::string("batches-") + threads + ".out");
      const auto to_file =
          run_command(tk(command + " --threads " + threads + in + " -o '" + file.string() + "'"));
      ASSERT_EQ(to_file.exit_code, 0) << command << ": " << to_file.err;
      const auto to_stdout = run_command(tk(command + " --threads " + threads + in));
      ASSERT_EQ(to_stdout.exit_code, 0) << command << ": " << to_stdout.err;
      const auto piped =
          run_command(tk(command + " --threads " + threads + in + " -o /dev/stdout") + " | cat");
      ASSERT_EQ(piped.exit_code, 0) << command << ": " << piped.err;
      if (reference.empty()) reference = read_all(file.string());
      EXPECT_GT(reference.size(), 1000000u) << command << ": several batches' worth";
      EXPECT_EQ(read_all(file.string()), reference)
          << command << ", threads " << threads << ", file";
      EXPECT_EQ(to_stdout.out, reference) << command << ", threads " << threads << ", -o -";
      EXPECT_EQ(piped.out, reference) << command << ", threads " << threads << ", a pipe";
    }
    if (command != "extract -q") {  // each line once (a named graph per article for N-Quads)
      auto lines = sorted_lines(reference);
      const auto all = lines.size();
      lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
      EXPECT_EQ(lines.size(), all) << command << ": a line written twice in one stretch";
    }
  }
}

TEST(Export, DevStdoutIntoAFileWritesThroughTheShellsRedirection) {
  // `-o /dev/stdout > f` and `>> f`: /dev/stdout is a link to the descriptor, not a file to
  // replace. The bytes land in f (after what it held, for >>) and /dev/stdout stays a link.
  const auto file = scratch("redirected.nt");
  const std::string run =
      tk("export -q -f ntriples --threads 2 '" + kSamples.string() + "' -o /dev/stdout");
  const auto expected =
      run_command(tk("export -q -f ntriples --threads 2 '" + kSamples.string() + "'"));
  ASSERT_EQ(expected.exit_code, 0) << expected.err;
  const auto truncating = run_command(run + " > '" + file.string() + "'");
  ASSERT_EQ(truncating.exit_code, 0) << truncating.err;
  EXPECT_EQ(read_all(file.string()), expected.out);
  const auto appending = run_command(run + " >> '" + file.string() + "'");
  ASSERT_EQ(appending.exit_code, 0) << appending.err;
  EXPECT_EQ(read_all(file.string()), expected.out + expected.out);
  EXPECT_TRUE(fs::is_symlink("/dev/stdout")) << "/dev/stdout was replaced";
}

TEST(Export, DatasetDescriptionCarriesLicenseRulesHashAndNoClockTime) {
  const auto r = run_command(tk("export -q -f ntriples --license https://creativecommons.org/licenses/by/4.0/ '" +
                                kSamples.string() + "'"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("<http://purl.org/dc/terms/license> <https://creativecommons.org/licenses/by/4.0/>"),
            std::string::npos);
  EXPECT_NE(r.out.find("<http://rdfs.org/ns/void#triples>"), std::string::npos);
  EXPECT_NE(r.out.find("\"sha256:"), std::string::npos);
  EXPECT_EQ(r.out.find("/terms/created>"), std::string::npos) << "a clock time without --created";
  const auto created = run_command(tk("export -q -f ntriples --created 2026-01-02 '" + kSamples.string() + "'"));
  EXPECT_NE(created.out.find("\"2026-01-02\"^^<http://www.w3.org/2001/XMLSchema#date>"), std::string::npos);
}

TEST(Map, FactsFromExtractGiveTheSameGraphAsExport) {
  const auto facts = scratch("facts.jsonl");
  const auto x = run_command(tk("extract -q '" + kSamples.string() + "' -o '" + facts.string() + "'"));
  ASSERT_EQ(x.exit_code, 0) << x.err;
  const auto mapped = run_command(tk("map -q -f ntriples --base https://w3id.org/treatykg/data/ '" +
                                     facts.string() + "'"));
  ASSERT_EQ(mapped.exit_code, 0) << mapped.err;
  const auto exported = run_command(tk("export -q -f ntriples --no-description '" + kSamples.string() + "'"));
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto a = sorted_lines(mapped.out), b = sorted_lines(exported.out);
  a.erase(std::unique(a.begin(), a.end()), a.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  EXPECT_GT(a.size(), 200u);
  EXPECT_EQ(a, b);
}

TEST(Extract, WritesOneJsonRecordPerLineWithTheSchema) {
  const auto r = run_command(tk("extract -q '" + kSamples.string() + "'"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(r.out);
  std::size_t lines = 0;
  for (std::string l; std::getline(in, l); ++lines) {
    ASSERT_TRUE(l.starts_with("{\"schema\":\"treatykg-facts/1\",\"type\":\"")) << l;
    ASSERT_EQ(l.back(), '}');
  }
  EXPECT_GT(lines, 30u);
}

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc < 2) return 2;
  g_binary = argv[1];
  const int status = RUN_ALL_TESTS();
  std::error_code ec;
  fs::remove_all(scratch("x").parent_path(), ec);  // the scratch folder goes when the tests end
  return status;
}
