#include "base/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "base/error.hpp"

namespace treatykg {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

// Whether `path` names one of this process's open descriptors (/dev/stdout, /dev/fd/N,
// /proc/self/fd/N): the shell's redirection, to write through, never a file to replace.
bool names_a_descriptor(const std::string& path) {
  const auto under_fd = [](std::string_view p) {
    return p.starts_with("/dev/fd/") ||
           (p.starts_with("/proc/") && p.find("/fd/") != std::string_view::npos);
  };
  if (under_fd(path)) return true;
  std::error_code ec;
  const std::filesystem::path target = std::filesystem::read_symlink(path, ec);
  return !ec && under_fd(target.native());
}

std::string read_stream(std::FILE* f, const std::string& path) {
  std::string out;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  if (std::ferror(f)) throw IoError(path, "read error: " + errno_text(errno));
  return out;
}

}  // namespace

std::unique_ptr<char[]> use_large_buffer(std::FILE* stream, std::size_t size) {
  // A pipe holds 64 KiB by default: a writer of 1 MiB blocks and wakes up 16 times per buffer. As big
  // as the buffer, it blocks once (best effort: the system may refuse; then the default stands).
  struct stat st {};
  if (::fstat(::fileno(stream), &st) == 0 && S_ISFIFO(st.st_mode)) ::fcntl(::fileno(stream), F_SETPIPE_SZ, 1 << 20);
  // stdio's default is st_blksize (4 KiB): a read(2) or write(2) per 4 KiB, thousands a second at
  // export's rates. glibc ignores the size unless given the buffer itself.
  auto buffer = std::make_unique_for_overwrite<char[]>(size);
  std::setvbuf(stream, buffer.get(), _IOFBF, size);
  return buffer;
}

std::string read_file(const std::string& path) {
  if (path == "-") return read_stream(stdin, "<stdin>");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw IoError(path, errno_text(errno));
  if (S_ISDIR(st.st_mode)) throw IoError(path, "is a directory");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw IoError(path, errno_text(errno));
  std::string out;
  try {
    if (S_ISREG(st.st_mode)) out.reserve(static_cast<std::size_t>(st.st_size));
    out = read_stream(f, path);
  } catch (...) {
    std::fclose(f);
    throw;
  }
  std::fclose(f);
  return out;
}

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  if (path_ == "-") {
    stream_ = stdout;
    return;
  }
  struct stat st {};
  const bool exists = ::stat(path_.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) throw IoError(path_, "is a directory");
  if ((exists && !S_ISREG(st.st_mode)) || names_a_descriptor(path_)) {
    // A device, a pipe, or a descriptor the shell opened (`-o /dev/stdout > f` or `>> f`): no
    // rename possible, and opened for appending, so that `>>` is not truncated.
    stream_ = std::fopen(path_.c_str(), exists && S_ISREG(st.st_mode) ? "ab" : "wb");
    if (!stream_) throw IoError(path_, errno_text(errno));
    buffer_ = use_large_buffer(stream_);
    return;
  }
  // A symbolic link is followed: the file it points at is replaced, and the link stays.
  std::string target = path_;
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    const std::filesystem::path next = std::filesystem::read_symlink(target, ec);
    if (ec) break;  // not a link (or unreadable): this is the file
    target = next.is_absolute() ? next.string()
                                : (std::filesystem::path(target).parent_path() / next).string();
  }
  final_path_ = target;
  const auto slash = target.rfind('/');
  const std::string dir = slash == std::string::npos ? std::string() : target.substr(0, slash + 1);
  const std::string name = slash == std::string::npos ? target : target.substr(slash + 1);
  std::string pattern = dir + "." + name + ".tmp.XXXXXX";
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw IoError(path_, "cannot create a temporary file next to it: " + errno_text(errno));
  // mkstemp creates 0600; give the result the usual permissions of a new file.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  temp_path_ = pattern;
  stream_ = ::fdopen(fd, "wb");
  if (!stream_) {
    const int err = errno;
    ::close(fd);
    ::unlink(temp_path_.c_str());
    throw IoError(path_, errno_text(err));
  }
  buffer_ = use_large_buffer(stream_);
}

OutputFile::~OutputFile() {
  if (committed_) return;
  if (stream_ && stream_ != stdout) std::fclose(stream_);
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

void OutputFile::write(std::string_view bytes) {
  if (bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), stream_) != bytes.size())
    fail("write error: " + errno_text(errno));
}

void OutputFile::fail(const std::string& reason) {
  throw IoError(is_stdout() ? "<stdout>" : path_, reason);
}

void OutputFile::commit() {
  if (committed_) return;
  if (std::fflush(stream_) != 0 || std::ferror(stream_)) fail("write error: " + errno_text(errno));
  if (stream_ == stdout) {
    committed_ = true;
    return;
  }
  if (!temp_path_.empty() && ::fsync(::fileno(stream_)) != 0 && errno != EINVAL)
    fail("write error: " + errno_text(errno));
  std::FILE* f = stream_;
  stream_ = nullptr;
  if (std::fclose(f) != 0) fail("write error: " + errno_text(errno));
  if (!temp_path_.empty() && std::rename(temp_path_.c_str(), final_path_.c_str()) != 0)
    fail("cannot rename the temporary file into place: " + errno_text(errno));
  committed_ = true;
}

}  // namespace treatykg
