// Golden error messages: every tests/errors/rules/<case>.rules must fail to load with exactly the
// text of <case>.expected (what() of the SyntaxError, the file named by its base name). A file
// named <case>.crlf.rules is the CRLF copy of <case>.rules and must give the same message.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/error.hpp"
#include "extract/rules.hpp"

namespace treatykg::extract {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(RuleErrors, GoldenMessages) {
  fs::path dir = fs::path(TREATYKG_TEST_DATA_DIR) / "errors" / "rules";
  int cases = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".rules") continue;
    std::string stem = e.path().stem().string();
    std::string base = stem;
    if (base.size() > 5 && base.substr(base.size() - 5) == ".crlf")
      base = base.substr(0, base.size() - 5);
    fs::path expected_path = dir / (base + ".expected");
    ASSERT_TRUE(fs::exists(expected_path)) << expected_path;
    std::string expected = slurp(expected_path);
    while (!expected.empty() && expected.back() == '\n') expected.pop_back();
    ++cases;
    try {
      RuleSet::parse_string(slurp(e.path()), base + ".rules");
      ADD_FAILURE() << e.path() << " loaded without error";
    } catch (const SyntaxError& err) {
      EXPECT_EQ(std::string(err.what()), expected) << e.path();
    }
  }
  EXPECT_GE(cases, 5);
}

}  // namespace
}  // namespace treatykg::extract
