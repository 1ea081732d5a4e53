#include "mapping/sources.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstdio>
#include <cstring>
#include <memory>

#include "base/edit_distance.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "base/utf8.hpp"
#include "mapping/compression.hpp"
#include "mapping/plan.hpp"

namespace treatykg::mapping {

using facts::Value;

namespace {

std::string utf16_to_utf8(const std::string& in, bool big_endian) {
  std::string out;
  std::size_t i = 0;
  auto unit = [&](std::size_t k) -> std::uint32_t {
    auto b0 = static_cast<unsigned char>(in[k]), b1 = static_cast<unsigned char>(in[k + 1]);
    return big_endian ? (b0 << 8 | b1) : (b1 << 8 | b0);
  };
  while (i + 1 < in.size()) {
    std::uint32_t u = unit(i);
    i += 2;
    if (u >= 0xD800 && u < 0xDC00 && i + 1 < in.size()) {
      std::uint32_t l = unit(i);
      i += 2;
      u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
    }
    utf8::append(out, static_cast<char32_t>(u));
  }
  return out;
}

// ---- JSON SAX -> Value -------------------------------------------------------------------------

class ValueBuilder {
 public:
  void reset() {
    stack_.clear();
    root_ = Value();
    done_ = false;
  }
  void scalar(Value v) { put(std::move(v)); }
  void start(bool array) {
    Value* v = put(array ? Value::array() : Value::object());
    if (!array) v->as_object().reserve(8);  // records are small objects: one allocation
    stack_.push_back(v);
  }
  void key(const char* s, std::size_t n) { key_.assign(s, n); }
  void end() {
    stack_.pop_back();
    if (stack_.empty()) done_ = true;
  }
  bool done() const noexcept { return done_; }
  Value& root() noexcept { return root_; }

 private:
  Value* put(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      done_ = !(root_.is_array() || root_.is_object());
      return &root_;
    }
    Value& top = *stack_.back();
    if (top.is_array()) {
      top.as_array().push_back(std::move(v));
      return &top.as_array().back();
    }
    top.as_object().emplace_back(std::move(key_), std::move(v));
    return &top.as_object().back().second;
  }
  std::vector<Value*> stack_;  // open containers; each points into its parent, stable while open
  Value root_;
  std::string key_;
  bool done_ = false;
};

// Builds the whole document.
struct DocumentHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, DocumentHandler> {
  ValueBuilder b;
  bool Null() { return b.scalar(Value()), true; }
  bool Bool(bool v) { return b.scalar(Value(v)), true; }
  bool Int(int v) { return b.scalar(Value(static_cast<std::int64_t>(v))), true; }
  bool Uint(unsigned v) { return b.scalar(Value(static_cast<std::int64_t>(v))), true; }
  bool Int64(std::int64_t v) { return b.scalar(Value(v)), true; }
  bool Uint64(std::uint64_t v) {
    if (v <= static_cast<std::uint64_t>(INT64_MAX))
      return b.scalar(Value(static_cast<std::int64_t>(v))), true;
    return b.scalar(Value(static_cast<double>(v))), true;
  }
  bool Double(double v) { return b.scalar(Value(v)), true; }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return b.scalar(Value(std::string(s, n))), true;
  }
  bool StartObject() { return b.start(false), true; }
  bool Key(const char* s, rapidjson::SizeType n, bool) { return b.key(s, n), true; }
  bool EndObject(rapidjson::SizeType) { return b.end(), true; }
  bool StartArray() { return b.start(true), true; }
  bool EndArray(rapidjson::SizeType) { return b.end(), true; }
};

// Emits each element of the container at `prefix` (array items or object member values).
struct StreamHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, StreamHandler> {
  struct Frame {
    bool is_array;
    bool on_path;
  };
  const std::vector<std::string>* prefix = nullptr;
  std::function<void(Value&)> emit;
  std::vector<Frame> frames;
  std::string key;
  bool building = false;
  ValueBuilder b;

