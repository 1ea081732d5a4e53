#!/usr/bin/python3
"""Compare the stores' normalised answers with each other and with expected answers.

Usage: compare.py [--expected DIR [--require-expected]] [--queries DIR] NAME=OUT_DIR [NAME=OUT_DIR ...]

Each OUT_DIR holds <stem>.tsv per query as written by a runner (or <stem>.error). The queries compared
are the *.rq stems of --queries if given, else every stem any store produced. Per query:
- every store is compared with the consensus (the answer most stores gave; on a tie, the first store's);
- the consensus is compared with --expected/<stem>.tsv if that file exists ("absent" otherwise;
  with --require-expected an absent expected answer is a failure).
Rows are compared as multisets (order-free, duplicates count); the header line must be equal.
Patterns in expected answers: an expected IRI cell containing `*` (e.g. `<https://w3id.org/treatykg/data/
claim/001_x.signing.*>`, where the rest of the IRI depends on the extractor, not on the reading)
matches any IRI with anything in place of each `*` (no other wildcard; `?` and `[` are literal). Rows
equal exactly are paired first; then each remaining expected row with a pattern takes the first remaining
actual row it matches cell by cell; whatever is left on either side is the difference.
Stores are always compared with each other exactly.
Prints a table and, for every difference, the first differing rows. Exit 0 only if everything agrees
(a missing or failed store answer is a difference too); 1 otherwise; 2 on bad usage.
"""
import argparse
import collections
import os
import re
import sys

MAX_SHOWN = 8


def read_answer(path):
    """-> (header, sorted rows) or None if the file does not exist."""
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().replace("\r\n", "\n").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    if not lines:
        return ("", ())
    return (lines[0], tuple(sorted(lines[1:], key=lambda r: r.encode("utf-8"))))


def _cell_matcher(cell):
    """An expected cell -> predicate on an actual cell: `<...*...>` is a pattern, anything else exact."""
    if cell.startswith("<") and cell.endswith(">") and "*" in cell:
        regex = re.compile("".join(".*" if part == "*" else re.escape(part)
                                   for part in re.split(r"(\*)", cell)) + r"\Z", re.DOTALL)
        return lambda actual: regex.match(actual) is not None
    return lambda actual: actual == cell


def match_rows(actual, expected):
    """Multiset comparison of rows where expected cells may be patterns.
    -> (rows only in actual, rows only in expected); both empty means equal. Exact matches are paired
    first, then each remaining expected row with a pattern takes the first actual row it matches."""
    ca, ce = collections.Counter(actual), collections.Counter(expected)
    common = ca & ce
    ca, ce = ca - common, ce - common
    left_actual = sorted(ca.elements())
    left_expected = []
    for row in sorted(ce.elements()):
        cells = row.split("\t")
        if not any(c.startswith("<") and c.endswith(">") and "*" in c for c in cells):
            left_expected.append(row)
            continue
        matchers = [_cell_matcher(c) for c in cells]
        for k, candidate in enumerate(left_actual):
            got = candidate.split("\t")
            if len(got) == len(matchers) and all(m(g) for m, g in zip(matchers, got)):
                del left_actual[k]
                break
        else:
            left_expected.append(row)
    return left_actual, left_expected


