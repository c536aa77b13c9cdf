"""Reads TimeML documents (TempEval-3 TimeBank) into plain text plus gold TIMEX3 spans.

All tags inside <TEXT> are stripped; gold offsets index that plain text, so
`doc.text[t.start:t.end] == t.text` for every gold timex.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from defusedxml import ElementTree as SafeET


class TimeMLError(ValueError):
    """A file that is not a usable TimeML document (no DCT, no TEXT, bad XML)."""


@dataclass(frozen=True, slots=True)
class GoldTimex:
    tid: str
    type: str  # DATE, TIME, DURATION or SET
    value: str
    mod: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    doc_id: str
    dct: date
    text: str
    timexes: tuple[GoldTimex, ...]


def parse_timeml(xml_text: str, doc_id: str) -> Document:
    """Parse one TimeML document given as a string."""
    try:
        root = SafeET.fromstring(xml_text)
    except ET.ParseError as exc:
        raise TimeMLError(f"{doc_id}: not well-formed XML: {exc}") from exc
    dct = _creation_time(root, doc_id)
    body = root.find("TEXT")
    if body is None:
        raise TimeMLError(f"{doc_id}: no <TEXT> element")
    parts: list[str] = []
    spans: list[tuple[ET.Element, int, int]] = []
    _flatten(body, parts, spans, [0])
    text = "".join(parts)
    timexes = tuple(
        GoldTimex(
            tid=el.get("tid", ""),
            type=el.get("type", ""),
            value=el.get("value", ""),
            mod=el.get("mod"),
            start=start,
            end=end,
            text=text[start:end],
        )
        for el, start, end in sorted(spans, key=lambda s: (s[1], s[2]))
        if end > start  # an empty TIMEX3 has no characters to overlap
    )
    return Document(doc_id=doc_id, dct=dct, text=text, timexes=timexes)


def read_timeml(path: Path) -> Document:
    """Read one .tml file; the document id is the file name without its extension."""
    doc_id = path.name.removesuffix(".tml")
    try:
        xml_text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TimeMLError(f"{path}: cannot read: {exc}") from exc
    return parse_timeml(xml_text, doc_id)


def read_corpus(directory: Path, limit: int | None = None) -> list[Document]:
    """Every *.tml file of a directory, sorted by name (stable order across runs)."""
    if not directory.is_dir():
        raise TimeMLError(f"{directory}: not a directory")
    paths = sorted(directory.glob("*.tml"))
    if not paths:
        raise TimeMLError(f"{directory}: no .tml files")
    if limit is not None:
        paths = paths[:limit]
    return [read_timeml(p) for p in paths]


def _creation_time(root: ET.Element, doc_id: str) -> date:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = timex.get("value", "")
            try:
                return date.fromisoformat(value[:10])
            except ValueError as exc:
                raise TimeMLError(f"{doc_id}: creation time {value!r} is not a date") from exc
    raise TimeMLError(f"{doc_id}: no TIMEX3 with functionInDocument=CREATION_TIME")


def _flatten(
    elem: ET.Element,
    parts: list[str],
    spans: list[tuple[ET.Element, int, int]],
    length: list[int],
) -> None:
    """Append the element's text (tags removed) to `parts`, recording TIMEX3 offsets.

    `length` is a one-item running count of the characters written so far.
    """

    def emit(s: str | None) -> None:
        if s:
            parts.append(s)
            length[0] += len(s)

    emit(elem.text)
    for child in elem:
        start = length[0]
        _flatten(child, parts, spans, length)
        if child.tag == "TIMEX3":
            spans.append((child, start, length[0]))
        emit(child.tail)
