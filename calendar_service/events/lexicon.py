"""Our own word lists: event triggers, summit series, status cues. One place to extend them."""

from __future__ import annotations

import re

from calendar_service.events.model import EventKind

# (pattern, kind). Ordered: the first pattern that claims a span wins, so specific kinds come
# before "visit" and "meeting". "visiting" is left out on purpose: it is an adjective
# ("visiting German Chancellor") or describes a purpose, not an announced trip.
TRIGGERS: tuple[tuple[re.Pattern[str], EventKind], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind) for pattern, kind in (
        (r"\bstate visits?\b", "state_visit"),
        (r"\b(?:official|working) visits?\b", "official_visit"),
        (r"\bleaders'? summit\b", "summit"),
        (r"\bsummits?\b", "summit"),
        (r"\b(?:host|welcome|receive)(?:s|d|ed|ing)? (?:the )?(?:[A-Z][\w-]* )?"
         r"(?:leaders|heads of state)\b", "summit"),
        (r"\b(?:will |to |would )?gather(?:s|ed|ing)?\b", "summit"),
        (r"\b(?<!press )(?<!news )(?<!video )(?<!joint press )conference\b", "conference"),
        (r"\bvisit(?:s|ed)?\b", "visit"),
        (r"\btrips?\b", "visit"),
        (r"\bitinerary\b", "visit"),
        (r"\bjoin\s+(?:him|her|them)\s+(?=in\b)", "visit"),  # "join him in China on April 4"
        (r"\b(?:take|takes|taking|took|lead|leads|leading|led)\s+(?:a|an|his|her|the)\s+"
         r"(?:[\w-]+\s+){0,2}delegation\s+to\b", "visit"),
        (r"\b[A-Z][a-z]+\s+(?:leg|stop)\b", "visit"),  # "the Denmark stop", "the Polish leg"
        (r"\btravel(?:s|led|ling|ed|ing)?\s+(?:on\s+)?to\b", "visit"),
        (r"\b(?:go|goes|going|went)\s+(?:there|to)\b", "visit"),
        (r"\bhead(?:s|ed|ing)?\s+(?:to|for)\b", "visit"),
        (r"\b(?:fly|flies|flying|flew)\s+to\b", "visit"),
        (r"\b(?:come|comes|coming|came)\s+to\b", "visit"),
        (r"\b(?:arrive[sd]?|arriving|landed|lands?|landing)\s+in\b", "visit"),
        (r"\btours?\b", "visit"),
        (r"\bbe in\b", "visit"),
        (r"\b(?:could|would|will|might|may|to)\s+(?:go|travel|come)\b"
         r"(?!\s+(?:to|there|ahead|on|back|home|into|through)\b)", "visit"),
        # "Vietnam will receive US President Joe Biden", "Scholz will host Donald Tusk"
        (r"\b(?:will |to |would )(?:receive|host|welcome)\b(?=\s+(?-i:[A-Z]))", "visit"),
        (r"\bstay\b", "visit"),
        (r"\btalks\b", "talks"),
        (r"\b(?:will|would|to|could|should)\s+(?:hold\s+)?talk\b", "talks"),
        (r"\bmeet(?:s|ing|ings)?\b", "meeting"),
        (r"\bmet\b", "meeting"),
        (r"\bsit down\b", "meeting"),
        (r"\bencounter\b", "meeting"),
        (r"\bsee each other\b", "meeting"),
    )
)

VISIT_KINDS: frozenset[str] = frozenset({"state_visit", "official_visit", "visit"})
ENCOUNTER_KINDS: frozenset[str] = frozenset({"meeting", "talks", "summit"})
# More specific first: when an article says both "trip" and "state visit", it is a state visit.
KIND_SPECIFICITY: dict[str, int] = {
    "state_visit": 3, "official_visit": 2, "visit": 1,
    "summit": 3, "conference": 3, "talks": 2, "meeting": 1, "inauguration": 3,
}

# Summit series: canonical label -> written forms. The label names the event ("SCO summit").
SERIES: dict[str, tuple[str, ...]] = {
    "SCO summit": ("Shanghai Cooperation Organization", "Shanghai Cooperation Organisation",
                   "SCO"),
    "BRICS summit": ("BRICS",),
    "G20 summit": ("G20", "G-20", "Group of 20", "Group of Twenty"),
    "G7 summit": ("G7", "G-7", "Group of Seven"),
    "NATO summit": ("NATO", "North Atlantic Treaty Organization"),
    "Quad summit": ("Quad", "Quadrilateral Security Dialogue"),
    "ASEAN summit": ("ASEAN", "Association of Southeast Asian Nations"),
    "APEC summit": ("APEC", "Asia-Pacific Economic Cooperation"),
    "EU summit": ("EU", "European Union", "European Council"),
    "African Union summit": ("African Union",),
    "CSTO summit": ("CSTO", "Collective Security Treaty Organization"),
    "Arab League summit": ("Arab League",),
    "GCC summit": ("GCC", "Gulf Cooperation Council"),
    "CELAC summit": ("CELAC",),
    "Commonwealth summit": ("CHOGM", "Commonwealth"),
    "UN General Assembly": ("UN General Assembly", "United Nations General Assembly", "UNGA"),
    "COP climate conference": ("COP\\d+", "UN climate conference"),
}
SERIES_PATTERN = re.compile(
    r"\b(?P<form>" + "|".join(
        form if "\\" in form else re.escape(form)
        for forms in SERIES.values() for form in sorted(forms, key=len, reverse=True)
    ) + r")\b")


