"""The follow-up list and the review under load: resolutions keep copies of their meeting's body,
province and date; free-text search goes through a trigram index on each database; a short
number searches resolution numbers only; the county, agency and this-week filters; the list
paginator loading a page's rows by key; and the review of past resolutions paged through its
per-agency summary."""

from __future__ import annotations

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection

from qarargah.core.pagination import KeysFirstPaginator
from qarargah.meetings.services import MeetingData, update_meeting
from qarargah.organisations.models import County
from qarargah.persian import week_end_friday
from qarargah.resolutions import review, search, selectors, services
from qarargah.resolutions.models import Assignment, AssignmentStatus, DeadlineKind, Resolution

from .factories import (
    KARAJ,
    TAAVON,
    VARZESH,
    agency,
    assignment_of,
    body,
    make_meeting,
    make_resolution,
    report,
    today,
)

pytestmark = pytest.mark.django_db

KARAJ_HQ = "قرارگاه اجتماعی شهرستان کرج"
KARAJ_MUNICIPALITY = "شهرداری کرج"
FARDIS_GOVERNORATE = "فرمانداری فردیس"
BEHZISTI = "اداره کل بهزیستی"
EDUCATION = "اداره کل آموزش و پرورش"

# A Tuesday; its week (Saturday to Friday) ends on Friday 2025-05-16.
TUESDAY = datetime.date(2025, 5, 13)


def _pks(rows) -> list[int]:
    return [row.pk for row in rows]


def _found(user, query: str, **filters) -> set[int]:
    return {r.pk for r in selectors.resolutions_for_user(user, query=query, **filters)}


def _numbered(actor, meeting, number: int, text: str) -> Resolution:
    """A resolution with a chosen number (the factory numbers them itself)."""
    return services.create_resolution(
        actor=actor,
        meeting=meeting,
        number=number,
        text=text,
        deadline_kind=DeadlineKind.RELATIVE,
        parsed_due=today() + datetime.timedelta(days=10),
        agencies=[(agency(VARZESH), "lead")],
    )


# --- Copies of the meeting on the resolution ------------------------------------------------------


def test_resolution_created_through_the_service_copies_its_meetings_body_province_and_date(people):
    meeting = make_meeting(people.secretariat, body_name=KARAJ_HQ, date=today() - datetime.timedelta(days=12))
    resolution = make_resolution(
        people.secretariat, meeting=meeting, text="مقرر گردید: شهرداری کرج سه زمین بازی در محله حصار بسازد."
    )
    resolution.refresh_from_db()
    assert resolution.body_id == meeting.body_id == body(KARAJ_HQ).pk
    assert resolution.province_id == meeting.body.province_id
    assert resolution.meeting_date == meeting.date


def test_resolutions_created_together_copy_their_meeting_too(people, alborz):
    meeting = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=8))
    created = services.create_resolutions(
        actor=people.secretariat,
        meeting=meeting,
        items=[
            services.NewResolution(
                number=1, text="مقرر گردید: پایگاه‌های سلامت در محله‌های کم‌برخوردار فعال شوند."
            ),
            services.NewResolution(number=2, text="مقرر گردید: فهرست خانوارهای نیازمند به‌روز شود."),
        ],
    )
    rows = Resolution.objects.filter(pk__in=_pks(created))
    assert {(r.body_id, r.province_id, r.meeting_date) for r in rows} == {
        (body().pk, alborz.pk, meeting.date)
    }


def test_changing_a_meetings_date_moves_its_resolutions_in_the_list(people):
    older = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=30))
    newer = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=10))
    moved = make_resolution(
        people.secretariat, meeting=older, text="مقرر گردید: جشنواره ورزش محلات برگزار شود."
    )
    other = make_resolution(
        people.secretariat, meeting=newer, text="مقرر گردید: سامانه پیگیری مصوبات آموزش داده شود."
    )
    untouched = make_resolution(people.secretariat, meeting=newer, text="مقرر گردید: گزارش فصلی ارسال شود.")
    assert _pks(selectors.resolutions_for_user(people.secretariat)) == [other.pk, untouched.pk, moved.pk]
    version_before = Resolution.objects.get(pk=moved.pk).version

    new_date = today() - datetime.timedelta(days=3)
    update_meeting(
        actor=people.secretariat,
        meeting=older,
        data=MeetingData(date=new_date, number=older.number),
        expected_version=older.version,
    )

    moved.refresh_from_db()
    assert moved.meeting_date == new_date
    # The meeting's own history records the change; the resolution was not edited by anyone.
    assert moved.version == version_before
    assert Resolution.objects.get(pk=other.pk).meeting_date == newer.date
    assert _pks(selectors.resolutions_for_user(people.secretariat)) == [moved.pk, other.pk, untouched.pk]


