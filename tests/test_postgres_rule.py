"""The fixture rule: without PostgreSQL its tests skip with a clear message, but fail under CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ONE_PG_TEST = "tests/store/test_articles.py::test_article_round_trip[postgresql]"


def _pytest_without_postgresql(ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["CALENDAR_SERVICE_TEST_PG_HOST"] = "127.0.0.1:9"  # nothing listens on the discard port
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", ONE_PG_TEST],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=120,
    )


def test_skips_with_a_clear_message_outside_ci() -> None:
    done = _pytest_without_postgresql(ci=None)
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout
    assert "PostgreSQL at 127.0.0.1:9 not reachable" in done.stdout


def test_fails_under_ci() -> None:
    done = _pytest_without_postgresql(ci="true")
    assert done.returncode != 0
    assert "PostgreSQL at 127.0.0.1:9 not reachable" in done.stdout
    assert "CI=true" in done.stdout
