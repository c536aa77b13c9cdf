"""The article file format: header lines, a blank line, then the body.

    Title: Xi meets Lavrov in Beijing
    Published: 2024-04-09
    Source: Kyodo News
    Language: en
    URL: https://...            (optional)

    Body text...

Title, Published and Source are required; Language defaults to "en".
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from calendar_service.events.model import Article

HEADERS = ("title", "published", "source", "language", "url")
REQUIRED = ("title", "published", "source")
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z-]*)\s*:\s*(.*)$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


class ArticleFormatError(ValueError):
    """A malformed article. The message names the file (or upload) and what is wrong."""


def read_article_file(path: str | Path) -> Article:
    """Read one article file; ArticleFormatError when it cannot be read or is malformed."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleFormatError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleFormatError(
            f"{path}: not UTF-8 (invalid byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None
    return parse_article_text(text, str(path))


def parse_article_text(text: str, name: str) -> Article:
    """Parse the article format from a string; `name` says where it came from in errors."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headers: dict[str, str] = {}
    body_start = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            body_start = number
            break
        match = _HEADER_LINE.match(line)
        if not match:
            raise ArticleFormatError(
                f"{name}: line {number}: expected a header 'Name: value' "
                f"(or a blank line before the body), got {line[:60]!r}"
            )
        key, value = match.group(1).lower(), match.group(2).strip()
        if key not in HEADERS:
            known = ", ".join(h.title() if h != "url" else "URL" for h in HEADERS)
            raise ArticleFormatError(
                f"{name}: line {number}: unknown header {match.group(1)!r} (known: {known})"
            )
        if key in headers:
            raise ArticleFormatError(f"{name}: line {number}: header {match.group(1)!r} repeated")
        headers[key] = value
    for key in REQUIRED:
        if not headers.get(key):
            raise ArticleFormatError(f"{name}: missing or empty header {key.title()!r}")
    body = "\n".join(lines[body_start:]).strip() if body_start is not None else ""
    if not body:
        raise ArticleFormatError(f"{name}: empty body (a blank line, then the text, must follow "
                                 "the headers)")
    language = headers.get("language") or "en"
    if not _LANGUAGE.match(language):
        raise ArticleFormatError(f"{name}: Language {language!r} is not a language code")
    return Article(
        title=headers["title"],
        body=body,
        published=_published(headers["published"], name),
        source=headers["source"],
        language=language.lower(),
        url=headers.get("url") or None,
    )


def _published(value: str, name: str) -> date:
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise ArticleFormatError(
            f"{name}: Published {value!r} is not an ISO date (YYYY-MM-DD)"
        ) from None
