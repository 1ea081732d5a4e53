#pragma once
// Runs a function over a stream of jobs on N threads and hands the results on in input order, with
// a bounded amount of work in flight: output stays deterministic and memory stays flat.

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "base/threads.hpp"

namespace treatykg::pipeline {

/// `next()` yields jobs until nullopt (called from the calling thread only); `work(job)` runs on
/// `threads` threads, the calling thread being one of them: it reads the jobs, emits the results
/// and, while the next result in order is not ready, works on a job itself, so that `threads` is
/// the number of threads that compute (3 threads on 2 cores cost switches and shared caches, not
/// speed); `emit(result)` runs on the calling thread, in the order the jobs were produced. At most
/// `jobs_per_thread * threads` jobs are in flight (queued, working or waiting to be emitted; a
/// result waiting for its `finish` is finished before its worker takes another job). The first
/// exception from any of them stops the run and is rethrown.
///
/// `finish(result)`, if given, runs after `emit(result)` on the thread that worked on the job: a
/// worker runs it before it takes another job. What emit decides in order (where output goes) is
/// then carried out on the thread whose caches hold the result, instead of moving it to the
/// calling thread: on this project's VMs moving memory between the two vCPUs is sometimes several
/// times dearer than usual.
///
/// A job is the unit of hand-over between threads: one lock, one wake-up and a few cache lines
/// moved per job. Callers batch small items into a job (see pipeline/stages.cpp's ArticleBatch).
template <class Job, class Result>
void run_ordered(unsigned threads, const std::function<std::optional<Job>()>& next,
                 const std::function<Result(Job&)>& work, const std::function<void(Result&)>& emit,
                 std::size_t jobs_per_thread = 4, const std::function<void(Result&)>& finish = {}) {
  if (threads <= 1) {
    while (auto job = next()) {
      Result r = work(*job);
      emit(r);
      if (finish) finish(r);
    }
    return;
  }
  using Queued = std::pair<std::size_t, Job>;
  struct Done {
    unsigned thread = 0;  // which thread worked on it: 0 is the calling thread
    Result result;
  };
  const std::size_t max_in_flight = std::max<std::size_t>(1, jobs_per_thread) * threads;
  std::mutex m;
  std::condition_variable cv_work, cv_done;
  std::deque<Queued> queue;
  std::map<std::size_t, Done> done;
  std::vector<std::deque<Result>> emitted_results(threads);  // each worker's, to finish
  bool closed = false;
  std::atomic<bool> failed{false};  // read unlocked by the calling thread between waits
  std::exception_ptr error;
  std::size_t produced = 0, emitted = 0;

  // Records the exception being handled (the first one wins) and stops every thread.
  auto fail = [&] {
    std::lock_guard lock(m);
    if (!error) error = std::current_exception();
    failed = true;
    cv_work.notify_all();
    cv_done.notify_all();  // a worker's finish may fail while the calling thread waits for a job
  };
  // Works on one job, on thread `thread`; called without the lock held.
  auto run_job = [&](Queued& job, unsigned thread) {
    try {
      Result r = work(job.second);
      job.second = Job{};  // free the job here, on the thread that used it last
      std::lock_guard lock(m);
      done.emplace(job.first, Done{thread, std::move(r)});
    } catch (...) {
      fail();
    }
  };
  CpuGroup cpus(threads);  // one CPU per thread while the pool runs (see base/threads.hpp)
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) {
    workers.push_back(cpus.start([&, t] {
      auto& to_finish = emitted_results[t];
      for (;;) {
        Queued job;
        {
          std::unique_lock lock(m);
          cv_work.wait(lock,
                       [&] { return !to_finish.empty() || !queue.empty() || closed || failed; });
          if (failed) return;
          if (!to_finish.empty()) {  // first: it frees memory, and its output is older
            Result r = std::move(to_finish.front());
            to_finish.pop_front();
            lock.unlock();
            try {
              finish(r);
            } catch (...) {
              fail();
            }
            continue;
          }
          if (queue.empty() && closed) return;
          job = std::move(queue.front());
          queue.pop_front();
        }
        run_job(job, t);
        cv_done.notify_one();  // only the calling thread waits on it
      }
    }));
  }
  // Emits finished jobs in input order; with `block`, first makes sure the next one finishes: by
  // working on the oldest job not yet taken, or by waiting when every job is taken.
  auto drain = [&](bool block) {
    bool emitted_any = false;
    for (;;) {
      Done d;
      {
        std::unique_lock lock(m);
        if (block && !emitted_any) {
          while (!failed && !done.count(emitted) && emitted != produced) {
            if (queue.empty()) {
              cv_done.wait(lock);
              continue;
            }
            Queued job = std::move(queue.front());
            queue.pop_front();
            lock.unlock();
            run_job(job, 0);
            lock.lock();
          }
        }
        if (failed || emitted == produced) return;
        auto it = done.find(emitted);
        if (it == done.end()) return;
        d = std::move(it->second);
        done.erase(it);
      }
      emit(d.result);
      ++emitted;
      emitted_any = true;
      if (!finish) continue;
      if (d.thread == 0) {
        finish(d.result);
      } else {
        {
          std::lock_guard lock(m);
          emitted_results[d.thread].push_back(std::move(d.result));
        }
        cv_work.notify_all();  // the worker may be waiting for a job
      }
    }
  };
  auto submit = [&](Job& job) {
    {
      std::lock_guard lock(m);
      queue.emplace_back(produced++, std::move(job));
    }
    cv_work.notify_one();
    drain(false);
    // Bound the work in flight: wait for the oldest job to finish before reading more.
    while (!failed && produced - emitted >= max_in_flight) drain(true);
  };
  try {
    while (!failed) {
      auto job = next();
      if (!job) break;
      submit(*job);
    }
    while (!failed && emitted < produced) drain(true);
  } catch (...) {
    fail();
  }
  {
    std::lock_guard lock(m);
    closed = true;
  }
  cv_work.notify_all();
  for (auto& w : workers) w.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace treatykg::pipeline
