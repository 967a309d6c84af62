"""The programme's pages: who sees what, who may write, wrong methods, bad input kept."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from qarargah.neighbourhoods.models import Need, NeedStatus

pytestmark = pytest.mark.django_db


def csv_upload(rows, name="survey.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["محله", "محور", "عنوان مسئله", "شدت (۱ تا ۵)"])
    w.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


# --- Who reaches which page --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("secretariat", 200),
        ("leadership", 200),
        ("karaj_governorate", 200),
        ("hesar_manager", 200),
        ("national", 200),
        ("varzesh", 403),
    ],
)
def test_the_neighbourhood_list_by_role(hoods, people, client_for, persona, expected):
    assert client_for(getattr(people, persona)).get(reverse("neighbourhoods:list")).status_code == expected


def test_the_list_filters_by_county_and_an_unknown_county_is_404(hoods, people, client_for):
    c = client_for(people.secretariat)
    page = c.get(reverse("neighbourhoods:list"), {"county": hoods.hesar.county_id}).content.decode()
    assert "حصار" in page and "منظریه" not in page
    assert c.get(reverse("neighbourhoods:list"), {"county": 999999}).status_code == 404
    assert c.get(reverse("neighbourhoods:list"), {"county": "x"}).status_code == 404


def test_the_house_manager_sees_its_neighbourhood_only(hoods, people, client_for):
    c = client_for(people.hesar_manager)
    page = c.get(reverse("neighbourhoods:list")).content.decode()
    assert "حصار" in page and "سهرابیه" not in page
    assert c.get(reverse("neighbourhoods:detail", args=[hoods.sohrabieh.pk])).status_code == 404


def test_the_neighbourhood_page_shows_profile_house_staff_and_needs_by_axis(hoods, people, client_for):
    page = client_for(people.karaj_governorate).get(reverse("neighbourhoods:detail", args=[hoods.hesar.pk]))
    text = page.content.decode()
    assert "پهنه ۲" in text and "فعال" in text and "فاطمه کریمی" in text and "۰۹۱۲۱۲۳۴۵۶۷" in text
    assert "امور فرهنگی و مذهبی" in text and "نبود فضای ورزشی برای نوجوانان" in text
    assert "آب آشامیدنی ناسالم" not in text  # Sohrabieh's


def test_a_markazi_secretariat_does_not_see_alborz(hoods, people, client_for):
    c = client_for(people.markazi_secretariat)
    assert c.get(reverse("neighbourhoods:detail", args=[hoods.hesar.pk])).status_code == 404
    assert c.get(reverse("neighbourhoods:need_detail", args=[hoods.jobs.pk])).status_code == 404


def test_an_agency_officer_sees_only_needs_referred_to_it_and_no_contacts(hoods, people, client_for):
    c = client_for(people.varzesh)
    listing = c.get(reverse("neighbourhoods:need_list")).content.decode()
    assert "نبود فضای ورزشی" in listing and "بیکاری زنان" not in listing
    detail = c.get(reverse("neighbourhoods:need_detail", args=[hoods.sports.pk])).content.decode()
    # The timeline names who registered it (a user), but no staff card and no phone number.
    assert "۰۹۱۲۱۲۳۴۵۶۷" not in detail and "09121234567" not in detail and "کارکنان خانه محله" not in detail
    assert c.get(reverse("neighbourhoods:need_detail", args=[hoods.jobs.pk])).status_code == 404
    assert c.get(reverse("neighbourhoods:detail", args=[hoods.hesar.pk])).status_code == 403
    # Another agency sees nothing of it.
    assert (
        client_for(people.taavon)
        .get(reverse("neighbourhoods:need_detail", args=[hoods.sports.pk]))
        .status_code
        == 404
    )


# --- Registering and editing --------------------------------------------------------------------------


def test_the_house_manager_registers_a_need_with_persian_digits(hoods, people, client_for):
    c = client_for(people.hesar_manager)
    response = c.post(
        reverse("neighbourhoods:need_create", args=[hoods.hesar.pk]),
        {
            "axis": "education",
            "title": "کلاس سوادآموزی",
            "source": "house_manager",
            "severity": "۳",
            "households": "۴۰",
            "residents": "",
        },
    )
    need = Need.objects.get(title="کلاس سوادآموزی")
    assert response.status_code == 302 and response["Location"] == reverse(
        "neighbourhoods:need_detail", args=[need.pk]
    )
    assert (need.severity, need.households, need.neighbourhood) == (3, 40, hoods.hesar)


def test_severity_9_is_refused_at_the_field_and_what_was_typed_stays(hoods, people, client_for):
    c = client_for(people.hesar_manager)
    response = c.post(
        reverse("neighbourhoods:need_create", args=[hoods.hesar.pk]),
        {"axis": "health", "title": "عنوانی که نباید گم شود", "source": "survey", "severity": "9"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "شدت باید عددی از ۱ تا ۵ باشد." in text and "عنوانی که نباید گم شود" in text
    assert not Need.objects.filter(title="عنوانی که نباید گم شود").exists()


def test_an_unknown_axis_is_refused(hoods, people, client_for):
    response = client_for(people.hesar_manager).post(
        reverse("neighbourhoods:need_create", args=[hoods.hesar.pk]),
        {"axis": "sport", "title": "x", "source": "survey", "severity": "2"},
    )
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()


def test_a_house_manager_cannot_create_or_edit_in_another_neighbourhood(hoods, people, client_for):
    c = client_for(hoods.sohrabieh_manager)
    # Hesar is hidden from Sohrabieh's manager: 404, the same as a missing one.
    assert c.get(reverse("neighbourhoods:need_create", args=[hoods.hesar.pk])).status_code == 404
    assert (
        c.post(reverse("neighbourhoods:need_edit", args=[hoods.jobs.pk]), {"title": "x"}).status_code == 404
    )
    # The county governorate sees Hesar but does not register its needs: 403.
    g = client_for(people.karaj_governorate)
    assert g.get(reverse("neighbourhoods:need_create", args=[hoods.hesar.pk])).status_code == 403
    assert g.get(reverse("neighbourhoods:need_edit", args=[hoods.jobs.pk])).status_code == 403
    assert (
        client_for(people.leadership)
        .post(
            reverse("neighbourhoods:need_create", args=[hoods.hesar.pk]),
            {"axis": "health", "title": "x", "severity": "2"},
        )
        .status_code
        == 403
    )


def test_edit_with_a_stale_version_keeps_the_typed_text(hoods, people, client_for):
    c = client_for(people.hesar_manager)
    url = reverse("neighbourhoods:need_edit", args=[hoods.jobs.pk])
    assert c.get(url).status_code == 200
    response = c.post(
        url,
        {
            "axis": "employment",
            "title": "عنوان تازه",
            "source": "house_manager",
            "severity": "4",
            "version": "99",
        },
    )
    assert response.status_code == 200 and "عنوان تازه" in response.content.decode()
    assert "تغییر کرده است" in response.content.decode()
    hoods.jobs.refresh_from_db()
    assert hoods.jobs.severity == 5


def test_refer_and_status_buttons(hoods, people, client_for):
    g = client_for(people.karaj_governorate)
    response = g.post(reverse("neighbourhoods:need_refer", args=[hoods.jobs.pk]), {"agency": hoods.taavon.pk})
    assert response.status_code == 302
    hoods.jobs.refresh_from_db()
    assert hoods.jobs.status == NeedStatus.REFERRED
    assert (
        client_for(people.hesar_manager)
        .post(reverse("neighbourhoods:need_refer", args=[hoods.jobs.pk]), {"agency": hoods.taavon.pk})
        .status_code
        == 403
    )
    t = client_for(people.taavon)
    assert (
        t.post(
            reverse("neighbourhoods:need_status", args=[hoods.jobs.pk]), {"status": "in_progress"}
        ).status_code
        == 302
    )
    hoods.jobs.refresh_from_db()
    assert hoods.jobs.status == NeedStatus.IN_PROGRESS
    assert (
        client_for(people.varzesh)
        .post(reverse("neighbourhoods:need_status", args=[hoods.jobs.pk]), {"status": "solved"})
        .status_code
        == 404
    )


def test_an_agency_that_is_not_in_the_list_is_refused_at_the_field(hoods, people, client_for, markazi):
    from qarargah.organisations.models import Agency

    other = Agency.objects.filter(province=markazi).first()
    response = client_for(people.secretariat).post(
        reverse("neighbourhoods:need_refer", args=[hoods.jobs.pk]), {"agency": other.pk}
    )
    assert response.status_code == 200 and "این دستگاه در فهرست نیست." in response.content.decode()


# --- Import ----------------------------------------------------------------------------------------------


def test_import_preview_then_confirm(hoods, people, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = client_for(people.hesar_manager)
    response = c.post(
        reverse("neighbourhoods:import"), {"file": csv_upload([["حصار", "سلامت", "نبود داروخانه", "3"]])}
    )
    text = response.content.decode()
    assert (
        "import-preview" in text
        and "نبود داروخانه" in text
        and not Need.objects.filter(title="نبود داروخانه").exists()
    )
    token = response.context["token"]
    # Another user cannot confirm it.
    other = client_for(people.secretariat)
    assert other.post(reverse("neighbourhoods:import_confirm", args=[token])).status_code == 404
    assert c.post(reverse("neighbourhoods:import_confirm", args=[token])).status_code == 302
    assert Need.objects.filter(title="نبود داروخانه", neighbourhood=hoods.hesar).count() == 1


def test_import_with_a_bad_row_shows_its_number_and_reason(hoods, people, client_for):
    c = client_for(people.hesar_manager)
    rows = [["حصار", "health", f"مسئله {i}", "2"] for i in range(500)]
    rows[99][1] = "ورزش"
    text = c.post(reverse("neighbourhoods:import"), {"file": csv_upload(rows)}).content.decode()
    assert "import-errors" in text and "<td>۱۰۱</td>" in text and "محور «ورزش» شناخته نشد" in text
    assert "تأیید و ثبت" not in text
    assert not Need.objects.filter(title="مسئله 0").exists()


def test_import_template_downloads(hoods, people, client_for):
    c = client_for(people.hesar_manager)
    xlsx = c.get(reverse("neighbourhoods:import_template"))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    csv_ = c.get(reverse("neighbourhoods:import_template"), {"format": "csv"})
    assert csv_.content.decode("utf-8-sig").startswith("شهرستان,محله,محور")
    assert client_for(people.varzesh).get(reverse("neighbourhoods:import_template")).status_code == 403


# --- Priorities -----------------------------------------------------------------------------------------


def test_the_ranked_list_shows_why(hoods, people, client_for):
    c = client_for(people.karaj_governorate)
    response = c.get(reverse("neighbourhoods:priorities"))
    assert response.status_code == 200
    p = response.context["p"]
    assert p.county == hoods.hesar.county
    assert p.needs[0].need == hoods.sports  # severity 4, 300 households, 120 residents
    text = response.content.decode()
    assert "چرا این رتبه" in text and "۱۰۰ × (۴×۴/۵ + ۳×۳۰۰/۵۰۰ + ۲×۱۲۰/۲۰۰" in text
    assert "جمع امتیاز ۲ مسئله باز" in text


def test_weights_page_is_the_secretariats_and_changes_the_score(hoods, people, client_for):
    assert client_for(people.karaj_governorate).get(reverse("neighbourhoods:weights")).status_code == 403
    c = client_for(people.secretariat)
    data = {
        "severity": "1",
        "households": "0",
        "residents": "0",
        "age": "0",
        "households_cap": "500",
        "residents_cap": "200",
        "age_cap_days": "180",
    }
    assert c.post(reverse("neighbourhoods:weights"), data).status_code == 302
    p = c.get(reverse("neighbourhoods:priorities"), {"county": hoods.hesar.county_id}).context["p"]
    assert p.needs[0].need == hoods.jobs and p.needs[0].score.score == 100.0
    bad = c.post(reverse("neighbourhoods:weights"), {**data, "severity": "0"})
    assert bad.status_code == 200 and "دست‌کم یکی از وزن‌ها" in bad.content.decode()


# --- Wrong methods and the home panel ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("neighbourhoods:list", [], "post"),
        ("neighbourhoods:need_list", [], "post"),
        ("neighbourhoods:priorities", [], "post"),
        ("neighbourhoods:import_template", [], "post"),
        ("neighbourhoods:need_refer", ["need"], "get"),
        ("neighbourhoods:need_status", ["need"], "get"),
        ("neighbourhoods:import_confirm", ["x" * 24], "get"),
        ("neighbourhoods:need_create", ["hesar"], "put"),
        ("neighbourhoods:import", [], "delete"),
    ],
)
def test_wrong_methods_are_405(hoods, people, client_for, name, args, method):
    args = [hoods.jobs.pk if a == "need" else hoods.hesar.pk if a == "hesar" else a for a in args]
    response = getattr(client_for(people.secretariat), method)(reverse(name, args=args))
    assert response.status_code == 405


def test_the_house_managers_home_shows_its_needs(hoods, people, client_for):
    text = client_for(people.hesar_manager).get("/").content.decode()
    assert "مسائل باز محله حصار" in text and "بیکاری زنان سرپرست خانوار" in text
    assert "مسائل باز محله" not in client_for(people.varzesh).get("/").content.decode()


def test_anonymous_is_sent_to_login(hoods, client):
    response = client.get(reverse("neighbourhoods:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
