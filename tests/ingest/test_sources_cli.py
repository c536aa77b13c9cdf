"""`calendar-service sources ...` and `refresh` through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from refresh_support import rss, seed_articles

from calendar_service.cli import main
from calendar_service.config import load_settings
from calendar_service.store import Store
from calendar_service.web import create_app

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(tmp_path: Path, db_url: str, seeds_dir: Path, capsys):  # type: ignore[no-untyped-def]
    """run(*args) -> (exit status, stdout, stderr), with a settings file naming db_url and a
    config-defined folder source of two seed articles."""
    folder = tmp_path / "local"
    folder.mkdir()
    for path in sorted(seeds_dir.glob("*.txt"))[:2]:
        (folder / path.name).write_bytes(path.read_bytes())
    config = tmp_path / "config" / "settings.toml"
    config.parent.mkdir()
    config.write_text(
        f'[database]\nurl = "{db_url}"\n[calendar]\nfeeds_dir = "{REPO / "feeds"}"\n'
        '[fetch]\nallow_private_hosts = ["127.0.0.1"]\n'
        f'[[sources]]\nname = "local"\nkind = "folder"\npath = "{folder}"\n',
        encoding="utf-8")

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["--config", str(config), *args])
        out, err = capsys.readouterr()
        return status, out, err

    run.config = config  # type: ignore[attr-defined]
    return run


def test_add_list_remove(cli, http_server) -> None:  # type: ignore[no-untyped-def]
    url = http_server.add("/wire.rss", b"")
    status, out, _ = cli("sources", "add", "wire", url, "--interval", "5", "--kind", "rss")
    assert status == 0 and "added source wire: rss" in out and "every 5 min" in out
    status, _, err = cli("sources", "add", "wire", url)
    assert status == 2 and "'wire' exists already" in err
    status, _, err = cli("sources", "add", "bad", url, "--interval", "0")
    assert status == 2 and "interval" in err

    status, out, _ = cli("sources", "list")
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["name", "kind", "every", "health"]
    assert [line.split()[0] for line in lines[2:]] == ["local", "wire"]  # config one synced
    assert "5m" in lines[3] and "healthy" in lines[3]

    status, out, _ = cli("sources", "list", "--json")
    listed = json.loads(out)["sources"]
    settings = load_settings(cli.config)
    store = Store.open(settings.database_url)
    try:
        served = create_app(settings, store).test_client().get("/api/sources").get_json()
    finally:
        store.close()
    assert listed == served["sources"]

    status, _, err = cli("sources", "remove", "local")
    assert status == 2 and "defined in the settings file" in err
    status, out, _ = cli("sources", "remove", "wire")
    assert status == 0 and "removed source wire" in out
    status, _, err = cli("sources", "remove", "wire")
    assert status == 2 and "no source named 'wire'" in err


def test_refresh_reports_each_source_and_failures_show_in_the_list(  # type: ignore[no-untyped-def]
    cli, http_server, seeds_dir: Path
) -> None:
    story = [a for _, a in seed_articles(seeds_dir)]
    url = http_server.add("/wire.rss", rss(story[2:4]), headers={"ETag": '"w"'})
    broken = http_server.add("/broken.rss", b"oops", status=500)
    assert cli("sources", "add", "wire", url)[0] == 0  # kind guessed from the content
    assert cli("sources", "add", "broken", broken, "--kind", "rss")[0] == 0

    status, out, _ = cli("refresh")
    assert status == 1  # one source failed
    assert "local: 2 articles: 2 new" in out and "wire: 2 articles: 2 new" in out
    assert "broken: failed (http_status): HTTP 500" in out

    status, out, _ = cli("refresh", "--source", "wire")
    assert status == 0 and out.strip().startswith("wire: 2 articles: 0 new, 2 already stored")
    assert http_server.requests[-1].headers["If-None-Match"] == '"w"'  # remembered
    for _ in range(2):
        cli("refresh", "--source", "broken")
    status, out, _ = cli("sources", "list")
    rows = {line.split()[0]: line for line in out.splitlines()[2:]}
    assert "UNHEALTHY" in rows["broken"] and "HTTP 500" in rows["broken"]
    assert "auto (rss)" in rows["wire"] and "healthy" in rows["wire"]
    status, _, err = cli("refresh", "--source", "nope")
    assert status == 2 and "no source named 'nope'" in err


def test_check_reads_a_source_and_stores_nothing(  # type: ignore[no-untyped-def]
    cli, http_server, seeds_dir: Path, db_url: str
) -> None:
    story = [a for _, a in seed_articles(seeds_dir)]
    url = http_server.add("/wire.rss", rss(story), headers={"ETag": '"w"'})
    cli("sources", "add", "wire", url)
    status, out, _ = cli("sources", "check", "wire")
    assert status == 0
    assert out.startswith("wire: ok, rss,") and f"{len(story)} articles" in out
    assert story[-1].title in out  # newest first, as the feed lists them
    status, out, _ = cli("sources", "check", "local")
    assert status == 0 and "2 article files, 0 unreadable" in out
    store = Store.open(db_url)
    try:
        assert store.counts()["articles"] == 0
    finally:
        store.close()

    http_server.add("/wire.rss", b"<html><body>moved</body></html>", status=200)
    cli("sources", "add", "strict", url, "--kind", "rss")
    status, out, _ = cli("sources", "check", "strict")
    assert status == 1 and "cannot read it" in out and "not an RSS or Atom feed" in out
