#include "rdf/document_writers.hpp"

#include <map>
#include <string_view>

#include "base/error.hpp"
#include "base/utf8.hpp"
#include "rdf/vocab.hpp"

namespace treatykg::rdf::detail {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr std::string_view kXsdString = vocab::kXsdString;

void require_utf8(std::string_view s, const char* format) {
  if (const auto bad = utf8::find_invalid(s))
    throw MappingError(std::string("cannot write \"") + std::string(s.substr(0, *bad)) +
                       "...\" as " + format + ": invalid UTF-8 at byte " + std::to_string(*bad));
}

// ---- JSON ---------------------------------------------------------------------------------------

// A JSON string (RFC 8259): quotes, backslash and C0 controls escaped; UTF-8 copied as is.
void json_string(std::string& out, std::string_view s, const char* format) {
  require_utf8(s, format);
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
}

// "_:label" for blank nodes, the IRI otherwise (the JSON-LD and RDF/JSON node reference).
void json_node(std::string& out, const Term& t, const char* format) {
  if (t.is_blank()) {
    std::string label = "_:";
    label += t.value;
    json_string(out, label, format);
  } else {
    json_string(out, t.value, format);
  }
}

bool plain_datatype(const Term& t) {
  return t.datatype.empty() || t.datatype == kXsdString;
}

// ---- XML ----------------------------------------------------------------------------------------

// Character data or an attribute value (XML 1.0). C0 controls other than tab, LF and CR have no
// representation in XML 1.0, not even as character references.
void xml_text(std::string& out, std::string_view s, bool attribute) {
  require_utf8(s, "RDF/XML");
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\r':
        out += "&#13;";
        break;  // a literal CR would be read back as LF
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";  // attribute values are whitespace-normalised
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          if (c == 0x7F) {
            out += "&#127;";
            break;
          }
          throw MappingError(std::string("cannot write \"") + std::string(s) +
                             "\" as RDF/XML: XML 1.0 cannot represent the control character U+00" +
                             kHex[c >> 4] + kHex[c & 0xF]);
        }
        out += ch;
    }
  }
}

bool xml_name_start(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool xml_name_char(unsigned char c) {
  return xml_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}
bool is_ncname(std::string_view s) {
  if (s.empty() || !xml_name_start(static_cast<unsigned char>(s[0]))) return false;
  for (const char c : s)
    if (!xml_name_char(static_cast<unsigned char>(c))) return false;
  return true;
}

// Where the XML local name of a predicate IRI starts (the longest ASCII NCName suffix), or npos.
std::size_t local_name_start(std::string_view iri) {
  std::size_t i = iri.size();
  while (i > 0 && xml_name_char(static_cast<unsigned char>(iri[i - 1]))) --i;
  while (i < iri.size() && !xml_name_start(static_cast<unsigned char>(iri[i]))) ++i;
  return i < iri.size() ? i : std::string_view::npos;
}

// rdf:nodeID must be an NCName: "b" + the label with every byte but [A-Za-z0-9.-] as _XX
// (injective, so distinct blank nodes stay distinct).
void xml_node_id(std::string& out, std::string_view label) {
  out += 'b';
  for (const char ch : label) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.') {
      out += ch;
    } else {
      out += '_';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
}

}  // namespace

