// treatykg: news articles about treaties -> RDF knowledge graph. All the work is in the libraries.
#include <unistd.h>

#include <iostream>

#include "cli/options.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  return treatykg::cli::run(args, std::cout, std::cerr, ::isatty(STDERR_FILENO) != 0);
}
