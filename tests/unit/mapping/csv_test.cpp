#include <gtest/gtest.h>

#include "base/error.hpp"
#include "mapping/sources.hpp"

namespace treatykg::mapping {
namespace {

std::vector<std::vector<std::string>> rows(std::string_view text) {
  CsvReader r(text);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> f;
  while (r.next(f)) out.push_back(f);
  return out;
}

TEST(Csv, Rfc4180) {
  EXPECT_EQ(rows("a,b\n1,2\n"), (std::vector<std::vector<std::string>>{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(rows("a,b\r\n1,2"), (std::vector<std::vector<std::string>>{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(rows("\"x, y\",\"say \"\"hi\"\"\"\n"), (std::vector<std::vector<std::string>>{{"x, y", "say \"hi\""}}));
  EXPECT_EQ(rows("\"multi\nline\",z\n"), (std::vector<std::vector<std::string>>{{"multi\nline", "z"}}));
  EXPECT_EQ(rows("a,,c\n"), (std::vector<std::vector<std::string>>{{"a", "", "c"}}));
  EXPECT_EQ(rows("\xEF\xBB\xBFid\n1\n"), (std::vector<std::vector<std::string>>{{"id"}, {"1"}}));
}

TEST(Csv, UnterminatedQuoteIsASyntaxError) {
  CsvReader r("a\n\"open\n");
  std::vector<std::string> f;
  EXPECT_TRUE(r.next(f));
  EXPECT_THROW(r.next(f), SyntaxError);
}

}  // namespace
}  // namespace treatykg::mapping
