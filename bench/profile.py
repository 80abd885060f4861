#!/usr/bin/env python3
"""Where a `cargo-datamin check` run spends its CPU time, by phase.

    perf record -o perf.data --call-graph dwarf,16384 -F 1000 \\
        target/release/cargo-datamin check TREE --format json --jobs 2 > /dev/null
    perf script -i perf.data > perf.txt
    bench/profile.py perf.txt

Reads the `perf script` text (a header line per sample, then its stack,
innermost frame first, a blank line after) and counts each sample once, in
the first phase below one of whose patterns is in a frame of its stack.
Samples of syn's parser whose stack was cut off by the 16 KiB copy before it
reached the linter's frames are counted as "syn, stack cut off". Prints the
samples per thread, then a markdown table of the share of each phase.
"""

import collections
import re
import sys

PHASES = [
    ("lowering: `syn::parse_file` (and proc-macro2 lexing)",
     ["syn::parse_file", "proc_macro2::fallback", "syn::parse::Parser::parse_str"]),
    ("lowering: the rest of `lower_file` (building the IR, macro arguments)",
     ["lower_file", "analysis::lower::"]),
    ("parse: pre-scans (`nesting`, `may_declare_personal`)", ["nesting::", "may_declare_personal"]),
    ("fixpoint: `FnCx::analyse`", ["FnCx::analyse"]),
    ("fixpoint: expanding hits through summaries", ["Engine::expand"]),
    ("fixpoint: bookkeeping (`Engine::run`: merges, queue)", ["Engine::run"]),
    ("`callgraph::ranks`", ["callgraph::"]),
    ("`routes::mark_handlers`", ["mark_handlers", "RouterVisitor"]),
    ("`Model::build`", ["Model::build"]),
    ("findings, suppressions, report",
     ["analysis::findings", "apply_suppressions", "suppress::scan", "Report::sort",
      "analysis::report"]),
    ("walking and reading (`walk`, `walkdir`)", ["walk::", "walkdir"]),
    ("output (JSON)", ["serde_json"]),
    ("dropping (lowered files, model, summaries, syntax trees)", ["drop_in_place"]),
]
CUT_OFF = "syn, stack cut off"
OTHER = "other (startup, thread pool, kernel, allocator outside the above)"


def without_generics(frame):
    """A frame's name without generic arguments, which name other functions'
    types (`call_mut<(usize, &datamin_lint::walk::SourceFile)>`)."""
    while True:
        shorter = re.sub(r"<[^<>]*>", "", frame)
        if shorter == frame:
            return frame
        frame = shorter


def samples(path):
    """(thread, [frame, ...]) per sample, innermost frame first."""
    thread, stack = None, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if stack:
                    yield thread, stack
                thread, stack = None, []
            elif line[0] in " \t":
                parts = line.strip().split(" ", 1)
                if len(parts) == 2:
                    frame = re.sub(r"\+0x[0-9a-f]+", "", parts[1])
                    stack.append(without_generics(re.sub(r" \(.*\)$", "", frame)))
            else:
                thread = line.split()[0]
    if stack:
        yield thread, stack


def phase(stack):
    for name, patterns in PHASES:
        if any(p in frame for frame in stack for p in patterns):
            return name
    if any("syn::" in frame for frame in stack) and not any("datamin" in frame for frame in stack):
        return CUT_OFF
    return OTHER


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    counts, threads = collections.Counter(), collections.Counter()
    for thread, stack in samples(sys.argv[1]):
        counts[phase(stack)] += 1
        threads[thread] += 1
    total = sum(counts.values())
    if total == 0:
        sys.exit("no samples")
    print(f"{total} samples; per thread: " + ", ".join(f"{t} {n}" for t, n in threads.most_common()))
    print()
    print("| where | share of samples |")
    print("| --- | --: |")
    for name in [n for n, _ in PHASES] + [CUT_OFF, OTHER]:
        print(f"| {name} | {100 * counts[name] / total:.1f}% |")


if __name__ == "__main__":
    main()
