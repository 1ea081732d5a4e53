#pragma once
// Threads that run one per CPU while they work together.
//
// On a VM the kernel may put a woken thread on the CPU of the thread that woke it, while another
// CPU idles: a halted vCPU looks busy to it. Seen on Linux 6.18 with 2 vCPUs: a new thread queued
// behind its creator for 0.05-4 ms, and a 2-thread export whose two threads shared one CPU for
// 190 ms of its 250 (`perf sched timehist`). Each thread of a group stays on a CPU of its own.
//
//   CpuGroup group(2);                 // this thread stays on the CPU it is on...
//   std::thread t = group.start(run);  // ...and `run` runs on another
//   ...
//   t.join();                          // before the group ends: this thread gets its CPUs back

#include <sched.h>

#include <functional>
#include <thread>
#include <vector>

namespace treatykg {

class CpuGroup {
 public:
  /// A group of `threads` threads, the calling thread among them. Pinned only when the process may
  /// use at least that many CPUs (with fewer, threads must share CPUs: the kernel places them).
  explicit CpuGroup(unsigned threads);
  /// Gives the calling thread back the CPUs it could use before.
  ~CpuGroup();
  CpuGroup(const CpuGroup&) = delete;
  CpuGroup& operator=(const CpuGroup&) = delete;

  /// Starts the group's next thread: on the next CPU of the group, placed there before `run` runs.
  std::thread start(std::function<void()> run);

  /// Whether the group's threads are pinned.
  bool pinned() const noexcept { return !cpus_.empty(); }

 private:
  std::vector<int> cpus_;  // the group's CPUs, the calling thread's first; empty: not pinned
  cpu_set_t before_;       // the calling thread's CPUs before, when pinned
  std::size_t next_ = 1;
};

}  // namespace treatykg
