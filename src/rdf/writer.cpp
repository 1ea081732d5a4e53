#include "rdf/writer.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/error.hpp"
#include "rdf/c_api.hpp"
#include "rdf/document_writers.hpp"

namespace treatykg::rdf {

using namespace c_api;

struct Writer::Impl {
  std::FILE* stream;
  std::string name;
  WriteOptions options;
  EnvPtr env;
  WriterPtr writer;
  std::size_t count = 0;
  bool discard = false;  // after finish() or on destruction without finish(): write nothing more
  int write_errno = 0;   // first failed fwrite
  bool line_based = false;  // N-Triples / N-Quads: our own serializer (the fast path), not serd
  bool document = false;    // JSON-LD / RDF/XML / RDF/JSON: kept in `pending`, written by finish()
  std::vector<Quad> pending;
  std::string buffer;       // line-based output waiting for one large fwrite

  void flush_buffer() {
    if (buffer.empty() || discard) return;
    if (std::fwrite(buffer.data(), 1, buffer.size(), stream) != buffer.size() && !write_errno)
      write_errno = errno ? errno : EIO;
    buffer.clear();
  }

  // Our own sink rather than serd_file_sink: it notices short writes and can be muted.
  static size_t sink(const void* buf, size_t len, void* handle) {
    auto& self = *static_cast<Impl*>(handle);
    if (self.discard) return len;
    const size_t n = ::fwrite_unlocked(buf, 1, len, self.stream);
    if (n != len && !self.write_errno) self.write_errno = errno ? errno : EIO;
    return n;
  }
};

namespace {

SerdSyntax to_serd(Syntax s) {
  switch (s) {
    case Syntax::kTurtle: return SERD_TURTLE;
    case Syntax::kNTriples: return SERD_NTRIPLES;
    case Syntax::kTrig: return SERD_TRIG;
    case Syntax::kNQuads: return SERD_NQUADS;
    case Syntax::kJsonLd:
    case Syntax::kRdfXml:
    case Syntax::kRdfJson: break;  // our own writers (document_writers.cpp)
  }
  return SERD_TURTLE;
}

SerdNode serd_view(SerdType type, const std::string& s) {
  return serd_node_from_substring(type, reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

bool is_blank_label(std::string_view s) {
  if (s.empty() || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool ok = c >= 0x80 || std::isalnum(c) || c == '_' || (i > 0 && (c == '-' || c == '.'));
    if (!ok) return false;
  }
  return true;
}

// An IRI of an opt-in unsafe mapping: what IRIREF forbids as a UCHAR escape, the rest as is.
void append_unsafe_iri(std::string& out, const std::string& v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' ||
        c == '`' || c == '\\') {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += ch;
    }
  }
}

// N-Triples / N-Quads term syntax (W3C canonical escapes); terms are validated before.
void append_term(std::string& out, const Term& t, bool unsafe_iris) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  switch (t.kind) {
    case TermKind::kIri:
      out += '<';
      if (unsafe_iris) append_unsafe_iri(out, t.value);
      else out += t.value;
      out += '>';
      return;
    case TermKind::kBlank:
      out += "_:";
      out += t.value;
      return;
    case TermKind::kLiteral:
      out += '"';
      {
        // Copy runs of characters that need no escape in one append.
        const std::string& v = t.value;
        std::size_t run = 0;
        for (std::size_t i = 0; i < v.size(); ++i) {
          const auto c = static_cast<unsigned char>(v[i]);
          if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) continue;
          out.append(v, run, i - run);
          run = i + 1;
          switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
              out += "\\u00";
              out += kHex[c >> 4];
              out += kHex[c & 0xF];
          }
        }
        out.append(v, run, v.size() - run);
      }
      out += '"';
      if (!t.language.empty()) {
        out += '@';
        out += t.language;
      } else if (!t.datatype.empty() && t.datatype != "http://www.w3.org/2001/XMLSchema#string") {
        out += "^^<";
        out += t.datatype;
        out += '>';
      }
      return;
  }
}

