#include "text/reader.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "base/error.hpp"
#include "base/files.hpp"
#include "base/utf8.hpp"

// RapidJSON (header-only, as in src/mapping): the SAX reader of JSON Lines records. With SSE2 it
// scans strings and blanks 16 bytes at a time (aligned loads that stay inside the copy's slack,
// see parse_json_article).
#if defined(__SSE2__) && !defined(RAPIDJSON_SSE2)
#define RAPIDJSON_SSE2
#endif
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

namespace treatykg::text {
namespace fs = std::filesystem;
namespace {

std::string stem_of(const std::string& path) {
  if (path == "-") return "stdin";
  return fs::path(path).stem().string();
}

TextPos pos_at(std::string_view text, std::size_t offset) {
  auto lc = utf8::line_col(text, offset);
  return TextPos{lc.line, lc.column, offset};
}

// Rejects binary content and invalid UTF-8; positions are into `bytes` as given.
void check_bytes(std::string_view bytes, const std::string& path) {
  if (const void* nul = std::memchr(bytes.data(), 0, bytes.size())) {
    auto off = static_cast<std::size_t>(static_cast<const char*>(nul) - bytes.data());
    throw SyntaxError(
        path, "binary file (NUL byte at byte offset " + std::to_string(off) + "), not an article");
  }
  if (auto bad = utf8::find_invalid(bytes))
    throw SyntaxError(path, pos_at(bytes, *bad),
                      "invalid UTF-8 at byte offset " + std::to_string(*bad));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void set_published(Document& doc, std::string value, const std::string& where,
                   DiagnosticSink* sink) {
  // A date-time keeps its date part.
  if (value.size() > 10 && (value[10] == 'T' || value[10] == ' ')) value.resize(10);
  if (is_iso_date(value)) {
    doc.published = std::move(value);
  } else if (!value.empty() && sink) {
    sink->warn(where, "unreadable published date '" + value + "' (want YYYY-MM-DD): ignored");
  }
}

bool set_field(Document& doc, std::string_view key, std::string value, const std::string& where,
               DiagnosticSink* sink) {
  if (key == "id")
    doc.id = std::move(value);
  else if (key == "title")
    doc.title = std::move(value);
  else if (key == "publisher")
    doc.publisher = std::move(value);
  else if (key == "url")
    doc.url = std::move(value);
  else if (key == "published")
    set_published(doc, std::move(value), where, sink);
  else if (key == "language")
    doc.language = std::move(value);
  else
    return false;
  return true;
}

// ---- one JSON Lines record, read with RapidJSON's SAX reader ----
// Top-level members are kept as text (strings unescaped, numbers verbatim, true/false); nested
// objects and arrays are checked and skipped.
// UTF-8 is checked before parsing (utf8::find_invalid names the byte offset, and is faster than
// kParseValidateEncodingFlag), so RapidJSON only checks the syntax.
// Parsed in situ, in a per-thread copy of the line: unescaped strings are written over the copy
// instead of being pushed byte by byte onto RapidJSON's stack.
constexpr unsigned kJsonFlags = rapidjson::kParseInsituFlag | rapidjson::kParseStopWhenDoneFlag |
                                rapidjson::kParseNumbersAsStringsFlag |
                                rapidjson::kParseIterativeFlag;  // no recursion on deep nesting
constexpr int kMaxDepth = 64;

struct ArticleHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ArticleHandler> {
  ArticleHandler(Document& d, const std::string& w, DiagnosticSink* s, bool escapes)
      : doc(d), where(w), sink(s), check_escapes(escapes) {}

  Document& doc;
  const std::string& where;
  DiagnosticSink* sink;
  bool check_escapes;  // the line has \u escapes: a decoded string may hold U+0000 or a surrogate
  int depth = 0;
  std::string key;
  bool has_text = false;
  const char* error = nullptr;  // why the handler stopped the parse

  bool fail(const char* why) {
    error = why;
    return false;
  }
  // RapidJSON lets "\u0000" and a lone "\udc00" through; articles must be valid UTF-8 text.
  bool decoded_ok(std::string_view v) {
    if (!check_escapes) return true;
    if (std::memchr(v.data(), 0, v.size())) return fail("NUL character in string");
    if (utf8::find_invalid(v)) return fail("unpaired surrogate in \\u escape");
    return true;
  }
  bool scalar(std::string_view v) {
    if (depth != 1) return true;  // inside a nested value: skipped
    if (key == "text" || key == "body") {
      doc.body = normalise_newlines(v);
      has_text = true;
    } else {
      set_field(doc, key, std::string(v), where, sink);
    }
    return true;
  }
  bool Null() { return true; }
  bool Bool(bool b) { return scalar(b ? "true" : "false"); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) { return scalar({s, n}); }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    std::string_view v(s, n);
    return decoded_ok(v) && scalar(v);
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    std::string_view k(s, n);
    if (!decoded_ok(k)) return false;
    if (depth == 1) key.assign(k);
    return true;
  }
  bool StartObject() { return ++depth <= kMaxDepth || fail("nesting too deep"); }
  bool EndObject(rapidjson::SizeType) { return --depth, true; }
  bool StartArray() { return ++depth <= kMaxDepth || fail("nesting too deep"); }
  bool EndArray(rapidjson::SizeType) { return --depth, true; }
};

// What was expected where RapidJSON stopped.
std::string json_message(rapidjson::ParseErrorCode code) {
  switch (code) {
    case rapidjson::kParseErrorDocumentEmpty:
      return "expected '{'";
    case rapidjson::kParseErrorObjectMissName:
      return "expected a string";
    case rapidjson::kParseErrorObjectMissColon:
      return "expected ':'";
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
      return "expected ',' or '}'";
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket:
      return "expected ',' or ']'";
    case rapidjson::kParseErrorValueInvalid:
      return "expected a value";
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex:
      return "bad \\u escape";
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
      return "unpaired surrogate in \\u escape";
    case rapidjson::kParseErrorStringEscapeInvalid:
      return "bad escape in string";
    case rapidjson::kParseErrorStringMissQuotationMark:
      return "unterminated string";
    case rapidjson::kParseErrorStringInvalidEncoding:
      return "control character in string";
    case rapidjson::kParseErrorNumberTooBig:
    case rapidjson::kParseErrorNumberMissFraction:
    case rapidjson::kParseErrorNumberMissExponent:
      return "malformed number";
    default:
      return std::string("invalid JSON: ") + rapidjson::GetParseError_En(code);
  }
}

}  // namespace

std::string normalise_newlines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!std::memchr(text.data(), '\r', text.size())) return std::string(text);  // the usual case
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += c;
    }
  }
  return out;
}

