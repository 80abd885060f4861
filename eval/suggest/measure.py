#!/usr/bin/env python3
"""Precision and recall of `cargo datamin suggest` against annotations a careful engineer wrote.

Two kinds of truth:
  1. tests/suggest/<case>/: a tree without annotations (`before/`) and the fields an engineer
     annotated in it (`expected.tsv`), written blind from the SPEC.
  2. annotated trees (the repository's fixtures and examples, and any DIR given with --tree):
     every `#[personal...]` attribute is stripped from a copy, and the fields that carried one
     are the truth.
For each tree, `suggest --format json --min-confidence X` runs on the unannotated copy; a
suggestion is right when it names an annotated field (by file and line), and its category is
counted apart. Prints every miss and false suggestion with --verbose, and a table.

Usage: eval/suggest/measure.py [--min-confidence X] [--verbose] [--tree DIR ...]
       DATAMIN_BIN=path  (default: target/release/cargo-datamin, built if missing)
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile

repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ap = argparse.ArgumentParser()
ap.add_argument("--min-confidence", default="0.5")
ap.add_argument("--verbose", action="store_true")
ap.add_argument("--tree", action="append", default=[])
ap.add_argument("--no-fixtures", action="store_true")
args = ap.parse_args()

binary = os.environ.get("DATAMIN_BIN") or os.path.join(repo, "target/release/cargo-datamin")
if not os.path.exists(binary):
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "cargo-datamin"], cwd=repo, check=True)

ATTR_LINE = re.compile(r"^\s*#\[(?:datamin::)?personal(?:\([^)]*\))?\]\s*$")
ATTR_INLINE = re.compile(r"#\[(?:datamin::)?personal(?:\(([^)]*)\))?\]\s*")


def suggest(tree):
    out = subprocess.run([binary, "suggest", tree, "--format", "json", "--min-confidence",
                          args.min_confidence], capture_output=True, text=True).stdout
    doc = json.loads(out)
    return {(s["file"], s["line"]): (s["type"] + "." + s["field"], s["category"], s["confidence"])
            for s in doc["suggestions"]}


def strip(src, dst):
    """Copies the tree without #[personal] attributes; returns {(file, line): category}."""
    truth = {}
    for root, dirs, files in os.walk(src):
        dirs[:] = [d for d in dirs if d not in ("target", ".git")]
        for name in files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)
            out = os.path.join(dst, rel)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            if not name.endswith(".rs"):
                shutil.copy(path, out)
                continue
            lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
            kept, pending = [], None
            for line in lines:
                m = ATTR_LINE.match(line)
                if m:
                    cat = re.search(r"personal(?:\(([^)]*)\))?", line).group(1) or "other"
                    pending = cat.strip()
                    continue
                inline = ATTR_INLINE.search(line)
                if inline and not line.lstrip().startswith("//"):
                    line = ATTR_INLINE.sub("", line, count=1)
                    truth[(rel.replace(os.sep, "/"), len(kept) + 1)] = (inline.group(1) or "other").strip()
                if pending is not None:
                    s = line.strip()
                    if s.startswith("#[") or s.startswith("///") or s.startswith("//") or not s:
                        kept.append(line)
                        continue
                    truth[(rel.replace(os.sep, "/"), len(kept) + 1)] = pending
                    pending = None
                kept.append(line)
            open(out, "w", encoding="utf-8").write("\n".join(kept))
    return truth


rows = []


def measure(label, tree, truth):
    got = suggest(tree)
    tp = [k for k in got if k in truth]
    fp = sorted(k for k in got if k not in truth)
    fn = sorted(k for k in truth if k not in got)
    cat = sum(1 for k in tp if got[k][1] == truth[k])
    rows.append((label, len(got), len(truth), len(tp), len(fp), len(fn), cat))
    if args.verbose:
        for k in fp:
            print(f"  FP {label} {k[0]}:{k[1]} {got[k][0]} {got[k][1]} {got[k][2]}")
        for k in fn:
            print(f"  FN {label} {k[0]}:{k[1]} ({truth[k]})")
        for k in tp:
            if got[k][1] != truth[k]:
                print(f"  CAT {label} {k[0]}:{k[1]} {got[k][0]} {got[k][1]}, annotated {truth[k]}")


suggest_dir = os.path.join(repo, "tests/suggest")
for case in sorted(os.listdir(suggest_dir)):
    tsv = os.path.join(suggest_dir, case, "expected.tsv")
    if not os.path.exists(tsv):
        continue
    truth = {}
    for line in open(tsv):
        if line.startswith("#") or not line.strip():
            continue
        file, lineno, _, cat = line.rstrip("\n").split("\t")
        truth[(file, int(lineno))] = cat
    measure("suggest/" + case, os.path.join(suggest_dir, case, "before"), truth)

trees = list(args.tree)
if not args.no_fixtures:
    for kind in ("log-leak", "response-leak"):
        base = os.path.join(repo, "tests/fixtures", kind)
        trees += [os.path.join(base, d) for d in sorted(os.listdir(base))]
    trees += [os.path.join(repo, "examples", d) for d in sorted(os.listdir(os.path.join(repo, "examples")))]
work = tempfile.mkdtemp(prefix="datamin-suggest-")
try:
    for tree in trees:
        dst = os.path.join(work, os.path.basename(tree.rstrip("/")))
        truth = strip(tree, dst)
        if truth:
            label = os.path.relpath(tree, repo) if tree.startswith(repo) else tree
            measure(label, dst, truth)
finally:
    shutil.rmtree(work)


def ratio(a, b):
    return f"{a / b:.2f}" if b else "n/a"


print("| tree | suggestions | annotated | right | false | missed | category right | precision | recall |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
groups = {"suggest cases": [r for r in rows if r[0].startswith("suggest/")],
          "stripped trees": [r for r in rows if not r[0].startswith("suggest/")]}
for r in rows:
    if args.verbose or r[0].startswith("suggest/"):
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {r[6]} | {ratio(r[3], r[1])} | {ratio(r[3], r[2])} |")
for name, rs in list(groups.items()) + [("all", rows)]:
    s = [sum(r[i] for r in rs) for i in range(1, 7)]
    print(f"| **{name}** | {s[0]} | {s[1]} | {s[2]} | {s[3]} | {s[4]} | {s[5]} | {ratio(s[2], s[0])} | {ratio(s[2], s[1])} |")
