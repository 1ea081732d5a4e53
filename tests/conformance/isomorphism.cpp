#include "isomorphism.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

namespace treatykg::conformance {

using rdf::Quad;
using rdf::Term;

namespace {

bool has_blank(const Quad& q) {
  return q.subject.is_blank() || q.object.is_blank() || q.graph.is_blank();
}

std::size_t mix(std::size_t h, std::size_t v) {
  return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

std::size_t term_hash(const Term& t, const std::map<std::string, std::size_t>& colors) {
  if (t.is_blank()) return mix(7, colors.at(t.value));
  std::hash<std::string> h;
  return mix(mix(mix(static_cast<std::size_t>(t.kind), h(t.value)), h(t.datatype)), h(t.language));
}

std::map<std::string, std::size_t> refine(const std::vector<Quad>& qs) {
  std::map<std::string, std::size_t> colors;
  for (const auto& q : qs)
    for (const Term* t : {&q.subject, &q.object, &q.graph})
      if (t->is_blank()) colors[t->value] = 1;
  for (std::size_t round = 0; round < colors.size() + 1 && round < 64; ++round) {
    std::map<std::string, std::vector<std::size_t>> sigs;
    for (const auto& q : qs) {
      const Term* pos[] = {&q.subject, &q.predicate, &q.object, &q.graph};
      for (int k = 0; k < 4; ++k) {
        if (!pos[k]->is_blank()) continue;
        std::size_t h = static_cast<std::size_t>(k + 1);
        for (int j = 0; j < 4; ++j) h = mix(h, j == k ? 99 : term_hash(*pos[j], colors));
        sigs[pos[k]->value].push_back(h);
      }
    }
    std::map<std::string, std::size_t> next;
    for (auto& [b, v] : sigs) {
      std::sort(v.begin(), v.end());
      std::size_t h = colors[b];
      for (auto x : v) h = mix(h, x);
      next[b] = h;
    }
    std::set<std::size_t> before, after;
    for (auto& [b, c] : colors) before.insert(c);
    for (auto& [b, c] : next) after.insert(c);
    colors.swap(next);
    if (after.size() == before.size() && round > 0) break;
  }
  return colors;
}

}  // namespace

bool isomorphic(std::vector<Quad> a, std::vector<Quad> b, std::string* why) {
  for (auto* v : {&a, &b}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  std::vector<Quad> ga, gb, ba, bb;
  for (auto& q : a) (has_blank(q) ? ba : ga).push_back(q);
  for (auto& q : b) (has_blank(q) ? bb : gb).push_back(q);
  if (ga != gb) {
    if (why) {
      std::vector<Quad> missing, extra;
      std::set_difference(gb.begin(), gb.end(), ga.begin(), ga.end(), std::back_inserter(missing));
      std::set_difference(ga.begin(), ga.end(), gb.begin(), gb.end(), std::back_inserter(extra));
      *why = "";
      for (std::size_t i = 0; i < missing.size() && i < 8; ++i)
        *why += "  missing: " + rdf::to_nquads(missing[i]) + "\n";
      for (std::size_t i = 0; i < extra.size() && i < 8; ++i)
        *why += "  extra:   " + rdf::to_nquads(extra[i]) + "\n";
    }
    return false;
  }
  if (ba.size() != bb.size()) {
    if (why)
      *why = "  " + std::to_string(ba.size()) + " quads with blank nodes, expected " +
             std::to_string(bb.size()) + "\n";
    return false;
  }
  if (ba.empty()) return true;
  auto ca = refine(ba), cb = refine(bb);
  if (ca.size() != cb.size()) {
    if (why)
      *why = "  " + std::to_string(ca.size()) + " blank nodes, expected " +
             std::to_string(cb.size()) + "\n";
    return false;
  }
  std::set<Quad> target(bb.begin(), bb.end());
  std::map<std::size_t, std::vector<std::string>> classes_b;
  for (auto& [n, c] : cb) classes_b[c].push_back(n);
  std::vector<std::string> order;
  for (auto& [n, c] : ca) order.push_back(n);
  std::sort(order.begin(), order.end(), [&](const std::string& x, const std::string& y) {
    auto sx = classes_b.count(ca[x]) ? classes_b[ca[x]].size() : 0,
         sy = classes_b.count(ca[y]) ? classes_b[ca[y]].size() : 0;
    return sx != sy ? sx < sy : x < y;
  });
  // Quads of A indexed by the blank nodes they mention, to check each as soon as it is fully
  // mapped.
  std::unordered_map<std::string, std::vector<const Quad*>> by_blank;
  for (const auto& q : ba)
    for (const Term* t : {&q.subject, &q.object, &q.graph})
      if (t->is_blank()) by_blank[t->value].push_back(&q);
  std::map<std::string, std::string> m;
  std::set<std::string> used;
  auto map_term = [&](const Term& t, bool& complete) {
    if (!t.is_blank()) return t;
    auto it = m.find(t.value);
    if (it == m.end()) {
      complete = false;
      return t;
    }
    return Term::blank(it->second);
  };
  std::size_t steps = 0;
  std::function<bool(std::size_t)> dfs = [&](std::size_t k) -> bool {
    if (++steps > 2000000) return false;
    if (k == order.size()) return true;
    const std::string& n = order[k];
    auto cls = classes_b.find(ca[n]);
    if (cls == classes_b.end()) return false;
    for (const std::string& cand : cls->second) {
      if (used.count(cand)) continue;
      m[n] = cand;
      used.insert(cand);
      bool ok = true;
      for (const Quad* q : by_blank[n]) {
        bool complete = true;
        Quad mq{map_term(q->subject, complete), q->predicate, map_term(q->object, complete),
                map_term(q->graph, complete)};
        if (complete && !target.count(mq)) {
          ok = false;
          break;
        }
      }
      if (ok && dfs(k + 1)) return true;
      m.erase(n);
      used.erase(cand);
    }
    return false;
  };
  if (dfs(0)) return true;
  if (why) {
    *why = "  no blank node mapping makes the datasets equal; produced quads with blank nodes:\n";
    for (std::size_t i = 0; i < ba.size() && i < 12; ++i)
      *why += "    " + rdf::to_nquads(ba[i]) + "\n";
    *why += "  expected:\n";
    for (std::size_t i = 0; i < bb.size() && i < 12; ++i)
      *why += "    " + rdf::to_nquads(bb[i]) + "\n";
  }
  return false;
}

}  // namespace treatykg::conformance
