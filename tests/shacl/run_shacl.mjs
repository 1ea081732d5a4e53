#!/usr/bin/env node
// Validates data graphs against a SHACL shapes graph with two independent engines (npm shacl-engine and
// rdf-validate-shacl) and says whether each engine's verdict is the expected one. How a case is judged:
// tests/shacl/README.md.
//
//   node run_shacl.mjs [--shapes FILE]... [--with FILE]... [--engine both|shacl-engine|rdf-validate-shacl]
//                      [--expect conforms|violates] [--quiet] DATA.ttl...
//
// Exit status: 0 every engine gave the expected verdict (without --expect: every engine says "conforms"),
// 1 some engine did not, 2 the run itself failed (usage, missing file, syntax error, packages
// missing from tests/node_modules).

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '..', '..')
const modulesDir = path.resolve(here, '..', 'node_modules')

const SH = 'http://www.w3.org/ns/shacl#'
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'
const RDFS_SUBCLASSOF = 'http://www.w3.org/2000/01/rdf-schema#subClassOf'
const ENGINES = ['shacl-engine', 'rdf-validate-shacl']

class SetupError extends Error {}

function usage (message) {
  if (message) process.stderr.write(`run_shacl: error: ${message}\n`)
  process.stderr.write(
    'usage: node run_shacl.mjs [--shapes FILE]... [--with FILE]... [--engine both|shacl-engine|rdf-validate-shacl]\n' +
    '                          [--expect conforms|violates] [--quiet] DATA.ttl...\n' +
    '  --shapes FILE   shapes graph (repeatable; default: ontology/shapes.ttl of this repository)\n' +
    '  --with FILE     RDF merged into every data graph (repeatable), e.g. mappings/lexicon.ttl\n' +
    '  --engine NAME   which engine(s) to run (default: both)\n' +
    '  --expect WHAT   conforms: every engine must report conforms=true;\n' +
    '                  violates: every engine must report conforms=false, and the results must match the\n' +
    '                  file\'s "#@ violation:" lines (see tests/shacl/README.md)\n' +
    'exit: 0 as expected, 1 not as expected, 2 the run failed\n')
  process.exit(2)
}

