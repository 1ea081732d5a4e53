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
//
// A corpus run splits this in two: next_raw() reads an article's bytes on the reading thread, and
// parse_raw() parses them on whichever thread works on the article, so that the strings of a
// Document are made and freed on one thread.

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

/// One article as read and not parsed yet: a JSON Lines record or a whole file.
struct RawArticle {
  const std::string* path = nullptr;  // the input it came from ("<stdin>"): the reader's, valid
                                      // until next_raw opens the next input
  std::size_t line = 0;               // JSON Lines: the record's 1-based line; 0: a whole file
  std::size_t begin = 0, size = 0;    // where next_raw put its bytes
};

struct ReaderOptions {
  bool strict = false;  // throw on the first bad article instead of skipping it
};

class ArticleReader {
 public:
  ArticleReader(std::vector<std::string> inputs, DiagnosticSink& sink, ReaderOptions options = {});
  ~ArticleReader();
  ArticleReader(const ArticleReader&) = delete;
  ArticleReader& operator=(const ArticleReader&) = delete;

  /// The next good article, or nullopt at the end of all inputs. Bad and empty articles are
  /// reported to the sink and skipped (a bad one throws under `strict`).
  std::optional<Document> next();

  /// Appends the next article's bytes to `bytes` and says where they are in `raw`; false at the
  /// end of all inputs. Blank JSON Lines are passed over; nothing else is checked here.
  bool next_raw(std::string& bytes, RawArticle& raw);

  /// Articles next() skipped.
  std::size_t skipped() const noexcept { return skipped_; }

 private:
  bool next_json_line(std::string& bytes, RawArticle& raw);

  std::deque<std::string> pending_;  // inputs not opened yet (folders are expanded on the way)
  std::string path_;                 // the input being read: RawArticle::path points here
  DiagnosticSink& sink_;
  ReaderOptions options_;
  std::FILE* json_ = nullptr;  // the JSON Lines stream being read; owned unless it is stdin
  bool json_owned_ = false;
  std::unique_ptr<char[]> json_buffer_;  // json_'s stdio buffer (a file's): outlives it
  std::size_t json_line_ = 0;
  std::string pushback_;  // bytes read from stdin while sniffing its format
  char* line_buf_ = nullptr;  // getline's buffer, reused for every line; freed by the destructor
  std::size_t line_cap_ = 0;
  std::string next_bytes_;  // next()'s article bytes, reused
  std::size_t skipped_ = 0;
};

/// Parses what next_raw() read (SyntaxError for a bad article). Returns nullopt for an article
/// without text, after warning `sink` that it is skipped.
std::optional<Document> parse_raw(std::string_view bytes, const RawArticle& raw,
                                  DiagnosticSink& sink);

/// The error that reports a bad article as skipped: the SyntaxError's position when it has one.
Diagnostic skipped_article(const std::exception& e, const RawArticle& raw);

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
