"""The registry's pages: who may open each, wrong methods, the upload flow with its mapping
and dry run, the quarantine, linking with progress, the review queue, the person page (reason
asked, access logged), exports and the suppressed aggregates."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qarargah.accounts.system import SYSTEM
from qarargah.persian import to_persian_digits
from qarargah.registries import linking, services
from qarargah.registries.models import (
    AccessLog,
    LinkRun,
    MatchDecision,
    Person,
    QuarantinedRow,
    ReviewItem,
    Source,
    SourceRecord,
)

from .conftest import STANDARD_HEADER, csv_bytes, with_check_digit
from .test_linking import FakePair, FakeResult

pytestmark = pytest.mark.django_db

CODE = with_check_digit("004567891")


def load(source, rows):
    services.import_upload(
        actor=SYSTEM, source=source, filename="list.csv", data=csv_bytes([STANDARD_HEADER, *rows])
    )


@pytest.fixture
def linked(monkeypatch, alborz, welfare_source, sports_source):
    """Two agencies' records of one person (same code), and one record each of two others."""
    load(welfare_source, [["w1", CODE, "مریم", "احمدی", "", "", "زن", "", "", "کرج", "", ""]])
    load(welfare_source, [["w2", "", "رضا", "نوری", "", "", "", "", "", "", "", ""]])
    load(sports_source, [["s1", CODE, "مریم", "احمدی", "", "", "", "", "", "", "", ""]])
    load(sports_source, [["s2", "", "رضا", "نوری", "", "", "", "", "", "", "", ""]])
    r = {x.external_id: x for x in SourceRecord.objects.all()}
    k = {name: str(rec.pk) for name, rec in r.items()}
    monkeypatch.setattr(
        linking,
        "call_engine",
        lambda records, decisions, progress, model=None: FakeResult(
            clusters={k["w1"]: "a", k["s1"]: "a", k["w2"]: "b", k["s2"]: "c"},
            match={k["w1"]: "code", k["s1"]: "code", k["w2"]: "review", k["s2"]: "review"},
            review_pairs=[FakePair(k["w2"], k["s2"], 0.93, 3.5, [("نام", True, 2.5)])],
            households={},
        ),
    )
    services.run_linking(actor=SYSTEM, province=alborz)
    for rec in r.values():
        rec.refresh_from_db()
    return r


# --- Who opens what ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["registries:sources", "registries:quarantine", "registries:persons", "registries:export"]
)
def test_source_pages_are_for_the_data_officer_and_agencies(client_for, people, name):
    assert client_for(people.data_officer).get(reverse(name)).status_code == 200
    assert client_for(people.taavon).get(reverse(name)).status_code == 200
    for user in (people.leadership, people.national, people.secretariat, people.admin):
        response = client_for(user).get(reverse(name))
        assert response.status_code == 403, (user, name)


@pytest.mark.parametrize("name", ["registries:link", "registries:review_list"])
def test_linking_pages_are_for_the_data_officer_only(client_for, people, name):
    assert client_for(people.data_officer).get(reverse(name)).status_code == 200
    for user in (people.taavon, people.leadership, people.secretariat, people.admin):
        assert client_for(user).get(reverse(name)).status_code == 403


def test_the_aggregates_are_for_leadership_and_the_secretariat_not_agencies(client_for, people):
    for user in (people.leadership, people.national, people.secretariat, people.data_officer):
        assert client_for(user).get(reverse("registries:aggregates")).status_code == 200
    response = client_for(people.taavon).get(reverse("registries:aggregates"))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("registries:quarantine", "post"),
        ("registries:review_list", "post"),
        ("registries:persons", "post"),
        ("registries:aggregates", "post"),
        ("registries:aggregates_xlsx", "post"),
        ("registries:group_create", "get"),
        ("registries:sources", "delete"),
        ("registries:link", "put"),
        ("registries:export", "delete"),
    ],
)
def test_wrong_methods(client_for, people, name, method):
    response = getattr(client_for(people.data_officer), method)(reverse(name))
    assert response.status_code == 405


def test_wrong_methods_on_object_pages(client_for, people, linked):
    officer = client_for(people.data_officer)
    person = linked["w1"].person
    item = ReviewItem.objects.get()
    run = LinkRun.objects.get()
    assert officer.delete(reverse("registries:person", args=[person.pk])).status_code == 405
    assert officer.put(reverse("registries:review", args=[item.pk])).status_code == 405
    assert officer.post(reverse("registries:link_run", args=[run.pk])).status_code == 405
    assert officer.post(reverse("registries:link_run_status", args=[run.pk])).status_code == 405
    source = Source.objects.first()
    assert officer.delete(reverse("registries:source", args=[source.pk])).status_code == 405


# --- Sources and uploads -------------------------------------------------------------------