def series_label(form: str) -> str | None:
    for label, forms in SERIES.items():
        for candidate in forms:
            if re.fullmatch(candidate if "\\" in candidate else re.escape(candidate), form):
                return label
    return None


# Status cues, looked for in the clause of the trigger.
CANCEL_CUE = re.compile(
    r"\b(?:cancel+(?:ed|s|ing|ation)?|call(?:ed|ing|s)? off|scrapped|scrap(?:s|ping)?|"
    r"(?:will|would|did|does) not (?:go ahead|take place|happen)|won't (?:go ahead|take place)|"
    r"not going ahead|dropped (?:his|her|the|its) (?:planned )?(?:trip|visit|plans?))\b",
    re.IGNORECASE)
POSTPONE_CUE = re.compile(
    r"\b(?:postpon\w*|put(?:ting|s)? off|delay(?:ed|s|ing)?|push(?:ed|ing)? back)\b",
    re.IGNORECASE)
# The event is happening or has happened (the report itself establishes the day).
UNDER_WAY_CUE = re.compile(
    r"\b(?:has arrived|have arrived|arrived|landed|got under way|"
    r"(?:summit|talks|visit|meeting|trip|conference|gathering)s?\s+(?:is|are|was|were)\s+"
    r"under way|is attending|"
    r"are attending|began|begun|opened|kicked off|is heading home|was heading home|"
    r"heading home|shook hands|is in|are in)\b", re.IGNORECASE)
PAST_CUE = re.compile(
    r"\b(?:met|held|hosted|was held|were held|took place|visited|talked|discussed|"
    r"received|welcomed|attended|signed|ended|concluded|wrapped up)\b", re.IGNORECASE)
# A time phrase after these words is the event's last day ("when the summit closes on Thursday").
END_ANCHOR_CUE = re.compile(
    r"\b(?:closes?|ends?|ending|concludes?|wraps? up|heading home|left|leaves|departs?|until|"
    r"till|through)\b"
    r"[^,.;]{0,25}$", re.IGNORECASE)
START_ANCHOR_CUE = re.compile(
    r"\b(?:starting|beginning|begins?|opens?|opening|arriv\w+|land\w*|from)\b[^,.;]{0,25}$",
    re.IGNORECASE)
# A meeting held within another event: it takes that event's dates.
WITHIN_CUE = re.compile(
    r"\b(?:on the (?:sidelines|margins?) of|on the sidelines|at|during|in the course of)\s+"
    r"(?:the\s+|a\s+|an\s+|this\s+|their\s+|his\s+|her\s+)?[^,.;]{0,60}$", re.IGNORECASE)
# Times announced with speech: "said on Tuesday", "told reporters Friday".
SPEECH_BEFORE_TIME = re.compile(
    r"\b(?:said|says|announced|told\s+[\w\s']{0,25}?|reported|stated|wrote|added|confirmed|"
    r"noted|revealed|tweeted|statement|briefing|announcement|dated|report|published|"
    r"released|issued)\s*"
    r"(?:(?:earlier|later|late|early)\s+)?(?:on|in)?\s*$", re.IGNORECASE)
SPEECH_AFTER_TIME = re.compile(
    r"^\W{0,3}\s*(?:[A-Z][\w.'-]*\s+){0,6}?(?:said|announced|told|reported|wrote|confirmed)\b")
# "Wednesday's announcement": the time of a statement.
ANNOUNCEMENT_AFTER_TIME = re.compile(
    r"^(?:'s|’s)\s+(?:announcement|statement|decision|remarks|comments|speech|report|"
    r"briefing|tweet|interview)\b", re.IGNORECASE)
# Not diplomatic: money, markets and companies.
NON_DIPLOMATIC = re.compile(
    r"\b(?:central bank|interest rates?|policy meeting|rate[- ]setting|shareholders?|"
    r"board meeting|earnings|quarterly results|investors|match|fixture|tournament|"
    r"league|championship|stock|shares)\b", re.IGNORECASE)
# Hedges: dates given with these are a plan, not a confirmed schedule.
HEDGE_CUE = re.compile(
    r"\b(?:expected to|likely|could|may|might|possibly|perhaps|reportedly|plans? to|"
    r"planning to|hopes? to|intends? to|considering|proposed|would like|set to)\b",
    re.IGNORECASE)
# "the summit", "the gathering": a reference back to the series event last named.
DEFINITE_REFERENCE = re.compile(
    r"\b(?:the|this|that|its|their|[a-z]+'s)\s+(?:(?:next|upcoming|forthcoming|annual|"
    r"scheduled|official)\s+)*(?:leaders'?\s+)?(?:summit|gathering|meeting)$",
                                re.IGNORECASE)
# The clause speaks of something still to come.
FUTURE_CUE = re.compile(
    r"\b(?:will|would|shall|to be held|set for|fixed for|scheduled|due to|is to|are to|"
    r"planned|upcoming|forthcoming|expected|plans?|intends?|consider\w*|could|(?-i:may)|might|"
    r"hopes?|hoping)\b", re.IGNORECASE)
# A plan told as past: "had been due to", "was scheduled to". Without a status word the
# clause is background (what was once planned), not news about the event.
PAST_PLAN_CUE = re.compile(
    r"\b(?:had been (?:due|set|scheduled|expected|planned|supposed)|"
    r"(?:was|were) (?:due|set|scheduled|supposed|expected) to|had planned|was to have)\b",
    re.IGNORECASE)
