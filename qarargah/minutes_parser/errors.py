"""The one exception the minutes parser raises, with a machine code and a Persian message.

The web layer shows ``message`` to the secretariat user as is, so every message says what was
wrong with *their file* and what to do about it; ``code`` is for logs, tests and the API.
"""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES", "MinutesParseError"]

#: Default user-facing message per error code.
MESSAGES: Final[dict[str, str]] = {
    "empty": "فایل بارگذاری‌شده خالی است؛ لطفاً فایل صورتجلسه را دوباره انتخاب کنید.",
    "binary": "این فایل متنی یا Word نیست و قابل خواندن نیست؛ لطفاً صورتجلسه را به قالب .docx یا .txt بارگذاری کنید.",
    "encoding": "رمزگذاری متن این فایل شناخته نشد؛ لطفاً آن را در Word یا ویرایشگر متن با رمزگذاری UTF-8 ذخیره و دوباره بارگذاری کنید.",
    "pdf": "فایل PDF هنوز پشتیبانی نمی‌شود؛ لطفاً آن را در Word به قالب .docx ذخیره و دوباره بارگذاری کنید.",
    "too_large": "حجم فایل بیش از ۱۰ مگابایت است؛ لطفاً تصاویر را از صورتجلسه حذف یا فشرده کنید و دوباره بارگذاری کنید.",
    "corrupt_docx": "فایل Word آسیب دیده است یا قالب .docx ندارد؛ لطفاً آن را در Word باز کرده، دوباره با قالب .docx ذخیره و بارگذاری کنید.",
    "not_minutes": "در این فایل نشانه‌ای از صورتجلسه (عنوان، تاریخ جلسه یا جدول مصوبات) پیدا نشد؛ لطفاً فایل درست را بارگذاری کنید.",
    "unsupported": "قالب این فایل پشتیبانی نمی‌شود؛ لطفاً صورتجلسه را به قالب .docx یا .txt بارگذاری کنید.",
}


class MinutesParseError(Exception):
    """A file could not be read as minutes.

    ``code`` is one of the keys of :data:`MESSAGES`; ``message`` is the Persian text for the
    user (a more precise one than the default when the caller knows more).
    """

    def __init__(self, code: str, message: str | None = None) -> None:
        if code not in MESSAGES:  # a programming error, but never let it escape as another type
            code = "unsupported"
        self.code: str = code
        self.message: str = message or MESSAGES[code]
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"MinutesParseError(code={self.code!r}, message={self.message!r})"
