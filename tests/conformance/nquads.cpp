#include "nquads.hpp"

#include <cstdint>

#include "base/error.hpp"
#include "base/utf8.hpp"

namespace treatykg::conformance {

namespace {


class LineParser {
 public:
  LineParser(std::string_view l, const std::string& name, std::uint32_t line)
      : l_(l), name_(name), line_(line) {}

  bool parse(rdf::Quad& q) {
    ws();
    if (i_ >= l_.size() || l_[i_] == '#') return false;
    q.subject = term();
    q.predicate = term();
    q.object = term();
    ws();
    q.graph = rdf::Term::iri("");
    if (i_ < l_.size() && l_[i_] != '.') q.graph = term();
    ws();
    if (i_ >= l_.size() || l_[i_] != '.') fail("expected '.'");
    return true;
  }

 private:
  [[noreturn]] void fail(const std::string& m) {
    throw SyntaxError(name_, TextPos{line_, static_cast<std::uint32_t>(i_), 0}, m);
  }
  void ws() {
    while (i_ < l_.size() && (l_[i_] == ' ' || l_[i_] == '\t' || l_[i_] == '\r')) ++i_;
  }
  std::uint32_t hex(std::size_t n) {
    if (i_ + n > l_.size()) fail("short \\u escape");
    std::uint32_t v =
        static_cast<std::uint32_t>(std::stoul(std::string(l_.substr(i_, n)), nullptr, 16));
    i_ += n;
    return v;
  }
  std::string escaped_until(char end) {
    std::string out;
    while (i_ < l_.size() && l_[i_] != end) {
      char c = l_[i_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= l_.size()) fail("dangling escape");
      char e = l_[i_++];
      switch (e) {
        case 't':
          out += '\t';
          break;
        case 'b':
          out += '\b';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 'f':
          out += '\f';
          break;
        case '"':
          out += '"';
          break;
        case '\'':
          out += '\'';
          break;
        case '\\':
          out += '\\';
          break;
        case 'u':
          utf8::append(out, static_cast<char32_t>(hex(4)));
          break;
        case 'U':
          utf8::append(out, static_cast<char32_t>(hex(8)));
          break;
        default:
          fail(std::string("bad escape \\") + e);
      }
    }
    if (i_ >= l_.size()) fail(std::string("missing '") + end + "'");
    ++i_;
    return out;
  }
  rdf::Term term() {
    ws();
    if (i_ >= l_.size()) fail("expected a term");
    char c = l_[i_];
    if (c == '<') {
      ++i_;
      return rdf::Term::iri(escaped_until('>'));
    }
    if (c == '_' && i_ + 1 < l_.size() && l_[i_ + 1] == ':') {
      i_ += 2;
      std::size_t b = i_;
      while (i_ < l_.size() && l_[i_] != ' ' && l_[i_] != '\t' &&
             !(l_[i_] == '.' && (i_ + 1 >= l_.size() || l_[i_ + 1] == ' ' || l_[i_ + 1] == '\r')))
        ++i_;
      return rdf::Term::blank(std::string(l_.substr(b, i_ - b)));
    }
    if (c == '"') {
      ++i_;
      rdf::Term t = rdf::Term::literal(escaped_until('"'));
      if (i_ < l_.size() && l_[i_] == '@') {
        std::size_t b = ++i_;
        while (i_ < l_.size() &&
               (std::isalnum(static_cast<unsigned char>(l_[i_])) || l_[i_] == '-'))
          ++i_;
        t.language = std::string(l_.substr(b, i_ - b));
        for (auto& ch : t.language)
          ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      } else if (l_.substr(i_, 3) == "^^<") {
        i_ += 3;
        t.datatype = escaped_until('>');
        if (t.datatype == "http://www.w3.org/2001/XMLSchema#string") t.datatype.clear();
      }
      return t;
    }
    fail("expected a term");
  }

  std::string_view l_;
  const std::string& name_;
  std::uint32_t line_;
  std::size_t i_ = 0;
};

}  // namespace

std::vector<rdf::Quad> parse_nquads(std::string_view text, const std::string& name) {
  std::vector<rdf::Quad> out;
  std::size_t pos = 0;
  std::uint32_t line = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    rdf::Quad q;
    if (LineParser(text.substr(pos, eol - pos), name, line).parse(q)) out.push_back(std::move(q));
    pos = eol + 1;
    ++line;
  }
  return out;
}

}  // namespace treatykg::conformance
