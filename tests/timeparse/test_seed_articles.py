"""The seed articles' time phrases, as the events helper relies on them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from calendar_service.timeparse import extract

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _article(name: str) -> tuple[str, date]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    published = date.fromisoformat(text.split("Published: ", 1)[1][:10])
    return text, published


@pytest.mark.parametrize(("name", "phrase", "occurrence", "earliest", "latest"), [
    ("2024-04-09-xi-meets-lavrov.txt", "later this year", 0, "2024-04-10", "2024-12-31"),
    ("2024-04-09-xi-meets-lavrov.txt", "Tuesday", 0, "2024-04-09", "2024-04-09"),
    ("2024-04-09-xi-meets-lavrov.txt", "June", 0, "2024-06-01", "2024-06-30"),
    ("2024-04-09-xi-meets-lavrov.txt", "October", 0, "2024-10-01", "2024-10-31"),
    ("2024-04-09-xi-meets-lavrov.txt", "January", 0, "2024-01-01", "2024-01-31"),
    ("2024-04-09-xi-meets-lavrov.txt", "last month", 0, "2024-03-01", "2024-03-31"),
    ("2024-04-09-xi-meets-lavrov.txt", "May", 0, "2024-05-01", "2024-05-31"),
    ("2024-04-09-xi-meets-lavrov.txt", "February 2022", 0, "2022-02-01", "2022-02-28"),
    ("2024-04-09-xi-meets-lavrov.txt", "April 9, 2024", 0, "2024-04-09", "2024-04-09"),
    ("2024-05-02-rates-distractor.txt", "June 12", 0, "2024-06-12", "2024-06-12"),
    ("2024-05-14-putin-china-dates.txt", "May 16 to 17", 0, "2024-05-16", "2024-05-17"),
    ("2024-05-14-putin-china-dates.txt", "last week", 0, "2024-05-06", "2024-05-12"),
    ("2024-05-14-putin-china-dates.txt", "Thursday", 0, "2024-05-16", "2024-05-16"),
    ("2024-05-14-putin-china-dates.txt", "this summer", 0, "2024-06-01", "2024-08-31"),
    ("2024-06-20-sco-astana-dates.txt", "July 3-4", 0, "2024-07-03", "2024-07-04"),
    ("2024-06-20-sco-astana-dates.txt", "last July", 0, "2023-07-01", "2023-07-31"),
    ("2024-07-03-xi-putin-astana.txt", "Wednesday", 0, "2024-07-03", "2024-07-03"),
    ("2024-07-03-xi-putin-astana.txt", "May", 0, "2024-05-01", "2024-05-31"),
    ("2024-07-03-xi-putin-astana.txt", "October", 0, "2024-10-01", "2024-10-31"),
    ("2024-07-03-xi-putin-astana.txt", "Thursday", 0, "2024-07-04", "2024-07-04"),
    ("2024-10-21-brics-kazan.txt", "October 22 to 24", 0, "2024-10-22", "2024-10-24"),
    ("2024-10-21-brics-kazan.txt", "Tuesday", 0, "2024-10-22", "2024-10-22"),
    ("2024-10-21-brics-kazan.txt", "January", 0, "2024-01-01", "2024-01-31"),
])
def test_seed_phrase(name: str, phrase: str, occurrence: int, earliest: str,
                     latest: str) -> None:
    text, published = _article(name)
    found = [m for m in extract(text, published) if m.text == phrase]
    assert len(found) > occurrence, [m.text for m in extract(text, published)]
    m = found[occurrence]
    assert (m.earliest, m.latest) == (date.fromisoformat(earliest), date.fromisoformat(latest))


def test_the_anniversary_is_not_a_date() -> None:
    text, published = _article("2024-04-09-xi-meets-lavrov.txt")
    assert not any("75th" in m.text for m in extract(text, published))
