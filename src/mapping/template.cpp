#include "mapping/template.hpp"

#include "base/error.hpp"
#include "rdf/term.hpp"

namespace treatykg::mapping {

bool is_usable_language_tag(std::string_view tag) {
  if (!rdf::is_valid_language_tag(tag)) return false;
  std::size_t dash = tag.find('-');
  std::size_t primary = dash == std::string_view::npos ? tag.size() : dash;
  if (primary == 1) return tag[0] == 'i' || tag[0] == 'I' || tag[0] == 'x' || tag[0] == 'X';
  return primary == 2 || primary == 3;
}

std::vector<TemplatePart> parse_template(std::string_view text) {
  std::vector<TemplatePart> parts;
  std::string cur;
  bool in_ref = false;
  auto bad = [&](const std::string& why) {
    return MappingError("invalid template \"" + std::string(text) + "\": " + why);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      if (i + 1 >= text.size()) throw bad("dangling '\\' at the end");
      cur += text[++i];
    } else if (c == '{') {
      if (in_ref) throw bad("'{' inside a reference (escape it as \\{)");
      if (!cur.empty()) parts.push_back({false, std::move(cur)});
      cur.clear();
      in_ref = true;
    } else if (c == '}') {
      if (!in_ref) throw bad("'}' without '{' (escape it as \\})");
      if (cur.empty()) throw bad("empty reference '{}'");
      parts.push_back({true, std::move(cur)});
      cur.clear();
      in_ref = false;
    } else {
      cur += c;
    }
  }
  if (in_ref) throw bad("unclosed '{'");
  if (!cur.empty()) parts.push_back({false, std::move(cur)});
  return parts;
}

namespace {
void append_encoded(std::string& out, std::string_view value, bool keep_non_ascii) {
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : value) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || (keep_non_ascii && c >= 0x80)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
}
}  // namespace

void append_iri_safe(std::string& out, std::string_view value) {
  append_encoded(out, value, true);
}
void append_uri_safe(std::string& out, std::string_view value) {
  append_encoded(out, value, false);
}

}  // namespace treatykg::mapping
