"""The layouts issue 16 lists, each in several variations of our own writing, every one read
as plain text, as Markdown and as a Word file (and the text once more typed on an Arabic
keyboard with Latin digits).

Each fixture states only what the pattern is about (the resolutions' numbers and texts, the
meeting date, …); the rest of each document is checked by the other suites.  «<<page>>» marks
a page break: a form feed in text, a real page break in Word.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from mp_helpers import arabic_variant

from qarargah.minutes_parser import MinutesParseError, parse_bytes, parse_text, to_json


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    # Resolutions as (number, text) pairs; text None = not checked.
    items: tuple[tuple[int, str | None], ...] = ()
    expect: dict[str, Any] = field(default_factory=dict)
    # Per resolution index: {"vote": …, "assignees": […], "deadline.kind": …, "deadline.raw": …}
    per_item: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Field paths ParsedMinutes.unsure must name.
    unsure: tuple[str, ...] = ()
    # Words of a warning that must be there.
    warns: tuple[str, ...] = ()


CASES: list[Case] = [
    # --- pattern 1: numbering -------------------------------------------------------------
    Case(
        "serial_numbers_across_meetings",
        "صورتجلسه شورای اسلامی شهر\n"
        "۵۱۷- مقرر شد شهرداری نسبت به بهسازی پیاده‌روهای خیابان امام اقدام نماید.\n"
        "۵۱۸- مقرر گردید اداره کل راه و شهرسازی استان طرح تعریض جاده را ظرف یک ماه ارائه کند.\n"
        "۵۱۹- مصوب شد عوارض ساخت و ساز برای واحدهای مسکونی کوچک کاهش یابد.\n",
        items=(
            (517, "مقرر شد شهرداری نسبت به بهسازی پیاده‌روهای خیابان امام اقدام نماید."),
            (518, None),
            (519, "مصوب شد عوارض ساخت و ساز برای واحدهای مسکونی کوچک کاهش یابد."),
        ),
        per_item={0: {"assignees": ["شهرداری"]}, 1: {"deadline.raw": "ظرف یک ماه"}},
    ),
    Case(
        "serial_with_sub_number",
        "مصوبات:\n"
        "۴۴۳ -۱ مقرر شد کتابخانه مرکزی در روزهای جمعه نیز باز باشد.\n"
        "۴۴۴ -۲ مقرر شد اداره فرهنگ و ارشاد اسلامی مسابقه کتابخوانی برگزار کند.\n",
        items=(
            (443, "مقرر شد کتابخانه مرکزی در روزهای جمعه نیز باز باشد."),
            (444, "مقرر شد اداره فرهنگ و ارشاد اسلامی مسابقه کتابخوانی برگزار کند."),
        ),
    ),
    Case(
        "numbers_without_delimiter_glued_verbs",
        "۱ مقرر گردید اداره بهزیستی فهرست خانوارهای نیازمند را تهیه کند.\n"
        "۲ مقررشد کتابخانه عمومی شهر ساعات کار خود را افزایش دهد.\n"
        "۳ مصوب شد جشنواره فرهنگی در پایان شهریور برگزار شود.\n"
        "۴ مقررگردید دهیاری گزارش کار را ارسال کند.\n",
        items=(
            (1, "مقرر گردید اداره بهزیستی فهرست خانوارهای نیازمند را تهیه کند."),
            (2, "مقررشد کتابخانه عمومی شهر ساعات کار خود را افزایش دهد."),
            (3, None),
            (4, "مقررگردید دهیاری گزارش کار را ارسال کند."),
        ),
        per_item={0: {"assignees": ["اداره بهزیستی"]}},
    ),
    Case(
        "numbers_after_colon_in_one_paragraph",
        "در جلسه کارگروه امور بانوان موارد زیر مطرح شد. ۱ :مقرر شد اداره ورزش و جوانان برنامه ورزش"
        " صبحگاهی بانوان را اجرا کند. ۲: مقرر شد شبکه بهداشت کارگاه آموزشی تغذیه برگزار نماید."
        " ۳: مقرر شد دبیرخانه گزارش اقدامات را جمع‌بندی کند.\n",
        items=(
            (1, "مقرر شد اداره ورزش و جوانان برنامه ورزش صبحگاهی بانوان را اجرا کند."),
            (2, "مقرر شد شبکه بهداشت کارگاه آموزشی تغذیه برگزار نماید."),
            (3, "مقرر شد دبیرخانه گزارش اقدامات را جمع‌بندی کند."),
        ),
    ),
    Case(
        "broken_numbering_unnumbered_first_repeated_skipped",
        "مصوبات:\n"
        "مقرر شد اداره آب و فاضلاب شبکه فرسوده محله جنوبی را نوسازی کند.\n"
        "۲- مقرر گردید شهرداری پارک محله را تکمیل نماید.\n"
        "۲- مقرر گردید آموزش و پرورش کلاس‌های تابستانی رایگان دایر کند.\n"
        "۵- مصوب شد دهیاری‌ها گزارش ماهانه ارسال کنند.\n",
        items=((1, None), (2, None), (2, None), (5, None)),
        unsure=("resolutions[0].number", "resolutions[2].number", "resolutions[3].number"),
        warns=("شماره نداشت", "تکرار", "جا افتاده"),
    ),
    Case(
        "lettered_items_inline",
        "تصمیمات جلسه:\n"
        "الف) مقرر شد هلال احمر دوره آموزش امداد برگزار کند. ب) مقرر شد آتش‌نشانی مانور زلزله"
        " در مدارس اجرا کند. ج) مقرر شد دبیرخانه برنامه زمانی را ابلاغ کند.\n",
        items=(
            (1, "مقرر شد هلال احمر دوره آموزش امداد برگزار کند."),
            (2, "مقرر شد آتش‌نشانی مانور زلزله در مدارس اجرا کند."),
            (3, "مقرر شد دبیرخانه برنامه زمانی را ابلاغ کند."),
        ),
    ),
    Case(
        "items_separated_by_slash",
        "مقرر شد: شهرداری معابر روستا را آسفالت کند / بخشداری بودجه لازم را پیگیری کند /"
        " دهیاری گزارش پیشرفت را ارسال نماید\n",
        items=(
            (1, "شهرداری معابر روستا را آسفالت کند"),
            (2, "بخشداری بودجه لازم را پیگیری کند"),
            (3, "دهیاری گزارش پیشرفت را ارسال نماید"),
        ),
    ),
    Case(
        "items_separated_by_semicolon",
        "در پایان مصوب گردید: مدارس شهر در روز برفی تعطیل شوند؛ اداره راهداری نمک کافی توزیع کند؛"
        " سازمان اتوبوسرانی ساعت کار خطوط را افزایش دهد.\n",
        items=(
            (1, "مدارس شهر در روز برفی تعطیل شوند"),
            (2, "اداره راهداری نمک کافی توزیع کند"),
            (3, "سازمان اتوبوسرانی ساعت کار خطوط را افزایش دهد"),
        ),
    ),
    Case(
        "resolutions_as_prose",
        "پس از بحث و بررسی مقرر گردید اداره کل منابع طبیعی نهال رایگان بین مدارس توزیع کند و همچنین"
        " مصوب گردید شهرداری محل کاشت نهال‌ها را آماده نماید. ضمناً مقرر شد هلال احمر در روز درختکاری"
        " ایستگاه امداد برپا کند.\n",
        items=(
            (1, "پس از بحث و بررسی مقرر گردید اداره کل منابع طبیعی نهال رایگان بین مدارس توزیع کند"),
            (2, "مصوب گردید شهرداری محل کاشت نهال‌ها را آماده نماید."),
            (3, "مقرر شد هلال احمر در روز درختکاری ایستگاه امداد برپا کند."),
        ),
        per_item={1: {"assignees": ["شهرداری"]}, 2: {"assignees": ["هلال احمر"]}},
    ),
    # --- pattern 2: what sits between items ----------------------------------------------
    Case(
        "vote_lines_counts_and_continuation",
        "۱- مقرر شد اداره کل ورزش و جوانان سالن ورزشی محله را بازگشایی کند.\n"
        "به اتفاق آرا تصویب شد\n\n"
        "۲- مقرر شد شهرداری روشنایی کوچه‌های محله را اصلاح نماید.\n"
        "با ۵ رأی موافق و ۲ مخالف تصویب شد\n"
        "۵\n"
        "--\n"
        "۳- مقرر شد آموزش و پرورش سرویس مدارس را ساماندهی کند.\n"
        "این کار با هماهنگی انجمن اولیا انجام می‌شود.\n"
        "۴- مقرر شد فرمانداری گزارش نهایی را جمع‌بندی کند. (به اتفاق آرا تصویب شد)\n",
        items=(
            (1, "مقرر شد اداره کل ورزش و جوانان سالن ورزشی محله را بازگشایی کند."),
            (2, "مقرر شد شهرداری روشنایی کوچه‌های محله را اصلاح نماید."),
            (
                3,
                "مقرر شد آموزش و پرورش سرویس مدارس را ساماندهی کند. این کار با هماهنگی انجمن اولیا انجام می‌شود.",
            ),
            (4, "مقرر شد فرمانداری گزارش نهایی را جمع‌بندی کند."),
        ),
        per_item={
            0: {"vote": "به اتفاق آرا تصویب شد"},
            1: {"vote": "با ۵ رأی موافق و ۲ مخالف تصویب شد", "assignees": ["شهرداری"]},
            2: {"vote": None},
            3: {"vote": "به اتفاق آرا تصویب شد"},
        },
    ),
    Case(
        "page_break_and_vote_counts_between_items",
        "صورتجلسه هیئت امنای کتابخانه‌های عمومی شهرستان\n"
        "مصوبات:\n"
        "۱- مقرر شد کتابخانه سیار به روستاهای محروم اعزام شود.\n"
        "(۷ موافق، ۱ ممتنع)\n"
        "<<page>>\n"
        "صفحه ۲ از ۲\n"
        "۲- مقرر شد خرید کتاب‌های کودک در اولویت قرار گیرد.\n"
        "با اکثریت آرا تصویب شد.\n",
        items=(
            (1, "مقرر شد کتابخانه سیار به روستاهای محروم اعزام شود."),
            (2, "مقرر شد خرید کتاب‌های کودک در اولویت قرار گیرد."),
        ),
        per_item={0: {"vote": "۷ موافق، ۱ ممتنع"}, 1: {"vote": "با اکثریت آرا تصویب شد"}},
    ),
    # --- pattern 3: no header --------------------------------------------------------------
    Case(
        "headerless_numbered",
        "۱- مقرر شد اداره آموزش و پرورش فهرست مدارس نیازمند تعمیر را ارائه کند.\n"
        "۲- مقرر گردید شهرداری جمع‌آوری زباله‌های حاشیه رودخانه را انجام دهد.\n",
        items=((1, None), (2, None)),
        expect={"title": None, "date": None, "number": None},
        unsure=("title", "date", "number", "place", "chair", "body", "time"),
        warns=("عنوان جلسه", "تاریخ جلسه", "محل جلسه"),
    ),
    Case(
        "headerless_single_prose",
        "مقرر شد دبیرخانه فهرست طرح‌های نیمه‌تمام را تا پایان ماه جاری تهیه کند.\n",
        items=((1, "مقرر شد دبیرخانه فهرست طرح‌های نیمه‌تمام را تا پایان ماه جاری تهیه کند."),),
        unsure=("title", "date"),
    ),
    # --- pattern 4: the held date ----------------------------------------------------------
    Case(
        "date_in_title_dotted_invitation_next_meeting",
        "صورتجلسه شورای آموزش و پرورش شهرستان مورخ ۹۸.۶.۲۱\n"
        "پیرو دعوتنامه شماره ۴۵۱۲ مورخ ۹۸/۶/۱۰ جلسه شورا در محل اداره آموزش و پرورش برگزار شد.\n"
        "۱- مقرر شد مدارس تا ۹۸/۷/۱ بازسازی شوند.\n"
        "جلسه آینده مورخ ۹۸/۷/۱۵ برگزار می‌شود.\n",
        items=((1, "مقرر شد مدارس تا ۹۸/۷/۱ بازسازی شوند."),),
        expect={"date": "1398-06-21", "invitation": {"number": "۴۵۱۲", "date": "1398-06-10"}},
    ),
    Case(
        "date_month_name_after_publication_and_invitation",
        "تاریخ انتشار: ۱۴۰۱/۰۷/۲۰ - ۱۰:۳۰\n"
        "بازدید: ۳۴۵\n"
        "پیرو دعوتنامه شماره ۱۲/۵۵ مورخ ۵ مهر ۱۴۰۱ جلسه کمیته سلامت روز سه شنبه ۱۲ مهر ۱۴۰۱ در"
        " سالن جلسات بخشداری تشکیل شد.\n"
        "۱- مقرر شد شبکه بهداشت طی دو هفته گزارش واکسیناسیون را ارائه کند.\n"
        "اشتراک‌گذاری\n",
        items=((1, "مقرر شد شبکه بهداشت طی دو هفته گزارش واکسیناسیون را ارائه کند."),),
        expect={"date": "1401-07-12", "weekday": "سه‌شنبه", "place": "سالن جلسات بخشداری"},
        per_item={0: {"deadline.kind": "relative", "deadline.due_date": "1401-07-26"}},
    ),
    Case(
        "date_labelled_without_colon",
        "کمیته حفاظت از منابع آب\n"
        "نامه شماره ۷۷ مورخ 96/10/20\n"
        "تاریخ برگزاری 96/11/7\n"
        "۱- مقرر شد اداره آب منطقه‌ای چاه‌های غیرمجاز را تا جلسه آینده شناسایی کند.\n",
        items=((1, None),),
        expect={"date": "1396-11-07"},
        per_item={0: {"deadline.kind": "next_meeting", "deadline.raw": "تا جلسه آینده"}},
    ),
    Case(
        "date_day_first_two_digit_year",
        "نامه شماره ۳۳۲ مورخ ۱۰/۴/۹۱ دبیرخانه\n"
        "جلسه کارگروه اشتغال روز دوشنبه مورخ 23/4/91 در سالن اجتماعات فرمانداری تشکیل شد.\n"
        "مقرر گردید اداره کار فهرست طرح‌های اشتغال را ارسال نماید.\n",
        items=((1, None),),
        expect={"date": "1391-04-23", "weekday": "دوشنبه"},
    ),
    Case(
        "date_after_tarikh_tashkil_in_prose",
        "گزارش خبری: در تاریخ ۱۴۰۲/۰۲/۰۱ نامه‌ای به دستگاه‌ها ارسال شد.\n"
        "تاریخ تشکیل جلسه ۱۴۰۲/۰۲/۱۵ بود و اعضا حضور داشتند.\n"
        "مصوبات:\n"
        "۱- مقرر شد اداره کل میراث فرهنگی تابلوهای راهنما را نصب کند.\n",
        items=((1, None),),
        expect={"date": "1402-02-15"},
    ),
    # --- pattern 5: glued words ------------------------------------------------------------
    Case(
        "glued_header_sentence",
        "جلسه کارگروه اشتغال روزدوشنبه مورخ4/5/88 درساعت9 درمحل سالن اجتماعات به ریاست"
        " بخشدارکهریزک برگزار شد.\n"
        "۱- مقرر شد اداره کار فهرست طرح‌ها را ارسال کند.\n",
        items=((1, None),),
        expect={
            "date": "1388-05-04",
            "weekday": "دوشنبه",  # as written, though 1388/05/04 was a Sunday
            "time": "09:00",
            "place": "سالن اجتماعات",
            "chair": {"name": None, "role": "بخشدار کهریزک"},
        },
    ),
    Case(
        "glued_time_with_ras",
        "نشست شورای فرهنگ عمومی در روز شنبه ۱۴۰۲/۸/۶ راس ساعت 17 درمحل فرمانداری تشکیل شد.\n"
        "۱- مقرر شد اداره ارشاد برنامه دهه فجر را تدوین کند.\n",
        items=((1, None),),
        expect={"date": "1402-08-06", "time": "17:00", "place": "فرمانداری"},
    ),
    # --- pattern 6: assignees inside a sentence --------------------------------------------
    Case(
        "assignee_partner_and_through",
        "صورتجلسه شورای اجتماعی شهرستان خمین\n"
        "مصوبات:\n"
        "۱- مقرر شد اداره ورزش و جوانان با همکاری آموزش و پرورش المپیاد ورزشی برگزار کند.\n"
        "۲- موضوع ساماندهی دستفروشان از طریق شهرداری پیگیری شود.\n"
        "۳- مقرر شد فرمانداری نسبت به تشکیل کارگروه ویژه اقدام نماید.\n"
        "۴- بازسازی خانه‌های آسیب‌دیده توسط بنیاد مسکن انجام شود.\n",
        items=((1, None), (2, None), (3, None), (4, None)),
        per_item={
            0: {"assignees": ["اداره ورزش و جوانان"], "partners": ["آموزش و پرورش"]},
            1: {"assignees": ["شهرداری خمین"]},
            2: {"assignees": ["فرمانداری خمین"]},
            3: {"assignees": ["بنیاد مسکن"]},
        },
    ),
    Case(
        "assignee_through_and_by_with_county",
        "صورتجلسه ستاد ساماندهی سالمندان شهرستان بیرجند\n"
        "مصوبات:\n"
        "۱- پرداخت کمک هزینه سالمندان تنها از طریق فرمانداری پیگیری شود.\n"
        "۲- مقرر شد بیمه سلامت با هماهنگی شبکه بهداشت پوشش بیمه سالمندان را گسترش دهد.\n"
        "۳- برگزاری جشن روز سالمند توسط اداره کل بهزیستی انجام شود.\n",
        items=((1, None), (2, None), (3, None)),
        per_item={
            0: {"assignees": ["فرمانداری بیرجند"]},
            1: {"partners": ["شبکه بهداشت"]},
            2: {"assignees": ["اداره کل بهزیستی"]},
        },
    ),
    # --- pattern 7: deadlines --------------------------------------------------------------
    Case(
        "deadlines_in_every_phrasing",
        "جلسه ستاد تنظیم بازار در تاریخ ۱۴۰۱/۰۷/۱۰ برگزار شد.\n"
        "مصوبات:\n"
        "۱- مقرر شد اداره صمت تا پایان مهر ماه سال جاری فهرست عرضه‌کنندگان را ارائه کند.\n"
        "۲- مقرر شد تعزیرات حکومتی حداکثر طی ۷ روز آینده بازرسی از نانوایی‌ها را آغاز کند.\n"
        "۳- مقرر شد جهاد کشاورزی طی دو هفته گزارش ذخایر را ارسال کند.\n"
        "۴- مقرر شد اتاق اصناف تا جلسه آینده نرخ‌نامه را به‌روز کند.\n"
        "۵- مقرر شد اداره کل دامپزشکی ظرف یک ماه از تاریخ ابلاغ پایش کشتارگاه‌ها را انجام دهد.\n",
        items=((1, None), (2, None), (3, None), (4, None), (5, None)),
        expect={"date": "1401-07-10"},
        per_item={
            0: {"deadline.kind": "date", "deadline.due_date": "1401-07-30"},
            1: {"deadline.kind": "relative", "deadline.due_date": "1401-07-17"},
            2: {"deadline.kind": "relative", "deadline.due_date": "1401-07-24"},
            3: {"deadline.kind": "next_meeting", "deadline.due_date": None},
            4: {"deadline.raw": "ظرف یک ماه از تاریخ ابلاغ", "deadline.due_date": "1401-08-10"},
        },
    ),
    # --- pattern 8: page furniture ---------------------------------------------------------
    Case(
        "web_page_furniture_and_signature",
        "کد خبر: ۸۸۱۲۳\n"
        "۱۴۰۲/۰۳/۰۵ - ۱۴:۲۰\n"
        "جلسه شورای ترافیک شهرستان روز چهارشنبه ۱۴۰۲/۰۳/۰۳ در فرمانداری برگزار شد.\n"
        "۱- مقرر شد پلیس راه در محورهای پرتردد گشت‌زنی را افزایش دهد.\n"
        "بازدید: ۱۲۰۴\n"
        "۲- مقرر شد شهرداری خط‌کشی عابر پیاده را تجدید کند. علی محمدی دبیر شورای ترافیک\n"
        "اشتراک‌گذاری | چاپ | ذخیره\n"
        "نظر شما\n",
        items=(
            (1, "مقرر شد پلیس راه در محورهای پرتردد گشت‌زنی را افزایش دهد."),
            (2, "مقرر شد شهرداری خط‌کشی عابر پیاده را تجدید کند."),
        ),
        expect={"date": "1402-03-03"},
    ),
    Case(
        "comment_box_and_labelled_signature",
        "۱۴۰۱/۰۸/۰۳ ۱۲:۴۵\n"
        "تعداد بازدید: ۸۸\n"
        "صورتجلسه شورای حفاظت از محیط زیست شهرستان\n"
        "تاریخ جلسه: ۱۴۰۱/۰۸/۰۱\n"
        "۱- مقرر شد اداره محیط زیست پایش کیفیت هوا را روزانه منتشر کند.\n"
        "۲- مقرر شد شهرداری سطل‌های تفکیک زباله را در پارک‌ها نصب کند. دبیر شورا: رضا نوری\n"
        "ارسال نظر\n"
        "نام:\n"
        "ایمیل:\n"
        "ارسال\n",
        items=(
            (1, "مقرر شد اداره محیط زیست پایش کیفیت هوا را روزانه منتشر کند."),
            (2, "مقرر شد شهرداری سطل‌های تفکیک زباله را در پارک‌ها نصب کند."),
        ),
        expect={"date": "1401-08-01"},
    ),
    Case(
        "messenger_copy",
        "بسم الله\n"
        "صورتجلسه کمیته امداد و نجات\n"
        "۱۰:۴۵\n"
        "تاریخ جلسه: ۱۴۰۰/۱۰/۱۲\n"
        "۱- مقرر شد هلال احمر انبار اقلام اضطراری را تکمیل کند.\n"
        "۱۰:۴۶\n"
        "۲- مقرر شد آتش‌نشانی تجهیزات نجات را بازدید کند.\n",
        items=(
            (1, "مقرر شد هلال احمر انبار اقلام اضطراری را تکمیل کند."),
            (2, "مقرر شد آتش‌نشانی تجهیزات نجات را بازدید کند."),
        ),
        expect={"date": "1400-10-12"},
    ),
]


def _plain(text: str) -> str:
    return text.replace("<<page>>\n", "\f\n")


def _markdown(text: str) -> str:
    """The same minutes typed in Markdown: a heading, paragraphs apart, vote lines in italics."""
    out = []
    for i, line in enumerate(_plain(text).split("\n")):
        if not line.strip():
            continue
        if i == 0 and not re.match(r"^[۰-۹(]", line) and len(line.split()) <= 10:
            out.append("## " + line)
        elif re.search(r"آرا|رأی|موافق", line) and len(line.split()) <= 8:
            out.append("*" + line.strip() + "*")
        else:
            out.append(line)
    return "\n\n".join(out) + "\n"


def _docx(text: str) -> bytes:
    doc = Document()
    for line in text.split("\n"):
        if line == "<<page>>":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            continue
        if not line.strip():
            continue
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _arabic(text: str) -> bytes:
    return arabic_variant(_plain(text)).encode("utf-8")


FORMATS = {
    "text": lambda c: parse_text(_plain(c.text)),
    "markdown": lambda c: parse_bytes(_markdown(c.text).encode("utf-8"), c.name + ".md"),
    "word": lambda c: parse_bytes(_docx(c.text), c.name + ".docx"),
    "arabic": lambda c: parse_bytes(_arabic(c.text), c.name + ".txt"),
}


def _check(case: Case, pm) -> None:
    j = to_json(pm)
    got_items = [(r["number"], r["text"]) for r in j["resolutions"]]
    assert [n for n, _ in got_items] == [n for n, _ in case.items], got_items
    for (n, want), (_, text) in zip(case.items, got_items, strict=True):
        if want is not None:
            assert text == want, (n, text)
    for k, v in case.expect.items():
        assert j[k] == v, (k, j[k])
    for idx, fields in case.per_item.items():
        r = j["resolutions"][idx]
        for k, v in fields.items():
            if k == "partners":
                got: Any = list(pm.resolutions[idx].partners)
            elif k == "vote":
                got = pm.resolutions[idx].vote
            elif k.startswith("deadline."):
                got = r["deadline"][k.split(".", 1)[1]]
            else:
                got = r[k]
            assert got == v, (idx, k, got)
    named = {f for f, _ in pm.unsure}
    assert set(case.unsure) <= named, named
    for words in case.warns:
        assert any(words in w for w in pm.warnings), (words, pm.warnings)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_pattern(case: Case, fmt: str) -> None:
    _check(case, FORMATS[fmt](case))


def test_every_pattern_has_several_fixtures() -> None:
    assert len(CASES) >= 20


def test_a_file_with_neither_header_nor_resolution_is_still_refused() -> None:
    with pytest.raises(MinutesParseError) as info:
        parse_text("امروز هوا آفتابی است و مردم به پارک رفتند.\nفردا باران می‌بارد.\n")
    assert info.value.code == "not_minutes"


def test_vote_is_in_the_json_only_when_the_minutes_record_one() -> None:
    voted = to_json(parse_text("۱- مقرر شد شهرداری پارک را بازسازی کند.\nبه اتفاق آرا تصویب شد\n"))
    assert voted["resolutions"][0]["vote"] == "به اتفاق آرا تصویب شد"
    plain = to_json(parse_text("۱- مقرر شد شهرداری پارک را بازسازی کند.\n"))
    assert "vote" not in plain["resolutions"][0]


def test_every_unsure_field_is_also_a_warning() -> None:
    pm = parse_text("۱- مقرر شد شهرداری پارک را بازسازی کند.\n")
    assert {f for f, _ in pm.unsure} >= {"title", "date", "place"}
    for _, message in pm.unsure:
        assert message in pm.warnings


def test_an_assignee_read_out_of_a_long_sentence_is_marked_for_checking() -> None:
    pm = parse_text(
        "۱- مقرر شد اداره فضای سبز درختان خیابان اصلی را هرس کند.\n"
        "۲- مقرر شد اداره کل بهزیستی استان نسبت به پوشش خانوارها اقدام کند.\n"
    )
    named = {f for f, _ in pm.unsure}
    assert "resolutions[0].assignees" in named
    assert "resolutions[1].assignees" not in named


def test_partners_of_the_bodys_own_city() -> None:
    pm = parse_text(
        "صورتجلسه کارگروه سلامت شهرستان نیشابور\n"
        "۱- مقرر شد شبکه بهداشت با همکاری شهرداری طرح پایش فشار خون را اجرا کند.\n"
    )
    assert pm.resolutions[0].assignees == ("شبکه بهداشت",)
    assert pm.resolutions[0].partners == ("شهرداری نیشابور",)