  bool child_is_element() const {
    return !frames.empty() && frames.back().on_path && frames.size() - 1 == prefix->size();
  }
  bool child_on_path() const {
    if (frames.empty()) return true;
    const Frame& f = frames.back();
    std::size_t d = frames.size() - 1;
    return f.on_path && d < prefix->size() && !f.is_array && key == (*prefix)[d];
  }
  void scalar(Value v) {
    if (building) {
      b.scalar(std::move(v));
    } else if (child_is_element()) {
      emit(v);
    }
  }
  void start(bool array) {
    if (building) {
      b.start(array);
    } else if (child_is_element()) {
      building = true;
      b.reset();
      b.start(array);
    } else {
      bool on = child_on_path();
      frames.push_back({array, on});
    }
  }
  void end() {
    if (building) {
      b.end();
      if (b.done()) {
        building = false;
        emit(b.root());
      }
    } else {
      frames.pop_back();
    }
  }
  bool Null() { return scalar(Value()), true; }
  bool Bool(bool v) { return scalar(Value(v)), true; }
  bool Int(int v) { return scalar(Value(static_cast<std::int64_t>(v))), true; }
  bool Uint(unsigned v) { return scalar(Value(static_cast<std::int64_t>(v))), true; }
  bool Int64(std::int64_t v) { return scalar(Value(v)), true; }
  bool Uint64(std::uint64_t v) {
    if (v <= static_cast<std::uint64_t>(INT64_MAX))
      return scalar(Value(static_cast<std::int64_t>(v))), true;
    return scalar(Value(static_cast<double>(v))), true;
  }
  bool Double(double v) { return scalar(Value(v)), true; }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return scalar(Value(std::string(s, n))), true;
  }
  bool StartObject() { return start(false), true; }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (building)
      b.key(s, n);
    else
      key.assign(s, n);
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return end(), true; }
  bool StartArray() { return start(true), true; }
  bool EndArray(rapidjson::SizeType) { return end(), true; }
};

TextPos pos_of(std::string_view text, std::size_t offset) {
  TextPos p;
  p.offset = offset;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 0;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++p.column;
    }
  }
  return p;
}

[[noreturn]] void json_error(const std::string& name, std::string_view text,
                             const rapidjson::ParseResult& r) {
  throw SyntaxError(name, pos_of(text, r.Offset()),
                    std::string("invalid JSON: ") + rapidjson::GetParseError_En(r.Code()));
}

constexpr unsigned kJsonFlags = rapidjson::kParseStopWhenDoneFlag | rapidjson::kParseNanAndInfFlag;

}  // namespace

// Applies iterator segments [selector, end) to one streamed element.
void select_from_element(const jsonpath::Path& iterator, std::size_t selector, const Value& element,
                         const RecordFn& emit) {
  if (!iterator.element_passes(selector, element, element)) return;
  if (selector + 1 == iterator.segments().size()) {
    emit(element);
    return;
  }
  std::vector<const Value*> out;
  iterator.evaluate_from(selector + 1, element, element, out);
  for (const Value* v : out) emit(*v);
}

Value parse_json(std::string_view text, const std::string& name) {
  DocumentHandler h;
  rapidjson::Reader reader;
  rapidjson::MemoryStream ms(text.data(),
                             text.size());  // bounded: `text` need not be NUL-terminated
  rapidjson::ParseResult r = reader.Parse<kJsonFlags>(ms, h);
  if (!r) json_error(name, text, r);
  return std::move(h.b.root());
}

std::string read_source_text(const std::string& path, const std::string& compression,
                             const std::string& encoding) {
  std::string bytes = read_file(path);
  std::string comp = compression.empty() ? compression_for_path(path) : compression;
  if (!comp.empty()) bytes = decompress(path, comp, bytes);
  bool utf16 = encoding == "UTF-16";
  bool be = false;
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
      static_cast<unsigned char>(bytes[1]) == 0xFE) {
    utf16 = true;
    bytes.erase(0, 2);
  } else if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFE &&
             static_cast<unsigned char>(bytes[1]) == 0xFF) {
    utf16 = true;
    be = true;
    bytes.erase(0, 2);
  }
  if (utf16) return utf16_to_utf8(bytes, be);
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) bytes.erase(0, 3);
  return bytes;
}

