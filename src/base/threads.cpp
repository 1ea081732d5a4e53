#include "base/threads.hpp"

#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <memory>

namespace treatykg {

std::thread start_thread_beside(std::function<void()> run) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  const bool known = sched_getaffinity(0, sizeof allowed, &allowed) == 0;
  const int here = sched_getcpu();
  if (!known || here < 0 || CPU_COUNT(&allowed) < 2 || !CPU_ISSET(here, &allowed))
    return std::thread(std::move(run));
  // The new thread widens its CPUs back only once they were narrowed: were it first, the narrow set
  // would stay.
  auto placed = std::make_shared<std::atomic<bool>>(false);
  std::thread t([run = std::move(run), placed, allowed]() mutable {
    placed->wait(false);
    pthread_setaffinity_np(pthread_self(), sizeof allowed, &allowed);
    run();
  });
  cpu_set_t elsewhere = allowed;
  CPU_CLR(here, &elsewhere);
  // A hint: if it fails, the thread starts where the kernel puts it.
  pthread_setaffinity_np(t.native_handle(), sizeof elsewhere, &elsewhere);
  placed->store(true);
  placed->notify_one();
  return t;
}

}  // namespace treatykg
