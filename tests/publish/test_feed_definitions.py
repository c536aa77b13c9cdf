"""feeds/*.toml: loading, validation errors that name the file, and the query they make."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from calendar_service.config import REPO_ROOT
from calendar_service.publish import FeedDefinitionError, load_feed_definitions
from calendar_service.publish.colors import nearest_css3_name, normalize_color
from calendar_service.store.query import EventQuery


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_feeds_load():
    feeds = load_feed_definitions(REPO_ROOT / "feeds")
    assert {"all", "summits", "visits"} <= set(feeds)
    assert feeds["summits"].filter.kinds == ("summit", "conference")
    assert feeds["all"].filter.kinds == ()
    assert all(f.title and f.color and f.color.startswith("#") for f in feeds.values())


def test_full_definition_becomes_the_store_query(tmp_path):
    write(tmp_path, "kazan", """
title = "Kazan"
description = "Things in Kazan"
color = "SteelBlue"
precise_within_days = 3
[filter]
kind = "summit"
participant = "Xi Jinping"
country = "Russia"
city = "Kazan"
series = "BRICS summit"
status = ["planned", "confirmed"]
upcoming = true
max_width_days = 31
""")
    feed = load_feed_definitions(tmp_path)["kazan"]
    assert (feed.title, feed.description, feed.color) == ("Kazan", "Things in Kazan", "#4682b4")
    assert feed.precise_within_days == 3
    assert feed.to_query(date(2024, 5, 1)) == EventQuery(
        kinds=("summit",), participant="Xi Jinping", country="Russia", city="Kazan",
        series="BRICS summit", statuses=("planned", "confirmed"),
        upcoming_as_of=date(2024, 5, 1), max_width_days=31, include_undated=True,
    )


def test_feed_without_upcoming_ignores_the_day(tmp_path):
    write(tmp_path, "all", 'title = "All"\n')
    feed = load_feed_definitions(tmp_path)["all"]
    assert feed.to_query(date(2030, 1, 1)).upcoming_as_of is None
    assert feed.precise_within_days == 7


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("title = ", "not valid TOML"),
        ('description = "no title"\n', "'title' is required"),
        ('title = "x"\nfilter = 3\n', "'filter' must be a table"),
        ('title = "x"\ncolour = "red"\n', "unknown key 'colour'"),
        ('title = "x"\n[filter]\nkinds = ["summit"]\n', "unknown filter key 'kinds'"),
        ('title = "x"\n[filter]\nkind = ["picnic"]\n', "unknown value 'picnic'"),
        ('title = "x"\n[filter]\nstatus = "done"\n', "unknown value 'done'"),
        ('title = "x"\n[filter]\nupcoming = "yes"\n', "'filter.upcoming' must be true or false"),
        ('title = "x"\n[filter]\nmax_width_days = 0\n', "'filter.max_width_days' must be"),
        ('title = "x"\ncolor = "not-a-colour"\n', "neither '#rrggbb' nor a CSS3"),
    ],
)
def test_bad_definition_is_reported_with_its_file(tmp_path, text, complaint):
    path = write(tmp_path, "broken", text)
    write(tmp_path, "fine", 'title = "Fine"\n')
    with pytest.raises(FeedDefinitionError) as caught:
        load_feed_definitions(tmp_path)
    assert str(path) in str(caught.value)
    assert complaint in str(caught.value)


def test_non_utf8_file_and_reserved_name_and_missing_folder(tmp_path):
    (tmp_path / "latin.toml").write_bytes('title = "café"'.encode("latin-1"))
    with pytest.raises(FeedDefinitionError, match=r"latin\.toml: not UTF-8"):
        load_feed_definitions(tmp_path)
    (tmp_path / "latin.toml").unlink()
    write(tmp_path, "custom", 'title = "x"\n')
    with pytest.raises(FeedDefinitionError, match="reserved"):
        load_feed_definitions(tmp_path)
    with pytest.raises(FeedDefinitionError, match="feeds folder not found"):
        load_feed_definitions(tmp_path / "nowhere")


def test_colours():
    assert normalize_color("#A5493B") == "#a5493b"
    assert nearest_css3_name("#ff0000") == "red"
    assert nearest_css3_name("#3b6ea5") == "steelblue"
    assert nearest_css3_name("#3ba55c") == "mediumseagreen"
