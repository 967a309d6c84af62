"""Instant notifications: each follow-up event tells exactly the right people, in the app and by
email when their preference says so, once, and only after the write is committed."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import transaction

from qarargah.accounts.models import Role, User
from qarargah.accounts.system import SYSTEM
from qarargah.notifications.models import Notification, NotificationPreference
from qarargah.notifications.tasks import deliver_event_notifications
from qarargah.persian import format_jalali
from qarargah.resolutions import signals
from qarargah.resolutions.models import AssignmentRole, DeadlineKind
from qarargah.resolutions.services import (
    NewResolution,
    assign_resolution,
    create_resolutions,
    decide_deadline_extension,
    request_deadline_extension,
    review_progress_report,
)
from qarargah.resolutions.workflow import ACCEPT_CLOSE, ACCEPT_PROGRESS, RETURN
from tests.api.world import submit_report

pytestmark = pytest.mark.django_db

VARZESH = "اداره کل ورزش و جوانان"
MEETING = "بیست و سومین جلسه قرارگاه"


def _user(username: str, role: str, *, email: str = "", active: bool = True, **place) -> User:
    return User.objects.create_user(
        username=username, password="x", email=email, role=role, is_active=active, **place
    )


@pytest.fixture
def cast(world, with_emails):
    """The demo personas with addresses, plus a second sports officer, a sports officer who left
    (inactive), and a second Alborz secretariat account."""
    people = with_emails
    varzesh = people.varzesh.agency
    return SimpleNamespace(
        **vars(people),
        varzesh2=_user(
            "varzesh2.alborz",
            Role.AGENCY_OFFICER,
            email="v2@example.ir",
            province=varzesh.province,
            agency=varzesh,
        ),
        varzesh_left=_user(
            "varzesh.old",
            Role.AGENCY_OFFICER,
            email="old@example.ir",
            active=False,
            province=varzesh.province,
            agency=varzesh,
        ),
        secretariat2=_user(
            "dabir2.alborz",
            Role.SECRETARIAT,
            email="d2@example.ir",
            province=people.secretariat.province,
            body=people.secretariat.body,
        ),
    )


def told(kind: str | None = None) -> dict[str, list[Notification]]:
    """username -> their notifications (of ``kind``)."""
    qs = Notification.objects.select_related("user").order_by("pk")
    if kind:
        qs = qs.filter(kind=kind)
    out: dict[str, list[Notification]] = {}
    for n in qs:
        out.setdefault(n.user.username, []).append(n)
    return out


def mail_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if address in m.to]


# --- A new assignment -----------------------------------------------------------------------------


def test_a_new_assignment_tells_the_officers_of_that_agency_only(
    world, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_resolution(
            actor=cast.secretariat, resolution=world.r2, agency=cast.varzesh.agency
        )
    notes = told("assignment_new")
    # Not the labour officer (another agency), not Markazi, not the secretariat, not who left.
    assert sorted(notes) == ["varzesh.alborz", "varzesh2.alborz"]
    [note] = notes["varzesh.alborz"]
    assert note.title == f"تکلیف تازه برای {VARZESH}: مصوبه ۲ — {MEETING}"
    assert note.body == (
        "«معرفی سرپرستان خانوار بیکار محله‌های هدف به مراکز کاریابی»\n"
        f"نقش: مسئول اصلی · مهلت {format_jalali(world.r2.due_date)}"
    )
    assert note.url == f"/resolutions/assignments/{assignment.pk}/"
    assert note.read_at is None
    [email] = mail_to("varzesh.alborz@example.ir")
    assert email.subject == note.title
    assert "رضا محمدی گرامی، سلام." in email.body
    assert note.body in email.body
    assert f"http://127.0.0.1:8000/resolutions/assignments/{assignment.pk}/" in email.body
    assert "http://127.0.0.1:8000/notifications/" in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html" and '<html lang="fa" dir="rtl">' in html
    assert "مسئول اصلی · مهلت" in html and "<br>" in html
    assert len(mail_to("v2@example.ir")) == 1
    assert mail_to("old@example.ir") == [] and mail_to("taavon.alborz@example.ir") == []
    assert len(mail.outbox) == 2


def test_the_email_follows_each_persons_preference(world, cast, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=cast.varzesh, event_email_enabled=False)
    # Switching off the daily reminder email does not switch off the instant one.
    NotificationPreference.objects.create(user=cast.varzesh2, email_enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        assign_resolution(actor=cast.secretariat, resolution=world.r2, agency=cast.varzesh.agency)
    # Both are told in the app; only the one who wants it is mailed.
    assert sorted(told("assignment_new")) == ["varzesh.alborz", "varzesh2.alborz"]
    assert mail_to("varzesh.alborz@example.ir") == []
    assert len(mail_to("v2@example.ir")) == 1


def test_an_account_without_an_address_is_told_in_the_app_only(
    world, cast, django_capture_on_commit_callbacks
):
    cast.varzesh2.email = ""
    cast.varzesh2.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        assign_resolution(actor=cast.secretariat, resolution=world.r2, agency=cast.varzesh.agency)
    assert "varzesh2.alborz" in told("assignment_new")
    assert [m.to for m in mail.outbox] == [["varzesh.alborz@example.ir"]]


def test_a_county_governorates_assignment_tells_its_county_officer(
    world, cast, django_capture_on_commit_callbacks
):
    governorate = cast.karaj_governorate.agency
    with django_capture_on_commit_callbacks(execute=True):
        assign_resolution(
            actor=cast.secretariat, resolution=world.r3, agency=governorate, role=AssignmentRole.PARTNER
        )
    notes = told("assignment_new")
    assert list(notes) == ["farmandari.karaj"]
    assert "نقش: همکار" in notes["farmandari.karaj"][0].body


def test_a_mass_import_is_one_notification_and_one_email_per_officer(
    world, cast, django_capture_on_commit_callbacks
):
    varzesh, taavon = cast.varzesh.agency, cast.taavon.agency
    due = world.today + datetime.timedelta(days=10)
    items = [
        NewResolution(
            number=100 + i,
            text=f"اقدام شماره {i} برای محله‌های هدف",
            deadline_kind=DeadlineKind.DATE,
            parsed_due=due,
            agencies=((varzesh, AssignmentRole.LEAD),)
            + (((taavon, AssignmentRole.PARTNER),) if i < 3 else ()),
        )
        for i in range(500)
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        create_resolutions(actor=SYSTEM, meeting=world.meeting, items=items)
    assert len(callbacks) >= 1
    notes = told("assignment_new")
    assert sorted(notes) == ["taavon.alborz", "varzesh.alborz", "varzesh2.alborz"]
    [note] = notes["varzesh.alborz"]
    assert note.title == f"۵۰۰ تکلیف تازه برای {VARZESH}"
    assert note.url == "/resolutions/inbox/"
    lines = note.body.splitlines()
    assert len(lines) == 21  # twenty listed, then the count of the rest
    assert lines[0].startswith(f"• مصوبه ۱۰۰ — {MEETING} (مسئول اصلی، مهلت {format_jalali(due)}):")
    assert lines[-1] == "و ۴۸۰ تکلیف دیگر؛ همه در کارتابل دستگاه آمده است."
    [labour] = notes["taavon.alborz"]
    assert labour.title == "۳ تکلیف تازه برای اداره کل تعاون، کار و رفاه اجتماعی"
    assert "(همکار، مهلت" in labour.body
    assert len(mail_to("varzesh.alborz@example.ir")) == 1
    assert len(mail_to("taavon.alborz@example.ir")) == 1
    assert len(mail.outbox) == 3


def test_an_agency_already_assigned_is_not_told_again(world, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assign_resolution(actor=cast.secretariat, resolution=world.r1, agency=cast.varzesh.agency)
    assert Notification.objects.count() == 0
    assert mail.outbox == []


# --- A report waiting for review ------------------------------------------------------------------


def test_a_submitted_report_tells_the_secretariat_of_its_province(
    world, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_report(cast.varzesh, world.varzesh_r1)
    notes = told("report_waiting")
    # Not Markazi's secretariat, not leadership, not the author or their colleague.
    assert sorted(notes) == ["dabir.alborz", "dabir2.alborz"]
    assert set(told()) == {"dabir.alborz", "dabir2.alborz"}
    [note] = notes["dabir.alborz"]
    assert note.title == f"گزارش تازه در انتظار بررسی: مصوبه ۱ — {MEETING}"
    submitted = format_jalali(report.submitted_at, with_time=True)
    assert (
        note.body == f"«{VARZESH}» در {submitted} گزارش فرستاد:\nده دوره برگزار شد و گزارش تصویری پیوست است."
    )
    assert note.url == f"/resolutions/assignments/{world.varzesh_r1.pk}/"
    assert len(mail_to("dabir.alborz@example.ir")) == 1
    assert len(mail_to("d2@example.ir")) == 1
    assert mail_to("dabir.markazi@example.ir") == []


def test_a_follow_up_owner_alone_is_told_of_reports_on_their_resolution(
    world, cast, django_capture_on_commit_callbacks
):
    world.r1.follow_up_owner = cast.secretariat2
    world.r1.save(update_fields=["follow_up_owner"])
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(cast.varzesh, world.varzesh_r1)
    assert list(told("report_waiting")) == ["dabir2.alborz"]
    assert [m.to for m in mail.outbox] == [["d2@example.ir"]]


# --- A report accepted or returned ----------------------------------------------------------------


def _reviewed(world, cast, capture, decision: str, comment: str = ""):
    report = submit_report(cast.varzesh, world.varzesh_r1)
    Notification.objects.all().delete()
    with capture(execute=True):
        review_progress_report(actor=cast.secretariat, report=report, decision=decision, comment=comment)
    return report


def test_a_returned_report_tells_its_agency_with_the_reason(world, cast, django_capture_on_commit_callbacks):
    report = _reviewed(
        world, cast, django_capture_on_commit_callbacks, RETURN, "عکس‌های دوره‌ها پیوست نشده است."
    )
    notes = told("report_reviewed")
    # The partner agency on the same resolution (labour) is not told of the sports report.
    assert sorted(notes) == ["varzesh.alborz", "varzesh2.alborz"]
    assert set(told()) == {"varzesh.alborz", "varzesh2.alborz"}
    [note] = notes["varzesh.alborz"]
    assert note.title == f"گزارش شما برگشت داده شد: مصوبه ۱ — {MEETING}"
    assert note.body == (
        f"گزارش «{VARZESH}» فرستاده‌شده در {format_jalali(report.submitted_at)}.\n"
        "دلیل دبیرخانه: عکس‌های دوره‌ها پیوست نشده است.\n"
        "گزارش را کامل کنید و دوباره بفرستید."
    )
    [email] = mail_to("varzesh.alborz@example.ir")
    assert "دلیل دبیرخانه: عکس‌های دوره‌ها پیوست نشده است." in email.body
    assert mail_to("taavon.alborz@example.ir") == []


def test_an_accepted_report_tells_its_agency(world, cast, django_capture_on_commit_callbacks):
    _reviewed(world, cast, django_capture_on_commit_callbacks, ACCEPT_CLOSE)
    [note] = told("report_reviewed")["varzesh.alborz"]
    assert note.title == f"گزارش شما پذیرفته شد و تکلیف انجام‌شده ثبت شد: مصوبه ۱ — {MEETING}"
    assert len(mail_to("varzesh.alborz@example.ir")) == 1
    assert len(mail_to("v2@example.ir")) == 1


def test_a_report_accepted_as_progress_says_the_assignment_stays_open(
    world, cast, django_capture_on_commit_callbacks
):
    _reviewed(world, cast, django_capture_on_commit_callbacks, ACCEPT_PROGRESS, "ادامه دهید.")
    [note] = told("report_reviewed")["varzesh.alborz"]
    assert note.title == f"گزارش شما به‌عنوان پیشرفت کار پذیرفته شد: مصوبه ۱ — {MEETING}"
    assert "نظر دبیرخانه: ادامه دهید.\nتکلیف باز می‌ماند؛ مهلت " in note.body


# --- An extension decided -------------------------------------------------------------------------


@pytest.mark.parametrize("approve", [True, False])
def test_an_extension_decision_tells_the_officer_who_asked(
    world, cast, approve, django_capture_on_commit_callbacks
):
    old_due = world.varzesh_r1.due_date
    wanted = old_due + datetime.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        extension = request_deadline_extension(
            actor=cast.varzesh2,
            assignment=world.varzesh_r1,
            requested_due_date=wanted,
            reason="تعطیلات نوروز",
        )
    assert Notification.objects.count() == 0  # a request alone tells nobody (the queue shows it)
    with django_capture_on_commit_callbacks(execute=True):
        decide_deadline_extension(
            actor=cast.secretariat, extension=extension, approve=approve, comment="یک بار"
        )
    notes = told("extension_decided")
    assert list(notes) == ["varzesh2.alborz"]  # the one who asked, not their colleague
    [note] = notes["varzesh2.alborz"]
    if approve:
        assert note.title == f"با تمدید مهلت موافقت شد: مصوبه ۱ — {MEETING}"
        assert note.body == (
            f"مهلت تازه: {format_jalali(wanted)} (پیش‌تر {format_jalali(old_due)}).\nتوضیح دبیرخانه: یک بار"
        )
    else:
        assert note.title == f"با تمدید مهلت موافقت نشد: مصوبه ۱ — {MEETING}"
        assert note.body == (
            f"درخواست مهلت تا {format_jalali(wanted)} پذیرفته نشد؛ مهلت همان {format_jalali(old_due)} است.\n"
            "توضیح دبیرخانه: یک بار"
        )
    assert [m.to for m in mail.outbox] == [["v2@example.ir"]]


# --- Only after commit, and only once -------------------------------------------------------------


class Boom(Exception):
    pass


def test_nothing_is_sent_for_a_rolled_back_write(world, cast, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        assign_resolution(actor=cast.secretariat, resolution=world.r2, agency=cast.varzesh.agency)
        submit_report(cast.varzesh, world.varzesh_r3)
        raise Boom
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_an_event_delivered_twice_tells_nobody_twice(world, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_report(cast.varzesh, world.varzesh_r1)
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2
    # The worker retries the task, and the signal is sent again: nothing new either time.
    with django_capture_on_commit_callbacks(execute=True):
        deliver_event_notifications.call(event="report_submitted", ids=[report.pk], actor_id=cast.varzesh.pk)
        signals.send_on_commit(signals.report_submitted, actor=cast.varzesh, ids=[report.pk])
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2


def test_the_person_who_acted_is_not_told(world, cast, django_capture_on_commit_callbacks):
    report = submit_report(cast.varzesh, world.varzesh_r1)
    with django_capture_on_commit_callbacks(execute=True):
        # As if an officer's own account had reviewed it: everyone but them is told.
        deliver_event_notifications.call(event="report_reviewed", ids=[report.pk], actor_id=cast.varzesh.pk)
    assert Notification.objects.count() == 0  # still pending: a review that did not happen is not told
    with django_capture_on_commit_callbacks(execute=True):
        review_progress_report(actor=cast.secretariat, report=report, decision=RETURN, comment="ناقص")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        deliver_event_notifications.call(event="report_reviewed", ids=[report.pk], actor_id=cast.varzesh.pk)
    assert list(told()) == ["varzesh2.alborz"]


def test_a_report_in_another_province_tells_that_provinces_secretariat_only(
    world, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(cast.markazi_officer, world.markazi_a1)
    assert list(told()) == ["dabir.markazi"]
    assert [m.to for m in mail.outbox] == [["dabir.markazi@example.ir"]]
