#include "extract/extractor.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <span>
#include <tuple>
#include <type_traits>
#include <unordered_map>

#include "base/utf8.hpp"
#include "extract/calendar.hpp"
#include "extract/matcher.hpp"
#include "facts/fact.hpp"

namespace treatykg::extract {
namespace {

using text::TokenKind;

// Cue sets, in the order of RuleSet::cue_sets().
enum Cue : int {
  kApprox,
  kAtLeast,
  kAtMost,
  kHedge,
  kNegation,
  kCapacity,
  kFuture,
  kAccording,
  kAttrVerb,
  kSourceFrom,
  kAgency,
  kAttrAnaphor,
  kTroopUnit,
  kArmsItem,
  kTreatyHead,
  kTreatyAnaphor,
  kPlacePrep,
  kDirTo,
  kDirFrom,
  kDirLocation,
  kCondition,
  kModality,
  kPartyBoth,
  kInstDecree,
  kInstLaw,
  kInstVote,
  kInstApproval,
  kVote,
  kSigningBlocker,
  kCounterparty,
  kDebrisLine,
  kDebrisPrefix,
  kDebrisContains,
  kDateNow,
  kAbbreviation,
  kDirPurpose,
  kAssent,
  kDateAnaphor,
  kCueCount
};

// Fact types, in the order of RuleSet::fact_types().
enum FactType : int {
  kTreatyMention,
  kSigning,
  kRatification,
  kExchange,
  kEntryIntoForce,
  kObligation,
  kReplaced,
  kTroops,
  kArms,
  kMeeting,
  kStatement,
  kFactTypeCount
};

// Grammar words the recognisers look at, flagged once in the vocabulary so that the per-token test
// is one table read.
enum WordFlag : std::uint16_t {
  kWMonth = 1,
  kWWeekday = 2,
  kWDateWord = 4,
  kWQuant = 8,
  kWRuleStart = 16,   // some rule phrase starts with the word
  kWAliasStart = 32,  // some lexicon alias starts with the word
};

struct AliasInfo {
  std::uint32_t entry;
  std::string text;
  bool case_sensitive;
  bool demonym;
};

// A token's normalised text: a view into the body when the token is already normal (lower-case
// ASCII, the common case), else into the unit's NormArena. Comparing it with a literal ("of", ",")
// is the most frequent operation of the builders: the literal's length is known at compile time,
// so no strlen and mostly no memcmp.
struct Norm : std::string_view {
  template <std::size_t N>
  bool operator==(const char (&lit)[N]) const noexcept {
    return size() == N - 1 && std::memcmp(data(), lit, N - 1) == 0;
  }
  bool operator==(const Norm& o) const noexcept {
    return static_cast<std::string_view>(*this) == static_cast<std::string_view>(o);
  }
};

// Storage for the normalised words of one unit that differ from their surface form. Chunks never
// move (a moved UnitView keeps its views valid).
class NormArena {
 public:
  std::string_view put(std::string_view s, std::size_t chunk_hint) {
    char* at = alloc(s.size(), chunk_hint);
    std::memcpy(at, s.data(), s.size());
    return {at, s.size()};
  }
  // Room for `n` bytes, to be written by the caller; 8 bytes can be written at any of them (a
  // chunk has 16 bytes more than its size).
  [[gnu::always_inline]] char* alloc(std::size_t n, std::size_t chunk_hint) {
    if (n > left_) next_chunk(n, chunk_hint);
    char* at = cur_;
    cur_ += n;
    left_ -= n;
    return at;
  }
  // Forgets the words (their views die with the unit) and keeps the chunks for the next unit,
  // starting again in the first.
  void reset() noexcept {
    if (chunks_.empty()) {
      next_ = 0;
      cur_ = nullptr;
      left_ = 0;
      return;
    }
    cur_ = chunks_[0].bytes.get();
    left_ = chunks_[0].size;
    next_ = 1;
  }

 private:
  // Out of line: a unit's words mostly fit in its first chunk.
  [[gnu::noinline]] void next_chunk(std::size_t n, std::size_t chunk_hint) {
    // The next chunk kept by reset() that is big enough, else a new one.
    while (next_ < chunks_.size() && chunks_[next_].size < n) ++next_;
    if (next_ == chunks_.size()) {
      const std::size_t size = std::max(n, std::max<std::size_t>(chunk_hint, 64));
      // 16 bytes more than its size: a word in it can be written 8 bytes at a time and read 16
      // (find_padded).
      chunks_.push_back(Chunk{std::unique_ptr<char[]>(new char[size + 16]()), size});
    }
    cur_ = chunks_[next_].bytes.get();
    left_ = chunks_[next_].size;
    ++next_;
  }
  struct Chunk {
    std::unique_ptr<char[]> bytes;
    std::size_t size;
  };
  std::vector<Chunk> chunks_;
  std::size_t next_ = 0;  // the chunk alloc moves to when the current one is full
  char* cur_ = nullptr;
  std::size_t left_ = 0;
};

struct Tk {
  std::uint32_t b, e;
  TokenKind kind;
  bool upper, space;
  std::int32_t id;
  Norm norm;
};

static_assert(std::is_trivially_copyable_v<Tk> && std::is_trivially_copyable_v<text::Token>);
static_assert(offsetof(Tk, b) == offsetof(text::Token, begin) &&
              offsetof(Tk, e) == offsetof(text::Token, end) &&
              offsetof(Tk, kind) == offsetof(text::Token, kind) &&
              offsetof(Tk, upper) == offsetof(text::Token, upper) &&
              offsetof(Tk, space) == offsetof(text::Token, space_before) &&
              sizeof(text::Token) <= offsetof(Tk, id));

struct Hit {
  std::uint32_t tb, te;
  std::uint32_t rule;
};

struct Mention {
  std::uint32_t tb, te;  // tokens
  std::uint32_t ab, ae;  // anchor tokens (differs from tb/te only for distributed names)
  int ent;               // index into the document's entity table
  bool demonym = false;
  bool treaty = false;
  bool shaped = false;       // a treaty found by its shape, not in the lexicon
  std::string year;          // "of 1961" after a treaty name
  bool distributed = false;  // one of "the Moscow and Pyongyang Declarations"
};

struct DateM {
  std::uint32_t tb, te;
  std::string value, precision;
};

struct QuantM {
  std::uint32_t tb, te;  // the number phrase, qualifier included
  std::int64_t count = 0;
  std::optional<std::int64_t> count_max;
  std::string qualifier;
  bool vague = false;  // "thousands of": recognised, but no count is written into facts
  int unit_cue = -1;   // kTroopUnit / kArmsItem
  std::uint32_t ub = 0, ue = 0;
};

struct TreatyRef {
  std::uint32_t tb, te;
  int ent;  // -1: no treaty known
  bool named;
};

struct UnitView {
  std::size_t begin = 0, end = 0;  // bytes
  std::vector<Tk> toks;
  std::vector<Hit> hits;
  std::vector<Mention> ments;
  std::vector<int> lead_states;  // entities of the list that opens the unit (for "these countries")
  std::vector<int> prev_lead;    // lead_states of the previous unit
  NormArena norms;               // normalised words that are not views into the body
  int ctx_treaty = -1;           // the last treaty named before this unit
  bool has_trigger = false;
  std::uint64_t cues = 0;  // bit c: a hit of cue set c (most scans for a cue stop right there)
  bool has_cue(int cue) const noexcept { return cues >> cue & 1; }
};
static_assert(kCueCount <= 64);

// Empties a unit for the next one, keeping the capacity of its vectors and its word arena, so
// that most units allocate nothing.
void clear_unit(UnitView& u) {
  u.begin = u.end = 0;
  // toks keep their size: analyse() resizes them to its token count and writes every field of
  // every token (a cleared vector would value-initialise each one first). Nothing reads them before.
  u.hits.clear();
  u.ments.clear();
  u.lead_states.clear();
  u.prev_lead.clear();
  u.norms.reset();
  u.ctx_treaty = -1;
  u.has_trigger = false;
  u.cues = 0;
}

// A string of an entity: the lexicon's interned copy (facts::intern), or its own.
struct EntityText {
  const std::string* shared = nullptr;
  std::string own;
  const std::string& get() const noexcept { return shared ? *shared : own; }
  void set(std::string s) {
    own = std::move(s);
    shared = nullptr;
  }
};

struct DocEntity {
  EntityText key;  // shared for lexicon entities (`key.shared`), else own
  EntityText label, cls, wikidata;
  std::vector<std::string> aliases;
  int lex = -1;
  bool mentioned = false;
};

struct Fact {
  std::size_t ab, ae;  // anchor, code points
  int type;
  facts::Value value;
  std::uint32_t rule = UINT32_MAX;  // the trigger's rule (none for treaty mentions)
  int speaker = -1;                 // a statement's speaker: the entity its "speaker" names
};

std::string slug(std::string_view s) {
  std::string out;
  bool dash = false;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += static_cast<char>(std::tolower(u));
    } else {
      dash = true;
    }
  }
  return out;
}

bool is_ascii(std::string_view s) noexcept {
  unsigned char any = 0;
  for (const char c : s) any |= static_cast<unsigned char>(c);
  return any < 0x80;
}

// A word eight bytes at a time: `w` may be read up to its size rounded up to a multiple of 8 (those
// bytes are in the text), and `out` written as far.
constexpr std::uint64_t kByteOnes = 0x0101010101010101ULL, kByteHighs = kByteOnes * 0x80;
bool is_ascii_by_words(std::string_view w) noexcept {
  std::uint64_t any = 0;
  std::size_t i = 0;
  for (; i + 8 <= w.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, w.data() + i, 8);
    any |= x;
  }
  if (i < w.size()) {  // the last 1-7 bytes, the ones past the word masked off
    std::uint64_t x;
    std::memcpy(&x, w.data() + i, 8);
    any |= x & (~std::uint64_t{0} >> (64 - 8 * (w.size() - i)));
  }
  return (any & kByteHighs) == 0;
}
void lower_ascii_by_words(std::string_view w, char* out) noexcept {
  for (std::size_t i = 0; i < w.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, w.data() + i, 8);
    // Bit 7 of each byte in 'A'..'Z' (seven-bit sums cannot carry), moved to bit 5, the case bit.
    const std::uint64_t low7 = x & ~kByteHighs;
    const std::uint64_t upper = (low7 + kByteOnes * (0x80 - 'A')) &
                                ~(low7 + kByteOnes * (0x80 - 'Z' - 1)) & ~x & kByteHighs;
    x |= upper >> 2;
    std::memcpy(out + i, &x, 8);
  }
}

bool all_upper_letters(std::string_view s) {
  int letters = 0;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') ++letters;
  }
  return letters >= 2;
}

// A class name against a literal: the length is known here (std::string == const char* costs a
// strlen and a memcmp call per test, and the builders test entity classes per mention).
template <std::size_t N>
bool is(std::string_view s, const char (&lit)[N]) noexcept {
  return s.size() == N - 1 && std::memcmp(s.data(), lit, N - 1) == 0;
}

// Membership in a short fixed word list: length checks and inlined compares, cheaper than walking a
// std::set of views for lists this short.
template <std::size_t N>
bool one_of(std::string_view w, const std::string_view (&list)[N]) noexcept {
  for (std::string_view x : list)
    if (x.size() == w.size() && same_bytes(x.data(), w.data(), w.size())) return true;
  return false;
}

// Sentence-initial pronouns that stand for the subject person of the sentence before.
constexpr std::string_view kSubjectPronouns[] = {"he", "she"};

// Whether a unit's first token may be one of kSubjectPronouns, from its bytes (never false when it
// is): the first run of ASCII letters after blanks and non-ASCII bytes (which may be spaces).
bool may_open_with_subject_pronoun(std::string_view unit) noexcept {
  auto letter = [](char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; };
  std::size_t i = 0;
  while (i < unit.size() && (static_cast<unsigned char>(unit[i]) >= 0x80 || unit[i] == ' ' ||
                             (unit[i] >= '\t' && unit[i] <= '\r')))
    ++i;
  char word[4];
  std::size_t n = 0;
  for (; i + n < unit.size() && letter(unit[i + n]); ++n) {
    if (n == sizeof word) return false;  // longer than any pronoun
    word[n] = static_cast<char>(unit[i + n] | 0x20);
  }
  return one_of(std::string_view(word, n), kSubjectPronouns);
}

bool is_treaty_class(const std::string& c) {
  return is(c, "Treaty") || is(c, "Declaration") || is(c, "Agreement") || is(c, "Convention") ||
         is(c, "Protocol") || is(c, "Pact") || is(c, "Accord") || is(c, "Charter");
}

bool is_connector(std::string_view n) {
  return n == "of" || n == "on" || n == "and" || n == "the" || n == "for";
}

std::optional<std::int64_t> small_number_word(std::string_view w) {
  // "a", "of", "in" (quantity cues and the commonest words): not worth a map lookup.
  if (w.size() < 3) return std::nullopt;
  static const std::map<std::string_view, int> k = {
      {"one", 1},      {"two", 2},        {"three", 3},     {"four", 4},      {"five", 5},
      {"six", 6},      {"seven", 7},      {"eight", 8},     {"nine", 9},      {"ten", 10},
      {"eleven", 11},  {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},
      {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},
      {"thirty", 30},  {"forty", 40},     {"fifty", 50},    {"sixty", 60},    {"seventy", 70},
      {"eighty", 80},  {"ninety", 90}};
  auto it = k.find(w);
  if (it == k.end()) return std::nullopt;
  return it->second;
}

// "dozens of", "thousands of": the count a vague plural stands for at least; 0 for other words (a
// switch on the length: the usual word here is "a", which a map lookup would cost most for).
std::int64_t vague_plural_count(std::string_view w) noexcept {
  switch (w.size()) {
    case 6:
      return w == "dozens" ? 24 : w == "scores" ? 40 : 0;
    case 8:
      return w == "hundreds" ? 200 : w == "millions" ? 2000000 : 0;
    case 9:
      return w == "thousands" ? 2000 : 0;
    default:
      return 0;
  }
}

std::optional<std::int64_t> scale_word(std::string_view w) {
  if (w == "hundred") return 100;
  if (w == "thousand") return 1000;
  if (w == "million") return 1000000;
  if (w == "billion") return 1000000000;
  return std::nullopt;
}

int month_of(std::string_view w) {
  static const std::array<const char*, 12> k = {"january",   "february", "march",    "april",
                                                "may",       "june",     "july",     "august",
                                                "september", "october",  "november", "december"};
  for (int i = 0; i < 12; ++i)
    if (w == k[static_cast<std::size_t>(i)]) return i + 1;
  if (w == "sept") return 9;
  return 0;
}

int weekday_of(std::string_view w) {
  static const std::array<const char*, 7> k = {"monday", "tuesday",  "wednesday", "thursday",
                                               "friday", "saturday", "sunday"};
  for (int i = 0; i < 7; ++i)
    if (w == k[static_cast<std::size_t>(i)]) return i;
  return -1;
}

// Digits of a number token ("12,000" -> 12000, "3.5" -> 3.5); false when it is not one.
bool number_value(std::string_view s, double& v) {
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  std::string digits;
  bool comma_groups = s.find(',') != std::string::npos;
  for (char c : s) {
    if (c == ',') continue;
    if (c == '.' && comma_groups) return false;
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return false;
    digits += c;
  }
  if (digits.size() > 15) return false;
  v = std::strtod(digits.c_str(), nullptr);
  return true;
}

// "11th", "2nd", "18" -> day number; 0 if not a day.
int day_value(const Tk& t) {
  std::size_t i = 0;
  int v = 0;
  while (i < t.norm.size() && std::isdigit(static_cast<unsigned char>(t.norm[i])) && i < 3)
    v = v * 10 + (t.norm[i++] - '0');
  if (i == 0 || i > 2) return 0;
  std::string_view suf = t.norm.substr(i);
  if (!suf.empty() && suf != "st" && suf != "nd" && suf != "rd" && suf != "th") return 0;
  return v >= 1 && v <= 31 ? v : 0;
}

int year_value(const Tk& t) {
  if (t.kind != TokenKind::kNumber || t.norm.size() != 4) return 0;
  int v = 0;
  for (char c : t.norm) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return 0;
    v = v * 10 + (c - '0');
  }
  return v >= 1800 && v <= 2100 ? v : 0;
}

