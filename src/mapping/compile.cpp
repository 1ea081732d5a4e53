// compile: normalised mapping graph -> Plan. All validation happens here, before any output.

#include <algorithm>
#include <atomic>
#include <map>
#include <set>

#include "base/edit_distance.hpp"
#include "base/error.hpp"
#include "mapping/graph.hpp"
#include "mapping/normalise.hpp"
#include "mapping/plan.hpp"
#include "mapping/vocab.hpp"
#include "rdf/reader.hpp"
#include "rdf/vocab.hpp"

namespace treatykg::mapping {

using rdf::Term;
using vocab::rml;

void Reference::evaluate(const facts::Value& record, std::vector<const facts::Value*>& out) const {
  if (single_key) {
    if (record.is_object())
      if (const facts::Value* v = record.find(key)) out.push_back(v);
    return;
  }
  if (!names.empty()) {
    const facts::Value* v = &record;
    for (const auto& n : names)
      if (!(v = v->find(n))) return;  // find: nullptr for a non-object too
    if (!wildcard) {
      out.push_back(v);
    } else if (v->is_array()) {
      for (const auto& e : v->as_array()) out.push_back(&e);
    } else if (v->is_object()) {
      for (const auto& m : v->as_object()) out.push_back(&m.second);
    }
    return;
  }
  path->evaluate(record, out);
}

namespace {

bool is_a(const Graph& g, const Term& node, const std::string& cls) {
  return g.contains(node, Term::iri(rdf::vocab::kRdfType), Term::iri(cls));
}

bool is_iri(const Term& t, const std::string& iri) {
  return t.is_iri() && t.value == iri;
}

std::string local(const Term& t) {
  if (t.is_iri() && t.value.rfind(vocab::kRml, 0) == 0)
    return "rml:" + t.value.substr(vocab::kRml.size());
  return describe(t);
}

// How a mapping node is named in messages: its IRI, or for a blank node what it holds
// (`[rml:template "x/{a}"]`), since labels like _:b3 mean nothing to the user. `props`: the node's.
std::string name_of(const Graph& g, const Term& node, const RmlProperties& props) {
  if (!node.is_blank()) return describe(node);
  static constexpr std::string_view kShown[] = {"template",          "reference",        "constant",
                                                "functionExecution", "predicate",        "path",
                                                "iterator",          "parentTriplesMap", "gather"};
  for (const std::string_view p : kShown) {
    const Term* v = props.find(p);
    if (!v) continue;
    const std::string shown = "[rml:" + std::string(p) + " ";
    if (p == "predicate" || p == "path") return shown + describe(*v) + "]";
    return shown + (v->is_blank() ? std::string("[...]") : describe(*v)) + "]";
  }
  if (const Term* pm = props.find("predicateMap"))
    if (auto c = g.object(*pm, vocab::rml("constant")))
      return "[rml:predicate " + describe(*c) + "]";
  if (const Term* source = props.find("source"))
    if (auto path = g.object(*source, vocab::rml("path")))
      return "[rml:source [rml:path " + describe(*path) + "]]";
  return "[]";
}

std::string name_of(const Graph& g, const Term& node) {
  return node.is_blank() ? name_of(g, node, RmlProperties(g, node)) : describe(node);
}

class Compiler {
 public:
  Compiler(const Graph& g, const Options& o, std::filesystem::path dir, std::string name,
           bool legacy)
      : g_(g), opts_(o), dir_(std::move(dir)), doc_(std::move(name)), legacy_(legacy) {
    impl_ = std::make_shared<Plan::Impl>();
    impl_->options = o;
    impl_->mapping_dir = dir_;
  }

  std::shared_ptr<Plan::Impl> run() {
    // Triples maps: nodes with a logical source, or typed rml:TriplesMap.
    std::set<Term> tms;
    for (auto& t : g_.subjects_with(rml("logicalSource"))) tms.insert(t);
    for (auto& t : g_.subjects(rdf::vocab::kRdfType, Term::iri(rml("TriplesMap")))) tms.insert(t);
    // Nodes only used as a named logical source are not triples maps.
    for (const Term& t : tms) {
      if (!g_.object(t, rml("subjectMap")) && !g_.object(t, rml("predicateObjectMap")) &&
          !is_a(g_, t, rml("TriplesMap")))
        continue;
      tm_index_[t] = static_cast<int>(tm_nodes_.size());
      tm_nodes_.push_back(t);
    }
    if (tm_nodes_.empty())
      throw MappingError(doc_ + ": error: no triples map (rml:TriplesMap) found");
    impl_->maps.resize(tm_nodes_.size());
    for (std::size_t i = 0; i < tm_nodes_.size(); ++i) compile_triples_map(static_cast<int>(i));
    for (auto& t : impl_->targets) t.unsafe_iris = !impl_->unsafe_iri_maps.empty();
    return impl_;
  }