bool is_json_lines_path(std::string_view path) noexcept {
  auto ends = [&](std::string_view suf) {
    return path.size() >= suf.size() && path.substr(path.size() - suf.size()) == suf;
  };
  return ends(".jsonl") || ends(".ndjson") || ends(".json");
}

Document parse_article(std::string_view bytes, const std::string& path, DiagnosticSink* sink) {
  check_bytes(bytes, path);
  std::string text = normalise_newlines(bytes);
  Document doc;
  doc.source = path;
  std::string_view rest = text;
  if (rest.substr(0, 4) == "---\n" || rest == "---") {
    std::size_t pos = 4;
    std::uint32_t line = 1;
    bool closed = false;
    while (pos < text.size()) {
      std::size_t eol = text.find('\n', pos);
      if (eol == std::string::npos) eol = text.size();
      std::string_view l = std::string_view(text).substr(pos, eol - pos);
      std::size_t next = std::min(eol + 1, text.size());
      if (trim(l) == "---") {
        closed = true;
        pos = next;
        break;
      }
      std::string_view t = trim(l);
      if (!t.empty() && t.front() != '#') {
        std::size_t colon = l.find(':');
        if (colon == std::string_view::npos)
          throw SyntaxError(path, TextPos{line, 0, pos}, "front matter line is not 'key: value'");
        std::string_view key = trim(l.substr(0, colon));
        std::string value(trim(l.substr(colon + 1)));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front())
          value = value.substr(1, value.size() - 2);
        std::string where = path + ":" + std::to_string(line + 1);
        if (!set_field(doc, key, std::move(value), where, sink) && sink)
          sink->warn(where, "unknown front matter key '" + std::string(key) + "' ignored");
      }
      ++line;
      pos = next;
    }
    if (!closed)
      throw SyntaxError(path, TextPos{0, 0, 0}, "front matter opened with '---' is never closed");
    doc.body = text.substr(pos);
  } else {
    doc.body = std::move(text);
  }
  if (doc.id.empty()) doc.id = stem_of(path);
  if (doc.language.empty()) doc.language = "en";
  return doc;
}

