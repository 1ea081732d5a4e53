#!/usr/bin/env node
// Load an RDF file into an in-memory Oxigraph store (npm `oxigraph`, in tests/node_modules) and run
// every SPARQL query of a folder.
//
// Usage: node run_oxigraph.mjs DATA_FILE QUERIES_DIR OUT_DIR
// Writes OUT_DIR/raw/<stem>.srj (Oxigraph's own SPARQL JSON) and OUT_DIR/<stem>.tsv (normalised by
// normalize.py, the one normaliser all runners share); a failing query leaves OUT_DIR/<stem>.error and
// makes the exit status 1. For TriG / N-Quads the default graph of every query is the RDF merge (a set)
// of all graphs: the named graphs' triples are copied into the default graph before querying. (Oxigraph's
// own `use_default_graph_as_union` is a bag union: a triple in two graphs matches twice.)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const fail = (msg) => {
  process.stderr.write(`run_oxigraph: ${msg}\n`);
  process.exit(1);
};

if (process.argv.length !== 5) {
  process.stderr.write("usage: node run_oxigraph.mjs DATA_FILE QUERIES_DIR OUT_DIR\n");
  process.exit(2);
}
const [data, queriesDir, outDir] = process.argv.slice(2);

// The package lives in tests/node_modules (scripts/setup); resolve it from there whatever the cwd.
let oxigraph;
try {
  const require = createRequire(path.join(here, "..", "package.json"));
  oxigraph = require("oxigraph");
} catch (e) {
  fail(`npm package "oxigraph" not found from ${path.join(here, "..")} (${e.code ?? e.message}): ` +
       "run scripts/setup (npm ci in tests/)");
}

const formats = {
  ".ttl": "text/turtle",
  ".nt": "application/n-triples",
  ".trig": "application/trig",
  ".nq": "application/n-quads",
};
const format = formats[path.extname(data).toLowerCase()];
if (!format) fail(`${data}: unknown RDF file extension (want one of ${Object.keys(formats).join(", ")})`);
if (!fs.existsSync(data)) fail(`${data}: no such file`);
let queries;
try {
  queries = fs.readdirSync(queriesDir).filter((f) => f.endsWith(".rq")).sort();
} catch (e) {
  fail(`${queriesDir}: ${e.message}`);
}
if (queries.length === 0) fail(`${queriesDir}: no *.rq queries`);

const rawDir = path.join(outDir, "raw");
fs.mkdirSync(rawDir, { recursive: true });
for (const d of [outDir, rawDir]) {
  for (const f of fs.readdirSync(d)) {
    if (/\.(tsv|srj|error)$/.test(f)) fs.rmSync(path.join(d, f));
  }
}

const t0 = Date.now();
const store = new oxigraph.Store();
try {
  store.load(fs.readFileSync(data), { format, base_iri: pathToFileURL(path.resolve(data)).href });
} catch (e) {
  fail(`${data}: Oxigraph could not load the file: ${e.message ?? e}`);
}
const quads = store.size;
if (format === "application/trig" || format === "application/n-quads") {
  store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }");
}
process.stderr.write(`run_oxigraph: loaded ${quads} quads in ${(Date.now() - t0) / 1000}s\n`);

let status = 0;
for (const q of queries) {
  const stem = q.slice(0, -".rq".length);
  try {
    const text = fs.readFileSync(path.join(queriesDir, q), "utf8");
    const json = store.query(text, { results_format: "application/sparql-results+json" });
    if (typeof json !== "string") throw new Error("not a SELECT query");
    fs.writeFileSync(path.join(rawDir, `${stem}.srj`), json);
  } catch (e) {
    status = 1;
    const msg = `${q}: ${e.message ?? e}`;
    process.stderr.write(`run_oxigraph: query failed: ${msg}\n`);
    fs.writeFileSync(path.join(outDir, `${stem}.error`), msg + "\n");
  }
}

const norm = spawnSync("/usr/bin/python3", [path.join(here, "normalize.py"), rawDir, outDir],
                       { stdio: "inherit" });
if (norm.error) fail(`cannot run /usr/bin/python3 normalize.py: ${norm.error.message}`);
if (norm.status !== 0) status = 1;
process.stderr.write(`run_oxigraph: ${queries.length} queries in ${(Date.now() - t0) / 1000}s total\n`);
process.exit(status);
