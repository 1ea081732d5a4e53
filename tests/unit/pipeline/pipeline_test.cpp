#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "base/error.hpp"
#include "pipeline/check.hpp"
#include "pipeline/config.hpp"
#include "pipeline/job_output.hpp"
#include "pipeline/lexicon_loader.hpp"
#include "pipeline/ordered_pool.hpp"
#include "rdf/reader.hpp"

using namespace treatykg;
using namespace treatykg::pipeline;

namespace {

const char* kPrefixes =
    "@prefix tkg: <https://w3id.org/treatykg/ontology#> .\n"
    "@prefix tkge: <https://w3id.org/treatykg/entity/> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n";

rdf::Model model_of(const std::string& turtle) {
  rdf::Model m;
  rdf::read_string(std::string(kPrefixes) + turtle, "test.ttl", m);
  return m;
}

// A folder of its own for one test's files, `name` and the process id apart; the test removes it.
std::filesystem::path test_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("treatykg-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// run_ordered's jobs 0, 1, ..., count - 1; `next_item` is the one it takes next.
std::function<std::optional<int>()> jobs_up_to(int count, int& next_item) {
  return [count, &next_item]() -> std::optional<int> {
    if (next_item == count) return std::nullopt;
    return next_item++;
  };
}

}  // namespace

TEST(LexiconLoader, ReadsLabelsAliasesTypesWikidataAndCapitals) {
  const auto ontology = model_of(
      "tkg:Place a owl:Class . tkg:City a owl:Class ; rdfs:subClassOf tkg:Place . tkg:State a owl:Class .\n");
  const auto lexicon = model_of(
      "tkge:north-korea a tkg:State , skos:Concept ; rdfs:label \"North Korea\"@en ;\n"
      "  skos:prefLabel \"North Korea\"@en ; skos:altLabel \"DPRK\"@en , \"КНДР\"@ru ;\n"
      "  skos:exactMatch <http://www.wikidata.org/entity/Q423> .\n"
      "tkge:pyongyang a tkg:Place , tkg:City ; skos:prefLabel \"Pyongyang\"@en ;\n"
      "  tkg:capitalOf tkge:north-korea .\n");
  const auto lex = lexicon_from_model(lexicon, "lexicon.ttl", &ontology);
  ASSERT_EQ(lex.entries.size(), 2u);
  const auto& nk = lex.entries[0];
  EXPECT_EQ(nk.key, "north-korea");
  EXPECT_EQ(nk.iri, "https://w3id.org/treatykg/entity/north-korea");
  EXPECT_EQ(nk.label, "North Korea");
  EXPECT_EQ(nk.class_name, "State");
  EXPECT_EQ(nk.wikidata, "Q423");
  EXPECT_EQ(nk.aliases, (std::vector<std::string>{"DPRK", "North Korea"})) << "Russian label is not an English alias";
  const auto& py = lex.entries[1];
  EXPECT_EQ(py.class_name, "City") << "the most specific type wins";
  EXPECT_EQ(py.label, "Pyongyang");
  EXPECT_EQ(py.capital_of, "north-korea");
}

TEST(LexiconLoader, AFileReadsAsTheSameStatementsInAModelDo) {
  // load_lexicon streams the file and sorts the statements itself: whatever order the file states
  // them in (labels in several languages, repeats, demonyms, parties), every entry comes out as
  // lexicon_from_model makes it from a Model of the same text.
  const std::string text =
      std::string(kPrefixes) +
      "tkge:nk a tkg:State ; rdfs:label \"DPRK\" , \"North Korea\"@en , \"North Korea\"@en-GB ;\n"
      "  tkg:demonym \"North Korean\"@en , \"Korean\" ; skos:altLabel \"Pyongyang\"@en , \"DPRK\" "
      ".\n"
      "tkge:ru a tkg:State ; skos:prefLabel \"Russia\" , \"Russian Federation\"@en ; rdfs:label "
      "\"Россия\"@ru .\n"
      "tkge:treaty a tkg:Treaty ; skos:prefLabel \"the treaty\"@en ; tkg:party tkge:ru , tkge:nk , "
      "tkge:ru .\n"
      "tkge:duma a tkg:Organisation ; rdfs:label \"State Duma\" ; tkg:officeOf tkge:ru .\n"
      "tkge:kursk a tkg:Region ; rdfs:label \"Kursk\" ; skos:broader tkge:ru .\n";
  const auto dir = test_dir("lexicon");
  const std::string path = (dir / "lexicon.ttl").string();
  std::ofstream(path) << text;
  const auto streamed = load_lexicon(path);
  rdf::Model model;
  rdf::read_string(text, path, model);
  const auto modelled = lexicon_from_model(model, path);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(streamed.entries.size(), 5u);
  ASSERT_EQ(streamed.entries.size(), modelled.entries.size());
  for (std::size_t i = 0; i < streamed.entries.size(); ++i) {
    const auto& a = streamed.entries[i];
    const auto& b = modelled.entries[i];
    EXPECT_EQ(a.key, b.key);
    EXPECT_EQ(a.label, b.label) << a.key;
    EXPECT_EQ(a.class_name, b.class_name) << a.key;
    EXPECT_EQ(a.aliases, b.aliases) << a.key;
    EXPECT_EQ(a.demonyms, b.demonyms) << a.key;
    EXPECT_EQ(a.parties, b.parties) << a.key;
    EXPECT_EQ(a.located_in, b.located_in) << a.key;
    EXPECT_EQ(a.represents, b.represents) << a.key;
  }
  EXPECT_EQ(streamed.entries[2].key, "nk");
  EXPECT_EQ(streamed.entries[2].demonyms, (std::vector<std::string>{"Korean", "North Korean"}));
  EXPECT_EQ(streamed.entries[3].key, "ru");
  EXPECT_EQ(streamed.entries[3].label, "Russia")
      << "the first English or plain prefLabel in statement order";
}

TEST(LexiconLoader, FindsTheStateOfPlacesPersonsAndOrgans) {
  const auto lexicon = model_of(
      "tkge:russia a tkg:State ; rdfs:label \"Russia\"@en ; tkg:demonym \"Russian\"@en .\n"
      "tkge:kursk a tkg:Region ; rdfs:label \"Kursk region\"@en ; skos:broader tkge:russia .\n"
      "tkge:duma a tkg:Legislature ; rdfs:label \"State Duma\"@en ; skos:broader tkge:russia .\n"
      "tkge:president a tkg:Office ; rdfs:label \"President of Russia\"@en ; tkg:officeOf tkge:russia .\n"
      "tkge:putin a tkg:Person ; rdfs:label \"Vladimir Putin\"@en ; tkg:holdsOffice tkge:president .\n"
      "tkge:treaty a tkg:Treaty ; rdfs:label \"Treaty\"@en ; tkg:party tkge:russia .\n");
  const auto lex = lexicon_from_model(lexicon, "lexicon.ttl");
  std::map<std::string, const extract::LexiconEntry*> by_key;
  for (const auto& e : lex.entries) by_key[e.key] = &e;
  EXPECT_EQ(by_key.at("kursk")->located_in, "russia");
  EXPECT_EQ(by_key.at("duma")->represents, "russia");
  EXPECT_EQ(by_key.at("putin")->represents, "russia");
  EXPECT_EQ(by_key.at("treaty")->parties, std::vector<std::string>{"russia"});
  EXPECT_EQ(by_key.at("russia")->demonyms, std::vector<std::string>{"Russian"});
}

TEST(LexiconLoader, EntityWithoutLabelIsAnError) {
  const auto lexicon = model_of("tkge:nameless a tkg:State .\n");
  EXPECT_THROW(lexicon_from_model(lexicon, "lexicon.ttl"), SyntaxError);
}

TEST(Check, UndeclaredOntologyTermsAreFoundWithASuggestion) {
  const auto ontology = model_of("tkg:TroopDeployment a owl:Class . tkg:count a owl:DatatypeProperty .\n");
  const auto mapping = model_of("<http://example.com/m> tkg:count 1 ; a tkg:TroopDeploymnet .\n");
  const auto found = undeclared_terms(ontology, mapping, "https://w3id.org/treatykg/ontology#");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].iri, "https://w3id.org/treatykg/ontology#TroopDeploymnet");
  EXPECT_EQ(found[0].suggestion, "https://w3id.org/treatykg/ontology#TroopDeployment");
}

