#pragma once
// TEST-ONLY reader for the Turtle subset of mappings/lexicon.ttl (prefixes, IRIs, prefixed names,
// `a`, literals with @lang or ^^type, `,` and `;` lists). The product reads the lexicon through the
// rdf layer (pipeline::load_lexicon); tests of src/extract must not depend on RDF, so they use this
// small reader with the same conversion rules (label, aliases incl. hiddenLabel, class, Wikidata,
// capitalOf, demonym, party, and the state reached over skos:broader / holdsOffice / officeOf).

#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "extract/lexicon.hpp"

namespace treatykg::testing {

struct Triple {
  std::string s, p, o;
  bool literal = false;
  std::string lang;
};

inline std::vector<Triple> parse_turtle_subset(const std::string& text) {
  std::map<std::string, std::string> prefixes;
  std::size_t i = 0;
  auto ws = [&] {
    while (i < text.size()) {
      if (text[i] == '#') {
        while (i < text.size() && text[i] != '\n') ++i;
      } else if (std::isspace(static_cast<unsigned char>(text[i]))) {
        ++i;
      } else {
        break;
      }
    }
  };
  auto fail = [&](const std::string& m) {
    throw std::runtime_error("test lexicon: " + m + " at byte " + std::to_string(i));
  };
  struct Term {
    std::string v;
    bool literal = false;
    std::string lang;
  };
  auto term = [&]() -> Term {
    ws();
    if (i >= text.size()) fail("unexpected end");
    char c = text[i];
    if (c == '<') {
      std::size_t e = text.find('>', i);
      Term t{text.substr(i + 1, e - i - 1), false, {}};
      i = e + 1;
      return t;
    }
    if (c == '"') {
      ++i;
      std::string v;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\') {
          ++i;
          char e = text[i++];
          if (e == 'n')
            v += '\n';
          else if (e == 't')
            v += '\t';
          else
            v += e;
        } else {
          v += text[i++];
        }
      }
      ++i;
      Term t{v, true, {}};
      if (i < text.size() && text[i] == '@') {
        std::size_t b = ++i;
        while (i < text.size() &&
               (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '-'))
          ++i;
        t.lang = text.substr(b, i - b);
      } else if (text.compare(i, 2, "^^") == 0) {
        i += 2;
        ws();
        if (text[i] == '<') {
          i = text.find('>', i) + 1;
        } else {
          while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) &&
                 text[i] != ';' && text[i] != ',')
            ++i;
          if (text[i - 1] == '.') --i;
        }
      }
      return t;
    }
    std::size_t b = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) &&
           text[i] != ';' && text[i] != ',')
      ++i;
    if (i > b + 1 && text[i - 1] == '.') --i;  // statement end
    std::string w = text.substr(b, i - b);
    if (w == "a") return Term{"http://www.w3.org/1999/02/22-rdf-syntax-ns#type", false, {}};
    if (w == "true" || w == "false" || std::isdigit(static_cast<unsigned char>(w[0])))
      return Term{w, true, {}};
    auto colon = w.find(':');
    if (colon == std::string::npos) fail("bad term '" + w + "'");
    auto it = prefixes.find(w.substr(0, colon));
    if (it == prefixes.end()) fail("unknown prefix in '" + w + "'");
    return Term{it->second + w.substr(colon + 1), false, {}};
  };
  std::vector<Triple> out;
  while (true) {
    ws();
    if (i >= text.size()) break;
    if (text.compare(i, 7, "@prefix") == 0 || text.compare(i, 6, "PREFIX") == 0) {
      i += text[i] == '@' ? 7 : 6;
      ws();
      std::size_t b = i;
      while (text[i] != ':') ++i;
      std::string p = text.substr(b, i - b);
      ++i;
      Term iri = term();
      prefixes[p] = iri.v;
      ws();
      if (i < text.size() && text[i] == '.') ++i;
      continue;
    }
    Term s = term();
    while (true) {
      Term p = term();
      while (true) {
        Term o = term();
        out.push_back(Triple{s.v, p.v, o.v, o.literal, o.lang});
        ws();
        if (text[i] == ',') {
          ++i;
          continue;
        }
        break;
      }
      ws();
      if (text[i] == ';') {
        ++i;
        ws();
        if (text[i] == '.') break;
        continue;
      }
      break;
    }
    ws();
    if (i >= text.size() || text[i] != '.') fail("expected '.'");
    ++i;
  }
  return out;
}

