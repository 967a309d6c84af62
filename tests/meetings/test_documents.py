"""The minutes as Word and PDF: right to left throughout, the same meeting when read back by the
minutes importer's parser, the resolution texts in logical order in the PDF, and issued once per
content so their SHA-256 stays what the verify page says."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from lxml import etree

from qarargah.meetings import documents
from qarargah.meetings.models import DocumentTemplate, IssuedDocument, Meeting
from qarargah.minutes_parser import parse_bytes, parse_file
from qarargah.persian import normalise, to_latin_digits
from tests.meetings.documents_world import demo_meetings, generated_meeting
from tests.meetings.samples import MINUTES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DEMO_FILES = {
    # meeting title → the demo file it was imported from
    "سومین صورتجلسه قرارگاه اجتماعی استان": "alborz-hq-1401-03.txt",
    "دوازدهمین صورتجلسه قرارگاه اجتماعی استان": "alborz-hq-1401-12.txt",
}
JOINT_FILE = "markazi-joint-1402-12.txt"

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> list[Meeting]:
    return demo_meetings()


@pytest.fixture
def generated() -> Meeting:
    return generated_meeting()


def _parts(content: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name)
        }


# --- Right to left in Word ---------------------------------------------------------------------------


def test_every_paragraph_table_and_run_of_the_word_minutes_is_right_to_left(demo):
    content = documents.build_document(demo[0], kind="minutes", fmt="docx").content
    parts = _parts(content)
    assert {"word/document.xml", "word/footer1.xml"} <= set(parts)
    paragraphs = [p for root in parts.values() for p in root.iter(f"{W}p")]
    assert len(paragraphs) > 30
    assert all(p.find(f"{W}pPr/{W}bidi") is not None for p in paragraphs)
    tables = list(parts["word/document.xml"].iter(f"{W}tbl"))
    assert len(tables) == 3  # header, resolutions, signatures
    assert all(t.find(f"{W}tblPr/{W}bidiVisual") is not None for t in tables)
    runs = [r for root in parts.values() for r in root.iter(f"{W}r") if "".join(r.itertext()).strip()]
    for run in runs:
        fonts = run.find(f"{W}rPr/{W}rFonts")
        assert fonts is not None and fonts.get(f"{W}cs") == documents_font()
        assert run.find(f"{W}rPr/{W}rtl") is not None
        if run.find(f"{W}rPr/{W}b") is not None:
            assert run.find(f"{W}rPr/{W}bCs") is not None
    # The speakers' names are bold, with complex-script bold.
    bold_text = "".join("".join(r.itertext()) for r in runs if r.find(f"{W}rPr/{W}bCs") is not None)
    assert "کاظمینی" in bold_text
    # The section itself is right to left, and pages are numbered «صفحه N از M» in Persian digits.
    assert parts["word/document.xml"].find(f"{W}body/{W}sectPr/{W}bidi") is not None
    footer = parts["word/footer1.xml"]
    instructions = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert instructions == ["PAGE \\* HINDIARABIC", "NUMPAGES \\* HINDIARABIC"]
    assert "صفحه" in "".join(footer.itertext()) and " از " in "".join(footer.itertext())


def documents_font() -> str:
    from qarargah.meetings.document_templates.build_default import COMPLEX_SCRIPT_FONT

    return COMPLEX_SCRIPT_FONT


def test_the_shipped_templates_are_what_their_script_builds(tmp_path):
    """The committed .docx files are the script's output: no hand edit the script would lose."""
    from qarargah.meetings.document_templates import build_default

    for name, build in (("minutes.docx", build_default.build_minutes), ("invitation.docx", build_default.build_invitation)):  # fmt: skip
        build().save(tmp_path / name)
        shipped = zipfile.ZipFile(build_default.HERE / name)
        rebuilt = zipfile.ZipFile(tmp_path / name)
        for part in ("word/document.xml", "word/footer1.xml", "word/styles.xml"):
            assert shipped.read(part) == rebuilt.read(part), f"{name}:{part} differs; rerun build_default"


# --- Round trip: export, then read back with the importer's parser ------------------------------------


def _same_meeting(meeting: Meeting, content: bytes) -> list:
    """The parsed document compared with the meeting on the fields the issue names."""
    parsed = parse_bytes(content, "minutes.docx")
    assert parsed.number == meeting.number
    assert parsed.date == meeting.date
    assert parsed.time == meeting.time
    assert normalise(parsed.place or "") == normalise(meeting.place)
    assert to_latin_digits(parsed.invitation.number or "") == to_latin_digits(meeting.invitation_number)
    assert parsed.invitation.date == meeting.invitation_date
    assert len(parsed.agenda) == meeting.agenda_items.count()
    resolutions = list(meeting.resolutions.order_by("number"))
    assert [(p.number, normalise(p.text)) for p in parsed.resolutions] == [
        (r.number, normalise(r.text)) for r in resolutions
    ]
    assert [(p.deadline.raw or "", str(p.deadline.kind)) for p in parsed.resolutions] == [
        (r.deadline_raw, r.deadline_kind) for r in resolutions
    ]
    return list(parsed.resolutions)


