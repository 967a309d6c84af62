"""The meeting state machine alone (meetings.workflow): pure transitions and guards."""

from __future__ import annotations

import datetime

import pytest

from qarargah.meetings import workflow
from qarargah.meetings.models import MeetingStatus, SignatureRole

TODAY = datetime.date(2026, 12, 6)
NOW = datetime.datetime(2026, 12, 6, 10, 0)


def test_a_draft_circulates_until_a_future_deadline():
    assert (
        workflow.circulate("draft", meeting_date=TODAY, deadline=NOW + datetime.timedelta(hours=1), now=NOW)
        == MeetingStatus.CIRCULATED
    )


def test_a_meeting_not_yet_held_is_not_circulated_nor_signed():
    tomorrow = TODAY + datetime.timedelta(days=1)
    with pytest.raises(workflow.TransitionError) as caught:
        workflow.circulate("draft", meeting_date=tomorrow, deadline=NOW + datetime.timedelta(days=3), now=NOW)
    assert caught.value.code == "future_date"
    assert "هنوز نرسیده است" in caught.value.message
    with pytest.raises(workflow.TransitionError):
        workflow.sign("circulated", role="chair", signed_roles=[], meeting_date=tomorrow, today=TODAY)


def test_a_past_comment_deadline_is_refused():
    with pytest.raises(workflow.TransitionError) as caught:
        workflow.circulate("draft", meeting_date=TODAY, deadline=NOW, now=NOW)
    assert caught.value.message == "مهلت نظر باید در آینده باشد؛ روز و ساعتی پس از اکنون انتخاب کنید."


def test_signed_only_when_secretary_and_chair_both_signed_then_locked():
    first = workflow.sign(
        "circulated", role=SignatureRole.SECRETARY, signed_roles=[], meeting_date=TODAY, today=TODAY
    )
    assert first == MeetingStatus.CIRCULATED
    second = workflow.sign(
        "circulated", role=SignatureRole.CHAIR, signed_roles=["secretary"], meeting_date=TODAY, today=TODAY
    )
    assert second == MeetingStatus.SIGNED
    assert workflow.lock(second) == MeetingStatus.LOCKED


def test_signing_twice_or_before_circulation_or_after_locking_is_refused():
    with pytest.raises(workflow.TransitionError) as twice:
        workflow.sign("circulated", role="chair", signed_roles=["chair"], meeting_date=TODAY, today=TODAY)
    assert twice.value.message == "این صورتجلسه را پیش‌تر به عنوان رئیس جلسه امضا کرده‌اید."
    with pytest.raises(workflow.TransitionError) as early:
        workflow.sign("draft", role="chair", signed_roles=[], meeting_date=TODAY, today=TODAY)
    assert early.value.message == "صورتجلسه پیش از امضا باید برای نظر اعضا به گردش فرستاده شود."
    with pytest.raises(workflow.TransitionError) as late:
        workflow.sign("locked", role="chair", signed_roles=[], meeting_date=TODAY, today=TODAY)
    assert late.value.code == "already_signed"


def test_only_a_draft_is_edited_or_deleted_and_a_signed_one_only_amended():
    workflow.can_edit_schedule("draft")
    workflow.can_delete("draft")
    for status in ("circulated", "signed", "locked"):
        with pytest.raises(workflow.TransitionError):
            workflow.can_edit_schedule(status)
    with pytest.raises(workflow.TransitionError) as locked:
        workflow.can_delete("locked")
    assert locked.value.message == "صورتجلسه امضاشده را نمی‌توان حذف کرد؛ برای اصلاح آن اصلاحیه ثبت کنید."
    workflow.can_amend("locked")
    with pytest.raises(workflow.TransitionError):
        workflow.can_amend("draft")


def test_comments_only_while_circulated_and_before_the_deadline():
    workflow.can_comment("circulated", deadline=NOW + datetime.timedelta(hours=1), now=NOW)
    with pytest.raises(workflow.TransitionError) as over:
        workflow.can_comment("circulated", deadline=NOW - datetime.timedelta(hours=1), now=NOW)
    assert over.value.message == "مهلت نظر دادن بر این صورتجلسه گذشته است."
    with pytest.raises(workflow.TransitionError):
        workflow.can_comment("locked", deadline=None, now=NOW)


def test_one_person_may_be_both_secretary_and_chair():
    assert workflow.roles_of(5, secretary_id=5, chair_id=5) == ["secretary", "chair"]
    assert workflow.roles_of(6, secretary_id=5, chair_id=7) == []
