#pragma once
// Non-fatal findings (warnings, skipped articles) collected while a job runs; hot paths push
// diagnostics here instead of throwing.

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace treatykg {

enum class Severity { kWarning, kError };

struct Diagnostic {
  Severity severity = Severity::kWarning;
  std::string path;            // file or article id
  std::optional<TextPos> pos;  // where known
  std::string message;

  /// `path:line:col: warning: message` (or without the position).
  std::string to_string() const;
};

/// Thread-safe collector; an optional callback sees each diagnostic as it arrives.
class DiagnosticSink {
 public:
  using Callback = std::function<void(const Diagnostic&)>;
  DiagnosticSink() = default;
  explicit DiagnosticSink(Callback cb) : callback_(std::move(cb)) {}

  void report(Diagnostic d);
  void warn(std::string path, std::string message) {
    report({Severity::kWarning, std::move(path), std::nullopt, std::move(message)});
  }
  void error(std::string path, std::string message) {
    report({Severity::kError, std::move(path), std::nullopt, std::move(message)});
  }
  std::vector<Diagnostic> all() const;
  std::size_t count(Severity s) const;

 private:
  Callback callback_;
  mutable std::mutex mutex_;
  std::vector<Diagnostic> items_;
};

}  // namespace treatykg
