"""Span and value scoring of predicted time expressions against gold TIMEX3 annotations.

Spans: a prediction and a gold timex match when they share at least one character.
  precision = predictions overlapping some gold timex (of any type) / all predictions
  recall    = gold timexes overlapped by some prediction / all gold timexes
Value: over gold DATE and TIME timexes whose value converts to a day range, the share for
which some overlapping prediction that takes part in value scoring has a range the gold
accepts (exact, or narrower under mod START/MID/END; see `goldrange.accepts`).
Counts are summed over all documents before dividing (micro average).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .goldrange import DayRange, accepts, value_to_range
from .timeml import Document, GoldTimex

VALUE_TYPES = frozenset({"DATE", "TIME"})


@dataclass(frozen=True, slots=True)
class Prediction:
    """One expression an engine found: a span of the document text and its day range."""

    start: int
    end: int
    text: str
    earliest: date | None
    latest: date | None
    for_value: bool = True  # False for expressions with no calendar range (durations, sets)

    @property
    def range(self) -> DayRange | None:
        if self.earliest is None or self.latest is None:
            return None
        return DayRange(self.earliest, self.latest)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Do two half-open character spans share at least one character?"""
    return a_start < b_end and b_start < a_end


def gold_range(timex: GoldTimex) -> DayRange | None:
    """The day range a gold timex is scored against, or None if it counts for spans only."""
    if timex.type not in VALUE_TYPES:
        return None
    return value_to_range(timex.value)


@dataclass(frozen=True, slots=True)
class ValueOutcome:
    gold: GoldTimex
    gold_range: DayRange
    candidates: tuple[Prediction, ...]  # overlapping predictions that take part in value scoring
    correct: bool


@dataclass(slots=True)
class DocResult:
    doc: Document
    predictions: Sequence[Prediction]
    false_positives: list[Prediction] = field(default_factory=list)
    missed: list[GoldTimex] = field(default_factory=list)
    values: list[ValueOutcome] = field(default_factory=list)

    @property
    def true_predictions(self) -> int:
        return len(self.predictions) - len(self.false_positives)

    @property
    def gold_found(self) -> int:
        return len(self.doc.timexes) - len(self.missed)


def score_document(doc: Document, predictions: Sequence[Prediction]) -> DocResult:
    result = DocResult(doc=doc, predictions=predictions)
    golds = doc.timexes
    for p in predictions:
        if not any(overlaps(p.start, p.end, g.start, g.end) for g in golds):
            result.false_positives.append(p)
    for g in golds:
        hits = [p for p in predictions if overlaps(p.start, p.end, g.start, g.end)]
        if not hits:
            result.missed.append(g)
        wanted = gold_range(g)
        if wanted is None:
            continue
        candidates = tuple(p for p in hits if p.for_value)
        correct = any(
            (r := p.range) is not None and accepts(wanted, g.mod, r) for p in candidates
        )
        result.values.append(ValueOutcome(g, wanted, candidates, correct))
    return result


@dataclass(frozen=True, slots=True)
class Totals:
    predictions: int
    true_predictions: int
    gold: int
    gold_found: int
    value_gold: int
    value_correct: int

    @property
    def precision(self) -> float:
        return self.true_predictions / self.predictions if self.predictions else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_correct / self.value_gold if self.value_gold else 0.0


def totals(results: Iterable[DocResult]) -> Totals:
    predictions = true_predictions = gold = gold_found = value_gold = value_correct = 0
    for r in results:
        predictions += len(r.predictions)
        true_predictions += r.true_predictions
        gold += len(r.doc.timexes)
        gold_found += r.gold_found
        value_gold += len(r.values)
        value_correct += sum(v.correct for v in r.values)
    return Totals(predictions, true_predictions, gold, gold_found, value_gold, value_correct)
