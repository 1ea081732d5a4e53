#pragma once
// Reading articles, one at a time, so a corpus is never loaded whole.
//
//   DiagnosticSink sink;
//   text::ArticleReader reader({"samples/articles"}, sink);
//   while (auto doc = reader.next()) { ... }
//
// Inputs: text files with an optional front-matter block
//
//   ---
//   id: 004_aff0d55bc72581f4
//   title: Defence agreement between Russia and North Korea comes into force
//   published: 2024-12-04
//   ---
//   <body>
//
// (keys id, title, publisher, url, published, language), folders (every non-hidden file below them,
// in sorted path order), JSON Lines files (`.jsonl`, `.ndjson`: one object per line with id, title,
// publisher, url, published, language, text) and "-" (standard input: JSON Lines when its first
// non-blank byte is `{`, else one article). A bad article (invalid UTF-8, binary, malformed front
// matter or JSON) is reported to the sink as an error with the reason and skipped; an empty one is
// a warning and skipped. With `strict`, the first bad article throws instead. Missing files are
// IoErrors (always thrown: the command line named them).

#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"
#include "text/document.hpp"

namespace treatykg::text {

struct ReaderOptions {
  bool strict = false;  // throw on the first bad article instead of skipping it
};

class ArticleReader {
 public:
  ArticleReader(std::vector<std::string> inputs, DiagnosticSink& sink, ReaderOptions options = {});
  ~ArticleReader();
  ArticleReader(const ArticleReader&) = delete;
  ArticleReader& operator=(const ArticleReader&) = delete;

  /// The next good article, or nullopt at the end of all inputs.
  std::optional<Document> next();

  std::size_t skipped() const noexcept { return skipped_; }

 private:
  std::optional<Document> next_json_line();
  void bad(const std::exception& e, const std::string& where);

  std::deque<std::string> pending_;  // inputs not opened yet (folders are expanded on the way)
  DiagnosticSink& sink_;
  ReaderOptions options_;
  std::FILE* json_ = nullptr;  // the JSON Lines stream being read; owned unless it is stdin
  bool json_owned_ = false;
  std::unique_ptr<char[]> json_buffer_;  // json_'s stdio buffer (a file's): outlives it
  std::string json_path_;
  std::size_t json_line_ = 0;
  std::string pushback_;  // bytes read from stdin while sniffing its format
  char* line_buf_ = nullptr;  // getline's buffer, reused for every line; freed by the destructor
  std::size_t line_cap_ = 0;
  std::size_t skipped_ = 0;
};

/// Parses the bytes of one article file: checks UTF-8 (SyntaxError naming the byte offset), refuses
/// binary content, strips a BOM, turns CRLF into LF and reads the front matter. `path` names the
/// file in messages and gives the default id (its stem). Unknown front-matter keys and unreadable
/// dates are warnings to `sink` when given.
Document parse_article(std::string_view bytes, const std::string& path,
                       DiagnosticSink* sink = nullptr);

/// Parses one JSON Lines record (`line_no` is 1-based, for messages and the default id).
Document parse_json_article(std::string_view line, const std::string& path, std::size_t line_no,
                            DiagnosticSink* sink = nullptr);

/// The body normalisation shared by both: BOM removed, CRLF and lone CR turned into LF.
std::string normalise_newlines(std::string_view text);

/// Whether a path is read as JSON Lines (by its extension).
bool is_json_lines_path(std::string_view path) noexcept;

}  // namespace treatykg::text
