"""Demo step: the neighbourhood programme in Karaj's target neighbourhoods, as the sample minutes
describe it (Hesar's house manager reporting its problems to the twelfth meeting of the Alborz
headquarters; the houses and zoning of Sohrabieh, Ghaemieh and Hafezieh in the third).

Written through the programme's services as the system; running it twice changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from qarargah.accounts.models import User
from qarargah.accounts.system import SYSTEM
from qarargah.neighbourhoods import services
from qarargah.neighbourhoods.models import (
    AgencyService,
    House,
    Indicator,
    IndicatorValue,
    Need,
    NeedStatus,
    Staff,
)
from qarargah.organisations.models import Agency, Province, TargetNeighbourhood
from qarargah.persian import match_key
from qarargah.resolutions.models import Axis, Resolution

# name -> zone, house (status, address, opening date), staff (name, role, phone)
NEIGHBOURHOODS: dict[str, dict[str, Any]] = {
    "حصار": {
        "zone": "پهنه ۱ کرج",
        "house": ("active", "کرج، حصار، خیابان شهید بهشتی، کوچه ۱۲", datetime.date(2022, 5, 10)),
        "staff": [
            ("فاطمه کریمی", "house_manager", "09121110001"),
            ("حسن رحیمی", "alley_mayor", "09121110002"),
            ("مهدی سلطانی", "alley_mayor", "09121110003"),
            ("زینب موسوی", "womens_liaison", "09121110004"),
            ("حاج علی اکبری", "local_trustee", "09121110005"),
        ],
    },
    "سهرابیه": {
        "zone": "پهنه ۲ کرج",
        "house": ("active", "کرج، سهرابیه، بلوار اصلی، جنب مسجد جامع", datetime.date(2022, 3, 1)),
        "staff": [
            ("رضا قاسمی", "house_manager", "09121110011"),
            ("مریم حیدری", "womens_liaison", "09121110012"),
        ],
    },
    "قائمیه": {
        "zone": "پهنه ۲ کرج",
        "house": ("established", "کرج، قائمیه، خیابان ۱۶ متری", datetime.date(2022, 4, 2)),
        "staff": [("محسن نظری", "house_manager", "09121110021")],
    },
    "حافظیه": {
        "zone": "پهنه ۳ کرج",
        "house": ("established", "کرج، حافظیه، میدان اصلی", datetime.date(2022, 4, 2)),
        "staff": [("سمیه جعفری", "house_manager", "09121110031")],
    },
    "اسلام‌آباد": {"zone": "پهنه ۳ کرج", "house": ("planned", "", None), "staff": []},
}

# neighbourhood, axis, title, severity, households, residents, source, agency it went to, status,
# (meeting number, resolution number) answering it
NEEDS: list[tuple[Any, ...]] = [
    (
        "حصار",
        "welfare",
        "ساخت‌وساز غیررسمی و ناایمنی بناها در بافت فرسوده",
        5,
        2400,
        180,
        "house_manager",
        "اداره کل راه و شهرسازی",
        NeedStatus.REFERRED,
        (12, 5),
    ),
    (
        "حصار",
        "health",
        "نداشتن بیمه سلامت بخشی از ساکنان",
        4,
        900,
        75,
        "survey",
        "اداره کل بیمه سلامت",
        NeedStatus.IN_PROGRESS,
        None,
    ),
    (
        "حصار",
        "employment",
        "نبود بازارچه برای عرضه تولیدات زنان سرپرست خانوار",
        4,
        350,
        60,
        "survey",
        "اداره کل تعاون، کار و رفاه اجتماعی",
        NeedStatus.REFERRED,
        (12, 3),
    ),
    (
        "حصار",
        "culture",
        "نبود فضای ورزشی برای بانوان و نوجوانان",
        3,
        600,
        110,
        "survey",
        "اداره کل ورزش و جوانان",
        NeedStatus.REFERRED,
        (12, 6),
    ),
    (
        "حصار",
        "education",
        "ترک تحصیل کودکان در دوره متوسطه اول",
        5,
        120,
        40,
        "house_manager",
        None,
        NeedStatus.REGISTERED,
        None,
    ),
    ("حصار", "social", "تجمع معتادان در پارک محله", 4, 800, 95, "survey", None, NeedStatus.REGISTERED, None),
    (
        "حصار",
        "legal",
        "نداشتن سند مالکیت رسمی خانه‌ها",
        3,
        1500,
        50,
        "meeting",
        None,
        NeedStatus.REGISTERED,
        None,
    ),
    (
        "سهرابیه",
        "health",
        "دوری از مرکز خدمات جامع سلامت",
        3,
        700,
        45,
        "survey",
        None,
        NeedStatus.REGISTERED,
        None,
    ),
    (
        "سهرابیه",
        "social",
        "کودکان کار در چهارراه‌های محله",
        4,
        90,
        30,
        "house_manager",
        "اداره کل بهزیستی",
        NeedStatus.REFERRED,
        None,
    ),
    (
        "قائمیه",
        "education",
        "کمبود کلاس سوادآموزی بزرگسالان",
        2,
        150,
        20,
        "survey",
        None,
        NeedStatus.REGISTERED,
        None,
    ),
    (
        "قائمیه",
        "welfare",
        "خانوارهای بی‌سرپرست بدون پوشش حمایتی",
        4,
        210,
        35,
        "agency",
        "کمیته امداد امام خمینی (ره)",
        NeedStatus.SOLVED,
        None,
    ),
    (
        "حافظیه",
        "culture",
        "نبود کتابخانه و فضای فرهنگی",
        2,
        400,
        25,
        "survey",
        None,
        NeedStatus.REGISTERED,
        None,
    ),
]


# agency, axis, service, unit, capacity, period, neighbourhoods already served
SERVICES: list[tuple[Any, ...]] = [
    (
        "اداره کل ورزش و جوانان",
        "culture",
        "کلاس‌های ورزشی بانوان و نوجوانان",
        "نفر",
        200,
        "month",
        ["حصار", "سهرابیه"],
    ),
    (
        "اداره کل تعاون، کار و رفاه اجتماعی",
        "employment",
        "بازارچه موقت تولیدات زنان سرپرست خانوار",
        "غرفه",
        25,
        "season",
        ["حصار"],
    ),
    ("اداره کل بیمه سلامت", "health", "ثبت‌نام بیمه سلامت همگانی", "نفر", 500, "month", ["حصار"]),
    ("دانشگاه علوم پزشکی البرز", "health", "پزشک خانواده و مراقبت سلامت", "خانوار", 300, "month", ["حصار"]),
    ("اداره کل بهزیستی", "social", "شناسایی و حمایت از کودکان کار", "کودک", 40, "month", ["سهرابیه"]),
    (
        "کمیته امداد امام خمینی (ره)",
        "welfare",
        "پوشش حمایتی خانوارهای بی‌سرپرست",
        "خانوار",
        60,
        "season",
        ["قائمیه"],
    ),
    (
        "اداره کل آموزش و پرورش",
        "education",
        "کلاس جبرانی و بازگرداندن بازماندگان از تحصیل",
        "دانش‌آموز",
        80,
        "season",
        [],
    ),
]


# Hesar's indicators over time: code -> [(year, part, value)]
INDICATOR_VALUES: dict[str, list[tuple[int, int, int]]] = {
    "working_children": [
        (1403, 4, 46),
        (1403, 5, 44),
        (1403, 6, 41),
        (1403, 7, 38),
        (1403, 8, 39),
        (1403, 9, 33),
    ],
    "uninsured_residents": [(1402, 3, 5200), (1402, 4, 4900), (1403, 1, 4100), (1403, 2, 3600)],
    "households_under_support": [(1402, 3, 1150), (1402, 4, 1210), (1403, 1, 1380), (1403, 2, 1420)],
    "children_out_of_school": [(1401, 0, 210), (1402, 0, 160), (1403, 0, 120)],
}


def _resolution(province: Province, ref: tuple[int, int] | None) -> Resolution | None:
    if ref is None:
        return None
    meeting_number, number = ref
    return Resolution.objects.filter(province=province, meeting__number=meeting_number, number=number).first()


def load_demo_neighbourhoods(log: Callable[[str], None]) -> None:
    province = Province.objects.filter(code="alborz").first()
    if province is None:
        return
    hoods = {
        n.name: n for n in TargetNeighbourhood.objects.filter(county__province=province, county__name="کرج")
    }
    for name, spec in NEIGHBOURHOODS.items():
        hood = hoods.get(name)
        if hood is None:
            continue
        services.save_profile(actor=SYSTEM, neighbourhood=hood, zone=spec["zone"])
        if not House.objects.filter(neighbourhood=hood).exists():
            status, address, opened = spec["house"]
            services.save_house(
                actor=SYSTEM, neighbourhood=hood, status=status, address=address, opened_on=opened
            )
        known = set(Staff.objects.filter(neighbourhood=hood).values_list("name", flat=True))
        for person, role, phone in spec["staff"]:
            if person not in known:
                services.add_staff(actor=SYSTEM, neighbourhood=hood, name=person, role=role, phone=phone)
    agencies = {a.name: a for a in Agency.objects.filter(province=province)}
    manager = User.objects.filter(username="khaneh.hesar").first()
    created = 0
    for name, axis, title, severity, households, residents, source, agency, status, ref in NEEDS:
        hood = hoods.get(name)
        if hood is None or Need.objects.filter(neighbourhood=hood, title_key=match_key(title)).exists():
            continue
        # Hesar's needs are registered by its demo house manager, as they would be.
        actor = manager if manager is not None and manager.neighbourhood_id == hood.pk else SYSTEM
        need = services.register_need(
            actor=actor,
            data=services.NeedData(
                neighbourhood=hood,
                axis=axis,
                title=title,
                severity=severity,
                households=households,
                residents=residents,
                source=source,
            ),
        )
        if agency and agency in agencies:
            need = services.refer_need(actor=SYSTEM, need=need, agency=agencies[agency])
            if status in (NeedStatus.IN_PROGRESS, NeedStatus.SOLVED):
                if status == NeedStatus.SOLVED:
                    need = services.change_need_status(actor=SYSTEM, need=need, status=NeedStatus.IN_PROGRESS)
                need = services.change_need_status(actor=SYSTEM, need=need, status=status)
        resolution = _resolution(province, ref)
        if resolution is not None:
            services.link_resolutions(actor=SYSTEM, need=need, resolutions=[resolution])
        created += 1
    karaj = next(iter(hoods.values())).county if hoods else None
    for agency_name, axis, service_name, unit, capacity, period, served in SERVICES:
        agency = agencies.get(agency_name)
        if agency is None or AgencyService.objects.filter(agency=agency, name=service_name).exists():
            continue
        services.declare_service(
            actor=SYSTEM,
            agency=agency,
            axis=axis,
            name=service_name,
            unit=unit,
            capacity=capacity,
            period=period,
            counties=[karaj] if karaj is not None else [],
            neighbourhoods=[hoods[n] for n in served if n in hoods],
        )
    services.ensure_default_indicators()
    hesar = hoods.get("حصار")
    if hesar is not None and not IndicatorValue.objects.filter(neighbourhood=hesar).exists():
        for indicator in Indicator.objects.filter(code__in=INDICATOR_VALUES):
            for year, part, value in INDICATOR_VALUES[indicator.code]:
                services.record_indicator(
                    actor=SYSTEM,
                    indicator=indicator,
                    neighbourhood=hesar,
                    year=year,
                    part=part,
                    value=Decimal(value),
                )
    if created:
        log(f"برنامه محله‌محور: {created} مسئله در محله‌های کرج ثبت شد.")
    _load_programmes_and_activities(province, hoods, agencies, log)


# Programmes (طرح‌ها) the minutes name: national ones with Alborz's part, and their targets.
# name, level, agencies running it in Alborz, neighbourhoods, (target title, unit, target, achieved)
PROGRAMMES: list[tuple[Any, ...]] = [
    (
        "پزشک خانواده",
        "national",
        ["دانشگاه علوم پزشکی البرز", "اداره کل بیمه سلامت"],
        ["حصار", "سهرابیه", "قائمیه"],
        ("خانوارهای ثبت‌نام‌شده نزد پزشک خانواده", "خانوار", 3000, 1850),
    ),
    (
        "طرح سراج (مددکاری اجتماعی محله‌محور)",
        "national",
        ["اداره کل بهزیستی"],
        ["حصار", "حافظیه"],
        ("خانوارهای دارای پرونده مددکاری", "خانوار", 400, 260),
    ),
    (
        "طرح توانمندسازی ۲۰۲۰ محله",
        "national",
        ["اداره کل تعاون، کار و رفاه اجتماعی", "کمیته امداد امام خمینی (ره)"],
        ["حصار", "سهرابیه", "قائمیه", "حافظیه", "اسلام‌آباد"],
        ("میز خدمت برگزارشده", "میز", 20, 1),
    ),
    (
        "طرح جوانان پیشرو",
        "national",
        ["اداره کل ورزش و جوانان"],
        ["حصار", "سهرابیه"],
        ("جوانان عضو تیم‌های محله", "نفر", 500, 120),
    ),
]

# The service desk resolution 2 of the Alborz HQ's twelfth meeting ordered in Hesar on ۱۴۰۱/۴/۱۵.
SERVICE_DESK = {
    "title": "میز خدمت محله حصار",
    "held_on": datetime.date(2022, 7, 6),
    "agencies": [
        "فرمانداری کرج",
        "دانشگاه علوم پزشکی البرز",
        "اداره کل بهزیستی",
        "کمیته امداد امام خمینی (ره)",
        "اداره کل تعاون، کار و رفاه اجتماعی",
    ],
    "volunteer_groups": "گروه‌های جهادی استان\nخیرین و نیکوکاران استان\nمجموعه‌های مردمی محله حصار",
    "people_served": 640,
    "report": (
        "میز خدمت با حضور دستگاه‌های اجرایی استان در مسجد جامع حصار برگزار شد: ویزیت رایگان، "
        "ثبت‌نام بیمه سلامت، مشاوره حقوقی و شناسایی خانوارهای نیازمند حمایت."
    ),
}


def _load_programmes_and_activities(
    province: Province,
    hoods: dict[str, TargetNeighbourhood],
    agencies: dict[str, Agency],
    log: Callable[[str], None],
) -> None:
    from qarargah.neighbourhoods.models import Activity, Programme, ProgrammeTarget

    programmes = {}
    for name, level, agency_names, hood_names, target in PROGRAMMES:
        programme = Programme.objects.filter(name=name).first()
        if programme is None:
            programme = services.save_programme(actor=SYSTEM, name=name, level=level, province=None)
        programmes[name] = programme
        if not programme.neighbourhoods.filter(county__province=province).exists():
            services.set_programme_coverage(
                actor=SYSTEM,
                programme=programme,
                province=province,
                agencies=[agencies[a] for a in agency_names if a in agencies],
                neighbourhoods=[hoods[n] for n in hood_names if n in hoods],
            )
        title, unit, goal, achieved = target
        if not ProgrammeTarget.objects.filter(programme=programme, province=province).exists():
            row = services.set_programme_target(
                actor=SYSTEM, programme=programme, province=province, title=title, unit=unit, target=goal
            )
            services.record_target_progress(actor=SYSTEM, target=row, achieved=achieved)
    hesar = hoods.get("حصار")
    if hesar is None or Activity.objects.filter(title=SERVICE_DESK["title"]).exists():
        return
    resolution = (
        Resolution.objects.filter(
            province=province, meeting__number=12, number=2, meeting__body__name="قرارگاه اجتماعی استان"
        )
        .order_by("pk")
        .first()
    )
    activity = services.record_activity(
        actor=SYSTEM,
        data=services.ActivityData(
            kind="service_desk",
            title=SERVICE_DESK["title"],
            held_on=SERVICE_DESK["held_on"],
            neighbourhoods=[hesar],
            agencies=[agencies[a] for a in SERVICE_DESK["agencies"] if a in agencies],
            volunteer_groups=SERVICE_DESK["volunteer_groups"],
            people_served=SERVICE_DESK["people_served"],
            report=SERVICE_DESK["report"],
            resolution=resolution,
            programme=programmes.get("طرح توانمندسازی ۲۰۲۰ محله"),
        ),
    )
    if resolution is not None:
        services.set_programme_coverage(
            actor=SYSTEM,
            programme=programmes["طرح توانمندسازی ۲۰۲۰ محله"],
            province=province,
            agencies=list(programmes["طرح توانمندسازی ۲۰۲۰ محله"].agencies.filter(province=province)),
            neighbourhoods=list(
                programmes["طرح توانمندسازی ۲۰۲۰ محله"].neighbourhoods.filter(county__province=province)
            ),
            resolutions=[resolution],
        )
    log(f"برنامه محله‌محور: فعالیت «{activity.title}» و {len(programmes)} طرح ثبت شد.")


# --- Bulk needs for `qarargah generate` --------------------------------------------------------------

# Needs per target neighbourhood at each scale: about 100,000 needs over the 2,020 neighbourhoods.
NEEDS_PER_NEIGHBOURHOOD = {"small": 5, "province": 50, "national": 50}
_NEED_TITLES = {
    "health": ["نبود درمانگاه شبانه‌روزی", "ساکنان بدون بیمه سلامت", "آب آشامیدنی ناسالم"],
    "culture": ["نبود فضای ورزشی", "نبود کتابخانه محله", "کمبود برنامه فرهنگی برای نوجوانان"],
    "employment": ["بیکاری جوانان", "نبود بازارچه برای زنان سرپرست خانوار", "نبود آموزش مهارت"],
    "welfare": ["خانه‌های ناایمن در بافت فرسوده", "خانوارهای بی‌سرپرست بدون حمایت", "نبود سرویس بهداشتی عمومی"],
    "education": ["ترک تحصیل کودکان", "کمبود کلاس درس", "نبود کلاس سوادآموزی"],
    "social": ["کودکان کار", "اعتیاد در پارک محله", "نزاع‌های خیابانی"],
    "legal": ["نداشتن سند مالکیت", "نبود مشاوره حقوقی رایگان", "اختلافات ملکی"],
}
_STATUS_WEIGHTS = [
    (NeedStatus.REGISTERED, 0.35),
    (NeedStatus.REFERRED, 0.25),
    (NeedStatus.IN_PROGRESS, 0.15),
    (NeedStatus.SOLVED, 0.2),
    (NeedStatus.NOT_ACTIONABLE, 0.05),
]


def generate_needs(
    *,
    neighbourhoods: list[TargetNeighbourhood],
    agencies: list[Agency],
    rng: Any,
    as_of: datetime.date,
    per_neighbourhood: int,
) -> list[Need]:
    """Synthetic needs (the generator's, written in bulk without history): deterministic for one
    ``rng``, spread over the last two years, about half referred to one of the province's
    agencies."""
    statuses = [s for s, _ in _STATUS_WEIGHTS]
    weights = [w for _, w in _STATUS_WEIGHTS]
    axes = list(Axis.values)
    rows = []
    for hood in neighbourhoods:
        for i in range(per_neighbourhood):
            axis = rng.choice(axes)
            title = f"{rng.choice(_NEED_TITLES[axis])} ({i + 1})"
            status = rng.choices(statuses, weights)[0]
            agency = (
                rng.choice(agencies)
                if agencies and status in (NeedStatus.REFERRED, NeedStatus.IN_PROGRESS, NeedStatus.SOLVED)
                else None
            )
            day = as_of - datetime.timedelta(days=rng.randint(0, 730))
            created = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
            rows.append(
                Need(
                    neighbourhood=hood,
                    axis=axis,
                    title=title,
                    title_key=match_key(title),
                    source=rng.choice(["survey", "house_manager", "agency", "meeting"]),
                    severity=rng.randint(1, 5),
                    households=rng.randint(0, 800),
                    residents=rng.randint(0, 300),
                    status=status,
                    referred_agency=agency,
                    created_at=created,
                )
            )
    return Need.objects.bulk_create(rows, batch_size=2000)


# --- Indicator values, services, activities and programmes for `qarargah generate` ------------------------

# Jalali years of indicator values per neighbourhood: with the four national indicators (12 + 4 +
# 4 + 1 values a year) 24 years make about 500 values a neighbourhood, 1,000,000 over 2,020.
INDICATOR_YEARS = {"small": 2, "province": 24, "national": 24}
ACTIVITIES_PER_NEIGHBOURHOOD = {"small": 1, "province": 3, "national": 3}
_ACTIVITY_TITLES = {
    "service_desk": "میز خدمت محله",
    "festival": "جشنواره محله",
    "market": "بازارچه زنان سرپرست خانوار",
    "sports": "مسابقه ورزشی نوجوانان",
    "course": "دوره آموزش مهارت",
}


def generate_programme_data(
    *,
    province: Province,
    neighbourhoods: list[TargetNeighbourhood],
    agencies: list[Agency],
    rng: Any,
    as_of: datetime.date,
    scale: str,
) -> dict[str, int]:
    """Synthetic indicator values, agency services, activities and programme coverage for one
    province (in bulk, without history; the caller rebuilds the roll-up afterwards)."""
    from qarargah.neighbourhoods.models import Activity, Programme, ProgrammeTarget
    from qarargah.persian import JalaliDate

    services.ensure_default_indicators()
    counts: dict[str, int] = {}
    indicators = list(Indicator.objects.all())
    last_year = JalaliDate.from_gregorian(as_of).year - 1
    years = range(last_year - INDICATOR_YEARS[scale] + 1, last_year + 1)
    parts = {"month": range(1, 13), "season": range(1, 5), "year": range(0, 1)}
    rows = []
    for hood in neighbourhoods:
        for indicator in indicators:
            base = rng.randint(20, 400)
            for year in years:
                for part in parts[indicator.period]:
                    base = max(0, base + rng.randint(-15, 15))
                    rows.append(
                        IndicatorValue(
                            indicator=indicator, neighbourhood=hood, year=year, part=part, value=Decimal(base)
                        )
                    )
        if len(rows) > 20_000:
            IndicatorValue.objects.bulk_create(rows, batch_size=5000)
            counts["indicator values"] = counts.get("indicator values", 0) + len(rows)
            rows = []
    IndicatorValue.objects.bulk_create(rows, batch_size=5000)
    counts["indicator values"] = counts.get("indicator values", 0) + len(rows)
    # Each agency offers one service on one axis, serving a few neighbourhoods.
    axes = list(Axis.values)
    counties = sorted({h.county_id for h in neighbourhoods})
    for agency in agencies:
        service = AgencyService.objects.create(
            agency=agency,
            axis=rng.choice(axes),
            name=f"خدمت {agency.name}"[:200],
            unit="نفر",
            capacity=rng.randint(10, 500),
            period="month",
        )
        service.counties.set(rng.sample(counties, min(2, len(counties))))
        service.neighbourhoods.set(rng.sample(neighbourhoods, min(3, len(neighbourhoods))))
    counts["agency services"] = len(agencies)
    # Activities: bulk rows, then their neighbourhoods and agencies through the join tables.
    kinds = list(_ACTIVITY_TITLES)
    activities = []
    for hood in neighbourhoods:
        for _ in range(ACTIVITIES_PER_NEIGHBOURHOOD[scale]):
            kind = rng.choice(kinds)
            activities.append(
                Activity(
                    kind=kind,
                    title=f"{_ACTIVITY_TITLES[kind]} {hood.name}"[:200],
                    held_on=as_of - datetime.timedelta(days=rng.randint(0, 700)),
                    province=province,
                    people_served=rng.randint(20, 800),
                )
            )
    activities = Activity.objects.bulk_create(activities, batch_size=2000)
    per = ACTIVITIES_PER_NEIGHBOURHOOD[scale]
    Activity.neighbourhoods.through.objects.bulk_create(
        [
            Activity.neighbourhoods.through(
                activity_id=a.pk, targetneighbourhood_id=neighbourhoods[i // per].pk
            )
            for i, a in enumerate(activities)
        ],
        batch_size=5000,
    )
    if agencies:
        Activity.agencies.through.objects.bulk_create(
            [
                Activity.agencies.through(activity_id=a.pk, agency_id=rng.choice(agencies).pk)
                for a in activities
            ],
            batch_size=5000,
        )
    counts["activities"] = len(activities)
    # The national programmes cover about half of the province's neighbourhoods; one provincial one.
    created = 0
    for name, level, _agencies, _hoods, (title, unit, goal, _done) in PROGRAMMES:
        programme = Programme.objects.filter(name=name, level=level).first()
        if programme is None:
            programme = Programme.objects.create(name=name, name_key=match_key(name), level=level)
            created += 1
        programme.neighbourhoods.add(*rng.sample(neighbourhoods, len(neighbourhoods) // 2))
        programme.agencies.add(*rng.sample(agencies, min(2, len(agencies))))
        ProgrammeTarget.objects.create(
            programme=programme,
            province=province,
            title=title,
            unit=unit,
            target=goal,
            achieved=rng.randint(0, goal),
        )
    local = Programme.objects.create(
        name=f"طرح محله‌های امن {province.name}",
        name_key=match_key(f"طرح محله‌های امن {province.name}"),
        level="provincial",
        province=province,
    )
    local.neighbourhoods.add(*neighbourhoods[: max(1, len(neighbourhoods) // 4)])
    counts["programmes"] = created + 1
    return counts