inline extract::Lexicon lexicon_from_turtle(const std::vector<std::string>& paths) {
  const std::string ns = "https://w3id.org/treatykg/entity/";
  const std::string tkg = "https://w3id.org/treatykg/ontology#";
  const std::string skos = "http://www.w3.org/2004/02/skos/core#";
  const std::string label = "http://www.w3.org/2000/01/rdf-schema#label";
  const std::string type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
  const std::string wd = "http://www.wikidata.org/entity/";
  std::vector<Triple> all;
  for (const auto& p : paths) {
    std::ifstream f(p, std::ios::binary);
    if (!f) throw std::runtime_error("test lexicon: cannot open " + p);
    std::stringstream ss;
    ss << f.rdbuf();
    auto t = parse_turtle_subset(ss.str());
    all.insert(all.end(), t.begin(), t.end());
  }
  std::map<std::string, extract::LexiconEntry> entries;
  std::map<std::string, std::vector<std::string>> up;
  auto add = [](std::vector<std::string>& v, const std::string& s) {
    for (auto& x : v)
      if (x == s) return;
    v.push_back(s);
  };
  auto en = [](const Triple& t) {
    return t.literal && (t.lang.empty() || t.lang == "en" || t.lang.rfind("en-", 0) == 0);
  };
  for (const auto& t : all) {
    if (t.s.rfind(ns, 0) != 0 || t.s.size() == ns.size()) continue;
    auto& e = entries[t.s];
    e.iri = t.s;
    e.key = t.s.substr(ns.size());
    if (t.p == type && t.o.rfind(tkg, 0) == 0)
      e.class_name = t.o.substr(tkg.size());
    else if (t.p == label && en(t)) {
      if (e.label.empty()) e.label = t.o;
      add(e.aliases, t.o);
    } else if ((t.p == skos + "prefLabel" || t.p == skos + "altLabel" ||
                t.p == skos + "hiddenLabel") &&
               en(t))
      add(e.aliases, t.o);
    else if (t.p == skos + "exactMatch" && t.o.rfind(wd, 0) == 0)
      e.wikidata = t.o.substr(wd.size());
    else if (t.p == tkg + "capitalOf")
      e.capital_of = t.o.substr(ns.size());
    else if (t.p == tkg + "demonym" && en(t))
      add(e.demonyms, t.o);
    else if (t.p == tkg + "party")
      add(e.parties, t.o.substr(ns.size()));
    else if (t.p == tkg + "yearConcluded")
      e.year_concluded = t.o;
    else if ((t.p == skos + "broader" || t.p == tkg + "holdsOffice" || t.p == tkg + "officeOf") &&
             t.o.rfind(ns, 0) == 0)
      up[e.key].push_back(t.o.substr(ns.size()));
  }
  extract::Lexicon lex;
  std::map<std::string, std::string> cls;
  for (auto& [iri, e] : entries)
    if (!e.label.empty()) {
      cls[e.key] = e.class_name;
      lex.entries.push_back(e);
    }
  for (auto& e : lex.entries) {
    if (e.class_name == "State") continue;
    std::vector<std::string> frontier{e.key};
    std::set<std::string> seen{e.key};
    std::string state;
    for (int d = 0; d < 8 && state.empty() && !frontier.empty(); ++d) {
      std::vector<std::string> next;
      for (auto& k : frontier)
        for (auto& u : up[k]) {
          if (cls[u] == "State" && state.empty()) state = u;
          if (seen.insert(u).second) next.push_back(u);
        }
      frontier = next;
    }
    if (state.empty()) continue;
    if (e.class_name == "Place" || e.class_name == "City" || e.class_name == "Region")
      e.located_in = state;
    else
      e.represents = state;
  }
  lex.source = paths.empty() ? "" : paths[0];
  return lex;
}

}  // namespace treatykg::testing
