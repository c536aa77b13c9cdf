"""Properties of the range engine's public API that must hold for any input.

Random text rarely contains a date, so most strategies mix real date words, numbers and
punctuation: the rules then fire on odd neighbours, which is where offsets, ranges and
ordering break.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from calendar_service.timeparse import extract, parse

PUBLISHED = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
DATE_WORDS = [
    *MONTHS,
    *(m[:3] for m in MONTHS),
    "Jan.", "Feb.", "Sept.", "Sept", "Dec.",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Tue.",
    "today", "tomorrow", "yesterday", "tonight", "now", "soon", "shortly", "recently",
    "next", "last", "this", "coming", "following", "previous", "later", "earlier",
    "early", "mid", "mid-", "late", "end", "beginning", "middle", "turn", "first", "second",
    "third", "fourth", "half", "quarter", "Q1", "Q3", "H2", "fiscal",
    "day", "days", "week", "weeks", "weekend", "month", "months", "year", "years", "decade",
    "spring", "summer", "autumn", "fall", "winter", "the", "of", "in", "on", "at", "by",
    "from", "to", "until", "through", "between", "and", "or", "&", "within", "before",
    "after", "since", "ago", "about", "around", "no", "than", "will", "visit", "met", "said",
    "is", "expected", "held", "plans", "a", "two-day", "three", "every", "each", "1990s",
    "'90s", "G20", "COP28", "1-0", "2,000", "noon", "midnight", "p.m.", "a.m.", "EDT",
    "Independence", "Square", "Times", "22nd", "1st", "3rd", "31st", "29th", "th",
    "16.05.2024", "2024-05-16", "05/16/2024", "2024-02-30", "1999-W53", "2020-13-45",
    "٢٠٢٤", "२०२३", "１２月",
]  # fmt: skip
WEEKDAY_WORDS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PUNCTUATION = [" ", " ", " ", "", "\n", ",", ".", "-", "–", "—", "/", ":", "'", "(", ")", '"']

# Templates that the rules recognise, filled with plausible and impossible numbers alike
# (day 0 or 31 of February, year 0, week 60), so whole rules fire, not only their triggers.
PHRASE_TEMPLATES = [
    "{month} {day}", "{day} {month}", "{month} {day}, {year}", "{weekday}, {month} {day}",
    "{month} {day}-{day2}", "{day}-{day2} {month}", "from {month} {day} to {day2}",
    "between {month} {day} and {day2}", "{month} {day} to {month2} {day2}",
    "the {day}th of {month}", "{day}.{monthnum}.{year}", "{year}-{monthnum}-{day}",
    "{monthnum}/{day}/{year}", "in {month}", "{month} {year}", "in {year}", "the {year}s",
    "{hedge} {month}", "{hedge} {year}", "{hedge} {season}", "the {part} of {month}",
    "the {part} of {year}", "{rel} {unit}", "{rel} {weekday}", "{rel} {season}",
    "{part} this {unit}", "in {n} {unit}s", "within {n} {unit}s", "{n} {unit}s ago",
    "in the coming {unit}s", "Q{q} {year}", "the {ordinal} quarter", "{season} {year}",
    "H{h} {year}", "a {n}-day visit starting {weekday}", "every {weekday}", "{n} years",
    "by the end of {month}", "no later than {month}", "{weekday} at {hour} p.m.",
]  # fmt: skip
date_phrase = st.builds(
    lambda template, **parts: template.format(**parts),
    st.sampled_from(PHRASE_TEMPLATES),
    month=st.sampled_from([*MONTHS, "Sept.", "Jan.", "Dec", "may", "MARCH"]),
    month2=st.sampled_from(MONTHS),
    monthnum=st.integers(min_value=0, max_value=13).map("{:02d}".format),
    day=st.integers(min_value=0, max_value=32),
    day2=st.integers(min_value=0, max_value=32),
    year=st.integers(min_value=0, max_value=9999),
    weekday=st.sampled_from(WEEKDAY_WORDS),
    season=st.sampled_from(["spring", "summer", "autumn", "fall", "winter"]),
    hedge=st.sampled_from(["early", "mid", "mid-", "late", "later in", "earlier in"]),
    part=st.sampled_from(["beginning", "middle", "end", "first half", "second half", "turn"]),
    rel=st.sampled_from(["next", "last", "this", "the following", "the previous", "later"]),
    unit=st.sampled_from(["day", "week", "weekend", "month", "quarter", "year", "decade"]),
    n=st.integers(min_value=0, max_value=400),
    q=st.integers(min_value=0, max_value=5),
    h=st.integers(min_value=0, max_value=3),
    ordinal=st.sampled_from(["first", "second", "third", "fourth", "fifth"]),
    hour=st.integers(min_value=0, max_value=25),
)
date_token = st.one_of(
    date_phrase,
    st.sampled_from(DATE_WORDS),
    st.integers(min_value=0, max_value=3000).map(str),
    st.integers(min_value=-5, max_value=99999).map(str),
    st.sampled_from(PUNCTUATION),
)
DATE_LIKE_TEXT = st.lists(date_token, max_size=40).map(" ".join) | st.lists(
    date_token, max_size=40
).map("".join)

ANY_TEXT = st.text(max_size=400)
ANY_CHARACTERS = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)
BINARY_LOOKING = st.binary(max_size=600).map(lambda b: b.decode("latin-1"))
RTL_AND_EMOJI = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "في ١٦ مايو ٢٠٢٤", "הפגישה ב-16 במאי", "\u200f", "\u202e", "\u200d", "😀",
                "👍🏽", "🇺🇸", "🗓️", "e\u0301", "\ufeff", "\x00", "\t",
            ]
        ),
        date_token,
    ),
    max_size=40,
).map(" ".join)  # fmt: skip

EVERY_KIND_OF_TEXT = st.one_of(
    DATE_LIKE_TEXT, ANY_TEXT, ANY_CHARACTERS, BINARY_LOOKING, RTL_AND_EMOJI
)


def check_mentions(text: str, published: date) -> list:
    """Run extract and assert the structural invariants every result must satisfy."""
    mentions = extract(text, published=published)
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text), (m, len(text))
        assert text[m.start : m.end] == m.text, m
        assert m.start >= previous_end, ("overlapping or out of order", m, mentions)
        previous_end = m.end
        for bound in (m.earliest, m.latest):
            assert bound is None or (type(bound) is date), m
        if m.earliest is not None and m.latest is not None:
            assert m.earliest <= m.latest, m
    return mentions


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=EVERY_KIND_OF_TEXT, published=PUBLISHED)
def test_any_text_gives_well_formed_mentions(text: str, published: date) -> None:
    check_mentions(text, published)


@settings(max_examples=100, deadline=None)
@given(phrase=date_phrase | EVERY_KIND_OF_TEXT, published=PUBLISHED)
def test_parse_returns_one_of_the_mentions_extract_finds(phrase: str, published: date) -> None:
    best = parse(phrase, published=published)
    mentions = check_mentions(phrase, published)
    if mentions:
        assert best in mentions
    elif best is not None:
        # Nothing found in the phrase as it stands: parse reads it as a time phrase ("in "
        # before it), and the mention still points into the phrase itself.
        assert 0 <= best.start < best.end <= len(phrase)
        assert phrase[best.start:best.end] == best.text


@settings(max_examples=60, deadline=None)
@given(text=DATE_LIKE_TEXT | RTL_AND_EMOJI, published=PUBLISHED)
def test_results_are_deterministic(text: str, published: date) -> None:
    assert extract(text, published=published) == extract(text, published=published)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunk=DATE_LIKE_TEXT.filter(lambda s: len(s) > 20), published=PUBLISHED)
def test_huge_text(chunk: str, published: date) -> None:
    # ~200 KB: whole articles pasted together, or a page scraped with its navigation.
    text = (chunk + "\n") * (200_000 // (len(chunk) + 1) + 1)
    check_mentions(text, published)


def test_huge_text_of_real_dates_finds_them_all() -> None:
    sentence = "The talks were held on May 16, 2024, and will resume next week. "
    text = sentence * (200_000 // len(sentence))
    mentions = check_mentions(text, date(2024, 5, 20))
    exact = [m for m in mentions if m.earliest == m.latest == date(2024, 5, 16)]
    assert len(exact) == text.count("May 16, 2024")


def covering(mentions: list, start: int, end: int):
    """The one mention that overlaps [start, end), failing if there is none."""
    found = [m for m in mentions if m.start < end and start < m.end]
    assert len(found) == 1, (found, mentions)
    return found[0]


LATER_THIS_YEAR = [
    "The summit will be held later this year.",
    "Officials said the visit would take place later this year.",
    "Later this year, the president is expected to travel to Paris.",
]


@settings(max_examples=150, deadline=None)
@given(published=PUBLISHED, sentence=st.sampled_from(LATER_THIS_YEAR))
@example(published=date(2023, 12, 31), sentence=LATER_THIS_YEAR[0])  # nothing of the year left
@example(published=date(2023, 12, 30), sentence=LATER_THIS_YEAR[0])
@example(published=date(2024, 2, 29), sentence=LATER_THIS_YEAR[1])
@example(published=date(2024, 1, 1), sentence=LATER_THIS_YEAR[2])
def test_later_this_year_starts_after_publication_and_ends_on_december_31(
    published: date, sentence: str
) -> None:
    at = sentence.lower().index("later this year")
    m = covering(check_mentions(sentence, published), at, at + len("later this year"))
    assert m.earliest is not None and m.earliest > published, (published, m)
    if published.month == 12 and published.day == 31:
        return  # nothing of the year is left: no end to check, only "never the publication day"
    assert m.latest == date(published.year, 12, 31), (published, m)


DAY_PHRASES = [
    "on {month} {day}, {year}",
    "on {day} {month} {year}",
    "on {month} {day} {year}",
    "on {weekday}, {month} {day}, {year}",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CLAUSES = [
    "The leaders met {phrase} in Geneva.",
    "The prime minister will visit {phrase}, officials said.",
    "{phrase_capitalized}, talks resumed.",
    "It was announced {phrase}.",
]


@settings(max_examples=200, deadline=None)
@example(day=date(2024, 2, 29), offset=1, template=DAY_PHRASES[0], clause=CLAUSES[0])
@example(day=date(1999, 12, 31), offset=1, template=DAY_PHRASES[1], clause=CLAUSES[2])
@example(day=date(2000, 1, 1), offset=-1, template=DAY_PHRASES[3], clause=CLAUSES[1])
@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    offset=st.integers(min_value=-800, max_value=800),
    template=st.sampled_from(DAY_PHRASES),
    clause=st.sampled_from(CLAUSES),
)
def test_a_full_date_is_that_day(day: date, offset: int, template: str, clause: str) -> None:
    published = day + timedelta(days=offset)
    phrase = template.format(
        month=MONTHS[day.month - 1], day=day.day, year=day.year, weekday=WEEKDAYS[day.weekday()]
    )
    text = clause.format(phrase=phrase, phrase_capitalized=phrase[0].upper() + phrase[1:])
    at = text.lower().index(phrase.lower())
    date_part = phrase.removeprefix("on ")
    at += len("on ")
    m = covering(check_mentions(text, published), at, at + len(date_part))
    assert (m.earliest, m.latest) == (day, day), (text, published, m)
    assert m.kind == "date" and m.granularity == "day", m


@settings(max_examples=200, deadline=None)
@given(
    month_start=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 1)).map(
        lambda d: d.replace(day=1)
    ),
    offset=st.integers(min_value=400, max_value=5000) | st.integers(-5000, -400),
    clause=st.sampled_from(CLAUSES),
)
def test_a_month_and_year_far_from_publication_is_that_month(
    month_start: date, offset: int, clause: str
) -> None:
    # Far from the publication date, so no "this month" convention can apply.
    published = month_start + timedelta(days=offset)
    phrase = f"in {MONTHS[month_start.month - 1]} {month_start.year}"
    text = clause.format(phrase=phrase, phrase_capitalized=phrase[0].upper() + phrase[1:])
    at = text.lower().index(phrase.lower()) + len("in ")
    m = covering(check_mentions(text, published), at, at + len(phrase) - len("in "))
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    assert (m.earliest, m.latest) == (month_start, next_month - timedelta(days=1)), (text, m)
    assert m.granularity == "month", m
