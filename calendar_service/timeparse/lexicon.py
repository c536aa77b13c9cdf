"""Words of the English time vocabulary and the regex fragments built from them."""

from __future__ import annotations

from typing import Final

MONTHS: Final[dict[str, int]] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

WEEKDAYS: Final[dict[str, int]] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}

NUMBER_WORDS: Final[dict[str, int]] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a couple of": 2,
    "couple of": 2, "a few": 3, "few": 3, "several": 3, "a dozen": 12, "dozen": 12,
    "twenty-four": 24, "twenty four": 24,
}

# Regex fragments. All patterns run on the lower-cased text (one case-sensitive pass is
# several times faster than an IGNORECASE one); rules look at the original text where capitals
# matter: a month or weekday name must be capitalised, so "may" the modal and "march" the verb
# never count.
MONTH_RE: Final[str] = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)|apr(?:il|\.)?|may|june|jun\.?|july|"
    r"jul\.?|aug(?:ust|\.)?|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|"
    r"dec(?:ember|\.)?)(?![a-z])"
)
WEEKDAY_RE: Final[str] = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon\.|tue\.|tues\.|wed\.|thu\.|thurs\.|fri\.|sat\.|sun\.)"
)
DAY_RE: Final[str] = (
    r"(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday|"
    r"Mon\.|Tue\.|Tues\.|Wed\.|Thu\.|Thurs\.|Fri\.|Sat\.|Sun\.)"
)
DAY_RE: Final[str] = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%])"
YEAR_RE: Final[str] = r"(?:1\d\d\d|2\d\d\d)(?![\d%])"
NUM_WORD_RE: Final[str] = (
    r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ]four)?|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|hundred|"
    r"(?:a )?couple of|(?:a )?few|several|(?:a )?dozen)"
)


def lower_same_length(text: str) -> str:
    """text.lower(), keeping every offset (a few characters lower-case to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def capitalised(original: str) -> bool:
    """A month or weekday written as a name ("May", "MAY"), not a word ("may")."""
    return original[:1].isupper()


def month_number(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def weekday_number(word: str) -> int | None:
    return WEEKDAYS.get(word.lower().rstrip("."))


def number_value(word: str) -> int | None:
    """Value of a number written in digits or words ("12", "twelve", "a few")."""
    w = " ".join(word.lower().replace("-", " ").split())
    if w.isdigit():
        return int(w)
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    w2 = w.replace(" ", "-")
    return NUMBER_WORDS.get(w2)


def day_number(token: str) -> int:
    """"16th" -> 16."""
    return int(token.rstrip("stndrh"))