def test_the_data_officer_creates_a_source(client_for, people, alborz):
    response = client_for(people.data_officer).post(
        reverse("registries:sources"), {"name": "فهرست کمیته امداد"}
    )
    source = Source.objects.get(name="فهرست کمیته امداد")
    assert response.status_code == 302
    assert response["Location"] == reverse("registries:source", args=[source.pk])
    assert source.province == alborz
    again = client_for(people.data_officer).post(reverse("registries:sources"), {"name": "فهرست کمیته امداد"})
    assert "منبعی با نام «فهرست کمیته امداد» در این استان هست." in again.content.decode()


def test_an_agency_officer_adds_a_source_only_for_its_own_agency(client_for, people, alborz):
    from qarargah.organisations.models import Agency

    other = Agency.objects.get(province=alborz, name="اداره کل ورزش و جوانان")
    response = client_for(people.taavon).post(
        reverse("registries:sources"), {"name": "فهرست دیگر", "agency": other.pk}
    )
    assert response.status_code == 200
    assert not Source.objects.filter(name="فهرست دیگر").exists()


def test_upload_preview_mapping_and_confirm(client_for, people, welfare_source):
    officer = client_for(people.data_officer)
    rows = [
        ["شماره پرونده", "کد ملی", "اسم", "نام خانوادگی", "تاریخ تولد", "توضیح"],
        ["p1", CODE, "مریم", "احمدی", "12/05/1370", "نیازمند"],
        ["p2", "123", "رضا", "نوری", "1368/01/01", ""],
    ]
    upload = SimpleUploadedFile("list.csv", csv_bytes(rows), content_type="text/csv")
    response = officer.post(reverse("registries:source", args=[welfare_source.pk]), {"file": upload})
    assert response.status_code == 302
    preview_url = response["Location"]
    page = officer.get(preview_url).content.decode()
    assert "تازه: ۱ · به‌روزشده: ۰ · بدون تغییر: ۰ · قرنطینه: ۱" in page
    assert "کد ملی «123» باید ۱۰ رقم باشد." in page
    assert "ستون‌های «اسم»، «توضیح» شناخته نشد" in page
    assert SourceRecord.objects.count() == 0  # a dry run
    # «اسم» is the first name: chosen in the mapping step, then confirmed.
    data = {"col0": "source_id", "col1": "national_code", "col2": "first_name", "col3": "last_name"}
    data |= {"col4": "birth_date", "col5": "", "confirm": "1"}
    response = officer.post(preview_url, data)
    assert response.status_code == 302
    record = SourceRecord.objects.get(external_id="p1")
    assert record.first_name == "مریم"
    assert record.birth_date.isoformat() == "1991-08-03"
    assert record.attributes == {"توضیح": "نیازمند"}
    assert QuarantinedRow.objects.get().row_number == 3
    welfare_source.refresh_from_db()
    assert welfare_source.column_mapping["اسم"] == "first_name"
    # The mapping is remembered: the next file with the same headers needs no step.
    result = services.import_upload(
        actor=SYSTEM, source=welfare_source, filename="again.csv", data=csv_bytes(rows), dry_run=True
    )
    assert result.unknown_headers == []
    assert result.unchanged == 1


def test_another_agency_cannot_upload_or_see_the_source(client_for, people, welfare_source, sports_source):
    varzesh = client_for(people.varzesh)
    assert varzesh.get(reverse("registries:source", args=[welfare_source.pk])).status_code == 404
    assert varzesh.get(reverse("registries:source", args=[sports_source.pk])).status_code == 200
    upload = SimpleUploadedFile("list.csv", b"a,b\n1,2\n", content_type="text/csv")
    response = varzesh.post(reverse("registries:source", args=[welfare_source.pk]), {"file": upload})
    assert response.status_code == 404


def test_an_unreadable_upload_is_refused_on_the_form(client_for, people, welfare_source):
    upload = SimpleUploadedFile("list.pdf", b"%PDF", content_type="application/pdf")
    response = client_for(people.data_officer).post(
        reverse("registries:source", args=[welfare_source.pk]), {"file": upload}
    )
    assert response.status_code == 200
    assert "نوع فایل پذیرفته نیست." in response.content.decode()


def test_quarantine_correction(client_for, people, welfare_source):
    load(welfare_source, [["q1", "1234567890", "سارا", "کریمی", "", "", "", "", "", "", "", ""]])
    row = QuarantinedRow.objects.get()
    officer = client_for(people.data_officer)
    page = officer.get(reverse("registries:quarantine")).content.decode()
    assert "کد ملی «1234567890» معتبر نیست (رقم کنترل نمی‌خواند)." in page
    url = reverse("registries:quarantine_fix", args=[row.pk])
    bad = officer.post(url, {"source_id": "q1", "national_code": "1234567890", "first_name": "سارا"})
    assert "ردیف هنوز درست نیست: کد ملی «1234567890» معتبر نیست (رقم کنترل نمی‌خواند)." in bad.content.decode()
    good = officer.post(
        url, {"source_id": "q1", "national_code": CODE, "first_name": "سارا", "last_name": "کریمی"}
    )
    assert good.status_code == 302
    row.refresh_from_db()
    assert row.resolved
    assert SourceRecord.objects.get(external_id="q1").national_code == CODE
    assert client_for(people.varzesh).get(url).status_code == 404


