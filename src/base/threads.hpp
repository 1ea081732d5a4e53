#pragma once
// Threads that start at once beside their creator. Some kernels queue a new thread on the CPU of
// the thread that made it, where it waits out the creator's time slice while another CPU idles
// (seen: Linux 6.18 on a 2-vCPU VM: 0.05-4 ms, about 2 ms on average). A short parallel phase
// (start-up, the first batches of a small corpus) loses most of its gain to that wait.

#include <functional>
#include <thread>

namespace treatykg {

/// Starts `run` on a new thread placed on a CPU other than the caller's, when the process may use
/// another; once running, the thread may run on every CPU the process may use, as any thread.
std::thread start_thread_beside(std::function<void()> run);

}  // namespace treatykg
