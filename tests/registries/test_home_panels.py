"""The registry's home panels: the data officer's work waiting, the readers' suppressed headline,
an agency officer's own lists; each for its roles only, with written empty states, Persian digits
and links the reader can open."""

from __future__ import annotations

import re

import pytest
from django.db.models import Max

from qarargah.accounts.system import SYSTEM
from qarargah.registries import feed, selectors, services
from qarargah.registries.models import (
    LinkRun,
    LinkRunStatus,
    Person,
    RecordLink,
    ReviewItem,
    SourceRecord,
    TargetGroup,
)
from qarargah.ui.home import home_panels

from .conftest import STANDARD_HEADER, csv_bytes, with_check_digit

pytestmark = pytest.mark.django_db

DATA_OFFICER = "ثبت یکپارچه گروه‌های هدف: کارهای در انتظار"
AGENCY = "فهرست‌های دستگاه شما در ثبت یکپارچه"
HEADLINE_ALBORZ = "افراد ثبت‌شده در گروه‌های هدف استان البرز"
HEADLINE_NATION = "افراد ثبت‌شده در گروه‌های هدف در کشور"
EVERY_ROLE = (
    "secretariat",
    "markazi_secretariat",
    "varzesh",
    "taavon",
    "markazi_officer",
    "karaj_governorate",
    "hesar_manager",
    "leadership",
    "national",
    "admin",
)


def titles(user) -> list[str]:
    return [p.title for p in home_panels(user)]


def panel_html(client, title: str) -> str:
    """The card of one panel on the rendered home page."""
    html = client.get("/").content.decode()
    start = html.index(title)
    end = html.find("</section>", start)
    return html[start:end]


def hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"#]+)"', html)]


def add_people(source, n: int, county=None) -> None:
    start = (Person.objects.filter(province=source.province).aggregate(m=Max("number"))["m"] or 0) + 1
    for i in range(n):
        person = Person.objects.create(province=source.province, number=start + i)
        record = SourceRecord.objects.create(
            source=source, external_id=f"x{start + i}", county=county, content_hash="-"
        )
        RecordLink.objects.create(record=record, person=person, match="single")


@pytest.fixture
def officer(data_officer):
    return data_officer


@pytest.fixture
def waiting_work(alborz, welfare_source):
    """One upload with a quarantined row, a finished linking run and one pair to review."""
    rows = [
        STANDARD_HEADER,
        ["w1", with_check_digit("001234567"), "علی", "رضایی", "", "", "", "", "", "", "", ""],
        ["w2", with_check_digit("001234568"), "علی", "رضائی", "", "", "", "", "", "", "", ""],
        ["w3", "1234567890", "زهرا", "کریمی", "", "", "", "", "", "", "", ""],  # fails the checksum
    ]
    services.import_upload(actor=SYSTEM, source=welfare_source, filename="مددجویان.csv", data=csv_bytes(rows))
    a, b = SourceRecord.objects.filter(source=welfare_source).order_by("pk")[:2]
    run = LinkRun.objects.create(
        province=alborz,
        status=LinkRunStatus.DONE,
        records=2,
        persons=2,
        counts={"code": 0, "auto": 0, "review": 2, "single": 0, "manual": 0},
    )
    ReviewItem.objects.create(
        province=alborz, record_a=a, record_b=b, probability=0.9, match_weight=3.0, run=run
    )
    return run


# --- The data officer ---------------------------------------------------------------------------


def test_the_data_officers_panel_says_what_waits_and_links_to_it(officer, waiting_work, client_for):
    assert DATA_OFFICER in titles(officer)
    client = client_for(officer)
    html = panel_html(client, DATA_OFFICER)
    assert "۱ جفت رکورد</a> در صف بررسی منتظر تصمیم شماست." in html
    assert "۱ ردیف</a> در قرنطینه منتظر اصلاح است." in html
    assert "آخرین اجرای پیوند:" in html and "پایان‌یافته" in html
    assert "۲ رکورد به ۲ فرد پیوند خورد" in html
    assert "در صف بررسی: ۲" in html
    links = hrefs(html)
    assert f"/target-groups/link/{waiting_work.pk}/" in links
    for href in links:
        assert client.get(href).status_code == 200, href


def test_the_data_officers_panel_has_written_empty_states(officer, client_for):
    html = panel_html(client_for(officer), DATA_OFFICER)
    assert "جفتی در صف بررسی منتظر تصمیم نیست." in html
    assert "ردیفی در قرنطینه منتظر اصلاح نیست." in html
    assert "پیوند رکوردهای این استان هنوز اجرا نشده است" in html


