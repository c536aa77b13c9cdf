"""The one table of conventions for fuzzy and open time phrases.

Every rule that turns a vague phrase into a window reads its numbers from here, so the
conventions are stated once. Offsets are in days relative to the publication date `P`;
bounds are inclusive.

Layering. The engine gives what the words mean on the calendar; the events layer gives the
range a careful reader assigns to a whole event, which is what /work/shared/data/README.md's
conventions table describes ("Conventions used for `expected_range`").

* A deictic period is the whole period, whatever the tense: "this year" is 1 Jan..31 Dec,
  "this month" and "in <current month>" the month, "this week" Monday..Sunday, "this
  summer" the season, "<current year>" the year. (Exceptions where nothing of the period is
  left to plan for, in a future clause on its last day: "this week" on a Sunday is the next
  week, "this month / year / <season>" the day after publication.)
* Only phrases that look forward in their own words start after publication: "later this
  year", "the rest of the year", "in the coming weeks", "soon", "in N weeks", "the future";
  "earlier this week / month / year" ends the day before it.
* "A planned event cannot happen on or before its publication day" is the events layer's
  rule (`calendar_service.events.candidates._after_publication`): every window of an event
  not told as past or under way is cut to start at P+1 there, which turns "will visit this
  year" into P+1..31 Dec as the README table asks, and a named day ("today", "on May 3")
  stays as it is. "by <period>" keeps its lower bound P in the engine ("by" opens the range
  towards the reader's present); the events layer cuts it to P+1 likewise.

=====================================  ======================================================
phrase                                 range
=====================================  ======================================================
in the coming days, in the next few    P+1 .. P+14
days, within days
in the coming weeks, in the next few   P+1 .. P+56
weeks, within weeks, in a matter of
weeks
in the coming months, within months    P+1 .. P+183
soon, shortly, in the near future,     P+1 .. P+90
in the immediate future, before long
in the foreseeable future              P+1 .. open
within / over the next / in the        P+1 .. P+7N  ("or so" adds a week); days and months
coming N weeks                         likewise (N days: P+1..P+N, N months: P+1..P+30N)
in N weeks                             P+7N-4 .. P+7N+4, never before P+1
in about N weeks                       P+7N-7 .. P+7N+7, never before P+1
in N days / in N months                P+N-1 .. P+N+1 / the month N months ahead
in N years, N years from now           that calendar year (in a past clause: a span, no range)
within (the next) N years              P+1 .. P+365N
this time next / last year             the publication month a year on / back
mid-year                               May-Aug of the publication year
the beginning / middle / end of the    its years 0-3 / 3-6 / 7-9; "by the end of the decade":
decade                                 P .. its last day
between now and <date>, from today     P .. the end of <date>
until <date>
early / mid / late <month>             days 1-10 / 11-20 / 21-last
beginning / end of <month>             as early / late
first / second half of <month>         days 1-15 / 16-last
the n-th week of <month>               days 7n-6 .. 7n
early / mid / late <year>              Jan-Apr / May-Aug / Sep-Dec (thirds); "end of" = late
first / second half of <year>, H1/H2   Jan-Jun / Jul-Dec
Q1..Q4, the first..fourth quarter      the calendar quarter (fiscal years are calendar years)
seasons                                meteorological, northern hemisphere: spring Mar-May,
                                       summer Jun-Aug, autumn/fall Sep-Nov, winter Dec-Feb
                                       ("winter 2024" starts in December 2024)
early / mid / late <season>            its first / middle / last month
this week                              Monday..Sunday (future clause published on a Sunday:
                                       the next week)
this month / this year / this <season> the whole period (future clause on its last day: P+1)
in <Month> / <year> naming the current as "this month" / "this year"
month / year
early / mid / late <week>, the         Mon-Tue / Wed-Thu / Fri-Sun of that week ("early
beginning / middle / end of the week   next week", "at the end of the week")
later / earlier in the week            as later / earlier this week
this weekend                           Saturday-Sunday of this week (on a Sunday, in a future
                                       clause: the next one)
the weekend, over the weekend          past or no cue: the last Saturday-Sunday; future: next
last week                              Monday-Sunday before the week of publication
N days / weeks / months / years ago    that day / its Monday-Sunday week / its month / its year
days / weeks / months / years ago      P-14..P-2 / P-56..P-7 / P-365..P-30 / open..P-365
year-end, by year-end                  31 December (the last one in a past clause)
the latest quarter, the latest period  the last completed calendar quarter
a year earlier / ago, the year-ago     after a quarter or half: that period a year before;
quarter, last year (in comparisons)    otherwise the previous calendar year
later this week/month/year             P+1 .. end of the period
earlier this week/month/year           start of the period .. P-1
later in <year> (current year)         P+1 .. 31 Dec; a future year: the whole year
by / before the end of <period>,       P .. end of the period
no later than <period>
before <month> / <quarter>             P .. the day before it begins
no earlier than / not before / not     the month's first day .. open
until <month>
mid-to-late <month> / early-to-mid     from the first part's first day to the second
<year>                                 part's last (11..last / Jan..Aug)
the first / last (few) days of <month> as early / late <month>
the week of <day> / the weekend of     the Monday..Sunday around that day / its Saturday-
<day>                                  Sunday (or the days written)
next / last <weekday>                  the first one after / before the publication day
                                       ("next Thursday" on a Wednesday is the next day;
                                       "Thursday next week" is the week after)
<weekday> next week                    that weekday in next week
the week after next                    the Monday..Sunday two weeks on
within the next N to M weeks           P+1 .. P+7M
a week from today, two months from     as "in a week", "in two months"
now, in a fortnight
<date> or <date>                       the range that bounds both (alternatives at most a
                                       year apart)
on the 15th                            that day of the month the tense points to (no
                                       cue: the nearest); a month without it: the next one
the turn of the year                   15 Dec .. 15 Jan around the nearest New Year
Christmas, Easter, Good Friday,        that day (Western Easter via dateutil; Thanksgiving:
Thanksgiving, New Year's Day, ...      the US one, 4th Thursday of November); no year: by
                                       tense, else the nearest; lunar holidays: not bounded
by / before <holiday>                  P .. the day / P .. the day before
recently / in recent weeks / months /  P-90 / P-56 / P-183 .. P; in recent years: 5 years .. P
the past, in the past                  open .. P-1
now, currently, at present             P
the future                             P+1 .. open
=====================================  ======================================================

Tense (see `tense.py`): a bare month, weekday, season or quarter resolves forward in a
future clause and backward in a past one, with guards against a misread cue: a month and day
without a year stay within about eight months of publication (eleven ahead in a future
clause) unless the verb that governs the day points further ("the fiscal year ended
Jan. 31"); a bare month more than 300 days back in a past clause gives way to an occurrence
within the next two months, unless the past verb governs it ("talks that began in
January"); in a future clause a quarter that ended less than 92 days ago is still the one
meant (results are reported after the quarter).
A schedule verb in the simple present ("the leaders meet on Monday", "talks resume
Tuesday") counts as a future cue, except after a modal, "to" or a negation.
With no cue in the clause: weekdays resolve to the most recent occurrence (news reports what
happened), months to the occurrence within two months or else the one of the publication
year, seasons to the current cycle, quarters and halves to the latest one already begun.
"""

