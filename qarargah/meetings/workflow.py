"""The meeting life cycle as pure transitions and guards (decision 0029).

draft ──circulate──▶ circulated ──sign (secretary and chair)──▶ signed ──lock──▶ locked
(imported minutes enter as locked, marked imported)

Each function takes plain values and returns the next status or raises :class:`TransitionError`
with the Persian reason; the services lock the row, ask here, then write. Nothing in this module
reads or writes the database, so the rules are tested without one.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection

from qarargah.persian import format_jalali

from .models import MeetingStatus, SignatureRole


class TransitionError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


NOT_A_DRAFT = (
    "این جلسه دیگر پیش‌نویس نیست و تغییر برنامه آن ممکن نیست؛ صورتجلسه قفل‌شده فقط با اصلاحیه تغییر می‌کند."
)
LOCKED_NO_DELETE = "صورتجلسه امضاشده را نمی‌توان حذف کرد؛ برای اصلاح آن اصلاحیه ثبت کنید."
ONLY_DRAFT_DELETED = "فقط جلسه‌ای که هنوز پیش‌نویس است حذف می‌شود؛ این جلسه در گردش برای نظر است."
NOT_RECORDABLE = "صورتجلسه در گردش یا امضاشده است و متن آن دیگر از این صفحه تغییر نمی‌کند."


def future_meeting_message(date: datetime.date) -> str:
    return (
        f"تاریخ جلسه ({format_jalali(date)}) هنوز نرسیده است؛ صورتجلسه جلسه‌ای که برگزار نشده "
        "به گردش نمی‌رود و امضا نمی‌شود."
    )


def can_edit_schedule(status: str) -> None:
    if status != MeetingStatus.DRAFT:
        raise TransitionError(NOT_A_DRAFT, "not_draft")


def can_record(status: str) -> None:
    if status != MeetingStatus.DRAFT:
        raise TransitionError(NOT_RECORDABLE, "not_draft")


def can_delete(status: str) -> None:
    if status in (MeetingStatus.SIGNED, MeetingStatus.LOCKED):
        raise TransitionError(LOCKED_NO_DELETE, "locked")
    if status != MeetingStatus.DRAFT:
        raise TransitionError(ONLY_DRAFT_DELETED, "not_draft")


def circulate(
    status: str, *, meeting_date: datetime.date, deadline: datetime.datetime, now: datetime.datetime
) -> str:
    """draft → circulated, until a comment deadline in the future, for a meeting already held."""
    if status != MeetingStatus.DRAFT:
        raise TransitionError("فقط پیش‌نویس صورتجلسه به گردش فرستاده می‌شود.", "not_draft")
    if meeting_date > now.date():
        raise TransitionError(future_meeting_message(meeting_date), "future_date")
    if deadline <= now:
        raise TransitionError(
            "مهلت نظر باید در آینده باشد؛ روز و ساعتی پس از اکنون انتخاب کنید.", "deadline_past"
        )
    return MeetingStatus.CIRCULATED


def can_comment(status: str, *, deadline: datetime.datetime | None, now: datetime.datetime) -> None:
    if status != MeetingStatus.CIRCULATED:
        raise TransitionError("این صورتجلسه در گردش برای نظر نیست و نظر تازه نمی‌پذیرد.", "not_circulated")
    if deadline is not None and now > deadline:
        raise TransitionError("مهلت نظر دادن بر این صورتجلسه گذشته است.", "deadline_over")


def sign(
    status: str,
    *,
    role: str,
    signed_roles: Collection[str],
    meeting_date: datetime.date,
    today: datetime.date,
) -> str:
    """One signature on circulated minutes: the status after it (signed once both are in)."""
    if status in (MeetingStatus.SIGNED, MeetingStatus.LOCKED):
        raise TransitionError("این صورتجلسه پیش‌تر امضا و قفل شده است.", "already_signed")
    if status != MeetingStatus.CIRCULATED:
        raise TransitionError(
            "صورتجلسه پیش از امضا باید برای نظر اعضا به گردش فرستاده شود.", "not_circulated"
        )
    if meeting_date > today:
        raise TransitionError(future_meeting_message(meeting_date), "future_date")
    if role in signed_roles:
        label = SignatureRole(role).label
        raise TransitionError(f"این صورتجلسه را پیش‌تر به عنوان {label} امضا کرده‌اید.", "signed_twice")
    if {*signed_roles, role} >= {SignatureRole.SECRETARY, SignatureRole.CHAIR}:
        return MeetingStatus.SIGNED
    return MeetingStatus.CIRCULATED


def lock(status: str) -> str:
    if status != MeetingStatus.SIGNED:
        raise TransitionError("فقط صورتجلسه امضاشده قفل می‌شود.", "not_signed")
    return MeetingStatus.LOCKED


def can_amend(status: str) -> None:
    if status != MeetingStatus.LOCKED:
        raise TransitionError(
            "اصلاحیه فقط برای صورتجلسه امضا و قفل‌شده ثبت می‌شود؛ پیش‌نویس را مستقیم ویرایش کنید.", "not_locked"
        )


def roles_of(user_id: int | None, *, secretary_id: int | None, chair_id: int | None) -> list[str]:
    """As whom ``user_id`` may sign (both, when one person is secretary and chair)."""
    roles = []
    if user_id is not None and user_id == secretary_id:
        roles.append(SignatureRole.SECRETARY)
    if user_id is not None and user_id == chair_id:
        roles.append(SignatureRole.CHAIR)
    return roles
