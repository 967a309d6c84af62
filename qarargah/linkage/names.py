"""Common Iranian first names: when both records carry a known name and the names differ, the
difference is a different person, not a typo.

«حسن» and «حسین» are one letter apart (Jaro–Winkler 0.93) — a typo level would score them as
a near match — yet they are the commonest pair of twins' names.  A typo rarely turns one
real name into another, so a pair of two different known names falls to the «else» level.
Compound names are kept whole («محمدرضا»); the compound comparison level (one name a prefix of
the other) still applies first.
"""

from __future__ import annotations

from typing import Final

_MALE: Final = """
محمد علی حسین حسن رضا مهدی امیر احمد محمود مصطفی مجتبی مرتضی جواد جعفر صادق باقر کاظم هادی
هاشم قاسم عباس اکبر اصغر یوسف یعقوب ابراهیم اسماعیل اسحاق موسی عیسی داوود سلیمان یونس ایوب
سعید حمید مجید وحید رحیم کریم حکیم حبیب نبی ولی تقی نقی رسول سجاد میلاد امین آرمان آرش پارسا
بهنام بهروز بهرام کیوان فرهاد فرزاد فرشاد شهرام شهاب شهریار سهراب رستم کامران کامبیز کوروش
داریوش هوشنگ منوچهر جمشید فریدون بیژن پرویز ناصر منصور نادر ابوالفضل ابوالقاسم عبدالله
حمیدرضا غلامرضا غلامعلی غلامحسین محمدرضا علیرضا محمدعلی محمدحسین امیرحسین امیرعلی
محمدمهدی محمدجواد محمدامین محمدصادق محمدباقر محمدکاظم محمدهادی علی‌اکبر علی‌اصغر
حسام حامد احسان ایمان عرفان مهران مهرداد مسعود محسن مهیار نیما پویا یاسر یاسین طاها
حمزه ماهان سینا سامان سپهر بابک اکرم
"""
_FEMALE: Final = """
فاطمه زهرا مریم زینب معصومه سکینه لیلا سمیه نرگس الهام مهسا سارا نازنین ریحانه حدیثه کوثر
طاهره اعظم اشرف منیژه پروین شهلا مینا نسرین هانیه یاسمن ستاره آزاده صدیقه رقیه کبری طیبه
راضیه مرضیه فرشته ژیلا هستی نیلوفر مهدیه ملیکا محدثه فائزه نجمه نفیسه نسیم نگار نگین
شیرین شیما شبنم شهناز شکوفه صغری صبا سحر سمانه سمیرا سوسن سودابه سیما عاطفه عذرا
فرزانه فریبا فرناز فروغ گلاره گلناز لادن لاله مائده مهتاب مهناز مهین منیره ناهید نرجس
وجیهه هاجر هدیه یگانه آمنه آسیه حلیمه خدیجه رباب زهره زیبا ثریا پریسا پریا پگاه بهاره
فاطمه‌زهرا زهراسادات مرجان مژگان اکرم
"""

KNOWN_FIRST_NAMES: Final[frozenset[str]] = frozenset((_MALE + _FEMALE).split())
