"""Synthetic data for benchmarks and load tests: provinces, agencies, bodies, users, meetings,
resolutions, assignments, progress reports and reviews, with realistic Persian names and texts.

Deterministic from a seed: every random choice comes from :class:`random.Random` streams seeded
with text derived from the seed and the province code, and nothing iterates over a ``set`` or
depends on the clock (dates are laid out backwards from a fixed ``as_of`` day, not from today).
Two runs with the same seed and sizes therefore write the same names, numbers, texts, dates and
statuses; only primary keys and ``auto_now`` timestamps differ.

Fast and bounded in memory: rows are written with ``bulk_create`` in batches, resolutions are
generated in chunks (their assignments and reports with them), and no per-row service runs.
That is deliberate: services write one history row per change, and generated data is not
anybody's history, so the command also runs under ``disable_auditlog()``. Statuses are
nevertheless those the services would produce: each assignment follows the state machine
(``new → in_progress → reported → accepted``, or ``returned``) and the resolution status is
:func:`qarargah.resolutions.workflow.rollup_status` of its assignments.
"""

from __future__ import annotations

import datetime
import functools
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from qarargah.accounts.models import Role, User
from qarargah.core.errors import ServiceError
from qarargah.demo.data import DEMO_PASSWORD
from qarargah.demo.neighbourhoods import NEEDS_PER_NEIGHBOURHOOD, generate_needs, generate_programme_data
from qarargah.meetings.models import AgendaItem, Meeting, MeetingStatus
from qarargah.neighbourhoods.rollup import rebuild_rollup
from qarargah.organisations.models import (
    Agency,
    AgencyAlias,
    AgencyKind,
    Body,
    BodyKind,
    BodyLevel,
    BodyMembership,
    County,
    NeighbourhoodKind,
    Province,
    TargetNeighbourhood,
)
from qarargah.persian import TEHRAN, JalaliDate, match_key, parse_deadline, to_persian_digits
from qarargah.resolutions.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Axis,
    DeadlineExtension,
    DeadlineKind,
    ExtensionStatus,
    ProgressReport,
    Resolution,
    ReviewStatus,
)
from qarargah.resolutions.services import recompute_open_due_dates
from qarargah.resolutions.tallies import rebuild_tallies
from qarargah.resolutions.workflow import resolve_due_date, rollup_status

# Every generated account has this password (the demo password, so one is enough to remember).
GENERATED_PASSWORD = DEMO_PASSWORD
DEFAULT_SEED = 1403
# The generated world ends on this day (1405/08/30). Fixed, not today, so the same seed gives the
# same data on any day; pass ``as_of`` to lay the data out up to another day.
DEFAULT_AS_OF = datetime.date(2026, 11, 21)
YEARS_OF_MEETINGS = 4
CHUNK_RESOLUTIONS = 2000
BATCH = 2000
# About 2,020 target neighbourhoods nationally, shared among provinces by their number of counties.
NATIONAL_NEIGHBOURHOODS = 2020
AGENCIES_PER_PROVINCE = 200


@dataclass(frozen=True)
class Sizes:
    resolutions: int
    assignments: int
    reports: int


# Scale → (number of provinces, sizes *per province*).
SCALES: dict[str, tuple[int, Sizes]] = {
    "small": (1, Sizes(2_000, 6_000, 20_000)),
    "province": (1, Sizes(100_000, 300_000, 1_000_000)),
    # All provinces, at a lower density each (a national run is for breadth, not depth).
    "national": (31, Sizes(1_500, 4_500, 15_000)),
}
DEFAULT_PROVINCE = "isfahan"

# --- Places ------------------------------------------------------------------------------------
# (code, name, real counties as far as known; the capital county first).
PROVINCES: list[tuple[str, str, list[str]]] = [
    ("azarbaijan-sharqi", "آذربایجان شرقی", ["تبریز", "مراغه", "مرند", "میانه", "اهر", "بناب", "سراب", "شبستر", "هشترود", "ملکان", "عجب‌شیر", "آذرشهر", "اسکو", "بستان‌آباد", "جلفا", "کلیبر", "هریس", "ورزقان", "خداآفرین", "چاراویماق", "هوراند"]),
    ("azarbaijan-gharbi", "آذربایجان غربی", ["ارومیه", "خوی", "میاندوآب", "مهاباد", "بوکان", "سلماس", "نقده", "پیرانشهر", "سردشت", "ماکو", "اشنویه", "تکاب", "شاهین‌دژ", "چالدران", "چایپاره", "شوط", "پلدشت"]),
    ("ardabil", "اردبیل", ["اردبیل", "پارس‌آباد", "مشگین‌شهر", "خلخال", "گرمی", "بیله‌سوار", "نمین", "نیر", "کوثر", "سرعین", "اصلاندوز"]),
    ("isfahan", "اصفهان", ["اصفهان", "کاشان", "خمینی‌شهر", "نجف‌آباد", "شاهین‌شهر و میمه", "شهرضا", "لنجان", "مبارکه", "فلاورجان", "گلپایگان", "نطنز", "اردستان", "نائین", "خوانسار", "فریدن", "فریدونشهر", "سمیرم", "دهاقان", "تیران و کرون", "چادگان", "آران و بیدگل", "برخوار", "بوئین و میاندشت", "خور و بیابانک", "کوهپایه", "هرند"]),
    ("alborz", "البرز", ["کرج", "فردیس", "ساوجبلاغ", "نظرآباد", "اشتهارد", "طالقان"]),
    ("ilam", "ایلام", ["ایلام", "دهلران", "آبدانان", "دره‌شهر", "ایوان", "مهران", "چرداول", "ملکشاهی", "سیروان", "بدره", "هلیلان", "چوار"]),
    ("bushehr", "بوشهر", ["بوشهر", "دشتستان", "دشتی", "تنگستان", "دیر", "کنگان", "گناوه", "جم", "دیلم", "عسلویه"]),
    ("tehran", "تهران", ["تهران", "ری", "شمیرانات", "اسلامشهر", "شهریار", "قدس", "ملارد", "رباط‌کریم", "بهارستان", "پاکدشت", "ورامین", "قرچک", "پیشوا", "دماوند", "فیروزکوه", "پردیس"]),
    ("chaharmahal", "چهارمحال و بختیاری", ["شهرکرد", "بروجن", "لردگان", "فارسان", "اردل", "کوهرنگ", "کیار", "سامان", "بن", "خانمیرزا"]),
    ("khorasan-jonubi", "خراسان جنوبی", ["بیرجند", "قائنات", "فردوس", "طبس", "نهبندان", "سربیشه", "درمیان", "سرایان", "بشرویه", "خوسف", "زیرکوه"]),
    ("khorasan-razavi", "خراسان رضوی", ["مشهد", "نیشابور", "سبزوار", "تربت حیدریه", "قوچان", "کاشمر", "تربت جام", "چناران", "تایباد", "گناباد", "سرخس", "فریمان", "درگز", "خواف", "بردسکن", "رشتخوار", "کلات", "مه‌ولات", "بجستان", "خلیل‌آباد", "جوین", "جغتای", "خوشاب", "زاوه", "فیروزه", "باخرز", "داورزن", "بینالود", "گلبهار", "صالح‌آباد"]),
    ("khorasan-shomali", "خراسان شمالی", ["بجنورد", "شیروان", "اسفراین", "مانه", "جاجرم", "فاروج", "گرمه", "راز و جرگلان"]),
    ("khuzestan", "خوزستان", ["اهواز", "آبادان", "خرمشهر", "دزفول", "اندیمشک", "شوشتر", "شوش", "بهبهان", "ماهشهر", "رامهرمز", "ایذه", "مسجدسلیمان", "باغملک", "دشت آزادگان", "هندیجان", "شادگان", "رامشیر", "امیدیه", "هویزه", "لالی", "اندیکا", "آغاجاری", "گتوند", "کارون", "باوی", "حمیدیه", "هفتکل"]),
    ("zanjan", "زنجان", ["زنجان", "ابهر", "خدابنده", "خرمدره", "طارم", "ماهنشان", "ایجرود", "سلطانیه"]),
    ("semnan", "سمنان", ["سمنان", "شاهرود", "دامغان", "گرمسار", "مهدی‌شهر", "آرادان", "میامی", "سرخه"]),
    ("sistan-baluchestan", "سیستان و بلوچستان", ["زاهدان", "زابل", "ایرانشهر", "چابهار", "سراوان", "خاش", "نیکشهر", "کنارک", "سرباز", "راسک", "دلگان", "زهک", "هیرمند", "میرجاوه", "قصرقند", "فنوج", "مهرستان", "سیب و سوران", "هامون", "نیمروز", "دشتیاری", "بمپور", "لاشار", "تفتان"]),
    ("fars", "فارس", ["شیراز", "مرودشت", "کازرون", "جهرم", "فسا", "داراب", "لارستان", "آباده", "فیروزآباد", "نی‌ریز", "اقلید", "ممسنی", "سپیدان", "لامرد", "استهبان", "زرین‌دشت", "کوار", "خرم‌بید", "بوانات", "ارسنجان", "پاسارگاد", "خنج", "مهر", "گراش", "قیر و کارزین", "فراشبند", "سروستان", "رستم", "خرامه", "زرقان", "اوز", "بیضا", "سرچهان", "کوهچنار", "بختگان"]),
    ("qazvin", "قزوین", ["قزوین", "تاکستان", "البرز", "بوئین‌زهرا", "آبیک", "آوج"]),
    ("qom", "قم", ["قم"]),
    ("kordestan", "کردستان", ["سنندج", "سقز", "مریوان", "بانه", "بیجار", "قروه", "کامیاران", "دیواندره", "دهگلان", "سروآباد"]),
    ("kerman", "کرمان", ["کرمان", "رفسنجان", "سیرجان", "بم", "جیرفت", "زرند", "شهربابک", "بردسیر", "بافت", "راور", "کهنوج", "منوجان", "عنبرآباد", "رودبار جنوب", "قلعه گنج", "ریگان", "فهرج", "انار", "رابر", "ارزوئیه", "نرماشیر", "فاریاب", "کوهبنان"]),
    ("kermanshah", "کرمانشاه", ["کرمانشاه", "اسلام‌آباد غرب", "هرسین", "کنگاور", "سنقر", "صحنه", "جوانرود", "پاوه", "سرپل ذهاب", "قصرشیرین", "گیلانغرب", "دالاهو", "روانسر", "ثلاث باباجانی"]),
    ("kohgiluyeh", "کهگیلویه و بویراحمد", ["بویراحمد", "کهگیلویه", "گچساران", "دنا", "بهمئی", "چرام", "باشت", "لنده", "مارگون"]),
    ("golestan", "گلستان", ["گرگان", "گنبد کاووس", "علی‌آباد کتول", "آق‌قلا", "کردکوی", "بندر ترکمن", "آزادشهر", "رامیان", "مینودشت", "کلاله", "گالیکش", "مراوه‌تپه", "بندر گز", "گمیشان"]),
    ("gilan", "گیلان", ["رشت", "بندر انزلی", "لاهیجان", "لنگرود", "آستارا", "تالش", "صومعه‌سرا", "فومن", "رودسر", "آستانه اشرفیه", "رودبار", "رضوانشهر", "ماسال", "شفت", "سیاهکل", "املش", "خمام"]),
    ("lorestan", "لرستان", ["خرم‌آباد", "بروجرد", "دورود", "الیگودرز", "کوهدشت", "ازنا", "دلفان", "سلسله", "پلدختر", "رومشکان", "دوره", "چگنی"]),
    ("mazandaran", "مازندران", ["ساری", "بابل", "آمل", "قائم‌شهر", "بهشهر", "چالوس", "نوشهر", "تنکابن", "رامسر", "بابلسر", "نکا", "جویبار", "محمودآباد", "نور", "فریدونکنار", "سوادکوه", "سوادکوه شمالی", "گلوگاه", "میاندرود", "سیمرغ", "عباس‌آباد", "کلاردشت"]),
    ("markazi", "مرکزی", ["اراک", "ساوه", "خمین", "محلات", "دلیجان", "شازند", "تفرش", "آشتیان", "کمیجان", "زرندیه", "فراهان", "خنداب"]),
    ("hormozgan", "هرمزگان", ["بندرعباس", "میناب", "قشم", "بندر لنگه", "جاسک", "رودان", "حاجی‌آباد", "بستک", "پارسیان", "خمیر", "سیریک", "بشاگرد", "ابوموسی"]),
    ("hamedan", "همدان", ["همدان", "ملایر", "نهاوند", "تویسرکان", "اسدآباد", "بهار", "کبودرآهنگ", "رزن", "فامنین", "درگزین"]),
    ("yazd", "یزد", ["یزد", "میبد", "اردکان", "مهریز", "تفت", "ابرکوه", "بافق", "خاتم", "اشکذر", "بهاباد", "مروست"]),
]  # fmt: skip
PROVINCE_BY_CODE = {code: (name, counties) for code, name, counties in PROVINCES}

