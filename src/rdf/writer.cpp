#include "rdf/writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/error.hpp"
#include "rdf/c_api.hpp"

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

  // Our own sink rather than serd_file_sink: it notices short writes and can be muted.
  static size_t sink(const void* buf, size_t len, void* handle) {
    auto& self = *static_cast<Impl*>(handle);
    if (self.discard) return len;
    const size_t n = std::fwrite(buf, 1, len, self.stream);
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
  }
  return SERD_TURTLE;
}

SerdNode serd_view(SerdType type, const std::string& s) {
  return serd_node_from_substring(type, reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

void check_term(const Term& t, const char* role) {
  if (t.is_iri() && !is_valid_absolute_iri(t.value))
    throw MappingError(std::string("cannot write ") + role + " <" + t.value + ">: not a valid absolute IRI");
  if (t.is_blank() && t.value.empty()) throw MappingError(std::string("cannot write an empty blank node label as ") + role);
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
  check_term(q.subject, "subject");
  check_term(q.predicate, "predicate");
  check_term(q.object, "object");
  if (!q.in_default_graph()) check_term(q.graph, "graph");
  if (!q.subject.is_iri() && !q.subject.is_blank()) throw MappingError("cannot write a literal as subject");
  if (!q.predicate.is_iri()) throw MappingError("cannot write a non-IRI predicate");

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

void Writer::write(const Model& model) {
  std::vector<Quad> quads;
  quads.reserve(model.size());
  model.for_each([&](const Quad& q) { quads.push_back(q); });
  const bool graphs = has_graphs(impl_->options.syntax);
  if (!graphs) {
    for (auto& q : quads) q.graph = Term::iri("");
  }
  // Our own order, on term content only: the bytes never depend on insertion order or addresses.
  std::sort(quads.begin(), quads.end(), [](const Quad& a, const Quad& b) {
    if (a.graph != b.graph) return a.graph < b.graph;  // default graph ("") first
    if (a.subject != b.subject) return a.subject < b.subject;
    if (a.predicate != b.predicate) return a.predicate < b.predicate;
    return a.object < b.object;
  });
  quads.erase(std::unique(quads.begin(), quads.end()), quads.end());
  for (const auto& q : quads) write(q);
}

void Writer::finish() {
  Impl& m = *impl_;
  if (m.discard) return;
  serd_writer_finish(m.writer.get());
  m.discard = true;
  if (m.write_errno) throw IoError(m.name, std::string("write error: ") + std::strerror(m.write_errno));
  if (std::fflush(m.stream) != 0 || std::ferror(m.stream))
    throw IoError(m.name, std::string("write error: ") + std::strerror(errno ? errno : EIO));
}

std::size_t Writer::statements_written() const noexcept { return impl_->count; }

}  // namespace treatykg::rdf
