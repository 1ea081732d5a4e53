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

// ---- a small JSON reader for one line (objects of scalars; nested values are skipped) ----
class JsonLine {
 public:
  JsonLine(std::string_view s, const std::string& path, std::size_t line_no)
      : s_(s), path_(path), line_(line_no) {}

  [[noreturn]] void fail(const std::string& msg) const {
    throw SyntaxError(path_,
                      TextPos{static_cast<std::uint32_t>(line_ - 1),
                              static_cast<std::uint32_t>(utf8::length(s_.substr(0, i_))), i_},
                      msg);
  }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n'))
      ++i_;
  }
  bool eat(char c) {
    ws();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }
  unsigned hex4() {
    if (i_ + 4 > s_.size()) fail("truncated \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= unsigned(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= unsigned(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= unsigned(c - 'A' + 10);
      else
        fail("bad \\u escape");
    }
    return v;
  }
  std::string string() {
    ws();
    if (i_ >= s_.size() || s_[i_] != '"') fail("expected a string");
    ++i_;
    std::string out;
    while (true) {
      // Copy the run up to the next quote or escape in one go.
      std::size_t run = i_;
      while (run < s_.size() && s_[run] != '"' && s_[run] != '\\' &&
             static_cast<unsigned char>(s_[run]) >= 0x20)
        ++run;
      out.append(s_.data() + i_, run - i_);
      i_ = run;
      if (i_ >= s_.size()) fail("unterminated string");
      char c = s_[i_++];
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) fail("unterminated string");
      char e = s_[i_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          char32_t cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (i_ + 2 <= s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u') {
              i_ += 2;
              unsigned lo = hex4();
              if (lo < 0xDC00 || lo > 0xDFFF) fail("unpaired surrogate in \\u escape");
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              fail("unpaired surrogate in \\u escape");
            }
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("unpaired surrogate in \\u escape");
          }
          if (cp == 0) fail("NUL character in string");
          utf8::append(out, cp);
          break;
        }
        default:
          fail(std::string("bad escape '\\") + e + "'");
      }
    }
    return out;
  }
  // Returns the scalar as text (strings unescaped, numbers/literals verbatim); skips containers.
  std::optional<std::string> value(int depth = 0) {
    ws();
    if (i_ >= s_.size()) fail("expected a value");
    if (depth > 64) fail("nesting too deep");
    char c = s_[i_];
    if (c == '"') return string();
    if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      ++i_;
      if (eat(close)) return std::nullopt;
      do {
        if (c == '{') {
          string();
          expect(':');
        }
        value(depth + 1);
      } while (eat(','));
      expect(close);
      return std::nullopt;
    }
    std::size_t b = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' ||
                              s_[i_] == '+' || s_[i_] == '.'))
      ++i_;
    std::string_view lit = s_.substr(b, i_ - b);
    if (lit.empty()) fail(std::string("unexpected '") + c + "'");
    if (lit == "null") return std::nullopt;
    return std::string(lit);
  }
  bool at_end() {
    ws();
    return i_ == s_.size();
  }

 private:
  std::string_view s_;
  const std::string& path_;
  std::size_t line_;
  std::size_t i_ = 0;
};

}  // namespace

std::string normalise_newlines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
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
  if (auto bad = utf8::find_invalid(line))
    throw SyntaxError(path, TextPos{static_cast<std::uint32_t>(line_no - 1), 0, *bad},
                      "invalid UTF-8 at byte offset " + std::to_string(*bad) + " of line " +
                          std::to_string(line_no));
  JsonLine j(line, path, line_no);
  Document doc;
  doc.source = where;
  bool has_text = false;
  j.expect('{');
  if (!j.eat('}')) {
    do {
      std::string key = j.string();
      j.expect(':');
      auto v = j.value();
      if (!v) continue;
      if (key == "text" || key == "body") {
        doc.body = normalise_newlines(*v);
        has_text = true;
      } else {
        set_field(doc, key, std::move(*v), where, sink);
      }
    } while (j.eat(','));
    j.expect('}');
  }
  if (!j.at_end()) j.fail("unexpected characters after the JSON object");
  if (!has_text) throw SyntaxError(where, "JSON article has no \"text\" member");
  if (doc.id.empty()) doc.id = stem_of(path) + ":" + std::to_string(line_no);
  if (doc.language.empty()) doc.language = "en";
  return doc;
}