# Neighbourhood names: a head word and a name, the way target neighbourhoods are listed.
NEIGHBOURHOOD_HEADS = ["محله", "کوی", "شهرک", "کوی", "محله"]
NEIGHBOURHOOD_NAMES = [
    "ولیعصر", "امام رضا", "شهید بهشتی", "فرهنگیان", "اسلام‌آباد", "رحمت‌آباد", "حسین‌آباد", "علی‌آباد",
    "زینبیه", "مهدیه", "قائمیه", "سعدی", "حافظیه", "نصرآباد", "خیرآباد", "جعفرآباد", "شهرک صنعتی",
    "آزادگان", "ایثارگران", "شهدا", "بسیج", "انقلاب", "طالقانی", "مطهری", "کارگران", "کشاورز",
    "نورآباد", "دولت‌آباد", "کریم‌آباد", "محمودیه", "فاطمیه", "امیرآباد", "یوسف‌آباد", "شمس‌آباد",
    "باغ‌ملک", "چهارباغ", "سرآسیاب", "دروازه‌شهر", "پشت مسجد", "سه‌راهی", "گلستان", "لاله",
    "بهاران", "نرگس", "یاسمن", "شقایق", "سپیدار", "چنار", "کوثر", "غدیر", "رضوان", "الهیه",
]  # fmt: skip
NEIGHBOURHOOD_KINDS = [
    (NeighbourhoodKind.INFORMAL_SETTLEMENT, 4),
    (NeighbourhoodKind.MARGINAL, 4),
    (NeighbourhoodKind.WORN_OUT_FABRIC, 3),
    (NeighbourhoodKind.RURAL, 1),
]

# --- Agencies ----------------------------------------------------------------------------------
# Province-level agencies: (name, kind, short alias or ""). «{p}» is the province's name.
PROVINCE_AGENCIES: list[tuple[str, str, str]] = [
    ("استانداری {p}", AgencyKind.GOVERNORATE, "استانداری"),
    ("اداره کل امور اجتماعی و فرهنگی استانداری", AgencyKind.DIRECTORATE, "دفتر امور اجتماعی و فرهنگی"),
    ("اداره کل امور زنان و خانواده استانداری", AgencyKind.DIRECTORATE, "امور زنان و خانواده"),
    ("اداره کل امور روستایی و شوراهای استانداری", AgencyKind.DIRECTORATE, ""),
    ("اداره کل ورزش و جوانان", AgencyKind.DIRECTORATE, "ورزش و جوانان"),
    ("اداره کل آموزش و پرورش", AgencyKind.DIRECTORATE, "آموزش و پرورش"),
    ("اداره کل بهزیستی", AgencyKind.DIRECTORATE, "بهزیستی"),
    ("اداره کل تعاون، کار و رفاه اجتماعی", AgencyKind.DIRECTORATE, "تعاون، کار و رفاه اجتماعی"),
    ("اداره کل راه و شهرسازی", AgencyKind.DIRECTORATE, "راه و شهرسازی"),
    ("اداره کل فرهنگ و ارشاد اسلامی", AgencyKind.DIRECTORATE, "ارشاد"),
    ("اداره کل میراث فرهنگی، گردشگری و صنایع دستی", AgencyKind.DIRECTORATE, "میراث فرهنگی"),
    ("اداره کل منابع طبیعی و آبخیزداری", AgencyKind.DIRECTORATE, "منابع طبیعی"),
    ("اداره کل حفاظت محیط زیست", AgencyKind.DIRECTORATE, "محیط زیست"),
    ("اداره کل امور مالیاتی", AgencyKind.DIRECTORATE, ""),
    ("اداره کل ثبت اسناد و املاک", AgencyKind.DIRECTORATE, "ثبت اسناد"),
    ("اداره کل ثبت احوال", AgencyKind.DIRECTORATE, "ثبت احوال"),
    ("اداره کل کتابخانه‌های عمومی", AgencyKind.DIRECTORATE, "کتابخانه‌های عمومی"),
    ("اداره کل آموزش فنی و حرفه‌ای", AgencyKind.DIRECTORATE, "فنی و حرفه‌ای"),
    ("اداره کل بیمه سلامت", AgencyKind.DIRECTORATE, "بیمه سلامت"),
    ("اداره کل تأمین اجتماعی", AgencyKind.DIRECTORATE, "تأمین اجتماعی"),
    ("اداره کل زندان‌ها و اقدامات تأمینی و تربیتی", AgencyKind.DIRECTORATE, "زندان‌ها"),
    ("اداره کل پست", AgencyKind.DIRECTORATE, ""),
    ("اداره کل ارتباطات و فناوری اطلاعات", AgencyKind.DIRECTORATE, ""),
    ("اداره کل استاندارد", AgencyKind.DIRECTORATE, ""),
    ("اداره کل دامپزشکی", AgencyKind.DIRECTORATE, ""),
    ("اداره کل امور عشایر", AgencyKind.DIRECTORATE, ""),
    ("اداره کل نوسازی، توسعه و تجهیز مدارس", AgencyKind.DIRECTORATE, "نوسازی مدارس"),
    ("اداره کل اوقاف و امور خیریه", AgencyKind.DIRECTORATE, "اوقاف"),
    ("اداره کل پزشکی قانونی", AgencyKind.DIRECTORATE, "پزشکی قانونی"),
    ("اداره کل مدیریت بحران", AgencyKind.DIRECTORATE, "مدیریت بحران"),
    ("اداره کل تبلیغات اسلامی", AgencyKind.DIRECTORATE, "تبلیغات اسلامی"),
    ("سازمان جهاد کشاورزی", AgencyKind.DIRECTORATE, "جهاد کشاورزی"),
    ("سازمان مدیریت و برنامه‌ریزی", AgencyKind.DIRECTORATE, "سازمان برنامه و بودجه"),
    ("سازمان صنعت، معدن و تجارت", AgencyKind.DIRECTORATE, "صمت"),
    ("سازمان بسیج سازندگی", AgencyKind.FOUNDATION, "بسیج سازندگی"),
    ("سازمان همیاری شهرداری‌ها", AgencyKind.MUNICIPALITY, ""),
    ("سازمان نظام مهندسی ساختمان", AgencyKind.NGO, ""),
    ("سازمان تبلیغات اسلامی", AgencyKind.FOUNDATION, ""),
    ("بنیاد مسکن انقلاب اسلامی", AgencyKind.FOUNDATION, "بنیاد مسکن"),
    ("بنیاد شهید و امور ایثارگران", AgencyKind.FOUNDATION, "بنیاد شهید"),
    ("بنیاد مستضعفان", AgencyKind.FOUNDATION, ""),
    ("بنیاد علوی", AgencyKind.FOUNDATION, ""),
    ("بنیاد برکت", AgencyKind.FOUNDATION, ""),
    ("بنیاد نخبگان", AgencyKind.FOUNDATION, ""),
    ("دانشگاه علوم پزشکی {p}", AgencyKind.UNIVERSITY, "دانشگاه علوم پزشکی"),
    ("دانشگاه {p}", AgencyKind.UNIVERSITY, ""),
    ("دانشگاه فرهنگیان {p}", AgencyKind.UNIVERSITY, "دانشگاه فرهنگیان"),
    ("دانشگاه آزاد اسلامی استان {p}", AgencyKind.UNIVERSITY, "دانشگاه آزاد"),
    ("دانشگاه پیام نور استان {p}", AgencyKind.UNIVERSITY, "پیام نور"),
    ("دانشگاه فنی و حرفه‌ای استان {p}", AgencyKind.UNIVERSITY, ""),
    ("کمیته امداد امام خمینی (ره)", AgencyKind.FOUNDATION, "کمیته امداد"),
    ("جمعیت هلال احمر", AgencyKind.FOUNDATION, "هلال احمر"),
    ("ستاد اجرایی فرمان حضرت امام (ره)", AgencyKind.FOUNDATION, "ستاد اجرایی"),
    ("فرماندهی انتظامی استان", AgencyKind.POLICE, "فراجا"),
    ("پلیس پیشگیری فرماندهی انتظامی", AgencyKind.POLICE, "پلیس پیشگیری"),
    ("پلیس مبارزه با مواد مخدر", AgencyKind.POLICE, "پلیس مواد مخدر"),
    ("دادگستری کل استان", AgencyKind.DIRECTORATE, "دادگستری"),
    ("اداره کل شوراهای حل اختلاف", AgencyKind.DIRECTORATE, "شورای حل اختلاف"),
    ("دادسرای عمومی و انقلاب مرکز استان", AgencyKind.DIRECTORATE, "دادستانی"),
    ("سپاه استان", AgencyKind.FOUNDATION, "سپاه"),
    ("شورای هماهنگی مبارزه با مواد مخدر استان", AgencyKind.COUNCIL, ""),
    ("شورای هماهنگی گروه‌های جهادی استان", AgencyKind.NGO, "گروه‌های جهادی"),
    ("ستاد مردمی خیرین مدرسه‌ساز", AgencyKind.NGO, "خیرین مدرسه‌ساز"),
    ("شرکت آب و فاضلاب استان", AgencyKind.DIRECTORATE, "آبفا"),
    ("شرکت توزیع نیروی برق استان", AgencyKind.DIRECTORATE, "برق"),
    ("شرکت گاز استان", AgencyKind.DIRECTORATE, "گاز"),
    ("صدا و سیمای مرکز {p}", AgencyKind.DIRECTORATE, "صدا و سیما"),
    ("صندوق بیمه اجتماعی کشاورزان، روستاییان و عشایر", AgencyKind.FOUNDATION, ""),
    ("صندوق کارآفرینی امید", AgencyKind.FOUNDATION, "صندوق امید"),
    ("حوزه هنری", AgencyKind.FOUNDATION, ""),
    ("اداره کل امور اتباع و مهاجرین خارجی", AgencyKind.DIRECTORATE, ""),
]
# County offices, in the order a province fills its quota of agencies: «{c}» is the county.
COUNTY_AGENCIES: list[tuple[str, str]] = [
    ("فرمانداری {c}", AgencyKind.COUNTY_GOVERNORATE),
    ("شهرداری {c}", AgencyKind.MUNICIPALITY),
    ("شبکه بهداشت و درمان شهرستان {c}", AgencyKind.UNIVERSITY),
    ("اداره آموزش و پرورش شهرستان {c}", AgencyKind.DIRECTORATE),
    ("اداره بهزیستی شهرستان {c}", AgencyKind.DIRECTORATE),
    ("اداره تعاون، کار و رفاه اجتماعی شهرستان {c}", AgencyKind.DIRECTORATE),
    ("کمیته امداد امام خمینی (ره) شهرستان {c}", AgencyKind.FOUNDATION),
    ("اداره ورزش و جوانان شهرستان {c}", AgencyKind.DIRECTORATE),
    ("اداره فرهنگ و ارشاد اسلامی شهرستان {c}", AgencyKind.DIRECTORATE),
    ("بنیاد مسکن انقلاب اسلامی شهرستان {c}", AgencyKind.FOUNDATION),
    ("فرماندهی انتظامی شهرستان {c}", AgencyKind.POLICE),
    ("اداره جهاد کشاورزی شهرستان {c}", AgencyKind.DIRECTORATE),
    ("اداره منابع طبیعی شهرستان {c}", AgencyKind.DIRECTORATE),
    ("دادگستری شهرستان {c}", AgencyKind.DIRECTORATE),
]
DISTRICTS = ["مرکزی", "کوهستان", "دشت", "رودبار", "سرچشمه", "چهاردانگه", "کوهپایه", "جلگه"]

