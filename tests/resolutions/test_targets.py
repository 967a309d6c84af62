"""Quantified targets: proposed from the text, stored on creation, progress from accepted reports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qarargah.core.errors import ServiceError
from qarargah.resolutions import selectors, services
from qarargah.resolutions.targets import propose_target

from .factories import TAAVON, VARZESH, assignment_of, make_resolution, report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مقرر گردید: آموزش ۳۰۰۰ نفر از بانوان سرپرست خانوار", (Decimal(3000), "نفر")),
        ("مجوز تاسیس ۱۰ خانه احسان دیگر در سطح استان", (Decimal(10), "خانه احسان")),
        ("برگزاری ۵ میز خدمت در محله حصار", (Decimal(5), "میز خدمت")),
        ("برگزاری پنج میز خدمت در محله حصار", (Decimal(5), "میز خدمت")),
        ("آموزش سه هزار نفر", (Decimal(3000), "نفر")),
        ("آموزش 250 نفر", (Decimal(250), "نفر")),
        ("توزیع ۱٬۵۰۰ بسته معیشتی", (Decimal(1500), "بسته معیشتی")),
        (
            "با عنایت به راه اندازی ۱۰ خانه احسان توسط ستاد مقرر گردید: مجوز تاسیس ۱۰ خانه دیگر را پیگیری نمایند",
            (Decimal(10), "خانه"),
        ),
    ],
)
def test_propose_target(text, expected):
    assert propose_target(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "گزارش اقدامات را ظرف مدت چهار روز ارسال نمایند",
        "تجهیز مرکز ماده ۱۶ و کمپ بانوان",
        "در قالب ۷ محور تعیین شده در شیوه نامه",
        "در روز چهارشنبه مورخ ۱۴۰۱/۴/۱۵ میز خدمت برگزار شود",
        "یک نفر نماینده تام‌الاختیار معرفی نمایند",
        "",
    ],
)
def test_no_target_where_none_is_stated(text):
    assert propose_target(text) is None


def test_created_from_text_gets_the_proposed_target(people):
    resolution = make_resolution(people.secretariat, text="مقرر گردید: آموزش ۳۰۰۰ نفر از جوانان.")
    assert (resolution.target_quantity, resolution.target_unit) == (Decimal(3000), "نفر")


def test_given_target_wins_over_the_text(people):
    resolution = make_resolution(
        people.secretariat, text="آموزش ۳۰۰۰ نفر", target_quantity=Decimal(100), target_unit="دوره"
    )
    assert (resolution.target_quantity, resolution.target_unit) == (Decimal(100), "دوره")


def test_progress_sums_accepted_reports_only(people):
    resolution = make_resolution(
        people.secretariat, text="مقرر گردید: آموزش ۳۰۰۰ نفر.", agencies=(VARZESH, TAAVON)
    )
    accepted = report(people.varzesh, assignment_of(resolution), achieved_quantity=Decimal(1000))
    services.review_progress_report(actor=people.secretariat, report=accepted, decision="accept")
    report(people.taavon, assignment_of(resolution, TAAVON), achieved_quantity=Decimal(900))  # pending
    progress = selectors.resolution_progress(resolution)
    assert (progress.achieved, progress.target, progress.percent) == (Decimal(1000), Decimal(3000), 33)


def test_set_target_service(people):
    resolution = make_resolution(people.secretariat)
    services.set_resolution_target(
        actor=people.secretariat, resolution=resolution, quantity=Decimal(12), unit="جلسه"
    )
    resolution.refresh_from_db()
    assert (resolution.target_quantity, resolution.target_unit) == (Decimal(12), "جلسه")
    with pytest.raises(ServiceError) as error:
        services.set_resolution_target(
            actor=people.secretariat, resolution=resolution, quantity=Decimal(5), unit=""
        )
    assert error.value.message == "برای هدف کمّی واحد را هم بنویسید (مثلاً «نفر» یا «خانه احسان»)."
    with pytest.raises(ServiceError) as error:
        services.set_resolution_target(
            actor=people.secretariat, resolution=resolution, quantity=-1, unit="نفر"
        )
    assert error.value.message == "هدف کمّی نمی‌تواند منفی باشد."
    services.set_resolution_target(actor=people.secretariat, resolution=resolution, quantity=None)
    resolution.refresh_from_db()
    assert resolution.target_quantity is None and resolution.target_unit == ""


def test_negative_achieved_quantity_is_refused(people):
    assignment = assignment_of(make_resolution(people.secretariat, text="آموزش ۳۰۰۰ نفر"))
    with pytest.raises(ServiceError) as error:
        report(people.varzesh, assignment, achieved_quantity=Decimal(-3))
    assert error.value.message == "مقدار انجام‌شده نمی‌تواند منفی باشد."
