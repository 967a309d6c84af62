"""Each role's boundaries on the follow-up pages: hidden is 404 (same as missing), visible but
not yours to change is 403, and read-only roles see no action buttons."""

from __future__ import annotations

import datetime
import re

import pytest

from qarargah.resolutions import services
from qarargah.resolutions.models import AssignmentStatus

from .factories import TAAVON, VARZESH, assignment_of, make_resolution, pdf_bytes, report, today, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH, TAAVON), neighbourhoods=("حصار",))
    taavon = assignment_of(resolution, TAAVON)
    taavon_report = report(people.taavon, taavon, files=[upload("taavon.pdf", pdf_bytes())])
    extension = services.request_deadline_extension(
        actor=people.taavon,
        assignment=taavon,
        requested_due_date=today() + datetime.timedelta(days=30),
        reason="x",
    )
    return {
        "resolution": resolution,
        "varzesh": assignment_of(resolution, VARZESH),
        "taavon": taavon,
        "report": taavon_report,
        "attachment": taavon_report.attachments.get(),
        "extension": extension,
    }


def test_officer_of_agency_a_gets_404_on_agency_bs_things(people, client_for, world):
    client = client_for(people.varzesh)
    assert client.get(f"/resolutions/assignments/{world['taavon'].pk}/").status_code == 404
    assert client.get(f"/resolutions/attachments/{world['attachment'].pk}/").status_code == 404
    assert (
        client.post(f"/resolutions/assignments/{world['taavon'].pk}/report/", {"text": "x"}).status_code
        == 404
    )
    assert client.post(f"/resolutions/assignments/{world['taavon'].pk}/start/").status_code == 404
    assert (
        client.post(f"/resolutions/reports/{world['report'].pk}/review/", {"decision": "accept"}).status_code
        == 404
    )
    assert (
        client.post(
            f"/resolutions/extensions/{world['extension'].pk}/decide/", {"decision": "approve"}
        ).status_code
        == 404
    )
    # Their own assignment on the same resolution is fine.
    assert client.get(f"/resolutions/assignments/{world['varzesh'].pk}/").status_code == 200


def test_officer_may_not_review_their_own_report_or_edit(people, client_for, world):
    client = client_for(people.taavon)
    assert (
        client.post(f"/resolutions/reports/{world['report'].pk}/review/", {"decision": "accept"}).status_code
        == 403
    )
    assert (
        client.post(
            f"/resolutions/extensions/{world['extension'].pk}/decide/", {"decision": "approve"}
        ).status_code
        == 403
    )
    assert client.get(f"/resolutions/{world['resolution'].pk}/edit/").status_code == 403
    assert client.get("/resolutions/reviews/").status_code == 403


def test_other_province_gets_404_everywhere(people, client_for, world):
    for person in (people.markazi_secretariat, people.markazi_officer):
        client = client_for(person)
        for url in (
            f"/resolutions/{world['resolution'].pk}/",
            f"/resolutions/{world['resolution'].pk}/edit/",
            f"/resolutions/assignments/{world['taavon'].pk}/",
            f"/resolutions/attachments/{world['attachment'].pk}/",
        ):
            assert client.get(url).status_code == 404, (person, url)
        assert (
            client.post(
                f"/resolutions/reports/{world['report'].pk}/review/", {"decision": "accept"}
            ).status_code
            == 404
        )
        assert client.post(f"/resolutions/{world['resolution'].pk}/assignments/add/", {}).status_code == 404
    html = client_for(people.markazi_secretariat).get("/resolutions/").content.decode()
    assert world["resolution"].text not in html


def test_leadership_and_national_read_without_buttons_and_get_403_on_post(people, client_for, world):
    for person in (people.leadership, people.national):
        client = client_for(person)
        page = client.get(f"/resolutions/{world['resolution'].pk}/").content.decode()
        assert world["resolution"].text in page
        for button in (
            "پذیرش گزارش",
            "موافقت با تمدید",
            f"/resolutions/{world['resolution'].pk}/edit/",
            "افزودن دستگاه",
        ):
            assert button not in page, (person, button)
        assert client.get(f"/resolutions/assignments/{world['taavon'].pk}/").status_code == 200
        assert (
            "ارسال گزارش"
            not in client.get(f"/resolutions/assignments/{world['taavon'].pk}/").content.decode()
        )
        for url, data in (
            (f"/resolutions/reports/{world['report'].pk}/review/", {"decision": "accept"}),
            (f"/resolutions/extensions/{world['extension'].pk}/decide/", {"decision": "approve"}),
            (f"/resolutions/{world['resolution'].pk}/edit/", {"text": "x"}),
            (f"/resolutions/{world['resolution'].pk}/assignments/add/", {}),
            (f"/resolutions/assignments/{world['varzesh'].pk}/remove/", {}),
            (f"/resolutions/assignments/{world['varzesh'].pk}/start/", {}),
            (f"/resolutions/assignments/{world['varzesh'].pk}/report/", {"text": "x"}),
            (f"/resolutions/assignments/{world['varzesh'].pk}/extension/", {}),
        ):
            assert client.post(url, data).status_code == 403, (person, url)
        assert client.get("/resolutions/scoreboard/").status_code == 200
        assert client.get("/resolutions/reviews/").status_code == 403
    world["varzesh"].refresh_from_db()
    assert world["varzesh"].status == AssignmentStatus.NEW


def test_403_page_says_why_in_persian(people, client_for, world):
    response = client_for(people.leadership).post(
        f"/resolutions/reports/{world['report'].pk}/review/", {"decision": "accept"}
    )
    assert response.status_code == 403
    assert 'dir="rtl"' in response.content.decode()


def test_house_manager_reads_resolutions_of_their_neighbourhood(people, client_for, world):
    elsewhere = make_resolution(
        people.secretariat, text="مصوبه‌ای برای محله‌ای دیگر", neighbourhoods=("سهرابیه",)
    )
    client = client_for(people.hesar_manager)
    html = client.get("/resolutions/").content.decode()
    assert world["resolution"].text in html
    assert elsewhere.text not in html
    assert client.get(f"/resolutions/{elsewhere.pk}/").status_code == 404
    page = client.get(f"/resolutions/{world['resolution'].pk}/").content.decode()
    assert "پذیرش گزارش" not in page
    assert (
        client.post(f"/resolutions/reports/{world['report'].pk}/review/", {"decision": "accept"}).status_code
        == 403
    )


def test_scoreboard_is_not_for_officers(people, client_for):
    assert client_for(people.varzesh).get("/resolutions/scoreboard/").status_code == 403


def test_missing_and_hidden_look_the_same(people, client_for, world):
    client = client_for(people.varzesh)
    hidden = client.get(f"/resolutions/assignments/{world['taavon'].pk}/")
    missing = client.get("/resolutions/assignments/987654/")
    assert hidden.status_code == missing.status_code == 404

    def without_csrf(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert without_csrf(hidden) == without_csrf(missing)


def test_anonymous_is_sent_to_login(client, world):
    for url in ("/resolutions/", "/resolutions/inbox/", f"/resolutions/{world['resolution'].pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