def test_updating_a_meeting_without_changing_its_date_leaves_the_copies_alone(people):
    meeting = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=15))
    resolution = make_resolution(people.secretariat, meeting=meeting)
    update_meeting(
        actor=people.secretariat,
        meeting=meeting,
        data=MeetingData(date=meeting.date, number=meeting.number, place="سالن جلسات استانداری"),
        expected_version=meeting.version,
    )
    resolution.refresh_from_db()
    assert resolution.meeting_date == meeting.date


# --- Free-text search ---------------------------------------------------------------------------


LIBRARY = "مقرر گردید: کتابخانه‌های عمومی در محله‌های حاشیه شهر کرج تجهیز شوند."
SPORTS = "مقرر گردید: زمین‌های ورزشی مدارس در تابستان برای نوجوانان محله باز بماند."


def test_found_by_a_piece_of_its_text_with_persian_or_arabic_letter_forms(people):
    library = make_resolution(people.secretariat, text=LIBRARY)
    sports = make_resolution(people.secretariat, text=SPORTS)
    user = people.secretariat
    assert _found(user, "کتابخانه") == {library.pk}
    assert _found(user, "تابخان") == {library.pk}  # inside a word
    assert _found(user, "تجهیز") == {library.pk}
    assert _found(user, "كتابخانه هاي عمومي") == {library.pk}  # Arabic kaf and yeh, a space for ZWNJ
    assert _found(user, "ورزشي مدارس") == {sports.pk}
    assert _found(user, "محله") == {library.pk, sports.pk}
    assert _found(user, "فرهنگسرا") == set()


def test_resolutions_created_together_are_found_too(people):
    meeting = make_meeting(people.secretariat)
    (created,) = services.create_resolutions(
        actor=people.secretariat,
        meeting=meeting,
        items=[services.NewResolution(number=1, text="مقرر گردید: بازارچه مشاغل خانگی در فردیس برپا شود.")],
    )
    assert _found(people.secretariat, "مشاغل خانگی") == {created.pk}


def test_edited_text_is_found_by_its_new_words_only(people):
    resolution = make_resolution(people.secretariat, text=LIBRARY)
    services.update_resolution(
        actor=people.secretariat,
        resolution=resolution,
        expected_version=resolution.version,
        text="مقرر گردید: اردوهای تابستانی برای دانش‌آموزان محله‌های کم‌برخوردار برگزار شود.",
    )
    user = people.secretariat
    assert _found(user, "کتابخانه") == set()
    assert _found(user, "تجهیز") == set()
    assert _found(user, "اردوهای تابستانی") == {resolution.pk}
    assert _found(user, "دانش آموزان") == {resolution.pk}


def test_deleted_resolution_is_no_longer_found_and_the_others_still_are(people):
    library = make_resolution(people.secretariat, text=LIBRARY)
    sports = make_resolution(people.secretariat, text=SPORTS)
    services.delete_resolution(actor=people.secretariat, resolution=library)
    user = people.secretariat
    assert _found(user, "کتابخانه") == set()
    assert _found(user, "محله") == {sports.pk}
    # A new resolution written after the delete is indexed as usual.
    again = make_resolution(people.secretariat, text="مقرر گردید: کتابخانه سیار به روستاهای طالقان برود.")
    assert _found(user, "کتابخانه") == {again.pk}


