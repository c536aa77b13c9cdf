"""Adapters that run each engine over all documents and return predictions plus loop time.

Each adapter times only its own loop over the documents (after one untimed warm-up call),
so documents per second compare the engines, not process start-up or module loading. Two
speeds are kept: the first pass (what a one-off run sees; a JIT such as node's has not warmed
up yet) and, with `repeat` > 1, the fastest of the passes (as `timeit` does: the machine is
shared, and the minimum is the least disturbed measurement; it is the steady state of a
long-running service). chrono runs in node and reports the times of its parse loop measured
inside node.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .goldrange import DayRange, value_to_range
from .scoring import Prediction
from .timeml import Document

NODE_DIR = Path(__file__).resolve().parent.parent / "node"
CHRONO_SCRIPT = NODE_DIR / "run_chrono.mjs"
WARM_UP_TEXT = "The talks were held on Tuesday, May 16, 1998, and will resume next week."
WARM_UP_DCT = date(1998, 5, 18)


class EngineUnavailable(RuntimeError):
    """The engine cannot run here (missing module, missing node); the message says why."""


@dataclass(slots=True)
class EngineRun:
    name: str
    predictions: list[list[Prediction]]  # one list per document, same order as the input
    seconds: float  # the engine's own loop over all documents, fastest pass
    first_seconds: float  # the same loop's first pass
    errors: list[str] = field(default_factory=list)  # documents on which the engine raised

    @property
    def docs_per_second(self) -> float:
        return _rate(len(self.predictions), self.seconds)

    @property
    def first_pass_docs_per_second(self) -> float:
        return _rate(len(self.predictions), self.first_seconds)


def _rate(docs: int, seconds: float) -> float:
    return docs / seconds if seconds > 0 else float("inf")


def _timed_passes(
    docs: Sequence[Document], per_doc: Callable[[Document], Any], repeat: int
) -> tuple[list[Any], float, float, list[str]]:
    """Run `per_doc` over all documents `repeat` times; outputs of the last pass, the
    fastest pass's time and the first pass's.

    An exception on one document is recorded and gives that document no output, so one bad
    document cannot hide the rest.
    """
    best = first = float("inf")
    outputs: list[Any] = []
    errors: list[str] = []
    for i in range(repeat):
        outputs, errors = [], []
        began = time.perf_counter()
        for doc in docs:
            try:
                outputs.append(per_doc(doc))
            except Exception as exc:
                outputs.append([])
                errors.append(f"{doc.doc_id}: {type(exc).__name__}: {exc}")
        elapsed = time.perf_counter() - began
        best = min(best, elapsed)
        first = elapsed if i == 0 else first
    return outputs, best, first, errors


# --- ours -------------------------------------------------------------------------------


def run_ours(docs: Sequence[Document], repeat: int = 1) -> EngineRun:
    try:
        from calendar_service.timeparse import extract
    except ImportError as exc:
        raise EngineUnavailable(f"cannot import calendar_service.timeparse.extract: {exc}") from exc

    extract(WARM_UP_TEXT, published=WARM_UP_DCT)
    raw, seconds, first, errors = _timed_passes(
        docs, lambda doc: extract(doc.text, published=doc.dct), repeat
    )
    predictions = [
        [
            Prediction(
                start=m.start,
                end=m.end,
                text=m.text,
                earliest=m.earliest,
                latest=m.latest,
                for_value=m.kind in ("date", "time"),
            )
            for m in mentions
        ]
        for mentions in raw
    ]
    return EngineRun("ours", predictions, seconds, first, errors)


# --- dateparser -------------------------------------------------------------------------


def dateparser_period_range(day: date, period: str) -> DayRange:
    """The day range of a dateparser match: its date widened to the reported period."""
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return DayRange(monday, monday + timedelta(days=6))
    if period == "month":
        found = value_to_range(f"{day.year:04d}-{day.month:02d}")
    elif period == "year":
        found = value_to_range(f"{day.year:04d}")
    else:  # "day", "time" or anything new: the day itself
        found = None
    return found or DayRange(day, day)


def locate_in_order(text: str, substrings: Sequence[str]) -> list[tuple[int, int] | None]:
    """Character spans of substrings returned in text order (None where one is not found)."""
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for s in substrings:
        at = text.find(s, cursor)
        if at < 0:
            at = text.find(s)
        if at < 0 or not s:
            spans.append(None)
            continue
        spans.append((at, at + len(s)))
        cursor = at + len(s)
    return spans


def _dateparser_document(
    text: str, dct: date, search_dates: Callable[..., Any], parser_class: type
) -> list[Prediction]:
    settings = {
        "RELATIVE_BASE": datetime(dct.year, dct.month, dct.day),
        "PREFER_DATES_FROM": "current_period",
    }
    found = search_dates(text, languages=["en"], settings=settings) or []
    parser = parser_class(languages=["en"], settings=settings)
    predictions = []
    substrings = [s for s, _ in found]
    for (substring, when), span in zip(found, locate_in_order(text, substrings), strict=True):
        if span is None:
            continue
        data = parser.get_date_data(substring)
        when = data.date_obj or when
        period = data.period or "day"
        r = dateparser_period_range(when.date(), period)
        predictions.append(Prediction(span[0], span[1], substring, r.earliest, r.latest))
    return predictions


def run_dateparser(docs: Sequence[Document], repeat: int = 1) -> EngineRun:
    try:
        from dateparser.date import DateDataParser
        from dateparser.search import search_dates
    except ImportError as exc:
        raise EngineUnavailable(f"cannot import dateparser: {exc}") from exc

    _dateparser_document(WARM_UP_TEXT, WARM_UP_DCT, search_dates, DateDataParser)
    predictions, seconds, first, errors = _timed_passes(
        docs,
        lambda doc: _dateparser_document(doc.text, doc.dct, search_dates, DateDataParser),
        repeat,
    )
    return EngineRun("dateparser", predictions, seconds, first, errors)


# --- chrono-node ------------------------------------------------------------------------

CHRONO_INSTALL_HINT = "npm --prefix benchmarks/node install"


def chrono_available() -> str | None:
    """None when chrono can run, else the reason it cannot."""
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not (NODE_DIR / "node_modules" / "chrono-node").is_dir():
        return f"chrono-node is not installed (run: {CHRONO_INSTALL_HINT})"
    return None


def _chrono_day(component: dict[str, Any]) -> date:
    v = component["values"]
    return date(v["year"], v["month"], v["day"])


def chrono_range(start: dict[str, Any], end: dict[str, Any] | None) -> DayRange:
    """Day range of a chrono result.

    With an end: start day .. end day. Otherwise the most specific component chrono marks as
    known (certain): a day or weekday gives that day, a month the whole month, a year the
    whole year; a result with only a time of day known gives its (implied) day.
    """
    first = _chrono_day(start)
    if end is not None:
        last = _chrono_day(end)
        return DayRange(first, last) if last >= first else DayRange(last, first)
    known = set(start["known"])
    if known & {"day", "weekday"}:
        return DayRange(first, first)
    if "month" in known:
        found = value_to_range(f"{first.year:04d}-{first.month:02d}")
    elif "year" in known:
        found = value_to_range(f"{first.year:04d}")
    else:
        found = None
    return found or DayRange(first, first)


def utf16_to_index(text: str) -> Callable[[int], int]:
    """Map JavaScript (UTF-16 code unit) offsets to Python string offsets."""
    if all(ord(c) < 0x10000 for c in text):
        return lambda i: i
    table: list[int] = []
    for i, c in enumerate(text):
        table.extend([i] * (2 if ord(c) >= 0x10000 else 1))
    table.append(len(text))
    return lambda i: table[min(i, len(table) - 1)]


def run_chrono(docs: Sequence[Document], repeat: int = 1) -> EngineRun:
    reason = chrono_available()
    if reason is not None:
        raise EngineUnavailable(reason)
    payload = "".join(
        json.dumps({"id": d.doc_id, "text": d.text, "ref": d.dct.isoformat()}) + "\n"
        for d in docs
    )
    completed = subprocess.run(
        ["node", str(CHRONO_SCRIPT), str(repeat)],
        input=payload,
        capture_output=True,
        text=True,
        check=False,
        cwd=NODE_DIR,
    )
    if completed.returncode != 0:
        raise EngineUnavailable(f"chrono runner failed: {completed.stderr.strip()[-2000:]}")
    lines = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    timing = lines[-1]["timing"]
    by_id = {line["id"]: line["results"] for line in lines[:-1]}
    predictions: list[list[Prediction]] = []
    errors: list[str] = []
    for doc in docs:
        to_index = utf16_to_index(doc.text)
        doc_predictions = []
        for r in by_id.get(doc.doc_id, []):
            start = to_index(r["index"])
            end = to_index(r["index"] + len(r["text"].encode("utf-16-le")) // 2)
            try:
                found = chrono_range(r["start"], r["end"])
            except (TypeError, ValueError, KeyError) as exc:
                errors.append(f"{doc.doc_id}: bad chrono result {r['text']!r}: {exc}")
                continue
            doc_predictions.append(
                Prediction(start, end, doc.text[start:end], found.earliest, found.latest)
            )
        predictions.append(doc_predictions)
    return EngineRun("chrono", predictions, float(timing["seconds"]),
                     float(timing["first_seconds"]), errors)


ENGINES: dict[str, Callable[[Sequence[Document], int], EngineRun]] = {
    "ours": run_ours,
    "dateparser": run_dateparser,
    "chrono": run_chrono,
}
