"""Demo step: a little follow-up activity on the imported sample minutes.

The samples give meetings and assignments but nobody has reported on them yet, so a new user
would find the review queue, the report history and the scoreboard empty. This step plays a
few days of ordinary work through the real services, as the demo people themselves: officers
start their assignments and report, the secretariat accepts one report and returns another,
and one officer asks for more time. Every change therefore has a proper history entry.

Idempotent: it does nothing once any demo officer's assignment has a report.

The importer does not guess target neighbourhoods from a resolution's text (a place name is
too often an ordinary word); the secretariat links them on the resolution's edit page. The
demo does that too, for resolutions that name «محله <name>», so the neighbourhood-house manager
has something to see.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction

from qarargah.accounts.models import Role, User
from qarargah.organisations.models import TargetNeighbourhood
from qarargah.persian import match_key
from qarargah.resolutions import services
from qarargah.resolutions.models import Assignment, AssignmentStatus, ProgressReport, Resolution

REPORTS = (
    "جلسه هماهنگی با حضور معاونان برگزار شد و برنامه اجرایی با زمان‌بندی ماهانه تدوین گردید؛ "
    "گزارش تفصیلی پیوست نامه شماره ۱۲/۴۵۶ به دبیرخانه ارسال شده است.",
    "اقدامات اولیه انجام شد: فهرست خانوارهای نیازمند از بهزیستی و کمیته امداد دریافت و با اطلاعات "
    "اداره تطبیق داده شد. مرحله بعد پس از تأمین اعتبار آغاز می‌شود.",
    "برنامه در سه محله هدف اجرا شد و ۱۲۰ نفر از خدمات بهره‌مند شدند؛ مستندات تصویری در اداره موجود است.",
)
RETURN_COMMENT = "گزارش کلی است؛ تعداد بهره‌مندان، محله‌ها و تاریخ اجرای هر برنامه را بنویسید."
EXTENSION_REASON = "تأمین اعتبار برنامه به تصویب کمیسیون استان نیاز دارد؛ جلسه کمیسیون ماه آینده است."


def _secretariat_for(assignment: Assignment) -> User | None:
    body = assignment.resolution.meeting.body
    return (
        User.objects.filter(role=Role.SECRETARIAT, body=body).first()
        or User.objects.filter(role=Role.SECRETARIAT, province=body.province_id).first()
    )


def play_demo_activity(log: Callable[[str], None] = print) -> None:
    officers = list(User.objects.filter(role=Role.AGENCY_OFFICER, agency__isnull=False).order_by("username"))
    agency_ids = [officer.agency_id for officer in officers]
    if ProgressReport.objects.filter(assignment__agency_id__in=agency_ids).exists():
        return
    done = 0
    with transaction.atomic():
        for index, officer in enumerate(officers):
            assignments = list(
                Assignment.objects.filter(agency_id=officer.agency_id, status=AssignmentStatus.NEW)
                .select_related("resolution__meeting__body")
                .order_by("resolution__meeting__date", "resolution__number")
            )
            if not assignments:
                continue
            first = assignments[0]
            services.start_assignment(actor=officer, assignment=first)
            report = services.submit_progress_report(
                actor=officer, assignment=first, text=REPORTS[index % len(REPORTS)]
            )
            reviewer = _secretariat_for(first)
            # Accept the first officer's report, return the second's, leave the rest waiting,
            # so the review queue, a returned report and an accepted one all show up.
            if reviewer is not None and index == 0:
                services.review_progress_report(actor=reviewer, report=report, decision="accept")
            elif reviewer is not None and index == 1:
                services.review_progress_report(
                    actor=reviewer, report=report, decision="return", comment=RETURN_COMMENT
                )
            done += 1
            if len(assignments) > 1:
                second = assignments[1]
                base = second.due_date or datetime.date.today()
                services.request_deadline_extension(
                    actor=officer,
                    assignment=second,
                    requested_due_date=max(base, datetime.date.today()) + datetime.timedelta(days=30),
                    reason=EXTENSION_REASON,
                )
    linked = _link_named_neighbourhoods()
    log(f"فعالیت نمونه: {linked} مصوبه به محله هدفش پیوند خورد.")
    log(f"فعالیت نمونه: {done} گزارش اقدام و درخواست تمدید از دستگاه‌های نمونه ثبت شد.")


def _link_named_neighbourhoods() -> int:
    """Link each resolution that names «محله X» to target neighbourhood X of its province,
    as its body's secretariat would on the edit page (so the change has its history)."""
    linked = 0
    for neighbourhood in TargetNeighbourhood.objects.select_related("county"):
        phrase = match_key(f"محله {neighbourhood.name}")
        candidates = Resolution.objects.filter(
            province_id=neighbourhood.county.province_id, text_key__contains=phrase
        ).select_related("meeting__body")
        for resolution in candidates:
            current = list(resolution.neighbourhoods.all())
            if neighbourhood in current:
                continue
            actor = User.objects.filter(role=Role.SECRETARIAT, body=resolution.meeting.body).first()
            if actor is None:
                continue
            services.update_resolution(
                actor=actor,
                resolution=resolution,
                expected_version=resolution.version,
                neighbourhoods=[*current, neighbourhood],
            )
            linked += 1
    return linked
