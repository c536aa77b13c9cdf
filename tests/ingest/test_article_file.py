"""The article file format: what parses, and what is refused with the path and the reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from calendar_service.ingest import ArticleFormatError, parse_article_text, read_article_file

GOOD = (
    "Title: Xi meets Lavrov\n"
    "Published: 2024-04-09\n"
    "Source: Kyodo News\n"
    "Language: en\n"
    "URL: https://example.invalid/a\n"
    "\n"
    "First paragraph.\n"
    "\n"
    "Second paragraph.\n"
)


def test_reads_every_header_and_the_body(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    article = read_article_file(path)
    assert article.title == "Xi meets Lavrov"
    assert article.published == date(2024, 4, 9)
    assert article.source == "Kyodo News"
    assert article.language == "en"
    assert article.url == "https://example.invalid/a"
    assert article.body == "First paragraph.\n\nSecond paragraph."


def test_optional_headers_windows_newlines_and_bom() -> None:
    text = "\ufeffTitle: T\r\nPublished: 2024-02-29\r\nSource: S\r\n\r\nBody\r\n"
    article = parse_article_text(text.removeprefix("\ufeff"), "upload")
    assert (article.language, article.url, article.body) == ("en", None, "Body")


def test_every_seed_parses(seeds_dir: Path) -> None:
    files = sorted(seeds_dir.glob("*.txt"))
    assert files
    for path in files:
        article = read_article_file(path)
        assert path.name.startswith(article.published.isoformat())


def test_bom_is_accepted_in_files(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert read_article_file(path).title == "Xi meets Lavrov"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (GOOD.replace("Published: 2024-04-09\n", ""), "missing or empty header 'Published'"),
        (GOOD.replace("2024-04-09", "2024-13-01"), "Published '2024-13-01' is not an ISO date"),
        (GOOD.replace("2024-04-09", "April 9, 2024"), "is not an ISO date"),
        (GOOD.replace("Title: Xi meets Lavrov\n", ""), "missing or empty header 'Title'"),
        (GOOD.replace("Title: Xi meets Lavrov", "Title:"), "missing or empty header 'Title'"),
        (GOOD.replace("Source: Kyodo News\n", ""), "missing or empty header 'Source'"),
        (GOOD.split("\n\n")[0] + "\n\n   \n", "empty body"),
        (GOOD.split("\n\n")[0] + "\n", "empty body"),
        (GOOD.replace("Language: en", "Author: Someone"), "unknown header 'Author'"),
        (GOOD.replace("Language: en", "Language: English language"), "not a language code"),
        (GOOD.replace("Language: en", "Title: again"), "header 'Title' repeated"),
        ("Xi meets Lavrov\n\nbody", "line 1: expected a header"),
        ("", "missing or empty header 'Title'"),
    ],
)
def test_malformed_text_is_refused_with_name_and_reason(text: str, reason: str) -> None:
    with pytest.raises(ArticleFormatError) as info:
        parse_article_text(text, "uploads/x.txt")
    assert str(info.value).startswith("uploads/x.txt: ")
    assert reason in str(info.value)


def test_not_utf8_names_the_file_and_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(GOOD.replace("Lavrov", "Lavróv").encode("latin-1"))
    with pytest.raises(ArticleFormatError, match=r"latin1\.txt: not UTF-8 \(invalid byte 0xf3"):
        read_article_file(path)


def test_missing_file_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleFormatError, match=r"gone\.txt: cannot read"):
        read_article_file(tmp_path / "gone.txt")
