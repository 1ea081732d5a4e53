// Generates a benchmark corpus as JSON Lines: articles made of the sample articles' sentences with
// entities, numbers, months and weekdays swapped at random, mixed with off-topic prose.
// Deterministic for a given seed.
//
//   extract_corpus_gen --samples samples/articles --mb 10 --seed 42 [--topic 0.5] > corpus.jsonl

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "facts/value.hpp"
#include "text/reader.hpp"
#include "text/segment.hpp"

using namespace treatykg;

namespace {

const std::vector<std::string> kStates = {
    "Russia",  "North Korea", "Belarus",           "Iran",  "China",
    "Ukraine", "South Korea", "the United States", "Japan", "Syria"};
const std::vector<std::string> kMonths = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};
const std::vector<std::string> kDays = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
const std::vector<std::string> kFiller = {
    "The weather in the capital stayed mild for most of the week, with light rain in the evenings.",
    "Local markets reported steady prices for grain, vegetables and cooking oil.",
    "A new exhibition of modern painting opened at the city museum on the riverbank.",
    "Football fans gathered in the main square to watch the final on a giant screen.",
    "The university announced a scholarship programme for students of engineering and medicine.",
    "Traffic on the northern ring road was slowed by repairs to an old bridge.",
    "Several airlines added seasonal flights to coastal resorts for the summer.",
    "The central bank left its key interest rate unchanged at the monthly meeting.",
    "Researchers published a study on the migration of birds across the mountain passes.",
    "A jazz festival drew thousands of visitors to the old town over the weekend."};

constexpr const char* kUsage =
    "usage: extract_corpus_gen [--samples DIR] [--mb N] [--seed N] [--topic SHARE] > corpus.jsonl\n";

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size())
    s.replace(p, from.size(), to);
}

}  // namespace

int main(int argc, char** argv) {
  std::string samples = "samples/articles";
  double mb = 10;
  unsigned seed = 42;
  double topic =
      0.5;  // share of sentences taken from the sample articles; the rest is off-topic prose
  if (argc % 2 == 0) {  // every option takes a value
    std::fputs(kUsage, stderr);
    return 2;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--samples")
      samples = argv[i + 1];
    else if (a == "--mb")
      mb = std::atof(argv[i + 1]);
    else if (a == "--seed")
      seed = static_cast<unsigned>(std::atoi(argv[i + 1]));
    else if (a == "--topic")
      topic = std::atof(argv[i + 1]);
    else {
      std::fprintf(stderr, "extract_corpus_gen: unknown option '%s'\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  DiagnosticSink sink;
  text::ArticleReader reader({samples}, sink);
  text::Segmenter seg;
  std::vector<std::string> sentences;
  while (auto doc = reader.next())
    for (const auto& u : seg.split(doc->body))
      if (u.kind == text::UnitKind::kSentence || u.kind == text::UnitKind::kBullet)
        sentences.emplace_back(doc->body.substr(u.begin, u.end - u.begin));
  if (sentences.empty()) {
    std::fprintf(stderr, "extract_corpus_gen: no sentences in %s\n", samples.c_str());
    return 1;
  }
  std::mt19937 rng(seed);
  auto pick = [&](const std::vector<std::string>& v) -> const std::string& {
    return v[rng() % v.size()];
  };
  const std::size_t target = static_cast<std::size_t>(mb * 1024 * 1024);
  std::size_t written = 0;
  std::string line;
  for (std::size_t n = 0; written < target; ++n) {
    std::string body;
    int count = 8 + static_cast<int>(rng() % 20);
    for (int k = 0; k < count; ++k) {
      std::string s =
          (static_cast<double>(rng() % 1000) >= topic * 1000) ? pick(kFiller) : pick(sentences);
      // Vary entities, numbers and dates.
      replace_all(s, "North Korea", "@A@");
      replace_all(s, "Russia", "@B@");
      replace_all(s, "@A@", pick(kStates));
      replace_all(s, "@B@", pick(kStates));
      for (const auto& m : kMonths) replace_all(s, m, pick(kMonths));
      for (const auto& d : kDays) replace_all(s, d, pick(kDays));
      std::string out;
      for (char c : s)
        out += (c >= '1' && c <= '9' && rng() % 2) ? static_cast<char>('1' + rng() % 9) : c;
      body += out;
      body += (rng() % 4 == 0) ? "\n" : " ";
    }
    facts::Value rec = facts::Value::object();
    rec.set("id", "bench-" + std::to_string(n));
    rec.set("published",
            "2024-" + std::string(rng() % 2 ? "11" : "12") + "-0" + std::to_string(1 + rng() % 9));
    rec.set("text", body);
    line.clear();
    facts::append_json(line, rec);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
    written += line.size();
  }
  return std::ferror(stdout) ? 1 : 0;
}
