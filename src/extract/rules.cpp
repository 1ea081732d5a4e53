#include "extract/rules.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "base/edit_distance.hpp"
#include "base/files.hpp"
#include "base/utf8.hpp"
#include "text/reader.hpp"
#include "text/segment.hpp"

namespace treatykg::extract {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kObligationTypes = {
    "mutual_military_assistance",        "consultation_on_threat",
    "no_hostile_third_party_agreements", "no_support_for_coercive_measures",
    "joint_countering_of_sanctions",     "military_technical_cooperation",
    "food_energy_security_cooperation",  "other"};

struct OptionSpec {
  std::string key;
  std::vector<std::string> values;  // empty: any non-empty value
};

std::vector<OptionSpec> trigger_options(const std::string& fact_type) {
  std::vector<OptionSpec> o = {{"treaty", {"main", "context"}}};
  if (fact_type == "obligation") o.push_back({"type", kObligationTypes});
  if (fact_type == "arms_transfer" || fact_type == "troop_deployment")
    o.push_back({"subject", {"supplier", "recipient", "none"}});
  if (fact_type == "ratification")
    o.push_back({"instrument", {"decree", "law", "vote", "approval"}});
  if (fact_type == "statement") o.push_back({"speaker", {"before", "after", "source"}});
  return o;
}

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  if (auto m = closest_match(word, candidates)) return " (did you mean '" + *m + "'?)";
  return {};
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& name) : text_(text), name_(name) {}

  void run(std::vector<Rule>& out) {
    std::size_t pos = 0;
    std::uint32_t line = 0;
    while (pos <= text_.size()) {
      std::size_t eol = text_.find('\n', pos);
      if (eol == std::string_view::npos) eol = text_.size();
      line_ = text_.substr(pos, eol - pos);
      line_start_ = pos;
      line_no_ = line;
      parse_line(out);
      if (eol == text_.size()) break;
      pos = eol + 1;
      ++line;
    }
  }

 private:
  [[noreturn]] void fail(std::size_t col_byte, const std::string& msg) const {
    std::string_view shown = line_;
    auto col = static_cast<std::uint32_t>(utf8::length(shown.substr(0, col_byte)));
    throw SyntaxError(name_, TextPos{line_no_, col, line_start_ + col_byte},
                      msg + "\n" + std::string(shown) + "\n" + std::string(col, ' ') + "^");
  }

  TextPos pos_at(std::size_t col_byte) const {
    return TextPos{line_no_, static_cast<std::uint32_t>(utf8::length(line_.substr(0, col_byte))),
                   line_start_ + col_byte};
  }

  void skip_ws(std::size_t& i) const {
    while (i < line_.size() && (line_[i] == ' ' || line_[i] == '\t')) ++i;
  }

  void add_phrases(Rule& rule, std::size_t i) {
    // i is just after ':' or at the '|' of a continuation line.
    while (true) {
      std::size_t b = i;
      std::size_t bar = line_.find('|', i);
      std::size_t e = bar == std::string_view::npos ? line_.size() : bar;
      std::size_t pb = b, pe = e;
      while (pb < pe && (line_[pb] == ' ' || line_[pb] == '\t')) ++pb;
      while (pe > pb && (line_[pe - 1] == ' ' || line_[pe - 1] == '\t')) --pe;
      if (pb == pe) fail(pb, "empty phrase in rule '" + rule.id + "'");
      Phrase p;
      p.text = std::string(line_.substr(pb, pe - pb));
      p.words = phrase_words(p.text);
      p.pos = pos_at(pb);
      if (p.words.empty())
        fail(pb, "phrase '" + p.text + "' in rule '" + rule.id + "' has no words");
      rule.phrases.push_back(std::move(p));
      if (bar == std::string_view::npos) break;
      i = bar + 1;
    }
  }

  void parse_line(std::vector<Rule>& out) {
    // A CR left by a CRLF file is not part of the line.
    if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
    if (auto bad = utf8::find_invalid(line_)) {
      throw SyntaxError(name_, TextPos{line_no_, 0, line_start_ + *bad},
                        "invalid UTF-8 in rule file");
    }
    std::size_t i = 0;
    skip_ws(i);
    if (i == line_.size() || line_[i] == '#') return;
    if (line_[i] == '|') {
      if (i == 0 || out.empty() || out.back().file != name_)
        fail(i, "continuation line '|' without a rule before it");
      add_phrases(out.back(), i + 1);
      return;
    }
    if (i != 0) fail(i, "a rule starts at the beginning of a line (continuations start with '|')");
    std::size_t kb = i;
    while (i < line_.size() && std::isalpha(static_cast<unsigned char>(line_[i]))) ++i;
    std::string kind(line_.substr(kb, i - kb));
    Rule rule;
    rule.file = name_;
    rule.pos = pos_at(0);
    if (kind == "trigger")
      rule.kind = Rule::Kind::kTrigger;
    else if (kind == "cue")
      rule.kind = Rule::Kind::kCue;
    else
      fail(kb, "unknown rule kind '" + kind + "'" + did_you_mean(kind, {"trigger", "cue"}) +
                   "; expected 'trigger' or 'cue'");
    skip_ws(i);
    std::size_t ib = i;
    while (i < line_.size() && is_id_char(line_[i])) ++i;
    rule.id = std::string(line_.substr(ib, i - ib));
    if (rule.id.empty()) fail(ib, "missing rule id after '" + kind + "'");
    if (i < line_.size() && line_[i] != ' ' && line_[i] != '\t' && line_[i] != ':' &&
        line_[i] != '[')
      fail(i, std::string("unexpected character '") + line_[i] + "' in rule id '" + rule.id +
                  "' (ids are lower-case letters, digits, '_', '-', '.')");
    if (rule.kind == Rule::Kind::kTrigger) {
      std::size_t dot = rule.id.find('.');
      rule.fact_type = rule.id.substr(0, dot);
      const auto& types = RuleSet::fact_types();
      if (std::find(types.begin(), types.end(), rule.fact_type) == types.end())
        fail(ib, "unknown fact type '" + rule.fact_type + "' in rule '" + rule.id + "'" +
                     did_you_mean(rule.fact_type, types));
      if (dot == std::string::npos || dot + 1 == rule.id.size())
        fail(ib, "trigger id '" + rule.id + "' must be '<fact type>.<name>'");
    } else {
      const auto& sets = RuleSet::cue_sets();
      if (std::find(sets.begin(), sets.end(), rule.id) == sets.end())
        fail(ib, "unknown cue set '" + rule.id + "'" + did_you_mean(rule.id, sets));
    }
    skip_ws(i);
    if (i < line_.size() && line_[i] == '[') {
      std::size_t open = i;
      std::size_t close = line_.find(']', i);
      if (close == std::string_view::npos) fail(open, "unclosed '[' in rule '" + rule.id + "'");
      if (rule.kind == Rule::Kind::kCue) fail(open, "cue set '" + rule.id + "' takes no options");
      auto specs = trigger_options(rule.fact_type);
      std::size_t j = open + 1;
      while (true) {
        skip_ws(j);
        if (j >= close) break;
        std::size_t ob = j;
        while (j < close && line_[j] != ' ' && line_[j] != '\t') ++j;
        std::string_view opt = line_.substr(ob, j - ob);
        std::size_t eq = opt.find('=');
        if (eq == std::string_view::npos || eq == 0 || eq + 1 == opt.size())
          fail(ob, "option '" + std::string(opt) + "' in rule '" + rule.id + "' is not key=value");
        std::string key(opt.substr(0, eq)), value(opt.substr(eq + 1));
        auto spec = std::find_if(specs.begin(), specs.end(),
                                 [&](const OptionSpec& s) { return s.key == key; });
        if (spec == specs.end()) {
          std::vector<std::string> keys;
          for (auto& s : specs) keys.push_back(s.key);
          fail(ob,
               "unknown option '" + key + "' in rule '" + rule.id + "'" + did_you_mean(key, keys));
        }
        if (!spec->values.empty() &&
            std::find(spec->values.begin(), spec->values.end(), value) == spec->values.end())
          fail(ob + eq + 1, "bad value '" + value + "' for option '" + key + "' in rule '" +
                                rule.id + "'" + did_you_mean(value, spec->values));
        if (rule.options.count(key))
          fail(ob, "option '" + key + "' given twice in rule '" + rule.id + "'");
        rule.options[key] = value;
      }
      i = close + 1;
      skip_ws(i);
    }
    if (i >= line_.size() || line_[i] != ':') fail(i, "expected ':' after rule '" + rule.id + "'");
    if (rule.fact_type == "obligation" && !rule.options.count("type"))
      fail(ib, "rule '" + rule.id + "' needs an obligation [type=...]");
    add_phrases(rule, i + 1);
    for (const Rule& r : out) {
      if (r.kind == Rule::Kind::kTrigger && rule.kind == Rule::Kind::kTrigger && r.id == rule.id)
        fail(ib, "duplicate rule id '" + rule.id + "' (first defined at " + r.file + ":" +
                     std::to_string(r.pos.line + 1) + ")");
    }
    out.push_back(std::move(rule));
  }

  std::string_view text_;
  const std::string& name_;
  std::string_view line_;
  std::size_t line_start_ = 0;
  std::uint32_t line_no_ = 0;
};

}  // namespace

