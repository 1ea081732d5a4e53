#pragma once
// Sentences ("units") and tokens with byte offsets into the body. Code point offsets are made at
// output time with CodepointIndex.
//
// A line is never joined with the next one: headings, bullets ("•", "-", "*") and datelines are
// units of their own. Inside a line, a unit ends at . ! ? (and closing quotes/brackets after them)
// followed by a space and an upper-case letter, a digit or an opening quote, unless the word before
// the period is an abbreviation (U.S., Gen., Dr., No. 5, single initials). Decimals ("3.5") never
// split. A unit longer than `max_unit_bytes` is cut at a space so that pathological input (a 50 MB
// line) stays linear.
//
// Web-page debris (cookie notices, "Publication date" without a date, photo credits, "Source: ..."
// lines, a lone line in another script) is recognised per line and marked kDebris: it never yields
// facts. The cue phrases come from the caller (the extractor's rule files); the script test is
// built in.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace treatykg::text {

enum class UnitKind : std::uint8_t { kSentence, kHeading, kBullet, kDebris };

struct Unit {
  std::size_t begin = 0;  // bytes into the body; text is body[begin, end), trimmed
  std::size_t end = 0;
  UnitKind kind = UnitKind::kSentence;
  std::string reason;  // why it is debris (a cue, "another script"), else empty
};

/// Debris cues, matched case-insensitively (ASCII) against a trimmed line.
struct DebrisCues {
  std::vector<std::string> line_equals;    // the whole line, e.g. "publication date"
  std::vector<std::string> line_prefixes;  // e.g. "photo:", "source:"
  std::vector<std::string> line_contains;  // e.g. "use of cookies", "language settings"
};

struct SegmentOptions {
  DebrisCues debris;
  std::vector<std::string> abbreviations = {
      "mr",  "mrs", "ms",   "dr",  "gen", "lt",  "col", "sgt",  "capt", "maj", "adm",   "gov",
      "sen", "rep", "prof", "st",  "jr",  "sr",  "vs",  "no",   "nos",  "art", "fig",   "jan",
      "feb", "aug", "sept", "oct", "nov", "dec", "inc", "corp", "ltd",  "co",  "approx"};
  std::size_t max_unit_bytes = 2048;  // ~300 words; longer "sentences" are cut at a space
};

/// Splits a body into units. Blank lines produce nothing.
class Segmenter {
 public:
  explicit Segmenter(SegmentOptions options = {});
  std::vector<Unit> split(std::string_view body) const;
  /// Debris test for one trimmed line (empty string when it is not debris).
  std::string debris_reason(std::string_view line) const;

 private:
  void split_line(std::string_view body, std::size_t b, std::size_t e, UnitKind kind,
                  std::vector<Unit>& out) const;
  bool is_abbreviation(std::string_view word) const;
  SegmentOptions options_;
  // Bit set of the first two bytes of every debris.contains cue (empty when a cue is shorter):
  // debris_reason looks for all of them in one pass over the line.
  std::vector<std::uint64_t> contains_pairs_;
  // When every contains cue is long: the 4-byte windows of their first min_contains_ bytes (a bit
  // set), so that a line is sampled rather than tested at every byte. Per bit, the cues and offsets
  // of the windows that set it (gram_cues_[gram_first_[g] .. gram_first_[g + 1]]): only there can
  // a cue start near a sampled window with that bit.
  std::vector<std::uint64_t> contains_grams_;
  std::vector<std::uint32_t> gram_first_;
  struct GramCue {
    std::uint32_t cue, offset;
  };
  std::vector<GramCue> gram_cues_;
  std::size_t min_contains_ = 0;
  // The prefix cues' first (up to) 8 bytes as an integer and the mask of those bytes: most lines
  // differ from each cue there.
  struct PackedPrefix {
    std::uint64_t head, mask;
  };
  std::vector<PackedPrefix> packed_prefixes_;
  // Bit set of the first two bytes of every prefix cue (empty when a cue is shorter): most lines
  // start with a pair no cue starts with.
  std::vector<std::uint64_t> prefix_pairs_;
  // Bit n: a whole-line cue of n < 64 bytes; long_equals_: one of 64 bytes or more.
  std::uint64_t equals_lengths_ = 0;
  bool long_equals_ = false;
  // Abbreviations of up to 7 bytes, packed into one integer each (sorted): a word is looked up
  // with integer compares. Longer ones are only in options_.abbreviations.
  std::vector<std::uint64_t> packed_abbreviations_;
  std::size_t longest_abbreviation_ = 0;
  // Per length 1..7, the first bytes (lower case) of the packed abbreviations of that length: most
  // words before a period are ruled out without a search.
  std::uint64_t abbreviation_heads_[8][4] = {};
};

enum class TokenKind : std::uint8_t {
  kWord,    // letters (and digits) e.g. "Russia", "Jong", "11th", "F-16" is three tokens
  kNumber,  // digits with inner , or . : "12,000", "3.5", "2024"
  kAbbrev,  // dotted letters: "U.S.", "e.g."
  kPunct,   // one character: , . ; : ( ) " “ ” ‘ ’ ' — – - • ...
};

struct Token {
  std::uint32_t begin = 0;  // bytes into the body
  std::uint32_t end = 0;
  TokenKind kind = TokenKind::kWord;
  bool upper = false;        // first letter is upper case
  bool space_before = true;  // whitespace (or the unit start) right before it
  bool normal = false;       // lower-case ASCII: normalise_word would return it unchanged
};

/// Appends the tokens of body[begin, end). Bodies above 4 GiB are not supported (offsets are
/// 32-bit).
void tokenize(std::string_view body, std::size_t begin, std::size_t end, std::vector<Token>& out);
/// The same tokens written to `out`, which has room for `end - begin` of them (a token is at least
/// one byte); returns their number.
std::size_t tokenize(std::string_view body, std::size_t begin, std::size_t end, Token* out);

/// Lower-case (ASCII and Latin-1/Greek/Cyrillic basics), curly apostrophes -> "'", result to `out`.
void normalise_word(std::string_view word, std::string& out);

/// Unicode helpers used by the tokenizer.
bool is_space_cp(char32_t c) noexcept;
bool is_punct_cp(char32_t c) noexcept;

}  // namespace treatykg::text
