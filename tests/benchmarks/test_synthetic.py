"""The benchmarks' synthetic events: deterministic, varied, and stored and read back intact."""

from __future__ import annotations

from collections import Counter

from benchmarks import _harness, _synthetic
from calendar_service.store import EventQuery, Store


def test_same_seed_same_events_other_seed_other_events() -> None:
    assert _synthetic.events(300, seed=7) == _synthetic.events(300, seed=7)
    assert _synthetic.events(300, seed=7) != _synthetic.events(300, seed=8)


def test_events_vary_as_the_generator_promises() -> None:
    events = _synthetic.events(3_000)
    assert len({e.id for e in events}) == 3_000
    assert set(Counter(e.kind for e in events)) == {k for k, _ in _synthetic.KINDS}
    assert set(Counter(e.status for e in events)) == {s for s, _ in _synthetic.STATUSES}
    widths = Counter(e.width_days for e in events if e.width_days is not None)
    assert widths[1] > 0 and any(w >= 365 for w in widths) and any(28 <= w <= 31 for w in widths)
    assert any(not e.is_dated for e in events)
    assert any(e.earliest is not None and e.latest is None for e in events)
    assert any(e.earliest and e.earliest >= _synthetic.CENTER for e in events)
    assert any(e.latest and e.latest < _synthetic.CENTER for e in events)
    assert any(not e.title.isascii() or not (e.city or "").isascii() for e in events)
    for event in events:
        assert len(event.supports) >= 1 and 1 <= len(event.revisions) <= 4
        assert [r.sequence for r in event.revisions] == list(range(1, event.sequence + 1))
        assert event.created <= event.updated


def test_populate_saves_every_event_and_loads_it_back_equal(db_url: str) -> None:
    _harness.populate(db_url, 1_200, seed=3)  # two transactions: 1,000 and 200 events
    with Store.open(db_url) as store:
        loaded = store.query_events(EventQuery(include_undated=True, sort="earliest"))
    expected = {e.id: e for e in _synthetic.events(1_200, seed=3)}
    assert len(loaded) == 1_200
    for event in loaded:
        assert event == expected[event.id]
    assert _harness.database_bytes(db_url) > 0