# --- Linking and review --------------------------------------------------------------------


def test_a_link_run_from_the_page_shows_its_progress(
    client_for, people, monkeypatch, welfare_source, django_capture_on_commit_callbacks
):
    load(welfare_source, [["w1", CODE, "مریم", "احمدی", "", "", "", "", "", "", "", ""]])
    rec = SourceRecord.objects.get()
    monkeypatch.setattr(
        linking,
        "call_engine",
        lambda records, decisions, progress, model=None: FakeResult(
            clusters={str(rec.pk): "a"}, match={str(rec.pk): "single"}, review_pairs=[], households={}
        ),
    )
    officer = client_for(people.data_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(reverse("registries:link"))
    run = LinkRun.objects.get()
    assert response["Location"] == reverse("registries:link_run", args=[run.pk])
    status = officer.get(reverse("registries:link_run_status", args=[run.pk])).json()
    assert status == {
        "status": "done",
        "status_label": "پایان‌یافته",
        "stage": "پایان",
        "percent": 100,
        "percent_fa": "۱۰۰",
        "finished": True,
    }
    page = officer.get(reverse("registries:link_run", args=[run.pk])).content.decode()
    assert "۱ رکورد به ۱ فرد رسید" in page
    assert "این اجرا همه رکوردها را سنجید." in page
    assert not run.retrain and not run.incremental and run.linked == 1
    assert "همه رکوردها</td>" in officer.get(reverse("registries:link")).content.decode()
    assert (
        client_for(people.markazi_secretariat).get(reverse("registries:link_run", args=[run.pk])).status_code
        == 403
    )


def test_the_page_asks_for_a_retrained_full_run(
    client_for, people, monkeypatch, welfare_source, django_capture_on_commit_callbacks
):
    load(welfare_source, [["w1", CODE, "مریم", "احمدی", "", "", "", "", "", "", "", ""]])
    retrained = []

    def run_linking(*, actor, province, run=None, progress=None, retrain=False):
        retrained.append(retrain)
        return services.LinkSummary(records=1, persons=1, counts={}, review_items=0, seconds=0.0)

    monkeypatch.setattr(services, "run_linking", run_linking)
    page = client_for(people.data_officer).get(reverse("registries:link")).content.decode()
    assert 'name="retrain"' in page and "آموزش دوباره مدل و سنجش همه رکوردها" in page
    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.data_officer).post(reverse("registries:link"), {"retrain": "1"})
    assert LinkRun.objects.get().retrain is True
    assert retrained == [True]


def test_review_side_by_side_and_decision(client_for, people, linked):
    item = ReviewItem.objects.get()
    officer = client_for(people.data_officer)
    page = officer.get(reverse("registries:review", args=[item.pk])).content.decode()
    assert "آیا این دو رکورد یک نفرند؟" in page
    assert "۹۳٫۰٪" in page
    assert "سهم هر فیلد در وزن تطابق" in page
    response = officer.post(reverse("registries:review", args=[item.pk]), {"decision": "link"})
    assert response["Location"] == reverse("registries:review_list")
    assert MatchDecision.objects.get().decision == "link"
    bad = officer.post(reverse("registries:review", args=[item.pk]), {"decision": "maybe"})
    assert bad.status_code == 302
    assert client_for(people.taavon).get(reverse("registries:review", args=[item.pk])).status_code == 403


# --- Persons -------------------------------------------------------------------------------


def test_the_person_page_asks_a_reason_and_logs_each_view(client_for, people, linked):
    person = linked["w1"].person
    officer = client_for(people.data_officer)
    url = reverse("registries:person", args=[person.pk])
    first = officer.get(url).content.decode()
    assert "دلیل دیدن این اطلاعات" in first
    assert "مریم" not in first
    assert AccessLog.objects.count() == 0
    short = officer.post(url, {"reason": "چرا"})
    assert "دلیل دیدن اطلاعات این فرد را بنویسید (دست‌کم ۵ نویسه)." in short.content.decode()
    shown = officer.post(url, {"reason": "بررسی پرونده برای کمک معیشتی"}).content.decode()
    assert "مریم" in shown
    assert "اداره کل ورزش و جوانان" in shown and "اداره کل تعاون، کار و رفاه اجتماعی" in shown
    log = AccessLog.objects.get()
    assert (log.user, log.person, log.action, log.reason) == (
        people.data_officer,
        person,
        "view",
        "بررسی پرونده برای کمک معیشتی",
    )


