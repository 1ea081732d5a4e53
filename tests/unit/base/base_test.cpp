#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "base/byte_set.hpp"
#include "base/diagnostic.hpp"
#include "base/edit_distance.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "base/hash_set.hpp"
#include "base/threads.hpp"
#include "base/utf8.hpp"

namespace fs = std::filesystem;
using namespace treatykg;

namespace {
fs::path temp_dir() {
  auto d = fs::temp_directory_path() / ("treatykg-base-" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}
// The scratch folder goes when the tests end.
struct RemoveScratch : ::testing::Environment {
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(fs::temp_directory_path() / ("treatykg-base-" + std::to_string(::getpid())), ec);
  }
};
[[maybe_unused]] auto* const kRemoveScratch = ::testing::AddGlobalTestEnvironment(new RemoveScratch);
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
}  // namespace

TEST(Utf8, AcceptsValidText) {
  EXPECT_FALSE(utf8::find_invalid("plain ascii text that is longer than eight bytes"));
  EXPECT_FALSE(utf8::find_invalid("Путін та Кім Чен Ин — “quotes”"));
  EXPECT_FALSE(utf8::find_invalid("\xF0\x9F\x98\x80"));  // U+1F600
}

TEST(Utf8, ReportsByteOffsetOfFirstInvalidSequence) {
  EXPECT_EQ(utf8::find_invalid("abc\xFFxyz"), 3u);
  EXPECT_EQ(utf8::find_invalid("ab\xC0\xAF"), 2u);              // overlong '/'
  EXPECT_EQ(utf8::find_invalid("x\xED\xA0\x80"), 1u);           // surrogate U+D800
  EXPECT_EQ(utf8::find_invalid("0123456789\xE2\x80"), 10u);     // truncated at the end
  EXPECT_EQ(utf8::find_invalid("\xF4\x90\x80\x80"), 0u);        // > U+10FFFF
}

TEST(Utf8, CountsCodePointsAndLines) {
  EXPECT_EQ(utf8::length("Кім"), 3u);
  const std::string text = "ab\nПу x";
  const auto lc = utf8::line_col(text, text.find('x'));
  EXPECT_EQ(lc.line, 1u);
  EXPECT_EQ(lc.column, 3u);
  std::string out;
  utf8::append(out, U'ї');
  utf8::append(out, U'😀');
  std::size_t i = 0;
  EXPECT_EQ(utf8::decode(out, i), U'ї');
  EXPECT_EQ(utf8::decode(out, i), U'😀');
  EXPECT_EQ(i, out.size());
}

TEST(EditDistance, SuggestsCloseNamesOnly) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  const std::vector<std::string> names{"--output", "--format", "--ontology", "--threads"};
  EXPECT_EQ(closest_match("--outptu", names), "--output");
  EXPECT_EQ(closest_match("--thread", names), "--threads");
  EXPECT_FALSE(closest_match("--zzzzzzzzzz", names));
}

TEST(Errors, SyntaxErrorCarriesPositionAsData) {
  SyntaxError e("rules/dates.rules", TextPos{6, 11, 120}, "unclosed '('");
  EXPECT_STREQ(e.what(), "rules/dates.rules:7:12: error: unclosed '('");
  EXPECT_EQ(e.pos().line, 6u);
  EXPECT_EQ(e.pos().column, 11u);
  EXPECT_EQ(e.message(), "unclosed '('");
  EXPECT_TRUE(e.has_pos());
  IoError io("x.ttl", "No such file or directory");
  EXPECT_STREQ(io.what(), "x.ttl: error: No such file or directory");
}

TEST(Files, ReadFileDistinguishesMissingFileAndDirectory) {
  EXPECT_THROW(read_file("/nonexistent/treatykg/file.ttl"), IoError);
  try {
    read_file(temp_dir().string());
    FAIL() << "a directory was read";
  } catch (const IoError& e) {
    EXPECT_EQ(e.reason(), "is a directory");
  }
}

TEST(Files, OutputAppearsOnlyOnCommit) {
  const auto path = temp_dir() / "out.txt";
  {
    std::ofstream(path) << "old content";
  }
  {
    OutputFile f(path.string());
    f.write("new content that is never committed");
    EXPECT_EQ(slurp(path), "old content");  // written to a temporary file, not in place
  }
  EXPECT_EQ(slurp(path), "old content");
  for (const auto& e : fs::directory_iterator(path.parent_path()))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << "temporary file left behind";
  {
    OutputFile f(path.string());
    f.write("new content");
    f.commit();
  }
  EXPECT_EQ(slurp(path), "new content");
}

