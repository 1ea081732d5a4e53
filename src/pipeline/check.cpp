#include "pipeline/check.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "base/edit_distance.hpp"
#include "base/files.hpp"
#include "base/utf8.hpp"
#include "rdf/reader.hpp"
#include "rdf/vocab.hpp"
#include "pipeline/stages.hpp"

namespace treatykg::pipeline {

namespace fs = std::filesystem;

namespace {

constexpr const char* kOntologyNs = "https://w3id.org/treatykg/ontology#";

bool is_rdf_file(const fs::path& p) {
  return rdf::syntax_for_path(p.string()).has_value();
}

// Files of a path: the path itself, or the RDF files of a folder in sorted order.
std::vector<std::string> expand(const std::string& path) {
  std::vector<std::string> out;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::directory_iterator(path, ec))
      if (e.is_regular_file() && is_rdf_file(e.path())) out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
  } else {
    out.push_back(path);
  }
  return out;
}

Diagnostic from(const SyntaxError& e) {
  Diagnostic d{Severity::kError, e.path(), std::nullopt, e.message()};
  if (e.has_pos()) d.pos = e.pos();
  return d;
}

// Loads each file into `into`, recording every syntax and I/O problem.
void load_all(const std::vector<std::string>& files, rdf::Model& into, CheckReport& report) {
  for (const auto& f : files) {
    report.files.push_back(f);
    try {
      for (const auto& e : rdf::check_file(f, into)) report.problems.push_back(from(e));
    } catch (const IoError& e) {
      report.problems.push_back({Severity::kError, e.path(), std::nullopt, e.reason()});
    }
  }
}

// Where a term is first written in a file, as `prefix:local` or `<iri>`, for the message position.
std::optional<TextPos> find_use(const std::string& path, const rdf::Model& model, const std::string& iri) {
  std::string text;
  try {
    text = read_file(path);
  } catch (const Error&) {
    return std::nullopt;
  }
  std::vector<std::string> needles{"<" + iri + ">"};
  for (const auto& [prefix, ns] : model.prefixes())
    if (iri.starts_with(ns)) needles.push_back(prefix + ":" + iri.substr(ns.size()));
  std::size_t best = std::string::npos;
  for (const auto& n : needles) {
    for (std::size_t at = text.find(n); at != std::string::npos; at = text.find(n, at + 1)) {
      const std::size_t end = at + n.size();
      const bool whole = end == text.size() || !(std::isalnum(static_cast<unsigned char>(text[end])) ||
                                                 text[end] == '_' || text[end] == '-');
      if (whole) {
        best = std::min(best, at);
        break;
      }
    }
  }
  if (best == std::string::npos) return std::nullopt;
  const auto lc = utf8::line_col(text, best);
  return TextPos{lc.line, lc.column, best};
}

}  // namespace

std::vector<UndeclaredTerm> undeclared_terms(const rdf::Model& declared, const rdf::Model& used,
                                             const std::string& ns) {
  std::set<std::string> known;
  const auto type = rdf::Term::iri(rdf::vocab::kRdfType);
  for (const auto& q : declared.match(nullptr, &type, nullptr))
    if (q.subject.is_iri() && q.subject.value.starts_with(ns)) known.insert(q.subject.value);
  std::set<std::string> missing;
  used.for_each([&](const rdf::Quad& q) {
    for (const auto* t : {&q.subject, &q.predicate, &q.object}) {
      if (t->is_iri() && t->value.starts_with(ns) && t->value.size() > ns.size() && !known.count(t->value))
        missing.insert(t->value);
    }
  });
  std::vector<std::string> names;
  for (const auto& k : known) names.push_back(k.substr(ns.size()));
  std::vector<UndeclaredTerm> out;
  for (const auto& m : missing) {
    auto s = closest_match(m.substr(ns.size()), names);
    out.push_back({m, s ? ns + *s : ""});
  }
  return out;
}

CheckReport check(const Config& config) {
  CheckReport report;
  if (!config.inputs.empty()) {
    for (const auto& in : config.inputs) {
      rdf::Model model;
      load_all(expand(in), model, report);
    }
    return report;
  }
  rdf::Model ontology;
  load_all(expand(ontology_path(config)), ontology, report);
  const std::size_t ontology_problems = report.problems.size();
  for (const auto& file : {lexicon_path(config), mappings_path(config)}) {
    rdf::Model model;
    const std::size_t before = report.problems.size();
    load_all({file}, model, report);
    if (report.problems.size() != before || ontology_problems) continue;  // undeclared terms need clean files
    std::vector<Diagnostic> found;
    for (const auto& u : undeclared_terms(ontology, model, kOntologyNs)) {
      std::string msg = "'" + u.iri + "' is used but the ontology does not declare it";
      if (!u.suggestion.empty()) msg += " (did you mean '" + u.suggestion + "'?)";
      found.push_back({Severity::kError, file, find_use(file, model, u.iri), msg});
    }
    std::stable_sort(found.begin(), found.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return (a.pos ? a.pos->offset : 0) < (b.pos ? b.pos->offset : 0);
    });
    report.problems.insert(report.problems.end(), found.begin(), found.end());
  }
  check_stages(config, report);
  return report;
}

}  // namespace treatykg::pipeline
