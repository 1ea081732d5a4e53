#pragma once
// Writing facts as JSON Lines: one record per line, `facts::to_json` of each, "\n" line ends.

#include <cstdio>
#include <string>
#include <vector>

#include "facts/value.hpp"

namespace treatykg::extract {

/// Appends one line per record to `out`.
void append_jsonl(std::string& out, const std::vector<facts::Value>& records);

/// Writes one line per record to a stdio stream (the caller checks ferror / uses OutputFile).
void write_jsonl(std::FILE* stream, const std::vector<facts::Value>& records);

}  // namespace treatykg::extract