TEST(Config, ValidateRejectsImpossibleValues) {
  Config c;
  c.command = Command::kExport;
  EXPECT_THROW(c.validate(), UsageError) << "no articles";
  c.inputs = {"a.txt"};
  EXPECT_NO_THROW(c.validate());
  c.threads = 0;
  EXPECT_THROW(c.validate(), UsageError);
  c.threads = 2;
  c.base_iri = "not-an-iri";
  EXPECT_THROW(c.validate(), UsageError);
  c.base_iri = "https://example.org/kg/";
  c.inputs = {"-", "-"};
  EXPECT_THROW(c.validate(), UsageError);
  EXPECT_EQ(default_base_iri(Command::kMap), "http://example.com/");
}

TEST(OrderedPool, ResultsComeOutInInputOrderWhateverTheThreads) {
  for (unsigned threads : {1u, 2u, 4u}) {
    int next_item = 0;
    std::vector<int> out;
    const auto next = jobs_up_to(200, next_item);
    std::function<int(int&)> work = [](int& i) {
      if (i % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));  // finish out of order
      return i * i;
    };
    std::function<void(int&)> emit = [&](int& r) { out.push_back(r); };
    run_ordered<int, int>(threads, next, work, emit);
    ASSERT_EQ(out.size(), 200u);
    for (int i = 0; i < 200; ++i) ASSERT_EQ(out[i], i * i) << "threads " << threads;
  }
}

