// tkg_rml_case: runs and judges one RML conformance case (see README.md in this folder).
//
//   tkg_rml_case --engine PATH --suite S --case-dir DIR --expect output|error|error-or-output
//                --default-output FILE|- --targets a,b|- --base IRI --work DIR --results DIR
//                [--errata ID,ID|-] [--tools DIR]
//
// Exit 0 = pass (strict, or under the case's errata: the result file says which), 1 = fail,
// 77 = skipped (the case folder is absent, or a tool needed to read an expected file is missing).

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/files.hpp"
#include "base/utf8.hpp"
#include "isomorphism.hpp"
#include "mapping/sources.hpp"
#include "rdf/model.hpp"
#include "rdf/reader.hpp"
#include "rdf/vocab.hpp"

namespace fs = std::filesystem;
using namespace treatykg;

namespace {

/// A tool needed to read an expected file is missing: the case is skipped, never passed.
struct Skip {
  std::string reason;
};

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

int run_shell(const std::string& cmd) {
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// ---- rml:UnsafeIRI: IRIs that serd cannot read
// ---------------------------------------------------
//
// A case whose mapping declares rml:UnsafeIRI (RMLTC0027b) expects IRIs with a raw space
// (`<http://example.com/Person/Emily Smith>`, not N-Quads), and the engine writes them with UCHAR
// escapes (`\u0020`, N-Quads grammar), which serd 0.30 rejects too. For such cases only, both files
// are read with every character N-Quads forbids in an IRI (raw or UCHAR-escaped) replaced by a
// private-use placeholder (U+E000 + byte), which is mapped back after parsing: raw space and \u0020
// compare as the same IRI value. Every other case is read by serd unchanged.

bool iri_forbidden(char32_t c) {
  return c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
         c == '^' || c == '`' || c == '\\';
}

std::string protect_unsafe_iris(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  enum { kNormal, kLiteral, kIri, kComment } state = kNormal;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (state) {
      case kNormal:
        if (c == '"')
          state = kLiteral;
        else if (c == '<')
          state = kIri;
        else if (c == '#')
          state = kComment;
        out += c;
        break;
      case kComment:
        if (c == '\n') state = kNormal;
        out += c;
        break;
      case kLiteral:
        out += c;
        if (c == '\\' && i + 1 < text.size())
          out += text[++i];
        else if (c == '"')
          state = kNormal;
        break;
      case kIri: {
        if (c == '>') {
          state = kNormal;
          out += c;
          break;
        }
        char32_t cp = static_cast<unsigned char>(c);
        std::size_t len = 1;
        if (c == '\\' && i + 5 < text.size() && (text[i + 1] == 'u' || text[i + 1] == 'U')) {
          const std::size_t digits = text[i + 1] == 'u' ? 4 : 8;
          cp = static_cast<char32_t>(std::strtoul(text.substr(i + 2, digits).c_str(), nullptr, 16));
          len = 2 + digits;
        }
        if (iri_forbidden(cp) && cp != '>') {
          utf8::append(out, 0xE000 + cp);
          i += len - 1;
        } else {
          out += c;
        }
        break;
      }
    }
  }
  return out;
}

void unprotect(std::string& iri) {
  if (iri.find("\xEE") == std::string::npos) return;
  std::string out;
  for (std::size_t i = 0; i < iri.size();) {
    const std::size_t start = i;
    const char32_t cp = utf8::decode(iri, i);
    if (cp >= 0xE000 && cp <= 0xE0FF)
      out += static_cast<char>(cp - 0xE000);
    else
      out.append(iri, start, i - start);
  }
  iri = std::move(out);
}

// ---- reading a dataset
// ---------------------------------------------------------------------------

struct ReadContext {
  fs::path work;                 // scratch folder for tool output
  fs::path tools;                // this folder (rdflib_to_nquads.py)
  bool unsafe_iris = false;      // the mapping declares rml:UnsafeIRI
  bool rdfjson_numbers = false;  // erratum rdfjson-number-value
};

// Erratum rdfjson-number-value: RDF/JSON's "value" is a JSON string; the expected file gives JSON
// numbers (`"value" : 33`), which rapper rejects. Every JSON number becomes a string of its digits.
std::string rdfjson_numbers_as_strings(const std::string& text, const std::string& path) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseNumbersAsStringsFlag>(text.c_str(), text.size());
  if (doc.HasParseError()) throw SyntaxError(path, "not JSON (erratum rdfjson-number-value)");
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  doc.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

// JSON-LD (rdflib), RDF/XML and RDF/JSON (rapper): parsed by an outside tool into N-Quads.
std::string tool_to_nquads(const std::string& format, std::string text, const std::string& path,
                           const ReadContext& ctx) {
  const std::string stem = (ctx.work / ("_tool." + fs::path(path).filename().string())).string();
  { std::ofstream(stem + ".in", std::ios::binary) << text; }
  std::string cmd;
  if (format == "jsonld") {
    if (!fs::exists("/usr/bin/python3"))
      throw Skip{"/usr/bin/python3 is missing (JSON-LD is read with rdflib)"};
    cmd = "/usr/bin/python3 " + shell_quote((ctx.tools / "rdflib_to_nquads.py").string()) +
          " json-ld ";
  } else {
    if (run_shell("command -v rapper >/dev/null 2>&1") != 0)
      throw Skip{"rapper (raptor2-utils) is missing: it reads RDF/XML and RDF/JSON"};
    cmd = std::string("rapper -q -i ") + (format == "rdfxml" ? "rdfxml" : "json") + " -o nquads ";
  }
  cmd += shell_quote(stem + ".in") + " > " + shell_quote(stem + ".nq") + " 2> " +
         shell_quote(stem + ".err");
  const int rc = run_shell(cmd);
  if (rc == 3 && format == "jsonld") throw Skip{"rdflib is not importable by /usr/bin/python3"};
  if (rc != 0)
    throw SyntaxError(path,
                      "not readable as " + format + " (" + cmd + "): " + read_file(stem + ".err"));
  return read_file(stem + ".nq");
}

// Parses an RDF file (decompressing .gz/.zip/.tar.*) by its inner extension.
std::vector<rdf::Quad> load_dataset(const std::string& path, const ReadContext& ctx) {
  std::string name = path;
  for (const char* ext : {".gz", ".zip", ".xz"})
    if (name.ends_with(ext)) name.resize(name.size() - std::string(ext).size());
  if (name.ends_with(".tar")) name.resize(name.size() - 4);
  std::string text = mapping::read_source_text(path, "", "");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return {};
  rdf::Syntax syntax = rdf::Syntax::kNQuads;
  std::string default_graph;  // a tool's name for the default graph
  if (name.ends_with(".nt")) {
    syntax = rdf::Syntax::kNTriples;
  } else if (name.ends_with(".ttl") || name.ends_with(".n3")) {
    syntax = rdf::Syntax::kTurtle;
  } else if (name.ends_with(".trig")) {
    syntax = rdf::Syntax::kTrig;
  } else if (name.ends_with(".jsonld")) {
    text = tool_to_nquads("jsonld", std::move(text), path, ctx);
    default_graph = "urn:x-treatykg-conformance:default";
  } else if (name.ends_with(".rdfxml") || name.ends_with(".rdfjson")) {
    if (name.ends_with(".rdfjson") && ctx.rdfjson_numbers)
      text = rdfjson_numbers_as_strings(text, path);
    text = tool_to_nquads(name.ends_with(".rdfxml") ? "rdfxml" : "rdfjson", std::move(text), path,
                          ctx);
  } else if (!name.ends_with(".nq")) {
    throw IoError(
        path, "cannot compare this RDF format (nq, nt, ttl, n3, trig, jsonld, rdfxml, rdfjson)");
  }
  const bool protect =
      ctx.unsafe_iris && (syntax == rdf::Syntax::kNQuads || syntax == rdf::Syntax::kNTriples);
  if (protect) text = protect_unsafe_iris(text);
  rdf::Model model;
  rdf::read_string(text, path, model,
                   rdf::ReadOptions{.syntax = syntax, .base_iri = "http://example.com/"});
  std::vector<rdf::Quad> out;
  model.for_each([&](const rdf::Quad& q) {
    out.push_back(q);
    rdf::Quad& c = out.back();
    if (!default_graph.empty() && c.graph.is_iri() && c.graph.value == default_graph)
      c.graph = rdf::Term::iri("");
    // Literals typed xsd:string are simple literals (RDF 1.1): compare them the same way.
    if (c.object.is_literal() && c.object.datatype == rdf::vocab::kXsdString)
      c.object.datatype.clear();
    if (protect)
      for (rdf::Term* t : {&c.subject, &c.predicate, &c.object, &c.graph})
        if (t->is_iri()) unprotect(t->value);
  });
  return out;
}

// ---- errata
// --------------------------------------------------------------------------------------

// Erratum json-number-plain (errata.tsv): in the EXPECTED dataset only, a plain literal whose
// lexical form is an integer becomes xsd:integer, as RMLTTC0006a and rml-core expect for the same
// JSON number.
void apply_json_number_plain(std::vector<rdf::Quad>& quads) {
  static const std::regex kInteger("[+-]?[0-9]+");
  for (auto& q : quads) {
    rdf::Term& o = q.object;
    if (o.is_literal() && o.language.empty() && o.datatype.empty() &&
        std::regex_match(o.value, kInteger))
      o.datatype = rdf::vocab::kXsdInteger;
  }
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
  const std::vector<std::string> errata = a["--errata"].empty() || a["--errata"] == "-"
                                              ? std::vector<std::string>{}
                                              : split(a["--errata"], ',');
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
  for (const auto& e : errata)
    if (e != "json-number-plain" && e != "rdfjson-number-value") {
      record("FAIL", "  unknown erratum '" + e + "' in errata.tsv\n");
      return 1;
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
  int rc = run_shell(cmd);
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

  ReadContext ctx;
  ctx.work = work;
  ctx.tools = a["--tools"].empty() ? fs::path(argv[0]).parent_path() : fs::path(a["--tools"]);
  {
    const std::string mapping_text = read_file((case_dir / "mapping.ttl").string());
    ctx.unsafe_iris = mapping_text.find("UnsafeIRI") != std::string::npos;
  }
  // Compares every output with its expected file; "" when all are isomorphic, else why not.
  // `under_errata`: the case's errata applied to the expected files.
  auto judge = [&](bool under_errata) -> std::string {
    ReadContext c = ctx;
    const bool plain =
        under_errata && std::count(errata.begin(), errata.end(), "json-number-plain");
    c.rdfjson_numbers =
        under_errata && std::count(errata.begin(), errata.end(), "rdfjson-number-value");
    auto expected = [&](const fs::path& p) {
      auto quads = load_dataset(p.string(), c);
      if (plain) apply_json_number_plain(quads);
      return quads;
    };
    try {
      std::vector<rdf::Quad> got = load_dataset((work / "stdout.nq").string(), ctx);
      std::vector<rdf::Quad> want;
      if (default_output != "-" && fs::exists(case_dir / default_output))
        want = expected(case_dir / default_output);
      std::string why;
      if (!conformance::isomorphic(got, want, &why)) return "  default output differs:\n" + why;
      for (const auto& t : targets) {
        if (!fs::exists(work / t)) return "  target " + t + " was not written\n";
        auto tgot = load_dataset((work / t).string(), ctx);
        auto twant = expected(case_dir / t);
        if (!conformance::isomorphic(tgot, twant, &why))
          return "  target " + t + " differs:\n" + why;
      }
    } catch (const Error& e) {
      return std::string("  ") + e.what() + "\n";
    }
    return "";
  };
  try {
    const std::string strict = judge(false);
    if (strict.empty())
      return record(expect == "error-or-output" ? "PASS (output)" : "PASS", detail), 0;
    if (errata.empty()) return record("FAIL", detail + strict), 1;
    // Strictly the case fails; it passes only if the documented errata explain the difference.
    std::string ids;
    for (const auto& e : errata) ids += (ids.empty() ? "" : "+") + e;
    const std::string amended = judge(true);
    if (amended.empty())
      return record("ERRATUM " + ids, detail + "  strict comparison:\n" + strict +
                                          "  passes under erratum " + ids + "\n"),
             0;
    return record("FAIL", detail + strict + "  under erratum " + ids + ":\n" + amended), 1;
  } catch (const Skip& s) {
    record("SKIPPED", detail + "  " + s.reason + "\n");
    return 77;
  }
}
