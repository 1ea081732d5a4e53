#pragma once
// The command line: `treatykg <command> [options] [inputs]`, in the style of git.

#include <iosfwd>
#include <string>
#include <vector>

#include "pipeline/config.hpp"

namespace treatykg::cli {

/// What the command line asks for.
struct Invocation {
  enum class Action { kRun, kHelp, kVersion } action = Action::kRun;
  pipeline::Config config;
  std::string help_topic;  // command name for `treatykg CMD --help`, empty for the overview
  bool progress_given = false;
};

/// Parses argv (without the program name). Throws UsageError with a "did you mean" where it can.
Invocation parse_command_line(const std::vector<std::string>& args, bool stderr_is_terminal);

/// The help text: the overview (all commands with their options) or one command's.
void print_help(std::ostream& out, const std::string& command);

/// Runs the whole program: parse, run, report. Returns the exit status.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool stderr_is_terminal);

}  // namespace treatykg::cli
