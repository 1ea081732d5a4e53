#include "mapping/jsonpath.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "base/error.hpp"

namespace treatykg::mapping::jsonpath {

using facts::Value;

// ---- filter expressions -------------------------------------------------------------------------

struct Filter {
  enum class Op { kOr, kAnd, kNot, kEq, kNe, kLt, kLe, kGt, kGe, kExists, kLiteral, kPath };
  Op op = Op::kLiteral;
  std::unique_ptr<Filter> lhs, rhs;
  Value literal;
  bool from_root = false;  // kPath/kExists: `$` instead of `@`
  std::shared_ptr<Path> path;
};

namespace {

[[noreturn]] void fail(std::string_view text, const std::string& why) {
  throw MappingError("invalid JSONPath '" + std::string(text) + "': " + why);
}

class Parser {
 public:
  explicit Parser(std::string_view t) : t_(t) {}

  std::vector<Segment> parse_path(bool allow_at) {
    std::vector<Segment> segs;
    skip_ws();
    if (peek() == '$' || (allow_at && peek() == '@')) {
      ++i_;
    } else {
      fail(t_, "must start with '$'");
    }
    parse_segments(segs, /*in_filter=*/false);
    if (i_ != t_.size()) fail(t_, "unexpected '" + std::string(t_.substr(i_)) + "'");
    return segs;
  }

  // Parses segments until the text ends (or, inside filters, until a char that cannot continue a
  // path).
  void parse_segments(std::vector<Segment>& segs, bool in_filter) {
    while (i_ < t_.size()) {
      char c = t_[i_];
      if (c == '.') {
        bool recursive = false;
        ++i_;
        if (peek() == '.') {
          recursive = true;
          ++i_;
        }
        if (peek() == '[') {
          if (!recursive) fail(t_, "'.' followed by '['");
          Segment s = parse_bracket();
          s.recursive = true;
          segs.push_back(std::move(s));
          continue;
        }
        Segment s;
        s.recursive = recursive;
        if (peek() == '*') {
          ++i_;
          s.kind = Segment::Kind::kWildcard;
        } else {
          std::size_t b = i_;
          while (i_ < t_.size() && t_[i_] != '.' && t_[i_] != '[' &&
                 !(in_filter && (std::isspace(static_cast<unsigned char>(t_[i_])) ||
                                 t_[i_] == ')' || t_[i_] == '=' || t_[i_] == '!' || t_[i_] == '<' ||
                                 t_[i_] == '>' || t_[i_] == '&' || t_[i_] == '|'))) {
            if (t_[i_] == ']' || t_[i_] == '\'' || t_[i_] == '"')
              fail(t_, "unexpected '" + std::string(1, t_[i_]) + "'");
            ++i_;
          }
          if (i_ == b) fail(t_, "empty name after '.'");
          s.kind = Segment::Kind::kChild;
          s.names.emplace_back(t_.substr(b, i_ - b));
        }
        segs.push_back(std::move(s));
      } else if (c == '[') {
        segs.push_back(parse_bracket());
      } else if (in_filter) {
        return;
      } else {
        fail(t_, "unexpected '" + std::string(1, c) + "'");
      }
    }
  }

  Segment parse_bracket() {
    ++i_;  // '['
    skip_ws();
    Segment s;
    if (peek() == '*') {
      ++i_;
      s.kind = Segment::Kind::kWildcard;
    } else if (peek() == '?') {
      ++i_;
      skip_ws();
      expect('(');
      s.kind = Segment::Kind::kFilter;
      s.filter = std::shared_ptr<const Filter>(parse_or().release());
      skip_ws();
      expect(')');
    } else if (peek() == '\'' || peek() == '"') {
      s.kind = Segment::Kind::kChild;
      while (true) {
        skip_ws();
        s.names.push_back(parse_string());
        skip_ws();
        if (peek() != ',') break;
        ++i_;
      }
    } else {
      // index, union of indices, or slice
      std::optional<std::int64_t> a = parse_int_opt();
      skip_ws();
      if (peek() == ':') {
        s.kind = Segment::Kind::kSlice;
        s.start = a;
        ++i_;
        skip_ws();
        s.end = parse_int_opt();
        skip_ws();
        if (peek() == ':') {
          ++i_;
          skip_ws();
          auto st = parse_int_opt();
          if (st) s.step = *st;
          if (s.step == 0) fail(t_, "slice step 0");
        }
      } else {
        if (!a) fail(t_, "expected an index, a name, '*', '?' or a slice in '[...]'");
        s.kind = Segment::Kind::kIndex;
        s.indices.push_back(*a);
        while (peek() == ',') {
          ++i_;
          skip_ws();
          auto b = parse_int_opt();
          if (!b) fail(t_, "expected an index after ','");
          s.indices.push_back(*b);
          skip_ws();
        }
      }
    }
    skip_ws();
    expect(']');
    return s;
  }