Document parse_json_article(std::string_view line, const std::string& path, std::size_t line_no,
                            DiagnosticSink* sink) {
  std::string where = path + ":" + std::to_string(line_no);
  if (const void* nul = std::memchr(line.data(), 0, line.size())) {
    auto off = static_cast<std::size_t>(static_cast<const char*>(nul) - line.data());
    throw SyntaxError(
        where, "binary data (NUL byte at byte offset " + std::to_string(off) + " of the line)");
  }
  auto fail = [&](std::size_t offset, const std::string& msg) {
    throw SyntaxError(
        path,
        TextPos{static_cast<std::uint32_t>(line_no - 1),
                static_cast<std::uint32_t>(utf8::length(line.substr(0, offset))), offset},
        msg);
  };
  // Checked first, so that bad bytes are named as such (RapidJSON checks only the JSON syntax).
  if (auto bad = utf8::find_invalid(line))
    throw SyntaxError(path, TextPos{static_cast<std::uint32_t>(line_no - 1), 0, *bad},
                      "invalid UTF-8 at byte offset " + std::to_string(*bad) + " of line " +
                          std::to_string(line_no));
  std::size_t open = line.find_first_not_of(" \t\r\n");
  if (open == std::string_view::npos || line[open] != '{')
    fail(open == std::string_view::npos ? line.size() : open, "expected '{'");
  Document doc;
  ArticleHandler h(doc, where, sink, line.find("\\u") != std::string_view::npos);
  thread_local std::string copy;  // NUL-terminated (no NUL inside: checked above)
  // 16 bytes of slack: RapidJSON's SSE2 scans load aligned 16-byte blocks, which may reach past
  // the terminating NUL (never past the block holding it).
  copy.reserve(line.size() + 16);
  copy.assign(line);
  rapidjson::Reader reader;
  rapidjson::InsituStringStream ms(copy.data());
  rapidjson::ParseResult r = reader.Parse<kJsonFlags>(ms, h);
  if (!r) {
    if (r.Code() == rapidjson::kParseErrorStringEscapeInvalid && r.Offset() + 1 < line.size())
      fail(r.Offset(), "bad escape '" + std::string(line.substr(r.Offset(), 2)) + "'");
    fail(r.Offset(), h.error && r.Code() == rapidjson::kParseErrorTermination
                         ? std::string(h.error)
                         : json_message(r.Code()));
  }
  std::size_t rest = ms.Tell();
  while (rest < line.size() &&
         (line[rest] == ' ' || line[rest] == '\t' || line[rest] == '\r' || line[rest] == '\n'))
    ++rest;
  if (rest != line.size()) fail(rest, "unexpected characters after the JSON object");
  const bool has_text = h.has_text;
  if (!has_text) throw SyntaxError(where, "JSON article has no \"text\" member");
  if (doc.id.empty()) doc.id = stem_of(path) + ":" + std::to_string(line_no);
  if (doc.language.empty()) doc.language = "en";
  doc.source = std::move(where);  // last: the handler and the errors above refer to it
  return doc;
}

std::optional<Document> parse_raw(std::string_view bytes, const RawArticle& raw,
                                  DiagnosticSink& sink) {
  const std::string& path = *raw.path;
  Document doc = raw.line == 0 ? parse_article(bytes, path, &sink)
                               : parse_json_article(bytes, path, raw.line, &sink);
  if (doc.body.find_first_not_of(" \t\n") != std::string::npos) return doc;
  if (raw.line == 0)
    sink.warn(path, "empty article: no facts; skipped");
  else
    sink.warn(doc.source, "empty article '" + doc.id + "': no facts; skipped");
  return std::nullopt;
}

Diagnostic skipped_article(const std::exception& e, const RawArticle& raw) {
  Diagnostic d;
  d.severity = Severity::kError;
  if (auto* se = dynamic_cast<const SyntaxError*>(&e)) {
    d.path = se->path();
    if (se->has_pos()) d.pos = se->pos();
    d.message = se->message() + "; article skipped";
  } else {
    d.path = raw.line ? *raw.path + ":" + std::to_string(raw.line) : *raw.path;
    d.message = std::string(e.what()) + "; article skipped";
  }
  return d;
}

