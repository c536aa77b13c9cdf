"""Turn fetched bytes into articles: RSS/Atom feeds with feedparser, pages with trafilatura.

Pure functions: bytes in, values out. No network and no clock: the fetch time arrives as an
argument and is used as a publication date only when the source gives none, and then the
article says so (`date_basis="fetched"`). HTML is parsed to text, never rendered or executed.
XML that declares entities is refused before any parser expands them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from xml.etree.ElementTree import ParseError

import charset_normalizer
import defusedxml.ElementTree as DefusedET
import feedparser
import lxml.etree
import lxml.html
import trafilatura
from defusedxml import DefusedXmlException

from calendar_service.events.model import Article

SourceKind = Literal["rss", "atom", "page"]

MIN_ITEM_TEXT_CHARS = 40  # shorter summaries ("Read more…") are not an article
_SNIFF_BYTES = 4096
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "blockquote", "section", "article", "header", "footer", "pre", "dd", "dt", "figcaption",
})
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg")
# WHATWG: these labels mean their larger superset in practice.
_CHARSET_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "iso-8859-1": "cp1252",
    "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "iso-8859-9": "cp1254", "tis-620": "cp874", "ks_c_5601-1987": "cp949", "euc-kr": "cp949",
    "shift_jis": "cp932", "x-sjis": "cp932",
}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_ENTITY_DECLARATION = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
_HTML_LANG = re.compile(rb"""<html[^>]*?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})""", re.IGNORECASE)


class SourceFormatError(ValueError):
    """The bytes are not a feed or page we can read; the message says why."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    title: str
    link: str | None
    published: date | None  # the calendar day the publisher stated, in its own time zone
    text: str  # summary or content, HTML reduced to plain text
    id: str | None  # guid / atom:id
    language: str


@dataclass(frozen=True, slots=True)
class ArticleCandidate:
    """An article ready to ingest, with what the caller must know about how it was dated."""

    article: Article  # its date_basis is "fetched" when the source gave no date
    canonical_url: str | None = None
    guid: str | None = None

    @property
    def date_is_fallback(self) -> bool:
        """True: no date in the source; `published` is the fetch day."""
        return self.article.date_basis == "fetched"


# --- kinds -------------------------------------------------------------------------------


def guess_kind(body: bytes, content_type: str | None = None) -> SourceKind:
    """What the bytes are: the document's own root element wins over the Content-Type."""
    head = _sniff_text(body)
    root = _first_element(head)
    if root in ("rss", "rdf:rdf", "rdf"):
        return "rss"
    if root == "feed":
        return "atom"
    if root == "html" or head.lstrip().lower().startswith("<!doctype html"):
        return "page"
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media == "application/atom+xml":
        return "atom"
    if media in ("application/rss+xml", "application/rdf+xml"):
        return "rss"
    return "page"


def _sniff_text(body: bytes) -> str:
    head = body[:_SNIFF_BYTES]
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(codec, errors="ignore")
    return head.decode("latin-1").removeprefix("\u00ef\u00bb\u00bf")  # ASCII markup is enough


def _first_element(head: str) -> str | None:
    """Name of the first element, skipping the XML declaration, comments and DOCTYPE."""
    position = 0
    while True:
        start = head.find("<", position)
        if start < 0 or start + 1 >= len(head):
            return None
        if head.startswith("<!--", start):
            end = head.find("-->", start)
            position = len(head) if end < 0 else end + 3
        elif head[start + 1] in "?!":
            end = head.find(">", start)
            position = len(head) if end < 0 else end + 1
        else:
            match = re.match(r"<([A-Za-z][\w:.-]*)", head[start:])
            return match.group(1).lower() if match else None


# --- feeds -------------------------------------------------------------------------------


def parse_feed(
    body: bytes, *, url: str, content_type: str | None = None, fallback_language: str = "en"
) -> list[FeedItem]:
    """Items of an RSS or Atom document, in document order."""
    if not isinstance(body, bytes):  # feedparser would treat a str as a URL and fetch it
        raise TypeError("parse_feed() takes the fetched bytes")
    refuse_entity_declarations(body, url=url)
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True)
    if not parsed.entries and not parsed.get("version"):
        root = _first_element(_sniff_text(body))
        found = f"the document starts with <{root}>" if root else "no XML element found"
        raise SourceFormatError(f"{url} is not an RSS or Atom feed: {found}")
    if not parsed.entries and parsed.get("bozo"):
        raise SourceFormatError(
            f"{url} is a malformed feed with no readable items: {parsed.get('bozo_exception')}"
        )
    feed_language = _language_tag(parsed.feed.get("language")) or fallback_language
    return [_feed_item(entry, feed_language) for entry in parsed.entries]


