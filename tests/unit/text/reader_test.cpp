// Reading articles: front matter, JSON Lines, folders, stdin-like sniffing, and bad input.

#include "text/reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "base/error.hpp"
#include "text/document.hpp"

namespace treatykg::text {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("treatykg-text-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string write(const std::string& name, std::string_view bytes) const {
    auto p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream f(p, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p.string();
  }
  std::string str() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TEST(ParseArticle, FrontMatterAndBody) {
  Document d = parse_article(
      "---\nid: a1\ntitle: \"Hello: world\"\npublisher: Wire\npublished: 2024-03-07\n---\nBody "
      "line.\n",
      "x/a.txt");
  EXPECT_EQ(d.id, "a1");
  EXPECT_EQ(d.title, "Hello: world");
  EXPECT_EQ(d.publisher, "Wire");
  EXPECT_EQ(d.published, "2024-03-07");
  EXPECT_EQ(d.language, "en");
  EXPECT_EQ(d.body, "Body line.\n");
}

TEST(ParseArticle, NoFrontMatterUsesStemAndKeepsText) {
  Document d = parse_article("Just text.", "dir/2024_note.txt");
  EXPECT_EQ(d.id, "2024_note");
  EXPECT_EQ(d.body, "Just text.");
  EXPECT_TRUE(d.published.empty());
}

TEST(ParseArticle, BomAndCrlf) {
  Document d = parse_article("\xEF\xBB\xBF---\r\nid: b\r\n---\r\nOne.\r\nTwo.\rThree.", "b.txt");
  EXPECT_EQ(d.id, "b");
  EXPECT_EQ(d.body, "One.\nTwo.\nThree.");
}

TEST(ParseArticle, DateTimeKeepsDateAndBadDateWarns) {
  DiagnosticSink sink;
  EXPECT_EQ(parse_article("---\npublished: 2024-11-12T07:29:00Z\n---\nx", "a", &sink).published,
            "2024-11-12");
  EXPECT_EQ(parse_article("---\npublished: 12/11/2024\nfoo: bar\n---\nx", "a", &sink).published,
            "");
  EXPECT_EQ(sink.count(Severity::kWarning), 2u);
}

TEST(ParseArticle, InvalidUtf8NamesFileAndByteOffset) {
  try {
    parse_article("ok line\nbad \xC3\x28 here", "news/bad.txt");
    FAIL() << "no error";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.path(), "news/bad.txt");
    EXPECT_TRUE(e.has_pos());
    EXPECT_EQ(e.pos().offset, 12u);
    EXPECT_EQ(e.pos().line, 1u);
    EXPECT_NE(std::string(e.what()).find("byte offset 12"), std::string::npos) << e.what();
  }
}

TEST(ParseArticle, BinaryIsRefused) {
  std::string bin("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
  EXPECT_THROW(parse_article(bin, "img.png"), SyntaxError);
}

TEST(ParseArticle, UnclosedFrontMatter) {
  EXPECT_THROW(parse_article("---\nid: x\nno end\n", "a.txt"), SyntaxError);
}

TEST(ParseJson, OneRecord) {
  Document d = parse_json_article(
      R"({"id":"j1","title":"T","published":"2024-06-19","text":"Line one.\r\nPutin \u00e9 \ud83d\ude00.","extra":[1,{"a":null}]})",
      "in.jsonl", 3);
  EXPECT_EQ(d.id, "j1");
  EXPECT_EQ(d.published, "2024-06-19");
  EXPECT_EQ(d.body, "Line one.\nPutin \xC3\xA9 \xF0\x9F\x98\x80.");
  EXPECT_EQ(d.source, "in.jsonl:3");
}

TEST(ParseJson, Errors) {
  EXPECT_THROW(parse_json_article(R"({"id":"x"})", "a.jsonl", 1), SyntaxError);   // no text
  EXPECT_THROW(parse_json_article(R"({"text":"a")", "a.jsonl", 1), SyntaxError);  // unclosed
  EXPECT_THROW(parse_json_article(R"({"text":"\ud800"})", "a.jsonl", 1),
               SyntaxError);  // lone surrogate
  EXPECT_THROW(parse_json_article(R"({"text":"a"} x)", "a.jsonl", 1), SyntaxError);  // trailing
  EXPECT_NO_THROW(parse_json_article(R"({"text":"a","n":12.5,"b":true})", "a.jsonl", 1));
}

// Errors RapidJSON finds keep the line, column and byte offset, and say what was expected.
TEST(ParseJson, SyntaxErrorsNamePositionAndExpectation) {
  auto error_of = [](std::string_view line) {
    try {
      parse_json_article(line, "in.jsonl", 7);
    } catch (const SyntaxError& e) {
      return e;
    }
    ADD_FAILURE() << "no error for " << line;
    return SyntaxError("", "");
  };
  SyntaxError missing_comma = error_of(R"({"id":"\u00e9x" "text":"a"})");
  EXPECT_EQ(missing_comma.path(), "in.jsonl");
  ASSERT_TRUE(missing_comma.has_pos());
  EXPECT_EQ(missing_comma.pos().line, 6u);     // 0-based: line 7
  EXPECT_EQ(missing_comma.pos().offset, 16u);  // bytes into the line: the '"' of "text"
  EXPECT_EQ(missing_comma.pos().column, 16u);  // code points (the escape is ASCII text)
  EXPECT_NE(missing_comma.message().find("expected ',' or '}'"), std::string::npos);

  SyntaxError colon = error_of("{\"t\xC3\xA9\": 1, \"\xC3\xA9\" 2}");
  EXPECT_EQ(colon.pos().offset, 16u);  // the '2'
  EXPECT_EQ(colon.pos().column, 14u);  // each "é" is two bytes, one code point
  EXPECT_NE(colon.message().find("expected ':'"), std::string::npos);

  EXPECT_NE(error_of(R"({"text":"a\q"})").message().find("bad escape"), std::string::npos);
  EXPECT_NE(error_of(R"({"text":"a\u0000b"})").message().find("NUL"), std::string::npos);
  EXPECT_NE(error_of(R"({"text":"\udc00"})").message().find("surrogate"), std::string::npos);
  EXPECT_NE(error_of(R"(["text"])").message().find("expected '{'"), std::string::npos);
  EXPECT_NE(error_of(std::string(100, '[').insert(0, R"({"text":"a","x":)"))
                .message()
                .find("nesting too deep"),
            std::string::npos);
  SyntaxError trailing = error_of(R"({"text":"a"} x)");
  EXPECT_EQ(trailing.pos().offset, 13u);
  EXPECT_NE(trailing.message().find("unexpected characters"), std::string::npos);
}

TEST(ParseJson, ScalarsAsText) {
  Document d = parse_json_article(R"({"text":"a","id":12,"title":true,"url":null,"x":[{"y":"z"}]})",
                                  "in.jsonl", 1);
  EXPECT_EQ(d.id, "12");
  EXPECT_EQ(d.title, "true");
  EXPECT_EQ(d.url, "");
  EXPECT_EQ(d.body, "a");
}

TEST(ArticleReader, FolderInSortedOrderSkipsBadAndEmpty) {
  TempDir dir;
  dir.write("b.txt", "---\nid: second\n---\nSecond.");
  dir.write("a.txt", "First.");
  dir.write("c.txt", "  \n\n");
  dir.write("d.txt", std::string("bin\0ary", 7));
  dir.write("e.txt", "bad \xFF byte");
  dir.write(".hidden.txt", "never read");
  dir.write(
      "sub/f.jsonl",
      "{\"id\":\"j1\",\"text\":\"J one.\"}\n\nnot json\n{\"id\":\"j2\",\"text\":\"J two.\"}\n");
  DiagnosticSink sink;
  ArticleReader reader({dir.str()}, sink);
  std::vector<std::string> ids;
  while (auto d = reader.next()) ids.push_back(d->id);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "second", "j1", "j2"}));
  EXPECT_EQ(sink.count(Severity::kError), 3u);    // binary, invalid UTF-8, bad JSON line
  EXPECT_EQ(sink.count(Severity::kWarning), 1u);  // empty
  EXPECT_EQ(reader.skipped(), 4u);
  bool named_offset = false;
  for (const auto& diag : sink.all())
    if (diag.message.find("byte offset 4") != std::string::npos) named_offset = true;
  EXPECT_TRUE(named_offset);
}