def test_a_failed_run_says_so(officer, alborz, client_for):
    LinkRun.objects.create(province=alborz, status=LinkRunStatus.FAILED, error="x")
    html = panel_html(client_for(officer), DATA_OFFICER)
    assert "ناموفق" in html and "اجرا ناموفق بود" in html


@pytest.mark.parametrize("persona", EVERY_ROLE)
def test_nobody_else_has_the_data_officers_panel(people, persona, waiting_work):
    assert DATA_OFFICER not in titles(getattr(people, persona))


# --- The readers' headline -----------------------------------------------------------------------


@pytest.fixture
def counted(alborz, markazi, welfare_source, sports_source):
    groups = {g.code: g for g in TargetGroup.objects.filter(province__isnull=True)}
    welfare_source.groups.set([groups["needy_families"]])
    sports_source.groups.set([groups["street_children"]])
    karaj = alborz.counties.get(name="کرج")
    fardis = alborz.counties.get(name="فردیس")
    add_people(welfare_source, 25, karaj)
    add_people(welfare_source, 12, fardis)
    add_people(sports_source, 3, karaj)  # small: hidden, and Fardis's 12 with it
    add_people(sports_source, 12, fardis)
    markazi_source = services.create_source(
        actor=SYSTEM, province=markazi, name="فهرست بهزیستی", groups=[groups["needy_families"]]
    )
    add_people(markazi_source, 4)  # Markazi's only count: small, hidden
    # The headline reads what the last feed stored.
    feed.feed_indicators(actor=SYSTEM, province=alborz)
    feed.feed_indicators(actor=SYSTEM, province=markazi)
    return groups


def test_leadership_sees_its_provinces_suppressed_counts_by_group(people, counted, alborz, client_for):
    assert HEADLINE_ALBORZ in titles(people.leadership)
    headline = selectors.registry_headline_for_user(people.leadership, province=alborz)
    page = selectors.aggregates_for_user(people.leadership, province=alborz)
    # The column totals of the aggregates page, no more.
    assert headline.counts == page.counts.table.column_totals
    by_code = {g.code: c for g, c, _h in headline.rows()}
    assert by_code["needy_families"] == 37
    assert by_code["street_children"] == 15
    client = client_for(people.leadership)
    html = panel_html(client, HEADLINE_ALBORZ)
    assert '<td>خانواده‌های نیازمند</td><td class="text-end">۳۷</td>' in html
    assert '<td>کودکان کار و خیابان</td><td class="text-end">۱۵</td>' in html
    assert "شمارهای کمتر از ۱۰" in html
    assert "3" not in re.sub(r"<[^>]+>", "", html)  # no Latin digits, and the small 3 nowhere
    for href in hrefs(html):
        assert client.get(href).status_code == 200, href
    assert f"/target-groups/aggregates/?province={alborz.pk}" in hrefs(html)


def test_a_small_total_is_shown_hidden(counted, markazi, client_for):
    from qarargah.accounts.models import User

    reader = User.objects.create_user(
        username="rahbari.markazi", password="x-long-password-1", role="leadership", province=markazi
    )
    headline = selectors.registry_headline_for_user(reader, province=markazi)
    assert (
        headline.counts == selectors.aggregates_for_user(reader, province=markazi).counts.table.column_totals
    )
    assert {g.code: c for g, c, _h in headline.rows()}["needy_families"] is None
    html = panel_html(client_for(reader), "افراد ثبت‌شده در گروه‌های هدف استان مرکزی")
    assert (
        '<td>خانواده‌های نیازمند</td><td class="text-end"><span class="text-body-secondary">پنهان</span>'
        in html
    )
    assert "۴</td>" not in html


def test_the_national_viewer_sees_the_sum_of_what_the_provinces_show(people, counted, client_for):
    assert HEADLINE_NATION in titles(people.national)
    headline = selectors.registry_headline_for_user(people.national)
    by_code = {g.code: (c, h) for g, c, h in headline.rows()}
    # Markazi's four are hidden on its page, so they are left out of the sum and said to be.
    assert by_code["needy_families"] == (37, 1)
    assert by_code["street_children"] == (15, 0)
    client = client_for(people.national)
    html = panel_html(client, HEADLINE_NATION)
    assert '۳۷ <span class="small text-body-secondary">(بی ۱ استان با شمار پنهان)</span>' in html
    for href in hrefs(html):
        assert client.get(href).status_code == 200, href


