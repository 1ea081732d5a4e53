#pragma once
// Writing quads as Turtle, N-Triples, TriG, N-Quads, JSON-LD, RDF/XML or RDF/JSON to a stdio stream
// (see base::OutputFile for atomic files). JSON-LD, RDF/XML and RDF/JSON group each subject in one
// object or element, so those writers keep the quads and write them, sorted, in finish(). Finishing is explicit and checked: finish() throws IoError when the stream failed
// (serd 0.30 does not report write errors itself); the destructor only frees.

#include <cstdio>
#include <memory>
#include <string>

#include "rdf/model.hpp"
#include "rdf/syntax.hpp"

namespace treatykg::rdf {

struct WriteOptions {
  Syntax syntax = Syntax::kTurtle;
  PrefixMap prefixes;  // written at the top of Turtle/TriG and used to abbreviate IRIs (RDF/XML: names)
  /// Opt-in for rml:UnsafeIRI (set only from a mapping that asks for it, see
  /// mapping::Plan::uses_unsafe_iris): IRIs need only a scheme, and the characters that N-Triples /
  /// N-Quads IRIs cannot contain (space, <>"{}|^`\ and controls) are written as \uXXXX escapes
  /// (the IRIREF grammar allows them; serd 0.30 and rapper reject them when reading, rdflib reads
  /// them). Default: such an IRI is a MappingError.
  bool unsafe_iris = false;
};

class Writer {
 public:
  /// `stream` is borrowed; `name` is used in error messages ("<stdout>" or the output path).
  Writer(std::FILE* stream, std::string name, WriteOptions options);
  ~Writer();
  Writer(Writer&&) noexcept;
  Writer& operator=(Writer&&) noexcept;
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  /// Streams one quad as given (Turtle abbreviates consecutive quads with the same subject).
  /// Throws MappingError for a term that cannot be written (invalid language tag or IRI).
  /// JSON-LD, RDF/XML, RDF/JSON: checked now, written in finish().
  void write(const Quad& q);
  /// Writes a whole model in sorted order: grouped by subject, and by graph for TriG/N-Quads.
  /// Triples in named graphs are written to the default graph when the syntax has no graphs.
  void write(const Model& model);
  /// Ends the document, flushes and checks the stream. Throws IoError on a write error (and
  /// MappingError when RDF/XML cannot represent a predicate or a literal).
  void finish();

  std::size_t statements_written() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace treatykg::rdf
