#include "pipeline/config.hpp"

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <filesystem>

#include "base/error.hpp"

namespace treatykg::pipeline {

namespace fs = std::filesystem;

void Config::validate() const {
  if (threads == 0) throw UsageError("--threads must be at least 1");
  if (threads > 256) throw UsageError("--threads must be at most 256");
  if (!base_iri.empty() && base_iri.find(':') == std::string::npos)
    throw UsageError("--base must be an absolute IRI (got '" + base_iri + "')");
  if (command == Command::kExport || command == Command::kExtract) {
    if (inputs.empty()) throw UsageError("no articles given (name files or folders, or - for standard input)");
  }
  std::size_t stdin_count = 0;
  for (const auto& in : inputs) stdin_count += in == "-";
  if (stdin_count > 1) throw UsageError("standard input (-) can be read only once");
  if (!created.empty()) {
    const bool ok = created.size() == 10 && created[4] == '-' && created[7] == '-';
    if (!ok) throw UsageError("--created must be a date YYYY-MM-DD (got '" + created + "')");
  }
}

std::string default_base_iri(Command c) {
  return c == Command::kMap ? "http://example.com/" : "https://w3id.org/treatykg/data/";
}

std::string Config::effective_base_iri() const { return base_iri.empty() ? default_base_iri(command) : base_iri; }

std::string data_dir() {
  if (const char* env = std::getenv("TREATYKG_DATA_DIR"); env && *env) return env;
  char exe[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    const fs::path installed = fs::path(exe).parent_path().parent_path() / "share" / "treatykg";
    if (fs::exists(installed / "mappings")) return installed.string();
  }
  if (fs::exists(fs::path(TREATYKG_SOURCE_DATA_DIR) / "mappings")) return TREATYKG_SOURCE_DATA_DIR;
  return TREATYKG_INSTALL_DATA_DIR;
}

BundledPaths bundled_paths() {
  const fs::path d = data_dir();
  return {(d / "ontology").string(), (d / "mappings" / "facts.rml.ttl").string(),
          (d / "mappings" / "lexicon.ttl").string(), (d / "mappings" / "rules").string()};
}

std::string ontology_path(const Config& c) { return c.ontology.empty() ? bundled_paths().ontology_dir : c.ontology; }
std::string mappings_path(const Config& c) { return c.mappings.empty() ? bundled_paths().mappings : c.mappings; }
std::string lexicon_path(const Config& c) { return c.lexicon.empty() ? bundled_paths().lexicon : c.lexicon; }
std::string rules_path(const Config& c) { return c.rules.empty() ? bundled_paths().rules : c.rules; }

std::string version() { return TREATYKG_VERSION; }

}  // namespace treatykg::pipeline
