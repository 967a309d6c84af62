"""A link a page shows its reader opens for that reader: no «دسترسی مجاز نیست» behind a link
(found by walking the demo as every role: breadcrumbs to the meetings list for agencies, the
neighbourhood names of a programme for agency officers, the weights button for an
administrator)."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from qarargah.neighbourhoods import services
from qarargah.organisations.models import Body, County

pytestmark = pytest.mark.django_db

FILES = re.compile(r"\.(docx|pdf|xlsx|csv|ics)(\?|$)")


def shown_links(html: str) -> set[str]:
    main = html[html.index("<main") : html.index("</main>")]
    return {
        href.replace("&amp;", "&")
        for href in re.findall(r'href="(/[^"#]*)"', main)
        if not FILES.search(href) and "logout" not in href
    }


def assert_links_open(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    links = shown_links(response.content.decode())
    refused = {link: client.get(link).status_code for link in links}
    assert {link: code for link, code in refused.items() if code >= 400} == {}, url
    return links


def test_an_officer_on_a_bodys_roster(people, client_for):
    hq = Body.objects.get(province=people.varzesh.province, name="قرارگاه اجتماعی استان", county=None)
    links = assert_links_open(client_for(people.varzesh), f"/meetings/bodies/{hq.pk}/roster/")
    assert "/meetings/calendar/" in links and "/meetings/" not in links


def test_an_officer_on_a_programme(people, client_for, hoods):
    programme = services.save_programme(
        actor=people.admin, name="پزشک خانواده", level="national", province=None
    )
    client_for(people.secretariat).post(
        f"/neighbourhoods/programmes/{programme.pk}/coverage/",
        {"neighbourhoods": [hoods.hesar.pk], "agencies": [hoods.taavon.pk]},
    )
    officer = client_for(people.taavon)
    page = officer.get(f"/neighbourhoods/programmes/{programme.pk}/").content.decode()
    assert hoods.hesar.name in page  # named, not linked: the officer does not read the profile
    assert_links_open(officer, f"/neighbourhoods/programmes/{programme.pk}/")


def test_the_administrator_on_a_countys_priorities(people, client_for, hoods):
    county = County.objects.get(pk=hoods.hesar.county_id)
    links = assert_links_open(client_for(people.admin), f"/neighbourhoods/priorities/?county={county.pk}")
    assert "/neighbourhoods/priorities/weights/" not in links
    # The province's own secretariat still sets the weights from there.
    secretariat = assert_links_open(
        client_for(people.secretariat), f"/neighbourhoods/priorities/?county={county.pk}"
    )
    assert "/neighbourhoods/priorities/weights/" in secretariat


def test_every_role_on_the_demo_home_page(people, client_for):
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    for persona in ("secretariat", "varzesh", "karaj_governorate", "hesar_manager", "leadership", "national"):
        assert_links_open(client_for(getattr(people, persona)), "/")
