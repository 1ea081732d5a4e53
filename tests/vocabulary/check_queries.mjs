#!/usr/bin/env node
// Checks the competency queries of samples/queries/ against the analysts' contract
// (../shared/contract/README.md): every contract file exists, parses with a real SPARQL engine (Oxigraph),
// is a SELECT query that projects exactly the contract's variables in the contract's order, and names no
// instance (no entity/data IRIs, no Wikidata items, no date literals). With --data, the queries are also
// run over those files loaded into Oxigraph: each must return at least one row, and every bound value must
// be what the contract's conventions say (integers, typed dates, Wikidata IRIs, the controlled strings).
//
//   node check_queries.mjs [--shared DIR | --contract README.md] [--queries DIR] [--data FILE]... [--only cqNN-x.rq]...
//
// Exit status: 0 all good, 1 a query breaks the contract, 2 the run failed (usage, missing
// tests/node_modules).

import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '..', '..')
const modulesDir = path.resolve(here, '..', 'node_modules')

// The contract's table, used only when the contract file is not available (a checkout without
// ../shared). Keep it equal to ../shared/contract/README.md.
const EMBEDDED_CONTRACT = `
| cq01-signing.rq | When, where and by whom was each treaty signed? One row per signatory. | \`?treaty ?treatyLabel ?signedOn ?placeLabel ?signatoryLabel ?signatoryWikidata\` |
| cq02-ratification.rq | Which party ratified which treaty, when, and through which body or person? | \`?treaty ?partyLabel ?date ?byLabel ?article\` |
| cq03-entry-into-force.rq | When did each treaty enter into force? | \`?treaty ?date ?article\` |
| cq04-obligations.rq | What does each treaty oblige its parties to do, and under what trigger? | \`?treaty ?obligationType ?boundPartyLabel ?trigger ?evidence\` |
| cq05-troop-estimates.rq | Every reported estimate of troops sent from one state to another. | \`?fromLabel ?toLabel ?locationLabel ?count ?countMax ?qualifier ?asOf ?estimatedByLabel ?article ?evidence\` |
| cq06-arms-transfers.rq | Every reported transfer of weapons or ammunition. | \`?supplierLabel ?recipientLabel ?item ?count ?countMax ?qualifier ?estimatedByLabel ?article ?evidence\` |
| cq07-replaced-treaties.rq | Which earlier agreements did each treaty replace? | \`?treaty ?replacedLabel ?replacedYear\` |
| cq08-timeline.rq | All dated events concerning a treaty or its parties, in date order. | \`?date ?eventType ?eventLabel ?article\` |
| cq09-provenance.rq | For every fact: its article, outlet, publication date, sentence and character span. | \`?fact ?article ?publisher ?published ?evidence ?begin ?end\` |
| cq10-estimate-spread.rq | For each (from, to) pair: the lowest and highest troop count reported, and by how many sources. | \`?fromLabel ?toLabel ?minCount ?maxCount ?sources\` |
`

// The contract's controlled values (result strings), used when the contract file is absent.
const EMBEDDED_VALUES = {
  qualifier: ['exact', 'approx', 'at_least', 'at_most', 'range'],
  obligationType: ['mutual_military_assistance', 'consultation_on_threat', 'no_hostile_third_party_agreements',
    'no_support_for_coercive_measures', 'joint_countering_of_sanctions', 'military_technical_cooperation',
    'food_energy_security_cooperation', 'other'],
  eventType: ['signing', 'ratification', 'entry_into_force', 'exchange_of_instruments', 'troop_deployment',
    'arms_transfer', 'meeting', 'statement']
}
const VALUE_MARKERS = {
  qualifier: '`?qualifier` is one of',
  obligationType: 'Obligation types (`?obligationType`',
  eventType: 'Event types (`?eventType`'
}

