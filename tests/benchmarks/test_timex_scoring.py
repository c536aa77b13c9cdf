"""Span and value scoring on tiny hand-made documents (no engine runs here)."""

import io
from datetime import date

from benchmarks.timexbench.engines import (
    chrono_range,
    dateparser_period_range,
    locate_in_order,
    utf16_to_index,
)
from benchmarks.timexbench.goldrange import DayRange
from benchmarks.timexbench.report import (
    EngineSummary,
    markdown_table,
    value_breakdown,
    value_form,
    write_errors,
)
from benchmarks.timexbench.scoring import Prediction, score_document, totals
from benchmarks.timexbench.timeml import parse_timeml

DOC = """<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-13"
 functionInDocument="CREATION_TIME">x</TIMEX3></DCT><TEXT>Sales fell <TIMEX3 tid="t1"
 type="DATE" value="1997-Q4">last quarter</TIMEX3> and will rise <TIMEX3 tid="t2" type="DATE"
 value="1998" mod="END">late this year</TIMEX3>, officials said <TIMEX3 tid="t3" type="DATE"
 value="PRESENT_REF">now</TIMEX3> after <TIMEX3 tid="t4" type="DURATION"
 value="P3D">three days</TIMEX3> of talks. May she win?</TEXT></TimeML>"""


def doc():
    return parse_timeml(DOC, "D")


def pred(text: str, phrase: str, first: str | None, last: str | None, **kw) -> Prediction:
    at = text.index(phrase)
    return Prediction(
        at,
        at + len(phrase),
        phrase,
        date.fromisoformat(first) if first else None,
        date.fromisoformat(last) if last else None,
        **kw,
    )


def test_perfect_predictions() -> None:
    d = doc()
    preds = [
        pred(d.text, "last quarter", "1997-10-01", "1997-12-31"),
        pred(d.text, "late this year", "1998-09-01", "1998-12-31"),  # narrower: END accepts
        pred(d.text, "now", "1998-02-13", "1998-02-13"),
        pred(d.text, "three days", None, None, for_value=False),
    ]
    t = totals([score_document(d, preds)])
    assert (t.precision, t.recall, t.f1) == (1.0, 1.0, 1.0)
    # Only the two convertible DATEs are scored for value; PRESENT_REF and the duration are not.
    assert (t.value_correct, t.value_gold) == (2, 2)


def test_partial_overlap_counts_and_a_stray_prediction_is_a_false_positive() -> None:
    d = doc()
    preds = [
        pred(d.text, "quarter and", "1997-10-01", "1997-12-31"),  # shares "quarter"
        pred(d.text, "May", "1998-05-01", "1998-05-31"),  # the verb: overlaps no gold
    ]
    r = score_document(d, preds)
    assert [p.text for p in r.false_positives] == ["May"]
    assert [g.tid for g in r.missed] == ["t2", "t3", "t4"]
    t = totals([r])
    assert t.precision == 0.5
    assert t.recall == 0.25
    assert abs(t.f1 - 2 * 0.5 * 0.25 / 0.75) < 1e-12
    assert (t.value_correct, t.value_gold) == (1, 2)


def test_adjacent_spans_do_not_overlap() -> None:
    d = doc()
    at = d.text.index("last quarter")
    preds = [Prediction(at - 5, at, d.text[at - 5 : at], None, None)]
    r = score_document(d, preds)
    assert len(r.false_positives) == 1


def test_wrong_range_wrong_mod_side_and_open_range_are_value_misses() -> None:
    d = doc()
    preds = [
        pred(d.text, "last quarter", "1997-10-01", "1997-12-30"),  # one day short
        pred(d.text, "late this year", "1998-01-01", "1998-04-30"),  # first third, gold END
    ]
    t = totals([score_document(d, preds)])
    assert (t.value_correct, t.value_gold) == (0, 2)
    assert t.recall == 0.5

    open_ended = [pred(d.text, "late this year", "1998-09-01", None)]
    t = totals([score_document(d, open_ended)])
    assert t.value_correct == 0


def test_a_prediction_excluded_from_value_scoring_cannot_be_correct() -> None:
    d = doc()
    preds = [pred(d.text, "last quarter", "1997-10-01", "1997-12-31", for_value=False)]
    r = score_document(d, preds)
    assert r.values[0].correct is False and r.values[0].candidates == ()
    assert r.gold_found == 1  # but it still finds the span


def test_any_overlapping_prediction_with_the_right_range_counts() -> None:
    d = doc()
    preds = [
        pred(d.text, "last", "1997-01-01", "1997-12-31"),
        pred(d.text, "quarter", "1997-10-01", "1997-12-31"),
    ]
    r = score_document(d, preds)
    assert r.values[0].correct
    assert totals([r]).precision == 1.0


def test_totals_are_micro_averaged_over_documents() -> None:
    d = doc()
    good = score_document(d, [pred(d.text, "now", "1998-02-13", "1998-02-13")])
    empty = score_document(d, [])
    t = totals([good, empty])
    assert (t.predictions, t.true_predictions, t.gold, t.gold_found) == (1, 1, 8, 1)
    assert t.recall == 1 / 8
    assert totals([]).f1 == 0.0


