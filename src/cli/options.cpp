#include "cli/options.hpp"

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <map>

#include "base/edit_distance.hpp"
#include "base/error.hpp"
#include "cli/exit_code.hpp"
#include "pipeline/check.hpp"
#include "pipeline/stages.hpp"

namespace treatykg::cli {

namespace po = boost::program_options;
using pipeline::Command;

namespace {

struct CommandInfo {
  const char* name;
  Command command;
  const char* usage;
  const char* summary;
};

const std::vector<CommandInfo>& commands() {
  static const std::vector<CommandInfo> list{
      {"export", Command::kExport, "treatykg export [options] ARTICLES...",
       "Articles -> RDF: extract facts, map them through the RML rules, write one graph.\n"
       "ARTICLES are text files with optional front matter, folders, JSON Lines files, or - (stdin)."},
      {"extract", Command::kExtract, "treatykg extract [options] ARTICLES...",
       "Articles -> facts as JSON Lines (schema treatykg-facts/1, see docs/facts-schema.md)."},
      {"map", Command::kMap, "treatykg map --mappings MAPPING.ttl [options] [FACTS.jsonl...]",
       "Facts or any JSON/CSV source -> RDF through RML rules (any RML mapping).\n"
       "Sources are resolved against the mapping file's folder or the working folder; FACTS feed\n"
       "the mapping's tkgm:FactStream sources."},
      {"check", Command::kCheck, "treatykg check [options] [FILES...]",
       "Load ontology, lexicon, mappings and rules; report every problem with its position.\n"
       "With FILES, check those RDF files (or folders of them) instead."},
  };
  return list;
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& c : commands()) names.push_back(c.name);
  return names;
}

// The options of one command, bound to `cfg`.
po::options_description describe(const std::string& command, pipeline::Config& cfg, std::string& format,
                                 bool& progress, bool& no_progress) {
  po::options_description common("Options (every command)", 100, 36);
  common.add_options()("output,o", po::value(&cfg.output)->value_name("FILE")->default_value("-"),
                       "write to FILE, atomically (- = standard output)")(
      "format,f", po::value(&format)->value_name("NAME")->default_value("turtle"),
      "output syntax: turtle, ntriples, trig, nquads, jsonld, rdfxml or rdfjson")(
      "base", po::value(&cfg.base_iri)->value_name("IRI"),
      "namespace of minted instance IRIs [export: https://w3id.org/treatykg/data/, map: "
      "http://example.com/]")("ontology", po::value(&cfg.ontology)->value_name("PATH"),
                              "ontology file or folder [bundled ontology/]")(
      "mappings", po::value(&cfg.mappings)->value_name("FILE"),
      "RML mapping [bundled mappings/facts.rml.ttl]")(
      "lexicon", po::value(&cfg.lexicon)->value_name("FILE"),
      "entity lexicon [bundled mappings/lexicon.ttl]")(
      "rules", po::value(&cfg.rules)->value_name("DIR"),
      "extraction rules [bundled mappings/rules/]")(
      "strict", po::bool_switch(&cfg.strict),
      "stop at the first bad article or record and write nothing")(
      "threads", po::value(&cfg.threads)->value_name("N")->default_value(1),
      "threads that extract and map (one of them also reads and writes)")(
      "quiet,q", po::bool_switch(&cfg.quiet), "print no progress and no summary")(
      "progress", po::bool_switch(&progress),
      "show a progress line [on when stderr is a terminal]")(
      "no-progress", po::bool_switch(&no_progress), "never show a progress line")(
      "help,h", "print this help and exit");
  if (command == "export") {
    po::options_description dataset("Options of export: the dataset description (VoID/DCAT) written with the graph", 100, 36);
    dataset.add_options()
        ("title", po::value(&cfg.title)->value_name("TEXT"), "dataset title")
        ("license", po::value(&cfg.license)->value_name("IRI"), "dataset license IRI")
        ("created", po::value(&cfg.created)->value_name("DATE"), "creation date YYYY-MM-DD [none: output stays reproducible]")
        ("sparql-endpoint", po::value(&cfg.sparql_endpoint)->value_name("IRI"), "the publisher's SPARQL endpoint")
        ("no-description", po::bool_switch(&cfg.no_description),
         "write no dataset description (for shards that are merged by union later)");
    common.add(dataset);
  }
  return common;
}

std::vector<std::string> long_names(const po::options_description& d) {
  std::vector<std::string> names;
  for (const auto& o : d.options()) names.push_back("--" + o->long_name());
  return names;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  auto m = closest_match(word, candidates);
  return m ? " (did you mean '" + *m + "'?)" : "";
}

const CommandInfo* find_command(const std::string& name) {
  for (const auto& c : commands())
    if (name == c.name) return &c;
  return nullptr;
}

}  // namespace

