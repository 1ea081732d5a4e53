#pragma once
// Runs a function over a stream of items on N threads and hands the results on in input order, with
// a bounded number of items in flight: output stays deterministic and memory stays flat.

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

namespace treatykg::pipeline {

/// `next()` yields items until nullopt (called from the calling thread only); `work(item)` runs on a
/// worker; `emit(result)` runs on the calling thread, in the order the items were produced. The first
/// exception from any of them stops the run and is rethrown.
template <class Item, class Result>
void run_ordered(unsigned threads, const std::function<std::optional<Item>()>& next,
                 const std::function<Result(Item&)>& work, const std::function<void(Result&)>& emit) {
  if (threads <= 1) {
    while (auto item = next()) {
      Result r = work(*item);
      emit(r);
    }
    return;
  }
  const std::size_t max_in_flight = 4 * threads;
  std::mutex m;
  std::condition_variable cv_work, cv_done;
  std::deque<std::pair<std::size_t, Item>> queue;
  std::map<std::size_t, Result> done;
  bool closed = false;
  std::atomic<bool> failed{false};  // read unlocked by the calling thread between waits
  std::exception_ptr error;
  std::size_t produced = 0, emitted = 0;

  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (;;) {
        std::pair<std::size_t, Item> job;
        {
          std::unique_lock lock(m);
          cv_work.wait(lock, [&] { return !queue.empty() || closed || failed; });
          if (failed || (queue.empty() && closed)) return;
          job = std::move(queue.front());
          queue.pop_front();
        }
        try {
          Result r = work(job.second);
          std::lock_guard lock(m);
          done.emplace(job.first, std::move(r));
        } catch (...) {
          std::lock_guard lock(m);
          if (!error) error = std::current_exception();
          failed = true;
          cv_work.notify_all();
        }
        cv_done.notify_all();
      }
    });
  }
  // Emits finished results in input order; with `block`, first waits for the next one to finish.
  auto drain = [&](bool block) {
    bool emitted_any = false;
    for (;;) {
      std::optional<Result> r;
      {
        std::unique_lock lock(m);
        if (block && !emitted_any)
          cv_done.wait(lock, [&] { return failed || done.count(emitted) || emitted == produced; });
        if (failed || emitted == produced) return;
        auto it = done.find(emitted);
        if (it == done.end()) return;
        r = std::move(it->second);
        done.erase(it);
      }
      emit(*r);
      ++emitted;
      emitted_any = true;
    }
  };
  try {
    while (true) {
      {
        std::unique_lock lock(m);
        if (failed) break;
      }
      auto item = next();
      if (!item) break;
      {
        std::lock_guard lock(m);
        queue.emplace_back(produced++, std::move(*item));
      }
      cv_work.notify_one();
      drain(false);
      // Bound the items in flight: wait for the oldest to finish before reading more.
      while (!failed && produced - emitted >= max_in_flight) drain(true);
    }
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