def test_the_demo_minutes_read_back_as_the_same_meetings(demo):
    assert len(demo) == 3
    for meeting in demo:
        content = documents.build_document(meeting, kind="minutes", fmt="docx").content
        parsed = _same_meeting(meeting, content)
        # The agencies as the original file named them: the same the importer read from it.
        source = MINUTES / DEMO_FILES.get(meeting.title, JOINT_FILE)
        original = parse_file(source)
        assert [p.assignees for p in parsed] == [o.assignees for o in original.resolutions]
        assert [p.deadline.due_date for p in parsed] == [o.deadline.due_date for o in original.resolutions]


def test_a_meeting_typed_in_reads_back_with_its_agencies_and_deadlines(generated):
    assert generated.resolutions.count() == 6
    content = documents.build_document(generated, kind="minutes", fmt="docx").content
    parsed = _same_meeting(generated, content)
    for p, resolution in zip(parsed, generated.resolutions.order_by("number"), strict=True):
        names = {a.agency.name for a in resolution.assignments.select_related("agency")}
        assert {normalise(n) for n in p.assignees} == {normalise(n) for n in names}
        if resolution.deadline_kind == "relative":  # «۱۰ روز», «یک هفته»: counted from the meeting
            assert p.deadline.due_date == resolution.due_date


def test_text_a_person_typed_stays_text_in_the_word_file(generated):
    """«<», «&» and a docxtpl-looking «{{ }}» in a resolution are printed as typed."""
    resolution = generated.resolutions.order_by("number").first()
    resolution.text = "مقرر گردید: بودجه < ۱۰ و {{ title }} & {%p if %} بررسی شود."
    resolution.save(update_fields=["text"])
    content = documents.build_document(generated, kind="minutes", fmt="docx").content
    parsed = parse_bytes(content, "minutes.docx")
    assert "بودجه < ۱۰ و {{ title }} & {%p if %} بررسی شود" in parsed.resolutions[0].text


# --- PDF ------------------------------------------------------------------------------------------------

# pdftotext wraps right-to-left runs in embedding controls and may put a neutral («:», a space)
# on the wrong side of its neighbour, and it writes a lam-alef ligature glyph («لا») in the
# glyph's visual order («ال»): artefacts of extraction, not of the PDF. So the comparison is on
# the letters and digits only, in order, which is exactly what «logical order» is about.
_NOT_LETTERS = re.compile(r"[^\w]|_")


def _comparable(text: str) -> str:
    return _NOT_LETTERS.sub("", normalise(text)).replace("لا", "ال")


def test_the_pdf_has_the_resolutions_in_logical_order_and_a_page_kept_for_a_person(demo, tmp_path):
    meeting = demo[0]
    built = documents.build_document(meeting, kind="minutes", fmt="pdf")
    assert built.content.startswith(b"%PDF")
    path = tmp_path / "minutes.pdf"
    path.write_bytes(built.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    flat = _comparable(text)
    positions = []
    for resolution in meeting.resolutions.order_by("number"):
        # Each cell wraps over lines; its first words are one line, in reading (logical) order.
        words = _comparable(" ".join(resolution.text.split()[:5]))
        assert words in flat, words
        assert words[::-1] not in flat
        positions.append(flat.index(words))
    assert positions == sorted(positions)
    assert _comparable("موضوع: " + meeting.title) in flat
    assert "صفحه۱از۲" in flat
    assert built.issued is not None and _comparable(built.issued.code) in flat
    # One page as an image under var/ for a person to look at (not compared by the test).
    out = settings.VAR_DIR / "documents"
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path), str(out / "minutes-page-1")], check=True)  # fmt: skip
    assert (out / "minutes-page-1.png").stat().st_size > 10_000


def test_the_pdf_embeds_vazirmatn_and_no_other_font(demo, tmp_path):
    path = tmp_path / "invitation.pdf"
    path.write_bytes(documents.build_document(demo[0], kind="invitation", fmt="pdf").content)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        assert row[0].split("+")[-1].startswith("Vazirmatn"), row
        # pdffonts columns: name, type…, encoding, emb, sub, uni, object id
        assert row[-5] == "yes", row  # embedded


# --- Issuing: a code per content, the same bytes again ------------------------------------------------