TEST(Files, ASymbolicLinkIsFollowedAndStaysALink) {
  // The file a link points at is replaced; replacing the link would cut it (and, for /dev/stdout,
  // replace the system's link with a file).
  const auto target = temp_dir() / "target.txt";
  const auto link = temp_dir() / "link.txt";
  std::ofstream(target) << "old";
  fs::remove(link);
  fs::create_symlink(target.filename(), link);  // relative, as `ln -s target.txt link.txt`
  {
    OutputFile f(link.string());
    f.write("new");
    f.commit();
  }
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(slurp(target), "new");
}

TEST(Files, ADescriptorPathIsWrittenThroughNotReplaced) {
  // `-o /dev/stdout >> log`: the bytes go through the descriptor the shell opened, after what the
  // file held, and the file stays the one the descriptor names.
  const auto path = temp_dir() / "appended.txt";
  std::ofstream(path) << "first\n";
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  struct stat before {};
  ASSERT_EQ(::fstat(fd, &before), 0);
  {
    OutputFile f("/proc/self/fd/" + std::to_string(fd));
    f.write("second\n");
    f.commit();
  }
  ::close(fd);
  struct stat after {};
  ASSERT_EQ(::stat(path.c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino) << "the file was replaced";
  EXPECT_EQ(slurp(path), "first\nsecond\n");
  EXPECT_TRUE(fs::is_symlink("/dev/stdout") || !fs::exists("/dev/stdout"));
}

TEST(Files, WriteErrorOnDevFullIsAnIoError) {
  OutputFile f("/dev/full");
  std::string big(1 << 20, 'x');
  EXPECT_THROW(
      {
        f.write(big);
        f.commit();
      },
      IoError);
}

TEST(Diagnostics, RenderWithAndWithoutPosition) {
  DiagnosticSink sink;
  sink.warn("a.txt", "empty article");
  sink.report({Severity::kError, "b.txt", TextPos{0, 4, 4}, "invalid UTF-8 at byte 4"});
  const auto all = sink.all();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].to_string(), "a.txt: warning: empty article");
  EXPECT_EQ(all[1].to_string(), "b.txt:1:5: error: invalid UTF-8 at byte 4");
  EXPECT_EQ(sink.count(Severity::kError), 1u);
}

TEST(ByteSet, ExactEvenWhenEveryHashCollides) {
  // One hash for every string: membership is decided by the bytes alone, across several regrowths.
  ByteSet set;
  for (int i = 0; i < 300; ++i) EXPECT_TRUE(set.insert(42, "line " + std::to_string(i)));
  for (int i = 0; i < 300; ++i) EXPECT_FALSE(set.insert(42, "line " + std::to_string(i)));
  EXPECT_TRUE(set.insert(42, "line 300"));
  EXPECT_TRUE(set.insert(42, std::string_view("line 1\0", 7)));  // a prefix match is not a match
  EXPECT_EQ(set.size(), 302u);
}

TEST(ByteSet, SlotTagsAndPrefetchDoNotDecideMembership) {
  // Slots keep the hash's high half as a tag. Strings whose hashes share the low half (one probe
  // chain) but not the high half, or the high half but not the low, and a string inserted under two
  // hashes, are each decided by hash and bytes; a prefetch (fresh, grown, moved-from or cleared
  // set) changes nothing.
  ByteSet set;
  set.prefetch(7);
  for (std::uint64_t i = 0; i < 200; ++i) {
    set.prefetch(i << 32 | 5);
    EXPECT_TRUE(set.insert(i << 32 | 5, "low " + std::to_string(i)));
    EXPECT_TRUE(set.insert(std::uint64_t{9} << 32 | i, "high " + std::to_string(i)));
  }
  for (std::uint64_t i = 0; i < 200; ++i) {
    EXPECT_FALSE(set.insert(i << 32 | 5, "low " + std::to_string(i)));
    EXPECT_FALSE(set.insert(std::uint64_t{9} << 32 | i, "high " + std::to_string(i)));
  }
  EXPECT_TRUE(set.insert(std::uint64_t{1} << 32 | 5, "low 0"));  // same bytes, another hash's chain
  EXPECT_EQ(set.size(), 401u);
  ByteSet moved = std::move(set);
  EXPECT_FALSE(moved.insert(std::uint64_t{3} << 32 | 5, "low 3"));
  set = ByteSet();
  set.prefetch(11);
  EXPECT_TRUE(set.insert(11, "x"));
  moved.clear();
  moved.prefetch(5);
  EXPECT_TRUE(moved.insert(5, "low 0"));
}

TEST(ByteSet, ContentsAreTheNewStringsInTheOrderFirstInserted) {
  ByteSet set;
  const std::hash<std::string_view> hash;
  for (const char* s : {"one\n", "two\n", "one\n", "three\n", "two\n"}) set.insert(hash(s), s);
  EXPECT_EQ(set.contents(), "one\ntwo\nthree\n");
  set.clear();
  EXPECT_EQ(set.contents(), "");
}

