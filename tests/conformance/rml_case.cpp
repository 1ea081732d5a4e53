// tkg_rml_case: runs and judges one RML conformance case (see README.md in this folder).
//
//   tkg_rml_case --engine PATH --suite S --case-dir DIR --expect output|error|error-or-output
//                --default-output FILE|- --targets a,b|- --base IRI --work DIR --results DIR
//
// Exit 0 = pass, 1 = fail, 77 = skipped (the case folder is absent).

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/files.hpp"
#include "isomorphism.hpp"
#include "mapping/sources.hpp"
#include "nquads.hpp"
#include "rdf/model.hpp"
#include "rdf/reader.hpp"

namespace fs = std::filesystem;
using namespace treatykg;

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// Parses an RDF file (decompressing .gz/.zip/.tar.*) by its inner extension.
std::vector<rdf::Quad> load_dataset(const std::string& path) {
  std::string name = path;
  for (const char* ext : {".gz", ".zip", ".xz"})
    if (name.ends_with(ext)) name.resize(name.size() - std::string(ext).size());
  if (name.ends_with(".tar")) name.resize(name.size() - 4);
  std::string text = mapping::read_source_text(path, "", "");
  rdf::Syntax syntax = rdf::Syntax::kNQuads;
  if (name.ends_with(".nt"))
    syntax = rdf::Syntax::kNTriples;
  else if (name.ends_with(".ttl") || name.ends_with(".n3"))
    syntax = rdf::Syntax::kTurtle;
  else if (name.ends_with(".trig"))
    syntax = rdf::Syntax::kTrig;
  else if (!name.ends_with(".nq"))
    throw IoError(path, "cannot compare this RDF format (only nq, nt, ttl, n3, trig)");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return {};
  if (syntax == rdf::Syntax::kNQuads || syntax == rdf::Syntax::kNTriples) {
    auto quads = conformance::parse_nquads(text, path);
    // Literals typed xsd:string are simple literals (RDF 1.1): compare them the same way.
    return quads;
  }
  rdf::Model model;
  rdf::read_string(text, path, model,
                   rdf::ReadOptions{.syntax = syntax, .base_iri = "http://example.com/"});
  std::vector<rdf::Quad> out;
  model.for_each([&](const rdf::Quad& q) { out.push_back(q); });
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> a;
  for (int i = 1; i + 1 < argc; i += 2) a[argv[i]] = argv[i + 1];
  const std::string suite = a["--suite"], expect = a["--expect"], engine = a["--engine"];
  const fs::path case_dir = a["--case-dir"], work = a["--work"], results = a["--results"];
  const std::string case_name = case_dir.filename().string();
  std::vector<std::string> targets =
      a["--targets"] == "-" ? std::vector<std::string>{} : split(a["--targets"], ',');
  std::string default_output = a["--default-output"];

  auto record = [&](const std::string& verdict, const std::string& detail) {
    fs::create_directories(results);
    std::ofstream(results / (suite + "__" + case_name))
        << suite << '\t' << case_name << '\t' << expect << '\t' << verdict << '\n';
    std::cout << suite << " " << case_name << ": " << verdict << "\n" << detail;
  };

  if (!fs::is_directory(case_dir)) {
    std::cout << "SKIPPED: " << case_dir << " not found\n";
    return 77;
  }
  // Fresh working copy without the expected outputs.
  std::error_code ec;
  fs::remove_all(work, ec);
  fs::create_directories(work);
  std::vector<std::string> expected_files = targets;
  if (default_output != "-") expected_files.push_back(default_output);
  for (const auto& e : fs::recursive_directory_iterator(case_dir)) {
    auto rel = fs::relative(e.path(), case_dir);
    std::string fname = rel.string();
    if (std::find(expected_files.begin(), expected_files.end(), fname) != expected_files.end())
      continue;
    if (e.is_directory())
      fs::create_directories(work / rel);
    else
      fs::copy_file(e.path(), work / rel, fs::copy_options::overwrite_existing);
  }
  std::string cmd = "cd " + shell_quote(work.string()) + " && " + shell_quote(engine) +
                    " map --mappings mapping.ttl -f nquads --base " + shell_quote(a["--base"]) +
                    " > stdout.nq 2> stderr.txt";
  int status = std::system(cmd.c_str());
  int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  std::string out_text = read_file((work / "stdout.nq").string());
  std::string err_text = read_file((work / "stderr.txt").string());
  std::string detail = "  command: " + cmd + "\n  exit " + std::to_string(rc) + "\n";
  if (!err_text.empty())
    detail += "  stderr: " + err_text.substr(0, 2000) + (err_text.back() == '\n' ? "" : "\n");

  bool failed_cleanly = rc != 0 && out_text.empty();
  if (expect == "error") {
    if (failed_cleanly) return record("PASS", detail), 0;
    detail += rc == 0 ? "  expected an error, the run succeeded\n"
                      : "  failed but wrote partial output\n";
    return record("FAIL", detail + "  output:\n" + out_text.substr(0, 2000)), 1;
  }
  if (rc != 0) {
    if (expect == "error-or-output" && failed_cleanly) return record("PASS (error)", detail), 0;
    return record("FAIL", detail + "  expected output, the run failed\n"), 1;
  }
  try {
    std::vector<rdf::Quad> got = load_dataset((work / "stdout.nq").string());
    std::vector<rdf::Quad> want;
    if (default_output != "-" && fs::exists(case_dir / default_output))
      want = load_dataset((case_dir / default_output).string());
    std::string why;
    if (!conformance::isomorphic(got, want, &why))
      return record("FAIL", detail + "  default output differs:\n" + why), 1;
    for (const auto& t : targets) {
      if (!fs::exists(work / t))
        return record("FAIL", detail + "  target " + t + " was not written\n"), 1;
      auto tgot = load_dataset((work / t).string());
      auto twant = load_dataset((case_dir / t).string());
      if (!conformance::isomorphic(tgot, twant, &why))
        return record("FAIL", detail + "  target " + t + " differs:\n" + why), 1;
    }
  } catch (const Error& e) {
    return record("FAIL", detail + "  " + e.what() + "\n"), 1;
  }
  return record(expect == "error-or-output" ? "PASS (output)" : "PASS", detail), 0;
}
