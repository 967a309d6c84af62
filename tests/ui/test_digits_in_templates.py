"""Persian digits are for what the system writes (decision 0003): no template of the follow-up,
meetings, registry or history pages runs ``fa_digits`` over a field a person typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import qarargah

ROOT = Path(qarargah.__file__).parent
AUDITED = [
    "templates",
    "resolutions/templates",
    "meetings/templates",
    "organisations/templates",
    "history/templates",
]

# Fields whose value a person typed or named: texts, reasons, comments, names, places, files.
USER_FIELDS = (
    "text",
    "reason",
    "comment",
    "review_comment",
    "decision_comment",
    "closure_reason",
    "place",
    "title",
    "name",
    "original_name",
    "file_name",
    "filename",
    "assignees_raw",
    "deadline_raw",
    "vote",
    "subject",
)
# «{{ x.text|… |fa_digits }}» or «{{ subject|fa_digits }}», with any filters between. The
# import preview's «unsure» lists are the parser's own messages about a field, not the field.
FILTERED = re.compile(
    r"\{\{\s*(?![\w.]*unsure\.)(?:[\w.]*\.)?(?P<field>" + "|".join(USER_FIELDS) + r")\b[^}]*\|\s*fa_digits"
)
TEMPLATES = sorted(p for folder in AUDITED for p in (ROOT / folder).rglob("*.html"))


def test_the_audit_reads_the_templates():
    assert len(TEMPLATES) > 30
    assert FILTERED.search("{{ report.text|truncatechars:9|fa_digits }}")
    assert not FILTERED.search("{{ resolution.number|fa_digits }}")
    assert not FILTERED.search('{{ planned.unsure.vote|join:" "|fa_digits }}')


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_user_field_gets_persian_digits(path: Path):
    source = path.read_text(encoding="utf-8")
    found = [m.group(0) for m in FILTERED.finditer(source)]
    assert not found, f"fa_digits on typed text in {path.relative_to(ROOT)}: {found}"
    # A meeting's name holds its typed title; the model writes its number in Persian itself.
    assert "{{ meeting|fa_digits" not in source
    # A filter block over a whole region would turn the typed text inside it too.
    assert "{% filter fa_digits" not in source