  std::unique_ptr<Filter> parse_or() {
    auto l = parse_and();
    while (true) {
      skip_ws();
      if (t_.substr(i_, 2) == "||") {
        i_ += 2;
        auto n = std::make_unique<Filter>();
        n->op = Filter::Op::kOr;
        n->lhs = std::move(l);
        n->rhs = parse_and();
        l = std::move(n);
      } else {
        return l;
      }
    }
  }
  std::unique_ptr<Filter> parse_and() {
    auto l = parse_unary();
    while (true) {
      skip_ws();
      if (t_.substr(i_, 2) == "&&") {
        i_ += 2;
        auto n = std::make_unique<Filter>();
        n->op = Filter::Op::kAnd;
        n->lhs = std::move(l);
        n->rhs = parse_unary();
        l = std::move(n);
      } else {
        return l;
      }
    }
  }
  std::unique_ptr<Filter> parse_unary() {
    skip_ws();
    if (peek() == '!' && t_.substr(i_, 2) != "!=") {
      ++i_;
      auto n = std::make_unique<Filter>();
      n->op = Filter::Op::kNot;
      n->lhs = parse_unary();
      return n;
    }
    if (peek() == '(') {
      ++i_;
      auto n = parse_or();
      skip_ws();
      expect(')');
      return n;
    }
    auto l = parse_operand();
    skip_ws();
    static const std::pair<const char*, Filter::Op> ops[] = {
        {"==", Filter::Op::kEq}, {"!=", Filter::Op::kNe}, {"<=", Filter::Op::kLe},
        {">=", Filter::Op::kGe}, {"<", Filter::Op::kLt},  {">", Filter::Op::kGt}};
    for (const auto& [tok, op] : ops) {
      std::string_view tv(tok);
      if (t_.substr(i_, tv.size()) == tv) {
        i_ += tv.size();
        auto n = std::make_unique<Filter>();
        n->op = op;
        n->lhs = std::move(l);
        n->rhs = parse_operand();
        return n;
      }
    }
    if (l->op == Filter::Op::kPath) l->op = Filter::Op::kExists;
    return l;
  }
  std::unique_ptr<Filter> parse_operand() {
    skip_ws();
    auto n = std::make_unique<Filter>();
    char c = peek();
    if (c == '@' || c == '$') {
      n->op = Filter::Op::kPath;
      n->from_root = c == '$';
      ++i_;
      auto p = std::make_shared<Path>();
      std::vector<Segment> segs;
      parse_segments(segs, /*in_filter=*/true);
      *p = make_path(std::move(segs));
      n->path = std::move(p);
    } else if (c == '\'' || c == '"') {
      n->literal = Value(parse_string());
    } else if (t_.substr(i_, 4) == "true") {
      i_ += 4;
      n->literal = Value(true);
    } else if (t_.substr(i_, 5) == "false") {
      i_ += 5;
      n->literal = Value(false);
    } else if (t_.substr(i_, 4) == "null") {
      i_ += 4;
    } else if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t b = i_;
      if (c == '-') ++i_;
      while (i_ < t_.size() && (std::isdigit(static_cast<unsigned char>(t_[i_])) || t_[i_] == '.' ||
                                t_[i_] == 'e' || t_[i_] == 'E' || t_[i_] == '+' || t_[i_] == '-'))
        ++i_;
      std::string num(t_.substr(b, i_ - b));
      if (num.find_first_of(".eE") == std::string::npos) {
        n->literal = Value(static_cast<std::int64_t>(std::stoll(num)));
      } else {
        n->literal = Value(std::stod(num));
      }
    } else {
      fail(t_, "bad filter operand at '" + std::string(t_.substr(i_)) + "'");
    }
    return n;
  }

  static Path make_path(std::vector<Segment> segs);

 private:
  char peek() const { return i_ < t_.size() ? t_[i_] : '\0'; }
  void skip_ws() {
    while (i_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[i_]))) ++i_;
  }
  void expect(char c) {
    if (peek() != c) fail(t_, std::string("expected '") + c + "'");
    ++i_;
  }
  std::string parse_string() {
    char q = peek();
    if (q != '\'' && q != '"') fail(t_, "expected a quoted name");
    ++i_;
    std::string out;
    while (i_ < t_.size() && t_[i_] != q) {
      if (t_[i_] == '\\' && i_ + 1 < t_.size()) ++i_;
      out += t_[i_++];
    }
    if (i_ >= t_.size()) fail(t_, "unterminated string");
    ++i_;
    return out;
  }
  std::optional<std::int64_t> parse_int_opt() {
    std::size_t b = i_;
    if (peek() == '-') ++i_;
    while (i_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[i_]))) ++i_;
    if (i_ == b || (i_ == b + 1 && t_[b] == '-')) {
      i_ = b;
      return std::nullopt;
    }
    std::int64_t v = 0;
    std::from_chars(t_.data() + b, t_.data() + i_, v);
    return v;
  }

  std::string_view t_;
  std::size_t i_ = 0;
};

