"""`qarargah parse` names every field it is unsure of: in the JSON as a warning (the JSON's
keys are fixed), in the summary with «⚠» beside the field."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

HEADERLESS = (
    "مقرر شد اداره آب و فاضلاب شبکه فرسوده محله را نوسازی کند.\n"
    "۲- مقرر گردید شهرداری پارک محله را تا جلسه آینده تکمیل نماید.\n"
    "به اتفاق آرا تصویب شد\n"
    "۲- مقرر گردید آموزش و پرورش کلاس‌های تابستانی دایر کند.\n"
)


def test_json_warnings_name_each_unsure_field(tmp_path):
    path = tmp_path / "headerless.txt"
    path.write_text(HEADERLESS, encoding="utf-8")
    out = StringIO()
    call_command("parse", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert [r["number"] for r in data["resolutions"]] == [1, 2, 2]
    assert data["resolutions"][1]["deadline"]["kind"] == "next_meeting"
    assert data["resolutions"][1]["vote"] == "به اتفاق آرا تصویب شد"
    warnings = "\n".join(data["warnings"])
    for field in ("عنوان جلسه", "تاریخ جلسه", "شماره جلسه", "محل جلسه", "رئیس جلسه", "ساعت جلسه"):
        assert field in warnings
    assert "مصوبه 1: شماره نداشت" in warnings
    assert "مصوبه 2: شماره ۲ تکرار شده است." in warnings
    assert len(data["warnings"]) == len(set(data["warnings"]))


def test_summary_marks_unsure_fields(tmp_path):
    path = tmp_path / "headerless.txt"
    path.write_text(HEADERLESS, encoding="utf-8")
    out = StringIO()
    call_command("parse", str(path), stdout=out)
    text = out.getvalue()
    assert "عنوان: — ⚠" in text
    assert "تاریخ: — ⚠" in text
    assert "۱ ⚠. مقرر شد" in text
    assert "رأی: به اتفاق آرا تصویب شد" in text
