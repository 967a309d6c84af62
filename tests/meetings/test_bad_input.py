"""Bad files: exact Persian reasons, nothing saved; other encodings and Word files still import."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.oxml import OxmlElement

from qarargah.core.errors import ServiceError
from qarargah.meetings.models import Meeting, MinutesDocument
from qarargah.minutes_parser import MAX_FILE_BYTES
from qarargah.organisations.models import Agency
from qarargah.resolutions.models import Resolution
from tests.meetings.samples import SAMPLE_002

pytestmark = pytest.mark.django_db

MESSAGES = {
    "empty": "فایل بارگذاری‌شده خالی است؛ لطفاً فایل صورتجلسه را دوباره انتخاب کنید.",
    "binary": "این فایل متنی یا Word نیست و قابل خواندن نیست؛ لطفاً صورتجلسه را به قالب .docx یا .txt بارگذاری کنید.",
    "pdf": "فایل PDF هنوز پشتیبانی نمی‌شود؛ لطفاً آن را در Word به قالب .docx ذخیره و دوباره بارگذاری کنید.",
    "too_large": "حجم فایل بیش از ۱۰ مگابایت است؛ لطفاً تصاویر را از صورتجلسه حذف یا فشرده کنید و دوباره بارگذاری کنید.",
    "corrupt_docx": "فایل Word آسیب دیده است یا قالب .docx ندارد؛ لطفاً آن را در Word باز کرده، دوباره با قالب .docx ذخیره و بارگذاری کنید.",
    "not_minutes": "در این فایل نشانه‌ای از صورتجلسه (عنوان، تاریخ جلسه یا جدول مصوبات) پیدا نشد؛ لطفاً فایل درست را بارگذاری کنید.",
}

BAD_FILES = {
    "empty": ("empty.txt", b""),
    "binary": ("scan.txt", bytes(range(256)) * 40),
    "pdf": ("minutes.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
    "too_large": ("huge.txt", b"a" * (MAX_FILE_BYTES + 1)),
    "corrupt_docx": ("broken.docx", b"PK\x03\x04 not really a zip archive"),
    "not_minutes": ("note.txt", "سلام، این یک متن معمولی درباره آب و هوای امروز است.".encode()),
}


def _rows() -> tuple[int, ...]:
    return (
        Meeting.objects.count(),
        Resolution.objects.count(),
        MinutesDocument.objects.count(),
        Agency.objects.count(),
    )


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_gets_its_persian_reason_and_nothing_is_saved(import_file, people, case, media_root):
    name, data = BAD_FILES[case]
    before = _rows()
    with pytest.raises(ServiceError) as info:
        import_file(data=data, name=name, actor=people.secretariat)
    assert info.value.code == case
    assert info.value.message == MESSAGES[case]
    assert _rows() == before
    assert not (media_root / "minutes").exists()


def test_a_docx_that_is_a_zip_without_a_document_is_corrupt(import_file, people):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "no document part")
    with pytest.raises(ServiceError) as info:
        import_file(data=buf.getvalue(), name="x.docx", actor=people.secretariat)
    assert info.value.message == MESSAGES["corrupt_docx"]


@pytest.mark.parametrize("encoding", ["utf-16", "cp1256"])
def test_utf16_and_windows_1256_text_import(import_file, people, encoding):
    text = SAMPLE_002.read_text(encoding="utf-8")
    if encoding == "cp1256":
        # What an old Windows editor saves: Arabic yeh and Latin digits (cp1256 has no «ی» or «۱»).
        text = text.replace("ی", "ي").translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    data = text.encode(encoding)
    result = import_file(data=data, name=f"minutes-{encoding}.txt", actor=people.secretariat)
    assert result.outcome == "created"
    assert result.meeting.number == 12
    assert result.meeting.resolutions.count() == 6
    assert result.meeting.resolutions.get(number=4).assignments.get().agency.name == "فرمانداری طالقان"


def _docx_of(path) -> bytes:
    """The sample as a Word file: paragraphs, and its tab-separated rows as right-to-left tables."""
    doc = Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
            rows.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            rows.append(line.split("\t"))
        else:
            flush()
            doc.add_paragraph(line.replace("**", ""))
    flush()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_word_file_imports_like_its_text(import_file, people):
    result = import_file(data=_docx_of(SAMPLE_002), name="minutes.docx", actor=people.secretariat)
    meeting = result.meeting
    assert (meeting.number, meeting.body.name) == (12, "قرارگاه اجتماعی استان")
    assert meeting.resolutions.count() == 6
    names = set(meeting.resolutions.get(number=6).assignments.values_list("agency__name", flat=True))
    assert names == {"اداره کل ورزش و جوانان", "اداره کل آموزش و پرورش"}
