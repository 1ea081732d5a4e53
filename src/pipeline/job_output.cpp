#include "pipeline/job_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "base/error.hpp"

namespace treatykg::pipeline {

JobOutput::JobOutput(const std::string& path) : name_(path == "-" ? "<stdout>" : path) {
  if (path != "-") {
    file_.emplace(path);
    return;
  }
  spool_ = std::tmpfile();
  if (!spool_) throw IoError("<stdout>", std::string("cannot create a spool file: ") + std::strerror(errno));
  spool_buffer_ = use_large_buffer(spool_);
}

JobOutput::~JobOutput() {
  if (spool_) std::fclose(spool_);
}

std::FILE* JobOutput::stream() noexcept { return spool_ ? spool_ : file_->stream(); }

namespace {

// Writes all of `parts` to `fd`, at `offset` or, when it is negative, at the file's position.
void write_all(int fd, std::span<iovec> parts, off_t offset, const std::string& name) {
  while (!parts.empty()) {
    const std::size_t n = std::min<std::size_t>(parts.size(), IOV_MAX);
    const ssize_t written = offset < 0 ? ::writev(fd, parts.data(), static_cast<int>(n))
                                       : ::pwritev(fd, parts.data(), static_cast<int>(n), offset);
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) throw IoError(name, std::string("write error: ") + std::strerror(errno));
    if (offset >= 0) offset += written;
    // A short write (a signal, a full disk about to report itself): go on after what was taken.
    auto left = static_cast<std::size_t>(written);
    while (!parts.empty() && left >= parts.front().iov_len) {
      left -= parts.front().iov_len;
      parts = parts.subspan(1);
    }
    if (written == 0 && !parts.empty()) throw IoError(name, "write error: the file took no bytes");
    if (left > 0) {
      parts.front().iov_base = static_cast<char*>(parts.front().iov_base) + left;
      parts.front().iov_len -= left;
    }
  }
}

}  // namespace

int JobOutput::flushed_fd() {
  std::FILE* s = stream();
  if (std::fflush(s) != 0)
    throw IoError(name_, std::string("write error: ") + std::strerror(errno));
  return ::fileno(s);
}

void JobOutput::write_parts(std::span<iovec> parts) {
  write_all(flushed_fd(), parts, -1, name_);
}

std::uint64_t JobOutput::begin_placed() {
  const int fd = flushed_fd();
  struct stat st {};
  const int flags = ::fcntl(fd, F_GETFL);
  // pwrite(2) on a file opened for appending appends, whatever the offset.
  positional_ = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flags >= 0 && !(flags & O_APPEND);
  const off_t at = ::lseek(fd, 0, SEEK_CUR);
  return at < 0 ? 0 : static_cast<std::uint64_t>(at);  // a pipe has no position: placed in order
}

void JobOutput::write_parts_at(std::uint64_t offset, std::span<iovec> parts) {
  write_all(::fileno(stream()), parts, static_cast<off_t>(offset), name_);
}

void JobOutput::end_placed(std::uint64_t end) {
  if (!positional_) return;  // written in order: the stream is where it should be
  if (::fseeko(stream(), static_cast<off_t>(end), SEEK_SET) != 0)
    throw IoError(name_, std::string("cannot seek: ") + std::strerror(errno));
}

void JobOutput::commit() {
  if (file_) {
    file_->commit();
    return;
  }
  if (std::fflush(spool_) != 0 || std::ferror(spool_))
    throw IoError(name_, std::string("write error: ") + std::strerror(errno));
  std::rewind(spool_);
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, spool_)) > 0) {
    if (std::fwrite(buf, 1, n, stdout) != n) throw IoError(name_, std::string("write error: ") + std::strerror(errno));
  }
  if (std::ferror(spool_)) throw IoError(name_, std::string("read error on the spool file: ") + std::strerror(errno));
  if (std::fflush(stdout) != 0 || std::ferror(stdout))
    throw IoError(name_, std::string("write error: ") + std::strerror(errno));
}

}  // namespace treatykg::pipeline