// The controlled values of the contract's conventions: the backquoted lowercase words of each bullet.
function parseValues (text) {
  const out = {}
  for (const [v, marker] of Object.entries(VALUE_MARKERS)) {
    const i = text.indexOf(marker)
    if (i < 0) return null
    const rest = text.slice(i)
    const end = rest.search(/\n(- |\n|\|)/)
    const chunk = end < 0 ? rest : rest.slice(0, end)
    out[v] = [...chunk.matchAll(/`([^`]+)`/g)].map(m => m[1]).filter(w => /^[a-z][a-z_]*$/.test(w))
  }
  return out
}

const XSD = 'http://www.w3.org/2001/XMLSchema#'
const DATE_TYPES = [XSD + 'date', XSD + 'gYearMonth', XSD + 'gYear']
const INTEGER_VARS = new Set(['count', 'countMax', 'minCount', 'maxCount', 'sources', 'begin', 'end'])
const DATE_VARS = new Set(['signedOn', 'date', 'asOf', 'published', 'replacedYear'])
const IRI_VARS = new Set(['treaty', 'article', 'fact'])

// What the contract's conventions say of a bound value, by variable name; null when it is fine.
function badValue (name, b, values) {
  const lit = b.type === 'literal'
  const dt = b.datatype || (b['xml:lang'] ? null : XSD + 'string')
  if (name.endsWith('Wikidata')) {
    return b.type === 'uri' && /^http:\/\/www\.wikidata\.org\/entity\/Q[1-9][0-9]*$/.test(b.value)
      ? null : 'is not a Wikidata entity IRI'
  }
  if (INTEGER_VARS.has(name)) return lit && dt === XSD + 'integer' ? null : 'is not an xsd:integer'
  if (DATE_VARS.has(name)) return lit && DATE_TYPES.includes(dt) ? null : 'is not an xsd:date, xsd:gYearMonth or xsd:gYear'
  if (IRI_VARS.has(name)) return b.type === 'uri' ? null : 'is not an IRI'
  if (name in values) {
    return lit && dt === XSD + 'string' && values[name].includes(b.value) ? null
      : `is not one of the contract's strings (${values[name].join(', ')})`
  }
  if (name.endsWith('Label') || name === 'evidence' || name === 'trigger' || name === 'item' || name === 'publisher') {
    return lit ? null : 'is not a literal'
  }
  return null
}

function usage (message) {
  if (message) process.stderr.write(`check_queries: error: ${message}\n`)
  process.stderr.write('usage: node check_queries.mjs [--shared DIR | --contract README.md] [--queries DIR] [--data FILE]... [--only FILE]... [--show]\n' +
    '  --shared DIR     the shared folder (default: $TREATYKG_SHARED_DIR, else ../shared next to the repository);\n' +
    '                   the contract is DIR/contract/README.md, or when that is absent the copy of its table\n' +
    '                   embedded in this script\n' +
    '  --contract FILE  the contract file itself (must exist)\n' +
    '  --queries DIR    the queries (default: samples/queries of this repository)\n' +
    '  --data FILE      Turtle (or TriG, N-Quads, N-Triples) loaded into Oxigraph; every query must then\n' +
    '                   return at least one row (queries see the union of the graphs)\n' +
    '  --only NAME      check only this contract file (repeatable)\n' +
    '  --show           print the rows each query returns over the --data graph\n')
  process.exit(2)
}

function parseArgs (argv) {
  const opts = { show: false, contract: null, shared: null, queries: path.join(repo, 'samples', 'queries'), data: [], only: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i] }
    if (a === '--contract') opts.contract = value()
    else if (a === '--shared') opts.shared = value()
    else if (a === '--queries') opts.queries = value()
    else if (a === '--data') opts.data.push(value())
    else if (a === '--only') opts.only.push(value())
    else if (a === '--show') opts.show = true
    else if (a === '--help' || a === '-h') usage()
    else usage(`unexpected argument ${a}`)
  }
  return opts
}

