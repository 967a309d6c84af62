"""Bad input: every error code, exact Persian messages, and the contract that nothing but
MinutesParseError ever leaves the parser (property tests over arbitrary text and bytes)."""

from __future__ import annotations

import contextlib
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mp_helpers import SAMPLE_000

from qarargah.minutes_parser import MAX_FILE_BYTES, MinutesParseError, parse_bytes, parse_file, parse_text


def _code(fn, *args) -> str:
    with pytest.raises(MinutesParseError) as info:
        fn(*args)
    assert info.value.message  # always a Persian message for the user
    return info.value.code


@pytest.mark.parametrize("data", [b"", b"   \n\t  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n"])
def test_empty(data):
    assert _code(parse_bytes, data, "x.txt") == "empty"


def test_empty_text():
    assert _code(parse_text, "  \n\u200c ") == "empty"


def test_binary():
    assert _code(parse_bytes, bytes(range(256)) * 20, "x.txt") == "binary"
    assert _code(parse_bytes, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "scan.png") == "binary"


def test_encoding():
    latin1 = ("café naïve résumé déjà vu " * 20).encode("latin-1")
    assert _code(parse_bytes, latin1, "x.txt") == "encoding"


def test_pdf_message_is_precise():
    with pytest.raises(MinutesParseError) as info:
        parse_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "minutes.pdf")
    assert info.value.code == "pdf"
    assert info.value.message == (
        "فایل PDF هنوز پشتیبانی نمی‌شود؛ لطفاً آن را در Word به قالب .docx ذخیره و دوباره بارگذاری کنید."
    )


def test_too_large(tmp_path):
    assert _code(parse_bytes, b"a" * (MAX_FILE_BYTES + 1), "x.txt") == "too_large"
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    assert _code(parse_file, big) == "too_large"


def test_corrupt_docx():
    assert _code(parse_bytes, b"PK\x03\x04 this is not a zip", "x.docx") == "corrupt_docx"
    assert _code(parse_bytes, b"plain text named as docx", "x.docx") == "corrupt_docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "no document part")
    assert _code(parse_bytes, buf.getvalue(), "x.docx") == "corrupt_docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document><broken")
    assert _code(parse_bytes, buf.getvalue(), "x.docx") == "corrupt_docx"


def test_not_minutes():
    assert _code(parse_text, "سلام، این یک متن معمولی درباره آب و هوای امروز است.") == "not_minutes"
    assert _code(parse_bytes, b"hello world, just a shopping list: milk, eggs", "x.txt") == "not_minutes"


def test_unsupported_old_word_file():
    with pytest.raises(MinutesParseError) as info:
        parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "minutes.doc")
    assert info.value.code == "unsupported"
    assert ".docx" in info.value.message


def test_missing_file(tmp_path):
    assert _code(parse_file, tmp_path / "nope.txt") == "unsupported"


_FRAGMENTS = [
    "\t", "\n", "|", " | ", "---", "**", ":", "،", ".", " ", "۱", "۲", "۱۰", "-", ")", "(", "/",
    "۱۴۰۱/۰۱/۲۴", "1401/13/40", "ساعت ۱۴/۳۰", "ردیف", "مصوبات", "اقدام کننده", "زمان اقدام", "مهلت",
    "تاریخ:", "تاریخ جلسه:", "شماره:", "پیوست:", "رئیس:", "دبیر جلسه:", "موضوع:", "دستور کار:",
    "سومین صورتجلسه", "جلسه شماره ۷", "نشست مشترک", "قرارگاه اجتماعی", "شورای", "کارگروه", "و", " و ",
    "آقای", "جناب آقای دکتر", "استاندار محترم", "اداره کل", "فرمانداری", "یک هفته", "هفته جاری",
    "اسرع وقت", "مقرر گردید:", "برگزار شد", "الف)", "ب-", "❖", "➤", "ي", "ك", "\u200c", "\r",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_parse_text_raises_only_minutes_parse_error(text):
    with contextlib.suppress(MinutesParseError):
        parse_text(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=80).map("".join))
def test_parse_text_on_minutes_like_noise(text):
    with contextlib.suppress(MinutesParseError):
        parse_text(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(), st.sampled_from(["x.txt", "x.docx", "x.md", "x.pdf", ""]))
def test_parse_bytes_raises_only_minutes_parse_error(data, name):
    with contextlib.suppress(MinutesParseError):
        parse_bytes(data, name)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=4000), st.binary(min_size=1, max_size=64))
def test_damaged_sample_bytes_raise_only_minutes_parse_error(offset, junk):
    data = bytearray(SAMPLE_000.read_bytes())
    offset = min(offset, len(data))
    data[offset : offset + len(junk)] = junk
    with contextlib.suppress(MinutesParseError):
        parse_bytes(bytes(data), "x.txt")