TEST(ArticleReader, RawArticlesAreAppendedAndParsedLater) {
  // A corpus run reads bytes on one thread and parses them on another: next_raw appends each
  // article's bytes and says where they are, from which file and line; parse_raw makes the same
  // Document next() would, and says which are bad or empty.
  TempDir dir;
  dir.write("a.txt", "---\nid: first\n---\nFirst text.");
  const std::string jsonl =
      dir.write("b.jsonl", "{\"id\":\"j1\",\"text\":\"One.\"}\r\n \n\n{\"text\":\"\"}\n{bad\n");
  DiagnosticSink sink;
  ArticleReader reader({dir.str()}, sink);
  std::string bytes = "kept";
  std::vector<RawArticle> raws;
  std::vector<std::string> paths;  // RawArticle::path is good until the next input opens
  for (RawArticle raw; reader.next_raw(bytes, raw);) {
    raws.push_back(raw);
    paths.push_back(*raw.path);
  }
  ASSERT_EQ(raws.size(), 4u);  // the file, then three records: blank lines are passed over
  EXPECT_EQ(bytes.substr(0, 4), "kept");
  EXPECT_EQ(raws[0].begin, 4u);
  EXPECT_EQ(paths[0], dir.str() + "/a.txt");
  EXPECT_EQ(raws[0].line, 0u);
  EXPECT_EQ(paths[1], jsonl);
  EXPECT_EQ(paths[3], jsonl);
  EXPECT_EQ(raws[1].line, 1u);
  EXPECT_EQ(bytes.substr(raws[1].begin, raws[1].size),
            "{\"id\":\"j1\",\"text\":\"One.\"}");  // no CR LF
  EXPECT_EQ(raws[2].line, 4u);
  EXPECT_EQ(raws[3].line, 5u);
  for (std::size_t i = 1; i < raws.size(); ++i)
    EXPECT_EQ(raws[i].begin, raws[i - 1].begin + raws[i - 1].size);

  auto bytes_of = [&](const RawArticle& r) {
    return std::string_view(bytes).substr(r.begin, r.size);
  };
  for (std::size_t i = 0; i < raws.size(); ++i) raws[i].path = &paths[i];
  auto first = parse_raw(bytes_of(raws[0]), raws[0], sink);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->id, "first");
  EXPECT_EQ(first->body, "First text.");
  auto j1 = parse_raw(bytes_of(raws[1]), raws[1], sink);
  ASSERT_TRUE(j1);
  EXPECT_EQ(j1->source, jsonl + ":1");
  EXPECT_FALSE(parse_raw(bytes_of(raws[2]), raws[2], sink));  // empty: warned
  ASSERT_EQ(sink.count(Severity::kWarning), 1u);
  EXPECT_EQ(sink.all()[0].path, jsonl + ":4");
  try {
    parse_raw(bytes_of(raws[3]), raws[3], sink);
    ADD_FAILURE() << "a bad record parsed";
  } catch (const SyntaxError& e) {
    const Diagnostic d = skipped_article(e, raws[3]);
    EXPECT_EQ(d.severity, Severity::kError);
    ASSERT_TRUE(d.pos);
    EXPECT_EQ(d.pos->line, 4u);  // 0-based: line 5
    EXPECT_EQ(d.to_string().rfind(jsonl + ":5:", 0), 0u) << d.to_string();
    EXPECT_NE(d.message.find("; article skipped"), std::string::npos);
  }
}