const std::string* Rule::option(std::string_view key) const {
  // A rule has a few options at most: comparing them beats building a key string to search with.
  for (const auto& [k, v] : options)
    if (k == key) return &v;
  return nullptr;
}

std::vector<std::string> phrase_words(std::string_view phrase) {
  std::vector<text::Token> toks;
  text::tokenize(phrase, 0, phrase.size(), toks);
  std::vector<std::string> words;
  std::string norm;
  for (const auto& t : toks) {
    std::string_view w = phrase.substr(t.begin, t.end - t.begin);
    if (t.kind == text::TokenKind::kPunct &&
        (w == "-" || w == "\xE2\x80\x90" || w == "\xE2\x80\x91"))
      continue;
    text::normalise_word(w, norm);
    words.push_back(norm);
  }
  return words;
}

const std::vector<std::string>& RuleSet::fact_types() {
  static const std::vector<std::string> k = {
      "treaty_mention",   "signing",    "ratification",       "exchange_of_instruments",
      "entry_into_force", "obligation", "replaced_agreement", "troop_deployment",
      "arms_transfer",    "meeting",    "statement"};
  return k;
}

const std::vector<std::string>& RuleSet::cue_sets() {
  static const std::vector<std::string> k = {"qualifier.approx",
                                             "qualifier.at_least",
                                             "qualifier.at_most",
                                             "hedge",
                                             "negation",
                                             "capacity",
                                             "future",
                                             "attribution.according_to",
                                             "attribution.verb",
                                             "attribution.source_from",
                                             "attribution.agency",
                                             "attribution.anaphor",
                                             "troop.unit",
                                             "arms.item",
                                             "treaty.head",
                                             "treaty.anaphor",
                                             "place.preposition",
                                             "direction.to",
                                             "direction.from",
                                             "direction.location",
                                             "condition",
                                             "modality",
                                             "party.both",
                                             "instrument.decree",
                                             "instrument.law",
                                             "instrument.vote",
                                             "instrument.approval",
                                             "vote",
                                             "signing.blocker",
                                             "counterparty",
                                             "debris.line",
                                             "debris.prefix",
                                             "debris.contains",
                                             "date.now",
                                             "abbreviation",
                                             "direction.purpose",
                                             "ratification.assent",
                                             "date.anaphoric"};
  return k;
}

