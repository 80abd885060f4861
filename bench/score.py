#!/usr/bin/env python3
"""Scores one `cargo datamin check --format json` run of a generated tree.

    score.py REPORT.json TREE [--list]

Prints one line, `found=F expected=E matched=M missed=X unexpected=U errors=R`:
F is the number of log-leak findings in the report, E the number in
TREE/EXPECTED, M the findings that sit on a line carrying a `//~ log-leak`
marker (each marker matches at most as many findings as it names), X the
markers no finding matched, U the log-leak findings on unmarked lines and R
the report's file errors. With --list, the missed and unexpected lines follow,
one per line.
"""

import collections
import json
import os
import sys

RULE = "log-leak"


def markers(tree):
    """(file, line) -> how many log-leak findings the markers there expect."""
    want = collections.Counter()
    for base, dirs, files in os.walk(tree):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "target")
        for name in sorted(files):
            if not name.endswith(".rs"):
                continue
            path = os.path.join(base, name)
            rel = os.path.relpath(path, tree).replace(os.sep, "/")
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, start=1):
                    at = line.find("//~ ")
                    if at >= 0:
                        rules = line[at + 4 :].split()
                        if rules.count(RULE):
                            want[(rel, number)] += rules.count(RULE)
    return want


def main(argv):
    if len(argv) not in (2, 3) or (len(argv) == 3 and argv[2] != "--list"):
        print(__doc__.strip().split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    report_path, tree = argv[0], argv[1]
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    with open(os.path.join(tree, "EXPECTED"), encoding="utf-8") as f:
        expected = int(f.read().strip())
    got = collections.Counter(
        (item["file"], item["line"]) for item in report["findings"] if item["rule"] == RULE
    )
    want = markers(tree)
    matched = sum((got & want).values())
    missed = want - got
    unexpected = got - want
    print(
        f"found={sum(got.values())} expected={expected} matched={matched} "
        f"missed={sum(missed.values())} unexpected={sum(unexpected.values())} "
        f"errors={len(report.get('errors', []))}"
    )
    if len(argv) == 3:
        for (file, line), n in sorted(missed.items()):
            print(f"missed {file}:{line} x{n}")
        for (file, line), n in sorted(unexpected.items()):
            print(f"unexpected {file}:{line} x{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