 private:
  [[noreturn]] void fail(const std::string& where, const std::string& msg) const {
    throw MappingError(doc_ + ": error: " + where + ": " + msg);
  }

  void compile_triples_map(int index) {
    const Term& node = tm_nodes_[static_cast<std::size_t>(index)];
    TriplesMapPlan& tm = impl_->maps[static_cast<std::size_t>(index)];
    tm.name = describe(node);
    std::string where = "triples map " + tm.name;
    auto ls = g_.objects(node, rml("logicalSource"));
    if (ls.size() != 1)
      fail(where, ls.empty() ? "no rml:logicalSource" : "more than one rml:logicalSource");
    tm.source = compile_source(ls[0], where);
    Formulation f = impl_->sources[static_cast<std::size_t>(tm.source)].formulation;
    std::string base = opts_.base_iri;
    if (auto b = g_.object(node, rml("baseIRI"))) base = b->value;
    base_ = base;

    auto sms = g_.objects(node, rml("subjectMap"));
    if (sms.empty()) fail(where, "no subject map (rml:subjectMap)");
    if (sms.size() > 1) fail(where, "more than one subject map (rml:subjectMap)");
    tm.subject = compile_term_map(sms[0], "subject", where, f);
    for (const Term& gm : g_.objects(sms[0], rml("graphMap")))
      tm.subject_graphs.push_back(compile_term_map(gm, "graph", where, f));

    for (const Term& pom : g_.objects(node, rml("predicateObjectMap"))) {
      PredicateObjectGen gen;
      const RmlProperties props(g_, pom);
      std::string pw = where + ", predicate-object map " + name_of(g_, pom, props);
      for (const Term& pm : props.objects("predicateMap"))
        gen.predicates.push_back(compile_term_map(pm, "predicate", pw, f));
      if (gen.predicates.empty()) fail(pw, "no predicate (rml:predicate or rml:predicateMap)");
      for (const Term& om : props.objects("objectMap")) {
        ObjectGen og;
        if (g_.object(om, rml("parentTriplesMap"))) {
          og.is_ref = true;
          og.ref = compile_ref_object_map(om, pw, f);
        } else {
          og.term = compile_term_map(om, "object", pw, f);
        }
        gen.objects.push_back(std::move(og));
      }
      if (gen.objects.empty()) fail(pw, "no object (rml:object or rml:objectMap)");
      for (const Term& gm : props.objects("graphMap"))
        gen.graphs.push_back(compile_term_map(gm, "graph", pw, f));
      tm.poms.push_back(std::move(gen));
    }
  }

  std::shared_ptr<RefObjectMap> compile_ref_object_map(const Term& om, const std::string& where,
                                                       Formulation child_f) {
    auto ref = std::make_shared<RefObjectMap>();
    std::string w = where + ", referencing object map " + name_of(g_, om);
    Term parent = *g_.object(om, rml("parentTriplesMap"));
    auto it = tm_index_.find(parent);
    if (it == tm_index_.end())
      fail(w, "rml:parentTriplesMap " + describe(parent) + " is not a triples map");
    ref->parent = it->second;
    // The parent's formulation: compile its source now (idempotent).
    auto pls = g_.objects(parent, rml("logicalSource"));
    if (pls.size() != 1) fail(w, "parent triples map has no single logical source");
    int psrc = compile_source(pls[0], "triples map " + describe(parent));
    Formulation parent_f = impl_->sources[static_cast<std::size_t>(psrc)].formulation;
    for (const Term& jc : g_.objects(om, rml("joinCondition"))) {
      std::string jw = w + ", join condition " + name_of(g_, jc);
      TermMap child, par;
      if (auto c = g_.object(jc, rml("child"))) {
        child.kind = TermMap::Kind::kReference;
        child.type = TermType::kLiteral;
        child.reference = compile_reference(c->value, child_f, jw);
      } else if (auto cm = g_.object(jc, rml("childMap"))) {
        child = compile_term_map(*cm, "join", jw, child_f);
      } else {
        fail(jw, "no rml:child");
      }
      if (auto p = g_.object(jc, rml("parent"))) {
        par.kind = TermMap::Kind::kReference;
        par.type = TermType::kLiteral;
        par.reference = compile_reference(p->value, parent_f, jw);
      } else if (auto pm = g_.object(jc, rml("parentMap"))) {
        par = compile_term_map(*pm, "join", jw, parent_f);
      } else {
        fail(jw, "no rml:parent");
      }
      ref->conditions.emplace_back(std::move(child), std::move(par));
    }
    ref->targets = targets_of(om, w);
    return ref;
  }