ArticleReader::ArticleReader(std::vector<std::string> inputs, DiagnosticSink& sink,
                             ReaderOptions options)
    : pending_(inputs.begin(), inputs.end()), sink_(sink), options_(options) {}

ArticleReader::~ArticleReader() {
  if (json_ && json_owned_) std::fclose(json_);
}

void ArticleReader::bad(const std::exception& e, const std::string& where) {
  ++skipped_;
  if (options_.strict) throw;
  Diagnostic d;
  d.severity = Severity::kError;
  if (auto* se = dynamic_cast<const SyntaxError*>(&e)) {
    d.path = se->path();
    if (se->has_pos()) d.pos = se->pos();
    d.message = se->message() + "; article skipped";
  } else {
    d.path = where;
    d.message = std::string(e.what()) + "; article skipped";
  }
  sink_.report(std::move(d));
}

std::optional<Document> ArticleReader::next_json_line() {
  while (json_) {
    std::string line;
    if (!pushback_.empty()) {
      std::size_t nl = pushback_.find('\n');
      if (nl != std::string::npos) {
        line = pushback_.substr(0, nl);
        pushback_.erase(0, nl + 1);
      } else {
        line = std::move(pushback_);
        pushback_.clear();
        int c;
        while ((c = std::getc(json_)) != EOF && c != '\n') line += static_cast<char>(c);
      }
    } else {
      char* buf = nullptr;
      std::size_t cap = 0;
      ssize_t n = ::getline(&buf, &cap, json_);  // buf is ours to free
      if (n < 0) {
        std::free(buf);
        if (json_owned_) std::fclose(json_);
        json_ = nullptr;
        return std::nullopt;
      }
      line.assign(buf, static_cast<std::size_t>(n));
      std::free(buf);
      if (!line.empty() && line.back() == '\n') line.pop_back();
    }
    ++json_line_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty()) continue;
    try {
      Document doc = parse_json_article(line, json_path_, json_line_, &sink_);
      if (trim(doc.body).empty() || doc.body.find_first_not_of(" \t\n") == std::string::npos) {
        ++skipped_;
        sink_.warn(doc.source, "empty article '" + doc.id + "': no facts; skipped");
        continue;
      }
      return doc;
    } catch (const SyntaxError& e) {
      bad(e, json_path_ + ":" + std::to_string(json_line_));
    }
  }
  return std::nullopt;
}

std::optional<Document> ArticleReader::next() {
  while (true) {
    if (json_) {
      if (auto doc = next_json_line()) return doc;
      continue;
    }
    if (pending_.empty()) return std::nullopt;
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
      if (!head.empty() && head.back() == '{' &&
          head.find_first_not_of(" \t\r\n") == head.size() - 1) {
        json_ = stdin;
        json_owned_ = false;
        json_path_ = "<stdin>";
        json_line_ = 0;
        pushback_ = head;
        continue;
      }
      std::string rest = read_file("-");
      head += rest;
      try {
        Document doc = parse_article(head, "<stdin>", &sink_);
        if (doc.body.find_first_not_of(" \t\n") == std::string::npos) {
          ++skipped_;
          sink_.warn("<stdin>", "empty article: no facts; skipped");
          continue;
        }
        return doc;
      } catch (const SyntaxError& e) {
        bad(e, "<stdin>");
      }
      continue;
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
      json_owned_ = true;
      json_path_ = path;
      json_line_ = 0;
      continue;
    }

    std::string bytes =
        read_file(path);  // IoError propagates: the user named a file we cannot read
    try {
      Document doc = parse_article(bytes, path, &sink_);
      if (doc.body.find_first_not_of(" \t\n") == std::string::npos) {
        ++skipped_;
        sink_.warn(path, "empty article: no facts; skipped");
        continue;
      }
      return doc;
    } catch (const SyntaxError& e) {
      bad(e, path);
    }
  }
}

}  // namespace treatykg::text
