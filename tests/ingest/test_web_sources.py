"""Feeds and pages to articles: real feedparser and trafilatura, bytes served over loopback."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest

from calendar_service.ingest.fetch import FetchPolicy, fetch
from calendar_service.ingest.web_sources import (
    FeedItem,
    SourceFormatError,
    decode_html,
    extract_page,
    guess_kind,
    has_enough_text,
    html_to_text,
    items_to_articles,
    parse_feed,
    read_articles,
    with_item_fallbacks,
)

if TYPE_CHECKING:
    from conftest import LoopbackServer  # tests/ingest/conftest.py

LOCAL = FetchPolicy.allowing("127.0.0.1", connect_timeout=1, read_timeout=1, total_timeout=3)
FETCHED_AT = datetime(2024, 6, 20, 9, 0, tzinfo=UTC)

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>Example Wire</title><link>https://wire.example/</link><language>en-us</language>
  <item>
    <title>Putin to visit China in May</title>
    <link>https://wire.example/2024/05/14/putin-china</link>
    <guid isPermaLink="false">wire-1001</guid>
    <pubDate>Tue, 14 May 2024 00:30:00 +0300</pubDate>
    <description><![CDATA[<p>Russian President <b>Vladimir Putin</b> will pay a state visit
      to China on May 16-17, the Kremlin said.</p><script>alert("x")</script>
      <p>Talks with Xi Jinping are planned in Beijing &amp; Harbin.</p>]]></description>
  </item>
  <item>
    <title>Modi to attend G7 summit</title>
    <link>https://wire.example/2024/06/10/modi-g7</link>
    <guid isPermaLink="false">wire-1002</guid>
    <description>Indian Prime Minister Narendra Modi will attend the G7 summit in Italy
      later this week, the foreign ministry said.</description>
  </item>
  <item>
    <title>Read more</title>
    <link>https://wire.example/short</link>
    <pubDate>Mon, 10 Jun 2024 12:00:00 GMT</pubDate>
    <description>Click here.</description>
  </item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr-FR">
  <title>Diplomatie</title><id>urn:example:diplo</id><updated>2024-06-03T10:00:00Z</updated>
  <entry>
    <title type="html">Xi &lt;em&gt;attendra&lt;/em&gt; le sommet de l'OCS</title>
    <id>urn:example:diplo:1</id>
    <link rel="alternate" href="https://diplo.example/xi-ocs"/>
    <published>2024-06-02T23:30:00-05:00</published>
    <updated>2024-06-03T08:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      <p>Le president chinois Xi Jinping participera au sommet de l'OCS a Astana
      debut juillet.</p></div></content>
  </entry>
  <entry>
    <title>Sommet UE-Japon</title>
    <id>urn:example:diplo:2</id>
    <link rel="alternate" href="https://diplo.example/ue-japon"/>
    <updated>2024-06-01T07:00:00Z</updated>
    <summary>Le sommet UE-Japon se tiendra a Tokyo au cours du second semestre.</summary>
  </entry>
</feed>"""

