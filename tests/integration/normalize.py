#!/usr/bin/python3
"""SPARQL JSON results -> the normalised TSV every store's answers are compared in.

Usage: normalize.py RAW_DIR OUT_DIR     (every RAW_DIR/<stem>.srj -> OUT_DIR/<stem>.tsv)
       normalize.py --self-test           (checks the spellings below; run by ctest)

All four runners write the store's own SPARQL 1.1 JSON results (`.srj`) and convert them here, so the
normalisation is one piece of code, not four. The format is described in README.md:
header = projected variables in query order; IRIs `<iri>`; literals: lexical form only (numbers in one
spelling); blank nodes `_:b`; unbound empty; `\\`, tab, newline, CR escaped; rows sorted, duplicates kept.
"""
import decimal
import json
import os
import sys

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}
DECIMAL_TYPES = {XSD + t for t in ("decimal", "double", "float")}


def normalize_number(text):
    """One spelling per number: `02` -> `2`, `1.0E4` -> `10000`, `1.50` -> `1.5`, `-0` -> `0`."""
    try:
        d = decimal.Decimal(text.strip())
    except decimal.InvalidOperation:
        return text  # not a number after all (ill-typed literal): keep what the store said
    if not d.is_finite():
        return text
    if d == d.to_integral_value():
        return str(int(d))
    s = format(d.normalize(), "f")
    return s


def escape(text):
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def term_to_cell(term):
    if term is None:
        return ""
    kind = term.get("type")
    value = term.get("value", "")
    if kind == "uri":
        return "<" + escape(value) + ">"
    if kind == "bnode":
        return "_:b"
    if kind in ("literal", "typed-literal"):
        dt = term.get("datatype")
        if dt in INTEGER_TYPES or dt in DECIMAL_TYPES:
            value = normalize_number(value)
        elif dt == XSD + "boolean":
            value = {"1": "true", "0": "false"}.get(value.strip(), value.strip())
        return escape(value)
    if kind == "triple":
        raise ValueError("RDF-star triple terms are not supported in answers")
    raise ValueError("unknown term type in SPARQL JSON results: %r" % (kind,))


def results_to_lines(results):
    """SPARQL JSON results (parsed) -> list of TSV lines (header first, rows sorted)."""
    if "boolean" in results:
        raise ValueError("ASK results are not supported: the harness runs SELECT queries")
    variables = results["head"]["vars"]
    rows = []
    for binding in results["results"]["bindings"]:
        rows.append("\t".join(term_to_cell(binding.get(v)) for v in variables))
    # Byte order of the UTF-8 text == code point order of Python strings.
    rows.sort(key=lambda r: r.encode("utf-8"))
    return ["\t".join(variables)] + rows


def write_tsv(lines, path):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line + "\n")


def convert_file(srj_path, tsv_path):
    with open(srj_path, encoding="utf-8") as f:
        results = json.load(f)
    write_tsv(results_to_lines(results), tsv_path)


def self_test():
    xsd = lambda t: XSD + t  # noqa: E731
    cases = [
        ({"type": "typed-literal", "datatype": xsd("integer"), "value": "02"}, "2"),
        ({"type": "literal", "datatype": xsd("integer"), "value": "+3000"}, "3000"),
        ({"type": "literal", "datatype": xsd("integer"), "value": "-0"}, "0"),
        ({"type": "literal", "datatype": xsd("double"), "value": "1.0E4"}, "10000"),
        ({"type": "literal", "datatype": xsd("double"), "value": "1.25E-1"}, "0.125"),
        ({"type": "literal", "datatype": xsd("decimal"), "value": "0.250"}, "0.25"),
        ({"type": "literal", "datatype": xsd("decimal"), "value": "12.000"}, "12"),
        ({"type": "literal", "datatype": xsd("int"), "value": "7"}, "7"),
        ({"type": "literal", "datatype": xsd("double"), "value": "INF"}, "INF"),
        ({"type": "typed-literal", "datatype": xsd("boolean"), "value": "1"}, "true"),
        ({"type": "literal", "datatype": xsd("gYear"), "value": "0200"}, "0200"),
        ({"type": "literal", "datatype": xsd("date"), "value": "2024-06-19"}, "2024-06-19"),
        ({"type": "literal", "xml:lang": "en", "value": "a\tb\nc\\d"}, "a\\tb\\nc\\\\d"),
        ({"type": "literal", "value": "02"}, "02"),
        ({"type": "uri", "value": "http://x/y"}, "<http://x/y>"),
        ({"type": "bnode", "value": "nodeID://b10000"}, "_:b"),
        (None, ""),
    ]
    bad = 0
    for term, want in cases:
        got = term_to_cell(term)
        if got != want:
            bad += 1
            sys.stderr.write("normalize.py self-test: %r -> %r, want %r\n" % (term, got, want))
    lines = results_to_lines({"head": {"vars": ["b", "a"]}, "results": {"bindings": [
        {"a": {"type": "literal", "value": "\u00e9"}}, {"b": {"type": "literal", "value": "z"}},
        {"a": {"type": "literal", "value": "e"}}, {"a": {"type": "literal", "value": "e"}}]}})
    want_lines = ["b\ta", "\te", "\te", "\t\u00e9", "z\t"]
    if lines != want_lines:
        bad += 1
        sys.stderr.write("normalize.py self-test: rows %r, want %r\n" % (lines, want_lines))
    print("normalize.py self-test: %d failure(s)" % bad)
    return 1 if bad else 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 3:
        sys.stderr.write("usage: normalize.py RAW_DIR OUT_DIR\n")
        return 2
    raw_dir, out_dir = argv[1], argv[2]
    status = 0
    for name in sorted(os.listdir(raw_dir)):
        if not name.endswith(".srj"):
            continue
        stem = name[:-len(".srj")]
        try:
            convert_file(os.path.join(raw_dir, name), os.path.join(out_dir, stem + ".tsv"))
        except (ValueError, KeyError, json.JSONDecodeError) as e:
            sys.stderr.write("normalize.py: %s: %s\n" % (os.path.join(raw_dir, name), e))
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