void for_each_json_record(const std::string& path, const SourcePlan& source, const RecordFn& emit) {
  const jsonpath::Path& iterator = *source.iterator;
  std::vector<std::string> prefix;
  std::size_t selector = 0;
  bool streamable = iterator.stream_split(prefix, selector);
  bool plain = source.compression.empty() && compression_for_path(path).empty() &&
               source.encoding != "UTF-16";

  if (streamable && plain) {
    std::FILE* f = std::fopen(path.c_str(), "rb");  // closed below
    if (!f) throw IoError(path, std::strerror(errno));
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> guard(f, &std::fclose);
    unsigned char bom[3] = {0, 0, 0};
    std::size_t got = std::fread(bom, 1, 3, f);
    bool utf16 =
        got >= 2 && ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF));
    if (!utf16) {
      if (!(got == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF))
        std::fseek(f, 0, SEEK_SET);
      std::vector<char> buf(1 << 16);
      rapidjson::FileReadStream in(f, buf.data(), buf.size());
      StreamHandler h;
      h.prefix = &prefix;
      h.emit = [&](Value& element) { select_from_element(iterator, selector, element, emit); };
      rapidjson::Reader reader;
      rapidjson::ParseResult r = reader.Parse<kJsonFlags>(in, h);
      if (!r) {
        std::string text = read_file(path);
        json_error(path, text, r);
      }
      return;
    }
  }
  std::string text = read_source_text(path, source.compression, source.encoding);
  if (streamable) {
    StreamHandler h;
    h.prefix = &prefix;
    h.emit = [&](Value& element) { select_from_element(iterator, selector, element, emit); };
    rapidjson::Reader reader;
    rapidjson::StringStream ss(text.c_str());
    rapidjson::ParseResult r = reader.Parse<kJsonFlags>(ss, h);
    if (!r) json_error(path, text, r);
    return;
  }
  Value doc = parse_json(text, path);
  std::vector<const Value*> out;
  iterator.evaluate(doc, out);
  for (const Value* v : out) emit(*v);
}

// ---- CSV ----------------------------------------------------------------------------------------

CsvReader::CsvReader(std::string_view text, char delimiter) : t_(text), delim_(delimiter) {
  if (t_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
}

CsvReader::CsvReader(std::FILE* stream, char delimiter) : file_(stream), delim_(delimiter) {
  refill();
  if (t_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
}

bool CsvReader::refill() {
  if (!file_) return false;
  base_ += t_.size();
  block_.resize(1 << 16);
  std::size_t n = std::fread(block_.data(), 1, block_.size(), file_);
  block_.resize(n);
  t_ = block_;
  i_ = 0;
  return n > 0;
}

bool CsvReader::next(std::vector<std::string>& fields, std::vector<bool>* quoted) {
  fields.clear();
  if (quoted) quoted->clear();
  // Skip blank lines (a trailing newline, or empty lines between rows).
  for (int c; (c = peek()) == '\n' || c == '\r'; ++i_)
    if (c == '\n') ++line_;
  if (peek() < 0) return false;
  ++line_;
  std::string cur;
  bool q = false;
  while (true) {
    int c = peek();
    if (c == '"' && cur.empty() && !q) {
      // quoted field
      q = true;
      ++i_;
      while (true) {
        int d = peek();
        if (d < 0)
          throw SyntaxError("csv", TextPos{static_cast<std::uint32_t>(line_ - 1), 0, base_ + i_},
                            "unterminated quoted field");
        ++i_;
        if (d == '"') {
          if (peek() == '"') {
            cur += '"';
            ++i_;
          } else {
            break;
          }
        } else {
          if (d == '\n') ++line_;
          cur += static_cast<char>(d);
        }
      }
      c = peek();
    }
    if (c < 0 || c == '\n' || c == '\r') {
      fields.push_back(std::move(cur));
      if (quoted) quoted->push_back(q);
      if (c == '\r') {
        ++i_;
        c = peek();
      }
      if (c == '\n') ++i_;
      return true;
    }
    ++i_;
    if (c == delim_) {
      fields.push_back(std::move(cur));
      if (quoted) quoted->push_back(q);
      cur.clear();
      q = false;
      continue;
    }
    cur += static_cast<char>(c);
  }
}

void for_each_csv_record(const std::string& path, const SourcePlan& source,
                         const std::vector<std::string>& columns, const RecordFn& emit) {
  char delim = path.ends_with(".tsv") ? '\t' : ',';
  // Plain files are streamed; compressed or UTF-16 ones are decoded in memory first.
  const bool plain = source.compression.empty() && compression_for_path(path).empty() &&
                     source.encoding != "UTF-16";
  std::string text;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, &std::fclose);
  if (plain) {
    file.reset(std::fopen(path.c_str(), "rb"));  // closed by `file`
    if (!file) throw IoError(path, std::strerror(errno));
    unsigned char bom[2] = {0, 0};
    bool utf16 = std::fread(bom, 1, 2, file.get()) == 2 &&
                 ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF));
    std::rewind(file.get());
    if (utf16) {
      file.reset();
      text = read_source_text(path, source.compression, source.encoding);
    }
  } else {
    text = read_source_text(path, source.compression, source.encoding);
  }
  CsvReader reader = file ? CsvReader(file.get(), delim) : CsvReader(std::string_view(text), delim);
  std::vector<std::string> header, row;
  try {
    if (!reader.next(header)) header.clear();
    for (const auto& c : columns)
      if (std::find(header.begin(), header.end(), c) == header.end())
        throw MappingError(path + ": error: reference to column '" + c +
                           "', which the CSV header does not have" + [&] {
                             auto near = closest_match(c, header);
                             return near ? " (did you mean '" + *near + "'?)" : std::string();
                           }());
    Value rec = Value::object();
    while (reader.next(row)) {
      if (row.size() != header.size())
        throw SyntaxError(path, TextPos{static_cast<std::uint32_t>(reader.line() - 1), 0, 0},
                          "row has " + std::to_string(row.size()) + " fields, the header " +
                              std::to_string(header.size()));
      auto& obj = rec.as_object();
      obj.clear();
      for (std::size_t i = 0; i < header.size(); ++i) {
        bool is_null = false;
        for (const auto& n : source.nulls)
          if (row[i] == n) is_null = true;
        if (!is_null) obj.emplace_back(header[i], Value(std::move(row[i])));
      }
      emit(rec);
    }
  } catch (const SyntaxError& e) {
    if (e.path() == "csv") throw SyntaxError(path, e.pos(), e.message());
    throw;
  }
}