def refuse_entity_declarations(body: bytes, *, url: str) -> None:
    """Raise SourceFormatError if the XML declares entities (billion laughs, external files).

    defusedxml stops at the first declaration, before anything is expanded. If the document is
    not well-formed XML, a byte scan still finds declarations feedparser's loose parser might
    meet later.
    """
    try:
        DefusedET.fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SourceFormatError(
            f"{url} declares XML entities ({exc}); refused to protect against entity expansion"
        ) from None
    except (ParseError, ValueError, LookupError):
        if _ENTITY_DECLARATION.search(body) or _ENTITY_DECLARATION.search(body.replace(b"\0", b"")):
            raise SourceFormatError(
                f"{url} declares XML entities; refused to protect against entity expansion"
            ) from None


def _feed_item(entry: Any, feed_language: str) -> FeedItem:
    text, language = _entry_text(entry)
    link = entry.get("link") or None
    return FeedItem(
        title=_clean_line(html_to_text(entry.get("title", ""))
                          if _is_html(entry.get("title_detail")) else entry.get("title", "")),
        link=link,
        published=_entry_date(entry),
        text=text,
        id=entry.get("id") or link,
        language=language or feed_language,
    )


def _entry_text(entry: Any) -> tuple[str, str | None]:
    """The longest of the item's content and summary, as plain text, and its language."""
    candidates = [*entry.get("content", []), entry.get("summary_detail")]
    best, language = "", None
    for detail in candidates:
        if not detail or not detail.get("value"):
            continue
        value = detail["value"]
        text = html_to_text(value) if _is_html(detail) else _normalise_text(value)
        if len(text) > len(best):
            best, language = text, _language_tag(detail.get("language"))
    return best, language


def _is_html(detail: Any) -> bool:
    return bool(detail) and "html" in str(detail.get("type", "text/html"))


