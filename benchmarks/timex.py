"""TimeML benchmark of the range engine against dateparser and chrono-node.

    .venv/bin/python benchmarks/timex.py /work/shared/data/timebank \
        [--engines ours,dateparser,chrono] [--errors FILE] [--limit N]

Prints span precision/recall/F1, value accuracy on gold DATE/TIME values and documents per
second for every engine, as a Markdown table. See benchmarks/README.md for the scoring.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timexbench.engines import (
    CHRONO_INSTALL_HINT,
    ENGINES,
    EngineRun,
    EngineUnavailable,
)
from benchmarks.timexbench.report import (
    EngineSummary,
    markdown_table,
    value_breakdown,
    write_errors,
)
from benchmarks.timexbench.scoring import score_document, totals
from benchmarks.timexbench.timeml import TimeMLError, read_corpus


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="directory of TimeML .tml files")
    parser.add_argument(
        "--engines",
        default="ours,dateparser,chrono",
        help="comma-separated subset of: " + ",".join(ENGINES),
    )
    parser.add_argument("--errors", type=Path, help="write our engine's misses to this file")
    parser.add_argument(
        "--breakdown", action="store_true", help="also print value accuracy per gold value form"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="time each engine's loop N times and keep the fastest pass (default 1)",
    )
    parser.add_argument("--limit", type=int, help="only the first N documents (by file name)")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.engines.split(",") if n.strip()]
    unknown = [n for n in names if n not in ENGINES]
    if unknown or not names:
        parser.error(f"unknown engine(s) {unknown}; choose from {', '.join(ENGINES)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if args.errors and "ours" not in names:
        parser.error("--errors lists our engine's misses: include 'ours' in --engines")
    args.engine_names = names
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    try:
        docs = read_corpus(args.corpus, args.limit)
    except TimeMLError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    n_gold = sum(len(d.timexes) for d in docs)
    print(f"{len(docs)} documents, {n_gold} gold timexes from {args.corpus}\n")

    runs: list[EngineRun] = []
    for name in args.engine_names:
        try:
            run = ENGINES[name](docs, args.repeat)
        except EngineUnavailable as exc:
            hint = f" (install: {CHRONO_INSTALL_HINT})" if name == "chrono" else ""
            print(f"{name} skipped: {exc}{hint}")
            continue
        for error in run.errors:
            print(f"{name} error: {error}", file=sys.stderr)
        runs.append(run)
    if not runs:
        print("error: no engine could run", file=sys.stderr)
        return 1

    summaries = []
    for run in runs:
        results = [score_document(d, p) for d, p in zip(docs, run.predictions, strict=True)]
        summaries.append(EngineSummary(run.name, totals(results), run.docs_per_second,
                                       run.first_pass_docs_per_second))
        if args.breakdown:
            print(f"\n{run.name}: value accuracy by gold value form\n")
            print(value_breakdown(results))
        if run.name == "ours" and args.errors:
            with args.errors.open("w", encoding="utf-8") as out:
                write_errors(results, out)
            print(f"our misses written to {args.errors}")

    print()
    print(markdown_table(summaries))
    by_name = {s.name: s for s in summaries}
    if "ours" in by_name:
        ours = by_name["ours"]
        for peer in ("dateparser", "chrono"):
            if peer in by_name:
                other = by_name[peer]
                print(f"speed ours/{peer}: first pass "
                      f"{ours.first_pass_docs_per_second / other.first_pass_docs_per_second:.1f}x"
                      f", fastest of {args.repeat} "
                      f"{ours.docs_per_second / other.docs_per_second:.1f}x")
    if "chrono" in by_name:
        print("chrono docs/s: timed inside node around its parse loop (no start-up, no I/O); "
              "its first pass runs before V8's JIT has warmed up")
    return 0


if __name__ == "__main__":
    sys.exit(main())