def test_search_page_of_the_secretariat(people, client_for):
    make_resolution(people.secretariat, text=LIBRARY)
    make_resolution(people.secretariat, text=SPORTS)
    client = client_for(people.secretariat)
    response = client.get("/resolutions/", {"q": "كتابخانه"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "کتابخانه‌های عمومی" in html and "زمین‌های ورزشی مدارس" not in html
    assert (
        "مصوبه‌ای با این فیلترها پیدا نشد" in client.get("/resolutions/", {"q": "فرهنگسرا"}).content.decode()
    )


def test_search_within_a_body_or_meeting_finds_what_the_index_finds(people):
    """With a body or meeting chosen, SQLite tests that body's texts instead of reading the
    search index (search.text_contains ``narrowed``): the same resolutions either way."""
    hq_meeting = make_meeting(people.secretariat)
    karaj_meeting = make_meeting(people.secretariat, body_name=KARAJ_HQ)
    library = make_resolution(people.secretariat, meeting=hq_meeting, text=LIBRARY)
    sports = make_resolution(people.secretariat, meeting=hq_meeting, text=SPORTS)
    karaj_library = make_resolution(people.secretariat, meeting=karaj_meeting, text=LIBRARY)
    user = people.secretariat
    for query in ("کتابخانه", "تابخان", "كتابخانه هاي عمومي", "محله", "فرهنگسرا", "50%", "a_b"):
        everywhere = _found(user, query)
        for chosen in (hq_meeting.body, karaj_meeting.body):
            expected = {pk for pk in everywhere if Resolution.objects.get(pk=pk).body_id == chosen.pk}
            assert _found(user, query, body=chosen) == expected, (query, chosen)
        assert _found(user, query, meeting=hq_meeting) == everywhere & {library.pk, sports.pk}, query
    assert _found(user, "کتابخانه", body=karaj_meeting.body) == {karaj_library.pk}
    assert _found(user, "محله", meeting=hq_meeting) == {library.pk, sports.pk}
    for narrowed in (False, True):
        found = Resolution.objects.filter(search.text_contains("کتابخانه", narrowed=narrowed))
        assert set(found.values_list("pk", flat=True)) == {library.pk, karaj_library.pk}


def test_search_page_counts_and_pages_its_matches_read_once(people, client_for, monkeypatch):
    """A text search's count and page come from one read of its matches (count_with_keys): the
    same count, the «more than» cap and the same pages as the count and keys read apart."""
    from qarargah.resolutions import views

    meeting = make_meeting(people.secretariat)
    made = [make_resolution(people.secretariat, meeting=meeting, text=LIBRARY) for _ in range(5)]
    make_resolution(people.secretariat, meeting=meeting, text=SPORTS)
    client = client_for(people.secretariat)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    html = client.get("/resolutions/", {"q": "کتابخانه"}).content.decode()
    assert "۵ مصوبه" in html
    shown = []
    for number in (1, 2, 3):
        page = client.get("/resolutions/", {"q": "کتابخانه", "page": number}).context["page"]
        assert page.paginator.count == 5 and not page.paginator.capped
        shown += [r.pk for r in page.object_list]
    expected = selectors.resolutions_for_user(people.secretariat, query="کتابخانه").values_list(
        "pk", flat=True
    )
    assert shown == list(expected) and set(shown) == {r.pk for r in made}
    monkeypatch.setattr(views, "LIST_COUNT_CAP", 3)
    html = client.get("/resolutions/", {"q": "کتابخانه", "body": meeting.body_id}).content.decode()
    assert "بیش از ۳ مصوبه؛ برای یافتن مصوبه‌ای خاص فیلتر کنید" in html


def test_search_stays_within_the_users_scope(people):
    make_resolution(people.secretariat, text=LIBRARY, agencies=(TAAVON,))
    assert _found(people.secretariat, "کتابخانه") != set()
    assert _found(people.varzesh, "کتابخانه") == set()
    assert _found(people.markazi_secretariat, "کتابخانه") == set()


def _sqlite_objects(kind: str, name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = %s AND name = %s", [kind, name])
        return cursor.fetchone()[0]


def test_sqlite_index_is_rebuilt_when_a_trigger_went_missing(people):
    resolution = make_resolution(people.secretariat, text=LIBRARY)
    if connection.vendor == "sqlite":
        trigger = f"{search.SEARCH_TABLE}_update"
        assert search.ensure_sqlite_index() is False  # all in place after migrate
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER {trigger}")
        assert _sqlite_objects("trigger", trigger) == 0
        # Written while the trigger was missing: the index does not know the new key yet.
        Resolution.objects.filter(pk=resolution.pk).update(text_key="سرایداوطلبانسالمندان")
        assert _found(people.secretariat, "سرای داوطلبان") == set()

        assert search.ensure_sqlite_index() is True
        assert _sqlite_objects("trigger", trigger) == 1
        assert _found(people.secretariat, "سرای داوطلبان") == {resolution.pk}
        assert _found(people.secretariat, "کتابخانه") == set()
        assert search.ensure_sqlite_index() is False
        # The recreated trigger keeps the index in step again.
        Resolution.objects.filter(pk=resolution.pk).update(text_key="پایگاهسلامتمحله")
        assert _found(people.secretariat, "پایگاه سلامت") == {resolution.pk}
    else:
        assert search.ensure_sqlite_index() is False  # PostgreSQL has its trigram index
        assert _found(people.secretariat, "کتابخانه") == {resolution.pk}


# --- Short numbers mean resolution numbers ------------------------------------------------------


def test_one_or_two_digits_match_the_resolution_number_only(people):
    meeting = make_meeting(people.secretariat)
    twelve = _numbered(people.secretariat, meeting, 12, "مقرر گردید: جلسه هماهنگی با دهیاران برگزار شود.")
    mentions_12 = _numbered(
        people.secretariat, meeting, 3, "مقرر گردید: ۱۲ کارگاه مهارت‌آموزی برای زنان سرپرست خانوار برگزار شود."
    )
    mentions_120 = _numbered(
        people.secretariat, meeting, 4, "مقرر گردید: برای ۱۲۰ خانوار نیازمند سبد معیشتی تهیه شود."
    )
    seven = _numbered(people.secretariat, meeting, 7, "مقرر گردید: ۷ مدرسه شبانه‌روزی بازسازی شود.")
    mentions_7 = _numbered(
        people.secretariat, meeting, 8, "مقرر گردید: ۷ پایگاه سلامت تا پایان سال فعال شود."
    )
    user = people.secretariat
    for query in ("۱۲", "12", "١٢", " ۱۲ "):
        assert _found(user, query) == {twelve.pk}, query
    assert _found(user, "۷") == {seven.pk}
    assert _found(user, "7") == {seven.pk}
    assert _found(user, "۰۷") == {seven.pk}
    # The texts holding those digits are not matched, even where they hold more digits around them.
    assert not {mentions_12.pk, mentions_120.pk} & _found(user, "۱۲")
    assert mentions_7.pk not in _found(user, "7")
    assert _found(user, "۹۹") == set()


def test_three_or_more_digits_match_both_the_number_and_the_text(people):
    meeting = make_meeting(people.secretariat)
    mentions_120 = _numbered(
        people.secretariat, meeting, 4, "مقرر گردید: برای ۱۲۰ خانوار نیازمند سبد معیشتی تهیه شود."
    )
    number_120 = _numbered(
        people.secretariat, meeting, 120, "مقرر گردید: گزارش عملکرد ستاد به استانداری ارسال شود."
    )
    _numbered(people.secretariat, meeting, 12, "مقرر گردید: ۱۲ کارگاه مهارت‌آموزی برگزار شود.")
    mentions_1403 = _numbered(
        people.secretariat, meeting, 5, "مقرر گردید: برنامه سال ۱۴۰۳ تا پایان خرداد به تصویب برسد."
    )
    user = people.secretariat
    assert _found(user, "۱۲۰") == {mentions_120.pk, number_120.pk}
    assert _found(user, "120") == {mentions_120.pk, number_120.pk}
    assert _found(user, "۱۴۰۳") == {mentions_1403.pk}
    assert _found(user, "۴۰۳") == {mentions_1403.pk}


# --- Filters ------------------------------------------------------------------------------------


def test_county_filter_takes_body_neighbourhood_or_agency_of_the_county_each_alone(people):
    karaj_body = make_meeting(people.secretariat, body_name=KARAJ_HQ)
    by_body = make_resolution(
        people.secretariat, meeting=karaj_body, text="مقرر گردید: ستاد شهرستان جلسه ماهانه برگزار کند."
    )
    by_neighbourhood = make_resolution(
        people.secretariat, text="مقرر گردید: سرانه فضای سبز محله افزایش یابد.", neighbourhoods=("حصار",)
    )
    by_agency = make_resolution(
        people.secretariat,
        text="مقرر گردید: معابر محله‌های حاشیه روشنایی شوند.",
        agencies=(KARAJ_MUNICIPALITY,),
    )
    by_all = make_resolution(
        people.secretariat,
        meeting=karaj_body,
        text="مقرر گردید: مرکز نیکوکاری در محله راه‌اندازی شود.",
        agencies=(KARAJ, KARAJ_MUNICIPALITY),
        neighbourhoods=("حصار", "سهرابیه"),
    )
    fardis = make_resolution(
        people.secretariat,
        text="مقرر گردید: فرمانداری فردیس ساماندهی دستفروشان را پیگیری کند.",
        agencies=(FARDIS_GOVERNORATE,),
        neighbourhoods=("منظریه",),
    )
    provincial = make_resolution(people.secretariat, text="مقرر گردید: المپیاد ورزشی استان برگزار شود.")
    karaj = County.objects.get(name="کرج", province__code="alborz")
    fardis_county = County.objects.get(name="فردیس", province__code="alborz")

    rows = list(selectors.resolutions_for_user(people.secretariat, county=karaj, today=TUESDAY))
    assert sorted(_pks(rows)) == sorted([by_body.pk, by_neighbourhood.pk, by_agency.pk, by_all.pk])
    assert len(rows) == 4  # the resolution matching three ways appears once
    assert selectors.resolutions_for_user(people.secretariat, county=karaj.pk, today=TUESDAY).count() == 4
    assert _pks(selectors.resolutions_for_user(people.secretariat, county=fardis_county, today=TUESDAY)) == [
        fardis.pk
    ]
    everything = _pks(selectors.resolutions_for_user(people.secretariat, today=TUESDAY))
    assert provincial.pk in everything


def test_county_filter_within_an_officers_scope(people):
    make_resolution(
        people.secretariat, text="مقرر گردید: مدارس محله حصار بازسازی شوند.", neighbourhoods=("حصار",)
    )
    theirs = make_resolution(
        people.secretariat,
        text="مقرر گردید: فرمانداری کرج و ورزش و جوانان زمین چمن محله را تکمیل کنند.",
        agencies=(VARZESH, KARAJ),
    )
    karaj = County.objects.get(name="کرج", province__code="alborz")
    rows = selectors.resolutions_for_user(people.karaj_governorate, county=karaj, today=TUESDAY)
    assert _pks(rows) == [theirs.pk]


def test_agency_filter(people):
    both = make_resolution(
        people.secretariat,
        text="مقرر گردید: طرح اشتغال جوانان با همکاری دو دستگاه اجرا شود.",
        agencies=(VARZESH, TAAVON),
    )
    taavon_only = make_resolution(
        people.secretariat, text="مقرر گردید: بیمه زنان خانه‌دار پیگیری شود.", agencies=(TAAVON,)
    )
    make_resolution(people.secretariat, text="مقرر گردید: لیگ فوتبال محلات برگزار شود.", agencies=(VARZESH,))
    rows = list(selectors.resolutions_for_user(people.secretariat, agency=agency(TAAVON), today=TUESDAY))
    assert sorted(_pks(rows)) == sorted([both.pk, taavon_only.pk])
    assert _pks(selectors.resolutions_for_user(people.secretariat, agency=agency(BEHZISTI).pk)) == []


def test_due_this_week_counts_open_assignments_due_from_today_to_friday(people):
    friday = week_end_friday(TUESDAY)
    assert friday == datetime.date(2025, 5, 16)
    meeting = make_meeting(people.secretariat, date=TUESDAY - datetime.timedelta(days=20))

    def due(text: str, when: datetime.date, agencies=(VARZESH,)) -> Resolution:
        return make_resolution(people.secretariat, meeting=meeting, text=text, due=when, agencies=agencies)

    due_today = due("مقرر گردید: گزارش بازدید از محله امروز ارسال شود.", TUESDAY)
    due_friday = due("مقرر گردید: فهرست داوطلبان تا جمعه ارسال شود.", friday)
    two_agencies = due("مقرر گردید: برنامه مشترک اوقات فراغت تدوین شود.", TUESDAY + datetime.timedelta(days=1),
                       agencies=(VARZESH, TAAVON))  # fmt: skip
    due("مقرر گردید: گزارش دیروز ارسال می‌شد.", TUESDAY - datetime.timedelta(days=1))
    next_week = due("مقرر گردید: گزارش هفته بعد ارسال شود.", friday + datetime.timedelta(days=1))
    accepted = due("مقرر گردید: صورتجلسه کارگروه ارسال شود.", TUESDAY + datetime.timedelta(days=2))
    services.review_progress_report(
        actor=people.secretariat, report=report(people.varzesh, assignment_of(accepted)), decision="accept"
    )
    assert assignment_of(accepted).status == AssignmentStatus.ACCEPTED

    rows = list(selectors.resolutions_for_user(people.secretariat, due_this_week=True, today=TUESDAY))
    assert sorted(_pks(rows)) == sorted([due_today.pk, due_friday.pk, two_agencies.pk])
    assert len(rows) == 3
    # On the Saturday after, a new week: only what is due from then to the next Friday.
    saturday = friday + datetime.timedelta(days=1)
    later = _pks(selectors.resolutions_for_user(people.secretariat, due_this_week=True, today=saturday))
    assert later == [next_week.pk]


def test_due_this_week_keeps_a_resolution_with_one_accepted_and_one_open_assignment(people):
    meeting = make_meeting(people.secretariat, date=TUESDAY - datetime.timedelta(days=20))
    shared = make_resolution(
        people.secretariat,
        meeting=meeting,
        text="مقرر گردید: جشن محله با همکاری دو دستگاه برگزار شود.",
        due=TUESDAY + datetime.timedelta(days=1),
        agencies=(VARZESH, TAAVON),
    )
    services.review_progress_report(
        actor=people.secretariat, report=report(people.varzesh, assignment_of(shared)), decision="accept"
    )
    assert _pks(selectors.resolutions_for_user(people.secretariat, due_this_week=True, today=TUESDAY)) == [
        shared.pk
    ]
    services.review_progress_report(
        actor=people.secretariat,
        report=report(people.taavon, assignment_of(shared, TAAVON)),
        decision="accept",
    )
    assert _pks(selectors.resolutions_for_user(people.secretariat, due_this_week=True, today=TUESDAY)) == []


# --- The list's paginator -----------------------------------------------------------------------


def _list_world(people) -> list[Resolution]:
    older = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=40))
    newer = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=5))
    made = []
    for index, (meeting, agencies, days) in enumerate(
        [
            (older, (VARZESH,), -3),
            (older, (VARZESH, TAAVON), 10),
            (older, (TAAVON,), 10),
            (newer, (VARZESH,), 20),
            (newer, (TAAVON, VARZESH), -1),
            (newer, (VARZESH,), 30),
            (newer, (EDUCATION,), 5),
        ],
        start=1,
    ):
        made.append(
            make_resolution(
                people.secretariat,
                meeting=meeting,
                text=f"مقرر گردید: بند {index} برنامه اجتماعی محلات اجرا شود.",
                agencies=agencies,
                due=today() + datetime.timedelta(days=days),
            )
        )
    return made


