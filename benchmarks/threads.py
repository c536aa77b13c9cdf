"""Replay diplomatic-event threads through extraction and reconciliation, and score them.

    .venv/bin/python benchmarks/threads.py /work/shared/data/threads-dev.json [--brief]

Each thread's articles are read in order (Article(title="", body=text, published,
source=outlet)), their mentions extracted and reconciled in memory against the events so far
(one fresh calendar per thread). Printed, per thread and in total (Markdown tables):

- found: after the last article, one of our events matches the thread's truth (same family of
  kind -- visit / summit-meeting-talks; and the guest for a visit, or the summit series named in
  the thread title, or two principal participants, or one participant and the host place);
- exact: per article, the range this article's own mention of that event gives equals the
  article's `expected_range` (cancelled: no dates and status cancelled);
- contains: per article, the event's range after the article contains the true dates;
- final: the true dates lie inside the final range (held and postponed threads: they took place);
- status: held -> our final status is held or confirmed; postponed -> the event's history shows
  a postponement, or its dates moved to later days than a range it had before (a reschedule);
  cancelled -> our final status is cancelled;
- spurious: every new *dated* event created by an article that is not the thread's event (other
  summits mentioned in passing count too: the honest, strict reading);
- time expressions found: of the expressions each article lists in `time_expressions` (spans
  only, no values), the share that a mention of our range engine overlaps (span recall on
  modern news, beside TimeBank's in benchmarks/timex.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from calendar_service.events import Article, Event, SourceRef, extract_event_mentions, reconcile
from calendar_service.events.lexicon import VISIT_KINDS
from calendar_service.events.people import same_person
from calendar_service.timeparse import extract

TARGETS = {"found": 0.95, "exact": 0.85, "final_held": 0.95, "spurious": 0.2}
_SERIES_WORD = re.compile(r"^(\S+)")


@dataclass
class ArticleScore:
    article_id: str
    expected: tuple[str | None, str | None]
    ours: tuple[str | None, str | None] | None
    exact: bool
    contains: bool
    spurious: list[str]


@dataclass
class ThreadScore:
    thread_id: str
    truth_status: str
    found: bool = False
    final_in_range: bool = False
    status_right: bool = False
    final: str = ""
    articles: list[ArticleScore] = field(default_factory=list)


def _clean(name: str) -> str:
    return re.sub(r"\s*\(.*?\)", "", name).strip()


def _family_ok(truth_kind: str, event: Event) -> bool:
    if truth_kind in VISIT_KINDS:
        return event.kind in VISIT_KINDS
    if truth_kind in ("meeting", "talks"):
        return event.kind in ("meeting", "talks", "summit") and event.series is None
    return event.kind not in VISIT_KINDS


def matches_truth(event: Event, thread: dict) -> bool:
    truth = thread["truth"]
    if not _family_ok(truth["kind"], event):
        return False
    people = [_clean(p) for p in truth["participants"]]
    shared = sum(1 for ours in event.participants if any(same_person(ours, p) for p in people))
    country_ok = event.country is None or event.country == truth["country"]
    place_hit = bool(event.country == truth["country"] or (
        event.city and truth["city"].startswith(event.city)))
    if event.kind in VISIT_KINDS:
        guest = event.participants[0] if event.participants else None
        return bool(guest and any(same_person(guest, p) for p in people[:1])) and country_ok
    if event.series:
        org = _SERIES_WORD.match(event.series)
        return bool(org and org.group(1) in thread["title"]) and country_ok
    return shared >= 2 or (shared >= 1 and place_hit)


def _best(events: Sequence[Event], thread: dict) -> Event | None:
    hits = [e for e in events if matches_truth(e, thread)]
    return max(hits, key=lambda e: len(e.supports)) if hits else None


def _contains(event: Event | None, first: date, last: date) -> bool:
    if event is None or (event.earliest is None and event.latest is None):
        return False
    return (event.earliest or date.min) <= first and last <= (event.latest or date.max)


def _status_right(event: Event, truth_status: str) -> bool:
    if truth_status == "cancelled":
        return event.status == "cancelled"
    if truth_status == "held":
        return event.status in ("held", "confirmed")
    if event.status == "cancelled":
        return False
    if any(r.status == "postponed" for r in event.revisions):
        return True
    ranges = [(r.earliest, r.latest) for r in event.revisions if r.latest is not None]
    return any(later[0] and earlier[1] and later[0] > earlier[1]
               for i, earlier in enumerate(ranges) for later in ranges[i + 1:])


def score_thread(thread: dict) -> ThreadScore:
    truth = thread["truth"]
    first, last = date.fromisoformat(truth["first_day"]), date.fromisoformat(truth["last_day"])
    result = ThreadScore(thread["id"], truth["status"])
    events: dict[str, Event] = {}
    for index, record in enumerate(thread["articles"]):
        published = date.fromisoformat(record["published"])
        article = Article(title="", body=record["text"], published=published,
                          source=record["outlet"], url=record.get("url"))
        source = SourceRef(article.content_hash, record["outlet"], published, record.get("url"))
        now = datetime(published.year, published.month, published.day, 12, index)
        before = set(events)
        for event in reconcile(list(events.values()), extract_event_mentions(article), source,
                               now):
            events[event.id] = event
        ours = _best(list(events.values()), thread)
        mention = None
        if ours is not None:
            mine = [s.mention for s in ours.supports
                    if s.source.article_hash == source.article_hash]
            mention = mine[-1] if mine else None
        expected = (record["expected_range"]["earliest"], record["expected_range"]["latest"])
        got = None if mention is None else (
            mention.earliest.isoformat() if mention.earliest else None,
            mention.latest.isoformat() if mention.latest else None)
        exact = got == expected and (expected != (None, None) or mention.status == "cancelled")
        spurious = [e.title for eid, e in events.items()
                    if eid not in before and e.is_dated and not matches_truth(e, thread)]
        result.articles.append(ArticleScore(record["id"], expected, got, exact,
                                            _contains(ours, first, last), spurious))
    final = _best(list(events.values()), thread)
    result.found = final is not None
    if final is not None:
        result.final_in_range = _contains(final, first, last)
        result.status_right = _status_right(final, truth["status"])
        result.final = f"{final.earliest}..{final.latest} {final.status}"
    return result


def time_expression_recall(threads: Sequence[dict]) -> tuple[int, int, list[str]]:
    """(found, annotated, the missed expressions): an annotated expression is found when a
    mention of the engine overlaps it. Each is located at its first occurrence (ignoring
    case) not already taken by an earlier one of the same article."""
    found = total = 0
    missed: list[str] = []
    for thread in threads:
        for article in thread["articles"]:
            text, low = article["text"], article["text"].lower()
            mentions = extract(text, date.fromisoformat(article["published"][:10]))
            taken: set[int] = set()
            for expression in article.get("time_expressions") or []:
                needle = expression["text"].lower()
                at = low.find(needle)
                while at in taken:
                    at = low.find(needle, at + 1)
                if at < 0:
                    continue  # not verbatim in the text: not scored
                taken.add(at)
                total += 1
                end = at + len(needle)
                if any(m.start < end and at < m.end for m in mentions):
                    found += 1
                else:
                    missed.append(f"{thread['id']}: {expression['text']}")
    return found, total, missed


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "-"


def render(scores: list[ThreadScore], *, details: bool,
           recall: tuple[int, int, list[str]] | None = None) -> str:
    lines = ["| thread | found | exact | contains | final in range | status | final | spurious |",
             "|---|---|---|---|---|---|---|---|"]
    for s in scores:
        n = len(s.articles)
        lines.append(
            f"| {s.thread_id} | {'yes' if s.found else 'NO'} "
            f"| {sum(a.exact for a in s.articles)}/{n} | {sum(a.contains for a in s.articles)}/{n} "
            f"| {'yes' if s.final_in_range else 'no'} | {'ok' if s.status_right else 'WRONG'} "
            f"({s.truth_status}) | {s.final} | {sum(len(a.spurious) for a in s.articles)} |")
    articles = [a for s in scores for a in s.articles]
    held = [s for s in scores if s.truth_status == "held"]
    other = [s for s in scores if s.truth_status != "held"]
    spurious = sum(len(a.spurious) for a in articles)
    rate = spurious / len(articles) if articles else 0.0
    lines += [
        "", "| measure | value | target |", "|---|---|---|",
        f"| event found | {_pct(sum(s.found for s in scores), len(scores))} | >= 95% |",
        f"| expected range exact | {_pct(sum(a.exact for a in articles), len(articles))} "
        "| >= 85% |",
        f"| range contains true dates (per article) | "
        f"{_pct(sum(a.contains for a in articles), len(articles))} | - |",
        f"| true dates in final range (held) | "
        f"{_pct(sum(s.final_in_range for s in held), len(held))} | >= 95% |",
        f"| status right (held) | {_pct(sum(s.status_right for s in held), len(held))} | - |",
        f"| status right (cancelled/postponed) | "
        f"{_pct(sum(s.status_right for s in other), len(other))} | all |",
        f"| spurious events per article | {spurious}/{len(articles)} = {rate:.2f} | < 0.2 |",
    ]
    if recall is not None:
        lines.append(f"| time expressions found (span recall) | {_pct(recall[0], recall[1])} "
                     "| - |")
    if details and recall is not None and recall[2]:
        lines += ["", "Time expressions no mention overlaps: " + "; ".join(recall[2])]
    if details:
        lines += ["", "| article | expected | ours | exact | contains | spurious |",
                  "|---|---|---|---|---|---|"]
        for a in articles:
            lines.append(f"| {a.article_id} | {a.expected[0]}..{a.expected[1]} | "
                         f"{'-' if a.ours is None else f'{a.ours[0]}..{a.ours[1]}'} | "
                         f"{'yes' if a.exact else 'no'} | {'yes' if a.contains else 'no'} | "
                         f"{'; '.join(a.spurious)} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a threads JSON file (threads-dev.json schema)")
    parser.add_argument("--brief", action="store_true",
                        help="only the per-thread and total tables, not one row per article")
    args = parser.parse_args(argv)
    try:
        threads = json.loads(args.path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"error: cannot read {args.path}: {error}", file=sys.stderr)
        return 2
    print(render([score_thread(t) for t in threads], details=not args.brief,
                 recall=time_expression_recall(threads)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
