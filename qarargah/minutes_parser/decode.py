"""Bytes → text for .txt/.md uploads, and the format sniffing that turns bad input into
precise :class:`MinutesParseError` codes.

Secretariats save minutes from Word as "Unicode text" (UTF-16 with a BOM), "UTF-8" (with or
without BOM) or the old Windows "Arabic" code page (Windows-1256); we try them in that order of
certainty and refuse anything else with a message that says how to re-save the file.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

from qarargah.minutes_parser.errors import MinutesParseError

__all__ = ["decode_text", "sniff_kind"]

# Letters of the Arabic script (both the base block and the presentation forms).
_ARABIC_RE: Final = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefe]")
_CONTROL_RE: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# Magic numbers of formats people upload by mistake, with a precise message for each.
_UNSUPPORTED_MAGIC: Final[tuple[tuple[bytes, str], ...]] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "فایل‌های Word قدیمی (.doc) پشتیبانی نمی‌شوند؛ لطفاً آن را در Word با قالب .docx ذخیره و دوباره بارگذاری کنید.",
    ),
    (
        b"{\\rtf",
        "قالب RTF پشتیبانی نمی‌شود؛ لطفاً آن را در Word با قالب .docx ذخیره و دوباره بارگذاری کنید.",
    ),
)
_BINARY_MAGIC: Final[tuple[bytes, ...]] = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",
    b"MZ",
    b"\x7fELF",
)


def sniff_kind(data: bytes, filename: str) -> str:
    """ "docx" or "text"; raises for PDF, old Word, RTF and images."""
    head = data[:8].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF") or data[:1024].lstrip().startswith(b"%PDF"):
        raise MinutesParseError("pdf")
    for magic, message in _UNSUPPORTED_MAGIC:
        if data.startswith(magic):
            raise MinutesParseError("unsupported", message)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "docx"
    if filename.lower().endswith((".docx", ".docm", ".dotx")):
        # Named .docx but not a zip at all: a renamed file or a broken download.
        raise MinutesParseError("corrupt_docx")
    for magic in _BINARY_MAGIC:
        if data.startswith(magic):
            raise MinutesParseError("binary")
    return "text"


def _plausible(text: str) -> bool:
    """Decoded text that a person could have written: few control characters."""
    if not text or _CONTROL_RE.search(text) is None:
        return True
    controls = len(_CONTROL_RE.findall(text))
    return controls <= max(2, len(text) // 200)


def _utf16_guess(data: bytes) -> str | None:
    """BOM-less UTF-16: Persian text in UTF-16 has a NUL (LE: odd bytes) every other ASCII
    character and the 0x06 high byte of the Arabic block, so zero/0x06 dominate one parity."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    if b"\x00" not in sample:
        return None  # UTF-16 of any text with spaces or digits has NUL bytes
    even, odd = sample[0::2], sample[1::2]
    for enc, high in (("utf-16-le", odd), ("utf-16-be", even)):
        hits = high.count(0) + high.count(6) + high.count(0x20)
        if hits >= 0.9 * len(high):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def decode_text(data: bytes) -> str:
    """Decode an uploaded text file, or raise "binary" / "encoding"."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise MinutesParseError("encoding") from exc
            if not _plausible(text):
                raise MinutesParseError("binary")
            return text
    guessed = _utf16_guess(data)
    if guessed is not None and _plausible(guessed):
        return guessed
    nul_ratio = data.count(0) / len(data) if data else 0.0
    if nul_ratio > 0.01:
        raise MinutesParseError("binary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    else:
        if not _plausible(text):
            raise MinutesParseError("binary")
        return text
    # Not UTF-8.  Windows-1256 decodes every byte, so only accept it when the result reads as
    # Persian: high bytes that become Arabic-script letters, not accented Latin noise.
    cp = data.decode("cp1256", errors="replace")
    high = sum(1 for b in data if b >= 0x80)
    arabic = len(_ARABIC_RE.findall(cp))
    if high and arabic >= 0.6 * high and _plausible(cp):
        return cp
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:  # the detector is a heuristic helper; its failure is not the user's
        best = None
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and _plausible(text) and _ARABIC_RE.search(text):
            return text
    if not _plausible(cp):
        raise MinutesParseError("binary")
    raise MinutesParseError("encoding")