TEST(ByteSet, ClearForgetsEverything) {
  ByteSet set;
  const std::hash<std::string_view> hash;
  for (const char* s : {"a", "bb", "ccc"}) EXPECT_TRUE(set.insert(hash(s), s));
  EXPECT_EQ(set.bytes(), 6u);
  set.clear();
  EXPECT_EQ(set.size(), 0u);
  EXPECT_EQ(set.bytes(), 0u);
  EXPECT_TRUE(set.insert(hash("bb"), "bb"));
  EXPECT_FALSE(set.insert(hash("bb"), "bb"));
}

TEST(HashSet128, BothHalvesDecideMembershipAcrossRegrowths) {
  // Hashes that share the low half (one probe chain) or the high half are told apart, including the
  // all-zero hash (the empty slot's value), across several regrowths, a clear and a move.
  HashSet128 set;
  for (std::uint64_t i = 0; i < 3000; ++i) {
    set.prefetch({5, i});
    EXPECT_TRUE(set.insert({5, i})) << i;
    EXPECT_TRUE(set.insert({i + 6, 9})) << i;
  }
  EXPECT_TRUE(set.insert({0, 0}));
  EXPECT_FALSE(set.insert({0, 0}));
  for (std::uint64_t i = 0; i < 3000; ++i) {
    EXPECT_FALSE(set.insert({5, i})) << i;
    EXPECT_FALSE(set.insert({i + 6, 9})) << i;
  }
  EXPECT_EQ(set.size(), 6001u);
  EXPECT_TRUE(set.insert({9, 5}));  // the halves swapped are another hash
  set.clear();
  EXPECT_EQ(set.size(), 0u);
  EXPECT_TRUE(set.insert({0, 0}));
  EXPECT_TRUE(set.insert({5, 1}));
  HashSet128 moved = std::move(set);
  EXPECT_FALSE(moved.insert({5, 1}));
  set = HashSet128();
  EXPECT_TRUE(set.insert({5, 1}));
}

// The CPUs the calling thread may run on.
cpu_set_t cpus_of_this_thread() {
  cpu_set_t s;
  CPU_ZERO(&s);
  EXPECT_EQ(sched_getaffinity(0, sizeof s, &s), 0);
  return s;
}

// The one CPU in `s`, or -1 if it holds none or several.
int only_cpu(const cpu_set_t& s) {
  if (CPU_COUNT(&s) != 1) return -1;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &s)) return c;
  return -1;
}

TEST(CpuGroup, EachThreadRunsOnACpuOfItsOwnAndTheCallerGetsItsCpusBack) {
  const cpu_set_t all = cpus_of_this_thread();
  if (CPU_COUNT(&all) < 2) GTEST_SKIP() << "needs 2 CPUs";
  // Many times: the new thread must be placed before its work runs, never after.
  for (int i = 0; i < 64; ++i) {
    int caller = -1, thread = -1, ran_on = -1;
    {
      CpuGroup group(2);
      ASSERT_TRUE(group.pinned());
      caller = only_cpu(cpus_of_this_thread());
      std::thread t = group.start([&] {
        thread = only_cpu(cpus_of_this_thread());
        ran_on = sched_getcpu();
      });
      t.join();
    }
    ASSERT_NE(caller, -1);
    ASSERT_NE(thread, -1);
    EXPECT_NE(caller, thread);
    EXPECT_EQ(ran_on, thread);
    const cpu_set_t after = cpus_of_this_thread();
    ASSERT_TRUE(CPU_EQUAL(&after, &all)) << "round " << i;
  }
}

TEST(CpuGroup, AThreadBeyondTheGroupsCpusMayRunOnEveryCpu) {
  const cpu_set_t all = cpus_of_this_thread();
  if (CPU_COUNT(&all) < 2) GTEST_SKIP() << "needs 2 CPUs";
  CpuGroup group(2);
  std::thread first = group.start([] {});
  cpu_set_t mine;
  std::thread second = group.start([&] { mine = cpus_of_this_thread(); });
  first.join();
  second.join();
  EXPECT_TRUE(CPU_EQUAL(&mine, &all));  // not the caller's one CPU, which it would inherit
}

TEST(CpuGroup, WithFewerCpusThanThreadsNothingIsPinned) {
  const cpu_set_t all = cpus_of_this_thread();
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(sched_getcpu(), &one);
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);  // this thread only; new threads inherit it
  bool same = false;
  {
    CpuGroup group(2);
    EXPECT_FALSE(group.pinned());
    std::thread t = group.start([&] {
      const cpu_set_t mine = cpus_of_this_thread();
      same = CPU_EQUAL(&mine, &one);
    });
    t.join();
  }
  const cpu_set_t after = cpus_of_this_thread();
  ASSERT_EQ(sched_setaffinity(0, sizeof all, &all), 0);
  EXPECT_TRUE(same);
  EXPECT_TRUE(CPU_EQUAL(&after, &one));  // left as it was: the group changed nothing
}