// Appends a member; the builders never set a key twice, so the linear check of Value::set is not
// needed. The usual key is a literal: a shared facts::Key (no copy, nothing to free). The value is
// built in place from what the caller passes (no temporary Value to move and destroy).
template <std::size_t N, class T>
[[gnu::always_inline]] inline void put(facts::Value& obj, const char (&key)[N], T&& v) {
  obj.as_object().emplace_back(std::piecewise_construct, std::forward_as_tuple(key),
                               std::forward_as_tuple(std::forward<T>(v)));
}
// Appends an empty object or array member with room for `n` and returns it, to be filled in place
// (a nested value built apart is moved in and its shell destroyed). The reference holds until `obj`
// gets another member.
template <std::size_t N>
facts::Value& put_object(facts::Value& obj, const char (&key)[N], std::size_t n) {
  facts::Value::Object o;
  o.reserve(n);
  return obj.as_object()
      .emplace_back(std::piecewise_construct, std::forward_as_tuple(key),
                    std::forward_as_tuple(std::move(o)))
      .second;
}
template <std::size_t N>
facts::Value::Array& put_array(facts::Value& obj, const char (&key)[N], std::size_t n) {
  facts::Value::Array a;
  if (n) a.reserve(n);
  return obj.as_object()
      .emplace_back(std::piecewise_construct, std::forward_as_tuple(key),
                    std::forward_as_tuple(std::move(a)))
      .second.as_array();
}
// An entity's text as a member: the interned string shared, or the own one moved in.
template <std::size_t N>
void put_text(facts::Value& obj, const char (&key)[N], EntityText& t) {
  if (t.shared)
    put(obj, key, facts::Value::shared(*t.shared));
  else
    put(obj, key, std::move(t.own));
}

// "<article>.<type>.<begin>-<end>", built in one allocation.
std::string fact_id(std::string_view article, std::string_view type, std::size_t begin,
                    std::size_t end) {
  char nums[48];
  char* p = std::to_chars(nums, nums + 24, begin).ptr;
  *p++ = '-';
  p = std::to_chars(p, nums + sizeof nums, end).ptr;
  std::string id;
  id.reserve(article.size() + type.size() + 2 + static_cast<std::size_t>(p - nums));
  id.append(article).append(1, '.').append(type).append(1, '.').append(nums, p);
  return id;
}

// Fact members that name entities: one key, or a list of keys.
enum class EntityField { kNone, kOne, kList };
EntityField entity_field(std::string_view k) noexcept {
  // Norm's compare: a literal's length is a constant, so the bytes are compared inline.
  const Norm n{k};
  auto one_if = [](bool b) { return b ? EntityField::kOne : EntityField::kNone; };
  switch (k.size()) {
    case 2:
      return one_if(n == "by" || n == "to");
    case 4:
      return one_if(n == "from");
    case 5:
      return one_if(n == "party" || n == "place" || n == "about");
    case 6:
      return one_if(n == "treaty");
    case 7:
      return one_if(n == "speaker");
    case 8:
      return one_if(n == "location" || n == "supplier" || n == "replaced");
    case 9:
      return one_if(n == "recipient");
    case 11:
      return n == "signatories" ? EntityField::kList : EntityField::kNone;
    case 12:
      return n == "boundParties" || n == "participants" || n == "attributedTo" ? EntityField::kList
                                                                               : EntityField::kNone;
    default:
      return EntityField::kNone;
  }
}

// The datatype IRIs are longer than std::string's inline buffer: shared, not copied per date.
facts::Value datatype_value(std::string_view precision) {
  static const std::string& day = facts::intern(facts::datatype_for_precision("day"));
  static const std::string& month = facts::intern(facts::datatype_for_precision("month"));
  static const std::string& year = facts::intern(facts::datatype_for_precision("year"));
  if (precision == "day") return facts::Value::shared(day);
  if (precision == "month") return facts::Value::shared(month);
  if (precision == "year") return facts::Value::shared(year);
  return facts::datatype_for_precision(precision);
}

// The schema name (16 bytes: one past the inline buffer), shared by every record.
facts::Value schema_value() {
  static const std::string& schema = facts::intern(facts::kSchema);
  return facts::Value::shared(schema);
}

// Record type names are literals: each is interned once per thread, found by its address.
const std::string& type_name(const char* t) {
  thread_local std::vector<std::pair<const char*, const std::string*>> cache;
  for (const auto& [p, s] : cache)
    if (p == t) return *s;
  const std::string& s = facts::intern(t);
  cache.emplace_back(t, &s);
  return s;
}

// The precisions are a fixed set: shared, not a string per date.
facts::Value precision_value(const std::string& precision) {
  static const std::string& day = facts::intern("day");
  static const std::string& month = facts::intern("month");
  static const std::string& year = facts::intern("year");
  if (precision == day) return facts::Value::shared(day);
  if (precision == month) return facts::Value::shared(month);
  if (precision == year) return facts::Value::shared(year);
  return facts::Value(precision);
}

// A date member, built in place.
template <std::size_t N>
void put_date(facts::Value& obj, const char (&key)[N], const DateM& d, std::string&& text) {
  facts::Value& v = put_object(obj, key, 4);
  if (d.precision != "unresolved") {
    put(v, "value", d.value);
    put(v, "datatype", datatype_value(d.precision));
  }
  put(v, "precision", precision_value(d.precision));
  put(v, "text", std::move(text));
}

