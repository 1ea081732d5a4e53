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
  EXPECT_EQ(rows("\"x, y\",\"say \"\"hi\"\"\"\n"),
            (std::vector<std::vector<std::string>>{{"x, y", "say \"hi\""}}));
  EXPECT_EQ(rows("\"multi\nline\",z\n"),
            (std::vector<std::vector<std::string>>{{"multi\nline", "z"}}));
  EXPECT_EQ(rows("a,,c\n"), (std::vector<std::vector<std::string>>{{"a", "", "c"}}));
  EXPECT_EQ(rows("\xEF\xBB\xBFid\n1\n"), (std::vector<std::vector<std::string>>{{"id"}, {"1"}}));
}

TEST(Csv, StreamedInBlocksGivesTheSameRows) {
  std::string text = "id,text\n";
  for (int i = 0; i < 5000; ++i)
    text += std::to_string(i) + ",\"row " + std::to_string(i) +
            ", with \"\"quotes\"\"\nand a newline\"\r\n";
  std::FILE* f = std::tmpfile();  // closed below
  ASSERT_NE(f, nullptr);
  std::fwrite(text.data(), 1, text.size(), f);
  std::rewind(f);
  CsvReader streamed(f);
  CsvReader whole{std::string_view(text)};
  std::vector<std::string> a, b, last;
  std::size_t n = 0;
  while (whole.next(a)) {
    ASSERT_TRUE(streamed.next(b));
    ASSERT_EQ(a, b);
    last = a;
    ++n;
  }
  EXPECT_FALSE(streamed.next(b));
  EXPECT_EQ(n, 5001u);
  ASSERT_EQ(last.size(), 2u);
  EXPECT_EQ(last[1], "row 4999, with \"quotes\"\nand a newline");
  std::fclose(f);
}

TEST(Csv, UnterminatedQuoteIsASyntaxError) {
  CsvReader r("a\n\"open\n");
  std::vector<std::string> f;
  EXPECT_TRUE(r.next(f));
  EXPECT_THROW(r.next(f), SyntaxError);
}

}  // namespace
}  // namespace treatykg::mapping
