#pragma once
// mapping::AsyncSink: hands quads to another QuadSink on a worker thread, in batches, so mapping
// and writing (e.g. rdf::Writer) overlap on two cores. Memory stays bounded: at most kBatches
// batches of kBatchSize quads are in flight; add() waits when the writer is behind. Quad order is
// preserved.
//
//   rdf::Writer writer(...); WriterSink out(writer);
//   mapping::AsyncSink async(out);
//   mapping::execute(plan, inputs, async);
//   async.finish();   // waits for the worker; rethrows what the inner sink threw
//   writer.finish();

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "mapping/mapping.hpp"

namespace treatykg::mapping {

class AsyncSink : public QuadSink {
 public:
  static constexpr std::size_t kBatchSize = 4096;
  static constexpr std::size_t kBatches = 4;

  explicit AsyncSink(QuadSink& inner);
  ~AsyncSink() override;  // stops the worker (without rethrowing); call finish() to see errors
  AsyncSink(const AsyncSink&) = delete;
  AsyncSink& operator=(const AsyncSink&) = delete;

  void add(const rdf::Quad& quad) override;
  /// Flushes the last batch, waits for the worker and rethrows the first exception of the inner
  /// sink.
  void finish();

 private:
  struct Batch {
    std::vector<rdf::Quad> quads;  // slots reused: strings keep their capacity
    std::size_t n = 0;
  };
  void submit();
  void work();
  void stop();

  QuadSink& inner_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> full_, free_;
  Batch current_;
  bool closing_ = false;
  std::exception_ptr error_;
  std::thread worker_;
};

}  // namespace treatykg::mapping
