#include "pipeline/job_output.hpp"

#include <cerrno>
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