def test_dateparser_periods_widen_the_date() -> None:
    day = date(1998, 2, 13)  # a Friday
    assert dateparser_period_range(day, "day") == DayRange(day, day)
    assert dateparser_period_range(day, "time") == DayRange(day, day)
    assert dateparser_period_range(day, "week") == DayRange(date(1998, 2, 9), date(1998, 2, 15))
    assert dateparser_period_range(day, "month") == DayRange(date(1998, 2, 1), date(1998, 2, 28))
    assert dateparser_period_range(day, "year") == DayRange(date(1998, 1, 1), date(1998, 12, 31))


def test_locate_in_order_follows_repeated_substrings() -> None:
    text = "today and today, then Friday"
    assert locate_in_order(text, ["today", "today", "Friday", "absent"]) == [
        (0, 5),
        (10, 15),
        (22, 28),
        None,
    ]


def chrono_component(known: list[str], y: int, m: int, d: int) -> dict:
    return {"known": known, "values": {"year": y, "month": m, "day": d}}


def test_chrono_range_uses_the_most_specific_known_component() -> None:
    assert chrono_range(chrono_component(["day", "month"], 1998, 5, 16), None) == DayRange(
        date(1998, 5, 16), date(1998, 5, 16)
    )
    assert chrono_range(chrono_component(["weekday"], 1998, 2, 10), None) == DayRange(
        date(1998, 2, 10), date(1998, 2, 10)
    )
    assert chrono_range(chrono_component(["month", "year"], 1998, 2, 1), None) == DayRange(
        date(1998, 2, 1), date(1998, 2, 28)
    )
    assert chrono_range(chrono_component(["year"], 1999, 2, 13), None) == DayRange(
        date(1999, 1, 1), date(1999, 12, 31)
    )
    assert chrono_range(chrono_component(["hour"], 1998, 2, 13), None) == DayRange(
        date(1998, 2, 13), date(1998, 2, 13)
    )
    start = chrono_component(["month", "day"], 1998, 5, 16)
    end = chrono_component(["day"], 1998, 5, 17)
    assert chrono_range(start, end) == DayRange(date(1998, 5, 16), date(1998, 5, 17))


def test_utf16_offsets_map_to_python_offsets() -> None:
    text = "a😀 May 5"  # the emoji is two UTF-16 code units, one Python character
    to_index = utf16_to_index(text)
    assert text[to_index(4) : to_index(9)] == "May 5"
    plain = utf16_to_index("May 5")
    assert plain(3) == 3


def test_markdown_table_has_rows_ratios_and_the_heideltime_reference() -> None:
    d = doc()
    t = totals([score_document(d, [pred(d.text, "now", "1998-02-13", "1998-02-13")])])
    table = markdown_table(
        [EngineSummary("ours", t, 500.0, 400.0), EngineSummary("dateparser", t, 10.0, 2.0)]
    )
    lines = table.splitlines()
    assert lines[0].startswith("| engine | span P | span R | span F1 | value acc (n) | docs/s")
    assert "| ours | 1.000 | 0.250 | 0.400 | 0.000 (0/2) | 400.0 | 500.0 | 1.0x | 1.0x |" in lines
    assert ("| dateparser | 1.000 | 0.250 | 0.400 | 0.000 (0/2) | 2.0 | 10.0 | 200.0x | 50.0x |"
            in lines)
    assert "not run here" in lines[-1] and "0.85" in lines[-1] and "0.93" in lines[-1]


def test_error_listing_names_every_kind_of_miss() -> None:
    d = doc()
    preds = [
        pred(d.text, "last quarter", "1997-10-01", "1997-12-30"),
        pred(d.text, "May", "1998-05-01", "1998-05-31"),
    ]
    out = io.StringIO()
    write_errors([score_document(d, preds)], out)
    listing = out.getvalue()
    assert "# VALUE MISSES (2)" in listing
    assert "'last quarter' [" in listing and "1997-10-01..1997-12-31" in listing
    assert "1997-10-01..1997-12-30" in listing  # what we predicted
    assert "nothing overlapping" in listing  # late this year
    assert "# FALSE POSITIVES (1)" in listing and "[[May]] she win?" in listing
    assert "# MISSED SPANS (3)" in listing and "DURATION P3D 'three days'" in listing


def test_value_forms_mask_digits_and_keep_the_mod() -> None:
    assert value_form("1998-Q3") == "9999-Q9"
    assert value_form("1998-02-13T14:26:00") == "9999-99-99T"
    assert value_form("1998", "END") == "9999 END"
    assert value_form("PRESENT_REF") == "PRESENT_REF"


def test_value_breakdown_counts_per_form() -> None:
    d = doc()
    preds = [pred(d.text, "last quarter", "1997-10-01", "1997-12-31")]
    table = value_breakdown([score_document(d, preds)])
    assert "| 9999-Q9 | 1 | 1 |" in table.splitlines()
    assert "| 9999 END | 0 | 1 |" in table.splitlines()


def test_a_document_the_engine_fails_on_is_recorded_and_the_rest_still_run() -> None:
    from benchmarks.timexbench.engines import _timed_passes

    docs = [parse_timeml(DOC, name) for name in ("a", "b", "c")]

    def per_doc(d):
        if d.doc_id == "b":
            raise ValueError("boom")
        return [d.doc_id]

    outputs, seconds, first, errors = _timed_passes(docs, per_doc, repeat=2)
    assert outputs == [["a"], [], ["c"]]
    assert errors == ["b: ValueError: boom"]
    assert 0 <= seconds <= first  # the fastest pass is never slower than the first