// ---- fact stream --------------------------------------------------------------------------------

void for_each_fact_record(const Inputs& inputs, const jsonpath::Path& iterator,
                          const RecordFn& emit) {
  std::vector<std::string> prefix;
  std::size_t selector = 0;
  bool streamable = iterator.stream_split(prefix, selector) && prefix.empty();
  auto each_record = [&](const std::function<void(const Value&)>& f_record) {
    if (inputs.fact_records) {
      for (const Value& v : *inputs.fact_records) f_record(v);
      return;
    }
    for (const std::string& file : inputs.fact_files) {
      // Line by line, so a large JSON Lines file is streamed too.
      std::FILE* f =
          file == "-" ? stdin : std::fopen(file.c_str(), "rb");  // closed below (not stdin)
      if (!f) throw IoError(file, std::strerror(errno));
      std::unique_ptr<std::FILE, int (*)(std::FILE*)> guard(file == "-" ? nullptr : f,
                                                            &std::fclose);
      char* buf = nullptr;  // getline's buffer, freed below
      std::size_t cap = 0;
      std::uint32_t line = 0;
      try {
        for (ssize_t n; (n = ::getline(&buf, &cap, f)) >= 0; ++line) {
          std::string_view l(buf, static_cast<std::size_t>(n));
          while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.remove_suffix(1);
          if (l.find_first_not_of(" \t") == std::string_view::npos) continue;
          Value v;
          try {
            v = parse_json(l, file);
          } catch (const SyntaxError& e) {
            TextPos p = e.pos();
            p.line = line;
            throw SyntaxError(file, p, e.message());
          }
          f_record(v);
        }
        if (std::ferror(f)) throw IoError(file, std::strerror(errno));
      } catch (...) {
        std::free(buf);
        throw;
      }
      std::free(buf);
    }
  };
  if (streamable) {
    each_record([&](const Value& v) { select_from_element(iterator, selector, v, emit); });
    return;
  }
  Value all = Value::array();
  each_record([&](const Value& v) { all.push_back(v); });
  std::vector<const Value*> out;
  iterator.evaluate(all, out);
  for (const Value* v : out) emit(*v);
}

}  // namespace treatykg::mapping