// Rows "| cqNN-name.rq | question | `?a ?b` |" of the contract's table -> [{file, vars}].
function parseContract (text, where) {
  const rows = []
  for (const line of text.split('\n')) {
    const m = /^\|\s*`?(cq\d\d-[A-Za-z0-9_-]+\.rq)`?\s*\|.*\|\s*`([^`]*)`\s*\|\s*$/.exec(line)
    if (!m) continue
    const vars = m[2].trim().split(/\s+/).map(v => v.replace(/^[?$]/, ''))
    rows.push({ file: m[1], vars })
  }
  if (rows.length === 0) throw new Error(`${where}: no "| cqNN-….rq | … | \`?vars\` |" rows found`)
  return rows
}

function contractText (opts) {
  const candidates = []
  if (opts.contract) candidates.push(opts.contract)
  else {
    const shared = opts.shared || process.env.TREATYKG_SHARED_DIR || path.join(repo, '..', 'shared')
    candidates.push(path.join(shared, 'contract', 'README.md'))
  }
  for (const c of candidates) {
    if (fs.existsSync(c)) return { text: fs.readFileSync(c, 'utf8'), where: c }
  }
  if (opts.contract) {
    process.stderr.write(`check_queries: error: contract ${opts.contract} not found\n`)
    process.exit(2)
  }
  return { text: EMBEDDED_CONTRACT, where: `the table embedded in ${path.basename(fileURLToPath(import.meta.url))} (no ${candidates.join(' nor ')})` }
}

// The query text without comments, IRIs and string literals kept apart, for the "names no instance" lint.
function lint (query) {
  const problems = []
  // strip comments (a # outside IRIs and strings)
  const noComments = query.replace(/("([^"\\\n]|\\.)*"|'([^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>)|#[^\n]*/g,
    (m, keep) => keep || '')
  for (const m of noComments.matchAll(/<([^<>"{}|^`\\\s]*)>/g)) {
    const iri = m[1]
    if (/^https?:\/\/w3id\.org\/treatykg\/(entity|data)\/./.test(iri) || /^http:\/\/example\.(com|org)\/./.test(iri)) {
      problems.push(`names an instance IRI <${iri}>`)
    }
    if (/^https?:\/\/(www\.)?wikidata\.org\/entity\/Q\d+$/.test(iri)) problems.push(`names a Wikidata item <${iri}>`)
  }
  for (const m of noComments.matchAll(/PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>/gi)) {
    const [, prefix = '', ns] = m
    if (/^https?:\/\/w3id\.org\/treatykg\/(entity|data)\/$/.test(ns) || /^https?:\/\/(www\.)?wikidata\.org\/entity\/$/.test(ns)) {
      const used = new RegExp(`(^|[\\s(,;/^|!])${prefix}:[A-Za-z0-9_]`, 'm')
      const body = noComments.replace(/PREFIX\s+[^\n]*/gi, '')
      if (used.test(body)) problems.push(`names instances through prefix ${prefix}: <${ns}>`)
    }
  }
  for (const m of noComments.matchAll(/"(\d{4}-\d{2}(-\d{2})?)"/g)) problems.push(`names a date "${m[1]}"`)
  return problems
}