  Reference compile_reference(const std::string& text, Formulation f, const std::string& where) {
    Reference r;
    r.text = text;
    r.formulation = f;
    if (f == Formulation::kCsv) {
      r.key = text;
      r.single_key = true;
      r.record_key = record_key(r.key);
      return r;
    }
    std::string expr = text;
    if (expr.empty()) fail(where, "empty reference");
    if (expr[0] != '$' && expr[0] != '@') {
      // Legacy JSON references are member names relative to the record ("Name", "a.b").
      expr = (expr[0] == '[' ? "$" : "$.") + expr;
    }
    try {
      r.path = jsonpath::Path::parse(expr);
    } catch (const MappingError& e) {
      fail(where, e.what());
    }
    if (r.path->is_simple_names() && r.path->segments().size() == 1) {
      r.single_key = true;
      r.key = r.path->segments()[0].names[0];
      r.record_key = record_key(r.key);
      return r;
    }
    // Member names, optionally ending in one `[*]`/`.*`: evaluated as plain lookups.
    const auto& segs = r.path->segments();
    std::size_t n = 0;
    while (n < segs.size() && segs[n].kind == jsonpath::Segment::Kind::kChild && !segs[n].recursive &&
           segs[n].names.size() == 1)
      ++n;
    const bool wildcard = n + 1 == segs.size() && segs[n].kind == jsonpath::Segment::Kind::kWildcard &&
                          !segs[n].recursive;
    if (n > 0 && (n == segs.size() || wildcard)) {
      for (std::size_t i = 0; i < n; ++i) r.names.push_back(segs[i].names[0]);
      r.wildcard = wildcard;
      r.record_key = record_key(r.names[0]);
    }
    return r;
  }

  // The Reference::record_key of member name `name`.
  int record_key(const std::string& name) {
    const auto [it, added] =
        record_key_ids_.emplace(name, static_cast<int>(record_key_ids_.size()));
    if (added) impl_->record_keys = record_key_ids_.size();
    return it->second;
  }

  std::vector<int> targets_of(const Term& map, const std::string& where) {
    return compile_targets(g_.objects(map, rml("logicalTarget")), where);
  }
  std::vector<int> compile_targets(const std::vector<Term>& logical_targets,
                                   const std::string& where) {
    std::vector<int> out;
    for (const Term& lt : logical_targets) out.push_back(compile_target(lt, where));
    return out;
  }

  int compile_target(const Term& lt, const std::string& where) {
    auto it = target_index_.find(lt);
    if (it != target_index_.end()) return it->second;
    std::string w = where + ", logical target " + name_of(g_, lt);
    TargetPlan t;
    auto target = g_.object(lt, rml("target"));
    if (!target) fail(w, "no rml:target");
    auto path = g_.object(*target, rml("path"));
    if (!path) fail(w, "target has no rml:path");
    t.path = path->value;
    t.relative_to_cwd = true;
    if (auto root = g_.object(*target, rml("root"));
        root && is_iri(*root, rml("MappingDirectory"))) {
      t.relative_to_cwd = false;
      t.path = (dir_ / t.path).string();
    }
    std::string ser = vocab::kFormats + "N-Quads";
    if (auto s = g_.object(lt, rml("serialization"))) ser = s->value;
    t.format_name = ser.substr(ser.rfind('/') + 1);
    if (t.format_name == "N-Quads")
      t.syntax = rdf::Syntax::kNQuads;
    else if (t.format_name == "N-Triples")
      t.syntax = rdf::Syntax::kNTriples;
    else if (t.format_name == "Turtle" || t.format_name == "N3")
      t.syntax = rdf::Syntax::kTurtle;
    else if (t.format_name == "TriG")
      t.syntax = rdf::Syntax::kTrig;
    else if (t.format_name == "JSON-LD")
      t.syntax = rdf::Syntax::kJsonLd;
    else if (t.format_name == "RDF_XML")
      t.syntax = rdf::Syntax::kRdfXml;
    else if (t.format_name == "RDF_JSON")
      t.syntax = rdf::Syntax::kRdfJson;
    else
      fail(w, "unsupported serialization " + ser +
                  " (supported: N-Quads, N-Triples, Turtle, N3, TriG, JSON-LD, RDF_XML, RDF_JSON)");
    auto comp = g_.object(lt, rml("compression"));
    if (!comp) comp = g_.object(*target, rml("compression"));
    if (comp) t.compression = compression_name(*comp, w);
    int idx = static_cast<int>(impl_->targets.size());
    impl_->targets.push_back(std::move(t));
    target_index_[lt] = idx;
    return idx;
  }

