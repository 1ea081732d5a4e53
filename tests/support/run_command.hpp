#pragma once
// Runs a shell command line and captures its exit status, standard output and standard error.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace treatykg::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// `command` is passed to /bin/sh; stdout and stderr are captured unless the command redirects them.
inline CommandResult run_command(const std::string& command) {
  static int counter = 0;
  const std::string base = ::testing::TempDir() + "treatykg-cmd-" + std::to_string(::getpid()) + "-" +
                           std::to_string(counter++);
  const std::string full = "(" + command + ") >" + base + ".out 2>" + base + ".err";
  const int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_all(base + ".out");
  r.err = read_all(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  return r;
}

}  // namespace treatykg::testing