def test_an_agency_sees_only_its_own_records_of_a_person(client_for, people, linked):
    person = linked["w1"].person
    shown = (
        client_for(people.taavon)
        .post(reverse("registries:person", args=[person.pk]), {"reason": "پیگیری خدمت اداره"})
        .content.decode()
    )
    assert "فهرست مددجویان تعاون" in shown
    assert "فهرست ورزش" not in shown
    # A person only another agency serves is hidden: the same 404 as a missing one.
    only_sports = linked["s2"].person
    assert (
        client_for(people.taavon).get(reverse("registries:person", args=[only_sports.pk])).status_code == 404
    )
    assert client_for(people.taavon).get(reverse("registries:person", args=[999999])).status_code == 404


def test_leadership_never_sees_a_person(client_for, people, linked):
    person = linked["w1"].person
    for user in (people.leadership, people.national, people.secretariat, people.admin):
        response = client_for(user).post(
            reverse("registries:person", args=[person.pk]), {"reason": "کنجکاوی مدیر"}
        )
        assert response.status_code == 403
    assert AccessLog.objects.count() == 0


def test_person_search(client_for, people, linked):
    officer = client_for(people.data_officer)
    page = officer.get(reverse("registries:persons"), {"q": CODE}).content.decode()
    assert to_persian_digits(linked["w1"].person.registry_id) in page
    varzesh = client_for(people.varzesh).get(reverse("registries:persons"), {"q": "نوری"}).content.decode()
    assert to_persian_digits(linked["s2"].person.registry_id) in varzesh
    assert to_persian_digits(linked["w2"].person.registry_id) not in varzesh


def test_person_level_export_is_logged_and_scoped(client_for, people, linked):
    from python_calamine import CalamineWorkbook

    response = client_for(people.taavon).post(reverse("registries:export"), {"reason": "گزارش ماهانه اداره"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert len(rows) == 3  # header and the two records of its own agency
    assert {r[2] for r in rows[1:]} == {"فهرست مددجویان تعاون"}
    log = AccessLog.objects.get()
    assert (log.action, log.detail) == ("export", "2 رکورد")


# --- Aggregates ----------------------------------------------------------------------------


def test_aggregates_suppress_small_counts(client_for, people, linked, settings):
    from qarargah.registries.models import TargetGroup

    needy = TargetGroup.objects.get(code="needy_families")
    Source.objects.get(name="فهرست مددجویان تعاون").groups.add(needy)
    page = client_for(people.leadership).get(reverse("registries:aggregates")).content.decode()
    assert "شمارهای کمتر از ۱۰" in page
    assert "مریم" not in page
    settings.QARARGAH_REGISTRY_MIN_CELL = 1
    page = client_for(people.leadership).get(reverse("registries:aggregates")).content.decode()
    assert "خانواده‌های نیازمند" in page
    xlsx = client_for(people.leadership).get(reverse("registries:aggregates_xlsx"))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == "attachment; filename=registry-aggregates.xlsx"


def test_aggregates_of_another_province_are_hidden(client_for, people, markazi, alborz):
    response = client_for(people.leadership).get(reverse("registries:aggregates"), {"province": markazi.pk})
    assert response.status_code == 404
    assert (
        client_for(people.national)
        .get(reverse("registries:aggregates"), {"province": markazi.pk})
        .status_code
        == 200
    )


def test_person_count(linked):
    assert Person.objects.count() == 3


def test_the_preview_and_the_correction_pages_refuse_wrong_methods_and_other_agencies(
    client_for, people, welfare_source
):
    officer = client_for(people.data_officer)
    upload = SimpleUploadedFile(
        "list.csv", csv_bytes([STANDARD_HEADER, ["a", CODE, "علی", "", "", "", "", "", "", "", "", ""]])
    )
    preview_url = officer.post(reverse("registries:source", args=[welfare_source.pk]), {"file": upload})[
        "Location"
    ]
    assert officer.delete(preview_url).status_code == 405
    assert client_for(people.varzesh).get(preview_url).status_code == 404
    # The token is the uploader's own: another data officer's session does not reach it.
    assert client_for(people.taavon).get(preview_url).status_code == 404
    load(welfare_source, [["q1", "1234567890", "سارا", "", "", "", "", "", "", "", "", ""]])
    row = QuarantinedRow.objects.get()
    assert officer.delete(reverse("registries:quarantine_fix", args=[row.pk])).status_code == 405
    assert (
        client_for(people.leadership).get(reverse("registries:quarantine_fix", args=[row.pk])).status_code
        == 404
    )


def test_the_data_officers_home_and_menu(client_for, people):
    page = client_for(people.data_officer).get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "ثبت یکپارچه گروه‌های هدف" in html
    assert reverse("registries:review_list") in html