# --- Bodies ------------------------------------------------------------------------------------
HQ_NAME = "قرارگاه اجتماعی استان"
HQ_SECRETARIAT = "اداره کل امور اجتماعی و فرهنگی استانداری"
# (name, kind, secretariat agency, member agencies by name; the HQ's members are all agencies)
PROVINCE_BODIES: list[tuple[str, str, str, list[str]]] = [
    ("شورای اجتماعی استان", BodyKind.COUNCIL, HQ_SECRETARIAT, []),
    (
        "کمیته بانوان و تحکیم بنیان خانواده",
        BodyKind.COMMITTEE,
        "اداره کل امور زنان و خانواده استانداری",
        [
            "اداره کل بهزیستی",
            "اداره کل ورزش و جوانان",
            "کمیته امداد امام خمینی (ره)",
            "اداره کل آموزش و پرورش",
        ],
    ),
    (
        "کمیته اشتغال و توانمندسازی",
        BodyKind.COMMITTEE,
        "اداره کل تعاون، کار و رفاه اجتماعی",
        ["اداره کل آموزش فنی و حرفه‌ای", "صندوق کارآفرینی امید", "بنیاد برکت", "سازمان جهاد کشاورزی"],
    ),
    (
        "کمیته سلامت اجتماعی و پیشگیری از آسیب‌ها",
        BodyKind.COMMITTEE,
        "دانشگاه علوم پزشکی {p}",
        ["اداره کل بهزیستی", "پلیس مبارزه با مواد مخدر", "اداره کل بیمه سلامت", "جمعیت هلال احمر"],
    ),
    (
        "کمیته ساماندهی کودکان کار و خیابان",
        BodyKind.COMMITTEE,
        "اداره کل بهزیستی",
        ["اداره کل آموزش و پرورش", "پلیس پیشگیری فرماندهی انتظامی", "اداره کل امور اتباع و مهاجرین خارجی"],
    ),
    (
        "کمیته فرهنگی و تربیتی",
        BodyKind.COMMITTEE,
        "اداره کل فرهنگ و ارشاد اسلامی",
        ["اداره کل کتابخانه‌های عمومی", "سازمان تبلیغات اسلامی", "حوزه هنری", "اداره کل آموزش و پرورش"],
    ),
    (
        "کارگروه حقوقی و قضایی",
        BodyKind.WORKING_GROUP,
        "دادگستری کل استان",
        ["اداره کل شوراهای حل اختلاف", "دادسرای عمومی و انقلاب مرکز استان", "اداره کل ثبت اسناد و املاک"],
    ),
]
COUNTY_HQ = "قرارگاه اجتماعی شهرستان {c}"

# --- People ------------------------------------------------------------------------------------
FIRST_NAMES_MALE = ["محمد", "علی", "حسین", "رضا", "مهدی", "حسن", "مجید", "سعید", "احمد", "محمدرضا", "جواد", "امیر", "مصطفی", "ابوالفضل", "مرتضی", "حمید", "وحید", "کاظم", "یوسف", "هادی", "بهروز", "فرهاد", "مسعود", "ناصر"]  # fmt: skip
FIRST_NAMES_FEMALE = ["فاطمه", "زهرا", "مریم", "معصومه", "سمیه", "الهام", "نرگس", "طاهره", "لیلا", "سمانه", "مهناز", "فرزانه", "راضیه", "زینب", "اعظم", "شیما"]  # fmt: skip
LAST_NAMES = ["محمدی", "حسینی", "احمدی", "رضایی", "کریمی", "موسوی", "جعفری", "صادقی", "رحیمی", "قاسمی", "نوری", "اکبری", "عباسی", "مرادی", "هاشمی", "سلیمانی", "طاهری", "نظری", "کاظمی", "یوسفی", "شریفی", "عزیزی", "ابراهیمی", "قربانی", "رستمی", "باقری", "فتحی", "نجفی", "امیری", "زارعی", "بهرامی", "حیدری", "اسدی", "خسروی", "میرزایی", "جلالی", "پورمحمدی", "فرهادی", "سبحانی", "توکلی"]  # fmt: skip
PLACES = ["سالن جلسات شهدای دولت استانداری", "سالن اجتماعات فرمانداری", "دفتر معاون سیاسی، امنیتی و اجتماعی", "تالار وحدت", "سالن جلسات دبیرخانه قرارگاه"]  # fmt: skip
CHAIR_ROLES = ["استاندار", "معاون سیاسی، امنیتی و اجتماعی استاندار", "مدیرکل امور اجتماعی و فرهنگی استانداری"]
COUNTY_CHAIR_ROLES = ["فرماندار", "معاون فرماندار"]
SECRETARY_ROLES = ["دبیر قرارگاه اجتماعی", "کارشناس مسئول دبیرخانه", "رئیس گروه امور اجتماعی"]

