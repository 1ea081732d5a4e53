#include "base/error.hpp"

namespace treatykg {

std::string format_error(const std::string& path, const TextPos& pos, const std::string& message) {
  return path + ":" + std::to_string(pos.line + 1) + ":" + std::to_string(pos.column + 1) +
         ": error: " + message;
}

SyntaxError::SyntaxError(std::string path, TextPos pos, std::string message)
    : Error(format_error(path, pos, message)),
      path_(std::move(path)),
      pos_(pos),
      has_pos_(true),
      message_(std::move(message)) {}

SyntaxError::SyntaxError(std::string path, std::string message)
    : Error(path + ": error: " + message),
      path_(std::move(path)),
      has_pos_(false),
      message_(std::move(message)) {}

IoError::IoError(std::string path, std::string reason)
    : Error(path + ": error: " + reason), path_(std::move(path)), reason_(std::move(reason)) {}

}  // namespace treatykg