RUSSIAN_RSS = """<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0"><channel><title>Новости</title><language>ru</language>
<item><title>Лавров посетит Пекин</title><link>https://news.example/ru/1</link>
<pubDate>Wed, 05 Jun 2024 10:00:00 +0300</pubDate>
<description>Министр иностранных дел России Сергей Лавров посетит Пекин в конце июня.</description>
</item></channel></rss>""".encode("cp1251")

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>"""

PARAGRAPHS = """
<p>Russian President Vladimir Putin will pay a state visit to China on May 16-17, the
Kremlin said on Tuesday, in his first foreign trip since his inauguration for a fifth term.</p>
<p>Putin and Chinese President Xi Jinping will hold talks in Beijing and then travel to
Harbin, where they will attend a Russian-Chinese trade fair, according to the statement.</p>
<p>The two leaders last met in October in Beijing at the Belt and Road forum, and Xi
visited Moscow in March of last year, when both sides signed a joint statement.</p>
"""

PAGE = f"""<!DOCTYPE html><html lang="en-GB"><head>
<meta charset="utf-8"><title>Putin to visit China | Example News</title>
<meta property="article:published_time" content="2024-05-14T08:00:00+03:00">
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://news.example/world/putin-china">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Putin to visit China</h1>{PARAGRAPHS}</article>
<footer>Copyright 2023 Example News.</footer></body></html>"""

CHINESE_PARAGRAPHS = (
    "<p>俄罗斯总统普京将于五月十六日至十七日对中国进行国事访问，克里姆林宫周二宣布。"
    "这是他开始新任期后的首次出访。</p>"
    "<p>普京和中国国家主席习近平将在北京举行会谈，随后前往哈尔滨出席中俄博览会。"
    "双方预计签署多项合作文件。</p>"
    "<p>两国领导人上次会晤是在去年十月的北京一带一路论坛期间。</p>"
)


def chinese_page(meta_charset: bool) -> bytes:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    html = (
        f"<html lang=\"zh-CN\"><head>{meta if meta_charset else ''}<title>普京将访问中国</title>"
        '<meta name="date" content="2024-05-14"></head>'
        f"<body><article><h1>普京将访问中国</h1>{CHINESE_PARAGRAPHS}</article></body></html>"
    )
    return html.encode("gb2312")


# --- feeds -----------------------------------------------------------------------------


def test_rss_items_parse_with_local_dates_plain_text_and_ids() -> None:
    items = parse_feed(RSS, url="https://wire.example/rss", content_type="application/rss+xml")
    assert [i.title for i in items] == [
        "Putin to visit China in May", "Modi to attend G7 summit", "Read more",
    ]
    first = items[0]
    # 00:30 in Moscow is still May 13 in UTC: the publisher's own day must win.
    assert first.published == date(2024, 5, 14)
    assert first.link == "https://wire.example/2024/05/14/putin-china"
    assert first.id is not None and first.id.endswith("wire-1001")
    assert first.language == "en"
    assert first.text == (
        "Russian President Vladimir Putin will pay a state visit to China on May 16-17, "
        "the Kremlin said.\nTalks with Xi Jinping are planned in Beijing & Harbin."
    )
    assert "alert" not in first.text and "<" not in first.text
    assert items[1].published is None


def test_rss_items_become_articles_and_a_missing_date_is_flagged() -> None:
    items = parse_feed(RSS, url="https://wire.example/rss")
    candidates = items_to_articles(items, source_name="Example Wire", fetched_at=FETCHED_AT)
    assert [c.article.title for c in candidates] == [
        "Putin to visit China in May", "Modi to attend G7 summit",  # "Read more" is too short
    ]
    putin, modi = candidates
    assert (putin.article.published, putin.date_is_fallback) == (date(2024, 5, 14), False)
    assert (modi.article.published, modi.date_is_fallback) == (FETCHED_AT.date(), True)
    assert putin.article.source == "Example Wire"
    assert putin.article.url == "https://wire.example/2024/05/14/putin-china"
    assert putin.article.text.startswith("Putin to visit China in May\n\nRussian President")
    assert not has_enough_text(items[2])


def test_atom_entries_parse_with_dates_language_and_html_titles() -> None:
    items = parse_feed(ATOM, url="https://diplo.example/atom.xml")
    assert [i.title for i in items] == [
        "Xi attendra le sommet de l'OCS", "Sommet UE-Japon",
    ]
    xi, summit = items
    assert xi.published == date(2024, 6, 2)  # published beats updated; 23:30 at UTC-5
    assert summit.published == date(2024, 6, 1)  # only <updated>
    assert xi.link == "https://diplo.example/xi-ocs" and xi.id == "urn:example:diplo:1"
    assert xi.language == "fr"
    assert xi.text.startswith("Le president chinois Xi Jinping participera")
    candidates = items_to_articles(items, source_name="Diplomatie", fetched_at=FETCHED_AT)
    assert [(c.article.published, c.date_is_fallback) for c in candidates] == [
        (date(2024, 6, 2), False), (date(2024, 6, 1), False),
    ]
    assert candidates[0].article.language == "fr"


def test_windows_1251_rss_served_over_http_decodes(http_server: LoopbackServer) -> None:
    url = http_server.add("/ru.xml", RUSSIAN_RSS,
                          headers={"Content-Type": "application/rss+xml; charset=windows-1251"})
    fetched = fetch(url, policy=LOCAL)
    assert guess_kind(fetched.body, fetched.content_type) == "rss"
    items = parse_feed(fetched.body, url=fetched.url, content_type="application/rss+xml")
    assert items[0].title == "Лавров посетит Пекин"
    assert items[0].text.startswith("Министр иностранных дел России Сергей Лавров")
    assert (items[0].published, items[0].language) == (date(2024, 6, 5), "ru")


@pytest.mark.parametrize("content_type", [
    None, "text/xml", "application/xml", "text/html", "application/rss+xml; charset=utf-8",
])
def test_windows_1251_rss_decodes_whatever_the_content_type_says(
    content_type: str | None,
) -> None:
    items = parse_feed(RUSSIAN_RSS, url="https://news.example/ru", content_type=content_type)
    assert items[0].title == "Лавров посетит Пекин"


def test_windows_1251_rss_without_declaration_uses_the_http_charset() -> None:
    bare = RUSSIAN_RSS.replace(b' encoding="windows-1251"', b"")
    items = parse_feed(bare, url="https://news.example/ru",
                       content_type="text/xml; charset=windows-1251")
    assert items[0].title == "Лавров посетит Пекин"


def test_atom_served_over_http_parses(http_server: LoopbackServer) -> None:
    url = http_server.add("/atom", ATOM, headers={"Content-Type": "application/atom+xml"})
    fetched = fetch(url, policy=LOCAL)
    assert guess_kind(fetched.body, fetched.content_type) == "atom"
    assert len(parse_feed(fetched.body, url=fetched.url)) == 2


@pytest.mark.parametrize("body, expected", [
    (b"this is not xml at all", "not an RSS or Atom feed"),
    (b"<html><body><p>A page</p></body></html>", "starts with <html>"),
    (b"", "not an RSS or Atom feed"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><<<', "malformed"),
])
def test_a_malformed_feed_is_a_clear_source_format_error(body: bytes, expected: str) -> None:
    with pytest.raises(SourceFormatError, match=expected) as caught:
        parse_feed(body, url="https://bad.example/feed")
    assert "https://bad.example/feed" in str(caught.value)


def test_an_xml_bomb_is_refused_quickly() -> None:
    started = time.monotonic()
    with pytest.raises(SourceFormatError, match="entit"):
        parse_feed(BILLION_LAUGHS, url="https://bomb.example/feed")
    assert time.monotonic() - started < 1.0


def test_an_xml_bomb_served_over_http_is_refused(http_server: LoopbackServer) -> None:
    url = http_server.add("/bomb.xml", BILLION_LAUGHS, headers={"Content-Type": "text/xml"})
    fetched = fetch(url, policy=LOCAL)
    with pytest.raises(SourceFormatError, match="entit"):
        parse_feed(fetched.body, url=fetched.url)


def test_an_external_entity_is_refused() -> None:
    xxe = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>')
    with pytest.raises(SourceFormatError, match="entit"):
        parse_feed(xxe, url="https://xxe.example/feed")


def test_an_entity_declaration_in_broken_xml_is_still_refused() -> None:
    broken = BILLION_LAUGHS.replace(b'<?xml version="1.0"?>', b"garbage < before <?xml?>")
    with pytest.raises(SourceFormatError, match="entit"):
        parse_feed(broken, url="https://bomb.example/feed")


def test_a_public_doctype_without_entities_is_accepted() -> None:
    rss091 = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91'
        b'//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91">'
        b"<channel><title>Old</title><item><title>Summit in Lima</title>"
        b"<link>https://old.example/1</link><description>Leaders will meet in Lima next "
        b"month for the APEC summit.</description></item></channel></rss>"
    )
    assert [i.title for i in parse_feed(rss091, url="https://old.example/rss")] == [
        "Summit in Lima"
    ]


def test_parse_feed_refuses_text_input() -> None:
    with pytest.raises(TypeError):
        parse_feed("https://example.com/feed", url="x")  # type: ignore[arg-type]


# --- pages -----------------------------------------------------------------------------


def test_page_extraction_gives_title_text_date_and_canonical_url() -> None:
    candidate = extract_page(PAGE.encode(), url="https://news.example/p?id=1",
                             source_name="Example News", fetched_at=FETCHED_AT)
    article = candidate.article
    assert article.title == "Putin to visit China"
    assert article.body.startswith("Russian President Vladimir Putin will pay a state visit")
    assert "Harbin" in article.body and "Home" not in article.body
    assert "Copyright" not in article.body
    assert (article.published, candidate.date_is_fallback) == (date(2024, 5, 14), False)
    assert candidate.canonical_url == "https://news.example/world/putin-china"
    assert (article.url, article.language, article.source) == (
        "https://news.example/p?id=1", "en", "Example News",
    )


def test_a_page_without_a_date_falls_back_to_the_fetch_day_and_says_so() -> None:
    undated = PAGE.replace(
        '<meta property="article:published_time" content="2024-05-14T08:00:00+03:00">', ""
    )
    candidate = extract_page(undated.encode(), url="https://news.example/p",
                             source_name="Example News", fetched_at=FETCHED_AT)
    # The footer's "Copyright 2023" is not a publication date.
    assert (candidate.article.published, candidate.date_is_fallback) == (
        FETCHED_AT.date(), True,
    )


@pytest.mark.parametrize("where", ["meta", "http"])
def test_a_gb2312_page_served_over_http_decodes(
    http_server: LoopbackServer, where: str
) -> None:
    header = "text/html; charset=GB2312" if where == "http" else "text/html"
    url = http_server.add("/zh", chinese_page(meta_charset=where == "meta"),
                          headers={"Content-Type": header})
    fetched = fetch(url, policy=LOCAL)
    assert guess_kind(fetched.body, fetched.content_type) == "page"
    candidate = extract_page(fetched.body, url=fetched.url, source_name="Xinhua",
                             fetched_at=FETCHED_AT, encoding=fetched.encoding)
    assert candidate.article.title == "普京将访问中国"
    assert "习近平将在北京举行会谈" in candidate.article.body
    assert candidate.article.language == "zh"
    assert (candidate.article.published, candidate.date_is_fallback) == (
        date(2024, 5, 14), False,
    )


def test_a_page_without_text_is_a_source_format_error() -> None:
    with pytest.raises(SourceFormatError, match="no article text"):
        extract_page(b"<html><head><title>Empty</title></head><body></body></html>",
                     url="https://empty.example/", source_name="x", fetched_at=FETCHED_AT)


def test_decode_html_order_of_evidence() -> None:
    text = "Переговоры в Москве"
    cp1251 = f"<html><head><meta charset='windows-1251'></head><body>{text}</body></html>"
    assert text in decode_html(cp1251.encode("cp1251"))  # from <meta>
    assert text in decode_html(text.encode("cp1251"), "windows-1251")  # from HTTP
    assert decode_html(text.encode("utf-8"), "no-such-charset") == text  # UTF-8 fallback
    assert decode_html(text.encode("utf-8"), "koi8-r") != text  # a valid label is trusted


# --- kinds and text --------------------------------------------------------------------


@pytest.mark.parametrize("body, content_type, kind", [
    (RSS, None, "rss"),
    (RSS, "text/html", "rss"),  # the document's root wins over a wrong header
    (ATOM, "text/xml", "atom"),
    (b'<?xml version="1.0"?><!-- c --><rdf:RDF xmlns:rdf="x"/>', None, "rss"),
    (b"\xef\xbb\xbf<?xml version='1.0'?>\n<feed/>", None, "atom"),
    ("<?xml version='1.0'?><rss/>".encode("utf-16"), None, "rss"),
    (PAGE.encode(), "application/rss+xml", "page"),
    (b"plain words", "application/atom+xml", "atom"),
    (b"plain words", None, "page"),
])
def test_guess_kind(body: bytes, content_type: str | None, kind: str) -> None:
    assert guess_kind(body, content_type) == kind


def test_html_to_text_keeps_words_drops_code_and_markup() -> None:
    fragment = ("<div><p>Talks <b>resume</b> &amp; continue</p><script>steal()</script>"
                "<style>p{}</style><ul><li>Beijing</li><li>Harbin</li></ul>tail</div>")
    assert html_to_text(fragment) == "Talks resume & continue\nBeijing\nHarbin\ntail"
    assert html_to_text("no markup  at   all") == "no markup at all"


def test_items_without_title_are_not_articles() -> None:
    item = FeedItem(title="", link=None, published=None, text="x" * 100, id=None,
                    language="en")
    assert items_to_articles([item], source_name="s", fetched_at=FETCHED_AT) == []


def test_read_articles_dispatches_on_the_guessed_or_given_kind() -> None:
    kind, feed = read_articles(ATOM, url="https://d.example/a", source_name="D",
                               fetched_at=FETCHED_AT)
    assert (kind, len(feed)) == ("atom", 2)
    kind, page = read_articles(PAGE.encode(), url="https://n.example/p", source_name="N",
                               fetched_at=FETCHED_AT, content_type="text/html")
    assert (kind, [c.article.title for c in page]) == ("page", ["Putin to visit China"])
    with pytest.raises(SourceFormatError):  # configured as a feed, but it is a page
        read_articles(PAGE.encode(), url="https://n.example/p", source_name="N",
                      fetched_at=FETCHED_AT, kind="rss")


def test_a_linked_page_without_a_date_takes_the_feed_items_date() -> None:
    undated = PAGE.replace(
        '<meta property="article:published_time" content="2024-05-14T08:00:00+03:00">', ""
    ).encode()
    item = FeedItem(title="Putin to visit China", link="https://news.example/p",
                    published=date(2024, 5, 13), text="", id="guid-7", language="en")
    page = extract_page(undated, url="https://news.example/p", source_name="N",
                        fetched_at=FETCHED_AT)
    merged = with_item_fallbacks(page, item)
    assert (merged.article.published, merged.date_is_fallback, merged.guid) == (
        date(2024, 5, 13), False, "guid-7",
    )
    dated = extract_page(PAGE.encode(), url="https://news.example/p", source_name="N",
                         fetched_at=FETCHED_AT)
    assert with_item_fallbacks(dated, item).article.published == date(2024, 5, 14)  # page wins
    undated_item = replace(item, published=None)
    assert with_item_fallbacks(page, undated_item).date_is_fallback
