"""People in news text: titled names ("Russian Foreign Minister Sergey Lavrov"), bare full
names ("Joe Biden"), and later short references ("Putin") resolved to the full name.

No NER model: capitalised name runs after title words, and runs of two or three capitalised
words that are neither places, calendar words nor institution words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calendar_service.events.places import country_of_word, is_city, is_country

# Longest first, so "Foreign Minister" wins over "Minister".
LEADER_TITLES: tuple[str, ...] = (
    "Chairman of State Affairs", "Secretary of State", "Secretary-General", "Secretary General",
    "General Secretary", "Prime Minister", "Foreign Minister", "Defence Minister",
    "Defense Minister", "Vice President", "Vice-President", "Deputy Prime Minister",
    "Crown Prince", "Supreme Leader", "State President", "State Councillor", "First Minister",
    "Chief Executive", "President", "Premier", "Chancellor", "King", "Queen", "Emperor",
    "Emir", "Sultan", "Pope", "Chairman", "Chairwoman", "leader", "Leader", "Minister",
    "Taoiseach", "Sheikh", "Prince", "Governor", "top diplomat", "Ambassador",
)
# Titled people who speak about events but do not take part in them.
NON_PARTICIPANT_TITLES: frozenset[str] = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "press secretary", "adviser", "advisor",
    "aide", "official", "officials", "analyst", "reporter", "correspondent", "Ambassador",
    "ambassador", "envoy", "Governor",
})
_NON_PARTICIPANT_ROLE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|press secretary|advis[eo]r|aide|correspondent|reporter|"
    r"ambassador|envoy|analyst|organiser|organizer|official|diplomat|minister's|first lady)"
    r"\s*,?\s*$",
    re.IGNORECASE)

_words = str.split  # a word list written as prose

_PARTICLES = r"(?:von|der|van|de|da|di|du|bin|al|el|la|le|dos|das)"
_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'][A-Za-z]+)*|(?:al|el|bin|ben)-[A-Z][a-z]+|[A-Z]\.|[IVX]{1,4}\b)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLES}\s+)*{_NAME_WORD}){{0,3}}"
_TITLE_ALT = "|".join(re.escape(t) for t in LEADER_TITLES)
_TITLED = re.compile(rf"\b(?P<title>{_TITLE_ALT})\s+(?P<name>{_NAME})")
# What may stand before a title: "Russian", "North Korean", "China's", "U.S.".
_ADJECTIVE_BEFORE = re.compile(
    r"(?P<adj>(?:[A-Z][a-z]+\s){0,2}[A-Z][a-z.]+(?:'s|’s)?|U\.S\.)\s+$")
_BARE = re.compile(rf"\b{_NAME_WORD}(?:\s+(?:{_PARTICLES}\s+)*{_NAME_WORD}){{1,5}}")

# Capitalised words that never belong to a person's name.
_NOT_NAME_WORDS: frozenset[str] = frozenset(_words("""
Gulf Sea Ocean River Strait Peninsula Bay Island Islands Mountains Valley Lake Coast Canal
Sinn Fein Hamas Hezbollah Taliban Kurdish Senator Sen Rep Gov Gen Col
January February March April May June July August September October November December Jan
Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday
Saturday Sunday The A An In On At Of For And But By To From With After Before During Since
As If When While This That These Those It He She They We His Her Their Its Our Your Mr Mrs
Ms Dr President Prime Minister Foreign Chancellor Secretary State King Queen Premier
Leader Chairman General Vice Crown Prince Emperor Emir Sultan Pope Party Ministry House
Office Council Committee Commission Assembly Congress Parliament Senate Union Organization
Organisation Cooperation Summit Forum Conference Agency News Times Post Press Daily
Journal Review Group Bank Fund Court Department Palace Hall People's Republic Democratic
National Security Federal University Institute Centre Center Force Air One Oval White
Kremlin Foreign Affairs Global South North East West Central Asia Pacific Europe European
Africa African Asian Western Eastern Southern Northern Cold War World Olympics Games
Declaration Treaty Nations United Economic Communist Convention Station Airport
International Relations Reuters Xinhua Tass TASS AFP AP ANI CNN CBS BBC Sputnik Politico
Twitter Weibo Covid COVID Leaders Leaders' Summit Quad BRICS NATO SCO G20 G7 EU ASEAN
Interior Defence Defense Trade Finance Justice Health Spokesperson Spokesman Spokeswoman
Ambassador Governor Deputy Chief Executive Director Minister's President's Photo Mission
Opera Great Standing Cabinet Presidential Presidency Government Administration
"""))


@dataclass(frozen=True, slots=True)
class PersonHit:
    name: str  # full canonical name as written, e.g. "Sergey Lavrov"
    role: str | None
    country: str | None
    start: int  # span of the whole mention (title included) in the article text
    end: int
    participant: bool  # False for spokespeople, ambassadors and the like


def _clean_name(name: str) -> str:
    words = re.sub(r"(?:'s|’s)$", "", name).split()
    while words and words[-1] in _NOT_NAME_WORDS:
        words.pop()
    return " ".join(words)


def name_key(name: str) -> str:
    """A spelling-tolerant key: "Kim Jong-un" ~ "Kim Jong Un", "Sergei Lavrov" ~ "Sergey Lavrov"."""
    words = re.sub(r"[-.]", " ", name.lower()).split()
    if not words:
        return ""
    return f"{words[0][0]} {words[-1]}" if len(words) > 1 else words[0]


def _country_from_adjective(adj: str | None) -> str | None:
    if not adj:
        return None
    adj = re.sub(r"(?:'s|’s)$", "", adj.strip())
    for size in (3, 2, 1):
        words = adj.split()
        if len(words) >= size:
            country = country_of_word(" ".join(words[-size:]))
            if country:
                return country
    return None


def find_titled(text: str) -> list[PersonHit]:
    hits: list[PersonHit] = []
    for match in _TITLED.finditer(text):
        name = _clean_name(match.group("name"))
        if not name or name in _NOT_NAME_WORDS or is_country(name) or is_city(name):
            continue
        title = match.group("title")
        role = title[0].upper() + title[1:]
        before = text[max(0, match.start() - 40):match.start()]
        adjective = _ADJECTIVE_BEFORE.search(before)
        country = _country_from_adjective(adjective.group("adj") if adjective else None)
        start = match.start() - len(adjective.group(0)) if country and adjective else match.start()
        participant = title not in NON_PARTICIPANT_TITLES and not _NON_PARTICIPANT_ROLE.search(
            text[max(0, start - 40):match.start()] + title) and not _role_after(text, match.end())
        hits.append(PersonHit(name, role, country, start, match.start("name") + len(name),
                              participant))
    return hits


def find_bare_names(text: str) -> list[tuple[str, int, int]]:
    """Runs of 2-4 capitalised name words that are not places or institution words; a run
    that starts with a place or title ("North Korea's Kim Jong Un") keeps its name part."""
    found: list[tuple[str, int, int]] = []
    for match in _BARE.finditer(text):
        words = [(m.start(), m.group(0)) for m in re.finditer(r"\S+", match.group(0))]
        while words and _not_a_name_word(words[0][1]):
            words.pop(0)
        while words and words[-1][1] in _NOT_NAME_WORDS:
            words.pop()
        if not 2 <= len(words) <= 4 or any(_not_a_name_word(w) for _, w in words):
            continue
        start = match.start() + words[0][0]
        end = match.start() + words[-1][0] + len(words[-1][1])
        name = text[start:end]
        if is_city(name) or is_country(name) or is_city(words[-1][1]):
            continue
        found.append((name, start, end))
    return found


def _not_a_name_word(word: str) -> bool:
    bare = re.sub(r"(?:'s|’s)$", "", word)
    # "Vladimir Putin" is a person although Vladimir is also a city; "Chinese Xi" is not
    return (word in _NOT_NAME_WORDS or bare in _NOT_NAME_WORDS or is_country(bare)
            or country_of_word(bare) is not None or bare != word)


_ROLE_AFTER = re.compile(
    r"^,\s+(?:[\w'’-]+\s+){0,5}?(?:spokes(?:man|woman|person)|ambassador|adviser|advisor|aide|"
    r"envoy|press secretary|correspondent)\b(?!\s+(?-i:[A-Z]))", re.IGNORECASE)


def _role_after(text: str, end: int) -> bool:
    """"Andrey Denisov, Moscow's ambassador to China": a speaker, not a participant."""
    return bool(_ROLE_AFTER.match(text[end:end + 60]))


def _merge_short_names(people: dict[str, PersonHit]) -> dict[str, PersonHit]:
    """"President Trump" and "Donald Trump" in one article are one person: keep the full name
    with the title's role and country."""
    merged = dict(people)
    for short, hit in people.items():
        if " " in short:
            continue
        fuller = [full for full in people if full != short and short in full.split()]
        if len(fuller) == 1:
            full = merged[fuller[0]]
            merged[fuller[0]] = PersonHit(full.name, full.role or hit.role,
                                          full.country or hit.country, full.start, full.end,
                                          full.participant and hit.participant)
            del merged[short]
    return merged


