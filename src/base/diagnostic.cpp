#include "base/diagnostic.hpp"

namespace treatykg {

std::string Diagnostic::to_string() const {
  std::string out = path;
  if (pos) out += ":" + std::to_string(pos->line + 1) + ":" + std::to_string(pos->column + 1);
  out += severity == Severity::kError ? ": error: " : ": warning: ";
  return out + message;
}

void DiagnosticSink::report(Diagnostic d) {
  std::lock_guard lock(mutex_);
  if (callback_) callback_(d);
  items_.push_back(std::move(d));
}

std::vector<Diagnostic> DiagnosticSink::all() const {
  std::lock_guard lock(mutex_);
  return items_;
}

std::size_t DiagnosticSink::count(Severity s) const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& d : items_) n += d.severity == s;
  return n;
}

}  // namespace treatykg