namespace {

// One node object: the quads from `i` with the same graph and subject; advances `i` past them.
void jsonld_node(std::string& out, const std::vector<Quad>& quads, std::size_t& i,
                 std::string_view pad) {
  constexpr const char* kFormat = "JSON-LD";
  const Term& graph = quads[i].graph;
  const Term& subject = quads[i].subject;
  auto same_node = [&](std::size_t k) {
    return k < quads.size() && quads[k].graph == graph && quads[k].subject == subject;
  };
  out += pad;
  out += "{\n";
  out += pad;
  out += "  \"@id\": ";
  json_node(out, subject, kFormat);
  while (same_node(i)) {
    const Term& predicate = quads[i].predicate;
    out += ",\n";
    out += pad;
    out += "  ";
    json_string(out, predicate.value, kFormat);
    out += ": [";
    for (bool first = true; same_node(i) && quads[i].predicate == predicate; ++i, first = false) {
      const Term& o = quads[i].object;
      out += first ? "{" : ", {";
      if (o.is_literal()) {
        out += "\"@value\": ";
        json_string(out, o.value, kFormat);
        if (!o.language.empty()) {
          out += ", \"@language\": ";
          json_string(out, o.language, kFormat);
        } else if (!plain_datatype(o)) {
          out += ", \"@type\": ";
          json_string(out, o.datatype, kFormat);
        }
      } else {
        out += "\"@id\": ";
        json_node(out, o, kFormat);
      }
      out += '}';
    }
    out += ']';
  }
  out += '\n';
  out += pad;
  out += '}';
}

}  // namespace

void write_jsonld(std::string& out, const std::vector<Quad>& quads) {
  out += '[';
  std::size_t i = 0;
  for (bool first_item = true; i < quads.size(); first_item = false) {
    out += first_item ? "\n" : ",\n";
    if (quads[i].in_default_graph()) {
      jsonld_node(out, quads, i, "  ");  // default-graph nodes are top-level node objects
      continue;
    }
    const Term& graph = quads[i].graph;
    out += "  {\n    \"@id\": ";
    json_node(out, graph, "JSON-LD");
    out += ",\n    \"@graph\": [";
    for (bool first_node = true; i < quads.size() && quads[i].graph == graph; first_node = false) {
      out += first_node ? "\n" : ",\n";
      jsonld_node(out, quads, i, "      ");
    }
    out += "\n    ]\n  }";
  }
  out += quads.empty() ? "]\n" : "\n]\n";
}

void write_rdfjson(std::string& out, const std::vector<Quad>& quads) {
  constexpr const char* kFormat = "RDF/JSON";
  out += "{";
  std::size_t i = 0;
  bool first_subject = true;
  while (i < quads.size()) {
    const Term& subject = quads[i].subject;
    out += first_subject ? "\n  " : ",\n  ";
    first_subject = false;
    json_node(out, subject, kFormat);
    out += ": {";
    bool first_predicate = true;
    while (i < quads.size() && quads[i].subject == subject) {
      const Term& predicate = quads[i].predicate;
      out += first_predicate ? "\n    " : ",\n    ";
      first_predicate = false;
      json_string(out, predicate.value, kFormat);
      out += ": [";
      bool first_object = true;
      for (; i < quads.size() && quads[i].subject == subject && quads[i].predicate == predicate;
           ++i) {
        const Term& o = quads[i].object;
        out += first_object ? " { " : ", { ";
        first_object = false;
        out += o.is_literal() ? "\"type\": \"literal\", \"value\": "
               : o.is_blank() ? "\"type\": \"bnode\", \"value\": "
                              : "\"type\": \"uri\", \"value\": ";
        if (o.is_literal())
          json_string(out, o.value, kFormat);
        else
          json_node(out, o, kFormat);
        if (o.is_literal() && !o.language.empty()) {
          out += ", \"lang\": ";
          json_string(out, o.language, kFormat);
        } else if (o.is_literal() && !plain_datatype(o)) {
          out += ", \"datatype\": ";
          json_string(out, o.datatype, kFormat);
        }
        out += " }";
      }
      out += " ]";
    }
    out += "\n  }";
  }
  out += first_subject ? "}\n" : "\n}\n";
}

