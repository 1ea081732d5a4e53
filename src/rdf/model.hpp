#pragma once
// rdf::Model: an in-memory quad store (sord underneath). Iteration is sorted by term content, so
// writing a model gives the same bytes whatever order the quads were added in.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rdf/term.hpp"

namespace treatykg::rdf {

/// Prefix name -> namespace IRI, in the order they should be written.
using PrefixMap = std::vector<std::pair<std::string, std::string>>;

/// Binds `name` to `iri`: a name declared again takes the new IRI in its old place (as in Turtle).
void set_prefix(PrefixMap& prefixes, std::string name, std::string iri);

class Model {
 public:
  Model();
  ~Model();
  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  /// Adds a quad (duplicates are ignored).
  void add(const Quad& q);
  std::size_t size() const noexcept;
  bool empty() const noexcept { return size() == 0; }
  bool contains(const Quad& q) const;

  /// Every quad matching the pattern (nullptr = any); a graph pattern of the default graph is
  /// `Term::iri("")`. Sorted. A triple in several graphs is returned once per graph.
  std::vector<Quad> match(const Term* s, const Term* p, const Term* o, const Term* g = nullptr) const;
  /// The single object of (s, p, ?o) in any graph, or nullopt (also when there are several).
  std::optional<Term> object(const Term& s, const Term& p) const;
  /// Visits every quad: sorted (S, P, O) when the model has one graph, else graph by graph (graphs
  /// in Term order, the default graph first), each sorted (S, P, O). A triple in several graphs is
  /// visited once per graph.
  void for_each(const std::function<void(const Quad&)>& visit) const;

  /// Prefixes seen while reading (or set by hand), used when writing.
  const PrefixMap& prefixes() const noexcept;
  void add_prefix(std::string name, std::string iri);

  struct Impl;
  Impl& impl() const noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace treatykg::rdf
