#pragma once
// Logical sources: reading files (plain, gzip, zip, tar.gz, tar.xz; UTF-8 or UTF-16), streaming
// JSON records with RapidJSON's SAX reader, CSV (RFC 4180) rows, and the fact stream. Each calls
// `emit` once per record, in document order; records live only for the duration of the call.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "facts/value.hpp"
#include "mapping/jsonpath.hpp"
#include "mapping/mapping.hpp"

namespace treatykg::mapping {

struct SourcePlan;
using RecordFn = std::function<void(const facts::Value& record)>;

/// The whole content of a source file, decompressed (by `compression`, else by extension) and
/// converted to UTF-8 (by `encoding` or a BOM). Throws IoError.
std::string read_source_text(const std::string& path, const std::string& compression,
                             const std::string& encoding);

/// Every record selected by `iterator` in the JSON document at `path`. Streams when the iterator
/// is `$.a.b[*]...` or `$[?(...)]...` and the file is plain UTF-8; otherwise parses the whole
/// document. Throws IoError, SyntaxError (malformed JSON, with line/column).
void for_each_json_record(const std::string& path, const SourcePlan& source, const RecordFn& emit);

/// Applies iterator segments [selector, end) to one element of the iterated container (selector is
/// the wildcard or filter found by Path::stream_split) and emits what they select.
void select_from_element(const jsonpath::Path& iterator, std::size_t selector,
                         const facts::Value& element, const RecordFn& emit);

/// Parses JSON text into a Value. Throws SyntaxError naming `name`.
facts::Value parse_json(std::string_view text, const std::string& name);

/// RFC 4180 CSV: header row, quoted fields ("" escapes a quote), CRLF or LF, optional UTF-8 BOM.
class CsvReader {
 public:
  /// Over text in memory (borrowed).
  explicit CsvReader(std::string_view text, char delimiter = ',');
  /// Over a stream read in 64 KiB blocks (borrowed; plain UTF-8 files), so memory stays bounded.
  explicit CsvReader(std::FILE* stream, char delimiter = ',');
  CsvReader(const CsvReader&) = delete;  // t_ may view block_
  CsvReader& operator=(const CsvReader&) = delete;
  /// Reads the next row; false at the end. Throws SyntaxError on an unterminated quote.
  bool next(std::vector<std::string>& fields, std::vector<bool>* quoted = nullptr);
  std::size_t line() const noexcept { return line_; }

 private:
  int peek() {
    if (i_ >= t_.size() && !refill()) return -1;
    return static_cast<unsigned char>(t_[i_]);
  }
  bool refill();
  std::string_view t_;
  std::string block_;  // stream mode: the current block
  std::FILE* file_ = nullptr;
  std::size_t i_ = 0, base_ = 0;  // position in t_, and offset of t_ in the input
  std::size_t line_ = 0;
  char delim_;
};

/// Every CSV row as an object {column: value}; values equal to a `nulls` entry are absent. Checks
/// that every name in `columns` is a header column first (MappingError otherwise).
void for_each_csv_record(const std::string& path, const SourcePlan& source,
                         const std::vector<std::string>& columns, const RecordFn& emit);

/// The fact stream: `inputs.fact_records`, else the JSON Lines files, seen as one array; `iterator`
/// selects records from it.
void for_each_fact_record(const Inputs& inputs, const jsonpath::Path& iterator,
                          const RecordFn& emit);

}  // namespace treatykg::mapping