  std::string compression_name(const Term& c, const std::string& w) {
    if (is_iri(c, rml("none"))) return "";
    for (const char* n : {"gzip", "zip", "targz", "tarxz"})
      if (is_iri(c, rml(n))) return n;
    fail(w, "unknown compression " + describe(c));
  }

  int compile_source(const Term& ls, const std::string& where) {
    auto it = source_index_.find(ls);
    if (it != source_index_.end()) return it->second;
    std::string w = where + ", logical source " + name_of(g_, ls);
    SourcePlan s;
    auto src = g_.object(ls, rml("source"));
    if (!src) fail(w, "no rml:source");
    bool fact_stream = is_iri(*src, vocab::kFactStream) || is_a(g_, *src, vocab::kFactStream);
    auto rf = g_.object(ls, rml("referenceFormulation"));
    if (fact_stream) {
      s.kind = SourcePlan::Kind::kFactStream;
      s.key = "factstream";
    } else if (src->is_literal()) {
      // Legacy: the source is a path relative to the mapping (the suites run in the mapping's
      // folder).
      s.path = (dir_ / src->value).string();
    } else {
      auto path = g_.object(*src, rml("path"));
      if (!path)
        fail(w, "source " + describe(*src) +
                    " has no rml:path (only file sources and tkgm:FactStream are supported)");
      auto root = g_.object(*src, rml("root"));
      if (root && is_iri(*root, rml("CurrentWorkingDirectory"))) {
        s.path = path->value;
        s.relative_to_cwd = true;
      } else {
        s.path = (dir_ / path->value).string();
      }
      if (auto c = g_.object(*src, rml("compression"))) s.compression = compression_name(*c, w);
      if (auto e = g_.object(*src, rml("encoding")))
        s.encoding = e->value.substr(e->value.rfind('/') + 1);
      for (const Term& n : g_.objects(*src, rml("null"))) {
        s.nulls.push_back(n.value);
        s.nulls_given = true;
      }
    }
    if (rf) {
      if (is_iri(*rf, rml("JSONPath")))
        s.formulation = Formulation::kJsonPath;
      else if (is_iri(*rf, rml("CSV")))
        s.formulation = Formulation::kCsv;
      else
        fail(w, "unsupported reference formulation " + local(*rf) +
                    " (supported: rml:JSONPath, rml:CSV)");
    } else {
      std::string p = s.path;
      for (const char* ext : {".gz", ".zip", ".xz"})
        if (p.size() > 4 && p.ends_with(ext)) p = p.substr(0, p.size() - std::string(ext).size());
      if (p.ends_with(".tar")) p = p.substr(0, p.size() - 4);
      s.formulation =
          p.ends_with(".csv") || p.ends_with(".tsv") ? Formulation::kCsv : Formulation::kJsonPath;
    }
    if (fact_stream && s.formulation != Formulation::kJsonPath)
      fail(w, "tkgm:FactStream needs rml:JSONPath");
    std::string iter_text;
    if (auto iter = g_.object(ls, rml("iterator"))) iter_text = iter->value;
    if (s.formulation == Formulation::kJsonPath) {
      if (iter_text.empty()) iter_text = "$";
      try {
        s.iterator = jsonpath::Path::parse(iter_text);
      } catch (const MappingError& e) {
        fail(w, std::string("rml:iterator: ") + e.what());
      }
    }
    if (s.key.empty()) s.key = s.path;
    s.key += "|" + std::to_string(static_cast<int>(s.formulation)) + "|" + iter_text + "|" +
             s.compression + "|" + s.encoding;
    int idx = static_cast<int>(impl_->sources.size());
    impl_->sources.push_back(std::move(s));
    source_index_[ls] = idx;
    return idx;
  }

