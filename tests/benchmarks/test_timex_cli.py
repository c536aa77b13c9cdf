"""The benchmark's command line on a two-document corpus, with our engine only."""

from pathlib import Path

import pytest

from benchmarks.timex import main

DOC = """<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-05-20"
 functionInDocument="CREATION_TIME">x</TIMEX3></DCT><TEXT>The talks were held on
<TIMEX3 tid="t1" type="DATE" value="2024-05-16">May 16, 2024</TIMEX3> and resume
<TIMEX3 tid="t2" type="DATE" value="2024-W22">next week</TIMEX3>.</TEXT></TimeML>"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a.tml", "b.tml"):
        (folder / name).write_text(DOC, encoding="utf-8")
    return folder


def test_prints_the_table_and_writes_the_errors_file(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    errors = tmp_path / "errors.txt"
    assert main([str(corpus), "--engines", "ours", "--errors", str(errors)]) == 0
    out = capsys.readouterr().out
    assert "2 documents, 4 gold timexes" in out
    rows = [line for line in out.splitlines() if line.startswith("| ours |")]
    assert len(rows) == 1 and "/4)" in rows[0]  # both DATEs of both documents scored
    assert "HeidelTime (reported in issue 3, not run here)" in out
    listing = errors.read_text(encoding="utf-8")
    for section in ("# VALUE ACCURACY BY GOLD VALUE FORM", "# VALUE MISSES", "# FALSE POSITIVES",
                    "# MISSED SPANS"):  # fmt: skip
        assert section in listing


def test_missing_corpus_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "absent"), "--engines", "ours"]) == 2
    assert "not a directory" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["--engines", "heideltime"],
        ["--engines", "dateparser", "--errors", "x.txt"],  # the errors file lists ours
        ["--limit", "0"],
        ["--repeat", "0"],
    ],
)
def test_bad_arguments_are_rejected(corpus: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([str(corpus), *args])
    assert exit_info.value.code == 2
