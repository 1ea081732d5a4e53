#pragma once
// The exit statuses of treatykg, documented in --help and the README. Used only in cli/.

namespace treatykg::cli {

enum ExitCode : int {
  kOk = 0,      // success
  kFailed = 1,  // bad input, a skipped article, an I/O error
  kUsage = 2,   // the command line is wrong
};

}  // namespace treatykg::cli
