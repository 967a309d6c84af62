"""Benchmark the meeting documents: the minutes of a meeting with 40 resolutions and 30
attendees as .docx (docxtpl, target < 1 s) and as .pdf (WeasyPrint, target < 3 s), beside bare
python-docx writing the same text with no template, no right-to-left markup and no QR code.

    .venv/bin/python bench/documents.py [--repeat 5] [--json]

No database: the data is the dict ``documents.minutes_data`` returns, built with the same
Persian strings a real meeting would give (reading 40 resolutions is a few queries, measured by
the page benchmarks, not here). One process, medians of ``--repeat`` runs after one warm-up run;
wall and CPU (``time.process_time``) seconds. The ratio to the bare writer is the figure that
travels between machines.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qarargah.config.settings")

import django

django.setup()

from docx import Document  # noqa: E402

from qarargah.meetings import documents  # noqa: E402
from qarargah.persian import to_persian_digits  # noqa: E402

AGENCIES = ["اداره کل بهزیستی استان", "فرمانداری کرج", "اداره کل آموزش و پرورش استان",
            "کمیته امداد امام خمینی (ره)", "شهرداری کرج", "اداره کل ورزش و جوانان",
            "دانشگاه علوم پزشکی البرز", "اداره کل تعاون، کار و رفاه اجتماعی"]  # fmt: skip
DEADLINES = ["یک هفته", "۱۰ روز", "اسرع وقت", "مستمر", "دو هفته", "یک ماه", "۱۴۰۴/۰۶/۳۱"]


def meeting_data(resolutions: int = 40, attendees: int = 30) -> dict:
    def fa(value: object) -> str:
        return to_persian_digits(str(value))

    return {
        "letterhead": "معاونت سیاسی، امنیتی و اجتماعی - اداره کل امور اجتماعی و فرهنگی",
        "title": "صورتجلسه شماره ۴۱ قرارگاه اجتماعی استان",
        "body": "قرارگاه اجتماعی استان",
        "number": "۴۱",
        "date": "۱۴۰۴/۰۲/۲۴",
        "weekday": "چهارشنبه",
        "time": "۱۰:۳۰",
        "place": "سالن جلسات شهدای دولت",
        "invitation_number": "۲۱/۲۵/۳۱۰۰",
        "invitation_date": "۱۴۰۴/۰۲/۲۰",
        "agenda": [fa(f"{i}- ارائه گزارش دستگاه شماره {i} در خصوص اقدامات محلات هدف") for i in range(1, 7)],
        "narrative": ["جلسه با حضور اعضا و مدعوین برگزار شد و پس از گزارش دبیر، موارد زیر تصویب شد."] * 3,
        "statements": [
            {
                "speaker": f"آقای سخنران {fa(i)}، مدیرکل محترم",
                "text": ": " + "گزارشی از اقدامات ارائه نمودند. " * 6,
            }
            for i in range(1, 9)
        ],
        "resolutions": [
            {
                "number": fa(i),
                "text": fa(
                    f"مقرر گردید: {AGENCIES[i % 8]} نسبت به تشکیل کارگروه شماره {i} و برگزاری جلسات "
                    "تخصصی اقدام و گزارش و نتایج حاصله را به دبیرخانه قرارگاه استان ارسال نماید."
                ),
                "responsible": f"{AGENCIES[i % 8]}، {AGENCIES[(i + 3) % 8]}",
                "deadline": DEADLINES[i % len(DEADLINES)],
            }
            for i in range(1, resolutions + 1)
        ],
        "attendance": [
            fa(f"آقای عضو شماره {i}، نماینده {AGENCIES[i % 8]} — حاضر") for i in range(1, attendees + 1)
        ],
        "chair": "علی رضایی",
        "chair_title": "معاون سیاسی، امنیتی و اجتماعی استاندار",
        "secretary": "مریم احمدی",
        "secretary_title": "مدیرکل امور اجتماعی و فرهنگی",
        "signing_state": documents.SIGNED.label,
    }


def bare_docx(data: dict) -> bytes:
    """The same text with python-docx alone: paragraphs and one plain table."""
    doc = Document()
    for line in (data["letterhead"], "موضوع: " + data["title"], *data["agenda"], *data["narrative"]):
        doc.add_paragraph(line)
    for s in data["statements"]:
        p = doc.add_paragraph()
        p.add_run(s["speaker"]).bold = True
        p.add_run(s["text"])
    table = doc.add_table(rows=1, cols=4)
    for cell, title in zip(
        table.rows[0].cells, ("ردیف", "مصوبات جلسه:", "اقدام کننده", "زمان اقدام"), strict=True
    ):
        cell.text = title
    for r in data["resolutions"]:
        for cell, value in zip(table.add_row().cells, (r["number"], r["text"], r["responsible"], r["deadline"]), strict=True):  # fmt: skip
            cell.text = value
    for line in data["attendance"]:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def timed(fn: Callable[[], bytes], repeat: int) -> dict:
    fn()  # warm-up: imports, template parsing, font loading
    walls, cpus, size = [], [], 0
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        size = len(fn())
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return {"wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus), "bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    data = meeting_data()
    verification = documents.Verification("ABCDEFGHJK", "https://qarargah.example/verify/ABCDEFGHJK/")
    results = {
        "bare python-docx": timed(lambda: bare_docx(data), args.repeat),
        "minutes .docx (docxtpl)": timed(
            lambda: documents.render_docx("minutes", data, verification=verification), args.repeat
        ),
        "minutes .pdf (WeasyPrint)": timed(
            lambda: documents.render_pdf("minutes", data, verification=verification), args.repeat
        ),
    }
    base = results["bare python-docx"]
    for r in results.values():
        r["ratio"] = r["wall_s"] / base["wall_s"]
        r["cpu_ratio"] = r["cpu_s"] / base["cpu_s"]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"40 resolutions, 30 attendees; median of {args.repeat}")
    print(f"{'what':28} {'wall s':>8} {'cpu s':>8} {'KB':>8} {'× bare':>8} {'cpu × bare':>11}")
    for name, r in results.items():
        print(
            f"{name:28} {r['wall_s']:8.3f} {r['cpu_s']:8.3f} {r['bytes'] / 1024:8.0f} "
            f"{r['ratio']:8.1f} {r['cpu_ratio']:11.1f}"
        )


if __name__ == "__main__":
    main()
