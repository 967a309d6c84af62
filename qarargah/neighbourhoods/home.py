"""The house manager's home panel: its neighbourhood's open needs (filled in step 6)."""

from __future__ import annotations
