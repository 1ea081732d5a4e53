// Scores the extractor against the gold facts of the five seed articles
// (tests/gold/facts/<id>.jsonl), written by reading the articles. A predicted fact matches a gold
// fact of the same article and type when its evidence sentence contains the gold `evidence` text
// and every compared field of that type is equal (a field absent in the gold must be absent in the
// prediction). Duplicate records (a headline repeated on the page) count once. Prints a per-type
// precision/recall table and fails below precision 0.95 or recall 0.90 (micro-averaged over all
// types).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "base/utf8.hpp"
#include "extract/extractor.hpp"
#include "json_value.hpp"
#include "test_lexicon.hpp"
#include "text/reader.hpp"

namespace treatykg {
namespace {

namespace fs = std::filesystem;
using facts::Value;

const std::map<std::string, std::vector<std::string>>& compared_fields() {
  static const std::map<std::string, std::vector<std::string>> k = {
      {"treaty_mention", {"treaty", "alias"}},
      {"signing", {"treaty", "date", "place", "signatories"}},
      {"ratification", {"treaty", "party", "by", "date", "instrument"}},
      {"exchange_of_instruments", {"treaty", "date", "place"}},
      {"entry_into_force", {"treaty", "date"}},
      {"obligation", {"treaty", "obligationType", "boundParties"}},
      {"replaced_agreement", {"treaty", "replaced", "replacedYear"}},
      {"troop_deployment",
       {"from", "to", "location", "count", "countMax", "qualifier", "asOf", "attributedTo",
        "hedged"}},
      {"arms_transfer",
       {"supplier", "recipient", "item", "count", "countMax", "qualifier", "since", "until",
        "attributedTo"}},
      {"meeting", {"participants", "date", "place"}},
      {"statement", {"speaker", "date", "about"}},
  };
  return k;
}

// A field as comparable text: dates by value, lists as sorted sets, absent as "-".
std::string project(const Value& record, const std::string& field) {
  const Value* v = record.find(field);
  if (!v) return "-";
  switch (v->kind()) {
    case Value::Kind::kObject: {
      const Value* val = v->find("value");
      return val ? val->as_string() : std::string("unresolved");
    }
    case Value::Kind::kArray: {
      std::vector<std::string> items;
      for (const auto& e : v->as_array())
        items.push_back(e.is_string() ? e.as_string() : facts::to_json(e));
      std::sort(items.begin(), items.end());
      std::string s = "[";
      for (const auto& i : items) s += i + ",";
      return s + "]";
    }
    case Value::Kind::kString:
      return v->as_string();
    default:
      return facts::to_json(*v);
  }
}

struct Item {
  std::string article, type, evidence, fields;
};

TEST(Gold, SeedArticlesMeetPrecisionAndRecall) {
  const std::string root = TREATYKG_SOURCE_DIR;
  auto lexicon = testing::lexicon_from_turtle({root + "/mappings/lexicon.ttl"});
  extract::Extractor extractor(lexicon, extract::RuleSet::load_dir(root + "/mappings/rules"));
  DiagnosticSink sink;
  text::ArticleReader reader({root + "/samples/articles"}, sink);

  std::vector<Item> pred, gold;
  std::map<std::string, std::set<std::string>> pred_entities, gold_entities;
  std::map<std::string, std::map<std::string, std::vector<std::string>>>
      evidence_of;  // article -> sentences
  int articles = 0;
  while (auto doc = reader.next()) {
    ++articles;
    auto records = extractor.run(*doc, sink);
    // Offsets round-trip: body[begin:end] == evidence, in code points.
    std::u32string body32;
    for (std::size_t i = 0; i < doc->body.size();) body32 += utf8::decode(doc->body, i);
    for (const auto& r : records) {
      const std::string type = r.find("type")->as_string();
      if (type == "article") continue;
      if (type == "entity") {
        pred_entities[doc->id].insert(r.find("entity")->as_string());
        continue;
      }
      const Value& ev = *r.find("evidence");
      auto b = static_cast<std::size_t>(ev.find("begin")->as_int()),
           e = static_cast<std::size_t>(ev.find("end")->as_int());
      std::string slice;
      for (std::size_t i = b; i < e && i < body32.size(); ++i) utf8::append(slice, body32[i]);
      EXPECT_EQ(slice, ev.find("text")->as_string()) << r.find("id")->as_string();
      std::string fields;
      for (const auto& f : compared_fields().at(type)) fields += f + "=" + project(r, f) + "; ";
      pred.push_back(Item{doc->id, type, ev.find("text")->as_string(), fields});
    }
    std::ifstream g(root + "/tests/gold/facts/" + doc->id + ".jsonl");
    ASSERT_TRUE(g) << "no gold file for " << doc->id;
    std::string line;
    while (std::getline(g, line)) {
      if (line.empty()) continue;
      Value v = testing::parse_json(line);
      const std::string type = v.find("type")->as_string();
      if (type == "entity") {
        for (const auto& e : v.find("entities")->as_array())
          gold_entities[doc->id].insert(e.as_string());
        continue;
      }
      ASSERT_TRUE(compared_fields().count(type)) << "unknown type in gold: " << type;
      std::string fields;
      for (const auto& f : compared_fields().at(type)) fields += f + "=" + project(v, f) + "; ";
      gold.push_back(Item{doc->id, type, v.find("evidence")->as_string(), fields});
    }
  }
  ASSERT_EQ(articles, 5);
  auto dedup = [](std::vector<Item>& v) {
    std::set<std::string> seen;
    std::vector<Item> out;
    for (auto& i : v)
      if (seen.insert(i.article + "|" + i.type + "|" + i.evidence + "|" + i.fields).second)
        out.push_back(i);
    v = std::move(out);
  };
  dedup(pred);
  dedup(gold);

  struct Row {
    int gold = 0, pred = 0, tp = 0;
  };
  std::map<std::string, Row> rows;
  std::vector<bool> used(pred.size(), false);
  std::vector<std::string> misses, extras;
  for (const auto& g : gold) {
    rows[g.type].gold++;
    bool hit = false;
    for (std::size_t i = 0; i < pred.size() && !hit; ++i) {
      const auto& p = pred[i];
      if (used[i] || p.article != g.article || p.type != g.type || p.fields != g.fields) continue;
      if (p.evidence.find(g.evidence) == std::string::npos) continue;
      used[i] = hit = true;
    }
    if (hit)
      rows[g.type].tp++;
    else
      misses.push_back(g.article.substr(0, 3) + " " + g.type + " {" + g.fields + "} << " +
                       g.evidence);
  }
  for (std::size_t i = 0; i < pred.size(); ++i) {
    rows[pred[i].type].pred++;
    if (!used[i])
      extras.push_back(pred[i].article.substr(0, 3) + " " + pred[i].type + " {" + pred[i].fields +
                       "} << " + pred[i].evidence.substr(0, 90));
  }
  for (const auto& [article, keys] : gold_entities) {
    auto& row = rows["entity"];
    row.gold += static_cast<int>(keys.size());
    for (const auto& k : keys) {
      if (pred_entities[article].count(k))
        row.tp++;
      else
        misses.push_back(article.substr(0, 3) + " entity " + k);
    }
  }
  for (const auto& [article, keys] : pred_entities) {
    rows["entity"].pred += static_cast<int>(keys.size());
    for (const auto& k : keys)
      if (!gold_entities[article].count(k)) extras.push_back(article.substr(0, 3) + " entity " + k);
  }

  int tg = 0, tpred = 0, ttp = 0;
  std::printf("\n%-24s %5s %5s %5s %9s %7s\n", "type", "gold", "pred", "match", "precision",
              "recall");
  for (const auto& [type, r] : rows) {
    std::printf("%-24s %5d %5d %5d %9.3f %7.3f\n", type.c_str(), r.gold, r.pred, r.tp,
                r.pred ? double(r.tp) / r.pred : 1.0, r.gold ? double(r.tp) / r.gold : 1.0);
    tg += r.gold, tpred += r.pred, ttp += r.tp;
  }
  double precision = tpred ? double(ttp) / tpred : 1.0, recall = tg ? double(ttp) / tg : 1.0;
  std::printf("%-24s %5d %5d %5d %9.3f %7.3f\n\n", "ALL (micro)", tg, tpred, ttp, precision,
              recall);
  for (const auto& m : misses) std::printf("  missed:    %s\n", m.c_str());
  for (const auto& e : extras) std::printf("  unmatched: %s\n", e.c_str());
  EXPECT_GE(precision, 0.95);
  EXPECT_GE(recall, 0.90);
}

}  // namespace
}  // namespace treatykg
