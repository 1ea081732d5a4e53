#pragma once
// Runs a function over a stream of items on N threads and hands the results on in input order, with
// a bounded amount of work in flight: output stays deterministic and memory stays flat.

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

/// How items are grouped into jobs. Workers take a batch of consecutive items at a time: one lock,
/// one wake-up and one hand-over per batch instead of per item, and a slow item delays the ones
/// behind it less when batches average out item sizes.
struct PoolBatching {
  std::size_t batch_cost = 1;       // a batch closes once its items' cost reaches this...
  std::size_t batch_items = 1;      // ...or it holds this many items
  std::size_t batches_per_thread = 4;  // batches in flight (queued, working or waiting to be emitted)
};

/// `next()` yields items until nullopt (called from the calling thread only); `work(item)` runs on
/// `threads` threads, the calling thread being one of them: it reads the items, emits the results
/// and, while the next result in order is not ready, works on a batch itself, so that `threads` is
/// the number of threads that compute (3 threads on 2 cores cost switches and shared caches, not
/// speed); `emit(result)` runs on the calling thread, in the order the items were produced; `cost`
/// weighs an item for batching (nullptr: 1 each). The first exception from any of them stops the
/// run and is rethrown.
template <class Item, class Result>
void run_ordered(unsigned threads, const std::function<std::optional<Item>()>& next,
                 const std::function<Result(Item&)>& work, const std::function<void(Result&)>& emit,
                 const PoolBatching& batching = {}, const std::function<std::size_t(const Item&)>& cost = nullptr) {
  if (threads <= 1) {
    while (auto item = next()) {
      Result r = work(*item);
      emit(r);
    }
    return;
  }
  using Batch = std::vector<Item>;
  using Results = std::vector<Result>;
  using Job = std::pair<std::size_t, Batch>;
  const std::size_t max_in_flight = batching.batches_per_thread * threads;
  std::mutex m;
  std::condition_variable cv_work, cv_done;
  std::deque<Job> queue;
  std::map<std::size_t, Results> done;
  bool closed = false;
  std::atomic<bool> failed{false};  // read unlocked by the calling thread between waits
  std::exception_ptr error;
  std::size_t produced = 0, emitted = 0;

  // Works on one batch, on whichever thread took it; called without the lock held.
  auto run_job = [&](Job& job) {
    try {
      Results rs;
      rs.reserve(job.second.size());
      for (auto& item : job.second) rs.push_back(work(item));
      job.second.clear();  // free the items here, on the thread that used them last
      std::lock_guard lock(m);
      done.emplace(job.first, std::move(rs));
    } catch (...) {
      std::lock_guard lock(m);
      if (!error) error = std::current_exception();
      failed = true;
      cv_work.notify_all();
    }
  };
  CpuGroup cpus(threads);  // one CPU per thread while the pool runs (see base/threads.hpp)
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) {
    workers.push_back(cpus.start([&] {
      for (;;) {
        Job job;
        {
          std::unique_lock lock(m);
          cv_work.wait(lock, [&] { return !queue.empty() || closed || failed; });
          if (failed || (queue.empty() && closed)) return;
          job = std::move(queue.front());
          queue.pop_front();
        }
        run_job(job);
        cv_done.notify_one();  // only the calling thread waits on it
      }
    }));
  }
  // Emits finished batches in input order; with `block`, first makes sure the next one finishes:
  // by working on the oldest batch not yet taken, or by waiting when every batch is taken.
  auto drain = [&](bool block) {
    bool emitted_any = false;
    for (;;) {
      Results rs;
      {
        std::unique_lock lock(m);
        if (block && !emitted_any) {
          while (!failed && !done.count(emitted) && emitted != produced) {
            if (queue.empty()) {
              cv_done.wait(lock);
              continue;
            }
            Job job = std::move(queue.front());
            queue.pop_front();
            lock.unlock();
            run_job(job);
            lock.lock();
          }
        }
        if (failed || emitted == produced) return;
        auto it = done.find(emitted);
        if (it == done.end()) return;
        rs = std::move(it->second);
        done.erase(it);
      }
      for (auto& r : rs) emit(r);
      ++emitted;
      emitted_any = true;
    }
  };
  auto submit = [&](Batch& batch) {
    {
      std::lock_guard lock(m);
      queue.emplace_back(produced++, std::move(batch));
    }
    batch = Batch{};
    cv_work.notify_one();
    drain(false);
    // Bound the work in flight: wait for the oldest batch to finish before reading more.
    while (!failed && produced - emitted >= max_in_flight) drain(true);
  };
  try {
    Batch batch;
    std::size_t batch_cost = 0;
    while (!failed) {
      auto item = next();
      if (!item) break;
      batch_cost += cost ? cost(*item) : 1;
      batch.push_back(std::move(*item));
      if (batch_cost >= batching.batch_cost || batch.size() >= batching.batch_items) {
        submit(batch);
        batch_cost = 0;
      }
    }
    if (!failed && !batch.empty()) submit(batch);
    while (!failed && emitted < produced) drain(true);
  } catch (...) {
    std::lock_guard lock(m);
    if (!error) error = std::current_exception();
    failed = true;
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
