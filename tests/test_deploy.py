"""The example deployment files name commands and entry points that exist."""

from __future__ import annotations

import importlib
import re
import shlex

from calendar_service.cli import build_parser
from calendar_service.config import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"


def _commands() -> list[str]:
    lines = [line.split(":", 1)[1] for line in (DEPLOY / "Procfile").read_text().splitlines()
             if line and not line.startswith("#")]
    for unit in DEPLOY.glob("*.service"):
        lines += re.findall(r"^Exec\w*=(.+)$", unit.read_text(), flags=re.M)
    return [line.strip() for line in lines]


def test_every_gunicorn_target_is_an_importable_app_factory():
    targets = [arg for cmd in _commands() if "gunicorn" in cmd
               for arg in shlex.split(cmd) if ":" in arg and "(" in arg]
    assert targets, "no gunicorn command found in deploy/"
    for target in targets:
        module, call = target.split(":")
        factory = getattr(importlib.import_module(module), call.removesuffix("()"))
        assert callable(factory)


def test_every_calendar_service_command_parses():
    parser = build_parser()
    commands = [shlex.split(cmd) for cmd in _commands() if "calendar-service " in cmd]
    assert len(commands) >= 3
    for argv in commands:
        args = argv[argv.index(next(a for a in argv if a.endswith("calendar-service"))) + 1 :]
        parser.parse_args(args)  # exits (SystemExit) on an unknown command or flag
