"""The refiners: choosing among overlapping candidates, merging ranges, attaching times and
lengths, resolving anaphora against the previous date."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from calendar_service.timeparse import extract
from calendar_service.timeparse.candidate import Candidate
from calendar_service.timeparse.refiners import select

P = date(2024, 4, 9)  # a Tuesday


def _spans(text: str, published: date = P) -> list[tuple[str, str | None, str | None, str]]:
    return [(m.text, m.earliest and m.earliest.isoformat(), m.latest and m.latest.isoformat(),
             m.kind) for m in extract(text, published)]


def _cand(start: int, end: int, rule: str) -> Candidate:
    return Candidate(start, end, P, P, "day", rule=rule)


def test_select_keeps_the_longest_and_drops_what_overlaps_it() -> None:
    chosen = select([_cand(0, 3, "short"), _cand(0, 10, "long"), _cand(8, 12, "overlap"),
                     _cand(12, 15, "after")])
    assert [c.rule for c in chosen] == ["long", "after"]


def test_select_breaks_ties_by_rule_order() -> None:
    chosen = select([_cand(0, 5, "first"), _cand(0, 5, "second")])
    assert [c.rule for c in chosen] == ["first"]


def test_select_never_returns_empty_spans() -> None:
    assert select([_cand(4, 4, "empty")]) == []


def test_day_and_bare_day_merge_into_one_range() -> None:
    assert _spans("Putin will visit China from May 16 to 17.", date(2024, 5, 14)) == [
        ("May 16 to 17", "2024-05-16", "2024-05-17", "date")]


def test_weekday_range_runs_forward() -> None:
    assert _spans("Xi will visit from Monday to Wednesday.") == [
        ("Monday to Wednesday", "2024-04-15", "2024-04-17", "date")]


def test_month_range_with_years() -> None:
    assert _spans("The presidency runs from March 2023 to June 2024.") == [
        ("March 2023 to June 2024", "2023-03-01", "2024-06-30", "date")]


def test_two_dates_joined_by_and_without_between_stay_apart() -> None:
    texts = [m[0] for m in _spans("He visited Paris in 1985 and Rome in 1987.")]
    assert texts == ["1985", "1987"]


def test_clock_time_attaches_to_the_following_day() -> None:
    assert _spans("The talks begin at 3 p.m. on Friday.") == [
        ("3 p.m. on Friday", "2024-04-12", "2024-04-12", "time")]


def test_clock_time_attaches_to_the_preceding_day() -> None:
    assert _spans("The talks will begin on Thursday at 10:30 a.m.") == [
        ("Thursday at 10:30 a.m.", "2024-04-11", "2024-04-11", "time")]


def test_clock_time_alone_has_no_date() -> None:
    assert _spans("They met at noon.") == [("noon", None, None, "time")]


def test_length_and_start_give_the_event_range() -> None:
    spans = _spans("Putin will make a two-day visit starting Thursday.")
    assert spans == [("two-day", None, None, "duration"),
                     ("Thursday", "2024-04-11", "2024-04-12", "date")]


def test_length_and_last_day_give_the_event_range() -> None:
    spans = _spans("Kim ended a six-day trip on Sunday.", date(2023, 9, 18))
    assert spans[-1] == ("Sunday", "2023-09-17", "2023-09-17", "date")
    spans = _spans("Kim will make a six-day trip ending on Sunday.", date(2023, 9, 12))
    assert spans[-1] == ("Sunday", "2023-09-12", "2023-09-17", "date")


def test_a_length_far_from_the_date_is_not_applied() -> None:
    text = ("The ministry announced a two-day holiday for the national celebrations that "
            "everyone had expected for a long time, starting Thursday.")
    assert _spans(text)[-1] == ("Thursday", "2024-04-11", "2024-04-11", "date")


def test_following_day_is_read_from_the_previous_date() -> None:
    spans = _spans("He arrived on March 3 and left the following day.")
    assert spans[-1] == ("the following day", "2024-03-04", "2024-03-04", "date")


def test_following_month_is_read_from_the_previous_month() -> None:
    spans = _spans("The plan was drafted in March. The following month it was signed.")
    assert spans[-1] == ("The following month", "2024-04-01", "2024-04-30", "date")


def test_anaphora_without_an_anchor_falls_back_to_publication() -> None:
    assert _spans("The following day, talks resumed.") == [
        ("The following day", "2024-04-10", "2024-04-10", "date")]


def test_year_earlier_after_a_quarter_is_that_quarter_a_year_before() -> None:
    spans = _spans("Profit rose in the third quarter from $5 million a year earlier.",
                   date(1989, 10, 26))
    assert spans[-1] == ("a year earlier", "1988-07-01", "1988-09-30", "date")


def test_a_relinked_phrase_is_not_itself_an_anchor() -> None:
    text = ("Profit rose in the third quarter from a year earlier. Sales were flat against "
            "the year-earlier quarter.")
    spans = _spans(text, date(1989, 10, 26))
    assert spans[-1][1:3] == ("1988-07-01", "1988-09-30")


def test_anaphora_too_far_from_its_anchor_uses_publication() -> None:
    text = "He arrived on March 3. " + "Nothing else happened that spring at all. " * 20 + \
        "Two days later he left."
    assert _spans(text)[-1] == ("Two days later", "2024-04-11", "2024-04-11", "date")


def test_mentions_are_ordered_and_disjoint() -> None:
    text = ("On Tuesday, May 14, the ministry said the visit would last three days, "
            "starting Thursday, and that talks would resume in the coming weeks.")
    mentions = extract(text, date(2024, 5, 14))
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(a.end <= b.start for a, b in pairwise(mentions))
    assert all(text[m.start:m.end] == m.text for m in mentions)
