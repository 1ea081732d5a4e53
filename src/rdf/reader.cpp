#include "rdf/reader.hpp"

#include <climits>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>

#include "base/files.hpp"
#include "rdf/c_api.hpp"

namespace treatykg::rdf {
namespace {

using namespace c_api;

SerdSyntax to_serd(Syntax s) {
  switch (s) {
    case Syntax::kTurtle: return SERD_TURTLE;
    case Syntax::kNTriples: return SERD_NTRIPLES;
    case Syntax::kTrig: return SERD_TRIG;
    case Syntax::kNQuads: return SERD_NQUADS;
    case Syntax::kJsonLd:
    case Syntax::kRdfXml:
    case Syntax::kRdfJson: break;  // written only: read_text refuses them
  }
  return SERD_TURTLE;
}

// State shared with the C callbacks. No exception crosses a callback: it is stored and rethrown.
struct ReadState {
  Model* model;                             // the Model read into, or null with `each`
  const std::function<void(const Quad&)>* each;  // or the handler of each statement
  const PrefixHandler* prefix;                   // with `each`: the handler of each prefix, or null
  std::string name;
  EnvPtr env;
  std::vector<SyntaxError> errors;
  std::exception_ptr failure;
};

std::string node_string(const SerdNode* n) { return std::string(reinterpret_cast<const char*>(n->buf), n->n_bytes); }

Term to_term(ReadState& st, const SerdNode* n, const SerdNode* datatype, const SerdNode* lang) {
  switch (n->type) {
    case SERD_URI:
    case SERD_CURIE: {
      // An absolute IRI resolves to itself, and a prefixed name is the prefix's IRI and the rest:
      // serd_env_expand_node would parse and re-serialise the IRI, or snprintf the two parts, into
      // a new node (most of reading the ontology and lexicon).
      if (n->type == SERD_URI && serd_uri_string_has_scheme(n->buf)) return Term::iri(node_string(n));
      if (n->type == SERD_CURIE) {
        SerdChunk prefix, suffix;
        if (serd_env_expand(st.env.get(), n, &prefix, &suffix) != SERD_SUCCESS)
          throw SyntaxError(st.name, "cannot expand '" + node_string(n) + "' (undefined prefix or no base IRI)");
        std::string iri;
        iri.reserve(prefix.len + suffix.len);
        iri.append(reinterpret_cast<const char*>(prefix.buf), prefix.len);
        iri.append(reinterpret_cast<const char*>(suffix.buf), suffix.len);
        if (!serd_uri_string_has_scheme(reinterpret_cast<const uint8_t*>(iri.c_str())))
          throw SyntaxError(st.name, "relative IRI <" + iri + "> and no base IRI to resolve it against");
        return Term::iri(std::move(iri));
      }
      SerdNodeOwner expanded(serd_env_expand_node(st.env.get(), n));
      if (!expanded.node.buf)
        throw SyntaxError(st.name, "cannot expand '" + node_string(n) + "' (undefined prefix or no base IRI)");
      std::string iri = node_string(&expanded.node);
      if (!serd_uri_string_has_scheme(reinterpret_cast<const uint8_t*>(iri.c_str())))
        throw SyntaxError(st.name, "relative IRI <" + iri + "> and no base IRI to resolve it against");
      return Term::iri(std::move(iri));
    }
    case SERD_BLANK: return Term::blank(node_string(n));
    case SERD_LITERAL: {
      std::string dt;
      if (datatype && datatype->buf) dt = to_term(st, datatype, nullptr, nullptr).value;
      return Term::literal(node_string(n), std::move(dt), lang && lang->buf ? node_string(lang) : "");
    }
    default: return Term::iri("");
  }
}

SerdStatus on_base(void* handle, const SerdNode* uri) {
  auto& st = *static_cast<ReadState*>(handle);
  return serd_env_set_base_uri(st.env.get(), uri);
}

SerdStatus on_prefix(void* handle, const SerdNode* name, const SerdNode* uri) {
  auto& st = *static_cast<ReadState*>(handle);
  const SerdStatus s = serd_env_set_prefix(st.env.get(), name, uri);
  try {
    SerdNodeOwner expanded(serd_env_expand_node(st.env.get(), uri));
    const std::string iri = expanded.node.buf ? node_string(&expanded.node) : node_string(uri);
    if (st.model)
      st.model->add_prefix(node_string(name), iri);
    else if (st.prefix && *st.prefix)
      (*st.prefix)(node_string(name), iri);
  } catch (...) {
    st.failure = std::current_exception();
    return SERD_ERR_UNKNOWN;
  }
  return s;
}

SerdStatus on_statement(void* handle, SerdStatementFlags, const SerdNode* graph, const SerdNode* subject,
                        const SerdNode* predicate, const SerdNode* object, const SerdNode* datatype,
                        const SerdNode* lang) {
  auto& st = *static_cast<ReadState*>(handle);
  try {
    Quad q{to_term(st, subject, nullptr, nullptr), to_term(st, predicate, nullptr, nullptr),
           to_term(st, object, datatype, lang), graph ? to_term(st, graph, nullptr, nullptr) : Term::iri("")};
    if (st.model) {
      st.model->add(q);
    } else {
      // What Model::add refuses (an IRI sord cannot hold) is refused the same way.
      for (const Term* t : {&q.subject, &q.predicate, &q.object})
        if (t->is_iri() && t->value.empty())
          throw MappingError("cannot store " + to_nquads(q) + ": a term is not a valid RDF term");
      (*st.each)(q);
    }
  } catch (...) {
    st.failure = std::current_exception();
    return SERD_ERR_UNKNOWN;
  }
  return SERD_SUCCESS;
}

SerdStatus on_error(void* handle, const SerdError* e) {
  auto& st = *static_cast<ReadState*>(handle);
  char buf[1024];
  va_list args;
  va_copy(args, *e->args);
  std::vsnprintf(buf, sizeof buf, e->fmt, args);
  va_end(args);
  std::string message = buf;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  TextPos pos;
  pos.line = e->line > 0 ? e->line - 1 : 0;
  pos.column = e->col;  // serd 0.30 counts lines from 1 but columns from 0
  st.errors.emplace_back(st.name, pos, message);
  return SERD_SUCCESS;
}

std::string default_base(const std::string& path) {
  if (path == "-") return "file:///dev/stdin";
  char resolved[PATH_MAX];
  const std::string abs = ::realpath(path.c_str(), resolved) ? resolved : path;
  SerdNodeOwner uri(serd_node_new_file_uri(reinterpret_cast<const uint8_t*>(abs.c_str()), nullptr, nullptr, true));
  return node_string(&uri.node);
}

// Reads `text` (already in memory: serd then reports exact positions and we control I/O errors).
// Into a Model (`into`), or each statement to `each` when `into` is null.
std::vector<SyntaxError> read_text(const std::string& text, const std::string& name, Model* into,
                                   const std::function<void(const Quad&)>* each, Syntax syntax,
                                   const std::string& base, bool keep_going,
                                   const PrefixHandler* prefix = nullptr) {
  if (!is_readable(syntax))
    throw IoError(name, "cannot read " + std::string(syntax_name(syntax)) +
                            ": treatykg writes this syntax but reads only Turtle, N-Triples, TriG and N-Quads");
  ReadState st{into, each, prefix, name, EnvPtr(nullptr), {}, nullptr};
  SerdNodeOwner base_node(serd_node_new_uri_from_string(reinterpret_cast<const uint8_t*>(base.c_str()), nullptr, nullptr));
  st.env.reset(serd_env_new(base.empty() ? nullptr : &base_node.node));
  ReaderPtr reader(serd_reader_new(to_serd(syntax), &st, nullptr, on_base, on_prefix, on_statement, nullptr));
  serd_reader_set_error_sink(reader.get(), on_error, &st);
  serd_reader_set_strict(reader.get(), !keep_going);
  // Blank nodes of each read are distinct ("f0_" for the first read into a Model, as for `each`).
  const std::string blank_prefix = "f" + std::to_string(into ? into->impl().reads++ : 0) + "_";
  serd_reader_add_blank_prefix(reader.get(), reinterpret_cast<const uint8_t*>(blank_prefix.c_str()));
  const SerdStatus status = serd_reader_read_string(reader.get(), reinterpret_cast<const uint8_t*>(text.c_str()));
  if (st.failure) std::rethrow_exception(st.failure);
  // SERD_FAILURE alone means "nothing to read" (an empty document): an empty dataset, not an error.
  if (status != SERD_SUCCESS && status != SERD_FAILURE && st.errors.empty())
    st.errors.emplace_back(name, std::string("cannot read: ") + reinterpret_cast<const char*>(serd_strerror(status)));
  return st.errors;
}

Syntax pick_syntax(const std::string& path, const ReadOptions& o) {
  if (o.syntax) return *o.syntax;
  return syntax_for_path(path).value_or(Syntax::kTurtle);
}

std::string without_nul(std::string text, const std::string& name) {
  const auto nul = text.find('\0');
  if (nul != std::string::npos) {
    const auto lc = [&] {
      TextPos p;
      for (std::size_t i = 0; i < nul; ++i) {
        if (text[i] == '\n') {
          ++p.line;
          p.column = 0;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
          ++p.column;
        }
      }
      p.offset = nul;
      return p;
    }();
    throw SyntaxError(name, lc, "NUL byte in RDF text (is this a binary file?)");
  }
  return text;
}

}  // namespace

void read_string(std::string_view text, const std::string& name, Model& into, const ReadOptions& options) {
  auto errors = read_text(without_nul(std::string(text), name), name, &into, nullptr,
                          options.syntax.value_or(Syntax::kTurtle), options.base_iri, false);
  if (!errors.empty()) throw errors.front();
}

void read_string(std::string_view text, const std::string& name, const std::function<void(const Quad&)>& each,
                 const ReadOptions& options) {
  auto errors = read_text(without_nul(std::string(text), name), name, nullptr, &each,
                          options.syntax.value_or(Syntax::kTurtle), options.base_iri, false);
  if (!errors.empty()) throw errors.front();
}

void read_file(const std::string& path, Model& into, const ReadOptions& options) {
  const std::string name = path == "-" ? "<stdin>" : path;
  std::string text = without_nul(treatykg::read_file(path), name);
  auto errors = read_text(text, name, &into, nullptr, pick_syntax(path, options),
                          options.base_iri.empty() ? default_base(path) : options.base_iri, false);
  if (!errors.empty()) throw errors.front();
}

void read_file(const std::string& path, const std::function<void(const Quad&)>& each,
               const ReadOptions& options, const PrefixHandler& prefix) {
  const std::string name = path == "-" ? "<stdin>" : path;
  std::string text = without_nul(treatykg::read_file(path), name);
  auto errors =
      read_text(text, name, nullptr, &each, pick_syntax(path, options),
                options.base_iri.empty() ? default_base(path) : options.base_iri, false, &prefix);
  if (!errors.empty()) throw errors.front();
}

std::vector<SyntaxError> check_file(const std::string& path, Model& into, const ReadOptions& options) {
  const std::string name = path == "-" ? "<stdin>" : path;
  std::string text;
  try {
    text = without_nul(treatykg::read_file(path), name);
  } catch (const SyntaxError& e) {
    return {e};
  }
  return read_text(text, name, &into, nullptr, pick_syntax(path, options),
                   options.base_iri.empty() ? default_base(path) : options.base_iri, true);
}

}  // namespace treatykg::rdf
