"""Matching calendar output against seeds/expected.json, shared by the story tests that
replay the seeds through different doors (the web API, the scheduled RSS refresh)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from icalendar import Calendar

# What a calendar app should see for each of our statuses (exact dates; see publish/).
ICAL_STATUS = {"planned": "TENTATIVE", "confirmed": "CONFIRMED", "held": "CONFIRMED",
               "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def feed_events(body: bytes) -> list[Any]:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def vevent_matches(vevent: Any, expected: dict[str, Any]) -> bool:
    """Same kind, same inclusive range (as an exclusive DTEND), same status, same place."""
    kind = expected["kind"].replace("_", " ")
    if kind not in [str(c) for c in vevent["CATEGORIES"].cats]:
        return False
    first = date.fromisoformat(expected["earliest"])
    last = date.fromisoformat(expected["latest"])
    if (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) != (first, last + timedelta(days=1)):
        return False
    if "status" in expected and str(vevent["STATUS"]) != ICAL_STATUS[expected["status"]]:
        return False
    where = str(vevent.get("LOCATION", ""))
    return all(expected[k] in where for k in ("city", "country") if k in expected)
