#pragma once
// Reading inputs and writing outputs. "-" means standard input / standard output everywhere.

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace treatykg {

/// Reads a whole file (or standard input for "-"). Throws IoError naming the path and the reason.
std::string read_file(const std::string& path);

/// Gives a stream just opened a buffer of `size` bytes (bulk input or output: few, large reads or
/// writes), and a pipe 1 MiB of room. The buffer returned must outlive the stream (keep it until
/// after fclose).
std::unique_ptr<char[]> use_large_buffer(std::FILE* stream, std::size_t size = 1u << 20);

/// An output that appears whole or not at all.
///
/// For a regular file path, bytes go to a temporary file in the same folder, which commit() renames
/// onto the path; if commit() is never reached (an error, an exception), the destructor removes the
/// temporary file and the previous content of the path is untouched. "-" writes to standard output,
/// and an existing non-regular file (a device such as /dev/full, a pipe) is written in place; so is
/// a path naming an open descriptor (/dev/stdout, /dev/fd/N), appended to (the shell's `>` or
/// `>>`). A symbolic link is followed: the file it points at is replaced.
class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  /// The stream to write to; valid until commit(). Owned by this object.
  std::FILE* stream() noexcept { return stream_; }
  void write(std::string_view bytes);
  /// Flushes, checks the stream for errors, closes and renames. Throws IoError on any failure.
  void commit();
  const std::string& path() const noexcept { return path_; }
  bool is_stdout() const noexcept { return path_ == "-"; }

 private:
  void fail(const std::string& reason);
  std::string path_;
  std::string final_path_;  // what commit() renames onto: the path, symbolic links followed
  std::string temp_path_;   // empty when writing in place
  std::FILE* stream_ = nullptr;
  std::unique_ptr<char[]> buffer_;  // stream_'s buffer; members outlive the fclose in commit() or the destructor
  bool committed_ = false;
};

}  // namespace treatykg