// Why `iri` is not a valid absolute IRI, for the message.
std::string iri_problem(std::string_view iri) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (std::size_t i = 0; i < iri.size(); ++i) {
    const auto c = static_cast<unsigned char>(iri[i]);
    if (c <= 0x20 || std::string_view("<>\"{}|^`\\").find(static_cast<char>(c)) != std::string_view::npos) {
      std::string what = c == ' ' ? "a space" : std::string("U+00") + kHex[c >> 4] + kHex[c & 0xF];
      return what + " at byte " + std::to_string(i) +
             " (IRIs cannot contain space, <>\"{}|^`\\ or controls; a mapping can opt in with rml:UnsafeIRI)";
    }
  }
  return "no scheme";
}

// Absolute: a scheme (ALPHA *(ALPHA / DIGIT / + - .) ":"). All an opt-in unsafe IRI must have.
bool has_scheme(std::string_view iri) {
  const auto colon = iri.find(':');
  if (colon == std::string_view::npos || colon == 0 || !std::isalpha(static_cast<unsigned char>(iri[0])))
    return false;
  for (std::size_t i = 1; i < colon; ++i) {
    const auto c = static_cast<unsigned char>(iri[i]);
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

void check_term(const Term& t, const char* role, bool unsafe_iris) {
  if (t.is_iri() && !is_valid_absolute_iri(t.value) && !(unsafe_iris && has_scheme(t.value)))
    throw MappingError(std::string("cannot write ") + role + " <" + t.value + ">: not a valid absolute IRI: " +
                       iri_problem(t.value));
  if (t.is_blank() && !is_blank_label(t.value))
    throw MappingError(std::string("cannot write blank node _:") + t.value + " as " + role + ": not a valid label");
  if (t.is_literal()) {
    if (!t.language.empty() && !is_valid_language_tag(t.language))
      throw MappingError("cannot write literal \"" + t.value + "\"@" + t.language + ": '" + t.language +
                         "' is not a well-formed BCP 47 language tag");
    if (!t.datatype.empty() && !is_valid_absolute_iri(t.datatype))
      throw MappingError("cannot write literal \"" + t.value + "\": datatype <" + t.datatype + "> is not a valid IRI");
  }
}

}  // namespace

Writer::Writer(std::FILE* stream, std::string name, WriteOptions options)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.stream = stream;
  m.name = std::move(name);
  m.options = std::move(options);
  m.env.reset(serd_env_new(nullptr));
  m.line_based = m.options.syntax == Syntax::kNTriples || m.options.syntax == Syntax::kNQuads;
  m.document = m.options.syntax == Syntax::kJsonLd || m.options.syntax == Syntax::kRdfXml ||
               m.options.syntax == Syntax::kRdfJson;
  if (m.line_based) m.buffer.reserve(1 << 17);
  if (m.document) return;  // no serd writer
  const bool pretty = m.options.syntax == Syntax::kTurtle || m.options.syntax == Syntax::kTrig;
  const auto style = static_cast<SerdStyle>(pretty ? (SERD_STYLE_ABBREVIATED | SERD_STYLE_CURIED) : 0);
  m.writer.reset(serd_writer_new(to_serd(m.options.syntax), style, m.env.get(), nullptr, &Impl::sink, &m));
  if (pretty) {
    for (const auto& [prefix, iri] : m.options.prefixes) {
      SerdNode p = serd_view(SERD_LITERAL, prefix), i = serd_view(SERD_URI, iri);
      serd_writer_set_prefix(m.writer.get(), &p, &i);
    }
  }
}

Writer::~Writer() {
  if (impl_) impl_->discard = true;  // serd_writer_free finishes the document: keep that off the stream
}
Writer::Writer(Writer&&) noexcept = default;
Writer& Writer::operator=(Writer&&) noexcept = default;

