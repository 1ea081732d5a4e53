#include "extract/jsonl.hpp"

namespace treatykg::extract {

void append_jsonl(std::string& out, const std::vector<facts::Value>& records) {
  facts::append_json_lines(out, records);
}

void write_jsonl(std::FILE* stream, const std::vector<facts::Value>& records) {
  std::string buf;
  append_jsonl(buf, records);
  std::fwrite(buf.data(), 1, buf.size(), stream);
}

}  // namespace treatykg::extract