def test_the_headline_has_written_empty_states(people, alborz, client_for):
    client = client_for(people.leadership)
    html = panel_html(client, HEADLINE_ALBORZ)
    assert "شمار افراد گروه‌های هدف این استان هنوز شمرده نشده است" in html
    feed.feed_indicators(actor=SYSTEM, province=alborz)
    html = panel_html(client, HEADLINE_ALBORZ)
    assert "هنوز هیچ فردی از فهرست‌های دستگاه‌ها در این استان در ثبت یکپارچه پیوند نخورده است." in html
    html = panel_html(client_for(people.national), HEADLINE_NATION)
    assert "هنوز هیچ فردی از فهرست‌های دستگاه‌ها در کشور در ثبت یکپارچه پیوند نخورده است." in html


def test_the_headline_is_what_the_last_feed_stored(people, counted, alborz, welfare_source):
    before = selectors.registry_headline_for_user(people.leadership, province=alborz)
    add_people(welfare_source, 5, alborz.counties.get(name="کرج"))
    assert selectors.registry_headline_for_user(people.leadership, province=alborz).counts == before.counts
    feed.feed_indicators(actor=SYSTEM, province=alborz)
    after = selectors.registry_headline_for_user(people.leadership, province=alborz)
    assert {g.code: c for g, c, _h in after.rows()}["needy_families"] == 42
    assert (
        after.counts
        == selectors.aggregates_for_user(people.leadership, province=alborz).counts.table.column_totals
    )


@pytest.mark.parametrize(
    "persona",
    [p for p in EVERY_ROLE if p not in ("leadership", "national")],
)
def test_only_leadership_and_national_viewers_have_the_headline(people, persona, counted, data_officer):
    for user in (getattr(people, persona), data_officer):
        assert not any(t.startswith("افراد ثبت‌شده در گروه‌های هدف") for t in titles(user))


# --- An agency officer's lists -------------------------------------------------------------------


def test_an_agency_officer_sees_its_own_lists_last_upload_and_quarantine(
    people, waiting_work, sports_source, client_for
):
    assert AGENCY in titles(people.taavon)
    client = client_for(people.taavon)
    html = panel_html(client, AGENCY)
    assert "فهرست مددجویان تعاون" in html
    assert "آخرین بارگذاری «مددجویان.csv»" in html
    assert "(تازه ۲، به‌روزشده ۰، قرنطینه ۱)" in html
    assert "۱ ردیف از فهرست‌های شما در قرنطینه منتظر اصلاح است." in html
    # Another agency's list is not there, nor any count of people.
    assert "فهرست ورزش" not in html
    assert "شمار افراد" not in html
    for href in hrefs(html):
        assert client.get(href).status_code == 200, href


def test_an_agency_whose_list_has_no_upload_yet_says_so(people, sports_source, client_for):
    html = panel_html(client_for(people.varzesh), AGENCY)
    assert "فهرست ورزش" in html and "هنوز فایلی بارگذاری نشده است" in html
    assert "ردیفی از فهرست‌های شما در قرنطینه منتظر اصلاح نیست." in html
    assert "فهرست مددجویان تعاون" not in html


@pytest.mark.parametrize(
    "persona",
    [
        "secretariat",
        "markazi_officer",
        "karaj_governorate",
        "hesar_manager",
        "leadership",
        "national",
        "admin",
    ],
)
def test_officers_of_agencies_that_send_no_list_and_other_roles_have_no_agency_panel(
    people, persona, waiting_work, sports_source, data_officer
):
    assert AGENCY not in titles(getattr(people, persona))
    assert AGENCY not in titles(data_officer)


@pytest.mark.parametrize("persona", EVERY_ROLE)
def test_every_home_page_renders_with_the_registry_in_use(people, persona, waiting_work, counted, client_for):
    assert client_for(getattr(people, persona)).get("/").status_code == 200


def test_the_stored_totals_are_read_by_aggregate_readers_of_their_province_only(
    people, counted, alborz, markazi, data_officer
):
    from qarargah.registries.models import GroupTotal

    def provinces(user) -> set[int]:
        return set(GroupTotal.objects.visible_to(user).values_list("province_id", flat=True))

    assert provinces(people.leadership) == provinces(people.secretariat) == {alborz.pk}
    assert provinces(data_officer) == {alborz.pk}
    assert provinces(people.markazi_secretariat) == {markazi.pk}
    assert provinces(people.national) == provinces(people.admin) == {alborz.pk, markazi.pk}
    for persona in ("taavon", "varzesh", "markazi_officer", "karaj_governorate", "hesar_manager"):
        assert provinces(getattr(people, persona)) == set(), persona