def test_a_signed_meeting_is_issued_once_per_content_with_the_same_bytes(demo):
    meeting = demo[0]
    first = documents.build_document(meeting, kind="minutes", fmt="docx")
    again = documents.build_document(meeting, kind="minutes", fmt="docx")
    assert first.issued is not None and first.issued.pk == again.issued.pk
    assert first.content == again.content
    assert first.issued.sha256 == first.sha256
    assert first.issued.code.encode() not in first.content  # inside the zip, compressed
    footer = "".join(_parts(first.content)["word/footer1.xml"].itertext())
    assert documents.Verification(first.issued.code, "").display_code in footer
    assert f"/verify/{first.issued.code}/" in footer

    # A corrected resolution is new content: a new code, and the old one stays on record.
    resolution = meeting.resolutions.order_by("number").first()
    resolution.text += " (اصلاح شد)"
    resolution.save(update_fields=["text"])
    corrected = documents.build_document(meeting, kind="minutes", fmt="docx")
    assert corrected.issued.code != first.issued.code
    assert corrected.sha256 != first.sha256
    assert IssuedDocument.objects.filter(meeting=meeting, kind="minutes", format="docx").count() == 2


def test_a_meeting_typed_in_and_not_signed_gets_a_draft_without_a_code(generated):
    assert not documents.signing_state(generated).signed
    built = documents.build_document(generated, kind="minutes", fmt="docx")
    assert built.issued is None
    assert not IssuedDocument.objects.exists()
    footer = "".join(_parts(built.content)["word/footer1.xml"].itertext())
    assert documents.DRAFT_NOTICE in footer
    assert "کد تصدیق:" not in footer and "/verify/" not in footer


# --- A body's own template --------------------------------------------------------------------------


def _template_with(old: bytes, replace: tuple[bytes, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(old))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(*replace)
            dst.writestr(item, data)
    return out.getvalue()


def test_a_body_template_replaces_the_default_and_bad_ones_are_refused(demo):
    from django.core.files.base import ContentFile

    meeting = demo[0]
    default = documents.default_template("minutes")
    own = _template_with(default, (b"{{ letterhead }}", "استانداری البرز — {{ letterhead }}".encode()))
    documents.validate_template(own)
    DocumentTemplate.objects.create(body=meeting.body, kind="minutes", file=ContentFile(own, name="t.docx"))
    parsed = parse_bytes(documents.build_document(meeting, kind="minutes", fmt="docx").content, "m.docx")
    assert "استانداری البرز" in parsed.source_text

    def refusal(content: bytes) -> str:
        with pytest.raises(ValidationError) as refused:
            documents.validate_template(content)
        return refused.value.messages[0]

    assert refusal(b"%PDF-1.7 not a docx") == "این فایل، سند Word (docx) نیست."
    broken = _template_with(default, (b"{{ letterhead }}", b"{{ letterhead "))
    assert refusal(broken).startswith("قالب را نمی‌توان با داده‌های یک جلسه پر کرد")
    assert refusal(b"PK" + b"\0" * documents.MAX_TEMPLATE_BYTES) == "فایل قالب بزرگ‌تر از ۵ مگابایت است."


def test_recorded_attendance_is_printed_after_the_resolutions_and_reads_back_unchanged(generated):
    """Attendance comes from the life cycle; given it, the block prints and the importer still
    reads the same meeting (the attendees are not taken for resolutions or agencies)."""
    attendance = ["۱- مریم احمدی، مدیرکل امور اجتماعی و فرهنگی — حاضر", "۲- رضا کریمی، فرماندار کرج — غایب"]
    data = documents.minutes_data(generated, attendance=attendance)
    content = documents.render_docx("minutes", data)
    text = "".join(_parts(content)["word/document.xml"].itertext())
    assert "حاضران جلسه:" in text and attendance[1] in text
    assert text.index("حاضران جلسه:") > text.index(data["resolutions"][-1]["text"])
    _same_meeting(generated, content)
    assert "حاضران جلسه:" not in "".join(
        _parts(documents.render_docx("minutes", documents.minutes_data(generated)))[
            "word/document.xml"
        ].itertext()
    )


def test_the_invitation_calls_the_meeting_with_its_date_place_and_agenda(demo):
    meeting = demo[0]
    data = documents.invitation_data(meeting)
    assert data["title"] == "سومین جلسه قرارگاه اجتماعی استان"
    assert "روز چهارشنبه مورخ ۱۴۰۱/۰۱/۲۴ ساعت ۱۴:۳۰ در سالن جلسات شهدای دولت" in data["invitation_text"]
    text = "".join(_parts(documents.render_docx("invitation", data))["word/document.xml"].itertext())
    assert "شماره: ۲۱/۲۵/۲۷۴۱" in text and "تاریخ: ۱۴۰۱/۰۱/۲۲" in text
    assert "دعوتنامه سومین جلسه قرارگاه اجتماعی استان" in text
    assert all(item in text for item in data["agenda"]) and len(data["agenda"]) == 6
