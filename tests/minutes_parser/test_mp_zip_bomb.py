"""A .docx is a zip: every member we inflate is bounded before and while it is read.

A 2 MB upload whose word/numbering.xml inflated to gigabytes once took 4.3 GB of memory and 23 s.
These tests build such bombs (and one whose header lies about its size) and require a refusal
with the Persian «too large» message, while tracemalloc shows that nothing near the inflated size
was ever held.
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import pytest

from qarargah.minutes_parser import MinutesParseError, parse_bytes

DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>\xd8\xb5\xd9\x88\xd8\xb1\xd8\xaa\xd8\xac\xd9\x84\xd8\xb3\xd9\x87</w:t></w:r></w:p>"
    b"</w:body></w:document>"
)


def _docx(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _refused(data: bytes) -> tuple[MinutesParseError, int]:
    tracemalloc.start()
    try:
        with pytest.raises(MinutesParseError) as info:
            parse_bytes(data, "bomb.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return info.value, peak


def test_numbering_bomb_is_refused_from_its_declared_size():
    bomb = _docx({"word/document.xml": DOCUMENT, "word/numbering.xml": b"\0" * (40 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # a small upload ...
    error, peak = _refused(bomb)
    assert error.code == "too_large"
    assert "پس از باز شدن بیش از اندازهٔ مجاز" in error.message
    assert peak < 16 * 1024 * 1024  # ... that is never inflated


def test_document_bomb_is_refused_from_its_declared_size():
    bomb = _docx({"word/document.xml": b"<" + b" " * (100 * 1024 * 1024)})
    error, peak = _refused(bomb)
    assert error.code == "too_large"
    assert peak < 16 * 1024 * 1024


def _lie_about_size(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size of ``name`` in the central directory, which readers trust."""
    out = bytearray(data)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", out, central + 24, size)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def test_a_member_whose_header_lies_is_cut_off_while_reading():
    honest = _docx({"word/document.xml": DOCUMENT, "word/numbering.xml": b"\0" * (40 * 1024 * 1024)})
    lying = _lie_about_size(honest, b"word/numbering.xml", 1000)
    error, peak = _refused(lying)
    # Either the cap or the archive's own check stops it; both are a clear message, not a crash.
    assert error.code in {"too_large", "corrupt_docx"}
    # Bounded by the member's cap (8 MB, held briefly twice while cut), not by the 40 MB inside.
    assert peak < 24 * 1024 * 1024


def test_too_many_members_are_refused():
    members = {"word/document.xml": DOCUMENT} | {f"word/media/{i}.bin": b"" for i in range(5001)}
    error, _ = _refused(_docx(members))
    assert error.code == "too_large"


def test_an_ordinary_docx_with_numbering_still_reads():
    numbering = b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    parsed = parse_bytes(_docx({"word/document.xml": DOCUMENT, "word/numbering.xml": numbering}), "x.docx")
    assert parsed is not None