function parseArgs (argv) {
  const opts = { shapes: [], with: [], engine: 'both', expect: null, quiet: false, data: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`)
      return argv[++i]
    }
    if (a === '--shapes') opts.shapes.push(value())
    else if (a === '--with') opts.with.push(value())
    else if (a === '--engine') opts.engine = value()
    else if (a === '--expect') opts.expect = value()
    else if (a === '--quiet' || a === '-q') opts.quiet = true
    else if (a === '--help' || a === '-h') usage()
    else if (a.startsWith('-') && a !== '-') usage(`unknown option ${a}`)
    else opts.data.push(a)
  }
  if (!['both', ...ENGINES].includes(opts.engine)) usage(`--engine must be both, ${ENGINES.join(' or ')}`)
  if (opts.expect !== null && !['conforms', 'violates'].includes(opts.expect)) {
    usage('--expect must be conforms or violates')
  }
  if (opts.data.length === 0) usage('no data graph given')
  if (opts.shapes.length === 0) opts.shapes.push(path.join(repo, 'ontology', 'shapes.ttl'))
  return opts
}

// Imports a package from tests/node_modules, turning "not installed" into one clear message.
async function load (name) {
  if (!fs.existsSync(modulesDir)) {
    throw new SetupError(`${modulesDir} is missing: run scripts/setup (it installs the npm test tools)`)
  }
  try {
    return await import(name)
  } catch (e) {
    if (e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND')) {
      throw new SetupError(`npm package ${name} is not installed in ${modulesDir}: run scripts/setup ` +
        `(${e.message.split('\n')[0]})`)
    }
    throw e
  }
}

const libs = {}

async function loadLibs (engine) {
  libs.N3 = (await load('n3')).default
  // The RDF/JS factory both engines' reports and our datasets use: N3.js terms and its Store (an RDF/JS
  // DatasetCore). rdf-ext would do as well but takes a second to load, in every one of the tests.
  libs.rdf = { ...libs.N3.DataFactory, dataset: quads => new libs.N3.Store(quads || []) }
  if (engine !== 'rdf-validate-shacl') {
    libs.ShaclEngine = (await load('shacl-engine')).Validator
  }
  if (engine !== 'shacl-engine') {
    libs.RdfValidateShacl = (await load('rdf-validate-shacl')).default
  }
}

// Parses one Turtle (or TriG, N-Quads, N-Triples, by extension) file into quads with N3.js, a strict
// parser; records its prefixes.
function parseTurtle (file, prefixes) {
  let text
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    throw new SetupError(`${file}: cannot read: ${e.message}`)
  }
  // TriG / N-Quads (the exporter's per-article graphs) are validated as the union of their graphs.
  const format = { '.trig': 'application/trig', '.nq': 'application/n-quads', '.nt': 'application/n-triples' }[
    path.extname(file).toLowerCase()] || 'text/turtle'
  const parser = new libs.N3.Parser({ format, baseIRI: 'file://' + path.resolve(file) })
  try {
    const quads = parser.parse(text, null, (prefix, iri) => {
      if (!(prefix in prefixes)) prefixes[prefix] = iri.value
    })
    return { quads, text }
  } catch (e) {
    throw new SetupError(`${file}: syntax error: ${e.message}`)
  }
}

function toDataset (quads) {
  // The union of all graphs, in the default graph.
  const rdf = libs.rdf
  return rdf.dataset(quads.map(q => rdf.quad(q.subject, q.predicate, q.object)))
}

function shorten (term, prefixes) {
  if (!term) return '-'
  if (term.termType === 'NamedNode') {
    let best = null
    for (const [p, ns] of Object.entries(prefixes)) {
      if (ns && term.value.startsWith(ns) && /^[A-Za-z0-9_.-]*$/.test(term.value.slice(ns.length)) &&
          (!best || ns.length > best[1].length)) best = [p, ns]
    }
    return best ? `${best[0]}:${term.value.slice(best[1].length)}` : `<${term.value}>`
  }
  if (term.termType === 'BlankNode') return `_:${term.value}`
  if (term.termType === 'Literal') {
    const lex = JSON.stringify(term.value)
    if (term.language) return `${lex}@${term.language}`
    if (term.datatype && term.datatype.value !== 'http://www.w3.org/2001/XMLSchema#string') {
      return `${lex}^^${shorten(term.datatype, prefixes)}`
    }
    return lex
  }
  return String(term.value)
}

// Reads the results of a validation report from its RDF form, which both engines produce the same way
// (SHACL 3.6), so both are printed and judged by one piece of code.
function resultsOf (reportDataset) {
  const rdf = libs.rdf
  const one = (s, p) => {
    for (const q of reportDataset.match(s, rdf.namedNode(p))) return q.object
    return null
  }
  const results = []
  for (const q of reportDataset.match(null, rdf.namedNode(SH + 'result'))) {
    const r = q.object
    results.push({
      focus: one(r, SH + 'focusNode'),
      path: one(r, SH + 'resultPath'),
      pathText: null,
      component: one(r, SH + 'sourceConstraintComponent'),
      severity: one(r, SH + 'resultSeverity'),
      value: one(r, SH + 'value'),
      shape: one(r, SH + 'sourceShape'),
      message: one(r, SH + 'resultMessage')
    })
  }
  for (const r of results) r.pathText = pathText(reportDataset, r.path)
  return results
}

// Renders a result path (an IRI, or a SHACL path expression in blank nodes) for messages and matching.
function pathText (ds, term, prefixes = {}) {
  if (!term) return null
  if (term.termType === 'NamedNode') return term.value
  const rdf = libs.rdf
  const one = p => { for (const q of ds.match(term, rdf.namedNode(p))) return q.object; return null }
  const inv = one(SH + 'inversePath')
  if (inv) return `^${pathText(ds, inv, prefixes)}`
  for (const [k, sym] of [['zeroOrMorePath', '*'], ['oneOrMorePath', '+'], ['zeroOrOnePath', '?']]) {
    const t = one(SH + k)
    if (t) return `(${pathText(ds, t, prefixes)})${sym}`
  }
  // rdf:List: a sequence path
  const items = []
  let node = term
  const FIRST = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#first'
  const REST = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#rest'
  for (let guard = 0; node && node.termType === 'BlankNode' && guard < 100; guard++) {
    let first = null
    let rest = null
    for (const q of ds.match(node, rdf.namedNode(FIRST))) first = q.object
    for (const q of ds.match(node, rdf.namedNode(REST))) rest = q.object
    if (!first) break
    items.push(pathText(ds, first, prefixes))
    node = rest
  }
  return items.length ? items.join('/') : '(path)'
}

async function runEngine (engine, shapes, data) {
  const rdf = libs.rdf
  if (engine === 'shacl-engine') {
    // SHACL-SPARQL support pulls in a SPARQL engine (Comunica, slow to load): only when the shapes use it.
    const usesSparql = shapes.match(null, rdf.namedNode(SH + 'sparql')).size ||
      shapes.match(null, rdf.namedNode(SH + 'target')).size
    if (usesSparql && !libs.shaclEngineSparql) libs.shaclEngineSparql = await load('shacl-engine/sparql.js')
    const validator = new libs.ShaclEngine(shapes, usesSparql
      ? { factory: rdf, validations: libs.shaclEngineSparql.validations, targetResolvers: libs.shaclEngineSparql.targetResolvers }
      : { factory: rdf })
    const report = await validator.validate({ dataset: data })
    return { conforms: report.conforms, results: resultsOf(report.dataset) }
  }
  // its own default environment (it needs clownface, which the N3.js factory does not carry)
  const validator = new libs.RdfValidateShacl(shapes)
  const report = await validator.validate(data)
  return { conforms: report.conforms, results: resultsOf(report.dataset) }
}

// "#@ violation: component=MinCount path=tkg:evidence focus=ex:claim1" lines: what a violating case
// must produce. Every key is optional; values are CURIEs (prefixes of the data file), <IRIs>, or for
// component a bare local name ("MinCount" or "MinCountConstraintComponent").
function expectationsOf (text, prefixes, file) {
  const expanded = v => {
    if (v.startsWith('<') && v.endsWith('>')) return v.slice(1, -1)
    const m = /^([A-Za-z][\w.-]*)?:(.*)$/.exec(v)
    if (m && (m[1] || '') in prefixes) return prefixes[m[1] || ''] + m[2]
    throw new SetupError(`${file}: "#@ violation:" value ${v} is not an <IRI> or a CURIE with a declared prefix`)
  }
  const out = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*#@\s*violation:\s*(.*)$/.exec(lines[i])
    if (!m) continue
    const e = { line: i + 1, text: m[1].trim() }
    for (const part of m[1].trim().split(/\s+/).filter(Boolean)) {
      const kv = /^(component|path|focus)=(.+)$/.exec(part)
      if (!kv) throw new SetupError(`${file}:${i + 1}: "#@ violation:" expects component=, path= or focus=, got ${part}`)
      if (kv[1] === 'component') {
        let c = kv[2]
        if (c.includes(':') || c.startsWith('<')) c = expanded(c)
        else c = SH + (c.endsWith('ConstraintComponent') ? c : c + 'ConstraintComponent')
        e.component = c
      } else if (kv[1] === 'path') {
        e.path = kv[2].startsWith('^') ? '^' + expanded(kv[2].slice(1)) : expanded(kv[2])
      } else {
        e.focus = expanded(kv[2])
      }
    }
    out.push(e)
  }
  return out
}

function matches (e, r) {
  if (e.component && (!r.component || r.component.value !== e.component)) return false
  if (e.path && r.pathText !== e.path) return false
  if (e.focus && (!r.focus || r.focus.value !== e.focus)) return false
  return true
}

// The focus nodes the shapes select in the data (targetClass with the data's rdfs:subClassOf, implicit
// class targets, targetNode, targetSubjectsOf, targetObjectsOf): a conforming case that selects nothing
// proves nothing.
function focusNodes (shapes, data) {
  const rdf = libs.rdf
  const n = v => rdf.namedNode(v)
  const subclasses = cls => {
    const seen = new Map([[cls.value, cls]])
    const todo = [cls]
    while (todo.length) {
      const c = todo.pop()
      for (const q of data.match(null, n(RDFS_SUBCLASSOF), c)) {
        if (!seen.has(q.subject.value)) { seen.set(q.subject.value, q.subject); todo.push(q.subject) }
      }
    }
    return [...seen.values()]
  }
  const instances = cls => subclasses(cls).flatMap(c => [...data.match(null, n(RDF_TYPE), c)].map(q => q.subject))
  const focus = new Map()
  const add = t => focus.set(`${t.termType}:${t.value}`, t)
  for (const q of shapes.match(null, n(SH + 'targetClass'))) instances(q.object).forEach(add)
  for (const q of shapes.match(null, n(RDF_TYPE), n(SH + 'NodeShape'))) {
    if (shapes.match(q.subject, n(RDF_TYPE), n('http://www.w3.org/2000/01/rdf-schema#Class')).size ||
        shapes.match(q.subject, n(RDF_TYPE), n('http://www.w3.org/2002/07/owl#Class')).size) {
      instances(q.subject).forEach(add)
    }
  }
  for (const q of shapes.match(null, n(SH + 'targetNode'))) {
    if ([...data.match(q.object)].length || [...data.match(null, null, q.object)].length) add(q.object)
  }
  for (const q of shapes.match(null, n(SH + 'targetSubjectsOf'))) {
    for (const d of data.match(null, q.object)) add(d.subject)
  }
  for (const q of shapes.match(null, n(SH + 'targetObjectsOf'))) {
    for (const d of data.match(null, q.object)) add(d.object)
  }
  return focus
}

async function main () {
  const opts = parseArgs(process.argv.slice(2))
  await loadLibs(opts.engine)
  const engines = opts.engine === 'both' ? ENGINES : [opts.engine]
  const prefixes = {}

  const shapeQuads = []
  for (const f of opts.shapes) shapeQuads.push(...parseTurtle(f, prefixes).quads)
  const shapes = toDataset(shapeQuads)
  const sparqlConstraints = shapes.match(null, libs.rdf.namedNode(SH + 'sparql')).size
  if (sparqlConstraints && engines.includes('rdf-validate-shacl')) {
    process.stderr.write(`run_shacl: warning: the shapes use ${sparqlConstraints} SHACL-SPARQL constraint(s) ` +
      '(sh:sparql); rdf-validate-shacl does not implement SHACL-SPARQL and will fail on them\n')
  }
  const withQuads = []
  for (const f of opts.with) withQuads.push(...parseTurtle(f, prefixes).quads)

  let allAsExpected = true
  for (const file of opts.data) {
    const filePrefixes = {}
    const { quads, text } = parseTurtle(file, filePrefixes)
    for (const [p, ns] of Object.entries(filePrefixes)) if (!(p in prefixes)) prefixes[p] = ns
    const data = toDataset([...quads, ...withQuads])
    const expectations = opts.expect === 'violates' ? expectationsOf(text, filePrefixes, file) : []
    const focus = focusNodes(shapes, data)
    const say = s => { if (!opts.quiet) process.stdout.write(s + '\n') }
    say(`${file}: ${data.size} triples, ${focus.size} focus node(s) selected by the shapes`)

    for (const engine of engines) {
      let conforms, results
      try {
        ({ conforms, results } = await runEngine(engine, shapes, data))
      } catch (e) {
        // An engine that cannot process the shapes (rdf-validate-shacl on sh:sparql) gives no verdict.
        process.stdout.write(`  ${engine}: ${file}: the engine failed: ${String(e && e.message).split('\n')[0]}\n`)
        allAsExpected = false
        continue
      }
      const problems = []
      if (opts.expect === 'conforms' || opts.expect === null) {
        if (!conforms) problems.push('expected conforms=true')
        if (opts.expect === 'conforms' && focus.size === 0) {
          problems.push('the shapes select no focus node in this graph, so conforming proves nothing')
        }
      } else {
        if (conforms) problems.push('expected conforms=false (the graph must be rejected)')
        if (!expectations.length) problems.push('no "#@ violation:" line says which results the defect must give')
        for (const r of results) {
          if (expectations.length && !expectations.some(e => matches(e, r))) {
            problems.push(`unexpected result: ${shorten(r.component, prefixes)} path ${r.pathText ? shorten(libs.rdf.namedNode(r.pathText), prefixes) : '-'} focus ${shorten(r.focus, prefixes)} (not in the file's "#@ violation:" lines)`)
          }
        }
        for (const e of expectations) {
          if (!results.some(r => matches(e, r))) {
            problems.push(`line ${e.line}: expected violation "${e.text}" was not reported`)
          }
        }
      }
      const verdict = problems.length ? 'FAIL' : 'ok'
      say(`  ${engine}: conforms ${conforms}, ${results.length} result(s): ${verdict}`)
      for (const r of results) {
        const p = r.pathText
          ? (r.pathText.startsWith('http') ? shorten(libs.rdf.namedNode(r.pathText), prefixes) : r.pathText)
          : '-'
        say(`    focus ${shorten(r.focus, prefixes)}  path ${p}  constraint ${shorten(r.component, prefixes)}` +
            (r.value ? `  value ${shorten(r.value, prefixes)}` : '') +
            (r.severity && !r.severity.value.endsWith('#Violation') ? `  severity ${shorten(r.severity, prefixes)}` : '') +
            (r.message ? `  (${r.message.value})` : ''))
      }
      for (const p of problems) process.stdout.write(`  ${engine}: ${file}: ${p}\n`)
      if (problems.length) allAsExpected = false
    }
  }
  return allAsExpected ? 0 : 1
}

main().then(code => process.exit(code), e => {
  if (e instanceof SetupError) {
    process.stderr.write(`run_shacl: error: ${e.message}\n`)
  } else {
    process.stderr.write(`run_shacl: internal error: ${e && e.stack ? e.stack : e}\n`)
  }
  process.exit(2)
})