@dataclass
class PeopleRegistry:
    """Everyone named in one article, so that "Putin" resolves to "Vladimir Putin"."""

    people: dict[str, PersonHit]  # canonical full name -> its most informative mention

    @classmethod
    def from_text(cls, text: str) -> PeopleRegistry:
        people: dict[str, PersonHit] = {}
        for hit in find_titled(text):
            known = people.get(hit.name)
            if known is None or (known.country is None and hit.country is not None):
                people[hit.name] = hit
        titled_spans = [(h.start, h.end) for h in people.values()]
        for name, start, end in find_bare_names(text):
            if any(s <= start < e for s, e in titled_spans):
                continue
            if name not in people and not any(name in full for full in people):
                participant = not _NON_PARTICIPANT_ROLE.search(
                    text[max(0, start - 40):start]) and not _role_after(text, end)
                people[name] = PersonHit(name, None, None, start, end, participant)
        return cls(_merge_short_names(people))

    def resolve(self, word: str) -> PersonHit | None:
        """The full name a short reference stands for ("Putin", "Xi", "Kim")."""
        if word in self.people:
            return self.people[word]
        for full, hit in self.people.items():
            if word in full.split() or word in re.split(r"[\s-]", full):
                return hit
        return None

    def in_span(self, text: str, start: int, end: int) -> list[PersonHit]:
        """Every mention of a person within text[start:end], by full name or short reference,
        each resolved to the full name (a person named twice gives two hits)."""
        chunk = text[start:end]
        hits: list[PersonHit] = []
        for hit in find_titled(chunk):
            full = self.resolve(hit.name) or hit
            hits.append(PersonHit(full.name, hit.role or full.role, hit.country or full.country,
                                  start + hit.start, start + hit.end,
                                  hit.participant and full.participant))
        taken = [(h.start, h.end) for h in hits]
        for full, hit in self.people.items():
            pattern = "|".join(rf"\b{re.escape(w)}\b" for w in [full, *_short_forms(full)])
            for match in re.finditer(pattern, chunk):
                position = start + match.start()
                if any(s <= position < e for s, e in taken):
                    continue
                taken.append((position, start + match.end()))
                hits.append(PersonHit(full, hit.role, hit.country, position,
                                      start + match.end(), hit.participant))
        return sorted(hits, key=lambda h: h.start)