# --- Texts -------------------------------------------------------------------------------------
# Actions per axis: «{n}» is a quantity, «{u}» its unit. Quantified actions give the resolution a
# target (the issue's «آموزش ۳۰۰۰ نفر»), so progress towards it can be shown.
ACTIONS: dict[str, list[tuple[str, str]]] = {
    Axis.HEALTH: [
        ("برگزاری اردوی سلامت و غربالگری رایگان ساکنین", ""),
        ("پوشش بیمه سلامت {n} نفر از افراد فاقد بیمه", "نفر"),
        ("استقرار تیم سلامت روان و مشاوره در خانه محله", ""),
        ("واکسیناسیون و مراقبت سلامت کودکان زیر پنج سال", ""),
        ("پذیرش {n} نفر از افراد دارای اختلال مصرف مواد در مراکز درمان", "نفر"),
        ("تجهیز پایگاه سلامت و تأمین پزشک خانواده", ""),
    ],
    Axis.CULTURE: [
        ("برگزاری جشن‌های مناسبتی و برنامه‌های فرهنگی ویژه نوجوانان", ""),
        ("راه‌اندازی کتابخانه محله‌ای و اهدای {n} جلد کتاب", "جلد"),
        ("برگزاری کلاس‌های قرآنی و اردوهای زیارتی برای خانواده‌ها", ""),
        ("برپایی نمایشگاه صنایع دستی بانوان محله", ""),
        ("فعال‌سازی مسجد محله به عنوان پایگاه خدمات اجتماعی", ""),
    ],
    Axis.EMPLOYMENT: [
        ("اعطای تسهیلات اشتغال خرد به {n} نفر از مددجویان", "نفر"),
        ("شناسایی ظرفیت‌های اشتغال خانگی و معرفی {n} نفر به بازار کار", "نفر"),
        ("راه‌اندازی {n} کارگاه تولیدی کوچک با مشارکت خیرین", "کارگاه"),
        ("برگزاری نمایشگاه فرصت‌های شغلی برای جوانان جویای کار", ""),
        ("ایجاد بازارچه محلی برای فروش محصولات زنان سرپرست خانوار", ""),
    ],
    Axis.WELFARE: [
        ("مرمت و بهسازی {n} واحد مسکونی فرسوده خانوارهای نیازمند", "واحد"),
        ("توزیع {n} بسته معیشتی میان خانوارهای کم‌برخوردار", "بسته"),
        ("تأمین جهیزیه برای {n} زوج نیازمند", "زوج"),
        ("لوله‌کشی گاز و اصلاح انشعاب آب منازل فاقد انشعاب", ""),
        ("احداث پارک محله‌ای و بهسازی معابر و روشنایی کوچه‌ها", ""),
        ("تکمیل پرونده مسکن ملی خانوارهای فاقد مسکن", ""),
    ],
    Axis.EDUCATION: [
        ("برگزاری دوره‌های آموزش مهارتی برای {n} نفر از جوانان", "نفر"),
        ("بازگرداندن {n} کودک بازمانده از تحصیل به مدرسه", "کودک"),
        ("برگزاری کلاس‌های سوادآموزی بزرگسالان", ""),
        ("آموزش مهارت‌های زندگی و فرزندپروری به {n} نفر از والدین", "نفر"),
        ("تجهیز مدرسه محله و تأمین نوشت‌افزار دانش‌آموزان نیازمند", ""),
    ],
    Axis.SOCIAL: [
        ("ساماندهی کودکان کار و خیابان و شناسایی خانواده‌های آنان", ""),
        ("جمع‌آوری و پذیرش متکدیان در مراکز بهزیستی", ""),
        ("تشکیل گروه‌های همیار بانوان و شهرداران کوچه", ""),
        ("شناسایی و توانمندسازی {n} نفر از زنان سرپرست خانوار", "نفر"),
        ("برگزاری جلسات گفت‌وگو با معتمدین و ریش‌سفیدان محله", ""),
    ],
    Axis.LEGAL: [
        ("استقرار میز خدمت حقوقی و مشاوره رایگان در خانه محله", ""),
        ("صدور شناسنامه و مدارک هویتی برای افراد فاقد مدارک", ""),
        ("تعیین تکلیف اسناد مالکیت {n} واحد مسکونی", "واحد"),
        ("رسیدگی به پرونده‌های اختلافات خانوادگی از طریق شورای حل اختلاف", ""),
        ("برگزاری کارگاه آموزش حقوق شهروندی برای ساکنین", ""),
    ],
    "": [
        ("تهیه گزارش جامع وضعیت محله‌های هدف و ارائه آن در جلسه آینده", ""),
        ("تکمیل سامانه اطلاعات محله‌ای و به‌روزرسانی آمار خانوارها", ""),
        ("معرفی نماینده تام‌الاختیار به دبیرخانه قرارگاه", ""),
        ("پیگیری تأمین اعتبار طرح‌های مصوب از محل اعتبارات استانی", ""),
    ],
}
RESOLUTION_TEMPLATES = [
    "مقرر گردید: {lead} نسبت به {action}{where} اقدام و گزارش آن را به دبیرخانه ارسال نماید.",
    "مقرر گردید {lead}{partners} نسبت به {action}{where} اقدام نماید.",
    "{lead} موظف است{partners} {action_obj}{where} را در دستور کار قرار داده و نتیجه را به دبیرخانه قرارگاه اعلام نماید.",
    "مقرر شد {lead}{partners} پیگیری‌های لازم برای {action}{where} را انجام و گزارش اقدامات را در جلسه آینده ارائه نماید.",
    "با توجه به گزارش ارائه‌شده، مقرر گردید {lead} نسبت به {action}{where} اقدام و نتیجه را به دبیرخانه اعلام نماید.",
]
REPORT_TEMPLATES = [
    "در راستای اجرای مصوبه، {activity} انجام شد و گزارش تصویری و فهرست بهره‌مندان پیوست است.",
    "پیرو مصوبه جلسه، {activity} صورت گرفت؛ ادامه کار با همکاری خانه محله در حال پیگیری است.",
    "اقدامات انجام‌شده: {activity}. مکاتبات لازم با دستگاه‌های همکار انجام و پیگیری ادامه دارد.",
    "گزارش پیشرفت: {activity} و مرحله بعدی تا پایان ماه جاری انجام خواهد شد.",
]
REPORT_ACTIVITIES = [
    "جلسه هماهنگی با مسئول خانه محله برگزار",
    "فهرست خانوارهای نیازمند با همکاری شهرداران کوچه تهیه",
    "اعتبار لازم از محل ردیف استانی تأمین",
    "بازدید میدانی از محله و نیازسنجی ساکنین",
    "تفاهم‌نامه همکاری با خیرین و گروه‌های جهادی منعقد",
    "دوره آموزشی با حضور ساکنین محله برگزار",
    "پرونده متقاضیان بررسی و {n} مورد به مرحله اجرا رسید",
    "{n} نفر از ساکنین محله از خدمات بهره‌مند شدند",
    "اطلاع‌رسانی از طریق مسجد و مدرسه محله انجام",
    "نامه درخواست همکاری به دستگاه‌های عضو ارسال",
]
RETURN_COMMENTS = [
    "گزارش کلی است؛ آمار بهره‌مندان و مستندات تصویری پیوست شود.",
    "اقدامات گزارش‌شده با متن مصوبه مطابقت ندارد؛ لطفاً گزارش دقیق‌تری ارسال کنید.",
    "تاریخ و محل اجرای اقدامات ذکر نشده است؛ گزارش تکمیل و دوباره ارسال شود.",
    "میزان پیشرفت نسبت به هدف کمّی مصوبه مشخص نیست.",
    "گزارش فاقد امضای مدیر دستگاه است؛ نسخه تأییدشده ارسال شود.",
]
ACCEPT_COMMENTS = ["", "", "گزارش مورد تأیید است.", "با تشکر از پیگیری دستگاه.", "اقدامات کافی است."]
EXTENSION_REASONS = [
    "تأمین اعتبار طرح به زمان بیشتری نیاز دارد.",
    "هماهنگی با دستگاه‌های همکار هنوز کامل نشده است.",
    "به دلیل تعطیلات و شرایط جوی اجرای طرح به تعویق افتاد.",
    "شناسایی خانوارهای مشمول در حال انجام است.",
]
# (raw deadline phrase, weight); «{date}» is filled with a Jalali date after the meeting.
DEADLINE_PHRASES: list[tuple[str, int]] = [
    ("۴ روز", 3),
    ("یک هفته", 8),
    ("ده روز", 4),
    ("دو هفته", 9),
    ("ظرف مدت ۱۵ روز", 4),
    ("یک ماه", 10),
    ("دو ماه", 5),
    ("سه ماه", 3),
    ("هفته جاری", 6),
    ("اسرع وقت", 12),
    ("مستمر", 11),
    ("تا {date}", 9),
    ("تا پایان {month}", 6),
    ("", 7),
]
AGENDA_ITEMS = [
    "گزارش پیشرفت طرح توانمندسازی محله‌های هدف",
    "بررسی وضعیت کودکان بازمانده از تحصیل",
    "ارائه گزارش میز خدمت برگزارشده در محله‌ها",
    "طرح مسائل و مشکلات محله‌های هدف توسط مسئولین خانه‌های محله",
    "بررسی پیشنهاد اعتبارات سال آینده",
    "گزارش وضعیت اشتغال زنان سرپرست خانوار",
]