  TermType term_type_of(const RmlProperties& props, const std::string& w) {
    auto tt = props.object("termType");
    if (!tt) return TermType::kIri;
    // The local name of an rml: IRI, compared without building each IRI.
    const std::string_view type = tt->is_iri() && tt->value.starts_with(vocab::kRml)
                                      ? std::string_view(tt->value).substr(vocab::kRml.size())
                                      : std::string_view();
    if (type == "IRI") return TermType::kIri;
    if (type == "URI") return TermType::kUri;
    if (type == "UnsafeIRI") return TermType::kUnsafeIri;
    if (type == "BlankNode") return TermType::kBlank;
    if (type == "Literal") return TermType::kLiteral;
    fail(w, "unknown rml:termType " + describe(*tt));
  }

  TermMap compile_term_map(const Term& node, const std::string& role, const std::string& where,
                           Formulation f) {
    TermMap m;
    const RmlProperties props(g_, node);
    std::string w = where + ", " + role + " map " + name_of(g_, node, props);
    m.where = w;
    m.base_iri = base_;
    m.type = term_type_of(props, w);
    if (m.type == TermType::kUnsafeIri &&
        std::find(impl_->unsafe_iri_maps.begin(), impl_->unsafe_iri_maps.end(), w) == impl_->unsafe_iri_maps.end())
      impl_->unsafe_iri_maps.push_back(w);
    auto constant = props.objects("constant");
    auto reference = props.objects("reference");
    auto tmpl = props.objects("template");
    auto fn = props.objects("functionExecution");
    std::size_t n = constant.size() + reference.size() + tmpl.size() + fn.size();
    if (n > 1)
      fail(w, "more than one of rml:constant, rml:reference, rml:template, rml:functionExecution");
    if (!constant.empty()) {
      m.kind = TermMap::Kind::kConstant;
      m.constant = constant[0];
      if (m.constant.is_iri() && m.constant.value == rml("defaultGraph")) m.constant.value.clear();
      // The constant is the term: an explicit term type must agree with it.
      if (props.has("termType")) {
        bool ok = (m.constant.is_iri() && (m.type == TermType::kIri || m.type == TermType::kUri)) ||
                  (m.constant.is_literal() && m.type == TermType::kLiteral) ||
                  (m.constant.is_blank() && m.type == TermType::kBlank);
        if (!ok) fail(w, "rml:termType contradicts the constant " + describe(m.constant));
      }
      m.type = m.constant.is_literal() ? TermType::kLiteral
               : m.constant.is_blank() ? TermType::kBlank
                                       : TermType::kIri;
    } else if (!reference.empty()) {
      m.kind = TermMap::Kind::kReference;
      m.reference = compile_reference(reference[0].value, f, w);
    } else if (!tmpl.empty()) {
      m.kind = TermMap::Kind::kTemplate;
      try {
        m.parts = parse_template(tmpl[0].value);
      } catch (const MappingError& e) {
        fail(w, e.what());
      }
      for (const auto& p : m.parts)
        if (p.is_reference) m.part_refs.push_back(compile_reference(p.text, f, w));
      m.single_key_parts = std::all_of(m.part_refs.begin(), m.part_refs.end(),
                                       [](const Reference& r) { return r.single_key; });
      if ((m.type == TermType::kIri || m.type == TermType::kUri) && !m.parts.empty() &&
          !m.parts[0].is_reference) {
        // Reference values are percent-encoded (only unreserved and non-ASCII characters remain),
        // so a template whose fixed text, with any value in the holes, is an absolute IRI always is
        // one.
        std::string probe;
        for (const auto& p : m.parts) probe += p.is_reference ? "x" : p.text;
        std::string_view first = m.parts[0].text;
        bool scheme = first.find(':') != std::string_view::npos && first.find(':') > 0;
        for (std::size_t k = 0; scheme && k < first.find(':'); ++k) {
          char ch = first[k];
          scheme = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                   (k > 0 && ((ch >= '0' && ch <= '9') || ch == '+' || ch == '-' || ch == '.'));
        }
        m.prevalidated = scheme && rdf::is_valid_absolute_iri(probe);
      }
      if ((m.type == TermType::kIri || m.type == TermType::kUri || m.type == TermType::kUnsafeIri) &&
          !m.parts.empty() && !m.parts[0].is_reference) {
        // Every value starts with the fixed text: when it already has a scheme, or a byte that ends
        // a scheme before any ':', the values' bytes cannot change has_iri_scheme().
        const std::string& first = m.parts[0].text;
        const std::string_view head(first.data(), std::min(first.size(), first.find(':')));
        const bool scheme_bytes = !head.empty() && rdf::has_iri_scheme(std::string(head) + ":");
        if (first.find(':') != std::string::npos && scheme_bytes)
          m.scheme = TermMap::Scheme::kAbsolute;
        else if (!scheme_bytes)
          m.scheme = TermMap::Scheme::kRelative;
        if (m.scheme != TermMap::Scheme::kPerValue)
          m.iri_start = (m.scheme == TermMap::Scheme::kRelative ? m.base_iri : "") + first;
        // Relative: base + fixed text + percent-encoded values is valid when base + probe is.
        if (m.scheme == TermMap::Scheme::kRelative && m.type != TermType::kUnsafeIri) {
          std::string probe = m.base_iri;
          for (const auto& p : m.parts) probe += p.is_reference ? "x" : p.text;
          m.prevalidated = rdf::has_iri_scheme(m.base_iri) && rdf::is_valid_absolute_iri(probe);
        }
      }
    } else if (!fn.empty()) {
      m.kind = TermMap::Kind::kFunction;
      m.function = compile_function(node, fn[0], w, f);
    } else if (props.has("gather")) {
      m.kind = TermMap::Kind::kRecordBlank;
    } else if (role == "subject" && m.type == TermType::kBlank) {
      m.kind = TermMap::Kind::kRecordBlank;
    } else {
      fail(w, "no rml:constant, rml:reference, rml:template or rml:functionExecution");
    }

    // Where each role may put which kind of term.
    if (role == "subject" && m.type == TermType::kLiteral)
      fail(w, "a subject cannot be a literal (rml:termType rml:Literal)");
    auto iri_type = [](TermType t) {
      return t == TermType::kIri || t == TermType::kUri || t == TermType::kUnsafeIri;
    };
    if (role == "predicate" && !iri_type(m.type)) fail(w, "a predicate must be an IRI");
    if (role == "graph" && !iri_type(m.type) && legacy_) {
      m.drop = true;
      return m;
    }
    if (role == "graph" && !iri_type(m.type)) fail(w, "a graph name must be an IRI");

    auto langs = props.objects("languageMap");
    auto dts = props.objects("datatypeMap");
    if (!langs.empty() || !dts.empty()) {
      if (m.type != TermType::kLiteral)
        fail(w, "rml:language/rml:datatype on a term map that does not make literals");
      if (!langs.empty() && !dts.empty()) fail(w, "both a language and a datatype");
      if (langs.size() > 1 || dts.size() > 1) fail(w, "more than one language or datatype map");
    }
    if (!langs.empty()) {
      m.language = std::make_shared<TermMap>(compile_term_map(langs[0], "language", w, f));
      if (m.language->kind == TermMap::Kind::kConstant &&
          (!m.language->constant.is_literal() ||
           !is_usable_language_tag(m.language->constant.value)))
        fail(w, "invalid language tag " + describe(m.language->constant));
      m.language->type = TermType::kLiteral;
    }
    if (!dts.empty()) {
      m.datatype = std::make_shared<TermMap>(compile_term_map(dts[0], "datatype", w, f));
      if (m.datatype->kind == TermMap::Kind::kConstant && !m.datatype->constant.is_iri())
        fail(w, "datatype " + describe(m.datatype->constant) + " is not an IRI");
      m.datatype->type = TermType::kIri;
      if (m.datatype->kind == TermMap::Kind::kConstant) {
        const std::string& dt = m.datatype->constant.value;
        m.datatype_iri = rdf::has_iri_scheme(dt) ? dt : m.base_iri + dt;
      }
    }
    if (auto cond = props.object("condition")) {
      TermMap c = compile_term_map(*cond, "condition", w, f);
      c.type = TermType::kLiteral;
      m.condition = std::make_shared<TermMap>(std::move(c));
    }
    m.targets = compile_targets(props.objects("logicalTarget"), w);
    if (m.language)
      m.targets.insert(m.targets.end(), m.language->targets.begin(), m.language->targets.end());
    if (m.datatype)
      m.targets.insert(m.targets.end(), m.datatype->targets.begin(), m.datatype->targets.end());

    // RML-CC
    if (auto gather = props.object("gather")) {
      auto as = props.object("gatherAs");
      if (!as) fail(w, "rml:gather without rml:gatherAs");
      if (as->value == rdf::vocab::kRdf + std::string("List"))
        m.collection = CollectionType::kList;
      else if (as->value == rdf::vocab::kRdf + std::string("Bag"))
        m.collection = CollectionType::kBag;
      else if (as->value == rdf::vocab::kRdf + std::string("Seq"))
        m.collection = CollectionType::kSeq;
      else if (as->value == rdf::vocab::kRdf + std::string("Alt"))
        m.collection = CollectionType::kAlt;
      else
        fail(w, "rml:gatherAs must be rdf:List, rdf:Bag, rdf:Seq or rdf:Alt");
      if (m.type == TermType::kLiteral) fail(w, "a collection cannot be a literal");
      if (auto st = props.object("strategy")) {
        if (is_iri(*st, rml("cartesianProduct")))
          m.cartesian = true;
        else if (!is_iri(*st, rml("append")))
          fail(w, "unknown rml:strategy " + describe(*st));
      }
      if (auto ae = props.object("allowEmptyListAndContainer")) m.allow_empty = ae->value == "true";
      std::vector<Term> items;
      try {
        items = g_.list(*gather);
      } catch (const MappingError& e) {
        fail(w, e.what());
      }
      for (const Term& item : items) {
        TermMap::GatherItem gi;
        if (g_.object(item, rml("parentTriplesMap"))) {
          gi.ref = compile_ref_object_map(item, w, f);
        } else {
          gi.term = std::make_shared<TermMap>(compile_term_map(item, "gathered", w, f));
        }
        m.gather.push_back(std::move(gi));
      }
    }
    return m;
  }