void write_rdfxml(std::string& out, const std::vector<Quad>& quads, const PrefixMap& prefixes) {
  const std::string rdf_ns = vocab::kRdf;
  // Namespace names, in order of first use (the quads are sorted, so this is deterministic).
  std::map<std::string, std::string, std::less<>> ns_name;    // namespace IRI -> prefix
  std::vector<std::pair<std::string, std::string>> declared;  // (prefix, IRI) in order
  ns_name[rdf_ns] = "rdf";
  std::map<std::string, bool, std::less<>> taken{{"rdf", true}};
  int next = 1;
  for (const auto& q : quads) {
    const std::string& p = q.predicate.value;
    const auto start = local_name_start(p);
    if (start == std::string_view::npos)
      throw MappingError(
          "cannot write predicate <" + p +
          "> as RDF/XML: the IRI does not end with an XML name (a letter or _ then letters, "
          "digits, _ - .)");
    const std::string ns = p.substr(0, start);
    if (ns == rdf_ns) {
      static constexpr std::string_view kReserved[] = {
          "RDF",    "ID", "about",     "bagID",           "parseType",   "resource",
          "nodeID", "li", "aboutEach", "aboutEachPrefix", "Description", "datatype"};
      for (const auto r : kReserved)
        if (std::string_view(p).substr(start) == r)
          throw MappingError("cannot write predicate <" + p +
                             "> as RDF/XML: rdf:" + std::string(r) + " is reserved syntax there");
      continue;
    }
    if (ns == "http://www.w3.org/XML/1998/namespace" || ns == "http://www.w3.org/2000/xmlns/")
      throw MappingError("cannot write predicate <" + p +
                         "> as RDF/XML: its namespace is reserved by XML");
    if (ns_name.count(ns)) continue;
    std::string name;
    for (const auto& [prefix, iri] : prefixes) {
      const bool xml_reserved = prefix.size() >= 3 && (prefix[0] | 0x20) == 'x' &&
                                (prefix[1] | 0x20) == 'm' && (prefix[2] | 0x20) == 'l';
      if (iri == ns && is_ncname(prefix) && !xml_reserved && !taken.count(prefix)) {
        name = prefix;
        break;
      }
    }
    while (name.empty()) {
      std::string candidate = "ns" + std::to_string(next++);
      if (!taken.count(candidate)) name = candidate;
    }
    taken[name] = true;
    ns_name[ns] = name;
    declared.emplace_back(name, ns);
  }

  out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF xmlns:rdf=\"";
  xml_text(out, rdf_ns, true);
  out += '"';
  for (const auto& [name, iri] : declared) {
    out += "\n    xmlns:" + name + "=\"";  // name is an NCName (checked or generated)
    xml_text(out, iri, true);
    out += '"';
  }
  out += ">\n";
  std::size_t i = 0;
  while (i < quads.size()) {
    const Term& subject = quads[i].subject;
    if (subject.is_blank()) {
      out += "  <rdf:Description rdf:nodeID=\"";
      xml_node_id(out, subject.value);
    } else {
      out += "  <rdf:Description rdf:about=\"";
      xml_text(out, subject.value, true);
    }
    out += "\">\n";
    for (; i < quads.size() && quads[i].subject == subject; ++i) {
      const Term& o = quads[i].object;
      const std::string& p = quads[i].predicate.value;
      const auto start = local_name_start(p);
      std::string qname = ns_name.find(std::string_view(p).substr(0, start))->second;
      qname += ':';
      qname.append(p, start, std::string::npos);  // an NCName (local_name_start)
      out += "    <" + qname;
      if (o.is_iri()) {
        out += " rdf:resource=\"";
        xml_text(out, o.value, true);
        out += "\"/>\n";
      } else if (o.is_blank()) {
        out += " rdf:nodeID=\"";
        xml_node_id(out, o.value);
        out += "\"/>\n";
      } else {
        if (!o.language.empty()) {
          out += " xml:lang=\"";
          xml_text(out, o.language, true);
          out += '"';
        } else if (!plain_datatype(o)) {
          out += " rdf:datatype=\"";
          xml_text(out, o.datatype, true);
          out += '"';
        }
        out += '>';
        xml_text(out, o.value, false);
        out += "</" + qname + ">\n";
      }
    }
    out += "  </rdf:Description>\n";
  }
  out += "</rdf:RDF>\n";
}

}  // namespace treatykg::rdf::detail