def test_keys_first_pages_match_slicing_the_list_with_its_columns(people):
    _list_world(people)
    user = people.secretariat
    qs = selectors.resolutions_for_user(user, agency=agency(VARZESH))
    expected = list(qs)
    assert len(expected) == 5
    assert {r.has_overdue for r in expected} == {True, False}
    paginator = KeysFirstPaginator(
        qs, 2, count_cap=100, rows=lambda keys: selectors.resolution_rows(user, keys)
    )
    assert paginator.count == 5 and paginator.num_pages == 3 and not paginator.capped
    seen = []
    for number in paginator.page_range:
        page = paginator.page(number)
        assert _pks(page.object_list) == _pks(expected[(number - 1) * 2 : number * 2])
        seen.extend(page.object_list)
    assert _pks(seen) == _pks(expected)
    by_pk = {r.pk: r for r in expected}
    for row in seen:
        assert row.has_overdue == by_pk[row.pk].has_overdue
        assert [a.agency.name for a in row.visible_assignments] == [
            a.agency.name for a in by_pk[row.pk].visible_assignments
        ]
        assert row.meeting.body.name == body().name


def test_keys_first_rows_for_an_officer_show_only_their_assignments(people):
    _list_world(people)
    user = people.taavon
    qs = selectors.resolutions_for_user(user)
    expected = list(qs)
    assert len(expected) == 3
    paginator = KeysFirstPaginator(
        qs, 2, count_cap=100, rows=lambda keys: selectors.resolution_rows(user, keys)
    )
    rows = [row for number in paginator.page_range for row in paginator.page(number).object_list]
    assert _pks(rows) == _pks(expected)
    assert {a.agency.name for row in rows for a in row.visible_assignments} == {TAAVON}