@dataclass
class GenerationResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    provinces: list[str] = field(default_factory=list)

    def add(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


def _split(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` integers that differ by at most one and sum to ``total``."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _weighted_split(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder split of ``total`` proportional to ``weights`` (exact sum)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [math.floor(x) for x in raw]
    order = sorted(range(len(weights)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _person(rng: random.Random) -> tuple[str, str]:
    first = rng.choice(FIRST_NAMES_FEMALE if rng.random() < 0.3 else FIRST_NAMES_MALE)
    return first, rng.choice(LAST_NAMES)


def _fa(n: object) -> str:
    return to_persian_digits(str(n))


@functools.lru_cache(maxsize=4096)
def _key(part: str) -> str:
    return match_key(part)


def _bulk(model: type, rows: list, result: GenerationResult, label: str) -> list:
    if rows:
        model.objects.bulk_create(rows, batch_size=BATCH)
        result.add(label, len(rows))
    return rows


def _working_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Days meetings can be held: not Friday, not Thursday, not the Nowruz holidays."""
    days = []
    d = start
    while d <= end:
        if d.weekday() not in (3, 4):  # Thursday, Friday
            j = JalaliDate.from_gregorian(d)
            if not (j.month == 1 and (j.day <= 4 or j.day in (12, 13))) and not (
                j.month == 12 and j.day == 29
            ):
                days.append(d)
        d += datetime.timedelta(days=1)
    return days


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A moment in office hours (08:00–15:59 Tehran) on ``day``."""
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 15), rng.randint(0, 59), rng.randint(0, 59)), tzinfo=TEHRAN
    )


@dataclass
class _World:
    """What one province's resolutions are generated against."""

    province: Province
    counties: list[County]
    neighbourhoods: list[TargetNeighbourhood]
    agencies: list[Agency]
    agency_weights: list[float]
    officer_by_agency: dict[int, int]
    bodies: list[Body]
    secretary_by_body: dict[int, int]
    hq_secretary: int
    meetings: list[tuple[int, int, datetime.date]]  # (meeting id, body id, date)
    body_county: dict[int, int | None] = field(default_factory=dict)
    _weights: dict[int, list[float]] = field(default_factory=dict)
    _hoods: dict[int, list[TargetNeighbourhood]] = field(default_factory=dict)

    def weights_for(self, body_id: int) -> list[float]:
        """Who a body assigns work to: a county HQ its own county's offices and provincial
        agencies; a provincial body provincial agencies, governorates and municipalities."""
        if body_id not in self._weights:
            county = self.body_county[body_id]
            out = []
            for a, w in zip(self.agencies, self.agency_weights, strict=True):
                if county is not None:
                    factor = 4.0 if a.county_id == county else 1.0 if a.county_id is None else 0.0
                else:
                    local = a.kind in (AgencyKind.COUNTY_GOVERNORATE, AgencyKind.MUNICIPALITY)
                    factor = 1.0 if a.county_id is None or local else 0.1
                out.append(w * factor)
            self._weights[body_id] = out
        return self._weights[body_id]

    def neighbourhoods_for(self, body_id: int) -> list[TargetNeighbourhood]:
        if body_id not in self._hoods:
            county = self.body_county[body_id]
            own = [h for h in self.neighbourhoods if county is None or h.county_id == county]
            self._hoods[body_id] = own
        return self._hoods[body_id]


class Generator:
    def __init__(
        self,
        *,
        seed: int,
        as_of: datetime.date,
        log: Callable[[str], None],
        result: GenerationResult,
        password_hash: str,
    ) -> None:
        self.seed = seed
        self.as_of = as_of
        # The current province's houses and their neighbourhoods (set by _agency_specs).
        self.house_hoods: dict[str, TargetNeighbourhood] = {}
        self.start = JalaliDate.from_gregorian(as_of).add_months(-12 * YEARS_OF_MEETINGS).to_gregorian()
        self.log = log
        self.result = result
        self.password_hash = password_hash
        self.days = _working_days(self.start, as_of - datetime.timedelta(days=1))

    def rng(self, code: str, stage: str) -> random.Random:
        # One stream per province and stage: the registry of a province is the same whatever
        # sizes of resolutions are asked for, and provinces do not depend on each other.
        return random.Random(f"qarargah:{self.seed}:{code}:{stage}")

    # --- registry ------------------------------------------------------------------------------
    def registry(self, code: str, neighbourhood_count: int) -> _World:
        name, county_names = PROVINCE_BY_CODE[code]
        rng = self.rng(code, "registry")
        province = Province.objects.create(name=name, code=code, asap_days=rng.choice([5, 7, 7, 7, 10]))
        self.result.add("provinces", 1)
        counties = _bulk(
            County, [County(province=province, name=c) for c in county_names], self.result, "counties"
        )

        # Neighbourhoods: spread over counties, more in the capital county.
        weights = [3.0] + [1.0] * (len(counties) - 1)
        per_county = _weighted_split(neighbourhood_count, weights)
        hoods: list[TargetNeighbourhood] = []
        for county, n in zip(counties, per_county, strict=True):
            used: set[str] = set()
            for _ in range(n):
                for attempt in range(50):
                    label = f"{rng.choice(NEIGHBOURHOOD_HEADS)} {rng.choice(NEIGHBOURHOOD_NAMES)}"
                    if attempt > 20:
                        label = f"{label} {_fa(attempt - 19)}"
                    if match_key(label) not in used:
                        break
                used.add(match_key(label))
                kind = rng.choices([k for k, _ in NEIGHBOURHOOD_KINDS], [w for _, w in NEIGHBOURHOOD_KINDS])[
                    0
                ]
                population = rng.randrange(4_000, 60_000, 100)
                hoods.append(
                    TargetNeighbourhood(
                        county=county,
                        name=label,
                        name_key=match_key(label),
                        kind=kind,
                        population=population,
                        households=population // rng.choice([3, 4, 4, 5]),
                    )
                )
        _bulk(TargetNeighbourhood, hoods, self.result, "neighbourhoods")

        specs = self._agency_specs(name, counties, hoods)
        agencies = [
            Agency(
                province=province,
                county=county,
                name=agency_name,
                name_key=match_key(agency_name),
                kind=kind,
                email=f"a{i + 1:03d}.{code}@example.ir",
                neighbourhood=self.house_hoods.get(agency_name),
            )
            for i, (agency_name, kind, county, _alias) in enumerate(specs)
        ]
        _bulk(Agency, agencies, self.result, "agencies")
        aliases = [
            AgencyAlias(agency=a, name=alias, name_key=match_key(alias))
            for a, (_n, _k, _c, alias) in zip(agencies, specs, strict=True)
            if alias
        ]
        _bulk(AgencyAlias, aliases, self.result, "agency_aliases")
        by_name = {a.name: a for a in agencies}

        # How much work each agency gets: by kind, times a long-tailed factor so a few agencies
        # carry thousands of assignments (the inboxes a benchmark should load).
        kind_weight = {
            AgencyKind.GOVERNORATE: 1.0,
            AgencyKind.DIRECTORATE: 1.0,
            AgencyKind.FOUNDATION: 0.9,
            AgencyKind.UNIVERSITY: 0.8,
            AgencyKind.POLICE: 0.6,
            AgencyKind.COUNCIL: 0.4,
            AgencyKind.NGO: 0.5,
            AgencyKind.COUNTY_GOVERNORATE: 0.7,
            AgencyKind.MUNICIPALITY: 0.6,
            AgencyKind.NEIGHBOURHOOD_HOUSE: 0.15,
        }
        ranks = list(range(1, len(agencies) + 1))
        rng.shuffle(ranks)
        agency_weights = [
            kind_weight[a.kind] * (0.3 if a.county_id else 1.0) / r**0.8
            for a, r in zip(agencies, ranks, strict=True)
        ]

        # Bodies: the provincial HQ, its council, committees and working group, and one HQ per county.
        def body(
            name_: str, kind: str, secretariat: Agency, county: County | None, parent: Body | None
        ) -> Body:
            return Body(
                province=province,
                county=county,
                name=name_,
                name_key=match_key(name_),
                kind=kind,
                level=BodyLevel.COUNTY if county else BodyLevel.PROVINCE,
                parent=parent,
                secretariat_agency=secretariat,
            )

        hq = body(HQ_NAME, BodyKind.HEADQUARTERS, by_name[HQ_SECRETARIAT], None, None)
        _bulk(Body, [hq], self.result, "bodies")
        others = [
            body(b_name, kind, by_name[sec.format(p=name)], None, hq)
            for b_name, kind, sec, _m in PROVINCE_BODIES
        ]
        governorates = {a.county_id: a for a in agencies if a.kind == AgencyKind.COUNTY_GOVERNORATE}
        others += [
            body(COUNTY_HQ.format(c=c.name), BodyKind.HEADQUARTERS, governorates[c.pk], c, hq)
            for c in counties
            if c.pk in governorates
        ]
        _bulk(Body, others, self.result, "bodies")
        bodies = [hq, *others]
        provincial = [a for a in agencies if a.county_id is None]
        memberships = [BodyMembership(body=hq, agency=a) for a in agencies]
        memberships += [BodyMembership(body=others[0], agency=a) for a in provincial]
        for b, (_n, _k, sec, members) in zip(others[1:], PROVINCE_BODIES[1:], strict=False):
            wanted = [sec.format(p=name), *members]
            memberships += [BodyMembership(body=b, agency=by_name[m]) for m in dict.fromkeys(wanted)]
        for b in others[len(PROVINCE_BODIES) :]:
            local = [a for a in agencies if a.county_id == b.county_id]
            memberships += [BodyMembership(body=b, agency=a) for a in local]
        _bulk(BodyMembership, memberships, self.result, "body_memberships")

        # Users: a secretariat per body, an officer per agency, leadership, house managers.
        users: list[User] = []

        def user(username: str, role: str, **scope: Any) -> User:
            first, last = _person(rng)
            u = User(
                username=username,
                password=self.password_hash,
                role=role,
                first_name=first,
                last_name=last,
                email=f"{username}@example.ir",
                province=province,
                **scope,
            )
            users.append(u)
            return u

        sec_users = [user(f"dabir.{code}", Role.SECRETARIAT, body=hq)]
        sec_users += [
            user(f"dabir.{code}.{i:02d}", Role.SECRETARIAT, body=b) for i, b in enumerate(others, 1)
        ]
        officers = []
        for i, a in enumerate(agencies, 1):
            if a.kind == AgencyKind.COUNTY_GOVERNORATE:
                officers.append(
                    user(f"officer.{code}.{i:03d}", Role.COUNTY_OFFICER, agency=a, county=a.county)
                )
            else:
                officers.append(user(f"officer.{code}.{i:03d}", Role.AGENCY_OFFICER, agency=a))
        user(f"ostandar.{code}", Role.LEADERSHIP)
        for i, h in enumerate(hoods[:10], 1):
            user(f"khaneh.{code}.{i:02d}", Role.HOUSE_MANAGER, neighbourhood=h)
        _bulk(User, users, self.result, "users")

        meetings = self.meetings(code, bodies, sec_users)
        return _World(
            province=province,
            counties=counties,
            neighbourhoods=hoods,
            agencies=agencies,
            agency_weights=agency_weights,
            officer_by_agency={a.pk: o.pk for a, o in zip(agencies, officers, strict=True)},
            bodies=bodies,
            secretary_by_body={b.pk: u.pk for b, u in zip(bodies, sec_users, strict=True)},
            hq_secretary=sec_users[0].pk,
            meetings=meetings,
            body_county={b.pk: b.county_id for b in bodies},
        )

    def _agency_specs(
        self, province_name: str, counties: list[County], hoods: list[TargetNeighbourhood]
    ) -> list[tuple[str, str, County | None, str]]:
        """Exactly 200 agencies: (name, kind, county, alias), most general first.

        Province-level directorates, foundations and universities; the governorate and the
        municipality of every county; county offices; neighbourhood houses; then, for provinces
        with few counties, the capital's municipal districts and education districts, health
        centres and Basij bases of the target neighbourhoods, and district governorates.
        """
        capital = counties[0]

        def local(hood: TargetNeighbourhood) -> str:
            return hood.name if hood.name.startswith(("محله ", "کوی ", "شهرک ")) else f"محله {hood.name}"

        def candidates() -> Iterator[tuple[str, str, County | None, str]]:
            for template, kind, alias in PROVINCE_AGENCIES:
                yield template.format(p=province_name), kind, None, alias
            for template, kind in COUNTY_AGENCIES:
                for c in counties:
                    yield template.format(c=c.name), kind, c, ""
            for h in hoods:
                house_of[f"خانه {local(h)}"] = h
                yield f"خانه {local(h)}", AgencyKind.NEIGHBOURHOOD_HOUSE, h.county, f"مسئول خانه {local(h)}"
            for n in range(1, 16):
                yield f"شهرداری منطقه {_fa(n)} {capital.name}", AgencyKind.MUNICIPALITY, capital, ""
            for n in range(1, 8):
                yield (
                    f"اداره آموزش و پرورش ناحیه {_fa(n)} {capital.name}",
                    AgencyKind.DIRECTORATE,
                    capital,
                    "",
                )
            for h in hoods:
                yield f"مرکز خدمات جامع سلامت {local(h)}", AgencyKind.UNIVERSITY, h.county, ""
            for h in hoods:
                yield f"پایگاه مقاومت بسیج {local(h)}", AgencyKind.FOUNDATION, h.county, ""
            for district in DISTRICTS:
                for c in counties:
                    yield f"بخشداری {district} {c.name}", AgencyKind.COUNTY_GOVERNORATE, c, ""
            for n in range(1, AGENCIES_PER_PROVINCE + 1):
                yield f"دفتر تسهیلگری و توسعه محلی شماره {_fa(n)}", AgencyKind.NGO, capital, ""

        specs: list[tuple[str, str, County | None, str]] = []
        seen: set[str] = set()
        # Each house's neighbourhood, by the house's final name (decision 0022).
        house_of: dict[str, TargetNeighbourhood] = {}
        self.house_hoods = {}
        for agency_name, kind, county, alias in candidates():
            hood = house_of.get(agency_name) if kind == AgencyKind.NEIGHBOURHOOD_HOUSE else None
            key = match_key(agency_name)
            if key in seen and county is not None:
                # Two counties with a «محله ولیعصر»: say which county's house this is.
                agency_name = f"{agency_name} ({county.name})"
                key = match_key(agency_name)
            if key in seen:
                continue
            seen.add(key)
            specs.append((agency_name, kind, county, alias))
            if hood is not None:
                self.house_hoods[agency_name] = hood
            if len(specs) == AGENCIES_PER_PROVINCE:
                break
        return specs

    # --- meetings ------------------------------------------------------------------------------
    def meetings(
        self, code: str, bodies: list[Body], sec_users: list[User]
    ) -> list[tuple[int, int, datetime.date]]:
        """Numbered meetings of every body, on working days over the last few years."""
        rng = self.rng(code, "meetings")
        total = max(1, math.ceil(self.sizes.resolutions / 14))
        weights = [6.0 if b.kind == BodyKind.HEADQUARTERS and b.county_id is None else 1.5 if b.county_id is None else 1.0 for b in bodies]  # fmt: skip
        per_body = _weighted_split(total, weights)
        rows: list[Meeting] = []
        for b, sec, n in zip(bodies, sec_users, per_body, strict=True):
            if n == 0:
                continue
            # Evenly spaced through the period with a little jitter, in date order, numbered from 1.
            step = len(self.days) / n
            picked = sorted(
                {self.days[min(len(self.days) - 1, int(i * step + rng.random() * step))] for i in range(n)}
            )
            first_number = rng.randint(1, 40)
            county = b.county.name if b.county_id else None
            for i, day in enumerate(picked):
                j = JalaliDate.from_gregorian(day)
                chair_first, chair_last = _person(rng)
                sec_first, sec_last = _person(rng)
                rows.append(
                    Meeting(
                        body=b,
                        number=first_number + i,
                        date=day,
                        weekday=j.weekday_name(),
                        time=datetime.time(rng.choice([8, 9, 10, 10, 11, 14])),
                        place=f"سالن اجتماعات فرمانداری {county}" if county else rng.choice(PLACES),
                        invitation_number=_fa(f"{rng.randint(10, 99)}/{rng.randint(10, 99)}/{rng.randint(1000, 9999)}"),
                        invitation_date=day - datetime.timedelta(days=rng.randint(3, 8)),
                        chair_name=f"{chair_first} {chair_last}",
                        chair_role=rng.choice(COUNTY_CHAIR_ROLES if county else CHAIR_ROLES),
                        secretary_name=f"{sec.first_name} {sec.last_name}" if rng.random() < 0.7 else f"{sec_first} {sec_last}",
                        secretary_role=rng.choice(SECRETARY_ROLES),
                        narrative=f"جلسه {b.name} به ریاست {rng.choice(COUNTY_CHAIR_ROLES if county else CHAIR_ROLES)} "
                        f"و با حضور اعضا در تاریخ {j.display()} برگزار شد.",
                        created_by_id=sec.pk,
                        # Past meetings, their minutes signed on paper: live for the agencies
                        # (decision 0029), as an imported file would be.
                        status=MeetingStatus.LOCKED,
                        is_imported=True,
                    )
                )  # fmt: skip
        _bulk(Meeting, rows, self.result, "meetings")
        agenda: list[AgendaItem] = []
        for m in rows:
            agenda.append(AgendaItem(meeting=m, order=1, text="بررسی مصوبات جلسات گذشته", is_review_of_past_resolutions=True))  # fmt: skip
            for order, text in enumerate(rng.sample(AGENDA_ITEMS, rng.randint(1, 3)), 2):
                agenda.append(
                    AgendaItem(meeting=m, order=order, text=text, presenter=rng.choice(CHAIR_ROLES))
                )
        _bulk(AgendaItem, agenda, self.result, "agenda_items")
        rows.sort(key=lambda m: (m.date, m.body_id, m.number))
        return [(m.pk, m.body_id, m.date) for m in rows]

    # --- resolutions, assignments, reports ---------------------------------------------------------
    sizes: Sizes

    def resolutions(self, code: str, world: _World) -> None:
        sizes = self.sizes
        rng = self.rng(code, "resolutions")
        # Resolutions per meeting: between 5 and 25, summing exactly to the requested number.
        per_meeting = _weighted_split(sizes.resolutions, [rng.uniform(5, 25) for _ in world.meetings])
        chunks = math.ceil(sizes.resolutions / CHUNK_RESOLUTIONS) or 1
        res_quota = _split(sizes.resolutions, chunks)
        asg_quota = _weighted_split(sizes.assignments, res_quota) if sizes.resolutions else [0] * chunks
        rep_quota = _weighted_split(sizes.reports, res_quota) if sizes.resolutions else [0] * chunks
        plan = iter((m, n) for m, n in zip(world.meetings, per_meeting, strict=True) for _ in range(n))
        numbers: dict[int, int] = {}
        started = time.monotonic()
        done = 0
        for c in range(chunks):
            batch = [next(plan) for _ in range(res_quota[c])]
            with transaction.atomic():
                self._chunk(rng, world, batch, numbers, asg_quota[c], rep_quota[c])
            done += len(batch)
            if chunks > 1 and (c + 1) % 10 == 0:
                self.log(f"  {world.province.name}: {_fa(done)} مصوبه ({time.monotonic() - started:.0f} s)")

    def _chunk(
        self,
        rng: random.Random,
        world: _World,
        batch: list[tuple[tuple[int, int, datetime.date], int]],
        numbers: dict[int, int],
        n_assignments: int,
        n_reports: int,
    ) -> None:
        n = len(batch)
        if n == 0:
            return
        # 1. How many agencies each resolution names: 1 to 5 around the mean the sizes ask for,
        # then nudged one at a time until the chunk has exactly n_assignments.
        mean = n_assignments / n
        per_res = [min(5, max(1 if mean >= 1 else 0, round(rng.gauss(mean, 1.0)))) for _ in range(n)]
        cap = max(5, math.ceil(mean))
        diff = n_assignments - sum(per_res)
        while diff:
            i = rng.randrange(n)
            if diff > 0 and per_res[i] < cap:
                per_res[i] += 1
                diff -= 1
            elif diff < 0 and per_res[i] > (1 if mean >= 1 else 0):
                per_res[i] -= 1
                diff += 1

        # 2. Resolutions, their agencies, and each assignment's status by the age of the meeting;
        # then statuses are adjusted so that the chunk's reports fit (every reporting status has
        # at least one report), and the resolution's status is rolled up before anything is written.
        plans: list[tuple[Resolution, list[Agency], list[TargetNeighbourhood], list[str]]] = []
        for ((meeting_id, body_id, day), _n), k in zip(batch, per_res, strict=True):
            numbers[meeting_id] = numbers.get(meeting_id, 0) + 1
            agencies = self._pick_agencies(rng, world, k, body_id)
            hoods: list[TargetNeighbourhood] = []
            pool = world.neighbourhoods_for(body_id)
            if pool and rng.random() < 0.45:
                hoods = rng.sample(pool, min(len(pool), rng.choice([1, 1, 1, 2])))
            res = self._resolution(rng, world, meeting_id, body_id, day, numbers[meeting_id], agencies, hoods)
            age = (self.as_of - day).days
            plans.append((res, agencies, hoods, [self._status(rng, age) for _ in agencies]))
        slots = [(p, j) for p, plan in enumerate(plans) for j in range(len(plan[3]))]
        reporting = [s for s in slots if plans[s[0]][3][s[1]] in _REPORTING]
        if len(reporting) > n_reports:
            # Fewer reports than reporting assignments: the surplus goes back to «in progress».
            for p, j in rng.sample(reporting, len(reporting) - n_reports):
                plans[p][3][j] = AssignmentStatus.IN_PROGRESS
            reporting = [s for s in reporting if plans[s[0]][3][s[1]] in _REPORTING]
        elif not reporting and n_reports and slots:
            p, j = slots[rng.randrange(len(slots))]
            plans[p][3][j] = AssignmentStatus.REPORTED
            reporting = [(p, j)]
        report_counts = dict.fromkeys(reporting, 1)
        extra = n_reports - len(reporting) if reporting else 0
        # Extra reports go mostly to continuous (مستمر) assignments, one per period elapsed: their
        # periodic reports are each accepted in turn. Elsewhere an extra report is one that the
        # secretariat returned before the last.
        weights = [self._report_weight(plans[p][0]) for p, _j in reporting]
        for slot in rng.choices(reporting, weights, k=extra) if extra > 0 else ():
            report_counts[slot] += 1
        for res, _a, _h, statuses in plans:
            res.status = rollup_status(statuses)

        resolutions = [plan[0] for plan in plans]
        _bulk(Resolution, resolutions, self.result, "resolutions")
        through = Resolution.neighbourhoods.through
        _bulk(
            through,
            [through(resolution_id=r.pk, targetneighbourhood_id=h.pk) for r, _a, hs, _s in plans for h in hs],
            self.result,
            "resolution_neighbourhoods",
        )
        assignments: list[Assignment] = []
        owners: list[Resolution] = []
        counts: list[int] = []
        for p, (res, agencies, _h, statuses) in enumerate(plans):
            for j, (agency, status) in enumerate(zip(agencies, statuses, strict=True)):
                assignments.append(
                    Assignment(
                        resolution=res,
                        agency=agency,
                        role=AssignmentRole.LEAD if j == 0 else AssignmentRole.PARTNER,
                        due_date=res.due_date,
                        status=status,
                        continuous=res.deadline_kind == DeadlineKind.CONTINUOUS,
                        minutes_signed=res.minutes_signed,
                    )
                )
                owners.append(res)
                counts.append(report_counts.get((p, j), 0))

        # 3. Some deadline extensions (approved ones move the assignment's due date).
        extensions: list[DeadlineExtension] = []
        for i, a in enumerate(assignments):
            if a.due_date is None or a.status == AssignmentStatus.NEW or rng.random() > 0.03:
                continue
            outcome = rng.choices(
                [ExtensionStatus.APPROVED, ExtensionStatus.REFUSED, ExtensionStatus.PENDING], [6, 2, 2]
            )[0]
            if outcome == ExtensionStatus.PENDING and a.status == AssignmentStatus.ACCEPTED:
                outcome = ExtensionStatus.APPROVED
            wanted = a.due_date + datetime.timedelta(days=rng.choice([7, 14, 15, 30, 30, 45, 60]))
            decided = outcome != ExtensionStatus.PENDING
            extensions.append(
                DeadlineExtension(
                    assignment=a,
                    requested_by_id=world.officer_by_agency[a.agency.pk],
                    reason=rng.choice(EXTENSION_REASONS),
                    previous_due_date=a.due_date,
                    requested_due_date=wanted,
                    status=outcome,
                    decided_by_id=world.secretary_by_body[owners[i]._body_id] if decided else None,  # type: ignore[attr-defined]  # _resolution()'s scratch attribute
                    decided_at=_at(min(self.as_of, a.due_date), rng) if decided else None,
                    decision_comment="دلیل ارائه‌شده کافی نیست." if outcome == ExtensionStatus.REFUSED else "",
                )
            )
            if outcome == ExtensionStatus.APPROVED:
                a.due_date = wanted

        # 4. Reports: submissions and reviews alternate between the meeting and as_of. Only the
        # last report may be pending; before it, a report was returned, or, for a continuous
        # assignment, accepted for its period (which moves the due date one period on, as
        # review_progress_report does).
        reports: list[ProgressReport] = []
        for i, a in enumerate(assignments):
            res = owners[i]
            k = counts[i]
            if k == 0:
                continue
            continuous = res.deadline_kind == DeadlineKind.CONTINUOUS
            n_times = 2 * k - (1 if a.status == AssignmentStatus.REPORTED else 0)
            times = self._timeline(rng, res._day, a.due_date, n_times, res.report_period_days * k if continuous else 0)  # type: ignore[attr-defined]  # _resolution()'s scratch attribute  # fmt: skip
            author = world.officer_by_agency[a.agency.pk]
            reviewer = world.secretary_by_body[res._body_id]  # type: ignore[attr-defined]  # _resolution()'s scratch attribute
            due = a.due_date
            for r in range(k):
                outcome = ReviewStatus.RETURNED
                if r == k - 1:
                    outcome = _LAST_REPORT[a.status]
                elif continuous and rng.random() < 0.8:
                    outcome = ReviewStatus.ACCEPTED
                submitted = times[2 * r]
                reviewed = times[2 * r + 1] if outcome != ReviewStatus.PENDING else None
                qty = None
                if res.target_quantity is not None and rng.random() < 0.7:
                    qty = Decimal(max(1, int(res.target_quantity * Decimal(rng.uniform(0.1, 1.1)))))
                activity = rng.choice(REPORT_ACTIVITIES).format(n=_fa(rng.randint(5, 400)))
                comment = ""
                if outcome == ReviewStatus.RETURNED:
                    comment = rng.choice(RETURN_COMMENTS)
                elif outcome == ReviewStatus.ACCEPTED:
                    comment = rng.choice(ACCEPT_COMMENTS)
                    a.accepted_at = reviewed
                    a.reported_on_time = due is None or submitted.astimezone(TEHRAN).date() <= due
                    if continuous:
                        due = (due or reviewed.date()) + datetime.timedelta(days=res.report_period_days)  # type: ignore[union-attr]  # accepted, so reviewed  # fmt: skip
                reports.append(
                    ProgressReport(
                        assignment=a,
                        author_id=author,
                        text=rng.choice(REPORT_TEMPLATES).format(activity=activity),
                        achieved_quantity=qty,
                        submitted_at=submitted,
                        review_status=outcome,
                        reviewed_by_id=reviewer if reviewed else None,
                        reviewed_at=reviewed,
                        review_comment=comment,
                    )
                )
            a.due_date = due
            a.last_reported_at = times[2 * (k - 1)]

        _bulk(Assignment, assignments, self.result, "assignments")
        # The roll-up the services keep with the status, for the whole chunk in one UPDATE.
        keys = [r.pk for r in resolutions]
        if keys:
            recompute_open_due_dates(Resolution.objects.filter(pk__gte=min(keys), pk__lte=max(keys)))
        _bulk(ProgressReport, reports, self.result, "reports")
        _bulk(DeadlineExtension, extensions, self.result, "extensions")

    def _report_weight(self, res: Resolution) -> float:
        if res.deadline_kind != DeadlineKind.CONTINUOUS:
            return 1.0
        return max(1.0, (self.as_of - res._day).days / res.report_period_days)  # type: ignore[attr-defined]  # _resolution()'s scratch attribute

    def _pick_agencies(self, rng: random.Random, world: _World, k: int, body_id: int) -> list[Agency]:
        weights = world.weights_for(body_id)
        chosen: dict[int, Agency] = {}
        while len(chosen) < min(k, sum(1 for w in weights if w > 0)):
            for a in rng.choices(world.agencies, weights, k=k - len(chosen)):
                chosen.setdefault(a.pk, a)
        return list(chosen.values())

    def _resolution(
        self,
        rng: random.Random,
        world: _World,
        meeting_id: int,
        body_id: int,
        day: datetime.date,
        number: int,
        agencies: list[Agency],
        hoods: list[TargetNeighbourhood],
    ) -> Resolution:
        axis = rng.choices([*Axis.values, ""], [3, 2, 3, 3, 2, 3, 1, 1])[0]
        action, unit = rng.choice(ACTIONS[axis])
        quantity = None
        if unit:
            quantity = rng.choice([10, 20, 30, 50, 100, 150, 200, 300, 500, 1000, 3000])
            action = action.format(n=_fa(quantity))
        lead = agencies[0].name if agencies else "دبیرخانه قرارگاه"
        partners = ""
        if len(agencies) > 1:
            partners = " با همکاری " + "، ".join(a.name for a in agencies[1:])
        where = ""
        if hoods:
            where = " در " + " و ".join(h.name if h.name.startswith(("محله", "کوی", "شهرک")) else f"محله {h.name}" for h in hoods)  # fmt: skip
        template = rng.choice(RESOLUTION_TEMPLATES)
        parts = {"lead": lead, "partners": partners, "action": action, "action_obj": action, "where": where}
        text = template.format(**parts)
        # match_key of a sentence is the concatenation of its words' keys (it drops spaces and
        # punctuation), so key the reusable parts once instead of re-normalising every sentence.
        text_key = "".join(_key(piece) for piece in _split_template(template, parts))
        period = rng.choice([30, 30, 30, 60, 90])
        raw, kind, due = self._deadline(rng, day, world.province.asap_days, period)
        res = Resolution(
            meeting_id=meeting_id,
            body_id=body_id,
            province_id=world.province.pk,
            meeting_date=day,
            # Its meeting is locked (signed on paper, see the meetings above): the row's copy of
            # «minutes signed» that the agencies' queries test (decision 0036).
            minutes_signed=True,
            number=number,
            text=text,
            text_key=text_key,
            assignees_raw="، ".join(a.name for a in agencies),
            deadline_raw=raw,
            deadline_kind=kind,
            due_date=due,
            axis=axis,
            target_quantity=Decimal(quantity) if quantity else None,
            target_unit=unit,
            report_period_days=period if kind == DeadlineKind.CONTINUOUS else 30,
            follow_up_owner_id=world.secretary_by_body.get(body_id) if rng.random() < 0.7 else None,
        )
        # Scratch attributes read by the later steps (the meeting's day, its body), not model
        # fields: hence the attr-defined ignores wherever they are read.
        res._day = day  # type: ignore[attr-defined]  # scratch attribute, see above
        res._body_id = body_id  # type: ignore[attr-defined]  # scratch attribute, see above
        return res

    def _deadline(
        self, rng: random.Random, day: datetime.date, asap_days: int, period: int
    ) -> tuple[str, str, datetime.date | None]:
        phrase = rng.choices([p for p, _ in DEADLINE_PHRASES], [w for _, w in DEADLINE_PHRASES])[0]
        if "{date}" in phrase:
            phrase = phrase.format(date=JalaliDate.from_gregorian(day + datetime.timedelta(days=rng.randint(15, 120))).display())  # fmt: skip
        elif "{month}" in phrase:
            j = JalaliDate.from_gregorian(day).add_months(rng.randint(1, 4))
            phrase = phrase.format(month=f"{j.month_name()} {_fa(j.year)}")
        parsed = _parse_deadline(phrase, day)
        kind = str(parsed.kind)
        due = resolve_due_date(
            kind=kind,
            parsed_due=parsed.due_date,
            meeting_date=day,
            asap_days=asap_days,
            report_period_days=period if kind == DeadlineKind.CONTINUOUS else 30,
        )
        return phrase, kind, due

    def _status(self, rng: random.Random, age: int) -> str:
        # Older work is mostly done; recent work mostly new or under way.
        p_accepted = 0.92 * (1 - math.exp(-age / 150))
        p_reported = 0.35 * math.exp(-age / 200) + 0.03
        p_returned = 0.06
        p_new = 0.6 * math.exp(-age / 20) + 0.02
        p_in_progress = max(0.02, 1 - p_accepted - p_reported - p_returned - p_new)
        return rng.choices(
            [
                AssignmentStatus.ACCEPTED,
                AssignmentStatus.REPORTED,
                AssignmentStatus.RETURNED,
                AssignmentStatus.NEW,
                AssignmentStatus.IN_PROGRESS,
            ],
            [p_accepted, p_reported, p_returned, p_new, p_in_progress],
        )[0]

    def _timeline(
        self, rng: random.Random, day: datetime.date, due: datetime.date | None, n: int, periods_days: int = 0
    ) -> list[datetime.datetime]:
        """``n`` increasing moments after the meeting and before ``as_of``: mostly around the due
        date, or over ``periods_days`` for a continuous assignment's periodic reports."""
        start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(8), tzinfo=TEHRAN)
        if periods_days:
            horizon = day + datetime.timedelta(days=periods_days + rng.randint(0, 20))
        elif due:
            horizon = due + datetime.timedelta(days=rng.choice([-5, 0, 5, 20, 60]))
        else:
            horizon = day + datetime.timedelta(days=90)
        end_day = min(self.as_of, max(day + datetime.timedelta(days=2), horizon))
        end = datetime.datetime.combine(end_day, datetime.time(16), tzinfo=TEHRAN)
        span = max(60, int((end - start).total_seconds()))
        offsets = sorted(rng.sample(range(span), n) if n <= span else [rng.randrange(span) for _ in range(n)])
        return [start + datetime.timedelta(seconds=o) for o in offsets]


_REPORTING = (AssignmentStatus.REPORTED, AssignmentStatus.RETURNED, AssignmentStatus.ACCEPTED)
_LAST_REPORT = {
    AssignmentStatus.REPORTED: ReviewStatus.PENDING,
    AssignmentStatus.RETURNED: ReviewStatus.RETURNED,
    AssignmentStatus.ACCEPTED: ReviewStatus.ACCEPTED,
}


@functools.lru_cache(maxsize=65536)
def _parse_deadline(phrase: str, day: datetime.date) -> Any:
    return parse_deadline(phrase, day)


def _split_template(template: str, parts: dict[str, str]) -> Iterator[str]:
    """The template's literal text and its filled-in parts, in order (for keying piecewise)."""
    rest = template
    while "{" in rest:
        head, _, tail = rest.partition("{")
        name, _, rest = tail.partition("}")
        yield head
        yield parts[name]
    yield rest


def resolve_sizes(
    scale: str,
    *,
    resolutions: int | None = None,
    assignments: int | None = None,
    reports: int | None = None,
) -> tuple[int, Sizes]:
    """The number of provinces and the *total* sizes for a scale, with explicit sizes overriding."""
    if scale not in SCALES:
        raise ServiceError(
            f"مقیاس «{scale}» شناخته نیست؛ یکی از small، province یا national را بدهید.", code="scale"
        )
    provinces, per = SCALES[scale]
    r = resolutions if resolutions is not None else per.resolutions * provinces
    if assignments is None:
        assignments = r * per.assignments // per.resolutions
    if reports is None:
        reports = assignments * per.reports // per.assignments
    if min(r, assignments, reports) < 0:
        raise ServiceError("تعداد مصوبات، تکالیف و گزارش‌ها نمی‌تواند منفی باشد.", code="sizes")
    return provinces, Sizes(r, assignments, reports)


def province_codes(scale: str, province: str | None) -> list[str]:
    if province:
        if province not in PROVINCE_BY_CODE:
            known = "، ".join(code for code, _n, _c in PROVINCES)
            raise ServiceError(
                f"استانی با کد «{province}» در فهرست نیست. کدهای شناخته: {known}", code="province"
            )
        return [province]
    count, _ = SCALES[scale]
    return [code for code, _n, _c in PROVINCES] if count > 1 else [DEFAULT_PROVINCE]


def neighbourhood_share(code: str) -> int:
    """This province's share of the ~2,020 national target neighbourhoods.

    By its number of counties, plus a floor so that a one-county province (Qom) still has its
    thirty-odd neighbourhoods.
    """
    shares = _weighted_split(NATIONAL_NEIGHBOURHOODS, [len(c) + 10 for _code, _n, c in PROVINCES])
    return shares[[c for c, _n, _cs in PROVINCES].index(code)]


def generate(
    *,
    scale: str = "small",
    seed: int = DEFAULT_SEED,
    province: str | None = None,
    resolutions: int | None = None,
    assignments: int | None = None,
    reports: int | None = None,
    as_of: datetime.date = DEFAULT_AS_OF,
    analyze: bool = True,
    log: Callable[[str], None] = print,
) -> GenerationResult:
    """Write a synthetic world into the database and say what was created.

    Refuses when one of its provinces already exists (generate into an empty database, or pick
    another ``province``). Sizes are totals; with several provinces they are shared equally.
    """
    _n_provinces, sizes = resolve_sizes(
        scale, resolutions=resolutions, assignments=assignments, reports=reports
    )
    codes = province_codes(scale, province)
    names = [PROVINCE_BY_CODE[c][0] for c in codes]
    clash = list(Province.objects.filter(code__in=codes).values_list("name", flat=True)) + list(
        Province.objects.filter(name__in=names).exclude(code__in=codes).values_list("name", flat=True)
    )
    if clash:
        raise ServiceError(
            f"استان «{clash[0]}» از قبل در پایگاه داده هست. داده ساختگی را در پایگاه داده‌ای خالی بسازید "
            "یا با --province استان دیگری را انتخاب کنید.",
            code="exists",
        )
    result = GenerationResult(provinces=names)
    started = time.monotonic()
    # Same password for every generated account: hash it once (hashing thousands of accounts
    # would take minutes and buy nothing for synthetic data).
    password_hash = make_password(GENERATED_PASSWORD)
    gen = Generator(seed=seed, as_of=as_of, log=log, result=result, password_hash=password_hash)
    res_split = _split(sizes.resolutions, len(codes))
    asg_split = _split(sizes.assignments, len(codes))
    rep_split = _split(sizes.reports, len(codes))
    with disable_auditlog():
        if not User.objects.filter(username="nazer.synthetic").exists():
            User.objects.create(
                username="nazer.synthetic",
                password=password_hash,
                role=Role.NATIONAL_VIEWER,
                first_name="ناظر",
                last_name="ملی",
            )
            result.add("users", 1)
        for i, code in enumerate(codes):
            gen.sizes = Sizes(res_split[i], asg_split[i], rep_split[i])
            with transaction.atomic():
                world = gen.registry(code, neighbourhood_share(code))
            gen.resolutions(code, world)
            log(f"استان {world.province.name}: {_fa(gen.sizes.resolutions)} مصوبه ساخته شد.")
            # The neighbourhood programme's needs (issue 14), in its own module.
            needs = generate_needs(
                neighbourhoods=world.neighbourhoods,
                agencies=world.agencies,
                rng=gen.rng(code, "needs"),
                as_of=as_of,
                per_neighbourhood=NEEDS_PER_NEIGHBOURHOOD[scale],
            )
            result.add("needs", len(needs))
            # Indicator values, services, activities and programmes (issue 14).
            for label, n in generate_programme_data(
                province=world.province,
                neighbourhoods=world.neighbourhoods,
                agencies=world.agencies,
                rng=gen.rng(code, "programme"),
                as_of=as_of,
                scale=scale,
            ).items():
                result.add(label, n)
    # Rows were written in bulk, past the services that keep the tallies: count them once.
    rebuild_tallies()
    # And the neighbourhood programme's roll-up (decision 0032).
    rebuild_rollup()
    if analyze:
        # Fresh statistics so the query planner sees the new row counts at once.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result.seconds = time.monotonic() - started
    return result
