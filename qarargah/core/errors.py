"""Errors services raise; the web and API layers turn them into messages and status codes."""

from __future__ import annotations


class ServiceError(Exception):
    """A business rule refused the request; ``message`` is written for the user, in Persian."""

    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class ConcurrentEditError(ServiceError):
    """Someone else saved the same object after this user opened it."""

    code = "conflict"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "این مورد پس از باز شدن فرم شما توسط کاربر دیگری تغییر کرده است. "
            "تغییرات شما ذخیره نشد ولی متن آن در فرم باقی است؛ نسخه جدید را ببینید و دوباره ثبت کنید."
        )
