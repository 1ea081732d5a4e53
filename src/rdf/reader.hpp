#pragma once
// Reading Turtle, N-Triples, TriG and N-Quads into a Model. Syntax errors come back as
// treatykg::SyntaxError with path, line and column as fields; a missing or unreadable file is an
// IoError, a different type.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "rdf/model.hpp"
#include "rdf/syntax.hpp"

namespace treatykg::rdf {

struct ReadOptions {
  std::optional<Syntax> syntax;  // default: from the file extension, else Turtle
  std::string base_iri;          // default: the file's own file:// IRI
};

/// Reads a file ("-" = standard input) into `into`. Throws the first SyntaxError, or IoError.
void read_file(const std::string& path, Model& into, const ReadOptions& options = {});
/// Reads text; `name` is used in error messages.
void read_string(std::string_view text, const std::string& name, Model& into,
                 const ReadOptions& options = {});
/// A prefix as declared: its name and its IRI (resolved against the base).
using PrefixHandler = std::function<void(const std::string& name, const std::string& iri)>;
/// The same without a Model: each statement goes to `each`, in document order, repeats included
/// (blank nodes labelled as in a first read into a Model), and each prefix to `prefix` if given.
/// For a caller that keeps the triples its own way (the mapping compiler's Graph), storing them in
/// sord first is wasted work.
void read_file(const std::string& path, const std::function<void(const Quad&)>& each,
               const ReadOptions& options = {}, const PrefixHandler& prefix = nullptr);
void read_string(std::string_view text, const std::string& name,
                 const std::function<void(const Quad&)>& each,
                 const ReadOptions& options = {});  // prefixes dropped
/// Like read_file but keeps going after a syntax error (serd skips to the next statement) and
/// returns every error found, in file order. Throws IoError only.
std::vector<SyntaxError> check_file(const std::string& path, Model& into, const ReadOptions& options = {});

}  // namespace treatykg::rdf
