"""The TimeML reader: plain text with all tags stripped, gold offsets into it, the DCT."""

from datetime import date
from pathlib import Path

import pytest

from benchmarks.timexbench.timeml import TimeMLError, parse_timeml, read_corpus

SNIPPET = """<?xml version="1.0" ?>
<TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-13" temporalFunction="false"
 functionInDocument="CREATION_TIME">02/13/1998</TIMEX3></DCT>
<TITLE>Not part of the text: <TIMEX3 tid="t99" type="DATE" value="1998">1998</TIMEX3></TITLE>
<TEXT>
Talks <EVENT eid="e1" class="OCCURRENCE">resumed</EVENT> <TIMEX3 tid="t1" type="DATE"
 value="1998-02-12" temporalFunction="true" anchorTimeID="t0">Thursday</TIMEX3> in
AT&amp;T's <SIGNAL sid="s1">offices</SIGNAL> for <TIMEX3 tid="t2" type="DURATION"
 value="P2D">two days</TIMEX3>; profits rose in <TIMEX3 tid="t3" type="DATE" value="1997"
 mod="END">late 1997</TIMEX3>, <TIMEX3 tid="t4" type="DATE" value="PRESENT_REF">now</TIMEX3>
<TIMEX3 tid="t5" type="SET" value="P1W" quant="EVERY">every week</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_tags_are_stripped_and_entities_decoded() -> None:
    doc = parse_timeml(SNIPPET, "X1")
    assert "<" not in doc.text and ">" not in doc.text
    assert "Talks resumed Thursday in\nAT&T's offices for two days;" in doc.text


def test_gold_offsets_map_back_to_the_tag_text() -> None:
    doc = parse_timeml(SNIPPET, "X1")
    assert [t.text for t in doc.timexes] == [
        "Thursday",
        "two days",
        "late 1997",
        "now",
        "every week",
    ]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text


def test_attributes_and_types_are_kept() -> None:
    doc = parse_timeml(SNIPPET, "X1")
    by_tid = {t.tid: t for t in doc.timexes}
    assert by_tid["t1"].type == "DATE" and by_tid["t1"].value == "1998-02-12"
    assert by_tid["t2"].type == "DURATION"
    assert by_tid["t3"].mod == "END"
    assert by_tid["t1"].mod is None
    assert by_tid["t5"].type == "SET"


def test_dct_is_the_reference_date_and_not_a_gold_timex() -> None:
    doc = parse_timeml(SNIPPET, "X1")
    assert doc.dct == date(1998, 2, 13)
    assert "t0" not in {t.tid for t in doc.timexes}
    assert "t99" not in {t.tid for t in doc.timexes}  # outside <TEXT>


def test_dct_with_a_time_part() -> None:
    xml = SNIPPET.replace('value="1998-02-13"', 'value="1998-02-13T14:26:00"')
    assert parse_timeml(xml, "X1").dct == date(1998, 2, 13)


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("<TimeML><TEXT>no dct</TEXT></TimeML>", "CREATION_TIME"),
        (SNIPPET.replace("<TEXT>", "<BODY>").replace("</TEXT>", "</BODY>"), "no <TEXT>"),
        (SNIPPET.replace('value="1998-02-13"', 'value="PRESENT_REF"'), "not a date"),
        ("<TimeML><TEXT>unclosed</TimeML>", "not well-formed"),
    ],
)
def test_unusable_documents_raise_a_clear_error(xml: str, message: str) -> None:
    with pytest.raises(TimeMLError, match=message):
        parse_timeml(xml, "bad")


def test_read_corpus_sorts_limits_and_names_by_file(tmp_path: Path) -> None:
    for name in ("b.tml", "a.tml", "c.tml"):
        (tmp_path / name).write_text(SNIPPET, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    docs = read_corpus(tmp_path, limit=2)
    assert [d.doc_id for d in docs] == ["a", "b"]


def test_read_corpus_rejects_a_missing_or_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(TimeMLError, match="not a directory"):
        read_corpus(tmp_path / "absent")
    with pytest.raises(TimeMLError, match=r"no \.tml files"):
        read_corpus(tmp_path)
