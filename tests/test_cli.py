"""The real `calendar-service` command, run as a subprocess against temporary databases."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from datetime import date
from pathlib import Path

import icalendar
import pytest

from calendar_service.config import load_settings
from calendar_service.store import Store
from calendar_service.web import create_app

REPO = Path(__file__).resolve().parent.parent
ERROR_LINE = re.compile(r"^calendar-service: error: .+\n\Z")


def run(*args: str, env: dict[str, str] | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "calendar_service", *args],
        capture_output=True, text=True, timeout=timeout, cwd=REPO, env=_env(env),
    )


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The caller's environment without our own settings, so only the test's apply."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALENDAR_SERVICE_")}
    return {**env, **(extra or {})}


@pytest.fixture
def story(tmp_path: Path, seeds_dir: Path) -> Path:
    """The seed articles and one malformed file beside them."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in seeds_dir.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    (folder / "2024-05-01-broken.txt").write_text(
        "Title: Broken\nPublished: 1 May 2024\nSource: S\n\nbody\n", encoding="utf-8")
    return folder


# --- parse -------------------------------------------------------------------------------


def test_parse_prints_the_range_and_the_phrase() -> None:
    done = run("parse", "later this year", "--published", "2024-04-09")
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()[:2]
    assert first == "2024-04-10..2024-12-31  later this year"
    assert "granularity:" in second and "kind: date" in second


def test_parse_json() -> None:
    done = run("parse", "in June", "--published", "2024-04-09", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["earliest"], data["latest"]) == ("2024-06-01", "2024-06-30")
    assert "in June"[data["start"] : data["end"]] == data["text"]


def test_parse_without_a_time_phrase_exits_1() -> None:
    done = run("parse", "the leaders shook hands", "--published", "2024-04-09")
    assert done.returncode == 1
    assert "no time expression found" in done.stderr
    assert done.stdout == ""


def test_parse_with_a_bad_date_exits_2() -> None:
    done = run("parse", "later this year", "--published", "2024-02-30")
    assert done.returncode == 2
    assert "'2024-02-30' is not a date in the form YYYY-MM-DD" in done.stderr


# --- ingest and events ------------------------------------------------------------------


def test_ingest_reports_the_bad_file_and_stores_the_good_ones(sqlite_url: str,
                                                               story: Path) -> None:
    done = run("--database", sqlite_url, "ingest", str(story))
    assert done.returncode == 1  # some files were skipped
    assert f"skipped {story / '2024-05-01-broken.txt'}: Published '1 May 2024'" in done.stderr
    assert "7 files: 6 new articles, 0 duplicates, 1 errors" in done.stdout
    store = Store.open(sqlite_url)
    try:
        assert store.counts()["articles"] == 6
    finally:
        store.close()


def test_ingest_twice_stores_nothing_twice(db_url: str, story: Path) -> None:
    (story / "2024-05-01-broken.txt").unlink()
    first = run("--database", db_url, "ingest", str(story))
    assert first.returncode == 0, first.stderr
    listed = run("--database", db_url, "events", "--json")
    second = run("--database", db_url, "ingest", str(story))
    assert second.returncode == 0, second.stderr
    assert "0 new articles, 6 duplicates, 0 errors, 0 events changed" in second.stdout
    assert run("--database", db_url, "events", "--json").stdout == listed.stdout