  std::shared_ptr<FunctionCall> compile_function(const Term& map, const Term& exec,
                                                 const std::string& w, Formulation f);

  const Graph& g_;
  const Options& opts_;
  std::filesystem::path dir_;
  std::string doc_;
  std::string base_;
  bool legacy_;
  std::shared_ptr<Plan::Impl> impl_;
  std::vector<Term> tm_nodes_;
  std::map<Term, int> tm_index_, source_index_, target_index_;
  std::map<std::string, int> record_key_ids_;  // Reference::record_key numbers
};

}  // namespace

// Declared in functions.cpp: whether a function/parameter/output IRI is one the engine implements.
bool function_known(const std::string& function);
bool function_parameter_known(const std::string& function, const std::string& parameter);
bool function_output_known(const std::string& function, const std::string& output);
std::vector<std::string> function_names();
std::string function_parameters(const std::string& function);

std::shared_ptr<FunctionCall> Compiler::compile_function(const Term& map, const Term& exec,
                                                         const std::string& w, Formulation f) {
  auto call = std::make_shared<FunctionCall>();
  call->where = w;
  auto fn = g_.object(exec, rml("function"));
  if (!fn) {
    // rml:functionMap [ rml:constant F ] form
    if (auto fm = g_.object(exec, rml("functionMap"))) fn = g_.object(*fm, rml("constant"));
  }
  if (!fn) fail(w, "function execution " + describe(exec) + " has no rml:function");
  call->function = fn->value;
  if (!function_known(call->function)) {
    auto near = closest_match(call->function, function_names());
    fail(w, "unknown function " + describe(*fn) + (near ? " (did you mean <" + *near + ">?)" : ""));
  }
  auto ret = g_.object(map, rml("return"));
  if (!ret)
    if (auto rm = g_.object(map, rml("returnMap"))) ret = g_.object(*rm, rml("constant"));
  if (ret) {
    call->return_iri = ret->value;
    if (!function_output_known(call->function, call->return_iri))
      fail(w, "function " + describe(*fn) + " has no output " + describe(*ret));
  }
  for (const Term& in : g_.objects(exec, rml("input"))) {
    auto param = g_.object(in, rml("parameter"));
    if (!param) {
      if (auto pm = g_.object(in, rml("parameterMap"))) param = g_.object(*pm, rml("constant"));
    }
    if (!param) fail(w, "function input " + describe(in) + " has no rml:parameter");
    if (!function_parameter_known(call->function, param->value))
      fail(w, "function " + describe(*fn) + " has no parameter " + describe(*param) +
                  " (it takes " + function_parameters(call->function) + ")");
    std::shared_ptr<TermMap> value;
    if (auto ivm = g_.object(in, rml("inputValueMap"))) {
      TermMap tm = compile_term_map(*ivm, "input value", w, f);
      // Input values are plain values: a reference/template/constant, never IRI-encoded.
      if (!g_.object(*ivm, rml("termType")) && tm.kind != TermMap::Kind::kConstant)
        tm.type = TermType::kLiteral;
      value = std::make_shared<TermMap>(std::move(tm));
    } else if (auto iv = g_.object(in, rml("inputValue"))) {
      value = std::make_shared<TermMap>();
      value->kind = TermMap::Kind::kConstant;
      value->constant = *iv;
      value->type = iv->is_literal() ? TermType::kLiteral : TermType::kIri;
    } else {
      fail(w, "function input " + describe(in) + " has no rml:inputValueMap or rml:inputValue");
    }
    call->inputs.emplace_back(param->value, std::move(value));
  }
  return call;
}

namespace {

std::string fnv_hex(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Plan compile_graph(Graph g, const std::string& name, const Options& options,
                   const std::filesystem::path& dir) {
  bool legacy = upgrade_legacy_vocabulary(g);
  normalise(g);
  Compiler c(g, options, dir, name, legacy);
  auto impl = c.run();
  impl->legacy = legacy;
  impl->name = name;
  prepare_execution(*impl);
  static std::atomic<std::uint64_t> compiled{0};
  impl->serial = ++compiled;
  impl->normalised = std::move(g);
  return Plan(std::move(impl));
}

}  // namespace

Plan compile_file(const std::string& path, const Options& options) {
  // Straight into the Graph (a set: repeats and graph names drop out as with Graph::from_model);
  // an rdf::Model in between only cost interning every node in sord.
  Graph g;
  rdf::read_file(path, [&](const rdf::Quad& q) { g.add(q.subject, q.predicate, q.object); },
                 rdf::ReadOptions{.syntax = rdf::Syntax::kTurtle, .base_iri = {}});
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  return compile_graph(std::move(g), path, options, dir);
}

Plan compile_string(std::string_view turtle, const std::string& name, const Options& options,
                    const std::filesystem::path& mapping_dir) {
  Graph g;
  // Relative IRIs of the document (<#TriplesMap>) resolve against its would-be file IRI.
  std::filesystem::path dir = mapping_dir.empty() ? std::filesystem::path(".") : mapping_dir;
  std::string base =
      "file://" + (std::filesystem::absolute(dir) / name).lexically_normal().string();
  rdf::read_string(turtle, name, [&](const rdf::Quad& q) { g.add(q.subject, q.predicate, q.object); },
                   rdf::ReadOptions{.syntax = rdf::Syntax::kTurtle, .base_iri = base});
  return compile_graph(std::move(g), name, options, dir);
}

std::vector<std::string> Plan::triples_maps() const {
  std::vector<std::string> out;
  for (const auto& m : impl_->maps) out.push_back(m.name);
  return out;
}
bool Plan::uses_fact_stream() const noexcept {
  for (const auto& s : impl_->sources)
    if (s.kind == SourcePlan::Kind::kFactStream) return true;
  return false;
}
bool Plan::has_logical_targets() const noexcept {
  return !impl_->targets.empty();
}
bool Plan::uses_unsafe_iris() const noexcept {
  return !impl_->unsafe_iri_maps.empty();
}
std::string Plan::unsafe_iri_warning() const {
  std::string out;
  for (const auto& where : impl_->unsafe_iri_maps) {
    out += impl_->name + ": warning: " + where +
           ": rml:UnsafeIRI: values are put into IRIs without percent-encoding; IRIs that N-Triples/N-Quads "
           "forbid (space, <>\"{}|^`\\, controls) are written with \\uXXXX escapes and other tools may "
           "reject them\n";
  }
  return out;
}
std::string Plan::fingerprint() const {
  const Impl& p = *impl_;
  std::call_once(p.fingerprint_once, [&] {
    std::string all;
    for (const auto& t : p.normalised.triples()) {  // "s p o\n", appended without temporaries
      for (const rdf::Term* term : {&t.s, &t.p, &t.o}) {
        all += rdf::to_ntriples(*term);
        all += ' ';
      }
      all.back() = '\n';
    }
    all += p.options.base_iri;
    p.fingerprint = fnv_hex(all);
  });
  return p.fingerprint;
}

}  // namespace treatykg::mapping
