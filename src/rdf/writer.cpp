#include "rdf/writer.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/error.hpp"
#include "rdf/c_api.hpp"
#include "rdf/document_writers.hpp"
#include "rdf/ntriples.hpp"

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
  const LineEncoder encoder(m.options.unsafe_iris);
  const bool named = has_graphs(m.options.syntax) && !q.in_default_graph();
  if (m.line_based) {
    encoder.append(m.buffer, q, named ? &q.graph : nullptr);  // checks the terms first
    if (m.buffer.size() >= (1 << 16)) m.flush_buffer();
    if (m.write_errno) throw IoError(m.name, std::string("write error: ") + std::strerror(m.write_errno));
    ++m.count;
    return;
  }
  encoder.check(q, named ? &q.graph : nullptr);

  if (m.document) {
    if (m.discard) return;
    m.pending.push_back(q);
    if (!has_graphs(m.options.syntax)) m.pending.back().graph = Term::iri("");
    ++m.count;  // finish() sets the count of distinct statements written
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
