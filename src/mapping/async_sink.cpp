#include "mapping/async_sink.hpp"

namespace treatykg::mapping {

AsyncSink::AsyncSink(QuadSink& inner) : inner_(inner) {
  for (std::size_t i = 0; i + 1 < kBatches; ++i) free_.emplace_back();
  worker_ = std::thread([this] { work(); });
}

AsyncSink::~AsyncSink() {
  stop();
}

void AsyncSink::add(const rdf::Quad& quad) {
  if (current_.n == current_.quads.size()) {
    if (current_.quads.size() < kBatchSize) {
      current_.quads.push_back(quad);
      ++current_.n;
      if (current_.n < kBatchSize) return;
      submit();
      return;
    }
  }
  current_.quads[current_.n++] = quad;  // copy-assign: reuses the slot's string buffers
  if (current_.n == kBatchSize) submit();
}

void AsyncSink::submit() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !free_.empty() || error_; });
  if (error_) std::rethrow_exception(error_);
  full_.push_back(std::move(current_));
  current_ = std::move(free_.front());
  free_.pop_front();
  current_.n = 0;
  cv_.notify_all();
}

void AsyncSink::work() {
  while (true) {
    Batch b;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !full_.empty() || closing_; });
      if (full_.empty()) return;
      b = std::move(full_.front());
      full_.pop_front();
    }
    try {
      if (!error_)
        for (std::size_t i = 0; i < b.n; ++i) inner_.add(b.quads[i]);
    } catch (...) {
      std::lock_guard lock(mu_);
      error_ = std::current_exception();
    }
    std::lock_guard lock(mu_);
    b.n = 0;
    free_.push_back(std::move(b));
    cv_.notify_all();
  }
}

void AsyncSink::finish() {
  if (current_.n > 0) {
    std::unique_lock lock(mu_);
    if (error_) std::rethrow_exception(error_);
    full_.push_back(std::move(current_));
    current_ = Batch{};
    cv_.notify_all();
  }
  stop();
  if (error_) std::rethrow_exception(error_);
}

void AsyncSink::stop() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
    cv_.notify_all();
  }
  if (worker_.joinable()) worker_.join();
}

}  // namespace treatykg::mapping