def describe_diff(label_a, a, label_b, b):
    """Lines describing how answers a and b differ (b's cells may be patterns); [] if they agree."""
    out = []
    if a[0] != b[0]:
        out.append("    header %s: %s" % (label_a, a[0].replace("\t", " | ")))
        out.append("    header %s: %s" % (label_b, b[0].replace("\t", " | ")))
    only_a, only_b = match_rows(a[1], b[1])
    for sign, label, rows in (("-", label_a, only_a), ("+", label_b, only_b)):
        if rows:
            out.append("    %d row(s) only in %s:" % (len(rows), label))
            for r in rows[:MAX_SHOWN]:
                out.append("    %s %s" % (sign, r.replace("\t", " | ")))
            if len(rows) > MAX_SHOWN:
                out.append("    %s ... %d more" % (sign, len(rows) - MAX_SHOWN))
    return out


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--expected", help="folder of expected <stem>.tsv answers")
    ap.add_argument("--require-expected", action="store_true",
                    help="fail when a query has no expected answer")
    ap.add_argument("--queries", help="folder of the *.rq queries (defines the query list)")
    ap.add_argument("--known-differences",
                    help="file of '<query stem><TAB>reason' lines: queries whose stores' answer is known to "
                         "differ from the expected one (reported as KNOWN with the full diff; if such a "
                         "query matches, that is a failure, so the list cannot go stale)")
    ap.add_argument("stores", nargs="+", metavar="NAME=OUT_DIR")
    args = ap.parse_args(argv[1:])

    stores = []
    for spec in args.stores:
        name, sep, path = spec.partition("=")
        if not sep or not name or not path:
            ap.error("store must be NAME=OUT_DIR: %r" % spec)
        stores.append((name, path))

    if args.queries:
        if not os.path.isdir(args.queries):
            ap.error("%s: no such folder" % args.queries)
        stems = sorted(f[:-3] for f in os.listdir(args.queries) if f.endswith(".rq"))
    else:
        found = set()
        for _, path in stores:
            if os.path.isdir(path):
                found.update(f[:-4] for f in os.listdir(path) if f.endswith(".tsv"))
        stems = sorted(found)
    if not stems:
        print("compare.py: no queries to compare", file=sys.stderr)
        return 1
    if args.expected and not os.path.isdir(args.expected):
        print("compare.py: note: expected folder %s does not exist" % args.expected, file=sys.stderr)

    known = {}
    if args.known_differences:
        with open(args.known_differences, encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    stem, _, reason = line.rstrip("\n").partition("\t")
                    known[stem] = reason

    names = [n for n, _ in stores]
    width_q = max(len("query"), max(len(s) for s in stems))
    widths = [max(len(n), 7) for n in names]
    header = ["query".ljust(width_q), "rows".rjust(5)] + [n.ljust(w) for n, w in zip(names, widths)]
    header.append("expected")
    print("  ".join(header))
    details = []
    failed = False
    for stem in stems:
        answers = [read_answer(os.path.join(path, stem + ".tsv")) for _, path in stores]
        present = [a for a in answers if a is not None]
        consensus = None
        if present:
            counts = collections.Counter(present)
            best = max(counts.values())
            consensus = next(a for a in present if counts[a] == best)  # first store among the ties
        cells = []
        for (name, path), answer in zip(stores, answers):
            if answer is None:
                failed = True
                err = os.path.join(path, stem + ".error")
                if os.path.isfile(err):
                    cells.append("ERROR")
                    with open(err, encoding="utf-8", errors="replace") as f:
                        lines = f.read().strip().split("\n")
                        more = " [... see %s]" % err if len(lines) > 4 else ""
                        details.append("%s: %s failed: %s%s" % (stem, name, "\n".join(lines[:4]), more))
                else:
                    cells.append("MISSING")
                    details.append("%s: %s wrote no %s.tsv" % (stem, name, stem))
            elif answer == consensus:
                cells.append("ok")
            else:
                failed = True
                cells.append("DIFF")
                details.append("%s: %s differs from the consensus of the stores (-%s, +consensus)"
                               % (stem, name, name))
                details.extend(describe_diff(name, answer, "consensus", consensus))
        expected = read_answer(os.path.join(args.expected, stem + ".tsv")) if args.expected else None
        if expected is None:
            exp_cell = "absent"
            if args.require_expected:
                failed = True
                exp_cell = "ABSENT"
                details.append("%s: no expected answer %s (required)"
                               % (stem, os.path.join(args.expected or "?", stem + ".tsv")))
        elif consensus is None:
            exp_cell = "n/a"
        else:
            diff = describe_diff("stores", consensus, "expected", expected)
            if not diff and stem in known:
                failed = True
                exp_cell = "UNEXPECTED-OK"
                details.append("%s: now matches the expected answer: remove it from %s"
                               % (stem, args.known_differences))
            elif not diff:
                exp_cell = "ok"
            elif stem in known:
                exp_cell = "KNOWN"
                details.append("%s: known difference (%s), not counted: %s (-stores, +expected)"
                               % (stem, args.known_differences, known[stem]))
                details.extend(diff)
            else:
                failed = True
                exp_cell = "DIFF"
                details.append("%s: the stores' answer differs from %s (-stores, +expected)"
                               % (stem, os.path.join(args.expected, stem + ".tsv")))
                details.extend(diff)
        rows = str(len(consensus[1])) if consensus is not None else "-"
        line = [stem.ljust(width_q), rows.rjust(5)] + [c.ljust(w) for c, w in zip(cells, widths)]
        line.append(exp_cell)
        print("  ".join(line).rstrip())
    if details:
        print()
        print("\n".join(details))
    print()
    print("RESULT: %s (%d queries, %d stores)" % ("DIFFERENCES" if failed else "all agree", len(stems),
                                                  len(stores)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