TEST(ArticleReader, StrictThrowsOnFirstBadArticle) {
  TempDir dir;
  dir.write("a.txt", "bad \xFF byte");
  DiagnosticSink sink;
  ArticleReader reader({dir.str()}, sink, ReaderOptions{true});
  EXPECT_THROW(reader.next(), SyntaxError);
}

TEST(ArticleReader, MissingFileIsIoError) {
  DiagnosticSink sink;
  ArticleReader reader({"/nonexistent/treatykg/none.txt"}, sink);
  EXPECT_THROW(reader.next(), IoError);
}

TEST(ArticleReader, FiftyMegabyteSingleLine) {
  TempDir dir;
  std::string big;
  big.reserve(50u << 20);
  const std::string chunk = "word \xC3\xA9t\xC3\xA9 12,000 soldiers and more text ";
  while (big.size() < (50u << 20)) big += chunk;
  std::string path = dir.write("big.txt", big);
  DiagnosticSink sink;
  ArticleReader reader({path}, sink);
  auto d = reader.next();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->body.size(), big.size());
  EXPECT_FALSE(reader.next());
}

TEST(CodepointIndex, MapsBytesToCodePoints) {
  std::string s = "a\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80z";  // a é — 😀 z
  CodepointIndex idx(s);
  EXPECT_EQ(idx.to_cp(0), 0u);
  EXPECT_EQ(idx.to_cp(1), 1u);
  EXPECT_EQ(idx.to_cp(3), 2u);
  EXPECT_EQ(idx.to_cp(6), 3u);
  EXPECT_EQ(idx.to_cp(10), 4u);
  EXPECT_EQ(idx.size_cp(), 5u);
  std::string longer(1000, 'x');
  longer += "\xC3\xA9y";
  CodepointIndex i2(longer);
  EXPECT_EQ(i2.to_cp(1002), 1001u);
}