TEST(OrderedPool, TheCallingThreadIsOneOfTheThreadsThatWork) {
  // --threads N means N threads compute, the calling thread (reader and writer) among them: no more
  // distinct threads ever run `work`, and the calling thread takes its share while results wait.
  for (unsigned threads : {2u, 3u}) {
    std::mutex m;
    std::set<std::thread::id> ids;
    int next_item = 0;
    const auto next = jobs_up_to(64, next_item);
    std::function<int(int&)> work = [&](int& i) {
      std::this_thread::sleep_for(std::chrono::microseconds(300));
      std::lock_guard lock(m);
      ids.insert(std::this_thread::get_id());
      return i;
    };
    std::vector<int> out;
    std::function<void(int&)> emit = [&](int& r) { out.push_back(r); };
    run_ordered<int, int>(threads, next, work, emit);
    ASSERT_EQ(out.size(), 64u);
    for (int i = 0; i < 64; ++i) ASSERT_EQ(out[i], i);
    EXPECT_LE(ids.size(), threads);
    EXPECT_TRUE(ids.count(std::this_thread::get_id())) << "threads " << threads;
  }
}

TEST(OrderedPool, JobsInFlightStayWithinTheBound) {
  // Memory stays flat: next() is not called again while jobs_per_thread * threads jobs are read and
  // not yet emitted, however slow the work.
  for (unsigned threads : {2u, 3u}) {
    for (std::size_t per_thread : {1u, 4u}) {
      int next_item = 0;
      std::size_t emitted = 0, most_ahead = 0;
      std::vector<int> out;
      std::function<std::optional<int>()> next = [&]() -> std::optional<int> {
        if (next_item == 300) return std::nullopt;
        most_ahead = std::max(most_ahead, static_cast<std::size_t>(next_item) + 1 - emitted);
        return next_item++;
      };
      std::function<int(int&)> work = [](int& i) {
        if (i % 11 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
        return 3 * i;
      };
      std::function<void(int&)> emit = [&](int& r) {
        out.push_back(r);
        ++emitted;
      };
      run_ordered<int, int>(threads, next, work, emit, per_thread);
      ASSERT_EQ(out.size(), 300u);
      for (int i = 0; i < 300; ++i) ASSERT_EQ(out[i], 3 * i) << "threads " << threads;
      EXPECT_LE(most_ahead, per_thread * threads)
          << "threads " << threads << ", per thread " << per_thread;
      EXPECT_GE(most_ahead, 2u);  // the bound is what holds it back: jobs do run ahead
    }
  }
}

TEST(OrderedPool, EachResultIsFinishedAfterItsEmitOnTheThreadThatWorkedOnIt) {
  // What emit decides in order is carried out where the result was made: finish runs once per
  // result, after its emit, on the thread that ran its work.
  for (unsigned threads : {1u, 2u, 3u}) {
    std::mutex m;
    std::map<int, std::thread::id> worked_on, finished_on;
    std::vector<int> emitted;
    std::set<int> emitted_set;
    bool finish_before_emit = false;
    int next_item = 0;
    const auto next = jobs_up_to(150, next_item);
    std::function<int(int&)> work = [&](int& i) {
      if (i % 5 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
      std::lock_guard lock(m);
      worked_on[i] = std::this_thread::get_id();
      return i;
    };
    std::function<void(int&)> emit = [&](int& r) {
      std::lock_guard lock(m);
      emitted.push_back(r);
      emitted_set.insert(r);
    };
    std::function<void(int&)> finish = [&](int& r) {
      std::lock_guard lock(m);
      if (!emitted_set.count(r)) finish_before_emit = true;
      EXPECT_TRUE(finished_on.emplace(r, std::this_thread::get_id()).second)
          << "finished twice: " << r;
    };
    run_ordered<int, int>(threads, next, work, emit, 4, finish);
    ASSERT_EQ(emitted.size(), 150u);
    for (int i = 0; i < 150; ++i) ASSERT_EQ(emitted[i], i);
    EXPECT_FALSE(finish_before_emit) << "threads " << threads;
    ASSERT_EQ(finished_on.size(), 150u) << "threads " << threads;
    std::set<std::thread::id> workers;
    for (int i = 0; i < 150; ++i) {
      EXPECT_EQ(finished_on[i], worked_on[i]) << "result " << i << ", threads " << threads;
      workers.insert(worked_on[i]);
    }
    if (threads > 1) {
      EXPECT_GT(workers.size(), 1u) << "the test should spread its jobs";
    }
  }
}

TEST(OrderedPool, FirstExceptionStopsTheRunAndIsRethrown) {
  int next_item = 0;
  const auto next = jobs_up_to(1000, next_item);
  std::function<int(int&)> work = [](int& i) {
    if (i == 17) throw IoError("x", "boom");
    return i;
  };
  std::atomic<int> emitted{0};
  std::function<void(int&)> emit = [&](int&) { ++emitted; };
  EXPECT_THROW((run_ordered<int, int>(2, next, work, emit)), IoError);
  EXPECT_LE(emitted.load(), 17);
  // One job in flight per thread: still nothing from the failing job or after it is emitted.
  next_item = 0;
  emitted = 0;
  EXPECT_THROW((run_ordered<int, int>(2, next, work, emit, 1)), IoError);
  EXPECT_LE(emitted.load(), 17);
}

TEST(OrderedPool, AFinishThatThrowsStopsTheRunOnAnyThread) {
  // A write that fails where the result was made (a worker's pwritev) stops the run like a failing
  // job, whichever thread it is on, and the run returns instead of waiting for the lost thread.
  for (unsigned threads : {1u, 2u, 3u}) {
    for (int failing : {0, 1, 41}) {
      int next_item = 0;
      const auto next = jobs_up_to(400, next_item);
      std::function<int(int&)> work = [](int& i) {
        if (i % 9 == 0) std::this_thread::sleep_for(std::chrono::microseconds(100));
        return i;
      };
      std::atomic<int> finished{0};
      std::function<void(int&)> emit = [](int&) {};
      std::function<void(int&)> finish = [&](int& r) {
        if (r == failing) throw IoError("out.nt", "write error: File too large");
        ++finished;
      };
      EXPECT_THROW((run_ordered<int, int>(threads, next, work, emit, 4, finish)), IoError)
          << "threads " << threads << ", failing " << failing;
      EXPECT_LT(finished.load(), 400);
    }
  }
}

TEST(JobOutput, PartsGoAfterWhatTheStreamHoldsAndBeforeWhatFollows) {
  const auto dir = test_dir("job-output");
  const std::string path = (dir / "out.nt").string();
  {
    JobOutput out(path);
    std::fputs("head\n", out.stream());  // still in the stream's buffer when the parts are written
    std::string a = "alpha\n", b = "beta\n", empty;
    std::vector<iovec> parts{{a.data(), a.size()}, {empty.data(), 0}, {b.data(), b.size()}};
    out.write_parts(parts);
    std::fputs("tail\n", out.stream());
    EXPECT_FALSE(std::filesystem::exists(path));  // nothing visible before commit
    out.commit();
  }
  EXPECT_EQ(file_text(path), "head\nalpha\nbeta\ntail\n");
  std::filesystem::remove_all(dir);
}

TEST(JobOutput, PlacedPartsLandAtTheirOffsetsFromAnyThread) {
  // A regular file takes parts at the places decided for them, written from several threads in any
  // order; what the stream writes after end_placed() follows them. A device takes them in order.
  const auto dir = test_dir("job-output-placed");
  const std::string path = (dir / "out.nt").string();
  {
    JobOutput out(path);
    std::fputs("head\n", out.stream());
    const std::uint64_t begin = out.begin_placed();
    EXPECT_EQ(begin, 5u);
    ASSERT_TRUE(out.positional());
    std::vector<std::string> lines;
    for (int i = 0; i < 64; ++i) lines.push_back("line " + std::to_string(i) + "\n");
    std::vector<std::uint64_t> offsets;
    std::uint64_t at = begin;
    for (const auto& l : lines) {
      offsets.push_back(at);
      at += l.size();
    }
    std::vector<std::thread> writers;
    for (int t = 0; t < 2; ++t) {
      writers.emplace_back([&, t] {
        for (int i = 63 - t; i >= 0; i -= 2) {  // backwards, interleaved with the other thread
          iovec part{lines[i].data(), lines[i].size()};
          out.write_parts_at(offsets[i], {&part, 1});
        }
      });
    }
    for (auto& w : writers) w.join();
    out.end_placed(at);
    std::fputs("tail\n", out.stream());
    out.commit();
    std::string expected = "head\n";
    for (const auto& l : lines) expected += l;
    EXPECT_EQ(file_text(path), expected + "tail\n");
  }
  {
    JobOutput device("/dev/null");
    device.begin_placed();
    EXPECT_FALSE(device.positional());
  }
  std::filesystem::remove_all(dir);
}

TEST(JobOutput, AFailedWriteOfPartsIsAnIoError) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  JobOutput out("/dev/full");
  std::string line = "x\n";
  std::vector<iovec> parts{{line.data(), line.size()}};
  try {
    out.write_parts(parts);
    FAIL() << "expected an IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/dev/full"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("write error"), std::string::npos) << e.what();
  }
}