def test_an_officers_list_counts_and_pages_its_resolutions_in_one_read(people, client_for, monkeypatch):
    """An agency's list (its officer's) reads its keys once for the count and the page: the same
    count, pages and order as the selector, its agency's resolutions only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qarargah.resolutions import views

    _list_world(people)
    user = people.taavon
    expected = list(selectors.resolutions_for_user(user).values_list("pk", flat=True))
    assert len(expected) == 3
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = client_for(user)
    shown = []
    for number in (1, 2):
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/resolutions/", {"page": number}).context["page"]
        assert page.paginator.count == 3 and page.paginator.count_with_keys
        # No separate COUNT of the agency's resolutions.
        assert not any("COUNT(" in q["sql"] and "resolutions_resolution" in q["sql"] for q in captured)
        shown += [r.pk for r in page.object_list]
    assert shown == expected


def test_count_cap_counts_the_filtered_keys_and_says_when_there_are_more(people):
    _list_world(people)
    user = people.secretariat
    overdue = selectors.resolutions_for_user(user, overdue=True)
    assert overdue.count() == 2
    assert KeysFirstPaginator(overdue, 50, count_cap=10).count == 2

    everything = selectors.resolutions_for_user(user)
    capped = KeysFirstPaginator(
        everything, 2, count_cap=3, rows=lambda keys: selectors.resolution_rows(user, keys)
    )
    assert capped.count == 3 and capped.capped
    assert capped.num_pages == 2
    assert _pks(capped.page(2).object_list) == _pks(list(everything)[2:3])
    exact = KeysFirstPaginator(everything, 2, count_cap=7)
    assert exact.count == 7 and not exact.capped


# --- Review of past resolutions, paged through its summary -------------------------------------


@pytest.fixture
def review_world(people):
    """The HQ's review: five agencies with 4, 1, 3, 2 and 1 rows, an accepted row from before the
    last meeting (left out) and one accepted since (kept)."""
    old = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=70))
    last = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=12))
    counts = {VARZESH: 4, TAAVON: 1, BEHZISTI: 3, KARAJ: 2, EDUCATION: 1}
    for name, n in counts.items():
        for i in range(n):
            make_resolution(
                people.secretariat,
                meeting=old if i % 2 else last,
                text=f"مقرر گردید: {name} برنامه شماره {'۱۲۳۴'[i]} محلات را اجرا کند.",
                agencies=(name,),
                due=today() + datetime.timedelta(days=i * 7 - 10),
            )
    accepted_recently = make_resolution(
        people.secretariat, meeting=old, text="مقرر گردید: گزارش پذیرفته‌شده پس از آخرین جلسه."
    )
    services.review_progress_report(
        actor=people.secretariat,
        report=report(people.varzesh, assignment_of(accepted_recently)),
        decision="accept",
    )
    accepted_long_ago = make_resolution(
        people.secretariat, meeting=old, text="مقرر گردید: گزارش پذیرفته‌شده پیش از آخرین جلسه."
    )
    services.review_progress_report(
        actor=people.secretariat,
        report=report(people.varzesh, assignment_of(accepted_long_ago)),
        decision="accept",
    )
    Assignment.objects.filter(pk=assignment_of(accepted_long_ago).pk).update(
        accepted_at=datetime.datetime.combine(old.date, datetime.time(10), tzinfo=datetime.UTC)
    )
    return {"since": last.date, "total": sum(counts.values()) + 1}


def _review_rows(user, since):
    summary = review.past_review_summary(user, body=body(), since=since, today=today())
    return summary, review.PastReviewRows(user, body=body(), since=since, summary=summary)


@pytest.mark.parametrize("per_page", [1, 2, 3, 4, 5, 12, 13])
def test_every_page_of_the_review_in_order_is_the_whole_review(people, review_world, per_page):
    user = people.secretariat
    since = review_world["since"]
    expected = _pks(review.past_review_assignments(user, body=body(), since=since))
    assert len(expected) == review_world["total"] == 12
    summary, rows = _review_rows(user, since)
    assert len({item.rows for item in summary}) > 1  # agencies of different sizes
    assert len(rows) == rows.count() == 12
    paginator = Paginator(rows, per_page)
    assert paginator.count == 12
    pages = [paginator.page(number) for number in paginator.page_range]
    assert all(len(page.object_list) == per_page for page in pages[:-1])
    assert [pk for page in pages for pk in _pks(page.object_list)] == expected


def test_any_slice_of_the_review_matches_the_same_slice_of_its_rows(people, review_world):
    user = people.secretariat
    since = review_world["since"]
    expected = _pks(review.past_review_assignments(user, body=body(), since=since))
    _, rows = _review_rows(user, since)
    for start in range(0, 13):
        for stop in range(start, 14):
            assert _pks(rows[start:stop]) == expected[start:stop], (start, stop)


def test_review_rows_of_an_officer_are_their_agency_only(people, review_world):
    user = people.varzesh
    since = review_world["since"]
    expected = _pks(review.past_review_assignments(user, body=body(), since=since))
    summary, rows = _review_rows(user, since)
    assert [item.agency_name for item in summary] == [VARZESH]
    assert len(rows) == len(expected) == 5
    paginator = Paginator(rows, 2)
    assert [pk for n in paginator.page_range for pk in _pks(paginator.page(n).object_list)] == expected


def test_empty_review_is_an_empty_page(people):
    committee = body("کمیته بانوان و تحکیم بنیان خانواده")
    summary = review.past_review_summary(people.secretariat, body=committee, since=None, today=today())
    assert summary == []
    rows = review.PastReviewRows(people.secretariat, body=committee, since=None, summary=summary)
    assert len(rows) == 0 and rows[0:5] == []
    page = Paginator(rows, 5).page(1)
    assert list(page.object_list) == [] and page.paginator.count == 0


def test_second_page_of_the_review_on_screen(people, client_for, review_world, monkeypatch):
    from qarargah.resolutions import views

    monkeypatch.setattr(views, "PAST_REVIEW_PAGE_SIZE", 3)
    since = review_world["since"]
    expected = list(review.past_review_assignments(people.secretariat, body=body(), since=since))
    response = client_for(people.secretariat).get("/resolutions/past-review/", {"body": body().pk, "page": 2})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.number == 2 and page.paginator.count == 12
    assert _pks(page.object_list) == _pks(expected[3:6])
    html = response.content.decode()
    assert "ردیف‌ها ۴ تا ۶ از ۱۲" in html
    for assignment in expected[3:6]:
        assert assignment.resolution.text in html
    for assignment in expected[:3] + expected[6:]:
        assert assignment.resolution.text not in html
    # Every agency's totals are in the summary, whichever page the rows are on.
    summary = response.context["review"]["summary"]
    assert {item.agency_name for item in summary} == {VARZESH, TAAVON, BEHZISTI, KARAJ, EDUCATION}
    assert sum(item.rows for item in summary) == 12


@pytest.mark.parametrize("query", ["²", "①", "۱²"])
def test_digit_like_signs_are_searched_as_text_not_as_a_number(people, client_for, query):
    # str.isdigit() accepts «²» and «①» but int() refuses them: this was a server error.
    make_resolution(people.secretariat, text=LIBRARY)
    response = client_for(people.secretariat).get("/resolutions/", {"q": query})
    assert response.status_code == 200
    assert "مصوبه‌ای با این فیلترها پیدا نشد" in response.content.decode()
    meetings = client_for(people.secretariat).get("/meetings/", {"q": query})
    assert meetings.status_code == 200


def test_a_meeting_of_another_body_is_dropped_when_the_body_changes(people, client_for):
    hq_meeting = make_meeting(people.secretariat)
    make_resolution(people.secretariat, meeting=hq_meeting, text=LIBRARY)
    karaj = body(KARAJ_HQ)
    karaj_meeting = make_meeting(people.secretariat, body_name=KARAJ_HQ)
    make_resolution(people.secretariat, meeting=karaj_meeting, text=SPORTS)
    html = (
        client_for(people.secretariat)
        .get("/resolutions/", {"body": karaj.pk, "meeting": hq_meeting.pk})
        .content.decode()
    )
    # The Karaj body's resolutions, not an empty list filtered by a meeting no longer offered.
    assert "زمین‌های ورزشی مدارس" in html and "کتابخانه‌های عمومی" not in html


def test_one_or_two_digits_found_nothing_says_it_searched_numbers(people, client_for):
    make_resolution(people.secretariat, text=LIBRARY)
    html = client_for(people.secretariat).get("/resolutions/", {"q": "۹۷"}).content.decode()
    assert "جستجوی یک یا دو رقم فقط شماره مصوبه را می‌یابد" in html
    assert 'maxlength="200"' in html