// Blocks of ASCII only are mapped without counting: every boundary of texts where ASCII and
// multi-byte blocks alternate, and partial last blocks, give the count of code point starts.
TEST(CodepointIndex, AsciiAndMultiByteBlocksAgreeWithCounting) {
  const std::string pieces[] = {"plain ascii text ", "\xC3\xA9",           "\xE2\x80\x94",
                                "\xF0\x9F\x98\x80",  std::string(64, 'q'), std::string(63, 'r')};
  std::string s;
  for (int round = 0; round < 40; ++round) {
    s += pieces[static_cast<std::size_t>(round * 7 % 6)];
    s += pieces[static_cast<std::size_t>(round % 6)];
    CodepointIndex idx(s);
    std::size_t starts = 0;
    for (std::size_t b = 0; b <= s.size(); ++b) {
      if (b == s.size() || (static_cast<unsigned char>(s[b]) & 0xC0) != 0x80) {
        ASSERT_EQ(idx.to_cp(b), starts) << "byte " << b << " of " << s.size();
      }
      if (b < s.size() && (static_cast<unsigned char>(s[b]) & 0xC0) != 0x80) ++starts;
    }
    EXPECT_EQ(idx.size_cp(), starts);
  }
}

TEST(IsoDate, Validates) {
  EXPECT_TRUE(is_iso_date("2024"));
  EXPECT_TRUE(is_iso_date("2024-02"));
  EXPECT_TRUE(is_iso_date("2024-02-29"));
  EXPECT_FALSE(is_iso_date("2024-13"));
  EXPECT_FALSE(is_iso_date("2024-02-30"));
  EXPECT_FALSE(is_iso_date("24-02-01"));
}

}  // namespace
}  // namespace treatykg::text
