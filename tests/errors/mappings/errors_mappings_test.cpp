// Golden error messages for bad mappings (see README.md): each NAME.ttl must fail with the error
// type on the first line of NAME.expected and the message on its second line ({file} stands for
// NAME.ttl). NAME_crlf.ttl is NAME.ttl with CRLF line ends and shares NAME.expected.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/error.hpp"
#include "mapping/mapping.hpp"

namespace fs = std::filesystem;
using namespace treatykg;

namespace {

const fs::path kDir = fs::path(TREATYKG_TEST_DATA_DIR) / "errors" / "mappings";

std::vector<std::string> cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kDir))
    if (e.path().extension() == ".ttl") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

class BadMapping : public ::testing::TestWithParam<std::string> {};

TEST_P(BadMapping, FailsWithTheExpectedError) {
  const std::string name = GetParam();
  std::string expected_name = name;
  if (!fs::exists(kDir / (name + ".expected")) && name.ends_with("_crlf"))
    expected_name.resize(name.size() - 5);
  std::ifstream in(kDir / (expected_name + ".expected"));
  ASSERT_TRUE(in) << "missing " << expected_name << ".expected";
  std::string kind, message;
  std::getline(in, kind);
  std::getline(in, message);
  for (std::size_t p; (p = message.find("{file}")) != std::string::npos;)
    message.replace(p, 6, name + ".ttl");

  fs::path old = fs::current_path();
  fs::current_path(kDir);  // messages name the file as given: relative
  std::string got_kind = "no error", got;
  try {
    mapping::Plan plan = mapping::compile_file(name + ".ttl");
    mapping::QuadVector out;
    mapping::execute(plan, mapping::Inputs{}, out);
  } catch (const SyntaxError& e) {
    got_kind = "SyntaxError";
    got = e.what();
  } catch (const MappingError& e) {
    got_kind = "MappingError";
    got = e.what();
  } catch (const IoError& e) {
    got_kind = "IoError";
    got = e.what();
  }
  fs::current_path(old);
  EXPECT_EQ(got_kind, kind);
  EXPECT_EQ(got, message);
}

INSTANTIATE_TEST_SUITE_P(Golden, BadMapping, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return info.param; });

}  // namespace