def test_simultaneous_ingest_processes_share_one_database(db_url: str, story: Path) -> None:
    """Three processes ingesting the same folder at once: all succeed, nothing is doubled."""
    (story / "2024-05-01-broken.txt").unlink()
    command = [sys.executable, "-m", "calendar_service", "--database", db_url, "ingest",
               str(story)]
    processes = [subprocess.Popen(command, cwd=REPO, env=_env(), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [p.communicate(timeout=180) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], outputs
    new = [int(re.search(r"(\d+) new articles", out).group(1)) for out, _ in outputs]  # type: ignore[union-attr]
    assert sum(new) == 6
    with Store.open(db_url) as store:
        assert store.counts()["articles"] == 6
    again = run("--database", db_url, "ingest", str(story))
    assert "0 new articles, 6 duplicates" in again.stdout
    # Each process goes in story order, so articles are created in that order: the events
    # are those of one sequential run.
    reference = f"sqlite:///{story.parent / 'reference.sqlite3'}"
    run("--database", reference, "ingest", str(story))
    assert _event_facts(db_url) == _event_facts(reference)


def _event_facts(url: str) -> list[tuple]:
    events = json.loads(run("--database", url, "events", "--json").stdout)["events"]
    return sorted((e["id"], e["earliest"], e["latest"], e["status"], e["source_count"])
                  for e in events)


def test_events_json_is_what_the_api_serves(sqlite_url: str, story: Path) -> None:
    run("--database", sqlite_url, "ingest", str(story))
    done = run("--database", sqlite_url, "events", "--json")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    settings = load_settings().with_overrides(database_url=sqlite_url)
    store = Store.open(sqlite_url)
    try:
        client = create_app(settings, store).test_client()
        served = client.get("/api/events").get_json()
    finally:
        store.close()
    assert printed["events"] == served["events"]
    assert printed["count"] == len(printed["events"]) > 0


def test_events_table_and_filters(sqlite_url: str, story: Path) -> None:
    run("--database", sqlite_url, "ingest", str(story))
    everything = run("--database", sqlite_url, "events", "--json")
    events = json.loads(everything.stdout)["events"]
    table = run("--database", sqlite_url, "events")
    assert table.returncode == 0
    for event in events:
        assert event["title"] in table.stdout and event["id"] in table.stdout
    summits = json.loads(run("--database", sqlite_url, "events", "--kind", "summit",
                             "--json").stdout)["events"]
    assert summits and {e["id"] for e in summits} == {
        e["id"] for e in events if e["kind"] == "summit"}
    as_of = "2024-10-23"
    upcoming = json.loads(run("--database", sqlite_url, "events", "--upcoming", "--as-of", as_of,
                              "--json").stdout)["events"]
    assert {e["id"] for e in upcoming} == {e["id"] for e in events if e["latest"] >= as_of}
    assert 0 < len(upcoming) < len(events)


# --- export ------------------------------------------------------------------------------


def test_export_writes_a_calendar_a_parser_reads(sqlite_url: str, story: Path,
                                                 tmp_path: Path) -> None:
    run("--database", sqlite_url, "ingest", str(story))
    out = tmp_path / "static" / "summits.ics"
    done = run("--database", sqlite_url, "export", "--feed", "summits", "--out", str(out))
    assert done.returncode == 0, done.stderr
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    summaries = [str(c["SUMMARY"]) for c in calendar.walk("VEVENT")]
    assert summaries and all("summit" in s.lower() for s in summaries)
    every = run("--database", sqlite_url, "export", "--all", "--out-dir", str(tmp_path / "all"))
    assert every.returncode == 0, every.stderr
    assert {p.name for p in (tmp_path / "all").iterdir()} == {
        f"{p.stem}.ics" for p in (REPO / "feeds").glob("*.toml")}


def test_export_of_an_unknown_feed_is_a_one_line_error(sqlite_url: str, tmp_path: Path) -> None:
    done = run("--database", sqlite_url, "export", "--feed", "nope", "--out",
               str(tmp_path / "x.ics"))
    assert done.returncode == 2
    assert ERROR_LINE.match(done.stderr) and "no feed named 'nope'" in done.stderr
    assert not (tmp_path / "x.ics").exists()


# --- settings and database errors ---------------------------------------------------------


def test_bad_setting_from_the_environment_is_one_line_naming_it(sqlite_url: str) -> None:
    done = run("--database", sqlite_url, "events", env={"CALENDAR_SERVICE_PORT": "eighty"})
    assert done.returncode == 2
    assert ERROR_LINE.match(done.stderr), done.stderr
    assert "CALENDAR_SERVICE_PORT" in done.stderr


def test_bad_setting_in_a_file_is_one_line_naming_it(tmp_path: Path) -> None:
    config = tmp_path / "config" / "settings.toml"
    config.parent.mkdir()
    config.write_text("[refresh]\ninterval_minutes = 0\n", encoding="utf-8")
    done = run("--config", str(config), "events")
    assert done.returncode == 2
    assert ERROR_LINE.match(done.stderr) and "refresh.interval_minutes" in done.stderr


def test_bad_database_url_is_one_line(tmp_path: Path) -> None:
    done = run("--database", "mysql://somewhere/db", "events")
    assert done.returncode == 2
    assert ERROR_LINE.match(done.stderr) and "unsupported database" in done.stderr


def test_postgresql_needs_db_upgrade_first(pg_url: str) -> None:
    refused = run("--database", pg_url, "events")
    assert refused.returncode == 2
    assert ERROR_LINE.match(refused.stderr)
    assert "run `calendar-service db upgrade`" in refused.stderr
    assert run("--database", pg_url, "db", "current").stdout.startswith("empty (out of date")
    upgraded = run("--database", pg_url, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "upgraded from empty to" in upgraded.stdout
    assert run("--database", pg_url, "db", "current").stdout.endswith("(head)\n")
    assert run("--database", pg_url, "db", "upgrade").stdout.startswith("database already at")
    assert run("--database", pg_url, "events").returncode == 0


def test_db_copy_verifies_and_refuses_a_second_copy(sqlite_url: str, story: Path,
                                                    tmp_path: Path) -> None:
    run("--database", sqlite_url, "ingest", str(story))
    target = f"sqlite:///{tmp_path / 'copy' / 'target.sqlite3'}"
    done = run("--database", sqlite_url, "db", "copy", "--to", target)
    assert done.returncode == 0, done.stderr
    assert "articles: 6 rows, checksum" in done.stdout and "verified" in done.stdout
    assert run("--database", target, "events", "--json").stdout == run(
        "--database", sqlite_url, "events", "--json").stdout
    again = run("db", "copy", "--from", sqlite_url, "--to", target)
    assert again.returncode == 2
    assert ERROR_LINE.match(again.stderr) and "not empty" in again.stderr


# --- serve -------------------------------------------------------------------------------


def test_serve_ingests_the_configured_folder_and_serves_feeds(tmp_path: Path,
                                                              story: Path) -> None:
    (story / "2024-05-01-broken.txt").unlink()
    config = tmp_path / "config" / "settings.toml"
    config.parent.mkdir()
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path / "serve.sqlite3"}"\n'
        f'[calendar]\nfeeds_dir = "{REPO / "feeds"}"\n'
        f'[[sources]]\nname = "local"\nkind = "folder"\npath = "{story}"\n',
        encoding="utf-8",
    )
    # stderr to a file: an undrained pipe can fill up and block the server's exit
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "calendar_service", "--config", str(config), "serve",
             "--port", "0"],
            stdout=subprocess.PIPE, stderr=err, text=True, cwd=REPO, env=_env(),
        )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout or []],
                     daemon=True).start()
    try:
        first = lines.get(timeout=90)
        match = re.match(r"Serving on (http://127\.0\.0\.1:(\d+)/)$", first.strip())
        assert match, first
        base = match.group(1)
        listed = [lines.get(timeout=5) for _ in range(4)]
        assert any(f"webcal://127.0.0.1:{match.group(2)}/feeds/all.ics" in x for x in listed)
        with urllib.request.urlopen(base + "healthz", timeout=10) as response:
            assert response.status == 200
        with urllib.request.urlopen(base + "feeds/all.ics", timeout=10) as response:
            assert response.headers["Content-Type"].startswith("text/calendar")
            calendar = icalendar.Calendar.from_ical(response.read())
        starts = {c.decoded("DTSTART") for c in calendar.walk("VEVENT")}
        assert date(2024, 10, 22) in starts  # the BRICS summit, from the last seed article
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0, log.read_text(encoding="utf-8")
