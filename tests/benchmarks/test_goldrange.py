"""Gold TIMEX3 value -> inclusive day range, and the START/MID/END leniency."""

from datetime import date

import pytest

from benchmarks.timexbench.goldrange import DayRange, accepts, value_to_range


def r(a: str, b: str) -> DayRange:
    return DayRange(date.fromisoformat(a), date.fromisoformat(b))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1998-02-13", r("1998-02-13", "1998-02-13")),
        ("2000-02-29", r("2000-02-29", "2000-02-29")),
        ("1998-02", r("1998-02-01", "1998-02-28")),
        ("2024-02", r("2024-02-01", "2024-02-29")),  # leap year
        ("1900-02", r("1900-02-01", "1900-02-28")),  # century, not a leap year
        ("2000-02", r("2000-02-01", "2000-02-29")),  # divisible by 400: leap
        ("1998-12", r("1998-12-01", "1998-12-31")),
        ("1998-W07", r("1998-02-09", "1998-02-15")),
        ("1998-W01", r("1997-12-29", "1998-01-04")),  # ISO week 1 starts in the year before
        ("2021-W01", r("2021-01-04", "2021-01-10")),  # ... or after Jan 1
        ("2020-W53", r("2020-12-28", "2021-01-03")),  # week 53 runs into the next year
        ("1998-W07-WE", r("1998-02-14", "1998-02-15")),
        ("1998-W01-WE", r("1998-01-03", "1998-01-04")),
        ("1998-Q1", r("1998-01-01", "1998-03-31")),
        ("1998-Q2", r("1998-04-01", "1998-06-30")),
        ("1998-Q3", r("1998-07-01", "1998-09-30")),
        ("1998-Q4", r("1998-10-01", "1998-12-31")),
        ("1998-H1", r("1998-01-01", "1998-06-30")),
        ("1998-H2", r("1998-07-01", "1998-12-31")),
        ("1998-SP", r("1998-03-01", "1998-05-31")),
        ("1998-SU", r("1998-06-01", "1998-08-31")),
        ("1998-FA", r("1998-09-01", "1998-11-30")),
        ("1998-AU", r("1998-09-01", "1998-11-30")),
        ("1998-WI", r("1998-12-01", "1999-02-28")),  # winter runs into the next year
        ("1999-WI", r("1999-12-01", "2000-02-29")),  # ... ending on a leap day
        ("1998", r("1998-01-01", "1998-12-31")),
        ("199", r("1990-01-01", "1999-12-31")),
        ("200", r("2000-01-01", "2009-12-31")),
        ("19", r("1900-01-01", "1999-12-31")),
        ("10", r("1000-01-01", "1099-12-31")),
        ("1998-01-20TEV", r("1998-01-20", "1998-01-20")),
        ("1998-02-13T14:26:00", r("1998-02-13", "1998-02-13")),
        ("1989-11T24", r("1989-11-01", "1989-11-30")),
        (" 1998-03 ", r("1998-03-01", "1998-03-31")),
    ],
)
def test_value_to_range(value: str, expected: DayRange) -> None:
    assert value_to_range(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "PRESENT_REF",
        "PAST_REF",
        "FUTURE_REF",
        "1998-XX",
        "XXXX-10",
        "1998-WXX",
        "1998-QX",
        "199X",
        "19XX",
        "1990-XX-XX",
        "PXY",
        "P1W",
        "T14:00",
        "1998-02-30",  # no such day
        "1999-W53",  # 1999 has 52 ISO weeks
        "1998-13",
        "1998-Q5",
        "1998-WE",  # names no particular weekend
        "",
        "next week",
    ],
)
def test_value_without_a_fixed_range(value: str) -> None:
    assert value_to_range(value) is None


YEAR_1998 = r("1998-01-01", "1998-12-31")  # 365 days; midpoint is Jul 2 (day 183)
NOVEMBER = r("1989-11-01", "1989-11-30")  # 30 days; middle days Nov 15 and Nov 16


def test_exact_range_is_correct_with_or_without_mod() -> None:
    for mod in (None, "START", "MID", "END", "APPROX", "ON_OR_AFTER"):
        assert accepts(YEAR_1998, mod, YEAR_1998)


def test_without_mod_only_the_exact_range_counts() -> None:
    assert not accepts(YEAR_1998, None, r("1998-01-01", "1998-04-30"))
    assert not accepts(YEAR_1998, None, r("1997-01-01", "1998-12-31"))


def test_start_accepts_ranges_in_the_first_half() -> None:
    assert accepts(YEAR_1998, "START", r("1998-01-01", "1998-04-30"))
    assert accepts(YEAR_1998, "START", r("1998-01-01", "1998-07-02"))  # up to the midpoint
    assert not accepts(YEAR_1998, "START", r("1998-01-01", "1998-07-03"))
    assert not accepts(YEAR_1998, "START", r("1997-12-31", "1998-04-30"))  # leaves the period
    assert accepts(NOVEMBER, "START", r("1989-11-01", "1989-11-10"))
    assert accepts(NOVEMBER, "START", r("1989-11-01", "1989-11-15"))
    assert not accepts(NOVEMBER, "START", r("1989-11-01", "1989-11-16"))


def test_end_accepts_ranges_in_the_second_half() -> None:
    assert accepts(YEAR_1998, "END", r("1998-09-01", "1998-12-31"))
    assert accepts(YEAR_1998, "END", r("1998-07-02", "1998-12-31"))
    assert not accepts(YEAR_1998, "END", r("1998-07-01", "1998-12-31"))
    assert not accepts(YEAR_1998, "END", r("1998-09-01", "1999-01-05"))
    assert accepts(NOVEMBER, "END", r("1989-11-16", "1989-11-30"))
    assert not accepts(NOVEMBER, "END", r("1989-11-15", "1989-11-30"))


def test_mid_needs_the_midpoint_inside_the_period() -> None:
    assert accepts(NOVEMBER, "MID", r("1989-11-11", "1989-11-20"))
    assert accepts(NOVEMBER, "MID", r("1989-11-15", "1989-11-16"))
    assert not accepts(NOVEMBER, "MID", r("1989-11-15", "1989-11-15"))  # only one middle day
    assert not accepts(NOVEMBER, "MID", r("1989-11-01", "1989-11-10"))
    assert not accepts(NOVEMBER, "MID", r("1989-10-25", "1989-11-20"))
    assert accepts(YEAR_1998, "MID", r("1998-05-01", "1998-08-31"))
    assert accepts(YEAR_1998, "MID", r("1998-07-02", "1998-07-02"))  # odd length: one day


def test_a_single_day_gold_accepts_that_day_under_any_lenient_mod() -> None:
    day = r("1998-03-03", "1998-03-03")
    for mod in ("START", "MID", "END"):
        assert accepts(day, mod, day)
        assert not accepts(day, mod, r("1998-03-02", "1998-03-03"))


def test_other_mods_need_the_exact_range() -> None:
    for mod in ("APPROX", "ON_OR_AFTER", "BEFORE", "LESS_THAN"):
        assert not accepts(YEAR_1998, mod, r("1998-09-01", "1998-12-31"))


def test_an_inverted_prediction_is_never_accepted() -> None:
    assert not accepts(YEAR_1998, "MID", r("1998-08-01", "1998-06-01"))