// ---- evaluation ---------------------------------------------------------------------------------

void descendants(const Value& v, std::vector<const Value*>& out) {
  out.push_back(&v);
  if (v.is_array()) {
    for (const auto& e : v.as_array()) descendants(e, out);
  } else if (v.is_object()) {
    for (const auto& m : v.as_object()) descendants(m.second, out);
  }
}

bool eval_filter(const Filter& f, const Value& cur, const Value& root);

// The value an operand stands for (first match of a path), or nullptr.
const Value* operand(const Filter& f, const Value& cur, const Value& root) {
  if (f.op == Filter::Op::kLiteral) return &f.literal;
  if (f.op == Filter::Op::kPath) {
    // Fast path for `@.name`, the usual operand (`$[?(@.type == 'signing')]` runs once per record per
    // triples map): one member lookup, no allocation.
    const auto& segs = f.path->segments();
    if (!f.from_root && segs.size() == 1 && segs[0].kind == Segment::Kind::kChild && !segs[0].recursive &&
        segs[0].names.size() == 1)
      return cur.find(segs[0].names[0]);
    std::vector<const Value*> r;
    f.path->evaluate(f.from_root ? root : cur, r);
    if (r.empty()) return nullptr;
    return r.front();
  }
  return nullptr;
}

int compare_values(const Value& a, const Value& b, bool& comparable) {
  comparable = true;
  if (a.is_number() && b.is_number()) {
    double x = a.as_double(), y = b.as_double();
    if (a.is_int() && b.is_int())
      return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.is_string() && b.is_string())
    return a.as_string().compare(b.as_string()) < 0 ? -1 : a.as_string() == b.as_string() ? 0 : 1;
  if (a.kind() == b.kind() && (a.is_bool() || a.is_null())) return a == b ? 0 : 1;
  comparable = false;
  return a == b ? 0 : 1;
}

bool eval_filter(const Filter& f, const Value& cur, const Value& root) {
  using Op = Filter::Op;
  switch (f.op) {
    case Op::kOr:
      return eval_filter(*f.lhs, cur, root) || eval_filter(*f.rhs, cur, root);
    case Op::kAnd:
      return eval_filter(*f.lhs, cur, root) && eval_filter(*f.rhs, cur, root);
    case Op::kNot:
      return !eval_filter(*f.lhs, cur, root);
    case Op::kExists: {
      std::vector<const Value*> r;
      f.path->evaluate(f.from_root ? root : cur, r);
      return !r.empty();
    }
    case Op::kLiteral:
      return !f.literal.is_null() && !(f.literal.is_bool() && !f.literal.as_bool());
    case Op::kPath:
      return operand(f, cur, root) != nullptr;
    default:
      break;
  }
  const Value* a = operand(*f.lhs, cur, root);
  const Value* b = operand(*f.rhs, cur, root);
  static const Value null_value;
  if (!a || !b) {
    // A missing path only equals nothing.
    if (f.op == Op::kNe) return (a == nullptr) != (b == nullptr);
    return false;
  }
  bool comparable = false;
  int c = compare_values(*a, *b, comparable);
  switch (f.op) {
    case Op::kEq:
      return comparable && c == 0;
    case Op::kNe:
      return !comparable || c != 0;
    case Op::kLt:
      return comparable && c < 0;
    case Op::kLe:
      return comparable && c <= 0;
    case Op::kGt:
      return comparable && c > 0;
    case Op::kGe:
      return comparable && c >= 0;
    default:
      return false;
  }
}

