"""Tests for qarargah.persian.text: normalisation, digits, matching keys, honorifics."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qarargah.persian import (
    ZWNJ,
    clean_input,
    digits_only,
    fold,
    match_key,
    normalise,
    persian_text,
    strip_honorifics,
    to_latin_digits,
    to_persian_digits,
)
from qarargah.persian import text as text_module
from qarargah.persian.text import translator

# Characters that exercise every rule of normalise(): Persian and Arabic letter forms, all
# three digit sets, diacritics, tatweel, zero-width characters, whitespace kinds, punctuation
# and presentation forms.
PERSIAN_ARABIC_ALPHABET = (
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآأإؤئء"
    "يىكہۀةەھ"
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
    "\u064b\u064c\u064e\u064f\u0650\u0651\u0652\u0654\u0670\u0640"
    "\u200c\u200b\u200d\ufeff\u00ad\u200e\u200f\u2060"
    " \t\n\r\u00a0\u2028\x0b"
    "،؛؟.!:«»()-/"
    "\ufb8e\ufef7\ufdf2\ufc5e\ufe8d"
)
persian_text_strategy = st.text(alphabet=PERSIAN_ARABIC_ALPHABET, max_size=80)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي", "علی"),
        ("مصطفى", "مصطفی"),
        ("كرج", "کرج"),
        ("عبداللہی", "عبداللهی"),  # U+06C1, as in the 2022 minutes
        ("خانۀ", "خانه"),
        ("مدرسة", "مدرسه"),
        ("ەی", "هی"),
        ("مسئول", "مسئول"),  # hamza-on-yeh is a real Persian spelling: untouched
        ("1401/01/24", "۱۴۰۱/۰۱/۲۴"),
        ("٢٣", "۲۳"),
        ("بِسْمِ اللّٰه", "بسم الله"),
        ("سلـــــام", "سلام"),
        ("می\u200bشود", "می\u200cشود"),
        ("می\u200dشود", "می\u200cشود"),
        ("می\u200c\u200c\u200cشود", "می\u200cشود"),
        ("می\u200c شود", "می شود"),
        ("\u200cکتاب\u200c", "کتاب"),
        ("کتاب\u200c.", "کتاب."),
        ("\ufeffسلام\u00ad", "سلام"),
        ("  الف \t\t ب\u00a0\u00a0ج  ", "الف ب ج"),
        ("الف  \nب", "الف\nب"),
        ("الف\n\n\n\nب", "الف\n\nب"),
        ("الف\n \n \n \nب", "الف\n\nب"),
        ("الف\r\nب\rج", "الف\nب\nج"),
        ("سلام، خوبی؟ بله؛ ممنون", "سلام، خوبی؟ بله؛ ممنون"),
        ("\ufb8e\ufefb", "کلا"),  # presentation forms (PDF extraction)
        ("", ""),
        ("   \n\t ", ""),
    ],
)
def test_normalise_cases(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_sample_line() -> None:
    raw = "در ادامه **جناب آقای دکتر عبداللہی استاندار محترم**  ضمن آرزوی\t قبولی"
    assert normalise(raw) == "در ادامه **جناب آقای دکتر عبداللهی استاندار محترم** ضمن آرزوی قبولی"


@given(st.text())
def test_normalise_idempotent_arbitrary(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(persian_text_strategy)
def test_normalise_idempotent_persian(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(persian_text_strategy)
def test_normalise_output_invariants(text: str) -> None:
    out = normalise(text)
    assert out == out.strip()
    assert "  " not in out and "\n\n\n" not in out and "\t" not in out
    assert not any(ch in out for ch in "يىكۀةە0123456789٠١٢٣٤٥٦٧٨٩\u0640\u200b\u200d\ufeff")
    assert f"{ZWNJ}{ZWNJ}" not in out and f" {ZWNJ}" not in out and f"{ZWNJ} " not in out
    assert not out.startswith(ZWNJ) and not out.endswith(ZWNJ)


@pytest.mark.parametrize("s", ["0123456789", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"])
def test_digit_conversion_accepts_all_sets(s: str) -> None:
    assert to_persian_digits(s) == "۰۱۲۳۴۵۶۷۸۹"
    assert to_latin_digits(s) == "0123456789"


def test_digit_conversion_leaves_other_text() -> None:
    assert to_persian_digits("ماده 16، بند ٣") == "ماده ۱۶، بند ۳"
    assert to_latin_digits("ساعت ۱۴/۳۰") == "ساعت 14/30"


@given(st.text())
def test_digit_conversions_round_trip(s: str) -> None:
    assert to_latin_digits(to_persian_digits(s)) == to_latin_digits(s)
    assert to_persian_digits(to_latin_digits(s)) == to_persian_digits(s)


@given(st.text())
def test_fold_preserves_length(s: str) -> None:
    assert len(fold(s)) == len(s)


def test_fold_maps_letters_and_digits() -> None:
    assert fold("كريم ۱۴۰۱\tو٢") == "کریم 1401 و2"


def test_match_key_equivalences() -> None:
    keys = {match_key(s) for s in ("دستگاه‌های", "دستگاه های", "دستگاههای", "دستگاه\u200bهای", "دستگاه هاي")}
    assert keys == {"دستگاههای"}
    assert match_key("ماده ۱۶") == match_key("ماده 16") == "ماده16"
    assert match_key("«فرمانداری کرج»، (استان)") == "فرمانداریکرجاستان"
    assert match_key("ائمه") == match_key("أئمه")
    assert match_key("NGO") == "ngo"


@given(st.text())
def test_match_key_idempotent_arbitrary(text: str) -> None:
    once = match_key(text)
    assert match_key(once) == once


@given(persian_text_strategy)
def test_match_key_idempotent_persian(text: str) -> None:
    once = match_key(text)
    assert match_key(once) == once
    assert " " not in once and ZWNJ not in once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("جناب آقای دکتر عبداللهی، استاندار محترم", "عبداللهی، استاندار"),
        ("آقای ولی پوری، معاون محترم سیاسی، امنیتی و اجتماعی", "ولی پوری، معاون سیاسی، امنیتی و اجتماعی"),
        ("فرمانداران محترم تابعه", "فرمانداران تابعه"),
        ("سرکار خانم مهندس احمدی", "احمدی"),
        ("خانم رضایی", "رضایی"),
        ("حجت الاسلام و المسلمین حسینی", "حسینی"),
        ("حجت‌الاسلام حسینی", "حسینی"),
        ("سردار کریمی", "کریمی"),
        ("مدیرکل محترمه بهزیستی", "مدیرکل بهزیستی"),
        ("جناب آقاي دكتر عبداللہی", "عبداللهی"),  # Arabic forms are normalised first
        ("دکترای تخصصی و مهندسی", "دکترای تخصصی و مهندسی"),  # whole words only
        ("خانمها و آقایان", "خانمها و آقایان"),
    ],
)
def test_strip_honorifics(raw: str, expected: str) -> None:
    assert strip_honorifics(raw) == expected


@given(persian_text_strategy)
def test_strip_honorifics_returns_normalised(text: str) -> None:
    out = strip_honorifics(text)
    assert normalise(out) == out


def test_persian_text() -> None:
    assert persian_text(1401) == "۱۴۰۱"
    assert persian_text("ماده 16") == "ماده ۱۶"
    assert persian_text(None) == ""


def _normalise_every_pass(text: str) -> str:
    """normalise() as the plain sequence of passes, none skipped: the reference for the guarded
    fast paths (they only skip a pass that would return its input unchanged)."""
    if not text:
        return ""
    text = text_module._PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = text.translate(text_module._NORMALISE_TABLE)
    text = re.sub(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]", "\n", text)
    text = text_module._clean_zwnj(text)
    text = re.sub(r"[^\S\n]+", " ", text)
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


# Characters each guard looks for (spaces, line breaks, ZWNJ and zero-width forms, mapped and
# deleted characters, a presentation form, a combining mark next to a ZWNJ), densely mixed.
_tricky_text = st.text(
    alphabet="ا بکیك ي۱2٣_\n\r\t*\u200c\u200b\u200d\u00a0\u0650\u0640\ufeff\u2028\x1f\ufb8e\u0301"
)


@given(st.one_of(st.text(), persian_text_strategy, _tricky_text))
def test_normalise_fast_paths_match_every_pass(text: str) -> None:
    assert normalise(text) == _normalise_every_pass(text)


@given(st.one_of(st.text(), _tricky_text))
def test_translator_matches_str_translate(text: str) -> None:
    for table in (text_module._NORMALISE_TABLE, text_module._FOLD_TABLE, text_module._TO_LATIN_DIGITS):
        assert translator(table)(text) == text.translate(table)


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_only_reads_a_number_in_any_digit_set(n: int) -> None:
    assert digits_only(to_persian_digits(str(n))) == str(n)
    assert digits_only(f"  {n} ") == str(n)


@pytest.mark.parametrize("text", ["", "  ", "۱۲ الف", "12a", "²", "①", "-3", "1.5"])
def test_digits_only_refuses_anything_but_a_whole_number(text: str) -> None:
    assert digits_only(text) is None


# --- clean_input: what a person typed, as stored (decision 0003) ---------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("alert(2)", "alert(2)"),  # digits stay as typed
        ("markazi2.txt", "markazi2.txt"),
        ("لطفاً ۱۲ و 12 و ١٢", "لطفاً ۱۲ و 12 و ١٢"),  # tanwin and every digit set kept
        ("علي كتاب", "علی کتاب"),  # Arabic yeh / kaf become Persian
        ("خانهٔ ما، خانۀ ما", "خانهٔ ما، خانۀ ما"),  # a chosen spelling stays
        ("a\x00b\x07c\x7fd\x9be", "abcde"),  # control characters go
        ("file\u202etxt.exe", "filetxt.exe"),  # a bidi override would show it reversed
        ("\u2067متن\u2069", "متن"),
        ("\ufeffسلام", "سلام"),
        ("\u200fمتن 2\u200e", "\u200fمتن 2\u200e"),  # direction marks a person typed stay
        ("  دو  فاصله\r\nخط دوم\rسوم  ", "دو  فاصله\nخط دوم\nسوم"),  # only the ends trimmed
        ("می\u200cشود", "می\u200cشود"),
        ("", ""),
    ],
)
def test_clean_input_keeps_what_was_typed(typed: str, stored: str) -> None:
    assert clean_input(typed) == stored


@given(st.text())
def test_clean_input_idempotent_and_free_of_controls(text: str) -> None:
    once = clean_input(text)
    assert clean_input(once) == once
    assert not any(unicodedata.category(ch) == "Cc" and ch not in "\t\n" for ch in once), (
        "a control character survived"
    )
    assert not set(once) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


@given(persian_text_strategy)
def test_the_search_key_of_kept_text_is_the_search_key_of_what_was_typed(text: str) -> None:
    """Keeping the typed form loses nothing for search: its key equals the normalised one."""
    assert match_key(clean_input(text)) == match_key(text)


def test_search_keys_fold_digits_and_diacritics() -> None:
    assert match_key("لطفاً") == match_key("لطفا")
    assert match_key("alert(2)") == match_key("alert(۲)") == "alert2"