Invocation parse_command_line(const std::vector<std::string>& args, bool stderr_is_terminal) {
  Invocation inv;
  if (args.empty()) throw UsageError("no command given; choose one of export, extract, map, check");
  const std::string& first = args[0];
  if (first == "--help" || first == "-h" || first == "help") {
    inv.action = Invocation::Action::kHelp;
    if (args.size() > 1 && first == "help") {
      if (!find_command(args[1]))
        throw UsageError("unknown command '" + args[1] + "'" + did_you_mean(args[1], command_names()));
      inv.help_topic = args[1];
    }
    return inv;
  }
  if (first == "--version" || first == "-V") {
    inv.action = Invocation::Action::kVersion;
    return inv;
  }
  if (first.starts_with("-")) {
    throw UsageError("unknown option '" + first + "' before the command" +
                     did_you_mean(first, {"--help", "--version"}));
  }
  const CommandInfo* cmd = find_command(first);
  if (!cmd) throw UsageError("unknown command '" + first + "'" + did_you_mean(first, command_names()));

  inv.config.command = cmd->command;
  std::string format;
  bool progress = false, no_progress = false;
  auto visible = describe(first, inv.config, format, progress, no_progress);
  po::options_description all;
  all.add(visible).add_options()("input", po::value(&inv.config.inputs)->multitoken());
  po::positional_options_description positional;
  positional.add("input", -1);

  po::variables_map vm;
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    po::store(po::command_line_parser(rest).options(all).positional(positional)
                  .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                  .run(),
              vm);
    if (vm.count("help")) {
      inv.action = Invocation::Action::kHelp;
      inv.help_topic = first;
      return inv;
    }
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    const std::string name = e.get_option_name();
    throw UsageError("unknown option '" + name + "' for 'treatykg " + first + "'" +
                     did_you_mean(name, long_names(visible)));
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  const auto syntax = rdf::parse_syntax(format);
  if (!syntax)
    throw UsageError("unknown format '" + format + "' for --format" + did_you_mean(format, rdf::syntax_names()) +
                     "; choose one of turtle, ntriples, trig, nquads, jsonld, rdfxml, rdfjson");
  inv.config.format = *syntax;
  if (progress && no_progress) throw UsageError("--progress and --no-progress contradict each other");
  inv.progress_given = progress || no_progress;
  inv.config.progress = progress || (!no_progress && stderr_is_terminal && !inv.config.quiet);
  inv.config.validate();
  return inv;
}

void print_help(std::ostream& out, const std::string& command) {
  pipeline::Config scratch;
  std::string format;
  bool a = false, b = false;
  if (!command.empty()) {
    const CommandInfo* c = find_command(command);
    out << "Usage: " << c->usage << "\n\n" << c->summary << "\n\n" << describe(command, scratch, format, a, b) << "\n";
  } else {
    out << "Usage: treatykg <command> [options] [inputs]\n"
           "       treatykg --help | --version\n\n"
           "Turn news articles about treaties into an RDF knowledge graph.\n\nCommands:\n";
    for (const auto& c : commands()) out << "  " << c.name << std::string(10 - std::string(c.name).size(), ' ')
                                         << std::string(c.summary).substr(0, std::string(c.summary).find('\n')) << "\n";
    out << "\nUsage of each command:\n";
    for (const auto& c : commands()) out << "  " << c.usage << "\n";
    out << "\n" << describe("export", scratch, format, a, b);
  }
  out << "\nExit status: 0 success, 1 failure (bad input, a skipped article, an I/O error), 2 usage error.\n"
         "Bundled data: " << pipeline::data_dir() << "\n";
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool stderr_is_terminal) {
  Invocation inv;
  try {
    inv = parse_command_line(args, stderr_is_terminal);
  } catch (const UsageError& e) {
    err << "treatykg: error: " << e.what() << "\nTry 'treatykg --help' for more information.\n";
    return kUsage;
  }
  if (inv.action != Invocation::Action::kRun) {
    if (inv.action == Invocation::Action::kHelp) print_help(out, inv.help_topic);
    else out << "treatykg " << pipeline::version() << "\n";
    out.flush();
    if (out && std::fflush(stdout) == 0 && !std::ferror(stdout)) return kOk;
    err << "treatykg: error: write error on standard output\n";
    return kFailed;
  }
  const auto& cfg = inv.config;
  try {
    switch (cfg.command) {
      case Command::kCheck: {
        const auto report = pipeline::check(cfg);
        for (const auto& p : report.problems) err << p.to_string() << "\n";
        if (!cfg.quiet)
          err << "treatykg check: " << report.files.size() << " file(s), " << report.problems.size()
              << " problem(s)\n";
        return report.problems.empty() ? kOk : kFailed;
      }
      case Command::kExport: return pipeline::run_export(cfg).ok ? kOk : kFailed;
      case Command::kExtract: return pipeline::run_extract(cfg).ok ? kOk : kFailed;
      case Command::kMap: return pipeline::run_map(cfg).ok ? kOk : kFailed;
    }
  } catch (const SyntaxError& e) {
    err << e.what() << "\n";
  } catch (const IoError& e) {
    err << "treatykg: " << e.what() << "\n";
  } catch (const UsageError& e) {
    err << "treatykg: error: " << e.what() << "\nTry 'treatykg --help' for more information.\n";
    return kUsage;
  } catch (const Error& e) {
    err << "treatykg: error: " << e.what() << "\n";
  } catch (const std::bad_alloc&) {
    err << "treatykg: error: out of memory\n";
  }
  return kFailed;
}

}  // namespace treatykg::cli
