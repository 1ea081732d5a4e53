#include "base/threads.hpp"

#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <memory>

namespace treatykg {
namespace {

cpu_set_t only(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return set;
}

}  // namespace

CpuGroup::CpuGroup(unsigned threads) {
  CPU_ZERO(&before_);
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  const int here = sched_getcpu();
  if (threads < 2 || sched_getaffinity(0, sizeof allowed, &allowed) != 0 || here < 0 ||
      !CPU_ISSET(here, &allowed) || static_cast<unsigned>(CPU_COUNT(&allowed)) < threads)
    return;
  // This thread first, on the CPU it is on (no move); then the CPUs after it, in order, wrapping.
  cpus_.push_back(here);
  for (int step = 1; step < CPU_SETSIZE && cpus_.size() < threads; ++step) {
    const int c = (here + step) % CPU_SETSIZE;
    if (CPU_ISSET(c, &allowed)) cpus_.push_back(c);
  }
  const cpu_set_t mine = only(here);
  if (sched_setaffinity(0, sizeof mine, &mine) != 0) {
    cpus_.clear();  // a hint only: unpinned, the kernel places the threads
    return;
  }
  before_ = allowed;
}

CpuGroup::~CpuGroup() {
  if (pinned()) sched_setaffinity(0, sizeof before_, &before_);
}

std::thread CpuGroup::start(std::function<void()> run) {
  if (!pinned()) return std::thread(std::move(run));
  // A thread beyond the group's CPUs may run on every CPU this thread could (it would inherit one).
  const cpu_set_t target = next_ < cpus_.size() ? only(cpus_[next_++]) : before_;
  // The thread waits until it is placed: started at once, it would begin on this CPU, behind this
  // thread, and move only after its first time slice.
  auto placed = std::make_shared<std::atomic<bool>>(false);
  std::thread t([run = std::move(run), placed]() mutable {
    placed->wait(false);
    run();
  });
  if (pthread_setaffinity_np(t.native_handle(), sizeof target, &target) != 0)
    pthread_setaffinity_np(t.native_handle(), sizeof before_, &before_);  // unpinned, then
  placed->store(true);
  placed->notify_one();
  return t;
}

}  // namespace treatykg
