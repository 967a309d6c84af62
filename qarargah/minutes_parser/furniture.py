"""Page furniture of minutes saved from a news site or a messenger: publication dates and
times, «بازدید», «اشتراک‌گذاری», comment boxes, page numbers.  Such lines are neither header
nor resolution text; the header and the list readers pass over them."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["is_furniture"]

_S = r"[ \u200c]*"
_P = r"[ \u200c]+"

# Furniture of a page saved from a news site or a messenger.
_FURNITURE_RE: Final = re.compile(
    r"^(?:"
    r"(?:تاریخ"
    + _P
    + r")?(?:انتشار|انتشار"
    + _P
    + r"خبر|درج|بروزرسانی|به"
    + _P
    + r"روز"
    + _P
    + r"رسانی)\s*[:：]"
    r"|کد" + _P + r"(?:خبر|مطلب)\s*[:：]?\s*[۰-۹]+"
    # «برچسب‌ها: سلامت، کشاورزی», «اخبار مرتبط», «آخرین به‌روزرسانی: …».
    r"|(?:برچسب|کلید" + _S + r"واژه|تگ)(?:" + _S + r"ها)?\s*[:：].*"
    r"|(?:اخبار|مطالب|خبرهای|مطالب"
    + _P
    + r"و"
    + _P
    + r"اخبار)"
    + _P
    + r"(?:مرتبط|مشابه|پربازدید|پربحث|برگزیده)"
    r"|(?:آخرین" + _P + r")?(?:به" + _S + r"روز" + _S + r"رسانی|بروز" + _S + r"رسانی)\s*[:：].*"
    # A messenger's view counter («👁 ۱.۲K»), «۰ نظر», «نظر شما چیست؟», «ارسال به تلگرام».
    r"|[^\w\s]{1,3}\s*[۰-۹][۰-۹.,٫]*\s*[KkMm]?"
    r"|[۰-۹]+\s*(?:نظر|دیدگاه)"
    r"|نظر" + _P + r"شما" + _P + r"چیست\s*[؟?]?"
    r"|پربازدیدترین(?:" + _S + r"ها)?|پربحث" + _S + r"ترین(?:" + _S + r"ها)?"
    r"|ارسال" + _P + r"به" + _P + r"(?:تلگرام|واتساپ|ایتا|بله|سروش|روبیکا|دوستان)"
    r"|(?:تعداد" + _P + r")?بازدید(?:" + _P + r"ها)?\s*[:：]?\s*[۰-۹]*"
    r"|[۰-۹]+\s*بازدید"
    r"|(?:اشتراک"
    + _S
    + r"گذاری|به"
    + _P
    + r"اشتراک"
    + _P
    + r"بگذارید|چاپ|ذخیره|ارسال"
    + _P
    + r"به"
    + _P
    + r"دوستان|کپی"
    + _P
    + r"لینک|لینک"
    + _P
    + r"کوتاه)"
    r"(?:\s*[|،/-]\s*(?:اشتراک" + _S + r"گذاری|چاپ|ذخیره|ارسال|کپی" + _P + r"لینک))*\s*[:：]?"
    r"|(?:ارسال"
    + _P
    + r"نظر|نظرات|دیدگاه"
    + _P
    + r"ها|نظر"
    + _P
    + r"شما|نظر"
    + _P
    + r"خود"
    + _P
    + r"را"
    + _P
    + r"بنویسید|"
    r"نام"
    + _P
    + r"شما|پست"
    + _P
    + r"الکترونیک|ایمیل|نام"
    + _P
    + r"و"
    + _P
    + r"ایمیل|ارسال|انصراف|پاسخ)\s*[:：]?"
    # «صفحه ۲ از ۳», «--- صفحه ۲ ---», «== صفحه ۲ =="
    r"|[-–—=*_~ ]*صفحه\s*[۰-۹]+(?:\s*(?:از|/)\s*[۰-۹]+)?[-–—=*_~ ]*"
    r"|[-–]\s*[۰-۹]{1,3}\s*[-–]"
    r"|(?:[۰-۹]{1,2}[:][۰-۹]{2}(?:[:][۰-۹]{2})?\s*[-–|،]?\s*)?[۰-۹]{2,4}/[۰-۹]{1,2}/[۰-۹]{1,4}(?:\s*[-–|،]?\s*[۰-۹]{1,2}[:][۰-۹]{2}(?:[:][۰-۹]{2})?)?"
    r"|[۰-۹]{1,2}[:][۰-۹]{2}(?:[:][۰-۹]{2})?"
    r"|(?:شنبه|یکشنبه|دوشنبه|سه"
    + _S
    + r"شنبه|چهارشنبه|پنج"
    + _S
    + r"شنبه|جمعه)\s*[۰-۹]{1,2}\s+\S+\s+[۰-۹]{4}"
    r"(?:\s*[-–|،]?\s*(?:ساعت\s*)?[۰-۹]{1,2}[:][۰-۹]{2})?"
    r")\s*$"
)


# A news byline or breadcrumb cut by «|» or «»»: «خبرگزاری شهر | ۱۴۰۱/۱۰/۰۶ - ۱۲:۴۰ | کد خبر: ۹۸۷۶۵».
_BYLINE_MARK_RE: Final = re.compile(r"[|»«›‹]")
_BYLINE_SPLIT_RE: Final = re.compile(r"\s*[|»«›‹]\s*")
_SHORT_NAME_RE: Final = re.compile(r"^[^\s۰-۹:：]+(?:[ \u200c]+[^\s۰-۹:：]+){0,3}$")
_NOT_A_NAME_RE: Final = re.compile(r"(?<![\w\u200c])(?:جلسه|صورت[ \u200c]*جلسه|مصوبات|مقرر|مصوب|تصویب|نشست)")


def is_furniture(text: str) -> bool:
    """A line of a web/messenger page («بازدید: ۱۲۳», «اشتراک‌گذاری», «صفحه ۲ از ۳», a bare
    publication date and time, a byline or breadcrumb of such pieces and a source's name) that
    is neither minutes nor resolution text."""
    if len(text) > 120:
        return False
    if len(text) <= 80 and _FURNITURE_RE.match(text):
        return True
    if not _BYLINE_MARK_RE.search(text):
        return False
    parts = [p for p in _BYLINE_SPLIT_RE.split(text.strip()) if p]
    if len(parts) < 2 or _NOT_A_NAME_RE.search(text):
        return False
    furniture = sum(1 for p in parts if len(p) <= 80 and _FURNITURE_RE.match(p))
    names = sum(1 for p in parts if _SHORT_NAME_RE.match(p))
    # Every piece is furniture or a short name (a source, a section), and not names alone
    # unless it is a breadcrumb («خانه » اخبار » استان»).
    crumbs = "»" in text or "›" in text
    return furniture + names == len(parts) and ((furniture > 0 and len(parts) >= 3) or crumbs)
