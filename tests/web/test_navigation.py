"""Navigation and home panels per role, chosen by the capabilities on the user's scope.

The menus and panels listed here are those each demo role had while navigation still compared
role names; capabilities must give every role exactly the same.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.test import RequestFactory

from qarargah.accounts.scoping import Scope
from qarargah.ui.home import home_panels
from qarargah.ui.navigation import NAV_RULES
from qarargah.web.context_processors import navigation

pytestmark = pytest.mark.django_db

# Everyone who attends or follows meetings has a calendar of them (issue 13).
CALENDAR = "تقویم جلسات"
REGISTRY = ["دستگاه‌های اجرایی", "قرارگاه‌ها و شوراها", "محله‌های هدف"]
# The neighbourhood programme (issue 14): readers of the area's needs, and those who register them.
# Activities, programmes and the county/province roll-up came with the rest of the programme.
HOODS_MORE = ["فعالیت‌های محله", "طرح‌ها", "آمار تجمیعی محله‌ها", "خدمات دستگاه‌ها"]
HOODS_READ = ["پرونده محله‌ها", "مسائل محله", "اولویت‌بندی مسائل", "نقشه پوشش", *HOODS_MORE]
HOODS_ALL = [
    "پرونده محله‌ها",
    "مسائل محله",
    "ورود مسائل از فایل",
    "اولویت‌بندی مسائل",
    "نقشه پوشش",
    *HOODS_MORE,
]
# An agency officer reads the needs referred to its agency, the activities and programmes it takes
# part in, and declares its services.
HOODS_AGENCY = ["مسائل محله", "فعالیت‌های محله", "طرح‌ها", "خدمات دستگاه‌ها"]
# The target-group registry (issue 15): readers see suppressed aggregates only; whoever acts for an
# agency sends its lists (and sees its own people).
REGISTRY_STATS = "آمار گروه‌های هدف"
REGISTRY_UPLOADS = "منابع و بارگذاری فهرست‌ها"
SECRETARIAT_NAV = [
    "پیشخوان",
    "جلسات",
    "ورود صورتجلسه",
    CALENDAR,
    "مصوبات",
    "صف بررسی گزارش‌ها",
    "کارنامه دستگاه‌ها",
    "بررسی مصوبات گذشته",
    *HOODS_ALL,
    REGISTRY_STATS,
    *REGISTRY,
    "دستگاه‌های در انتظار تأیید",
]
OFFICER_NAV = ["پیشخوان", CALENDAR, "کارتابل دستگاه", *HOODS_AGENCY, REGISTRY_UPLOADS, *REGISTRY]
READER_NAV = [
    "پیشخوان",
    "جلسات",
    CALENDAR,
    "مصوبات",
    "کارنامه دستگاه‌ها",
    "بررسی مصوبات گذشته",
    *HOODS_READ,
    REGISTRY_STATS,
    *REGISTRY,
]

NAV = {
    "secretariat": SECRETARIAT_NAV,
    "markazi_secretariat": SECRETARIAT_NAV,
    "varzesh": OFFICER_NAV,
    "taavon": OFFICER_NAV,
    "markazi_officer": OFFICER_NAV,
    "karaj_governorate": ["پیشخوان", CALENDAR, "کارتابل دستگاه", *HOODS_READ, REGISTRY_UPLOADS, *REGISTRY],
    "hesar_manager": [
        "پیشخوان",
        CALENDAR,
        "مصوبات",
        "کارتابل دستگاه",
        *HOODS_ALL,
        REGISTRY_UPLOADS,
        *REGISTRY,
    ],
    "leadership": READER_NAV,
    "national": READER_NAV,
    "admin": [*SECRETARIAT_NAV, "مدیریت سامانه"],
    "data_officer": ["پیشخوان", REGISTRY_UPLOADS, "پیوند و صف بررسی", REGISTRY_STATS, *REGISTRY],
}

# The ranked lists of needs the county governorates approved and sent (issue 14).
SENT_LISTS = "فهرست‌های اولویت فرستاده‌شده از شهرستان‌ها"
SECRETARIAT_PANELS = [
    "پیگیری مصوبات",
    "آخرین جلسات",
    SENT_LISTS,
    "دستگاه‌های در انتظار تأیید",
    "قرارگاه‌ها و شوراهای حوزه شما",
]
OFFICER_PANELS = ["تکالیف دستگاه شما", "دستگاه شما"]
PANELS = {
    "secretariat": SECRETARIAT_PANELS,
    "markazi_secretariat": SECRETARIAT_PANELS,
    "varzesh": OFFICER_PANELS,
    "taavon": OFFICER_PANELS,
    "markazi_officer": OFFICER_PANELS,
    "karaj_governorate": [*OFFICER_PANELS, "قرارگاه‌ها و شوراهای حوزه شما"],
    "hesar_manager": ["تکالیف دستگاه شما", "مصوبات مربوط به محله شما", "مسائل باز محله حصار", "محله شما"],
    "leadership": [
        "دستگاه‌های با بیشترین تأخیر",
        SENT_LISTS,
        "افراد ثبت‌شده در گروه‌های هدف استان البرز",
        "قرارگاه‌ها و شوراهای حوزه شما",
    ],
    "national": ["دستگاه‌های با بیشترین تأخیر", "افراد ثبت‌شده در گروه‌های هدف در کشور", "استان‌ها"],
    # The target-group registry's data officer (issue 15): its own panel only.
    "data_officer": ["ثبت یکپارچه گروه‌های هدف: کارهای در انتظار"],
    "admin": ["پیگیری مصوبات", "استان‌ها", "دستگاه‌های در انتظار تأیید"],
}


def nav_labels(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return [item["label"] for item in navigation(request)["nav_items"]]


@pytest.mark.parametrize("persona", sorted(NAV))
def test_each_role_sees_the_same_menu_as_before(people, persona):
    assert nav_labels(getattr(people, persona)) == NAV[persona]


@pytest.mark.parametrize("persona", sorted(PANELS))
def test_each_role_sees_the_same_home_panels_as_before(people, persona):
    assert [panel.title for panel in home_panels(getattr(people, persona))] == PANELS[persona]


def test_the_rendered_menu_is_the_same(people, client_for):
    html = client_for(people.leadership).get("/").content.decode()
    for label in NAV["leadership"]:
        assert label in html
    assert "ورود صورتجلسه" not in html and "صف بررسی گزارش‌ها" not in html


RULES = {
    "meetings:list": "can_browse_meetings",
    "meetings:import": "can_import_minutes",
    "resolutions:resolution_list": "can_browse_resolutions",
    "resolutions:inbox": "can_act_for_agency",
    "resolutions:review_queue": "can_review_reports",
    "resolutions:scoreboard": "can_see_scoreboard",
    "resolutions:past_review": "can_see_past_review",
    "neighbourhoods:list": "can_browse_needs",
    "neighbourhoods:import": "can_register_needs",
    "neighbourhoods:priorities": "can_browse_needs",
    "neighbourhoods:coverage": "can_browse_needs",
}


@pytest.mark.parametrize("name", sorted(RULES))
def test_menu_rules_read_the_capability_not_the_role(name):
    # A scope whose role would have been refused, given the one capability, gets the item;
    # a secretariat scope without it does not.
    with_it = dataclasses.replace(Scope(role="house_manager"), **{RULES[name]: True})
    assert NAV_RULES[name](with_it)
    without = Scope(role="secretariat", province_id=1)
    assert not NAV_RULES[name](without)


def _menu(user, path: str = "/") -> list[dict]:
    request = RequestFactory().get(path)
    request.user = user
    return navigation(request)["nav_menu"]


def test_the_secretariats_menu_is_grouped_by_app(people):
    menu = _menu(people.secretariat)
    shown = [(entry["label"], [i["label"] for i in entry.get("children", [])]) for entry in menu]
    assert shown == [
        ("پیشخوان", []),
        ("جلسات", ["جلسات", "ورود صورتجلسه", CALENDAR]),
        ("پیگیری مصوبات", ["مصوبات", "صف بررسی گزارش‌ها", "کارنامه دستگاه‌ها", "بررسی مصوبات گذشته"]),
        ("برنامه محله‌محور", HOODS_ALL),
        (REGISTRY_STATS, []),  # the registry's one entry for the secretariat: a plain link
        ("اطلاعات پایه", [*REGISTRY, "دستگاه‌های در انتظار تأیید"]),
    ]


def test_a_group_of_one_is_a_plain_link(people):
    labels = [entry["label"] for entry in _menu(people.varzesh)]
    assert labels == [
        "پیشخوان",
        CALENDAR,
        "کارتابل دستگاه",
        "برنامه محله‌محور",
        REGISTRY_UPLOADS,
        "اطلاعات پایه",
    ]


@pytest.mark.parametrize(
    ("path", "active"),
    [
        ("/", "پیشخوان"),
        ("/meetings/", "جلسات"),
        ("/meetings/import/", "ورود صورتجلسه"),  # not «جلسات» too: the longest prefix wins
        ("/meetings/import/batch/x/", "ورود صورتجلسه"),
        ("/resolutions/past-review/", "بررسی مصوبات گذشته"),
        ("/resolutions/12/", "مصوبات"),
        ("/registry/agencies/pending/", "دستگاه‌های در انتظار تأیید"),
    ],
)
def test_exactly_one_entry_is_active(people, path, active):
    request = RequestFactory().get(path)
    request.user = people.secretariat
    items = navigation(request)["nav_items"]
    assert [i["label"] for i in items if i["active"]] == [active]


@pytest.mark.parametrize("persona", sorted(NAV))
def test_every_menu_entry_is_drawn_as_a_link_with_its_address(people, client_for, persona):
    """Each entry the user may open appears as a link to its page, and no link is empty (a
    plain link once rendered as a drop-down of its own keys)."""
    html = client_for(getattr(people, persona)).get("/").content.decode()
    nav = html[html.index('id="main-nav"') : html.index("</nav>")]
    request = RequestFactory().get("/")
    request.user = getattr(people, persona)
    for item in navigation(request)["nav_items"]:
        assert f'href="{item["url"]}">{item["label"]}</a>' in nav, item["label"]
    assert 'href=""' not in nav
