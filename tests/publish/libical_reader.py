"""A small checker over libical (Debian package libical3), the C library behind Evolution
and many CalDAV servers, called through ctypes: parse a feed, list its VEVENTs."""

from __future__ import annotations

import ctypes
import ctypes.util
from dataclasses import dataclass


class IcalTime(ctypes.Structure):
    """struct icaltimetype of libical 3.x."""

    _fields_ = [("year", ctypes.c_int), ("month", ctypes.c_int), ("day", ctypes.c_int),
                ("hour", ctypes.c_int), ("minute", ctypes.c_int), ("second", ctypes.c_int),
                ("is_date", ctypes.c_int), ("is_daylight", ctypes.c_int),
                ("zone", ctypes.c_void_p)]


@dataclass(frozen=True)
class LibicalEvent:
    uid: str
    summary: str
    start: str  # YYYYMMDD, as libical prints a DATE
    end: str
    start_is_date: bool
    status: str | None
    sequence: int
    location: str | None


def load_libical() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("ical") or "libical.so.3"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalcomponent_string_to_kind.restype = ctypes.c_int
    lib.icalcomponent_string_to_kind.argtypes = [ctypes.c_char_p]
    lib.icalproperty_string_to_kind.restype = ctypes.c_int
    lib.icalproperty_string_to_kind.argtypes = [ctypes.c_char_p]
    for name_, res in (("icalcomponent_get_first_component", ctypes.c_void_p),
                       ("icalcomponent_get_next_component", ctypes.c_void_p),
                       ("icalcomponent_get_first_property", ctypes.c_void_p)):
        getattr(lib, name_).restype = res
        getattr(lib, name_).argtypes = [ctypes.c_void_p, ctypes.c_int]
    for name_ in ("icalcomponent_get_uid", "icalcomponent_get_summary",
                  "icalcomponent_get_location"):
        getattr(lib, name_).restype = ctypes.c_char_p
        getattr(lib, name_).argtypes = [ctypes.c_void_p]
    for name_ in ("icalcomponent_get_dtstart", "icalcomponent_get_dtend"):
        getattr(lib, name_).restype = IcalTime
        getattr(lib, name_).argtypes = [ctypes.c_void_p]
    lib.icalcomponent_get_sequence.restype = ctypes.c_int
    lib.icalcomponent_get_sequence.argtypes = [ctypes.c_void_p]
    lib.icalproperty_get_value_as_string.restype = ctypes.c_char_p
    lib.icalproperty_get_value_as_string.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    return lib


def read_with_libical(lib: ctypes.CDLL, raw: bytes) -> list[LibicalEvent]:
    calendar = lib.icalparser_parse_string(raw)
    assert calendar, "libical could not parse the feed"
    vevent = lib.icalcomponent_string_to_kind(b"VEVENT")
    status_kind = lib.icalproperty_string_to_kind(b"STATUS")
    found = []
    try:
        component = lib.icalcomponent_get_first_component(calendar, vevent)
        while component:
            status = lib.icalcomponent_get_first_property(component, status_kind)
            start = lib.icalcomponent_get_dtstart(component)
            end = lib.icalcomponent_get_dtend(component)
            location = lib.icalcomponent_get_location(component)
            found.append(LibicalEvent(
                uid=lib.icalcomponent_get_uid(component).decode(),
                summary=lib.icalcomponent_get_summary(component).decode(),
                start=f"{start.year:04d}{start.month:02d}{start.day:02d}",
                end=f"{end.year:04d}{end.month:02d}{end.day:02d}",
                start_is_date=bool(start.is_date),
                status=lib.icalproperty_get_value_as_string(status).decode() if status else None,
                sequence=lib.icalcomponent_get_sequence(component),
                location=location.decode() if location else None,
            ))
            component = lib.icalcomponent_get_next_component(calendar, vevent)
    finally:
        lib.icalcomponent_free(calendar)
    return found
