// The command line as a user meets it: exit codes, help on stdout, errors on stderr, "did you mean",
// positions in error messages, standard input and output, and outputs that fail whole.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "run_command.hpp"

namespace fs = std::filesystem;
using treatykg::testing::run_command;

namespace {

std::string g_binary;

std::string tk(const std::string& args) { return "'" + g_binary + "' " + args; }

fs::path scratch(const std::string& name) {
  const auto dir = fs::path(::testing::TempDir()) / ("treatykg-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

fs::path write_file(const std::string& name, const std::string& content) {
  const auto p = scratch(name);
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

// Line 7, column 12 holds a character Turtle does not allow there.
const std::string kBadAt7_12 =
    "@prefix ex: <http://example.com/> .\n"
    "\n"
    "ex:a ex:b ex:c .\n"
    "ex:a ex:b ex:d .\n"
    "ex:a ex:b ex:e .\n"
    "ex:a ex:b ex:f .\n"
    "ex:a ex:b  %x .\n";

}  // namespace

TEST(Help, GoesToStdoutWithEveryCommandAndExitStatus) {
  const auto r = run_command(tk("--help"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.err.empty()) << r.err;
  for (const char* word : {"Usage: treatykg", "export", "extract", "map", "check", "--output", "--format",
                           "(=turtle)", "--threads", "Exit status: 0 success, 1 failure", "2 usage error"})
    EXPECT_NE(r.out.find(word), std::string::npos) << word;
}

TEST(Help, PerCommandHelpShowsItsOptionsAndDefaults) {
  const auto r = run_command(tk("export --help"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Usage: treatykg export"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--license"), std::string::npos);
  EXPECT_NE(r.out.find("(=-)"), std::string::npos);
  const auto check = run_command(tk("check -h"));
  EXPECT_EQ(check.exit_code, 0);
  EXPECT_EQ(check.out.find("--license"), std::string::npos) << "export-only option shown for check";
}

TEST(Version, PrintsNameAndVersion) {
  const auto r = run_command(tk("--version"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.starts_with("treatykg ")) << r.out;
}

// libarchive is opened when a mapping first reads or writes a compressed file, not at start: a
// start would otherwise load it and the ten libraries it needs (mapping/compression.hpp).
TEST(Startup, LibarchiveIsLoadedOnlyWhenAMappingNeedsIt) {
  const auto article =
      write_file("treaty.txt", "Russia and North Korea signed the treaty on 19 June 2024.\n");
  const auto exported =
      run_command("LD_DEBUG=files " + tk("export -q -o '" + scratch("kg.ttl").string() + "' '" +
                                         article.string() + "'"));
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  ASSERT_NE(exported.err.find("libserd"), std::string::npos) << "LD_DEBUG printed no libraries";
  EXPECT_EQ(exported.err.find("libarchive"), std::string::npos) << "export loaded libarchive";

  // A short CSV, gzipped by gzip(1): libarchive once took it for an mtree file list.
  write_file("people.csv", "id,name\n1,Ann\n");
  write_file("people.ttl",
             "@prefix rml: <http://w3id.org/rml/> .\n"
             "<#P> rml:logicalSource [ rml:source [ rml:path \"people.csv.gz\"; rml:compression "
             "rml:gzip ];\n"
             "    rml:referenceFormulation rml:CSV ];\n"
             "  rml:subjectMap [ rml:template \"http://ex/{id}\" ];\n"
             "  rml:predicateObjectMap [ rml:predicate <http://ex/name>; rml:objectMap [ "
             "rml:reference \"name\" ] ] .\n");
  ASSERT_EQ(run_command("gzip -c '" + scratch("people.csv").string() + "' > '" +
                        scratch("people.csv.gz").string() + "'")
                .exit_code,
            0);
  // The source is found next to the mapping.
  const auto mapped = run_command("LD_DEBUG=files " + tk("map -q -f ntriples --mappings '" +
                                                         scratch("people.ttl").string() + "'"));
  EXPECT_EQ(mapped.exit_code, 0) << mapped.err;
  EXPECT_EQ(mapped.out, "<http://ex/1> <http://ex/name> \"Ann\" .\n");
  EXPECT_NE(mapped.err.find("libarchive"), std::string::npos)
      << "the gzip source was read without it?";
}

TEST(UsageErrors, UnknownOptionExits2WithSuggestion) {
  const auto r = run_command(tk("export --outptu kg.ttl a.txt"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("treatykg: error: unknown option '--outptu'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean '--output'?"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Try 'treatykg --help'"), std::string::npos) << r.err;
}

TEST(UsageErrors, UnknownCommandAndFormatSuggestTheClosest) {
  const auto cmd = run_command(tk("exprt a.txt"));
  EXPECT_EQ(cmd.exit_code, 2);
  EXPECT_NE(cmd.err.find("did you mean 'export'?"), std::string::npos) << cmd.err;
  const auto fmt = run_command(tk("map --mappings m.ttl -f ntripels"));
  EXPECT_EQ(fmt.exit_code, 2);
  EXPECT_NE(fmt.err.find("did you mean 'ntriples'?"), std::string::npos) << fmt.err;
  const auto none = run_command(tk(""));
  EXPECT_EQ(none.exit_code, 2);
  const auto threads = run_command(tk("export --threads 0 a.txt"));
  EXPECT_EQ(threads.exit_code, 2);
  EXPECT_NE(threads.err.find("--threads"), std::string::npos);
  const auto missing_value = run_command(tk("export a.txt -o"));
  EXPECT_EQ(missing_value.exit_code, 2) << missing_value.err;
}

TEST(Check, ReportsLineAndColumnOfASyntaxError) {
  const auto bad = write_file("bad.ttl", kBadAt7_12);
  const auto r = run_command(tk("check '" + bad.string() + "'"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(bad.string() + ":7:12: error: "), std::string::npos) << r.err;
}

TEST(Check, ReportsEveryErrorNotOnlyTheFirst) {
  const auto bad = write_file("two.ttl", kBadAt7_12 + "ex:a ex:b ex:c .\nex:a ) ex:c .\n");
  const auto good = write_file("good.ttl", "@prefix ex: <http://example.com/> .\nex:a ex:b ex:c .\n");
  const auto r = run_command(tk("check '" + bad.string() + "' '" + good.string() + "'"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(":7:12: error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(":9:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 file(s), 2 problem(s)"), std::string::npos) << r.err;
}

TEST(Check, ReadsStandardInput) {
  const auto ok = run_command("printf '<http://a.example/s> <http://a.example/p> \"o\" .\\n' | " + tk("check -"));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  const auto bad = run_command("printf '<http://a.example/s> <http://a.example/p> .\\n' | " + tk("check -"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("<stdin>:1:"), std::string::npos) << bad.err;
}

TEST(Check, MissingFileIsAFailureNamingIt) {
  const auto r = run_command(tk("check /nonexistent/x.ttl"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent/x.ttl: error: No such file or directory"), std::string::npos) << r.err;
}

TEST(Output, WriteErrorOnStdoutIsReportedWithExit1) {
  const auto r = run_command(tk("--help") + " >/dev/full");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("error"), std::string::npos) << r.err;
}

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: cli_test PATH-TO-treatykg\n");
    return 2;
  }
  g_binary = argv[1];
  const int status = RUN_ALL_TESTS();
  std::error_code ec;
  fs::remove_all(scratch("x").parent_path(), ec);  // the scratch folder goes when the tests end
  return status;
}
