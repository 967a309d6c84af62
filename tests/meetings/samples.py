"""Paths of the sample minutes the tests import (the same files as /work/shared/samples/)."""

from __future__ import annotations

from pathlib import Path

MINUTES = Path(__file__).resolve().parents[2] / "qarargah" / "demo" / "minutes"
SAMPLE_000 = MINUTES / "alborz-hq-1401-03.txt"  # samples/000_…
SAMPLE_002 = MINUTES / "alborz-hq-1401-12.txt"  # samples/002_…
SAMPLE_003 = MINUTES / "markazi-joint-1402-12.txt"  # samples/003_…