def _short_forms(full: str) -> list[str]:
    """How an article refers back to a person: the family name ("Putin", "Frederiksen"), or a
    short leading family name ("Xi", "Kim", "Li"); not a given name ("Mike")."""
    words = [w for w in full.split() if w not in _PARTICLES and not re.fullmatch(r"[IVX]+", w)]
    if len(words) < 2:
        return []
    forms = [words[-1]]
    if len(words[0]) <= 3:
        forms.append(words[0])
    return forms


def is_plausible_surname(word: str) -> bool:
    """A lone capitalised word that may be a person: not a place, nationality, title,
    calendar or institution word."""
    return not (word in _NOT_NAME_WORDS or is_country(word) or is_city(word)
                or country_of_word(word) is not None or word.lower() in _LOWER_STOP)


_LOWER_STOP = frozenset(_words("""
the a an this that these those it he she they we his her their its our officials leaders
president minister government ministry state white house kremlin pentagon parliament
"""))


def same_person(a: str, b: str) -> bool:
    """One person under two spellings or orders: "Kim Jong-un" / "Kim Jong Un",
    "Sergei Lavrov" / "Sergey Lavrov", "Kishida Fumio" / "Fumio Kishida"."""
    if a == b:
        return True
    wa = re.sub(r"[-.]", " ", a.lower()).split()
    wb = re.sub(r"[-.]", " ", b.lower()).split()
    if not wa or not wb:
        return False
    if sorted(wa) == sorted(wb):
        return True
    if len(wa) > 1 and len(wb) > 1:
        return wa[-1] == wb[-1] and wa[0][0] == wb[0][0]
    return (wa[0] in wb) if len(wa) == 1 else (wb[0] in wa)