// "<a>.<b>...": an event key in one allocation.
std::string dotted(std::initializer_list<std::string_view> parts) {
  std::size_t n = parts.size() - 1;
  for (std::string_view p : parts) n += p.size();
  std::string s(n, '.');  // the parts copied over it: no capacity check per part
  char* at = s.data();
  for (std::string_view p : parts) {
    std::memcpy(at, p.data(), p.size());
    at += p.size() + 1;
  }
  return s;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
struct Extractor::Impl {
  Lexicon lex;
  RuleSet rules;
  ExtractorOptions options;
  text::Segmenter segmenter;
  Vocabulary vocab;
  PhraseTrie gaz;
  std::vector<AliasInfo> aliases;
  PhraseTrie rtrie;
  // Passes a unit only if it may hold a lexicon alias, an event trigger or a treaty head: the
  // matches whose absence leaves a unit with no effect on the facts (see run()).
  AnchorFilter unit_filter;
  std::vector<int> rule_cue;                       // per rule: Cue or -1
  std::vector<int> rule_fact;                      // per rule: FactType or -1
  std::unordered_map<std::string, int> key_index;  // lexicon key -> entry
  std::vector<std::uint16_t> wflags;               // per vocabulary id + 1 (0: kNoWord)
  std::vector<char> lex_treaty;                    // per lexicon entry: a treaty class
  // Interned copies (facts::intern) that records share instead of copying.
  std::vector<const std::string*> lex_key, lex_label, lex_cls, lex_wikidata;  // per lexicon entry
  std::vector<const std::string*> rule_id;                                    // per rule
  std::vector<char> rule_source;  // per rule: [speaker=source], a statement's source

  Impl(Lexicon l, RuleSet r, ExtractorOptions o);
  std::uint16_t flags(const Tk& t) const noexcept {
    // Every id is below vocab.size() (the vocabulary is complete after the constructor); kNoWord
    // reads the 0 in front: no test on the per-token paths.
    return wflags[static_cast<std::size_t>(t.id + 1)];
  }

  // ---- analysis of one unit ----
  void analyse(std::string_view body, std::size_t b, std::size_t e, UnitView& u,
               std::vector<DocEntity>& ents, std::unordered_map<std::string, int>& ent_index) const;
  int entity_for(const std::string& key, int lex_entry, std::vector<DocEntity>& ents,
                 std::unordered_map<std::string, int>& ent_index) const;
  bool cue_at_end(const UnitView& u, int cue, std::uint32_t te) const;
  const Hit* cue_ending(const UnitView& u, int cue, std::uint32_t te) const;
  const Hit* cue_starting(const UnitView& u, int cue, std::uint32_t tb) const;
  bool cue_in(const UnitView& u, int cue, std::uint32_t from, std::uint32_t to) const;
  const Hit* first_cue_in(const UnitView& u, int cue, std::uint32_t from, std::uint32_t to) const;
  void treaty_shapes(std::string_view body, UnitView& u, std::vector<DocEntity>& ents,
                     std::unordered_map<std::string, int>& ent_index) const;
  std::vector<DateM> find_dates(const UnitView& u, const cal::Ymd* pub) const;
  std::vector<QuantM> find_quantities(const UnitView& u, const std::vector<DateM>& dates) const;
  std::vector<int> attribution(const UnitView& u, const std::vector<DocEntity>& ents) const;

  std::vector<facts::Value> run(const text::Document& doc, DiagnosticSink& sink) const;
};

int Extractor::Impl::entity_for(const std::string& key, int lex_entry, std::vector<DocEntity>& ents,
                                std::unordered_map<std::string, int>& ent_index) const {
  // An article names a few dozen entities at most: comparing their keys is cheaper than hashing
  // this one. The index is only built (and then kept) for an article that names more.
  constexpr std::size_t kScanned = 32;
  if (ents.size() <= kScanned) {
    for (std::size_t i = 0; i < ents.size(); ++i) {
      const std::string& k = ents[i].key.get();
      if (k.size() == key.size() && same_bytes(k.data(), key.data(), key.size()))
        return static_cast<int>(i);
    }
  } else {
    auto it = ent_index.find(key);
    if (it != ent_index.end()) return it->second;
  }
  // Built in place (no DocEntity moved in): `key` is a lexicon key or the caller's own string,
  // never one of `ents`, so the vector may grow here.
  DocEntity& d = ents.emplace_back();
  d.lex = lex_entry;
  if (lex_entry < 0) d.key.own = key;
  if (lex_entry >= 0) {
    d.key.shared = lex_key[static_cast<std::size_t>(lex_entry)];  // `key` is the entry's key
    const auto l = static_cast<std::size_t>(lex_entry);
    d.label.shared = lex_label[l];
    d.cls.shared = lex_cls[l];
    d.wikidata.shared = lex_wikidata[l];
  }
  int idx = static_cast<int>(ents.size() - 1);
  if (ents.size() == kScanned + 1) {
    for (std::size_t i = 0; i < ents.size(); ++i) ent_index.emplace(ents[i].key.get(), static_cast<int>(i));
  } else if (ents.size() > kScanned + 1) {
    ent_index.emplace(key, idx);
  }
  return idx;
}

Extractor::Impl::Impl(Lexicon l, RuleSet r, ExtractorOptions o)
    : lex(std::move(l)), rules(std::move(r)), options(o), segmenter(segment_options(rules)) {
  for (std::size_t i = 0; i < lex.entries.size(); ++i) {
    const auto& e = lex.entries[i];
    key_index.emplace(e.key, static_cast<int>(i));
    lex_treaty.push_back(is_treaty_class(e.class_name) ? 1 : 0);
    lex_key.push_back(&facts::intern(e.key));
    lex_label.push_back(&facts::intern(e.label));
    lex_cls.push_back(&facts::intern(e.class_name));
    lex_wikidata.push_back(&facts::intern(e.wikidata));
  }
  for (const auto& r : rules.rules()) {
    rule_id.push_back(&facts::intern(r.id));
    const std::string* speaker = r.option("speaker");
    rule_source.push_back(speaker && *speaker == "source" ? 1 : 0);
  }
  auto add_alias = [&](std::uint32_t entry, const std::string& text, bool demonym) {
    auto words = phrase_words(text);
    if (words.empty()) return;
    std::vector<std::int32_t> ids;
    for (auto& w : words) ids.push_back(vocab.intern(w));
    aliases.push_back(AliasInfo{entry, text, all_upper_letters(text) && text.size() <= 6, demonym});
    gaz.add(ids, static_cast<std::uint32_t>(aliases.size() - 1));
    unit_filter.add(words);
  };
  for (std::size_t i = 0; i < lex.entries.size(); ++i) {
    const auto& e = lex.entries[i];
    std::set<std::string> seen;
    auto once = [&](const std::string& a, bool demonym) {
      if (!a.empty() && seen.insert(a).second) add_alias(static_cast<std::uint32_t>(i), a, demonym);
    };
    once(e.label, false);
    for (const auto& a : e.aliases) once(a, false);
    for (const auto& a : e.demonyms) once(a, true);
  }
  const auto& sets = RuleSet::cue_sets();
  const auto& types = RuleSet::fact_types();
  const auto& rs = rules.rules();
  for (std::size_t i = 0; i < rs.size(); ++i) {
    const Rule& rule = rs[i];
    int cue = -1, fact = -1;
    if (rule.kind == Rule::Kind::kCue) {
      cue = static_cast<int>(std::find(sets.begin(), sets.end(), rule.id) - sets.begin());
    } else {
      fact =
          static_cast<int>(std::find(types.begin(), types.end(), rule.fact_type) - types.begin());
    }
    rule_cue.push_back(cue);
    rule_fact.push_back(fact);
    for (const auto& p : rule.phrases) {
      std::vector<std::int32_t> ids;
      for (auto& w : p.words) ids.push_back(vocab.intern(w));
      rtrie.add(ids, static_cast<std::uint32_t>(i));
      if (fact >= 0 || cue == kTreatyHead) unit_filter.add(p.words);
    }
  }
  auto flag = [&](std::initializer_list<const char*> words, std::uint16_t f) {
    for (const char* w : words) {
      auto id = static_cast<std::size_t>(vocab.intern(w));
      if (wflags.size() <= id) wflags.resize(id + 1, 0);
      wflags[id] |= f;
    }
  };
  flag({"january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "sept"},
       kWMonth);
  flag({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}, kWWeekday);
  flag({"today", "yesterday", "tomorrow", "last", "this", "next", "earlier", "day"}, kWDateWord);
  flag({"one",     "two",     "three",     "four",     "five",      "six",      "seven",
        "eight",   "nine",    "ten",       "eleven",   "twelve",    "thirteen", "fourteen",
        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",  "twenty",   "thirty",
        "forty",   "fifty",   "sixty",     "seventy",  "eighty",    "ninety",   "a",
        "tens",    "dozens",  "scores",    "hundreds", "thousands", "millions"},
       kWQuant);
  unit_filter.compile(vocab);  // may add words: before wflags is sized
  wflags.resize(vocab.size(), 0);
  for (std::size_t id = 0; id < wflags.size(); ++id) {
    if (rtrie.starts_with(static_cast<std::int32_t>(id))) wflags[id] |= kWRuleStart;
    if (gaz.starts_with(static_cast<std::int32_t>(id))) wflags[id] |= kWAliasStart;
  }
  wflags.insert(wflags.begin(), 0);  // flags() reads [id + 1]
}

bool Extractor::Impl::cue_at_end(const UnitView& u, int cue, std::uint32_t te) const {
  return cue_ending(u, cue, te) != nullptr;
}

const Hit* Extractor::Impl::cue_ending(const UnitView& u, int cue, std::uint32_t te) const {
  if (!u.has_cue(cue)) return nullptr;
  const Hit* best = nullptr;
  for (const auto& h : u.hits)
    if (h.te == te && rule_cue[h.rule] == cue && (!best || h.tb < best->tb)) best = &h;
  return best;
}

const Hit* Extractor::Impl::cue_starting(const UnitView& u, int cue, std::uint32_t tb) const {
  if (!u.has_cue(cue)) return nullptr;
  const Hit* best = nullptr;
  for (const auto& h : u.hits)
    if (h.tb == tb && rule_cue[h.rule] == cue && (!best || h.te > best->te)) best = &h;
  return best;
}

bool Extractor::Impl::cue_in(const UnitView& u, int cue, std::uint32_t from,
                             std::uint32_t to) const {
  return first_cue_in(u, cue, from, to) != nullptr;
}

const Hit* Extractor::Impl::first_cue_in(const UnitView& u, int cue, std::uint32_t from,
                                         std::uint32_t to) const {
  if (!u.has_cue(cue)) return nullptr;
  for (const auto& h : u.hits)
    if (h.tb >= from && h.te <= to && rule_cue[h.rule] == cue) return &h;
  return nullptr;
}

void Extractor::Impl::analyse(std::string_view body, std::size_t b, std::size_t e, UnitView& u,
                              std::vector<DocEntity>& ents,
                              std::unordered_map<std::string, int>& ent_index) const {
  u.begin = b;
  u.end = e;
  // Scratch buffers reused across units (one set per thread: run() may be called concurrently).
  thread_local std::vector<text::Token> raw;
  thread_local std::vector<std::uint32_t> mv;
  thread_local std::vector<std::int32_t> ids;
  // The match view positions that start an alias (most start none): the gazetteer visits only
  // these.
  thread_local std::vector<std::uint32_t> alias_starts;
  thread_local std::string scratch;
  // Tokens are written into room made once (grow only): no capacity check per token.
  if (raw.size() < e - b) raw.resize(e - b);
  const std::size_t nraw = text::tokenize(body, b, e, raw.data());
  const char* const body_end = body.data() + body.size();
  // Written through pointers, sized once: no per-token capacity checks. The match arrays only ever
  // grow (their tail beyond nmv is stale and never read).
  u.toks.resize(nraw);
  if (mv.size() < nraw) {
    mv.resize(nraw);
    ids.resize(nraw);
    alias_starts.resize(nraw);
  }
  Tk* const tk = u.toks.data();
  const text::Token* const rawp = raw.data();
  std::uint32_t* const mvw = mv.data();
  std::int32_t* const idw = ids.data();
  std::uint32_t* const asw = alias_starts.data();
  // The match view skips hyphens that join two words ("Jong-un" == "Jong un"): a hyphen with no
  // space before it waits for the next token, and is dropped if that one has no space before it
  // either.
  std::size_t nmv = 0;
  bool pending = false;
  for (std::size_t i = 0; i < nraw; ++i) {
    const text::Token& t = rawp[i];
    Tk& k = tk[i];
    // b, e, kind, upper, space: the token's first 11 bytes, in the same places (asserted below);
    // id and norm are set further down. (One 12-byte copy; the aggregate wrote all 32 bytes.)
    std::memcpy(static_cast<void*>(&k), &t, sizeof(text::Token));
    // Tokens lie inside the body: no bounds check (substr's throw path also kept it from being
    // inlined here).
    const std::string_view w(body.data() + t.begin, t.end - t.begin);
    // Lower-case ASCII is its own normal form: a view into the body, no copy.
    if (t.normal) {
      static_cast<std::string_view&>(k.norm) = w;
    } else if (const bool by_words = t.end + 8 <= body.size();  // 8 bytes readable from the last
               by_words ? is_ascii_by_words(w) : is_ascii(w)) {
      // "Treaty", "NATO": lower-cased straight into the arena.
      char* p = u.norms.alloc(w.size(), e - b);
      if (by_words) {
        lower_ascii_by_words(w, p);
      } else {
        for (std::size_t j = 0; j < w.size(); ++j)
          p[j] = w[j] >= 'A' && w[j] <= 'Z' ? static_cast<char>(w[j] + 32) : w[j];
      }
      static_cast<std::string_view&>(k.norm) = std::string_view(p, w.size());
    } else {
      text::normalise_word(w, scratch);
      static_cast<std::string_view&>(k.norm) = u.norms.put(scratch, e - b);
    }
    // Words in the arena, and in the body 16 bytes or more before its end, can be read 16 bytes
    // at a time.
    k.id = !t.normal || k.norm.data() + 16 <= body_end ? vocab.find_padded(k.norm)
                                                       : vocab.find(k.norm);
    if (pending) {
      pending = false;
      if (t.space_before) {  // "a - b": the hyphen stays
        mvw[nmv] = static_cast<std::uint32_t>(i - 1);
        idw[nmv++] = tk[i - 1].id;
      }
    }
    if (k.kind == TokenKind::kPunct && !k.space &&
        (k.norm == "-" || k.norm == "\xE2\x80\x90" || k.norm == "\xE2\x80\x91")) {
      pending = true;
      continue;
    }
    mvw[nmv] = static_cast<std::uint32_t>(i);
    idw[nmv++] = k.id;
  }
  if (pending) {  // a hyphen that ends the unit
    mvw[nmv] = static_cast<std::uint32_t>(nraw - 1);
    idw[nmv++] = tk[nraw - 1].id;
  }
  // Locals: the loops below store hits and mentions, which the compiler cannot tell apart from
  // these vectors' own pointers.
  const std::uint32_t* const mvp = mv.data();
  const std::int32_t* const idp = ids.data();
  // Rule phrases: every match (cue sets overlap on purpose). One flag read per word says whether a
  // rule phrase or an alias starts there (a third start a rule phrase, a sixth an alias).
  const std::uint16_t* const wf = wflags.data() + 1;  // flags() of an id (wf[kNoWord] is 0)
  std::size_t nas = 0;
  for (std::size_t i = 0; i < nmv; ++i) {
    const unsigned f = wf[idp[i]];
    if (f & kWAliasStart) asw[nas++] = static_cast<std::uint32_t>(i);
    if (!(f & kWRuleStart)) continue;
    rtrie.each_prefix(idp + i, nmv - i, [&](std::size_t len, const std::vector<std::uint32_t>& ps) {
      for (auto r : ps) {
        u.hits.push_back(Hit{mvp[i], mvp[i + len - 1] + 1, r});
        if (rule_fact[r] >= 0) u.has_trigger = true;
        if (rule_cue[r] >= 0) u.cues |= std::uint64_t{1} << rule_cue[r];
      }
    });
  }
  // A trigger inside a longer trigger of another rule is not a trigger ("ratification" inside
  // "exchange of ratification documents").
  if (u.has_trigger) {
    // Marked first, then dropped in place (the tests look at the hits as they were). Only
    // triggers are compared, with each other: a unit has a few among many cue hits.
    thread_local std::vector<std::uint32_t> triggers;
    thread_local std::vector<char> inner;
    triggers.clear();
    for (std::size_t x = 0; x < u.hits.size(); ++x)
      if (rule_fact[u.hits[x].rule] >= 0) triggers.push_back(static_cast<std::uint32_t>(x));
    inner.assign(u.hits.size(), 0);
    bool any_inner = false;
    for (const std::uint32_t x : triggers) {
      const Hit& h = u.hits[x];
      for (const std::uint32_t y : triggers) {
        if (y == x) continue;
        const Hit& o = u.hits[y];
        if (o.tb <= h.tb && o.te >= h.te && (o.te - o.tb) > (h.te - h.tb)) inner[x] = 1;
        // Overlapping triggers of one type ("was supported by" / "supported by all"): the first
        // wins.
        if (rule_fact[o.rule] == rule_fact[h.rule] && o.tb < h.tb && o.te > h.tb) inner[x] = 1;
      }
      any_inner |= inner[x] != 0;
    }
    if (any_inner) {
      std::size_t kept = 0;
      for (std::size_t x = 0; x < u.hits.size(); ++x)
        if (!inner[x]) u.hits[kept++] = u.hits[x];
      u.hits.resize(kept);
    }
  }
  // Gazetteer: longest match, left to right.
  for (std::size_t s = 0, i = 0; s < nas; ++s) {
    if (asw[s] < i) continue;  // inside the last match
    i = asw[s];
    std::size_t best_len = 0;
    int best_alias = -1;
    gaz.each_prefix(idp + i, nmv - i, [&](std::size_t len, const std::vector<std::uint32_t>& ps) {
      for (auto a : ps) {
        const AliasInfo& ai = aliases[a];
        if (ai.case_sensitive) {
          bool ok = true;
          for (std::size_t k = i; k < i + len; ++k) {
            const Tk& t = u.toks[mvp[k]];
            for (std::uint32_t c = t.b; c < t.e; ++c)
              if (body[c] >= 'a' && body[c] <= 'z') ok = false;
          }
          if (!ok) continue;
        }
        best_len = len;
        best_alias = static_cast<int>(a);
        break;
      }
    });
    if (best_alias < 0) continue;
    const AliasInfo& ai = aliases[static_cast<std::size_t>(best_alias)];
    std::uint32_t tb = mvp[i], te = mvp[i + best_len - 1] + 1;
    const LexiconEntry* le = &lex.entries[ai.entry];
    int lex_idx = static_cast<int>(ai.entry);
    // Capital metonymy: "Pyongyang confirmed" is the state, "in Pyongyang" the city.
    // A dateline keeps the city: "SEOUL, South Korea —", "WASHINGTON (Reuters) -".
    bool city_comma = te + 1 < u.toks.size() && ((u.toks[te].norm == "," && u.toks[te + 1].upper) ||
                                                 (tb == 0 && u.toks[te].norm == "("));
    if (!le->capital_of.empty() && !cue_at_end(u, kPlacePrep, tb) && !city_comma) {
      auto it = key_index.find(le->capital_of);
      if (it != key_index.end()) {
        lex_idx = it->second;
        le = &lex.entries[static_cast<std::size_t>(lex_idx)];
      }
    }
    Mention m{tb,
              te,
              tb,
              te,
              entity_for(le->key, lex_idx, ents, ent_index),
              ai.demonym,
              lex_treaty[static_cast<std::size_t>(lex_idx)] != 0,
              false,
              {}};
    u.ments.push_back(m);
    i += best_len;
  }
  treaty_shapes(body, u, ents, ent_index);
  for (auto& m : u.ments)
    if (m.treaty && m.year.empty() && !m.distributed && m.te + 1 < u.toks.size() &&
        u.toks[m.te].norm == "of" && year_value(u.toks[m.te + 1]))
      m.year = u.toks[m.te + 1].norm;
  // Record surface forms (entity aliases in order of first use).
  for (const auto& m : u.ments) {
    DocEntity& d = ents[static_cast<std::size_t>(m.ent)];
    d.mentioned = true;
    std::string_view surface = body.substr(u.toks[m.tb].b, u.toks[m.te - 1].e - u.toks[m.tb].b);
    if (std::find(d.aliases.begin(), d.aliases.end(), surface) == d.aliases.end())
      d.aliases.emplace_back(surface);
  }
  // The list that opens the unit: "South Korea, Ukraine, and Western countries have ...".
  {
    std::size_t mi = 0;
    std::uint32_t i = 0;
    while (i < u.toks.size()) {
      while (mi < u.ments.size() && u.ments[mi].tb < i) ++mi;
      if (mi < u.ments.size() && u.ments[mi].tb == i && !u.ments[mi].demonym) {
        if (is(ents[static_cast<std::size_t>(u.ments[mi].ent)].cls.get(), "State"))
          u.lead_states.push_back(u.ments[mi].ent);
        i = u.ments[mi].te;
        continue;
      }
      const auto& n = u.toks[i].norm;
      if (n == "," || n == "and" || n == "the") {
        ++i;
        continue;
      }
      break;
    }
  }
}

void Extractor::Impl::treaty_shapes(std::string_view body, UnitView& u,
                                    std::vector<DocEntity>& ents,
                                    std::unordered_map<std::string, int>& ent_index) const {
  if (!u.has_cue(kTreatyHead)) return;  // no name to find
  const auto& T = u.toks;
  const auto n = static_cast<std::uint32_t>(T.size());
  std::vector<Mention> found;
  std::uint32_t consumed = 0;
  for (const auto& h : u.hits) {
    if (rule_cue[h.rule] != kTreatyHead || h.te - h.tb != 1 || !T[h.tb].upper || h.tb < consumed)
      continue;
    bool lex_treaty = false;
    for (const auto& m : u.ments)
      if (m.treaty && m.tb <= h.tb && m.te > h.tb) lex_treaty = true;
    if (lex_treaty) continue;
    auto is_word = [&](std::uint32_t i) {
      return T[i].kind == TokenKind::kWord || T[i].kind == TokenKind::kAbbrev;
    };
    // Forward: "Treaty of Friendship and Mutual Assistance".
    std::uint32_t j = h.te;
    while (j < n) {
      const Tk& t = T[j];
      if (is_word(j) && (t.upper || is_connector(t.norm)))
        ++j;
      else if (t.kind == TokenKind::kPunct && !t.space && j + 1 < n && !T[j + 1].space &&
               t.norm == "-")
        ++j;
      else
        break;
    }
    // "the Treaty on Open Skies and the Northern Declaration": a second head starts a second name.
    for (std::uint32_t x = h.te; x < j; ++x) {
      bool head2 = false;
      for (const auto& o : u.hits)
        if (o.tb == x && rule_cue[o.rule] == kTreatyHead) head2 = true;
      if (!head2) continue;
      for (std::uint32_t y = x; y > h.te; --y)
        if (T[y - 1].norm == "and" || T[y - 1].norm == ",") {
          j = y - 1;
          break;
        }
      break;
    }
    while (j > h.te && (is_connector(T[j - 1].norm) || T[j - 1].norm == "-")) --j;
    // Backward: "the Moscow and Pyongyang Declarations".
    std::uint32_t k = h.tb;
    while (k > 0) {
      const Tk& t = T[k - 1];
      if (is_word(k - 1) && t.upper && t.norm != "the" && t.norm != "a" && t.norm != "an")
        --k;
      else if (t.norm == "and" && k >= 2 && T[k - 2].upper && is_word(k - 2))
        --k;
      else
        break;
    }
    while (k < h.tb && T[k].norm == "and") ++k;
    // A sentence-initial capital is not evidence of a name: drop it unless it is a known entity.
    std::size_t content = 0;
    for (std::uint32_t i = k; i < j; ++i)
      if (i != h.tb && !is_connector(T[i].norm)) ++content;
    if (content == 0) continue;
    // Years: "of 1961", "of 2000 and 2001".
    std::vector<std::string> years;
    std::uint32_t y = j;
    if (y + 1 < n && T[y].norm == "of" && year_value(T[y + 1])) {
      years.emplace_back(T[y + 1].norm);
      y += 2;
      while (y + 1 < n && (T[y].norm == "and" || T[y].norm == ",") && year_value(T[y + 1])) {
        years.emplace_back(T[y + 1].norm);
        y += 2;
      }
    }
    std::string head(body.substr(T[h.tb].b, T[h.tb].e - T[h.tb].b));
    bool plural = T[h.tb].norm.size() > 3 && T[h.tb].norm.back() == 's' && h.te == j && k < h.tb;
    auto make = [&](std::string name, std::uint32_t ab, std::uint32_t ae, std::string year) {
      std::string key = slug(name);
      int lex_idx = -1;
      auto it = key_index.find(key);
      if (it != key_index.end()) lex_idx = it->second;
      if (lex_idx < 0) {
        // A name made by distribution ("Moscow Declaration") may be a lexicon alias.
        std::vector<std::int32_t> wids;
        for (const auto& w : phrase_words(name)) wids.push_back(vocab.find(w));
        gaz.each_prefix(wids.data(), wids.size(),
                        [&](std::size_t len, const std::vector<std::uint32_t>& ps) {
                          if (len != wids.size()) return;
                          for (auto a : ps)
                            if (is_treaty_class(lex.entries[aliases[a].entry].class_name))
                              lex_idx = static_cast<int>(aliases[a].entry);
                        });
        if (lex_idx >= 0) key = lex.entries[static_cast<std::size_t>(lex_idx)].key;
      }
      int ent = entity_for(key, lex_idx, ents, ent_index);
      DocEntity& d = ents[static_cast<std::size_t>(ent)];
      if (d.label.get().empty()) d.label.set(name);
      if (d.cls.get().empty()) d.cls.set("Treaty");
      found.push_back(Mention{k, j, ab, ae, ent, false, true, lex_idx < 0, std::move(year)});
      (void)0;
    };
    auto words_text = [&](std::uint32_t from, std::uint32_t to) {
      std::string s;
      for (std::uint32_t i = from; i < to; ++i) {
        if (i > from && T[i].space) s += ' ';
        s += body.substr(T[i].b, T[i].e - T[i].b);
      }
      return s;
    };
    if (plural) {
      // Distribute: "Moscow and Pyongyang Declarations of 2000 and 2001".
      std::string singular = head;
      if (singular.size() > 3 && singular.substr(singular.size() - 3) == "ies")
        singular = singular.substr(0, singular.size() - 3) + "y";
      else
        singular.pop_back();
      std::vector<std::pair<std::uint32_t, std::uint32_t>> parts;
      std::uint32_t s = k;
      for (std::uint32_t i = k; i <= h.tb; ++i) {
        if (i == h.tb || T[i].norm == "and") {
          if (i > s) parts.emplace_back(s, i);
          s = i + 1;
        }
      }
      // Which year goes with which name is not stated reliably ("the Moscow and Pyongyang
      // Declarations of 2000 and 2001"): the years are left out rather than paired by position.
      for (std::size_t p = 0; p < parts.size(); ++p) {
        make(words_text(parts[p].first, parts[p].second) + " " + singular, parts[p].first,
             parts[p].second, years.size() == 1 ? years[0] : std::string());
        found.back().distributed = true;
      }
    } else {
      make(words_text(k, j), k, j, years.size() == 1 ? years[0] : std::string());
    }
    consumed = j;
  }
  if (found.empty()) return;
  // Names found by shape win over the entities inside them ("Moscow" in "Moscow Declaration").
  std::vector<Mention> kept;
  for (const auto& m : u.ments) {
    bool covered = false;
    for (const auto& f : found)
      if (m.tb < f.te && f.tb < m.te) covered = true;
    if (!covered) kept.push_back(m);
  }
  for (auto& f : found) kept.push_back(std::move(f));
  std::stable_sort(kept.begin(), kept.end(),
                   [](const Mention& a, const Mention& b) { return a.ab < b.ab; });
  u.ments = std::move(kept);
}

// ---- dates ----
std::vector<DateM> Extractor::Impl::find_dates(const UnitView& u, const cal::Ymd* pub) const {
  const auto& T = u.toks;
  const auto n = static_cast<std::uint32_t>(T.size());
  std::vector<DateM> out;
  auto norm = [&](std::uint32_t i) -> std::string_view {
    return i < n ? std::string_view(T[i].norm) : std::string_view();
  };
  auto prep_before = [&](std::uint32_t i) {
    if (i == 0) return false;
    static constexpr std::string_view k[] = {
        "in",     "since", "by",   "until",   "till",  "from",    "of",         "before", "after",
        "during", "early", "late", "mid",     "on",    "through", "throughout", "and",    "to",
        "last",   "this",  "next", "earlier", "later", "around"};
    return one_of(T[i - 1].norm, k);
  };
  // Extends a date back over "early", "earlier in", "the beginning of", "at the end of" ...
  auto extend_back = [&](std::uint32_t tb) {
    std::uint32_t b = tb;
    if (b >= 1 && (norm(b - 1) == "early" || norm(b - 1) == "late" || norm(b - 1) == "mid"))
      return b - 1;
    if (b >= 2 && norm(b - 1) == "in" && (norm(b - 2) == "earlier" || norm(b - 2) == "later"))
      return b - 2;
    if (b >= 3 && norm(b - 1) == "of" && norm(b - 3) == "the" &&
        (norm(b - 2) == "beginning" || norm(b - 2) == "end" || norm(b - 2) == "start" ||
         norm(b - 2) == "middle"))
      return b - 3;
    return b;
  };
  auto push_unresolved = [&](std::uint32_t tb, std::uint32_t te) {
    out.push_back(DateM{tb, te, {}, "unresolved"});
  };
  auto push = [&](std::uint32_t tb, std::uint32_t te, cal::Ymd d, const char* precision) {
    out.push_back(DateM{tb, te, cal::format(d), precision});
  };
  bool pub_day = pub && pub->d;
  // The publication day's number, counted at the first date that needs it (most units have none);
  // only asked for when pub_day.
  std::int64_t pub_days_memo = 0;
  bool pub_days_known = false;
  auto pub_days = [&] {
    if (!pub_days_known) {
      pub_days_memo = cal::days_from_civil(pub->y, pub->m, pub->d);
      pub_days_known = true;
    }
    return pub_days_memo;
  };
  // Scratch kept per thread: one allocation per thread, not one per unit.
  // Filled only for a unit with a "now" cue (most have none).
  thread_local std::vector<char> now_start;
  const bool has_now = u.has_cue(kDateNow);
  if (has_now) {
    now_start.assign(n, 0);
    for (const auto& h : u.hits)
      if (rule_cue[h.rule] == kDateNow) now_start[h.tb] = true;
  }
  for (std::uint32_t i = 0; i < n;) {
    const Tk& t = T[i];
    if (!(flags(t) & (kWMonth | kWWeekday | kWDateWord)) && !(has_now && now_start[i]) &&
        !(t.kind != TokenKind::kPunct && !t.norm.empty() && t.norm[0] >= '0' && t.norm[0] <= '9')) {
      ++i;
      continue;
    }
    // D Month [YYYY] / Dth of Month
    if (int d = day_value(t); d && (t.kind == TokenKind::kNumber || t.kind == TokenKind::kWord)) {
      std::uint32_t m = i + 1;
      if (norm(m) == "of") ++m;
      if (int mo = m < n && T[m].upper ? month_of(norm(m)) : 0) {
        std::uint32_t te = m + 1;
        if (int y = te < n ? year_value(T[te]) : 0) {
          push(i, te + 1, cal::Ymd{y, mo, d}, "day");
          i = te + 1;
        } else if (pub) {
          int year = pub->y;
          if (pub_day && cal::days_from_civil(year, mo, d) > pub_days() + 14) --year;
          push(i, te, cal::Ymd{year, mo, d}, "day");
          i = te;
        } else {
          push_unresolved(i, te);
          i = te;
        }
        continue;
      }
    }
    if (int mo = t.upper ? month_of(t.norm) : 0) {
      if (t.norm == "may" && !prep_before(i)) {
        ++i;
        continue;
      }
      std::uint32_t tb = extend_back(i);
      // Month D[, YYYY]
      if (i + 1 < n && T[i + 1].kind == TokenKind::kNumber && !year_value(T[i + 1]) &&
          day_value(T[i + 1])) {
        int d = day_value(T[i + 1]);
        std::uint32_t te = i + 2;
        int y = 0;
        if (norm(te) == "," && te + 1 < n && year_value(T[te + 1])) {
          y = year_value(T[te + 1]);
          te += 2;
        } else if (te < n && year_value(T[te])) {
          y = year_value(T[te]);
          ++te;
        }
        if (y)
          push(tb, te, cal::Ymd{y, mo, d}, "day");
        else if (pub) {
          int year = pub->y;
          if (pub_day && cal::days_from_civil(year, mo, d) > pub_days() + 14) --year;
          push(tb, te, cal::Ymd{year, mo, d}, "day");
        } else
          push_unresolved(tb, te);
        i = te;
        continue;
      }
      // Month YYYY
      if (i + 1 < n && year_value(T[i + 1])) {
        push(tb, i + 2, cal::Ymd{year_value(T[i + 1]), mo, 0}, "month");
        i += 2;
        continue;
      }
      // Month this/last/next year
      if (i + 2 < n && T[i + 2].norm == "year" &&
          (T[i + 1].norm == "this" || T[i + 1].norm == "last" || T[i + 1].norm == "next")) {
        if (pub) {
          int y = pub->y + (T[i + 1].norm == "last" ? -1 : T[i + 1].norm == "next" ? 1 : 0);
          push(tb, i + 3, cal::Ymd{y, mo, 0}, "month");
        } else {
          push_unresolved(tb, i + 3);
        }
        i += 3;
        continue;
      }
      // Month alone after a preposition: the publication year.
      if (prep_before(i) || tb < i) {
        if (pub)
          push(tb, i + 1, cal::Ymd{pub->y, mo, 0}, "month");
        else
          push_unresolved(tb, i + 1);
      }
      ++i;
      continue;
    }
    // YYYY after a preposition ("in 2000", "since 2022", "of 2024").
    if (int y = year_value(t); y && prep_before(i) && !(i + 1 < n && T[i + 1].norm == "-")) {
      push(i, i + 1, cal::Ymd{y, 0, 0}, "year");
      ++i;
      continue;
    }
    // Weekdays: the most recent one on or before the publication date ("last Tuesday": before it).
    if (int w = t.upper ? weekday_of(t.norm) : -1; w >= 0) {
      bool last = i > 0 && T[i - 1].norm == "last";
      std::uint32_t tb = last ? i - 1 : i;
      if (pub_day) {
        std::int64_t back = (cal::weekday(pub_days()) - w + 7) % 7;
        if (last && back == 0) back = 7;
        push(tb, i + 1, cal::civil_from_days(pub_days() - back), "day");
      } else {
        push_unresolved(tb, i + 1);
      }
      ++i;
      continue;
    }
    std::string_view w = t.norm;
    if (w == "today" || w == "yesterday" || w == "tomorrow") {
      if (pub_day)
        push(i, i + 1,
             cal::civil_from_days(pub_days() + (w == "today"       ? 0
                                                : w == "yesterday" ? -1
                                                                   : 1)),
             "day");
      else
        push_unresolved(i, i + 1);
      ++i;
      continue;
    }
    if (const Hit* h = cue_starting(u, kDateNow, i)) {
      if (pub_day)
        push(h->tb, h->te, *pub, "day");
      else
        push_unresolved(h->tb, h->te);
      i = h->te;
      continue;
    }
    if ((w == "last" || w == "this" || w == "next" || w == "earlier") && i + 1 < n) {
      std::string_view unit = T[i + 1].norm;
      std::uint32_t tb = (i > 0 && (T[i - 1].norm == "just")) ? i - 1 : i;
      int dir = w == "last" ? -1 : w == "next" ? 1 : 0;
      if (w == "earlier" && !(unit == "this")) {
        ++i;
        continue;
      }
      std::uint32_t ui = i + 1;
      if (w == "earlier") {  // "earlier this week/month/year"
        dir = 0;
        ui = i + 2;
      }
      std::string_view un = norm(ui);
      if (un == "week" || un == "month" || un == "year") {
        if (!pub || (un == "week" && !pub_day) || (un == "month" && !pub->m)) {
          push_unresolved(tb, ui + 1);
        } else if (un == "year") {
          push(tb, ui + 1, cal::Ymd{pub->y + dir, 0, 0}, "year");
        } else if (un == "month") {
          int m = pub->m + dir, y = pub->y;
          if (m < 1) m += 12, --y;
          if (m > 12) m -= 12, ++y;
          push(tb, ui + 1, cal::Ymd{y, m, 0}, "month");
        } else {
          std::int64_t monday = pub_days() - cal::weekday(pub_days()) + 7 * dir;
          cal::Ymd a = cal::civil_from_days(monday), z = cal::civil_from_days(monday + 6);
          if (a.m == z.m && a.y == z.y)
            push(tb, ui + 1, cal::Ymd{a.y, a.m, 0}, "month");
          else if (a.y == z.y)
            push(tb, ui + 1, cal::Ymd{a.y, 0, 0}, "year");
          else
            push_unresolved(tb, ui + 1);
        }
        i = ui + 1;
        continue;
      }
    }
    if (w == "day" && i >= 1 && T[i - 1].norm == "the" && i + 1 < n &&
        (T[i + 1].norm == "before" || T[i + 1].norm == "after") &&
        !(i + 2 < n && T[i + 2].kind != TokenKind::kPunct)) {
      push_unresolved(i - 1, i + 2);
      i += 2;
      continue;
    }
    ++i;
  }
  return out;
}

// ---- quantities ----
std::vector<QuantM> Extractor::Impl::find_quantities(const UnitView& u,
                                                     const std::vector<DateM>& dates) const {
  const auto& T = u.toks;
  const auto n = static_cast<std::uint32_t>(T.size());
  // Per-thread scratch (no allocation per unit), filled only when the unit has dates.
  thread_local std::vector<char> in_date;
  const bool has_dates = !dates.empty();
  if (has_dates) {
    in_date.assign(n, 0);
    for (const auto& d : dates)
      for (std::uint32_t i = d.tb; i < d.te && i < n; ++i) in_date[i] = true;
  }
  // A number at i: value and end token. Words: "five million", "twenty five thousand".
  auto number_at = [&](std::uint32_t i, std::int64_t& value, std::uint32_t& end) -> bool {
    if (i >= n || (has_dates && in_date[i])) return false;
    double v = 0;
    std::uint32_t j = i;
    if (i >= 2 && T[i - 1].norm == "-" && !T[i].space && !T[i - 1].space &&
        T[i - 2].kind == TokenKind::kWord)
      return false;  // "F-16", "Su-27": a model, not a count
    if (T[i].kind == TokenKind::kNumber && number_value(T[i].norm, v)) {
      j = i + 1;
    } else if (auto w = small_number_word(T[i].norm)) {
      v = static_cast<double>(*w);
      j = i + 1;
      if (j < n && *w >= 20 && *w % 10 == 0) {
        if (auto w2 = small_number_word(T[j].norm); w2 && *w2 < 10) {
          v += static_cast<double>(*w2);
          ++j;
        } else if (T[j].norm == "-" && j + 1 < n) {
          if (auto w3 = small_number_word(T[j + 1].norm); w3 && *w3 < 10) {
            v += static_cast<double>(*w3);
            j += 2;
          }
        }
      }
    } else if ((T[i].norm == "a" || T[i].norm == "one") && i + 1 < n && T[i + 1].norm == "dozen") {
      value = 12;
      end = i + 2;
      return true;
    } else {
      return false;
    }
    while (j < n) {
      if (auto s = scale_word(T[j].norm)) {
        v *= static_cast<double>(*s);
        ++j;
      } else {
        break;
      }
    }
    if (v > 9e15) return false;
    value = static_cast<std::int64_t>(v + 0.5);
    end = j;
    return true;
  };
  std::vector<QuantM> out;
  for (std::uint32_t i = 0; i < n;) {
    if (T[i].kind != TokenKind::kNumber && !(flags(T[i]) & kWQuant)) {
      ++i;
      continue;
    }
    QuantM q;
    std::int64_t v = 0;
    std::uint32_t e = 0;
    // Vague plurals: "dozens of", "thousands of", "tens of thousands of", "hundreds of thousands
    // of".
    {
      std::uint32_t j = i;
      std::int64_t mult = 1;
      if (T[j].norm == "tens" && j + 2 < n && T[j + 1].norm == "of" &&
          vague_plural_count(T[j + 2].norm)) {
        mult = 10;
        j += 2;
      }
      const std::int64_t count = vague_plural_count(T[j].norm);
      if (count && j + 1 < n && T[j + 1].norm == "of") {
        std::int64_t val = count * mult;
        std::uint32_t k = j + 2;
        if (k + 1 < n && T[k + 1].norm == "of") {  // "hundreds of thousands of"
          if (const std::int64_t next = vague_plural_count(T[k].norm)) {
            val = count * mult * (next / 2);
            k += 2;
          }
        }
        q.tb = i;
        q.te = k - 1;  // up to (not including) the last "of"
        q.count = val;
        q.qualifier = "at_least";
        q.vague = true;
        out.push_back(q);
        i = k;
        continue;
      }
    }
    if (!number_at(i, v, e)) {
      ++i;
      continue;
    }
    q.tb = i;
    q.te = e;
    q.count = v;
    q.qualifier = "exact";
    // Ranges: "between A and B", "from A to B", "A-B", "A to B".
    std::int64_t v2 = 0;
    std::uint32_t e2 = 0;
    bool range = false;
    if (i >= 1 && (T[i - 1].norm == "between" || T[i - 1].norm == "from") && e < n &&
        (T[e].norm == (T[i - 1].norm == "between" ? "and" : "to")) && number_at(e + 1, v2, e2)) {
      q.tb = i - 1;
      range = true;
    } else if (e + 1 < n &&
               (T[e].norm == "-" || T[e].norm == "\xE2\x80\x93" || T[e].norm == "to") &&
               number_at(e + 1, v2, e2) && (T[e].norm == "to" || !T[e + 1].space)) {
      range = true;
    }
    if (range) {
      // "10-12 thousand": the scale of the upper bound applies to the lower one.
      if (v2 > v && v < 1000 && v2 >= 1000 && T[e - 1].kind == TokenKind::kNumber) {
        std::int64_t scale = 1;
        while (v * scale * 10 <= v2) scale *= 10;
        if (scale > 1 && v * scale <= v2) v *= scale;
      }
      q.count = v;
      q.count_max = v2;
      q.qualifier = "range";
      q.te = e2;
    } else if (const Hit* h = cue_ending(u, kApprox, i)) {
      q.tb = h->tb, q.qualifier = "approx";
    } else if (const Hit* h2 = cue_ending(u, kAtLeast, i)) {
      q.tb = h2->tb, q.qualifier = "at_least";
    } else if (const Hit* h3 = cue_ending(u, kAtMost, i)) {
      q.tb = h3->tb, q.qualifier = "at_most";
    }
    out.push_back(q);
    i = q.te;
  }
  // The unit that follows within a few words: "12,000 North Korean soldiers", "dozens of ballistic
  // missiles".
  for (auto& q : out) {
    std::uint32_t start = q.te;
    if (start < n && T[start].norm == "of") ++start;
    for (std::uint32_t k = start; k < n && k < start + 5; ++k) {
      if (T[k].kind == TokenKind::kPunct && T[k].norm != "-") break;
      const Hit* best = nullptr;
      for (const auto& h : u.hits)
        if (h.tb == k && (rule_cue[h.rule] == kTroopUnit || rule_cue[h.rule] == kArmsItem) &&
            (!best || h.te > best->te))
          best = &h;
      if (best) {
        q.unit_cue = rule_cue[best->rule];
        q.ub = best->tb;
        q.ue = best->te;
        break;
      }
    }
  }
  return out;
}

// ---- attribution ----
std::vector<int> Extractor::Impl::attribution(const UnitView& u,
                                              const std::vector<DocEntity>& ents) const {
  std::vector<int> out;
  // Only these cues attribute.
  if (!u.has_cue(kAccording) && !u.has_cue(kSourceFrom) && !u.has_cue(kAgency) &&
      !u.has_cue(kAttrVerb))
    return out;
  const auto& T = u.toks;
  const auto n = static_cast<std::uint32_t>(T.size());
  auto add = [&](int e) {
    if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  };
  auto mention_at = [&](std::uint32_t i) -> const Mention* {
    for (const auto& m : u.ments)
      if (m.tb == i) return &m;
    return nullptr;
  };
  auto mention_ending = [&](std::uint32_t te) -> const Mention* {
    for (const auto& m : u.ments)
      if (m.te == te) return &m;
    return nullptr;
  };
  // The entities of a list starting at i: "the U.S., South Korea, and Ukraine" / "South Korea's
  // intelligence agency".
  auto list_after = [&](std::uint32_t i) {
    std::vector<int> got;
    std::uint32_t k = i;
    while (k < n && k < i + 24) {
      if (const Mention* m = mention_at(k)) {
        // "X's Y": the owner speaks unless Y is itself an entity.
        std::uint32_t after = m->te;
        if (after < n && T[after].norm == "'s") {
          if (const Mention* m2 = mention_at(after + 1)) {
            got.push_back(m2->ent);
            k = m2->te;
            continue;
          }
        }
        got.push_back(m->ent);
        k = m->te;
        if (k < n && T[k].norm == "'s") ++k;
        continue;
      }
      const auto& w = T[k].norm;
      if (w == "the" || w == "and") {
        ++k;
        continue;
      }
      if (w == ",") {
        if (k + 1 < n && (mention_at(k + 1) || T[k + 1].norm == "and" || T[k + 1].norm == "the")) {
          ++k;
          continue;
        }
        break;
      }
      if (T[k].kind == TokenKind::kPunct) break;
      if (got.empty()) {  // leading words: "the chief intelligence officer" has no entity
        ++k;
        if (k > i + 6) break;
        continue;
      }
      break;  // a plain word after the list ends it
    }
    return got;
  };
  for (const auto& h : u.hits) {
    int c = rule_cue[h.rule];
    if (c == kAccording || c == kSourceFrom) {
      for (int e : list_after(h.te)) add(e);
    } else if (c == kAgency) {
      // "Ukrainian intelligence", "South Korea's intelligence agency".
      std::uint32_t b = h.tb;
      if (b >= 1 && T[b - 1].norm == "'s") --b;
      if (const Mention* m = mention_ending(b)) add(m->ent);
    } else if (c == kAttrVerb &&
               !(h.tb > 0 && (T[h.tb - 1].norm == "an" || T[h.tb - 1].norm == "the" ||
                              T[h.tb - 1].norm == "a"))) {  // not "an estimated 3,000"
      // Subject list right before the verb, over auxiliaries and agency nouns.
      std::uint32_t k = h.tb;
      int skipped = 0;
      while (k > 0 && skipped < 3 && !mention_ending(k) && T[k - 1].kind == TokenKind::kWord &&
             !T[k - 1].upper) {
        if (cue_at_end(u, kAttrAnaphor, k)) break;
        --k;
        ++skipped;
      }
      if (const Hit* an = cue_ending(u, kAttrAnaphor, k)) {
        (void)an;
        for (int e : u.prev_lead) add(e);
        continue;
      }
      std::vector<int> subj;
      bool crossed_and = false;
      while (k > 0) {
        if (const Mention* m = mention_ending(k)) {
          if (!m->demonym || (m->te < n && cue_starting(u, kAgency, m->te)))
            subj.push_back(m->ent);
          else
            break;
          k = m->tb;
          continue;
        }
        const auto& w = T[k - 1].norm;
        if (w == "and") crossed_and = true;
        if ((w == "," || w == "and" || w == "the") && !subj.empty()) {
          --k;
          continue;
        }
        if (w == "," && subj.empty() && k >= 2 && mention_ending(k - 1)) {
          --k;
          continue;
        }
        break;
      }
      if (subj.size() >= 2 && !crossed_and)
        subj.resize(1);  // apposition: "the head of X, Name, said"
      std::reverse(subj.begin(), subj.end());
      for (int e : subj) {
        const auto& cls = ents[static_cast<std::size_t>(e)].cls.get();
        if (cls != "Treaty") add(e);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
std::vector<facts::Value> Extractor::Impl::run(const text::Document& doc,
                                               DiagnosticSink& sink) const {
  std::vector<facts::Value> records;
  const std::string_view body = doc.body;
  text::CodepointIndex cpi(body);
  cal::Ymd pub{};
  const cal::Ymd* pubp = nullptr;
  if (!doc.published.empty() && cal::parse_iso(doc.published, pub)) pubp = &pub;

  // The article record.
  {
    facts::Value::Object members;
    members.reserve(10);
    facts::Value& a = records.emplace_back(std::move(members));
    put(a, "schema", schema_value());
    static const std::string& article = facts::intern("article");
    put(a, "type", facts::Value::shared(article));
    put(a, "id", doc.id);
    if (!doc.title.empty()) put(a, "title", doc.title);
    if (!doc.publisher.empty()) put(a, "publisher", doc.publisher);
    if (!doc.url.empty()) put(a, "url", doc.url);
    if (pubp) {
      DateM d{0, 0, cal::format(pub), pub.d ? "day" : pub.m ? "month" : "year"};
      put_date(a, "published", d, std::string(doc.published));
    }
    put(a, "language", doc.language.empty() ? std::string("en") : doc.language);
    put(a, "chars", static_cast<std::int64_t>(cpi.size_cp()));
  }
  if (body.find_first_not_of(" \t\n") == std::string_view::npos) {
    sink.warn(doc.id, "empty article: no facts");
    return records;
  }

  std::vector<DocEntity> ents;
  // An entity's key as a record value: shared when it is a lexicon key, else copied; "_" for none.
  auto ent_value = [&](int e) -> facts::Value {
    if (e < 0) return facts::Value("_");
    const DocEntity& d = ents[static_cast<std::size_t>(e)];
    return d.key.shared ? facts::Value::shared(*d.key.shared) : facts::Value(d.key.own);
  };
  ents.reserve(32);  // the usual article: no regrowth (each moves every entity's strings)
  std::unordered_map<std::string, int> ent_index;
  std::vector<Fact> out;
  std::map<int, int> treaty_count;
  std::vector<int> treaty_order;
  std::vector<int> prev_lead;
  std::size_t debris = 0;

  auto cp = [&](std::size_t byte) { return cpi.to_cp(byte); };
  // The code points of the last evidence span's byte bounds (cp is a function of the byte offset).
  std::size_t ev_ub = 0, ev_ue = 0, ev_b = cp(0), ev_e = cp(0);
  // A new fact in `out` with the members every fact has and room for `extra` more (the most its
  // type has: a record of up to 16 members stays a small allocation). The caller appends the rest
  // in place; the reference holds until the next fact.
  auto start_fact = [&](int ftype, const char* type, std::size_t ab, std::size_t ae,
                        const UnitView& u, std::uint32_t rule_no,
                        const std::string& rule /* interned */, bool hedged,
                        const std::vector<int>& attributed, std::size_t extra) -> facts::Value& {
    facts::Value::Object members;
    members.reserve(9 + extra);
    facts::Value& v = out.emplace_back(ab, ae, ftype, std::move(members), rule_no).value;
    put(v, "schema", schema_value());
    put(v, "type", facts::Value::shared(type_name(type)));
    put(v, "id", fact_id(doc.id, type, ab, ae));
    put(v, "article", doc.id);
    facts::Value& ev = put_object(v, "evidence", 3);
    put(ev, "text", std::string(body.data() + u.begin, u.end - u.begin));
    // A unit's records follow one another: its code point bounds are counted once.
    if (u.begin != ev_ub || u.end != ev_ue) {
      ev_ub = u.begin;
      ev_ue = u.end;
      ev_b = cp(u.begin);
      ev_e = cp(u.end);
    }
    put(ev, "begin", static_cast<std::int64_t>(ev_b));
    put(ev, "end", static_cast<std::int64_t>(ev_e));
    facts::Value& an = put_object(v, "anchor", 2);
    put(an, "begin", static_cast<std::int64_t>(ab));
    put(an, "end", static_cast<std::int64_t>(ae));
    put(v, "rule", facts::Value::shared(rule));
    put(v, "hedged", hedged);
    // Most records have no attribution: no buffer then.
    facts::Value::Array& at = put_array(v, "attributedTo", attributed.size());
    for (int e : attributed) at.push_back(ent_value(e));
    return v;
  };

  std::optional<DateM> prev_date;  // the last resolved date of the previous unit
  int prev_subject = -1;           // the subject person of the previous unit (for "He ...")
  int ctx_treaty = -1;             // the last treaty named so far (for [treaty=context])
  // This thread's units, reused from article to article with their vectors and word arenas:
  // [0, n_kept) are the units kept for the facts (below), the one at n_kept is analysed in place.
  // No unit is built, moved or freed per sentence.
  thread_local std::vector<UnitView> unit_slots;
  std::size_t n_kept = 0;
  const std::vector<text::Unit> units = segmenter.split(body);
  for (const auto& unit : units) {
    if (unit.kind == text::UnitKind::kDebris) {
      ++debris;
      continue;
    }
    // A unit with no alias, trigger or treaty head has no mention, lead list, treaty or fact:
    // analysing it would only clear the lead list and the subject, unless it opens with "He"
    // after a subject (then it keeps the subject: analysed).
    if (const std::string_view text = body.substr(unit.begin, unit.end - unit.begin);
        options.skip_unmatched_units &&
        !(prev_subject >= 0 && may_open_with_subject_pronoun(text)) &&
        !unit_filter.may_match(text, vocab)) {
      prev_lead.clear();
      prev_subject = -1;
      continue;
    }
    if (unit_slots.size() == n_kept) unit_slots.emplace_back();
    UnitView& u = unit_slots[n_kept];
    clear_unit(u);
    analyse(body, unit.begin, unit.end, u, ents, ent_index);
    // assign(), not operator=: the recycled vectors keep their capacity.
    u.prev_lead.assign(prev_lead.begin(), prev_lead.end());
    prev_lead.assign(u.lead_states.begin(), u.lead_states.end());
    // A sentence-initial "He"/"She" is the subject person of the sentence right before (an extra
    // mention, not a surface form); only that position, where the antecedent is reliably there.
    if (prev_subject >= 0 && !u.toks.empty() && one_of(u.toks[0].norm, kSubjectPronouns))
      u.ments.insert(u.ments.begin(), Mention{0, 1, 0, 1, prev_subject, false, false, false, {}});
    prev_subject = -1;
    for (const auto& m : u.ments)
      if (!m.demonym && is(ents[static_cast<std::size_t>(m.ent)].cls.get(), "Person") &&
          !(m.te < u.toks.size() && u.toks[m.te].norm == "'s")) {
        prev_subject = m.ent;
        break;
      }
    u.ctx_treaty = ctx_treaty;
    for (const auto& m : u.ments) {
      if (!m.treaty) continue;
      ctx_treaty = m.ent;
      if (!treaty_count.count(m.ent)) treaty_order.push_back(m.ent);
      if (!m.shaped)
        treaty_count[m.ent] += 2;  // lexicon names count more than shapes
      else
        treaty_count[m.ent] += 1;
      if (options.emit_treaty_mentions) {
        std::size_t ab = cp(u.toks[m.ab].b), ae = cp(u.toks[m.ae - 1].e);
        static const std::string& by_shape = facts::intern("treaty_mention.shape");
        static const std::string& by_lexicon = facts::intern("treaty_mention.lexicon");
        facts::Value& v = start_fact(kTreatyMention, "treaty_mention", ab, ae, u, UINT32_MAX,
                                     m.shaped ? by_shape : by_lexicon, false, {}, 2);
        put(v, "treaty", ent_value(m.ent));
        put(v, "alias",
            std::string(body.substr(u.toks[m.tb].b, u.toks[m.te - 1].e - u.toks[m.tb].b)));
      }
    }
    if (u.has_trigger) ++n_kept;
  }
  (void)debris;

  // The article's main treaty: what "the agreement", "the document" refer to.
  int main_treaty = -1;
  {
    int best = 0;
    for (int t : treaty_order)
      if (treaty_count[t] > best) best = treaty_count[t], main_treaty = t;
  }
  auto key_of = [&](int e) -> std::string_view {
    return e < 0 ? std::string_view("_")
                 : std::string_view(ents[static_cast<std::size_t>(e)].key.get());
  };
  auto cls_of = [&](int e) -> const std::string& {
    return ents[static_cast<std::size_t>(e)].cls.get();
  };
  auto lex_of = [&](int e) -> const LexiconEntry* {
    int l = ents[static_cast<std::size_t>(e)].lex;
    return l < 0 ? nullptr : &lex.entries[static_cast<std::size_t>(l)];
  };
  auto ent_by_key = [&](const std::string& key) -> int {
    if (key.empty()) return -1;
    auto it = key_index.find(key);
    return entity_for(key, it == key_index.end() ? -1 : it->second, ents, ent_index);
  };
  auto state_of = [&](int e) -> int {  // the state an entity acts for or lies in
    if (e < 0) return -1;
    if (is(cls_of(e), "State")) return e;
    if (const LexiconEntry* le = lex_of(e)) {
      if (!le->represents.empty()) return ent_by_key(le->represents);
      if (!le->located_in.empty()) return ent_by_key(le->located_in);
    }
    return -1;
  };
  auto is_actor_class = [](const std::string& c) {
    return is(c, "Person") || is(c, "Organisation") || is(c, "Organization") ||
           is(c, "NewsAgency") || is(c, "IntelligenceAgency") || is(c, "Ministry") ||
           is(c, "State") || is(c, "Legislature") || is(c, "Government") || is(c, "MediaOutlet") ||
           is(c, "ResearchInstitute") || is(c, "InternationalOrganisation") ||
           is(c, "InternationalOrganization") || is(c, "ArmedForces");
  };

  for (UnitView& u : std::span<UnitView>(unit_slots.data(), n_kept)) {
    const std::size_t unit_first =
        out.size();  // this unit's facts start here (duplicate checks stay local)
    const auto& T = u.toks;
    const auto n = static_cast<std::uint32_t>(T.size());
    std::vector<DateM> dates = find_dates(u, pubp);
    // "At the time, Putin called the document ...": an anaphoric time phrase takes the last resolved
    // date of the sentence right before (the unit that precedes this one), never a guessed one.
    {
      std::optional<DateM> here;
      if (prev_date && u.has_cue(kDateAnaphor))
        for (const auto& h : u.hits)
          if (rule_cue[h.rule] == kDateAnaphor) {
            bool covered = false;
            for (const auto& d : dates)
              if (d.tb < h.te && h.tb < d.te) covered = true;
            if (!covered) here = DateM{h.tb, h.te, prev_date->value, prev_date->precision};
            break;
          }
      prev_date.reset();
      for (const auto& d : dates)
        if (!d.value.empty() && (!prev_date || d.tb > prev_date->tb)) prev_date = d;
      if (here) {
        dates.push_back(*here);
        if (!prev_date) prev_date = *here;
      }
    }
    std::vector<QuantM> quants = find_quantities(u, dates);
    std::vector<int> attributed = attribution(u, ents);
    auto date_text = [&](const DateM& d) {
      return std::string(body.substr(T[d.tb].b, T[d.te - 1].e - T[d.tb].b));
    };
    // Treaty references: names and anaphors ("the agreement", "this document").
    std::vector<TreatyRef> refs;
    for (const auto& m : u.ments)
      if (m.treaty) refs.push_back(TreatyRef{m.tb, m.te, m.ent, true});
    if (u.has_cue(kTreatyAnaphor))
      for (const auto& h : u.hits) {
        if (rule_cue[h.rule] != kTreatyAnaphor) continue;
        bool inside = false;
        for (const auto& r : refs)
          if (r.named && h.tb >= r.tb && h.tb < r.te) inside = true;
        if (inside) continue;
        if (h.te < n && T[h.te].norm == "'s") continue;
        std::uint32_t k = h.tb;
        bool found = false;
        for (int back = 0; back < 6 && k > 0; ++back) {
          const auto& w = T[k - 1].norm;
          static constexpr std::string_view kDet[] = {"the",   "this", "that", "a",   "an", "its",
                                                      "their", "his",  "her",  "our", "new"};
          if (one_of(w, kDet)) {
            found = true;
            --k;
            break;
          }
          if (T[k - 1].kind == TokenKind::kPunct && w != "-" && w != "'s") break;
          --k;
        }
        if (found) refs.push_back(TreatyRef{k, h.te, main_treaty, false});
      }
    auto clause_of = [&](std::uint32_t i) {
      std::uint32_t b = i, e = i;
      auto boundary = [&](std::uint32_t k) {
        const auto& w = T[k].norm;
        if (w == ";") return true;
        if (w == "," && k + 1 < n) {
          const auto& nx = T[k + 1].norm;
          return nx == "and" || nx == "but" || nx == "while" || nx == "whereas" ||
                 nx == "although" || nx == "which" || nx == "who" || nx == "where";
        }
        return false;
      };
      while (b > 0 && !boundary(b - 1)) --b;
      while (e < n && !boundary(e)) ++e;
      return std::pair<std::uint32_t, std::uint32_t>{b, e};
    };
    auto nearest_ref = [&](const Hit& trig, std::uint32_t from = 0,
                           std::uint32_t to = UINT32_MAX) -> const TreatyRef* {
      const TreatyRef* best = nullptr;
      long bestd = 1 << 30;
      for (const auto& r : refs) {
        if (r.tb < from || r.te > to) continue;
        long d = r.te <= trig.tb   ? long(trig.tb - r.te)
                 : r.tb >= trig.te ? long(r.tb - trig.te)
                                   : 0;
        if (r.named) d -= 1;
        if (d < bestd) bestd = d, best = &r;
      }
      return best;
    };
    auto date_cost = [&](const Hit& trig, const DateM& d) -> long {
      return d.tb >= trig.te ? long(d.tb - trig.te)
                             : 3 * long(trig.tb - std::min(trig.tb, d.te)) + 4;
    };
    auto nearest_date = [&](const Hit& trig) -> const DateM* {
      auto [cb, ce] = clause_of(trig.tb);
      const DateM* best = nullptr;
      long bestc = 1 << 30;
      for (const auto& d : dates) {
        if (d.tb < cb || d.te > ce) continue;
        bool inside_name = false;
        for (const auto& m : u.ments)
          if (m.treaty && d.tb >= m.te && d.tb <= m.te + 1 && !m.year.empty()) inside_name = true;
        if (inside_name) continue;
        // A possessive date modifies its noun ("Putin added that today's meeting ..."): it dates
        // that noun's event, not another trigger of the sentence.
        if (d.te < n && T[d.te].norm == "'s" && trig.tb != d.te + 1) continue;
        long c = date_cost(trig, d);
        // A date belongs to the trigger nearest to it ("deployed ... the treaty signed in June").
        bool other = false;
        for (const auto& h : u.hits) {
          if (&h == &trig || rule_fact[h.rule] <= kTreatyMention ||
              rule_fact[h.rule] == kObligation || rule_fact[h.rule] == rule_fact[trig.rule] ||
              date_cost(h, d) >= c)
            continue;
          auto [hb, he] = clause_of(h.tb);
          const DateM* own = nullptr;
          long oc = 1 << 30;
          for (const auto& d2 : dates)
            if (d2.tb >= hb && d2.te <= he && date_cost(h, d2) < oc)
              oc = date_cost(h, d2), own = &d2;
          if (own == &d) other = true;
        }
        if (other) continue;
        if (c < bestc) bestc = c, best = &d;
      }
      return best;
    };
    auto place_near = [&](const Hit& trig) -> int {
      int best = -1;
      long bestd = 1 << 30;
      for (const auto& m : u.ments) {
        const auto& c = cls_of(m.ent);
        if (c != "City" && c != "Place") continue;
        if (!cue_at_end(u, kPlacePrep, m.tb)) continue;
        long d = m.tb >= trig.te ? long(m.tb - trig.te) : long(trig.tb - m.te) + 2;
        if (d < bestd) bestd = d, best = m.ent;
      }
      return best;
    };
    auto hedged_before = [&](const Hit& trig) {
      if (!u.has_cue(kHedge)) return false;
      for (const auto& h : u.hits)
        if (rule_cue[h.rule] == kHedge && h.te <= trig.te + 0 && h.te + 12 >= trig.tb) return true;
      return false;
    };
    auto modal_block = [&](const Hit& trig, int cue) {
      // a cue right before the trigger, over at most one adverb ("can send", "will soon come")
      if (!u.has_cue(cue)) return false;
      for (const auto& h : u.hits)
        if (rule_cue[h.rule] == cue && h.te <= trig.tb && h.te + 2 >= trig.tb) return true;
      return false;
    };
    auto negated = [&](const Hit& trig) {
      if (!u.has_cue(kNegation)) return false;
      for (const auto& h : u.hits)
        if (rule_cue[h.rule] == kNegation && h.te <= trig.tb && h.te + 4 >= trig.tb) return true;
      return false;
    };
    auto mentions_in = [&](std::uint32_t from, std::uint32_t to) {
      std::vector<const Mention*> v;
      for (const auto& m : u.ments)
        if (m.tb >= from && m.te <= to) v.push_back(&m);
      return v;
    };
    // Starts a fact of the trigger anchored on tokens [atb, ate) with room for `extra` members
    // after the common ones (the most its type has).
    auto start = [&](int type, const char* tname, const Hit& trig, std::uint32_t atb,
                     std::uint32_t ate, std::size_t extra) -> facts::Value& {
      std::size_t ab = cp(T[atb].b), ae = cp(T[ate - 1].e);
      return start_fact(type, tname, ab, ae, u, trig.rule, *rule_id[trig.rule], hedged_before(trig),
                        attributed, extra);
    };
    // Entities sorted and deduplicated by key.
    auto by_key = [&](const std::vector<int>& es) {
      std::vector<int> sorted(es);
      std::sort(sorted.begin(), sorted.end(), [&](int a, int b) { return key_of(a) < key_of(b); });
      sorted.erase(std::unique(sorted.begin(), sorted.end(),
                               [&](int a, int b) { return key_of(a) == key_of(b); }),
                   sorted.end());
      return sorted;
    };
    // A list of keys, sorted and deduplicated; the values share lexicon keys (ent_value).
    auto put_keys = [&](facts::Value& x, auto& key, const std::vector<int>& sorted) {
      facts::Value::Array& a = put_array(x, key, sorted.size());
      for (int e : sorted) a.push_back(ent_value(e));
    };
    auto treaty_for = [&](const Hit& trig, bool allow_main) -> int {
      const TreatyRef* r = nearest_ref(trig);
      if (r) return r->ent;
      return allow_main ? main_treaty : -2;  // -2: no treaty: no fact
    };
    auto parties_of = [&](int treaty) {
      std::vector<int> ps;
      if (treaty >= 0)
        if (const LexiconEntry* le = lex_of(treaty))
          for (const auto& k : le->parties) ps.push_back(ent_by_key(k));
      return ps;
    };

    auto future_before = [&](const Hit& trig) {
      if (!u.has_cue(kFuture)) return false;
      auto [cb, ce] = clause_of(trig.tb);
      (void)ce;
      for (const auto& h : u.hits)
        if (rule_cue[h.rule] == kFuture && h.te <= trig.tb && h.tb >= cb && h.te + 8 >= trig.tb)
          return true;
      return false;
    };
    for (const Hit& trig : u.hits) {
      int ft = rule_fact[trig.rule];
      if (ft < 0) continue;
      bool in_name = false;
      for (const auto& m : u.ments)
        if (m.treaty && trig.tb < m.te && m.tb < trig.te) in_name = true;
      if (in_name) continue;
      if ((ft == kSigning || ft == kRatification || ft == kExchange || ft == kEntryIntoForce) &&
          future_before(trig))
        continue;
      const Rule& rule = rules.rules()[trig.rule];
      bool allow_main = rule.option("treaty") != nullptr;
      switch (ft) {
        case kSigning: {
          if (modal_block(trig, kFuture) || modal_block(trig, kCapacity) || negated(trig)) break;
          // "signed a decree", "decree signed by": not the treaty's signing.
          bool blocked = false;
          for (const auto& h : u.hits)
            if (rule_cue[h.rule] == kSigningBlocker && ((h.tb >= trig.te && h.tb <= trig.te + 2) ||
                                                        (h.te <= trig.tb && h.te + 1 >= trig.tb)))
              blocked = true;
          if (blocked) break;
          int treaty = treaty_for(trig, allow_main);
          if (treaty == -2) break;
          facts::Value& x = start(ft, "signing", trig, trig.tb, trig.te, 5);
          put(x, "event", dotted({"signing", key_of(treaty)}));
          if (treaty >= 0) put(x, "treaty", ent_value(treaty));
          if (const DateM* d = nearest_date(trig)) put_date(x, "date", *d, date_text(*d));
          if (int p = place_near(trig); p >= 0) put(x, "place", ent_value(p));
          std::vector<int> persons, states;
          for (const auto& m : u.ments) {
            if (m.treaty) continue;
            if (is(cls_of(m.ent), "Person") &&
                std::find(attributed.begin(), attributed.end(), m.ent) == attributed.end())
              persons.push_back(m.ent);
          }
          if (persons.empty()) {
            // States as signatories only as the subject right before the verb: "Russia and North
            // Korea signed".
            std::uint32_t k = trig.tb;
            int gap = 0;
            while (k > 0) {
              const Mention* m = nullptr;
              for (const auto& mm : u.ments)
                if (mm.te == k) m = &mm;
              if (m && is(cls_of(m->ent), "State")) {
                states.push_back(m->ent);
                k = m->tb;
                gap = 0;
                continue;
              }
              const auto& w = T[k - 1].norm;
              if ((w == "," || w == "and") && !states.empty()) {
                --k;
                continue;
              }
              // Only adverbs may stand between the states and the verb ("Russia and North Korea
              // formally signed"); "Russia, North Korea dictators signed" names the signers by a
              // role noun, so the states are modifiers, not signatories.
              if (T[k - 1].kind == TokenKind::kWord && !T[k - 1].upper && gap < 2 &&
                  states.empty() && T[k - 1].norm.size() > 3 && T[k - 1].norm.ends_with("ly")) {
                --k;
                ++gap;
                continue;
              }
              break;
            }
          }
          auto& who = persons.empty() ? states : persons;
          if (!who.empty()) put_keys(x, "signatories", by_key(who));
          break;
        }
        case kRatification: {
          if (modal_block(trig, kFuture) || modal_block(trig, kCapacity) || negated(trig)) break;
          auto [cb, ce] = clause_of(trig.tb);
          const TreatyRef* r = nearest_ref(trig, cb, ce);
          if (!r) r = nearest_ref(trig);
          int treaty = r ? r->ent : (allow_main ? main_treaty : -2);
          if (treaty == -2) break;
          int party = -1;
          std::vector<int> bys;
          bool by_passive = false;
          for (std::uint32_t k = cb; k + 1 < ce; ++k) {
            bool by_instrument = k >= 1 &&
                                 (T[k - 1].norm == "signed" || T[k - 1].norm == "issued") &&
                                 (cue_in(u, kInstDecree, cb, k) || cue_in(u, kInstLaw, cb, k));
            if (T[k].norm == "by" && ((k + 1 >= trig.te && k <= trig.te + 1) || by_instrument)) {
              for (const Mention* m : mentions_in(k + 1, std::min(ce, k + 9))) {
                if (m->demonym || m->treaty) continue;
                const auto& c = cls_of(m->ent);
                if (is(c, "Person") || is(c, "Legislature") || is(c, "Organisation") ||
                    is(c, "Government")) {
                  bys.push_back(m->ent);
                  by_passive = true;
                  break;
                }
              }
            }
            if (T[k].norm == "part" && k >= 1 && T[k - 1].norm == "the" && k + 1 < ce &&
                T[k + 1].norm == "of")
              for (const Mention* m : mentions_in(k + 2, std::min(ce, k + 5)))
                if (is(cls_of(m->ent), "State")) {
                  party = m->ent;
                  break;
                }
          }
          if (!by_passive) {
            // The subject: organs, persons or states before the trigger in the clause.
            for (const Mention* m : mentions_in(cb, trig.tb)) {
              if (m->treaty) continue;
              bool counter = m->tb >= 1 && cue_at_end(u, kCounterparty, m->tb);
              if (counter) continue;
              const auto& c = cls_of(m->ent);
              if (is(c, "Person") || is(c, "Legislature") || is(c, "Government"))
                bys.push_back(m->ent);
              else if (is(c, "State"))
                party = m->ent;  // the nearest one before the trigger
            }
          }
          // "..., and Putin's signature formalised the process": a person's assent (a possessive
          // before an assent noun) in the ratification sentence is one more ratifying agent (whose
          // act is the signature, so the organs' instrument is not copied to it).
          std::vector<int> assent;
          for (const auto& m : u.ments) {
            if (m.treaty || m.demonym || cls_of(m.ent) != "Person") continue;
            if (m.te + 1 >= n || T[m.te].norm != "'s" || !cue_starting(u, kAssent, m.te + 1)) continue;
            if (std::find(bys.begin(), bys.end(), m.ent) != bys.end()) continue;
            int ps = state_of(m.ent), pp = party;
            if (pp < 0)
              for (int b : bys)
                if (int s = state_of(b); s >= 0) {
                  pp = s;
                  break;
                }
            if (pp >= 0 && ps >= 0 && ps != pp) continue;
            bys.push_back(m.ent);
            assent.push_back(m.ent);
          }
          if (party < 0)
            for (int b : bys)
              if (int s = state_of(b); s >= 0) {
                party = s;
                break;
              }
          if (party < 0) {
            // "the decree ... ratifying the treaty with Russia": a lone state after "with" is the
            // other party.
            for (const Mention* m : mentions_in(cb, ce))
              if (is(cls_of(m->ent), "State") &&
                  !(m->tb >= 1 && cue_at_end(u, kCounterparty, m->tb))) {
                party = m->ent;
                break;
              }
          }
          std::string instrument;
          if (const std::string* opt = rule.option("instrument")) instrument = *opt;
          if (instrument.empty()) {
            if (cue_in(u, kInstDecree, cb, ce))
              instrument = "decree";
            else if (cue_in(u, kInstLaw, cb, ce))
              instrument = "law";
            else if (cue_in(u, kInstVote, cb, ce))
              instrument = "vote";
            else if (cue_in(u, kInstApproval, cb, ce))
              instrument = "approval";
          }
          const DateM* d = nearest_date(trig);
          std::string vote;
          if (const Hit* vh = first_cue_in(u, kVote, cb, ce))
            vote = std::string(body.substr(T[vh->tb].b, T[vh->te - 1].e - T[vh->tb].b));
          if (bys.empty()) bys.push_back(-1);
          for (std::size_t bi = 0; bi < bys.size(); ++bi) {
            int by = bys[bi];
            std::uint32_t atb = trig.tb, ate = trig.te;
            if (bi > 0)
              for (const auto& m : u.ments)
                if (m.ent == by) atb = m.tb, ate = m.te;
            facts::Value& x = start(ft, "ratification", trig, atb, ate, 7);
            put(x, "event", dotted({"ratification", key_of(treaty), key_of(party)}));
            if (treaty >= 0) put(x, "treaty", ent_value(treaty));
            if (party >= 0) put(x, "party", ent_value(party));
            if (by >= 0) put(x, "by", ent_value(by));
            if (d) put_date(x, "date", *d, date_text(*d));
            if (!instrument.empty() && std::find(assent.begin(), assent.end(), by) == assent.end())
              put(x, "instrument", instrument);
            if (!vote.empty()) put(x, "vote", vote);
          }
          break;
        }
        case kExchange:
        case kEntryIntoForce: {
          if (modal_block(trig, kFuture) || modal_block(trig, kCapacity) || negated(trig)) break;
          int treaty = treaty_for(trig, allow_main || ft == kExchange);
          if (treaty == -2) break;
          const char* tn = ft == kExchange ? "exchange_of_instruments" : "entry_into_force";
          facts::Value& x = start(ft, tn, trig, trig.tb, trig.te, 4);
          put(x, "event", dotted({tn, key_of(treaty)}));
          if (treaty >= 0) put(x, "treaty", ent_value(treaty));
          if (const DateM* d = nearest_date(trig)) put_date(x, "date", *d, date_text(*d));
          if (ft == kExchange)
            if (int p = place_near(trig); p >= 0) put(x, "place", ent_value(p));
          break;
        }
        case kObligation: {
          // Needs the treaty in view: a name/anaphor, a condition ("in the event of") or a
          // modality.
          auto [cb, ce] = clause_of(trig.tb);
          const TreatyRef* r = nearest_ref(trig);
          const Hit* cond = first_cue_in(u, kCondition, 0, n);
          if (cond) cond = cue_starting(u, kCondition, cond->tb);  // "in case of", not "in case"
          const Hit* modal = nullptr;
          long md = 1 << 30;
          for (const auto& h : u.hits)
            if (rule_cue[h.rule] == kModality) {
              long d = h.te <= trig.tb ? long(trig.tb - h.te) : long(h.tb - trig.te) + 3;
              if (d < md) md = d, modal = &h;
            }
          // Needs a modality ("obliged", "provides for", "will") and the treaty in view: a name or
          // anaphor, a condition ("in the event of") or the parties ("both parties").
          // [treaty=context] phrases ("assistance in the event of", "... together with") take the
          // last treaty named before the sentence; a condition stands in for the modality there.
          const std::string* tr_opt = rule.option("treaty");
          const bool context = tr_opt && *tr_opt == "context";
          if (!modal && !(context && cond)) break;
          if (context && negated(trig)) break;
          if (!r && !cond && !cue_in(u, kPartyBoth, 0, n) && !allow_main) break;
          int treaty = r ? r->ent : context && u.ctx_treaty >= 0 ? u.ctx_treaty : main_treaty;
          if (context && treaty < 0) break;  // no treaty in the article: a phrase alone is none
          // One obligation per type per unit.
          const std::string& type = *rule.option("type");
          bool dup = false;
          for (const auto& f : std::span<const Fact>(out).subspan(unit_first))
            if (f.type == kObligation &&
                f.value.find("evidence")->find("begin")->as_int() ==
                    static_cast<std::int64_t>(cp(u.begin)) &&
                f.value.find("obligationType")->as_string() == type)
              dup = true;
          if (dup) break;
          facts::Value& x = start(ft, "obligation", trig, trig.tb, trig.te, 6);
          if (treaty >= 0) put(x, "treaty", ent_value(treaty));
          put(x, "obligationType", type);
          std::vector<int> states;
          std::uint32_t cond_b = cond ? cond->tb : n, cond_e = n;
          bool cond_coordinated = false;
          if (cond) {
            // The condition runs to the next comma, semicolon or sentence end, or to a coordinated
            // infinitive ("... if imposed by a third party and to jointly confront ...").
            cond_e = cond->te;
            while (cond_e < n && T[cond_e].norm != "," && T[cond_e].norm != "." &&
                   T[cond_e].norm != ";") {
              if (T[cond_e].norm == "and" && cond_e + 1 < n && T[cond_e + 1].norm == "to") {
                cond_coordinated = true;
                break;
              }
              ++cond_e;
            }
          }
          // A condition cut off by a coordinated infinitive governs only what precedes it: the
          // obligation of the following infinitive clause has no trigger.
          if (cond && cond_coordinated && trig.tb >= cond_e) cond = nullptr;
          for (const auto& m : u.ments)
            if (is(cls_of(m.ent), "State") && !m.demonym && !(m.tb >= cond_b && m.te <= cond_e))
              states.push_back(m.ent);
            else if (modal && is(cls_of(m.ent), "Person") && m.tb < modal->tb &&
                     m.te + 1 >= modal->tb) {
              if (int st = state_of(m.ent); st >= 0) states.push_back(st);  // "He also promised to"
            }
          std::sort(states.begin(), states.end());
          states.erase(std::unique(states.begin(), states.end()), states.end());
          auto ps = parties_of(treaty);
          if (!ps.empty()) {
            // The treaty's parties named in the sentence; all of them for "both parties" or none
            // named.
            std::vector<int> named;
            for (int st : states)
              if (std::find(ps.begin(), ps.end(), st) != ps.end()) named.push_back(st);
            if (named.size() >= 2 || (named.size() == 1 && !cue_in(u, kPartyBoth, 0, n)))
              states = named;
            else
              states = ps;
          }
          if (!states.empty()) put_keys(x, "boundParties", by_key(states));
          // The trigger is the condition after its marker ("in the event of", "if"), with its
          // determiner: "an attack on either party".
          if (cond && cond->te < cond_e)
            put(x, "trigger",
                std::string(body.substr(T[cond->te].b, T[cond_e - 1].e - T[cond->te].b)));
          if (modal)
            put(x, "modality",
                std::string(body.substr(T[modal->tb].b, T[modal->te - 1].e - T[modal->tb].b)));
          for (std::uint32_t k = 0; k + 1 < n; ++k)
            if (T[k].norm == "article" && T[k + 1].kind == TokenKind::kNumber)
              put(x, "treatyArticle", T[k + 1].norm);
          (void)ce;
          break;
        }
        case kReplaced: {
          if (modal_block(trig, kFuture) || negated(trig)) break;
          const TreatyRef* subj = nullptr;
          for (const auto& r : refs)
            if (r.te <= trig.tb && (!subj || r.tb > subj->tb)) subj = &r;
          int treaty = subj ? subj->ent : main_treaty;
          for (const auto& m : u.ments) {
            if (!m.treaty || m.tb < trig.te || m.ent == treaty) continue;
            facts::Value& x = start(ft, "replaced_agreement", trig, m.ab, m.ae, 3);
            if (treaty >= 0) put(x, "treaty", ent_value(treaty));
            put(x, "replaced", ent_value(m.ent));
            if (!m.year.empty()) {
              put(x, "replacedYear", m.year);
            } else if (m.distributed) {
              // "the Moscow and Pyongyang Declarations of 2000 and 2001": one name for several
              // agreements, so the text's years cannot be paired with them; the lexicon's curated
              // year of conclusion stands in.
              int le = ents[static_cast<std::size_t>(m.ent)].lex;
              if (le >= 0 && !lex.entries[static_cast<std::size_t>(le)].year_concluded.empty())
                put(x, "replacedYear", lex.entries[static_cast<std::size_t>(le)].year_concluded);
            }
          }
          break;
        }
        case kTroops:
        case kArms: {
          if (negated(trig)) break;
          bool capacity = modal_block(trig, kCapacity);
          int want = ft == kTroops ? kTroopUnit : kArmsItem;
          // The quantity this trigger governs: nearest with the right unit in the sentence.
          const QuantM* q = nullptr;
          long qd = 1 << 30;
          for (const auto& c : quants) {
            if (c.unit_cue != want) continue;
            long d = c.tb >= trig.te ? long(c.tb - trig.te) : long(trig.tb - c.ue) + 1;
            if (d < qd) qd = d, q = &c;
          }
          // A deployment estimate or an arms transfer needs a quantity (a number or "dozens of").
          if (!q) break;
          if (capacity) break;  // "can send between 10,000 and 100,000 troops"
          // "supply up to 5 million projectiles and dozens of ballistic missiles": each coordinated
          // quantity after the first is its own transfer.
          std::vector<const QuantM*> qlist{q};
          if (ft == kArms && q->tb >= trig.te)
            for (bool more = true; more;) {
              more = false;
              std::uint32_t k = qlist.back()->ue;
              while (k < n && (T[k].norm == "," || T[k].norm == "and")) ++k;
              if (k == qlist.back()->ue) break;
              for (const auto& c : quants)
                if (c.unit_cue == want && c.tb == k) {
                  qlist.push_back(&c);
                  more = true;
                  break;
                }
            }
          for (const QuantM* qi : qlist) {
          q = qi;
          // A deployment counted by another trigger already (same quantity): one fact.
          bool dup = false;
          std::size_t qab = q ? cp(T[q->tb].b) : 0;
          for (const auto& f : std::span<const Fact>(out).subspan(unit_first))
            if (q && f.type == ft && f.ab == qab) dup = true;
          if (dup) break;
          std::uint32_t ub = q ? q->ub : trig.te, ue = q ? q->ue : trig.te;
          if (!q) {
            bool item = false;
            for (const auto& h : u.hits)
              if (rule_cue[h.rule] == kArmsItem && h.tb >= trig.te && h.tb <= trig.te + 4 &&
                  (!item || h.tb < ub || (h.tb == ub && h.te > ue)))
                ub = h.tb, ue = h.te, item = true;
            if (!item) break;
          }
          int from = -1, to = -1, location = -1;
          // Origin: a demonym or state between number and unit, or "from X" after the unit.
          std::uint32_t span_b = q ? q->tb : ub;
          for (const Mention* m : mentions_in(span_b, ue))
            if (is(cls_of(m->ent), "State")) from = m->ent;
          if (from < 0 && ue < n && cue_starting(u, kDirFrom, ue))
            for (const Mention* m : mentions_in(ue + 1, std::min(n, ue + 5)))
              if (is(cls_of(m->ent), "State") || state_of(m->ent) >= 0) {
                from = is(cls_of(m->ent), "State") ? m->ent : state_of(m->ent);
                break;
              }
          std::string subject_role = ft == kArms ? "supplier" : "supplier";
          if (const std::string* s = rule.option("subject")) subject_role = *s;
          int subject = -1;
          {
            // Nearest state before the trigger, outside attribution sources.
            std::uint32_t lim = std::min(trig.tb, span_b);
            int actor_state = -1;
            for (const auto& m : u.ments) {
              if (m.te > lim || m.demonym) continue;
              if (std::find(attributed.begin(), attributed.end(), m.ent) != attributed.end() &&
                  subject_role != "recipient")
                continue;
              if (is(cls_of(m.ent), "State"))
                subject = m.ent;
              else if (cls_of(m.ent) != "Treaty" && cls_of(m.ent) != "Region" &&
                       cls_of(m.ent) != "City" && state_of(m.ent) >= 0)
                actor_state = state_of(m.ent);  // "Kim Jong Un's regime sent ..."
            }
            if (subject < 0) subject = actor_state;
          }
          // Destination and location after the unit/trigger.
          std::uint32_t after = std::max(ue, trig.te);
          for (const auto& h : u.hits) {
            int c = rule_cue[h.rule];
            if ((c != kDirTo && c != kDirLocation) || h.tb < std::min(after, trig.te)) continue;
            // "to Russia", "to the Kursk region", "to Russia's Kursk region": a state and/or a
            // place.
            for (const Mention* m : mentions_in(h.te, std::min(n, h.te + 6))) {
              const auto& cls = cls_of(m->ent);
              if (is(cls, "State") && !m->demonym && c == kDirTo && to < 0 && m->ent != from)
                to = m->ent;
              else if ((is(cls, "Region") || is(cls, "Place") || is(cls, "City")) && location < 0)
                location = m->ent;
              if (!(m->te < n && T[m->te].norm == "'s")) break;
            }
          }
          // "sending 10,000 troops to Ukraine to support Russian forces": the state the troops
          // serve (named, by its demonym or by its forces, in a purpose clause after the destination) is
          // the recipient; the literal destination, another state, becomes the location.
          if (ft == kTroops && to >= 0 && location < 0) {
            for (const auto& h : u.hits) {
              if (rule_cue[h.rule] != kDirPurpose || h.tb < after) continue;
              int served = -1;
              for (const Mention* m : mentions_in(h.te, std::min(n, h.te + 4))) {
                // "Russia", "Russian forces" (a demonym, or the state's armed forces)
                served = is(cls_of(m->ent), "State") ? m->ent : state_of(m->ent);
                break;
              }
              if (served >= 0 && served != to && served != from) {
                location = to;
                to = served;
              }
              break;
            }
          }
          if (subject_role == "recipient") {
            if (to < 0) to = subject;
          } else if (from < 0) {
            from = subject;
          }
          if (location >= 0 && to < 0) to = state_of(location);
          // An arms transfer needs its supplier; the recipient stays unbound where the sentence
          // names none ("Pyongyang could supply up to 5 million projectiles").
          if (ft == kArms && (from < 0 || from == to)) break;
          if (ft == kTroops && from < 0) break;
          const char* tn = ft == kTroops ? "troop_deployment" : "arms_transfer";
          std::uint32_t atb = q ? q->tb : ub, ate = q ? q->te : ue;
          facts::Value& x = start(ft, tn, trig, atb, ate, 9);
          put(x, "event", dotted({tn, key_of(from), key_of(to)}));
          if (ft == kTroops) {
            if (from >= 0) put(x, "from", ent_value(from));
            if (to >= 0) put(x, "to", ent_value(to));
            if (location >= 0) put(x, "location", ent_value(location));
          } else {
            put(x, "supplier", ent_value(from));
            if (to >= 0) put(x, "recipient", ent_value(to));
            put(x, "item", std::string(body.substr(T[ub].b, T[ue - 1].e - T[ub].b)));
          }
          if (q && !q->vague) {
            put(x, "count", q->count);
            if (q->count_max) put(x, "countMax", *q->count_max);
            put(x, "qualifier", q->qualifier);
          }
          if (ft == kTroops) {
            if (const DateM* d = nearest_date(trig)) put_date(x, "asOf", *d, date_text(*d));
            std::string unit_text;
            text::normalise_word(body.substr(T[ub].b, T[ue - 1].e - T[ub].b), unit_text);
            put(x, "unit", unit_text);
          } else {
            for (const auto& d : dates) {
              std::string_view pre =
                  d.tb > 0 ? std::string_view(T[d.tb - 1].norm) : std::string_view();
              if (pre == "since" || pre == "from")
                put_date(x, "since", d, date_text(d));
              else if (pre == "by" || pre == "until" || pre == "till")
                put_date(x, "until", d, date_text(d));
            }
          }
          }
          break;
        }
        case kMeeting: {
          if (modal_block(trig, kFuture) || negated(trig)) break;
          std::vector<int> persons, states;
          for (const auto& m : u.ments) {
            if (m.treaty || m.demonym) continue;
            if (is(cls_of(m.ent), "Person"))
              persons.push_back(m.ent);
            else if (is(cls_of(m.ent), "State"))
              states.push_back(m.ent);
          }
          std::sort(persons.begin(), persons.end());
          persons.erase(std::unique(persons.begin(), persons.end()), persons.end());
          std::sort(states.begin(), states.end());
          states.erase(std::unique(states.begin(), states.end()), states.end());
          auto& who = persons.size() >= 2 ? persons : states;
          if (who.size() < 2) break;
          const DateM* d = nearest_date(trig);
          const std::vector<int> parts = by_key(who);
          std::string ev = "meeting";
          for (int p : parts) ev.append(".").append(key_of(p));
          ev += "." + (d && !d->value.empty() ? d->value : std::string("_"));
          bool dup = false;
          for (const auto& f : std::span<const Fact>(out).subspan(unit_first))
            if (f.type == kMeeting &&
                f.value.find("evidence")->find("begin")->as_int() ==
                    static_cast<std::int64_t>(cp(u.begin)) &&
                f.value.find("event")->as_string() == ev)
              dup = true;
          if (dup) break;
          facts::Value& x = start(ft, "meeting", trig, trig.tb, trig.te, 4);
          put(x, "event", std::move(ev));
          put_keys(x, "participants", parts);
          if (d) put_date(x, "date", *d, date_text(*d));
          if (int p = place_near(trig); p >= 0) put(x, "place", ent_value(p));
          break;
        }
        case kStatement: {
          // Speaker: the nearest actor right before the verb ("Mark Rutte stated", "X, Name,
          // said").
          std::uint32_t k = trig.tb;
          int skipped = 0;
          int speaker = -1;
          std::uint32_t speaker_tb = 0;
          while (k > 0) {
            const Mention* m = nullptr;
            for (const auto& mm : u.ments)
              if (mm.te == k) m = &mm;
            if (m) {
              if (!m->demonym && !m->treaty && is_actor_class(cls_of(m->ent))) {
                speaker = m->ent;
                speaker_tb = m->tb;
              }
              break;
            }
            const Tk& t = T[k - 1];
            if (t.norm == "," && skipped == 0) {
              --k;
              ++skipped;
              continue;
            }
            if (t.norm == ")") {  // "the Institute for the Study of War (ISW) believe"
              std::uint32_t j = k - 1;
              while (j > 0 && j + 5 > k && T[j].norm != "(") --j;
              if (T[j].norm == "(" && j > 0) {
                k = j;
                continue;
              }
            }
            if (t.kind == TokenKind::kWord && !t.upper && skipped < 3 && t.norm != "and" &&
                t.norm != "or" && t.norm != "that" && t.norm != "which" && t.norm != "who" &&
                t.norm != "but") {
              --k;
              ++skipped;
              continue;
            }
            break;
          }
          auto actor_mention = [&](const Mention& m) {
            return !m.demonym && !m.treaty && is_actor_class(cls_of(m.ent));
          };
          if (const std::string* sp = rule.option("speaker"); sp && *sp != "before") {
            // Passive: "This was reported by the KCNA news agency on Wednesday"; source: "according
            // to X". A possessive is the owner: "as noted by South Korea's Unification Ministry".
            speaker = -1;
            for (const auto& m : u.ments)
              if (m.tb >= trig.te && m.tb <= trig.te + 3 && actor_mention(m) &&
                  !(m.te < n && T[m.te].norm == "'s")) {
                speaker = m.ent, speaker_tb = m.tb;
                break;
              }
            if (speaker < 0) break;
          } else if (speaker < 0 && trig.te < n &&
                     (trig.tb == 0 || T[trig.tb - 1].kind == TokenKind::kPunct)) {
            // Inverted: "..., - believes Oleksandr Musienko" / "\"...\", said X".
            for (const auto& m : u.ments)
              if (m.tb >= trig.te && m.tb <= trig.te + 1 && actor_mention(m))
                speaker = m.ent, speaker_tb = m.tb;
          }
          if (speaker < 0 && trig.tb >= 2 && T[trig.tb - 1].norm == ",") {
            // Apposition: "Oleksandr Kovalenko, a military-political analyst of ..., suggests".
            for (std::uint32_t c = trig.tb - 1; c-- > 0 && c + 20 > trig.tb;) {
              if (T[c].norm != ",") continue;
              for (const auto& m : u.ments)
                if (m.te == c && actor_mention(m) && is(cls_of(m.ent), "Person"))
                  speaker = m.ent, speaker_tb = m.tb;
              break;
            }
          }
          if (speaker < 0) {
            // The subject of the sentence when the verb is coordinated or a participle:
            // "In addition, the North Korean dictator once again supported ... and called it".
            const Mention* first = nullptr;
            for (const auto& m : u.ments)
              if (m.tb < trig.tb && actor_mention(m) && is(cls_of(m.ent), "Person")) {
                bool possessive = m.te < n && T[m.te].norm == "'s";
                bool pronoun_before = false;
                for (std::uint32_t k = 0; k < m.tb; ++k)
                  if (T[k].norm == "he" || T[k].norm == "she" || T[k].norm == "they" ||
                      T[k].norm == "it")
                    pronoun_before = true;
                if (!possessive && !pronoun_before) first = &m;
                break;
              }
            bool coordinated =
                trig.tb >= 1 && (T[trig.tb - 1].norm == "and" || T[trig.tb - 1].norm == ",");
            bool participle = T[trig.tb].norm.size() > 4 &&
                              T[trig.tb].norm.compare(T[trig.tb].norm.size() - 3, 3, "ing") == 0;
            if (first && first->tb <= 4 && (coordinated || participle))
              speaker = first->ent, speaker_tb = first->tb;
          }
          // A list of states opening the sentence is the subject: "South Korea, Ukraine, and
          // Western countries have expressed concerns" (one statement per state, below).
          std::vector<int> list;
          if (speaker < 0 && u.lead_states.size() >= 2 && !rule.option("speaker")) {
            std::uint32_t le = 0;
            for (const auto& m : u.ments)
              if (m.ent == u.lead_states.back()) {
                le = m.te;
                break;
              }
            bool ok = le > 0 && le <= trig.tb && trig.tb <= le + 6;
            for (std::uint32_t j = le; ok && j < trig.tb; ++j)
              if ((T[j].kind == TokenKind::kPunct && !(j == le && T[j].norm == ",")) ||
                  mentions_in(j, j + 1).size() > 0)
                ok = false;
            if (ok) list = u.lead_states, speaker = list[0], speaker_tb = 0;
          }
          if (speaker < 0) break;
          const DateM* date = nullptr;
          for (const auto& d : dates) {
            if (d.te < n && T[d.te].norm == "'s") continue;  // "today's meeting": the noun's date
            if (d.te <= speaker_tb && (d.te + 10 >= speaker_tb || d.tb <= 2) &&
                clause_of(d.tb).first == clause_of(speaker_tb).first)
              date = &d;  // "On October 23, X said"
            if (d.tb >= trig.te && d.tb <= trig.te + 1 && !date) date = &d;  // "said on Monday"
            if (rule.option("speaker") && d.tb > speaker_tb && d.tb <= speaker_tb + 8 && !date &&
                clause_of(d.tb).first == clause_of(speaker_tb).first)
              date = &d;  // "reported by X on Monday"
          }
          facts::Value& x = start(ft, "statement", trig, trig.tb, trig.te, 4);
          put(x, "event",
              dotted({"statement", key_of(speaker),
                      date && !date->value.empty() ? std::string_view(date->value) : "_"}));
          put(x, "speaker", ent_value(speaker));
          if (date) put_date(x, "date", *date, date_text(*date));
          if (const TreatyRef* r = nearest_ref(trig); r && r->ent >= 0)
            put(x, "about", ent_value(r->ent));
          out.back().speaker = speaker;
          for (std::size_t li = 1; li < list.size(); ++li) {
            Fact f = out.back();
            std::string ev = f.value.find("event")->as_string();
            f.value.set("event", dotted({"statement", key_of(list[li])}) +
                                     ev.substr(dotted({"statement", key_of(list[0])}).size()));
            f.value.set("speaker", ent_value(list[li]));
            f.speaker = list[li];
            out.push_back(std::move(f));
          }
          break;
        }
        default:
          break;
      }
    }
    // A statement is a sentence whose content a speaker says and that carries no other fact: where
    // the sentence also states a signing, obligation, deployment, transfer, ... the speaker is only
    // that fact's attribution ("The agreement signed today also provides for ..., Putin said.").
    {
      bool other = false;
      for (std::size_t i = unit_first; i < out.size(); ++i)
        if (out[i].type != kStatement && out[i].type != kTreatyMention) other = true;
      if (other)
        out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(unit_first), out.end(),
                                 [](const Fact& f) { return f.type == kStatement; }),
                  out.end());
      // One statement per speaker; a source ("according to X", [speaker=source]) is a speaker only
      // when no verb of the sentence has one ("Rutte stated ..., as noted by Spravdi": Rutte).
      auto is_source = [&](const Fact& f) { return rule_source[f.rule] != 0; };
      bool verb = false;
      for (std::size_t i = unit_first; i < out.size(); ++i)
        if (out[i].type == kStatement && !is_source(out[i])) verb = true;
      // Speakers by entity: one key per entity, so one entity per "speaker" value.
      std::vector<int> speakers;
      out.erase(
          std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(unit_first), out.end(),
                         [&](const Fact& f) {
                           if (f.type != kStatement) return false;
                           if (verb && is_source(f)) return true;
                           if (std::find(speakers.begin(), speakers.end(), f.speaker) !=
                               speakers.end())
                             return true;
                           speakers.push_back(f.speaker);
                           return false;
                         }),
          out.end());
    }
  }

  // Entities: every one mentioned or referred to, in order of first use.
  // One pass over each fact's members; views into `out`, which does not change until the end.
  // Only an entity never mentioned needs looking up there.
  std::vector<std::string_view> referred;
  const bool all_mentioned =
      std::all_of(ents.begin(), ents.end(), [](const DocEntity& d) { return d.mentioned; });
  if (!all_mentioned)
    for (const auto& f : out)
      for (const auto& [k, v] : f.value.as_object()) {
        const EntityField field = entity_field(k);
        if (field == EntityField::kOne && v.is_string()) {
          referred.push_back(v.as_string());
        } else if (field == EntityField::kList && v.is_array()) {
          for (const auto& e : v.as_array()) referred.push_back(e.as_string());
        }
      }
  std::sort(referred.begin(), referred.end());
  records.reserve(records.size() + ents.size() + out.size());
  // The entity table is not read after this loop: its strings move into the records.
  for (auto& d : ents) {
    if (!d.mentioned &&
        !std::binary_search(referred.begin(), referred.end(), std::string_view(d.key.get())))
      continue;
    facts::Value::Object members;
    members.reserve(9);
    facts::Value& e = records.emplace_back(std::move(members));  // built in place, not moved in
    put(e, "schema", schema_value());
    static const std::string& entity = facts::intern("entity");  // one per record: no cache look-up
    put(e, "type", facts::Value::shared(entity));
    put(e, "article", doc.id);
    put_text(e, "entity", d.key);
    if (!d.label.get().empty()) put_text(e, "label", d.label);
    if (!d.cls.get().empty()) put_text(e, "class", d.cls);
    if (!d.wikidata.get().empty()) put_text(e, "wikidata", d.wikidata);
    facts::Value::Array& al = put_array(e, "aliases", d.aliases.size());
    for (auto& a : d.aliases) al.emplace_back(std::move(a));
  }
  // Facts in anchor order: their positions are sorted, not the facts (a stable sort moves each
  // record through a buffer and back several times).
  std::vector<std::uint32_t> order(out.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&out](std::uint32_t i, std::uint32_t j) {
    const Fact &a = out[i], &b = out[j];
    if (a.ab != b.ab) return a.ab < b.ab;
    if (a.type != b.type) return a.type < b.type;
    return a.ae < b.ae;
  });
  // Ids are unique per corpus: a second fact of one type on one anchor gets a suffix. Usually all
  // are distinct already, and only then is the set below needed. An id is the article's, the
  // type's name (one per type) and the anchor (fact_id): facts with one id are neighbours in
  // `order`.
  const bool repeated =
      std::adjacent_find(order.begin(), order.end(), [&out](std::uint32_t i, std::uint32_t j) {
        return out[i].ab == out[j].ab && out[i].type == out[j].type && out[i].ae == out[j].ae;
      }) != order.end();
  if (!repeated) {
    for (std::uint32_t i : order) records.push_back(std::move(out[i].value));
    return records;
  }
  std::set<std::string> ids;
  for (std::uint32_t i : order) {
    Fact& f = out[i];
    const std::string& id = f.value.find("id")->as_string();  // replaced only right before break
    if (!ids.insert(id).second) {
      for (int k = 2;; ++k)
        if (ids.insert(id + "." + std::to_string(k)).second) {
          f.value.set("id", id + "." + std::to_string(k));
          break;
        }
    }
    records.push_back(std::move(f.value));
  }
  return records;
}

// ---------------------------------------------------------------------------------------------
text::SegmentOptions segment_options(const RuleSet& rules) {
  text::SegmentOptions o;
  o.debris.line_equals = rules.cue_texts("debris.line");
  o.debris.line_prefixes = rules.cue_texts("debris.prefix");
  o.debris.line_contains = rules.cue_texts("debris.contains");
  for (auto& a : rules.cue_texts("abbreviation")) {
    std::string s = a;
    while (!s.empty() && s.back() == '.') s.pop_back();
    o.abbreviations.push_back(s);
  }
  return o;
}

Extractor::Extractor(Lexicon lexicon, RuleSet rules, ExtractorOptions options)
    : impl_(std::make_unique<Impl>(std::move(lexicon), std::move(rules), options)) {}
Extractor::~Extractor() = default;
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;

std::vector<facts::Value> Extractor::run(const text::Document& doc, DiagnosticSink& sink) const {
  return impl_->run(doc, sink);
}

const text::Segmenter& Extractor::segmenter() const {
  return impl_->segmenter;
}

namespace {
struct Sentence {
  std::vector<DocEntity> ents;
  std::unordered_map<std::string, int> index;
  UnitView u;
};
}  // namespace

std::vector<DateInfo> Extractor::dates(std::string_view sentence,
                                       std::string_view published) const {
  Sentence s;
  impl_->analyse(sentence, 0, sentence.size(), s.u, s.ents, s.index);
  cal::Ymd pub{};
  bool has = cal::parse_iso(published, pub);
  std::vector<DateInfo> out;
  for (const auto& d : impl_->find_dates(s.u, has ? &pub : nullptr)) {
    std::size_t b = s.u.toks[d.tb].b, e = s.u.toks[d.te - 1].e;
    out.push_back(DateInfo{d.value, d.precision, std::string(sentence.substr(b, e - b)),
                           utf8::length(sentence.substr(0, b)),
                           utf8::length(sentence.substr(0, e))});
  }
  return out;
}

std::vector<QuantityInfo> Extractor::quantities(std::string_view sentence) const {
  Sentence s;
  impl_->analyse(sentence, 0, sentence.size(), s.u, s.ents, s.index);
  auto dates = impl_->find_dates(s.u, nullptr);
  std::vector<QuantityInfo> out;
  for (const auto& q : impl_->find_quantities(s.u, dates)) {
    std::size_t b = s.u.toks[q.tb].b, e = s.u.toks[q.te - 1].e;
    QuantityInfo qi{q.count,
                    q.count_max,
                    q.qualifier,
                    std::string(sentence.substr(b, e - b)),
                    {},
                    utf8::length(sentence.substr(0, b)),
                    utf8::length(sentence.substr(0, e)),
                    q.vague};
    if (q.unit_cue >= 0) {
      std::string unit;
      text::normalise_word(
          sentence.substr(s.u.toks[q.ub].b, s.u.toks[q.ue - 1].e - s.u.toks[q.ub].b), unit);
      qi.unit = unit;
    }
    out.push_back(std::move(qi));
  }
  return out;
}

std::vector<std::string> Extractor::attribution(std::string_view sentence) const {
  Sentence s;
  impl_->analyse(sentence, 0, sentence.size(), s.u, s.ents, s.index);
  std::vector<std::string> out;
  for (int e : impl_->attribution(s.u, s.ents))
    out.push_back(s.ents[static_cast<std::size_t>(e)].key.get());
  return out;
}

std::vector<std::string> Extractor::entities(std::string_view sentence) const {
  Sentence s;
  impl_->analyse(sentence, 0, sentence.size(), s.u, s.ents, s.index);
  std::vector<std::string> out;
  for (const auto& m : s.u.ments) out.push_back(s.ents[static_cast<std::size_t>(m.ent)].key.get());
  return out;
}

}  // namespace treatykg::extract
