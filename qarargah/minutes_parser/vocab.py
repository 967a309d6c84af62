"""Word lists the rules are built from: header labels, table column names, agency and role
heads.  Kept in one place so a new synonym seen in a real file is a one-line change.

All entries are written in normalised Persian; matching goes through :func:`key` (letters and
digits only, no spaces/ZWNJ), so «دعوت‌نامه», «دعوت نامه» and «دعوتنامه» are the same word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from qarargah.minutes_parser.blocks import register_cache
from qarargah.persian.text import translator

__all__ = [
    "AGENCY_HEADS",
    "BODY_HEADS",
    "COLUMN_ROLES",
    "HEADER_LABELS",
    "KNOWN_AGENCY_SUBJECTS",
    "ROLE_HEADS",
    "key",
    "phrase_re",
]


@register_cache
@lru_cache(maxsize=4096)
def key(text: str) -> str:
    """Matching key: :func:`qarargah.persian.match_key` for text that is already normalised
    (block text always is), without normalising it again — this runs for every cell."""
    return _NON_KEY_RE.sub("", _key_chars(text).casefold())


# One translation table (digits to Latin, hamza alefs, Arabic yeh/kaf): str.translate with a
# dict is per-character Python work, so one pass instead of two.
_KEY_TABLE: Final = str.maketrans(
    {
        **{p: str(i) for i, p in enumerate("۰۱۲۳۴۵۶۷۸۹")},
        **{a: str(i) for i, a in enumerate("٠١٢٣٤٥٦٧٨٩")},
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ي": "ی",
        "ك": "ک",
    }
)
_key_chars: Final = translator(_KEY_TABLE)
_NON_KEY_RE: Final = re.compile(r"[\W_]+")


def phrase_re(phrase: str) -> str:
    """Regex for a phrase in normalised text where a space may be spaces, ZWNJ or nothing."""
    return "[ \u200c]*".join(re.escape(w) for w in phrase.split())


# Header labels → field.  Bare «شماره»/«تاریخ»/«پیوست» are the letter's own letterhead fields
# (lh_*), never the meeting's, unless nothing better exists (see header.py).
HEADER_LABELS: Final[dict[str, str]] = {
    "تاریخ جلسه": "date",
    "تاریخ تشکیل": "date",
    "تاریخ تشکیل جلسه": "date",
    "تاریخ برگزاری": "date",
    "تاریخ برگزاری جلسه": "date",
    "تاریخ برگزاری نشست": "date",
    "تاریخ نشست": "date",
    "تاریخ و ساعت جلسه": "datetime",
    "تاریخ و ساعت برگزاری": "datetime",
    "تاریخ و ساعت": "datetime",
    "زمان برگزاری": "datetime",
    "زمان برگزاری جلسه": "datetime",
    "زمان تشکیل جلسه": "datetime",
    "زمان جلسه": "datetime",
    "زمان تشکیل": "datetime",
    "روز": "weekday",
    "روز جلسه": "weekday",
    "روز برگزاری": "weekday",
    "روز تشکیل": "weekday",
    "ساعت": "time",
    "ساعت جلسه": "time",
    "ساعت تشکیل": "time",
    "ساعت تشکیل جلسه": "time",
    "ساعت برگزاری": "time",
    "ساعت برگزاری جلسه": "time",
    "ساعت شروع": "time",
    "ساعت شروع جلسه": "time",
    "زمان": "time",
    "محل": "place",
    "مکان": "place",
    "محل جلسه": "place",
    "مکان جلسه": "place",
    "محل تشکیل": "place",
    "محل تشکیل جلسه": "place",
    "مکان تشکیل جلسه": "place",
    "محل برگزاری": "place",
    "محل برگزاری جلسه": "place",
    "مکان برگزاری": "place",
    "مکان برگزاری جلسه": "place",
    "محل برگزاری نشست": "place",
    "شماره دعوتنامه": "inv_number",
    "شماره دعوت نامه": "inv_number",
    "شماره نامه دعوت": "inv_number",
    "شماره دعوتنامه جلسه": "inv_number",
    "شماره نامه": "inv_number",
    "تاریخ دعوتنامه": "inv_date",
    "تاریخ دعوت نامه": "inv_date",
    "تاریخ نامه دعوت": "inv_date",
    "تاریخ نامه": "inv_date",
    "رئیس": "chair",
    "رییس": "chair",
    "رئیس جلسه": "chair",
    "رییس جلسه": "chair",
    "ریاست": "chair",
    "ریاست جلسه": "chair",
    "رئیس نشست": "chair",
    "دبیر": "secretary",
    "دبیر جلسه": "secretary",
    "دبیر نشست": "secretary",
    "موضوع": "title",
    "موضوع جلسه": "title",
    "عنوان": "title",
    "عنوان جلسه": "title",
    "دستور کار": "agenda",
    "دستور جلسه": "agenda",
    "دستورات جلسه": "agenda",
    "دستور کار جلسه": "agenda",
    "دستورکار": "agenda",
    "شماره جلسه": "number",
    "جلسه": "number",
    "شماره نشست": "number",
    "جلسه شماره": "number",
    "شماره": "lh_number",
    "تاریخ": "lh_date",
    "پیوست": "lh_attach",
}

# Table column names → role.  Checked by prefix/containment on keys, in this order.
COLUMN_ROLES: Final[tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = (
    # (role, exact keys, key prefixes)
    ("num", ("ردیف", "شماره", "شمارهمصوبه", "ردیفمصوبه", "ش", "ردیفها", "بند"), ()),
    (
        "deadline",
        (),
        ("زمان", "مهلت", "موعد", "تاریخاجرا", "تاریخاقدام", "تاریخپیگیری", "مدتزمان", "زمانبندی"),
    ),
    ("partner", (), ("همکار", "دستگاههمکار", "دستگاههایهمکار")),
    (
        "assignee",
        (),
        (
            "اقدامکننده",
            "اقدام",
            "مسئول",
            "مسوول",
            "مسؤل",
            "پیگیریکننده",
            "پیگیری",
            "مجری",
            "متولی",
            "دستگاه",
            "مرجع",
            "ارجاع",
            "عهدهدار",
        ),
    ),
    ("text", (), ("مصوب", "مفاد", "شرح", "متن", "تصمیم", "موضوع", "عنوان", "خلاصه", "موارد")),
)

# Columns of tables that are not resolutions (attendance, signatures, copy-to lists).
NON_RESOLUTION_COLUMNS: Final[tuple[str, ...]] = (
    "نامونامخانوادگی",
    "نامخانوادگی",
    "سمت",
    "امضا",
    "امضاء",
    "حاضرین",
    "حاضران",
    "غایبین",
    "غائبین",
    "مدعوین",
    "رونوشت",
    "اعضا",
    "اعضای",
    "نام",
    "شمارهتماس",
    "تلفن",
)

# Heads that start an agency name (assignee splitting).  Compared on keys, by prefix.
AGENCY_HEADS: Final[tuple[str, ...]] = (
    "اداره کل",
    "اداره",
    "ادارات",
    "فرمانداری",
    "فرمانداریها",
    "فرمانداران",
    "فرماندار",
    "بخشداری",
    "بخشداریها",
    "بخشداران",
    "استانداری",
    "استاندار",
    "معاونت",
    "معاون",
    "دفتر",
    "دفاتر",
    "سازمان",
    "ستاد",
    "شورای",
    "شورا",
    "شوراهای",
    "کمیته",
    "کمیسیون",
    "بنیاد",
    "دانشگاه",
    "دانشگاهها",
    "دادگستری",
    "دادستانی",
    "دادسرا",
    "فرماندهی",
    "فرمانده",
    "نیروی انتظامی",
    "انتظامی",
    "پلیس",
    "شهرداری",
    "شهرداریها",
    "شهرداران",
    "شهردار",
    "سپاه",
    "بسیج",
    "کمیته امداد",
    "بهزیستی",
    "آموزش و پرورش",
    "دستگاه",
    "دستگاههای",
    "کلیه دستگاه",
    "مسئولین",
    "مسئولان",
    "مسئول",
    "خانه محله",
    "خانه محلات",
    "خانه های محله",
    "صندوق",
    "بانک",
    "حوزه هنری",
    "حوزه علمیه",
    "اوقاف",
    "تبلیغات اسلامی",
    "جمعیت هلال احمر",
    "هلال احمر",
    "مدیریت",
    "مدیرکل",
    "مدیر کل",
    "مدیران",
    "مدیر",
    "بازرس",
    "رئیس",
    "روسای",
    "دبیرخانه",
    "دبیر",
    "مرکز",
    "مراکز",
    "شبکه بهداشت",
    "شبکه",
    "زندان",
    "زندانها",
    "اتاق",
    "جهاد کشاورزی",
    "جهاد دانشگاهی",
    "کانون",
    "نهاد",
    "نهادهای",
    "هیئت",
    "هیات",
    "شرکت",
    "پژوهشگاه",
    "صدا و سیما",
    "صداوسیما",
    "راه و شهرسازی",
    "ورزش و جوانان",
    "میراث فرهنگی",
    "فرهنگ و ارشاد",
    "تعاون، کار و رفاه",
    "بیمه",
    "تامین اجتماعی",
    "تأمین اجتماعی",
    "گروههای جهادی",
    "گروه های جهادی",
    "قرارگاه",
    "ادارات کل",
    "نمایندگی",
    "نماینده",
    "امام جمعه",
    "ائمه جمعه",
    "دهیاری",
    "دهیاریها",
    "دهیاران",
    "خیرین",
    "سمن",
    "سمنها",
    "سازمانهای مردم نهاد",
    "مجمع",
    "اتحادیه",
    "تشکل",
    "تشکلهای",
    "پایگاه",
    "پایگاههای",
    "حوزه",
    "ناحیه",
    "ارتش",
    "اطلاعات",
    "ثبت احوال",
    "دانشکده",
    "آموزشکده",
    "کتابخانه",
    "کتابخانههای",
    "نهضت",
    "رسانه",
    "صدا",
    "شهرک",
    "منطقه",
    # Offices often named alone as the subject of a resolution.
    "تعزیرات",
    "آتش نشانی",
    "اورژانس",
    "انجمن",
    "روابط عمومی",
    "حراست",
    "مخابرات",
    "تعاونی",
)

# Leading words that quantify an agency phrase («کلیه دستگاهها», «سایر ادارات»).
AGENCY_QUANTIFIERS: Final[tuple[str, ...]] = ("کلیه", "تمامی", "تمام", "سایر", "همه", "همکاری", "با همکاری")

# Role heads: where a person's name ends and their position begins.
ROLE_HEADS: Final[tuple[str, ...]] = (
    "استاندار",
    "معاون",
    "معاونت",
    "مدیرکل",
    "مدیر کل",
    "مدیر",
    "رئیس",
    "رییس",
    "دبیر",
    "فرماندار",
    "فرمانده",
    "سرپرست",
    "نماینده",
    "امام جمعه",
    "دادستان",
    "مسئول",
    "کارشناس",
    "عضو",
    "شهردار",
    "بخشدار",
    "مشاور",
    "دستیار",
    "رئیس کل",
    "ریاست",
    "قائم مقام",
    "جانشین",
    "مدیرعامل",
    "مدیر عامل",
    "نائب رئیس",
    "نایب رئیس",
    "وزیر",
    "استاد",
    "دانشیار",
    "فرمانده",
    "سخنگوی",
    "رئیس کمیته",
)

# Heads of the bodies that hold meetings.
BODY_HEADS: Final[tuple[str, ...]] = (
    "قرارگاه",
    "شورای",
    "شورا",
    "کارگروه",
    "کار گروه",
    "کمیته",
    "ستاد",
    "کمیسیون",
    "هیئت",
    "هیات",
    "مجمع",
)

WEEKDAY_CANON: Final[dict[str, str]] = {
    "شنبه": "شنبه",
    "یکشنبه": "یکشنبه",
    "دوشنبه": "دوشنبه",
    "سهشنبه": "سه‌شنبه",
    "چهارشنبه": "چهارشنبه",
    "پنجشنبه": "پنجشنبه",
    "جمعه": "جمعه",
}
WEEKDAY_RE: Final = re.compile(
    r"(?<![\w\u200c])(یک[ \u200c]?شنبه|دو[ \u200c]?شنبه|سه[ \u200c]?شنبه|چهار[ \u200c]?شنبه|پنج[ \u200c]?شنبه|شنبه|جمعه)(?![\w\u200c])"
)


def canon_weekday(text: str) -> str | None:
    """The canonical spelling of the first weekday name in ``text`` («پنج شنبه» → «پنجشنبه»)."""
    m = WEEKDAY_RE.search(text)
    return WEEKDAY_CANON.get(key(m.group(1))) if m else None


# The subjects of the common provincial agencies (what follows «اداره کل», «سازمان», ...). When
# an agency is taken from inside a sentence, a phrase that starts with one of these full names
# is cut right after it: «اداره کل آموزش و پرورش ثبت نام کودکان ... را» → «اداره کل آموزش و پرورش».
KNOWN_AGENCY_SUBJECTS: Final[tuple[str, ...]] = (
    "آموزش و پرورش",
    "آموزش فنی و حرفه ای",
    "فنی و حرفه ای",
    "بهزیستی",
    "ورزش و جوانان",
    "فرهنگ و ارشاد اسلامی",
    "ارشاد اسلامی",
    "تعاون، کار و رفاه اجتماعی",
    "تعاون کار و رفاه اجتماعی",
    "راه و شهرسازی",
    "میراث فرهنگی، گردشگری و صنایع دستی",
    "میراث فرهنگی",
    "جهاد کشاورزی",
    "منابع طبیعی و آبخیزداری",
    "حفاظت محیط زیست",
    "محیط زیست",
    "صنعت، معدن و تجارت",
    "صمت",
    "امور اقتصادی و دارایی",
    "ثبت اسناد و املاک",
    "زندان ها و اقدامات تامینی و تربیتی",
    "تبلیغات اسلامی",
    "اوقاف و امور خیریه",
    "امور زنان و خانواده",
    "امور اجتماعی و فرهنگی",
    "امور اجتماعی",
    "بیمه سلامت",
    "تامین اجتماعی",
    "کمیته امداد امام خمینی (ره)",
    "امداد امام خمینی (ره)",
    "مسکن انقلاب اسلامی",
    "شهید و امور ایثارگران",
    "هلال احمر",
    "صدا و سیما",
    "کانون پرورش فکری کودکان و نوجوانان",
    "نهضت سوادآموزی",
    "آب و فاضلاب",
    "نوسازی، توسعه و تجهیز مدارس",
    "ارتباطات و فناوری اطلاعات",
    "استاندارد",
    "مدیریت بحران",
    "دامپزشکی",
    "پست",
    "علوم پزشکی",
    "بهداشت و درمان",
    "بهداشت",
    "راهداری و حمل و نقل جاده ای",
    "راهداری",
    "آب منطقه ای",
    "برق",
    "گاز",
)