async function main () {
  const opts = parseArgs(process.argv.slice(2))
  if (!fs.existsSync(modulesDir)) {
    process.stderr.write(`check_queries: error: ${modulesDir} is missing: run scripts/setup (it installs the npm test tools)\n`)
    process.exit(2)
  }
  const require = createRequire(path.join(modulesDir, 'x.js'))
  let ox
  try {
    ox = require('oxigraph')
  } catch (e) {
    process.stderr.write(`check_queries: error: npm package oxigraph is not installed in ${modulesDir}: run scripts/setup (${e.message.split('\n')[0]})\n`)
    process.exit(2)
  }

  const { text, where } = contractText(opts)
  let contract
  try {
    contract = parseContract(text, where)
  } catch (e) {
    process.stderr.write(`check_queries: error: ${e.message}\n`)
    process.exit(2)
  }
  if (text !== EMBEDDED_CONTRACT &&
      JSON.stringify(parseContract(EMBEDDED_CONTRACT, 'embedded')) !== JSON.stringify(contract)) {
    process.stderr.write(`check_queries: warning: the table embedded in this script differs from ${where}; update it\n`)
  }
  let values = text === EMBEDDED_CONTRACT ? EMBEDDED_VALUES : parseValues(text)
  if (!values) {
    process.stderr.write(`check_queries: warning: ${where}: controlled values not found; using the embedded ones\n`)
    values = EMBEDDED_VALUES
  } else if (JSON.stringify(values) !== JSON.stringify(EMBEDDED_VALUES)) {
    process.stderr.write(`check_queries: warning: the values embedded in this script differ from ${where}; update them\n`)
  }
  if (opts.only.length) {
    const unknown = opts.only.filter(f => !contract.some(r => r.file === f))
    if (unknown.length) usage(`not in the contract: ${unknown.join(', ')}`)
    contract = contract.filter(r => opts.only.includes(r.file))
  }
  process.stdout.write(`contract: ${where} (${contract.length} queries)\n`)

  const store = new ox.Store()
  for (const f of opts.data) {
    try {
      const format = { '.trig': 'application/trig', '.nq': 'application/n-quads', '.nt': 'application/n-triples' }[
        path.extname(f).toLowerCase()] || 'text/turtle'
      store.load(fs.readFileSync(f, 'utf8'), { format, base_iri: 'file://' + path.resolve(f) })
    } catch (e) {
      process.stderr.write(`check_queries: error: ${f}: ${e.message}\n`)
      process.exit(2)
    }
  }
  if (opts.data.length) process.stdout.write(`data: ${store.size} triples from ${opts.data.length} file(s)\n`)

  let failures = 0
  for (const { file, vars } of contract) {
    const qpath = path.join(opts.queries, file)
    const problems = []
    let rows = null
    let shown = []
    if (!fs.existsSync(qpath)) {
      problems.push('missing')
    } else {
      const query = fs.readFileSync(qpath, 'utf8')
      let json = null
      try {
        // The exporter may put each article in its own graph: queries see the union of all graphs.
        json = store.query(query, { results_format: 'application/sparql-results+json', use_default_graph_as_union: true })
      } catch (e) {
        const msg = String(e.message)
        if (/Not supported .*format/i.test(msg)) problems.push('is not a SELECT query (CONSTRUCT or DESCRIBE)')
        else problems.push(`does not parse or run: ${msg.length > 240 ? msg.slice(0, 240) + '…' : msg}`)
      }
      if (json !== null) {
        let res = null
        try { res = JSON.parse(json) } catch { problems.push('is not a SELECT query (no variable bindings result)') }
        if (res && !('results' in res)) problems.push('is not a SELECT query (it is an ASK query)')
        else if (res) {
          const got = (res.head && res.head.vars) || []
          if (got.join(' ') !== vars.join(' ')) {
            problems.push(`projects ?${got.join(' ?')}\n      the contract says ?${vars.join(' ?')}`)
          }
          rows = res.results.bindings.length
          if (opts.show) shown = res.results.bindings.map(b => got.map(v => b[v] ? (b[v].type === 'literal' && b[v].datatype ? `${b[v].value}^^${b[v].datatype.replace(/^.*#/, 'xsd:')}` : b[v].value) : '-').join(' | '))
          if (opts.data.length && rows === 0) problems.push('returns no row over the --data graph')
          // Every bound value as the contract's conventions say (first offence per variable).
          const seen = new Set()
          for (const b of res.results.bindings) {
            for (const v of got) {
              if (!b[v] || seen.has(v)) continue
              const why = badValue(v, b[v], values)
              if (why) {
                seen.add(v)
                problems.push(`?${v} = ${b[v].value}${b[v].datatype ? '^^<' + b[v].datatype + '>' : ''} ${why}`)
              }
            }
          }
        }
      }
      problems.push(...lint(query))
    }
    if (problems.length) {
      failures++
      process.stdout.write(`FAIL ${file}: ${problems.join('\n      ')}\n`)
    } else {
      process.stdout.write(`ok   ${file}: ?${vars.join(' ?')}${rows !== null && opts.data.length ? ` (${rows} row(s))` : ''}\n`)
    }
    for (const line of shown) process.stdout.write(`       ${line}\n`)
  }
  // The folder holds exactly the contract's queries.
  if (!opts.only.length && fs.existsSync(opts.queries)) {
    for (const f of fs.readdirSync(opts.queries).filter(f => f.endsWith('.rq')).sort()) {
      if (!contract.some(r => r.file === f)) {
        failures++
        process.stdout.write(`FAIL ${f}: not a query of the contract (its files are ${contract.map(r => r.file).join(', ')})\n`)
      }
    }
  }
  return failures ? 1 : 0
}

main().then(code => process.exit(code), e => {
  process.stderr.write(`check_queries: internal error: ${e && e.stack ? e.stack : e}\n`)
  process.exit(2)
})