void apply(const Segment& s, const Value& v, const Value& root, std::vector<const Value*>& out) {
  using K = Segment::Kind;
  switch (s.kind) {
    case K::kChild:
      if (v.is_object())
        for (const auto& n : s.names)
          if (const Value* m = v.find(n)) out.push_back(m);
      break;
    case K::kWildcard:
      if (v.is_array()) {
        for (const auto& e : v.as_array()) out.push_back(&e);
      } else if (v.is_object()) {
        for (const auto& m : v.as_object()) out.push_back(&m.second);
      }
      break;
    case K::kIndex:
      if (v.is_array()) {
        auto n = static_cast<std::int64_t>(v.as_array().size());
        for (auto i : s.indices) {
          if (i < 0) i += n;
          if (i >= 0 && i < n) out.push_back(&v.as_array()[static_cast<std::size_t>(i)]);
        }
      }
      break;
    case K::kSlice:
      if (v.is_array()) {
        auto n = static_cast<std::int64_t>(v.as_array().size());
        auto norm = [n](std::int64_t i) {
          return i < 0 ? std::max<std::int64_t>(0, i + n) : std::min(i, n);
        };
        if (s.step > 0) {
          std::int64_t b = s.start ? norm(*s.start) : 0, e = s.end ? norm(*s.end) : n;
          for (auto i = b; i < e; i += s.step)
            out.push_back(&v.as_array()[static_cast<std::size_t>(i)]);
        } else {
          std::int64_t b = s.start ? std::min(norm(*s.start), n - 1) : n - 1;
          std::int64_t e = s.end ? norm(*s.end) : -1;
          for (auto i = b; i > e && i >= 0; i += s.step)
            out.push_back(&v.as_array()[static_cast<std::size_t>(i)]);
        }
      }
      break;
    case K::kFilter:
      if (v.is_array()) {
        for (const auto& e : v.as_array())
          if (eval_filter(*s.filter, e, root)) out.push_back(&e);
      } else if (v.is_object()) {
        for (const auto& m : v.as_object())
          if (eval_filter(*s.filter, m.second, root)) out.push_back(&m.second);
      }
      break;
  }
}

}  // namespace

Path Parser::make_path(std::vector<Segment> segs) {
  return Path::from_segments("@", std::move(segs));
}

Path Path::from_segments(std::string text, std::vector<Segment> segments) {
  Path p;
  p.text_ = std::move(text);
  p.segments_ = std::move(segments);
  return p;
}

Path Path::parse(std::string_view text) {
  Path p;
  p.text_ = std::string(text);
  if (text == "$") return p;
  Parser parser(text);
  p.segments_ = parser.parse_path(/*allow_at=*/true);
  return p;
}

void Path::evaluate(const Value& root, std::vector<const Value*>& out) const {
  evaluate_from(0, root, root, out);
}

void Path::evaluate_from(std::size_t from, const Value& node, const Value& root,
                         std::vector<const Value*>& out) const {
  std::vector<const Value*> cur{&node}, next;
  for (std::size_t i = from; i < segments_.size(); ++i) {
    const Segment& s = segments_[i];
    next.clear();
    for (const Value* v : cur) {
      if (s.recursive) {
        std::vector<const Value*> all;
        descendants(*v, all);
        for (const Value* d : all) apply(s, *d, root, next);
      } else {
        apply(s, *v, root, next);
      }
    }
    cur.swap(next);
    if (cur.empty()) return;
  }
  out.insert(out.end(), cur.begin(), cur.end());
}

bool Path::is_simple_names() const noexcept {
  for (const auto& s : segments_)
    if (s.kind != Segment::Kind::kChild || s.recursive || s.names.size() != 1) return false;
  return true;
}

bool Path::stream_split(std::vector<std::string>& prefix, std::size_t& selector) const {
  prefix.clear();
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const Segment& s = segments_[i];
    if (s.recursive) return false;
    if (s.kind == Segment::Kind::kChild && s.names.size() == 1) {
      prefix.push_back(s.names[0]);
      continue;
    }
    if (s.kind == Segment::Kind::kWildcard || s.kind == Segment::Kind::kFilter) {
      // Filters that look at `$` need the whole document.
      selector = i;
      return true;
    }
    return false;
  }
  return false;
}

bool Path::element_passes(std::size_t i, const Value& element, const Value& root) const {
  const Segment& s = segments_[i];
  if (s.kind == Segment::Kind::kWildcard) return true;
  return eval_filter(*s.filter, element, root);
}

std::optional<std::pair<std::string, std::string>> Path::member_equals(std::size_t i) const {
  const Segment& s = segments_[i];
  if (s.kind != Segment::Kind::kFilter || s.recursive || !s.filter) return std::nullopt;
  const Filter& f = *s.filter;
  if (f.op != Filter::Op::kEq || !f.lhs || !f.rhs) return std::nullopt;
  const Filter* path = f.lhs.get();
  const Filter* lit = f.rhs.get();
  if (path->op != Filter::Op::kPath) std::swap(path, lit);
  if (path->op != Filter::Op::kPath || path->from_root || !path->path || lit->op != Filter::Op::kLiteral ||
      !lit->literal.is_string())
    return std::nullopt;
  const auto& segs = path->path->segments();
  if (segs.size() != 1 || segs[0].kind != Segment::Kind::kChild || segs[0].recursive || segs[0].names.size() != 1)
    return std::nullopt;
  return std::make_pair(segs[0].names[0], lit->literal.as_string());
}

}  // namespace treatykg::mapping::jsonpath
