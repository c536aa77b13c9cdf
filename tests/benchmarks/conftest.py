"""Make the repository's `benchmarks` package importable: it is not part of the installed
distribution (only `calendar_service` is), and pytest does not put the root on sys.path."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