from __future__ import annotations

from typing import Final

# Windows after the publication date: (first offset, last offset or None for open end).
WINDOWS: Final[dict[str, tuple[int, int | None]]] = {
    "days": (1, 14),
    "weeks": (1, 56),
    "months": (1, 183),
    "soon": (1, 90),
    "foreseeable": (1, None),
    "future": (1, None),
    "recently": (-90, 0),
}

# "in N weeks": centre 7N, half-width 4 days; "in about N weeks": half-width 7 days.
IN_N_WEEKS_SLACK: Final[int] = 4
IN_ABOUT_N_WEEKS_SLACK: Final[int] = 7
# "within N weeks or so" adds one week.
OR_SO_EXTRA_DAYS: Final[int] = 7
# "in N days": one day either side.
IN_N_DAYS_SLACK: Final[int] = 1

# Parts of a week: (first, last) day offsets from its Monday. "The end of the week" takes in
# the weekend: a report "by the end of the week" may come on Saturday.
WEEK_PARTS: Final[dict[str, tuple[int, int]]] = {
    "early": (0, 1), "beginning": (0, 1), "start": (0, 1),
    "middle": (2, 3),
    "late": (4, 6), "end": (4, 6),
}

# Parts of a month: (first day, last day or None for the month's last day).
MONTH_PARTS: Final[dict[str, tuple[int, int | None]]] = {
    "early": (1, 10),
    "beginning": (1, 10),
    "start": (1, 10),
    "mid": (11, 20),
    "middle": (11, 20),
    "late": (21, None),
    "end": (21, None),
    "first half": (1, 15),
    "second half": (16, None),
}

# Parts of a year: (first month, last month).
YEAR_PARTS: Final[dict[str, tuple[int, int]]] = {
    "early": (1, 4),
    "beginning": (1, 4),
    "start": (1, 4),
    "mid": (5, 8),
    "middle": (5, 8),
    "late": (9, 12),
    "end": (9, 12),
    "first half": (1, 6),
    "second half": (7, 12),
}

# Meteorological seasons, northern hemisphere: first month of each (winter spans the new year).
SEASON_START_MONTH: Final[dict[str, int]] = {
    "spring": 3,
    "summer": 6,
    "autumn": 9,
    "fall": 9,
    "winter": 12,
}

# Parts of a season: index of the month inside the 3-month season.
SEASON_PARTS: Final[dict[str, int]] = {
    "early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2,
}

# A month and day without a year lie within about eight months of publication: a tense cue that
# points further away loses to the nearest occurrence ("payable Dec. 7" after "declared").
MAX_DAY_DISTANCE: Final[int] = 250
# Future cues ("will", "to be held") are the reliable ones: they may point up to 11 months on.
MAX_FUTURE_DAY_DISTANCE: Final[int] = 330
# A bare month more than this far back in a past clause, when an occurrence within
# NEAR_MONTH_DAYS is ahead, is that one: past cues ("-ed") are the noisier ones
# ("extended until mid-November" written on 30 October).
FAR_MONTH_DAYS: Final[int] = 300
NEAR_MONTH_DAYS: Final[int] = 62
# Quarterly results come out after the quarter: in a future clause, a quarter that ended
# less than this many days before publication is still the one meant ("will report
# third-quarter results" in October).
QUARTER_REPORTING_LAG: Final[int] = 92

# "the turn of the year": from this day of December to this day of January.
TURN_OF_YEAR_DAY: Final[int] = 15
# "in recent years": this many years back to the publication date.
RECENT_YEARS: Final[int] = 5
