#pragma once
// The error types of treatykg. "Your input is wrong" (SyntaxError, MappingError), "the system failed"
// (IoError) and "the command line is wrong" (UsageError) are different types, so tests and main can
// tell them apart. Positions are data (SyntaxError::pos), not only text in the message.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace treatykg {

/// A position in a text: 0-based in memory, printed 1-based. Column counts code points; offset bytes.
struct TextPos {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::size_t offset = 0;
};

/// Base of every error treatykg reports to a user.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The user's input is malformed: Turtle, rules, mappings, articles. what() is
/// `path:line:col: error: message` (or `path: error: message` when there is no position).
class SyntaxError : public Error {
 public:
  SyntaxError(std::string path, TextPos pos, std::string message);
  /// Without a position (e.g. a whole-file problem).
  SyntaxError(std::string path, std::string message);

  const std::string& path() const noexcept { return path_; }
  const TextPos& pos() const noexcept { return pos_; }
  bool has_pos() const noexcept { return has_pos_; }
  /// The message without the `path:line:col: error: ` prefix.
  const std::string& message() const noexcept { return message_; }

 private:
  std::string path_;
  TextPos pos_;
  bool has_pos_;
  std::string message_;
};

/// Opening, reading, writing or renaming a file failed. what() is `path: error: reason`.
class IoError : public Error {
 public:
  IoError(std::string path, std::string reason);
  const std::string& path() const noexcept { return path_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string path_;
  std::string reason_;
};

/// A mapping that is well-formed but cannot be executed (undefined reference, bad term type...).
class MappingError : public Error {
 public:
  using Error::Error;
};

/// The command line is wrong (unknown option, bad value). Exit code 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

/// Formats `path:line:col: error: message` with 1-based line and column.
std::string format_error(const std::string& path, const TextPos& pos, const std::string& message);

/// Precondition a caller or a user's file can violate: throws `Exc(msg)`.
#define TREATYKG_REQUIRE(cond, exc)  \
  do {                               \
    if (!(cond)) throw exc;          \
  } while (false)

}  // namespace treatykg
