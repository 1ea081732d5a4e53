#pragma once
// Where a job writes. A file is written atomically (base::OutputFile); standard output is spooled to
// an anonymous temporary file and copied out only when the job succeeds, so a failed run never leaves
// partial output anywhere.

#include <sys/uio.h>

#include <cstdint>
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

  /// Output whose places are decided in order but which is written from any thread: flushes the
  /// stream and returns where its next byte goes. Until end_placed(), only write_parts_at() and
  /// write_parts() write.
  std::uint64_t begin_placed();
  /// After begin_placed(): whether write_parts_at() can be used, i.e. a regular file not opened for
  /// appending (standard output is spooled to one). A pipe or a device takes its bytes in order,
  /// through write_parts().
  bool positional() const noexcept { return positional_; }
  /// Writes `parts` at `offset` (pwritev(2)); safe from any thread. Throws IoError.
  void write_parts_at(std::uint64_t offset, std::span<iovec> parts);
  /// Puts the stream at `end`, the end of what was placed, for what is written after.
  void end_placed(std::uint64_t end);
  /// Makes the output visible: renames the file, or copies the spool to standard output. Throws IoError.
  void commit();

 private:
  /// The stream's descriptor, after writing out what the stream holds. Throws IoError.
  int flushed_fd();

  std::string name_;
  std::optional<OutputFile> file_;
  std::FILE* spool_ = nullptr;  // tmpfile(): removed by the system when closed
  std::unique_ptr<char[]> spool_buffer_;
  bool positional_ = false;
};

}  // namespace treatykg::pipeline