ArticleReader::ArticleReader(std::vector<std::string> inputs, DiagnosticSink& sink,
                             ReaderOptions options)
    : pending_(inputs.begin(), inputs.end()), sink_(sink), options_(options) {}

ArticleReader::~ArticleReader() {
  if (json_ && json_owned_) std::fclose(json_);
  std::free(line_buf_);
}

std::optional<Document> ArticleReader::next() {
  RawArticle raw;
  while (true) {
    next_bytes_.clear();
    if (!next_raw(next_bytes_, raw)) return std::nullopt;
    try {
      if (auto doc = parse_raw(next_bytes_, raw, sink_)) return doc;
      ++skipped_;  // empty: warned
    } catch (const SyntaxError& e) {
      ++skipped_;
      if (options_.strict) throw;
      sink_.report(skipped_article(e, raw));
    }
  }
}

bool ArticleReader::next_json_line(std::string& bytes, RawArticle& raw) {
  while (json_) {
    const std::size_t begin = bytes.size();
    if (!pushback_.empty()) {
      std::size_t nl = pushback_.find('\n');
      if (nl != std::string::npos) {
        bytes.append(pushback_, 0, nl);
        pushback_.erase(0, nl + 1);
      } else {
        bytes += pushback_;
        pushback_.clear();
        int c;
        while ((c = std::getc(json_)) != EOF && c != '\n') bytes += static_cast<char>(c);
      }
    } else {
      ssize_t n = ::getline(&line_buf_, &line_cap_, json_);  // reused; freed by the destructor
      if (n < 0) {
        if (json_owned_) std::fclose(json_);
        json_ = nullptr;
        json_buffer_.reset();
        return false;
      }
      if (n > 0 && line_buf_[n - 1] == '\n') --n;
      bytes.append(line_buf_, static_cast<std::size_t>(n));
    }
    ++json_line_;
    if (bytes.size() > begin && bytes.back() == '\r') bytes.pop_back();
    if (trim(std::string_view(bytes).substr(begin)).empty()) {
      bytes.resize(begin);
      continue;
    }
    raw = RawArticle{&path_, json_line_, begin, bytes.size() - begin};
    return true;
  }
  return false;
}

bool ArticleReader::next_raw(std::string& bytes, RawArticle& raw) {
  while (true) {
    if (json_) {
      if (next_json_line(bytes, raw)) return true;
      continue;
    }
    if (pending_.empty()) return false;
    std::string path = std::move(pending_.front());
    pending_.pop_front();

    if (path == "-") {
      // Sniff: JSON Lines when the first non-blank byte is '{'.
      int c;
      std::string head;
      while ((c = std::getc(stdin)) != EOF) {
        head += static_cast<char>(c);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      }
      path_ = "<stdin>";
      if (!head.empty() && head.back() == '{' &&
          head.find_first_not_of(" \t\r\n") == head.size() - 1) {
        json_ = stdin;
        json_owned_ = false;
        json_line_ = 0;
        pushback_ = head;
        continue;
      }
      const std::size_t begin = bytes.size();
      bytes += head;
      bytes += read_file("-");
      raw = RawArticle{&path_, 0, begin, bytes.size() - begin};
      return true;
    }

    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> files;
      for (auto it = fs::recursive_directory_iterator(
               path, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (!name.empty() && name.front() == '.') {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file()) files.push_back(it->path().string());
      }
      if (ec) throw IoError(path, ec.message());
      std::sort(files.begin(), files.end());
      pending_.insert(pending_.begin(), files.begin(), files.end());
      continue;
    }

    if (is_json_lines_path(path)) {
      json_ = std::fopen(path.c_str(), "rb");
      if (!json_) throw IoError(path, std::strerror(errno));
      json_buffer_ = use_large_buffer(json_, 256u << 10);  // a read(2) per 256 KiB, not per 4 KiB
      json_owned_ = true;
      json_line_ = 0;
      path_ = std::move(path);
      continue;
    }

    const std::size_t begin = bytes.size();
    bytes += read_file(path);  // IoError propagates: the user named a file we cannot read
    path_ = std::move(path);
    raw = RawArticle{&path_, 0, begin, bytes.size() - begin};
    return true;
  }
}

}  // namespace treatykg::text
