// How dear it is right now to hand data from one CPU to another: the state of the machine that a
// 2-thread benchmark run meets. Prints, on one line,
//   round trip N ns      a cache line bounced between two threads on two CPUs (median of 5 rounds)
//   rewrite M us         4 MB written on one CPU, read on the other, then written again on the
//   first
// On this project's 2-vCPU VMs the round trip is ~50 ns most of the time, and for spells of seconds
// to minutes ~300-700 ns while the rewrite goes from ~0.1 to ~1.4 ms; a single thread, and two
// processes at once, run at their usual speed then, but a 2-thread export pays for the data its
// threads hand each other (docs/benchmarks.md, twelfth session).
//   cross_cpu            uses the first two CPUs the process may run on; exit 2 if there is one
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

bool pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

double round_trip_ns(int a, int b) {
  constexpr int kBounces = 50000;
  alignas(64) static std::atomic<int> turn{0};
  pin(a);
  turn = -1;
  std::thread other([&] {
    pin(b);
    turn.store(0, std::memory_order_release);  // placed: the timing starts after this
    for (int i = 0; i < kBounces; ++i) {
      while (turn.load(std::memory_order_acquire) != 2 * i + 1) {
      }
      turn.store(2 * i + 2, std::memory_order_release);
    }
  });
  while (turn.load(std::memory_order_acquire) != 0) {
  }
  const auto start = Clock::now();
  for (int i = 0; i < kBounces; ++i) {
    turn.store(2 * i + 1, std::memory_order_release);
    while (turn.load(std::memory_order_acquire) != 2 * i + 2) {
    }
  }
  const double ns =
      std::chrono::duration<double, std::nano>(Clock::now() - start).count() / kBounces;
  other.join();
  return ns;
}

double rewrite_us(int a, int b) {
  static std::vector<char> buffer(4u << 20);
  pin(a);
  std::memset(buffer.data(), 1, buffer.size());
  std::thread reader([&] {
    pin(b);
    volatile long sum = 0;
    for (std::size_t i = 0; i < buffer.size(); i += 64) sum = sum + buffer[i];
  });
  reader.join();
  const auto start = Clock::now();
  std::memset(buffer.data(), 2, buffer.size());
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return 1;
  std::vector<int> cpus;
  for (int c = 0; c < CPU_SETSIZE && cpus.size() < 2; ++c)
    if (CPU_ISSET(c, &allowed)) cpus.push_back(c);
  if (cpus.size() < 2) {
    std::fprintf(stderr, "cross_cpu: needs two CPUs, the process may use one\n");
    return 2;
  }
  std::vector<double> trips, rewrites;
  for (int i = 0; i < 5; ++i) {
    trips.push_back(round_trip_ns(cpus[0], cpus[1]));
    rewrites.push_back(rewrite_us(cpus[0], cpus[1]));
  }
  std::printf("round trip %.0f ns, rewrite %.0f us\n", median(trips), median(rewrites));
  return 0;
}
