"""Demo step: import the sample minutes shipped in qarargah/demo/minutes/ (idempotent)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qarargah.core.errors import ServiceError
from qarargah.meetings.importer import ImportContext, ImportPreview, import_minutes, preview_minutes
from qarargah.organisations.models import Province

from .loader import MINUTES_DIR


def _fit(preview: ImportPreview) -> int:
    """How well a province's registry explains the file: the names it links."""
    return sum(1 for r in preview.resolutions for a in r.assignees if not a.is_unknown)


def import_demo_minutes(log: Callable[[str], None], directory: Path | None = None) -> None:
    """Each file goes to the province whose registry names its body and most of its agencies;
    body detection then picks the body (Alborz's HQ, Markazi's social council)."""
    context = ImportContext()
    provinces = list(Province.objects.order_by("pk"))
    for path in sorted((directory or MINUTES_DIR).glob("*.txt")):
        data = path.read_bytes()
        best: tuple[int, Province] | None = None
        for province in provinces:
            try:
                preview = preview_minutes(
                    actor=None,
                    body=None,
                    filename=path.name,
                    data=data,
                    province=province,
                    context=context,
                )
            except ServiceError:
                continue
            if best is None or _fit(preview) > best[0]:
                best = (_fit(preview), province)
        if best is None:
            log(f"صورتجلسه نمونه {path.name}: نهاد آن در هیچ استانی پیدا نشد.")
            continue
        result = import_minutes(
            actor=None, body=None, filename=path.name, data=data, province=best[1], context=context
        )
        if result.outcome != "unchanged":
            log(f"صورتجلسه نمونه {path.name}: {result.meeting.body} ({best[1]})")
