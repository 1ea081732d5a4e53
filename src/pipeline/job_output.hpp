#pragma once
// Where a job writes. A file is written atomically (base::OutputFile); standard output is spooled to
// an anonymous temporary file and copied out only when the job succeeds, so a failed run never leaves
// partial output anywhere.

#include <sys/uio.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "base/files.hpp"

namespace treatykg::pipeline {

class JobOutput {
 public:
  explicit JobOutput(const std::string& path);
  ~JobOutput();
  JobOutput(const JobOutput&) = delete;
  JobOutput& operator=(const JobOutput&) = delete;

  std::FILE* stream() noexcept;
  const std::string& name() const noexcept { return name_; }
  /// Writes `parts` in order straight to the file (writev(2), after flushing the stream): for bytes
  /// the caller holds anyway, which the stream would only copy into its buffer. Throws IoError.
  void write_parts(std::span<iovec> parts);
  /// Makes the output visible: renames the file, or copies the spool to standard output. Throws IoError.
  void commit();

 private:
  std::string name_;
  std::optional<OutputFile> file_;
  std::FILE* spool_ = nullptr;  // tmpfile(): removed by the system when closed
  std::unique_ptr<char[]> spool_buffer_;
};

}  // namespace treatykg::pipeline