void Writer::write(const Quad& q) {
  Impl& m = *impl_;
  const bool unsafe = m.options.unsafe_iris;
  check_term(q.subject, "subject", unsafe);
  check_term(q.predicate, "predicate", unsafe);
  check_term(q.object, "object", unsafe);
  if (!q.in_default_graph()) check_term(q.graph, "graph", unsafe);
  if (!q.subject.is_iri() && !q.subject.is_blank()) throw MappingError("cannot write a literal as subject");
  if (!q.predicate.is_iri()) throw MappingError("cannot write a non-IRI predicate");

  if (m.document) {
    if (m.discard) return;
    m.pending.push_back(q);
    if (!has_graphs(m.options.syntax)) m.pending.back().graph = Term::iri("");
    ++m.count;  // finish() sets the count of distinct statements written
    return;
  }

  if (m.line_based) {
    append_term(m.buffer, q.subject, unsafe);
    m.buffer += ' ';
    append_term(m.buffer, q.predicate, unsafe);
    m.buffer += ' ';
    append_term(m.buffer, q.object, unsafe);
    if (m.options.syntax == Syntax::kNQuads && !q.in_default_graph()) {
      m.buffer += ' ';
      append_term(m.buffer, q.graph, unsafe);
    }
    m.buffer += " .\n";
    if (m.buffer.size() >= (1 << 16)) m.flush_buffer();
    if (m.write_errno) throw IoError(m.name, std::string("write error: ") + std::strerror(m.write_errno));
    ++m.count;
    return;
  }
  auto node = [](const Term& t) {
    return serd_view(t.is_iri() ? SERD_URI : t.is_blank() ? SERD_BLANK : SERD_LITERAL, t.value);
  };
  const SerdNode s = node(q.subject), p = node(q.predicate), o = node(q.object);
  SerdNode datatype = SERD_NODE_NULL, lang = SERD_NODE_NULL, graph = SERD_NODE_NULL;
  if (q.object.is_literal()) {
    if (!q.object.language.empty()) lang = serd_view(SERD_LITERAL, q.object.language);
    else if (!q.object.datatype.empty() && q.object.datatype != "http://www.w3.org/2001/XMLSchema#string")
      datatype = serd_view(SERD_URI, q.object.datatype);
  }
  const bool graphs = has_graphs(m.options.syntax) && !q.in_default_graph();
  if (graphs) graph = node(q.graph);
  const SerdStatus st = serd_writer_write_statement(m.writer.get(), 0, graphs ? &graph : nullptr, &s, &p, &o,
                                                    datatype.buf ? &datatype : nullptr, lang.buf ? &lang : nullptr);
  if (m.write_errno) throw IoError(m.name, std::string("write error: ") + std::strerror(m.write_errno));
  if (st != SERD_SUCCESS) throw MappingError(std::string("cannot write statement: ") + reinterpret_cast<const char*>(serd_strerror(st)));
  ++m.count;
}

namespace {

// Our own order, on term content only: the bytes never depend on insertion order or addresses.
void sort_quads(std::vector<Quad>& quads) {
  std::sort(quads.begin(), quads.end(), [](const Quad& a, const Quad& b) {
    if (a.graph != b.graph) return a.graph < b.graph;  // default graph ("") first
    if (a.subject != b.subject) return a.subject < b.subject;
    if (a.predicate != b.predicate) return a.predicate < b.predicate;
    return a.object < b.object;
  });
  quads.erase(std::unique(quads.begin(), quads.end()), quads.end());
}

}  // namespace

void Writer::write(const Model& model) {
  std::vector<Quad> quads;
  quads.reserve(model.size());
  model.for_each([&](const Quad& q) { quads.push_back(q); });
  const bool graphs = has_graphs(impl_->options.syntax);
  if (!graphs) {
    for (auto& q : quads) q.graph = Term::iri("");
  }
  sort_quads(quads);
  for (const auto& q : quads) write(q);
}

void Writer::finish() {
  Impl& m = *impl_;
  if (m.discard) return;
  if (m.document) {
    sort_quads(m.pending);
    switch (m.options.syntax) {
      case Syntax::kJsonLd: detail::write_jsonld(m.buffer, m.pending); break;
      case Syntax::kRdfJson: detail::write_rdfjson(m.buffer, m.pending); break;
      default: detail::write_rdfxml(m.buffer, m.pending, m.options.prefixes); break;
    }
    m.count = m.pending.size();
    m.pending = {};
  }
  m.flush_buffer();
  if (m.writer) serd_writer_finish(m.writer.get());
  m.discard = true;
  if (m.write_errno) throw IoError(m.name, std::string("write error: ") + std::strerror(m.write_errno));
  if (std::fflush(m.stream) != 0 || std::ferror(m.stream))
    throw IoError(m.name, std::string("write error: ") + std::strerror(errno ? errno : EIO));
}

std::size_t Writer::statements_written() const noexcept { return impl_->count; }

}  // namespace treatykg::rdf