def _entry_date(entry: Any) -> date | None:
    """The publisher's own calendar day: parsed from the raw string to keep its time zone;
    feedparser's UTC tuple only when the string is in a form we do not know."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            stated = _parse_stated_date(raw)
            if stated is not None:
                return stated
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _parse_stated_date(raw: str) -> date | None:
    text = raw.strip()
    try:
        return datetime.fromisoformat(text.replace("z", "Z")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def has_enough_text(item: FeedItem) -> bool:
    """An item is an article by itself when it has a title and a real summary or content;
    otherwise the caller may fetch its link (a source's follow_links)."""
    return bool(item.title.strip()) and len(item.text) >= MIN_ITEM_TEXT_CHARS


def items_to_articles(
    items: list[FeedItem], *, source_name: str, fetched_at: datetime | date
) -> list[ArticleCandidate]:
    """An article per item with enough text; the fetch day dates an item only if it has none."""
    fetch_day = fetched_at.date() if isinstance(fetched_at, datetime) else fetched_at
    out = []
    for item in items:
        if not has_enough_text(item):
            continue
        body = _drop_leading_title(item.text, item.title)
        article = Article(
            title=item.title, body=body, published=item.published or fetch_day,
            source=source_name, language=item.language, url=item.link,
            date_basis="published" if item.published else "fetched",
        )
        out.append(ArticleCandidate(article, item.link, item.id))
    return out


def read_articles(
    body: bytes, *, url: str, source_name: str, fetched_at: datetime | date,
    content_type: str | None = None, encoding: str | None = None,
    kind: SourceKind | None = None, language: str = "en",
) -> tuple[SourceKind, list[ArticleCandidate]]:
    """One fetched document to articles: a feed's items with enough text, or the page.

    `kind` is the source's configured kind; None guesses it from the bytes.
    """
    actual = kind or guess_kind(body, content_type)
    if actual == "page":
        page = extract_page(body, url=url, source_name=source_name, fetched_at=fetched_at,
                            encoding=encoding, fallback_language=language)
        return actual, [page]
    items = parse_feed(body, url=url, content_type=content_type, fallback_language=language)
    return actual, items_to_articles(items, source_name=source_name, fetched_at=fetched_at)


# --- pages -------------------------------------------------------------------------------


def extract_page(
    html: bytes, *, url: str, source_name: str, fetched_at: datetime | date,
    encoding: str | None = None, fallback_language: str = "en",
) -> ArticleCandidate:
    """Main text, title and publication date of one article page.

    The date comes from the page's metadata (meta tags, JSON-LD, <time>, the URL), never from
    guesses in the running text; without one, the fetch day is used and flagged.
    """
    refuse_entity_declarations_in_html(html, url=url)
    text = decode_html(html, encoding)
    document = trafilatura.bare_extraction(
        text, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not (document.text or "").strip():
        raise SourceFormatError(f"{url}: no article text found in the page")
    title = _clean_line(document.title or "")
    if not title:
        raise SourceFormatError(f"{url}: the page has no title")
    published = _iso_day(document.date)
    fetch_day = fetched_at.date() if isinstance(fetched_at, datetime) else fetched_at
    language = _page_language(html) or _language_tag(document.language) or fallback_language
    article = Article(
        title=title, body=_drop_leading_title(_normalise_lines(document.text), title),
        published=published or fetch_day, source=source_name, language=language, url=url,
        date_basis="published" if published else "fetched",
    )
    return ArticleCandidate(article, document.url or url, None)


def with_item_fallbacks(page: ArticleCandidate, item: FeedItem) -> ArticleCandidate:
    """A page reached through a feed item's link: when the page states no date, the item's
    date is better evidence than the fetch day; the item's guid identifies it."""
    if page.date_is_fallback and item.published is not None:
        article = replace(page.article, published=item.published, date_basis="published")
        return replace(page, article=article, guid=item.id)
    return replace(page, guid=item.id)


def refuse_entity_declarations_in_html(html: bytes, *, url: str) -> None:
    """XHTML served as a page may carry an internal DTD too: same rule as feeds."""
    head = html[:_SNIFF_BYTES].lstrip()
    if head.startswith(b"<?xml") and _ENTITY_DECLARATION.search(html):
        raise SourceFormatError(
            f"{url} declares XML entities; refused to protect against entity expansion"
        )


def decode_html(body: bytes, declared: str | None = None) -> str:
    """Bytes to text: BOM, then the HTTP charset, then <meta charset>, then UTF-8, then a
    statistical guess. Legacy labels map to their supersets (GB2312 -> GB18030)."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if body.startswith(bom):
            return body[len(bom):].decode(codec, errors="replace")
    meta = _META_CHARSET.search(body[:_SNIFF_BYTES])
    labels = [declared, meta.group(1).decode("ascii", "ignore") if meta else None, "utf-8"]
    for label in labels:
        codec = _codec(label)
        if codec is None:
            continue
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    guess = charset_normalizer.from_bytes(body).best()
    if guess is not None:
        return str(guess)
    return body.decode("utf-8", errors="replace")


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    name = label.strip().lower()
    name = _CHARSET_SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _page_language(html: bytes) -> str | None:
    match = _HTML_LANG.search(html[:_SNIFF_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def _iso_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# --- text --------------------------------------------------------------------------------


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment, one line per block; scripts and styles dropped."""
    if "<" not in fragment and "&" not in fragment:
        return _normalise_text(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _normalise_text(fragment)
    for element in list(root.iter(*_DROP_TAGS)):
        element.drop_tree()
    for element in root.iter():  # iterative: deeply nested markup cannot exhaust the stack
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
    return _normalise_text(root.text_content())


def _normalise_text(text: str) -> str:
    """Paragraphs (split at blank lines) on lines of their own; hard wraps inside a paragraph
    become spaces, so a sentence is never cut in two."""
    paragraphs = re.split(r"\n[ \t\f\v]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(p for p in (" ".join(part.split()) for part in paragraphs) if p)


def _normalise_lines(text: str) -> str:
    """Extracted page text is one paragraph per line already: tidy spaces, drop empty lines."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _clean_line(text: str) -> str:
    return " ".join(text.split())


def _drop_leading_title(body: str, title: str) -> str:
    """Article.text already starts with the title; do not say it twice."""
    first, _, rest = body.partition("\n")
    return rest.strip() if _clean_line(first) == _clean_line(title) and rest.strip() else body


def _language_tag(value: str | None) -> str | None:
    """'ru-RU' -> 'ru'; None for empty or odd values."""
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None
