#!/bin/sh
# Smoke test of the ontology reference: runs scripts/ontology_docs.py into a temporary folder and checks
# that index.html names every owl:Class declared in ontology/*.ttl (listed independently, with serdi)
# and every Wikidata identifier of mappings/lexicon.ttl, and that the diagram was rendered (PNG and SVG
# exist and are not empty).
#
#   tests/vocabulary/docs_smoke.sh [SOURCE_DIR]      (default: the repository holding this script)
set -eu

src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
python=${TREATYKG_PYTHON:-/usr/bin/python3}

fail() { echo "docs_smoke: FAIL: $*" >&2; exit 1; }
command -v serdi >/dev/null 2>&1 || fail "serdi not found: install serdi (scripts/setup)"
command -v dot >/dev/null 2>&1 || fail "Graphviz dot not found: install graphviz (scripts/setup)"
[ -x "$python" ] || fail "$python not found"
"$python" -c 'import rdflib' 2>/dev/null || fail "$python cannot import rdflib: install python3-rdflib (scripts/setup)"
ls "$src"/ontology/*.ttl >/dev/null 2>&1 || fail "no ontology/*.ttl in $src"

out=$(mktemp -d "${TMPDIR:-/tmp}/treatykg-docs.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM

"$python" "$src/scripts/ontology_docs.py" "$out" || fail "scripts/ontology_docs.py exited $?"

html=$out/ontology/index.html
[ -s "$html" ] || fail "$html missing or empty"
[ -s "$out/ontology/diagram.png" ] || fail "diagram.png missing or empty"
[ -s "$out/ontology/diagram.svg" ] || fail "diagram.svg missing or empty"
[ -s "$out/ontology/diagram.dot" ] || fail "diagram.dot missing or empty"
# A PNG starts with \x89PNG.
[ "$(head -c 4 "$out/ontology/diagram.png" | tail -c 3)" = "PNG" ] || fail "diagram.png is not a PNG"

for f in "$src"/ontology/*.ttl; do
  serdi -q -i turtle -o ntriples "$f" >>"$out/all.nt" || fail "serdi cannot parse $f"
done
classes=$(awk '$2 == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" && $3 == "<http://www.w3.org/2002/07/owl#Class>" && $1 ~ /^</ { print substr($1, 2, length($1) - 2) }' "$out/all.nt" | sort -u)
[ -n "$classes" ] || fail "no owl:Class found in $src/ontology/*.ttl"

missing=0
n=0
for c in $classes; do
  n=$((n + 1))
  # The generator prints each term's full IRI in its entry.
  if ! grep -qF "<code>$c</code>" "$html"; then
    echo "docs_smoke: class $c is not in index.html" >&2
    missing=$((missing + 1))
  fi
done
[ "$missing" -eq 0 ] || fail "$missing of $n classes missing from the reference"

# Every Wikidata identifier of the lexicon is in the reference's Wikidata table.
q=0
if [ -f "$src/mappings/lexicon.ttl" ]; then
  serdi -q -i turtle -o ntriples "$src/mappings/lexicon.ttl" >"$out/lexicon.nt" || fail "serdi cannot parse mappings/lexicon.ttl"
  for id in $(grep -o '<http://www\.wikidata\.org/entity/Q[0-9]*> \.$' "$out/lexicon.nt" | sed 's/.*entity\/\(Q[0-9]*\)>.*/\1/' | sort -u); do
    q=$((q + 1))
    grep -qF "<code>$id</code>" "$html" || { echo "docs_smoke: Wikidata $id of the lexicon is not in index.html" >&2; missing=$((missing + 1)); }
  done
  [ "$missing" -eq 0 ] || fail "$missing Wikidata identifiers missing from the reference"
fi
echo "docs_smoke: ok: $n classes and $q Wikidata identifiers in index.html; diagram.svg and diagram.png rendered"
