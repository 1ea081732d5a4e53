// timed_run: runs a command and writes its wall time, peak RSS and CPU times, like GNU time's
// -f "%e %M %U %S" but to the microsecond (time prints hundredths: 10 ms is 8% of a 0.13 s run).
//   timed_run -o FILE COMMAND [ARGS...]     FILE gets "seconds max-rss-KiB user-seconds sys-seconds"
// The exit status is the command's (128 + signal if it was killed).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace {

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || std::strcmp(argv[1], "-o") != 0) {
    std::fprintf(stderr, "usage: timed_run -o FILE COMMAND [ARGS...]\n");
    return 2;
  }
  const char* report = argv[2];
  const auto start = std::chrono::steady_clock::now();
  const pid_t child = fork();
  if (child < 0) {
    std::fprintf(stderr, "timed_run: fork: %s\n", std::strerror(errno));
    return 2;
  }
  if (child == 0) {
    execvp(argv[3], argv + 3);
    std::fprintf(stderr, "timed_run: %s: %s\n", argv[3], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  while (wait4(child, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      std::fprintf(stderr, "timed_run: wait4: %s\n", std::strerror(errno));
      return 2;
    }
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::FILE* out = std::fopen(report, "w");
  if (!out) {
    std::fprintf(stderr, "timed_run: %s: %s\n", report, std::strerror(errno));
    return 2;
  }
  std::fprintf(out, "%.6f %ld %.6f %.6f\n", wall, usage.ru_maxrss, seconds(usage.ru_utime),
               seconds(usage.ru_stime));
  if (std::fclose(out) != 0) {
    std::fprintf(stderr, "timed_run: %s: %s\n", report, std::strerror(errno));
    return 2;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
