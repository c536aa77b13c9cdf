"""The Markdown result table and the per-miss error listing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from .goldrange import DayRange, date_part
from .scoring import DocResult, Prediction, Totals

# Not run here: HeidelTime needs Java and TreeTagger downloads. Figures from issue 3.
HEIDELTIME_ROW = (
    "| HeidelTime (reported in issue 3, not run here) | – | – | 0.93 | 0.85 | – | – | – | – |"
)


@dataclass(frozen=True, slots=True)
class EngineSummary:
    name: str
    totals: Totals
    docs_per_second: float  # fastest pass: the steady state of a long-running process
    first_pass_docs_per_second: float  # a one-off run, before any JIT has warmed up


def markdown_table(rows: Sequence[EngineSummary], reference: str = "ours") -> str:
    """One row per engine; each ratio is our docs/s divided by that engine's docs/s, for the
    first pass and for the fastest pass."""
    ours = next((r for r in rows if r.name == reference), None)
    lines = [
        "| engine | span P | span R | span F1 | value acc (n) | docs/s first pass "
        "| docs/s fastest pass | ratio first (ours/engine) | ratio fastest (ours/engine) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        t = r.totals
        first = f"{ours.first_pass_docs_per_second / r.first_pass_docs_per_second:.1f}x" \
            if ours else "–"
        fastest = f"{ours.docs_per_second / r.docs_per_second:.1f}x" if ours else "–"
        lines.append(
            f"| {r.name} | {t.precision:.3f} | {t.recall:.3f} | {t.f1:.3f} "
            f"| {t.value_accuracy:.3f} ({t.value_correct}/{t.value_gold}) "
            f"| {r.first_pass_docs_per_second:.1f} | {r.docs_per_second:.1f} "
            f"| {first} | {fastest} |"
        )
    lines.append(HEIDELTIME_ROW)
    return "\n".join(lines)


def value_form(value: str, mod: str | None = None) -> str:
    """A gold value's shape, digits masked: "1998-Q3" -> "9999-Q9", plus the mod if any."""
    day = date_part(value)
    form = re.sub(r"\d", "9", day) + ("T" if day != value.strip() else "")
    return f"{form} {mod}" if mod else form


def value_breakdown(results: Sequence[DocResult]) -> str:
    """Value accuracy per gold value shape (and mod), most frequent first, as Markdown."""
    scored: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    for r in results:
        for v in r.values:
            form = value_form(v.gold.value, v.gold.mod)
            scored[form] += 1
            correct[form] += v.correct
    lines = ["| gold value form | correct | scored |", "|---|---|---|"]
    lines += [f"| {form} | {correct[form]} | {n} |" for form, n in scored.most_common()]
    return "\n".join(lines)


def _range(r: DayRange | None) -> str:
    if r is None:
        return "no range"
    if r.earliest == r.latest:
        return r.earliest.isoformat()
    return f"{r.earliest.isoformat()}..{r.latest.isoformat()}"


def _prediction(p: Prediction) -> str:
    return f"{p.text!r} [{p.start}:{p.end}] -> {_range(p.range)}"


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


def write_errors(results: Sequence[DocResult], out: TextIO) -> None:
    """Every value miss, false positive and missed gold span, grouped by kind of error."""
    value_misses = [(r, v) for r in results for v in r.values if not v.correct]
    false_positives = [(r, p) for r in results for p in r.false_positives]
    missed = [(r, g) for r in results for g in r.missed]

    out.write("# VALUE ACCURACY BY GOLD VALUE FORM\n")
    out.write(value_breakdown(results) + "\n\n")
    out.write(f"# VALUE MISSES ({len(value_misses)}): gold DATE/TIME with a wrong or no range\n")
    for r, v in value_misses:
        g = v.gold
        mod = f" mod={g.mod}" if g.mod else ""
        found = "; ".join(_prediction(p) for p in v.candidates) or "nothing overlapping"
        out.write(
            f"{r.doc.doc_id} dct={r.doc.dct} gold {g.text!r} [{g.start}:{g.end}] "
            f"{g.value}{mod} = {_range(v.gold_range)} | ours: {found}\n"
        )
    out.write(f"\n# FALSE POSITIVES ({len(false_positives)}): predictions overlapping no gold\n")
    for r, p in false_positives:
        out.write(
            f"{r.doc.doc_id} dct={r.doc.dct} {_prediction(p)} | "
            f"{_context(r.doc.text, p.start, p.end)}\n"
        )
    out.write(f"\n# MISSED SPANS ({len(missed)}): gold timexes no prediction overlaps\n")
    for r, g in missed:
        mod = f" mod={g.mod}" if g.mod else ""
        out.write(
            f"{r.doc.doc_id} dct={r.doc.dct} {g.type} {g.value}{mod} {g.text!r} | "
            f"{_context(r.doc.text, g.start, g.end)}\n"
        )