RuleSet RuleSet::parse_string(std::string_view text, const std::string& name) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  RuleSet set;
  Parser(text, name).run(set.rules_);
  return set;
}

RuleSet RuleSet::load_dir(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw IoError(dir, "not a folder of rule files");
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".rules") files.push_back(e.path().string());
  if (ec) throw IoError(dir, ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw IoError(dir, "no *.rules files");
  RuleSet all;
  for (const auto& f : files) all.merge(parse_string(read_file(f), f));
  return all;
}

void RuleSet::merge(RuleSet other) {
  for (auto& r : other.rules_) {
    if (r.kind == Rule::Kind::kTrigger) {
      for (const Rule& mine : rules_)
        if (mine.kind == Rule::Kind::kTrigger && mine.id == r.id)
          throw SyntaxError(r.file, r.pos,
                            "duplicate rule id '" + r.id + "' (first defined at " + mine.file +
                                ":" + std::to_string(mine.pos.line + 1) + ")");
    }
    rules_.push_back(std::move(r));
  }
}

std::vector<std::string> RuleSet::cue_texts(std::string_view set) const {
  std::vector<std::string> out;
  for (const Rule& r : rules_)
    if (r.kind == Rule::Kind::kCue && r.id == set)
      for (const auto& p : r.phrases) out.push_back(p.text);
  return out;
}

const Rule* RuleSet::find(std::string_view id) const {
  for (const Rule& r : rules_)
    if (r.id == id) return &r;
  return nullptr;
}

}  // namespace treatykg::extract
