"""Group phrases (minutes_parser.groups): which set «فرمانداران محترم تابعه» and the like mean.

Pure tests over plain names: the reader is given county and body names and hands back which of
them a phrase names. Property tests: spelling variants (spaces, ZWNJ, Arabic letter forms,
tatweel, honorifics) read alike; a name with an agency's own head word is never a group; any
list of counties or any body of the province is read back exactly.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qarargah.demo.data import PROVINCES
from qarargah.minutes_parser.groups import GroupPhrase, GroupReader, GroupTarget, body_keys
from qarargah.persian import normalise

MARKAZI = PROVINCES["markazi"]
ALBORZ = PROVINCES["alborz"]


def _reader(province: dict) -> GroupReader[str, str]:
    return GroupReader(
        counties=[(c, c) for c in province["counties"]],
        bodies=[(b[0], b[0]) for b in province["bodies"]],
    )


MARKAZI_READER = _reader(MARKAZI)
MARKAZI_BODIES = [b[0] for b in MARKAZI["bodies"]]
T = GroupTarget
ROOT = Path(__file__).resolve().parents[2]


def test_the_reader_imports_no_django():
    code = "import sys, qarargah.minutes_parser.groups; assert not any(m.startswith('django') for m in sys.modules)"
    subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )


@pytest.mark.parametrize(
    ("phrase", "target"),
    [
        ("فرمانداران محترم تابعه", T.COUNTY_GOVERNORATES),
        ("فرمانداریهای استان", T.COUNTY_GOVERNORATES),
        ("فرمانداران محترم شهرستانها", T.COUNTY_GOVERNORATES),
        ("کلیه فرمانداری‌ها", T.COUNTY_GOVERNORATES),
        ("شهرداریهای محترم استان", T.MUNICIPALITIES),
        ("کلیه شهرداری ها", T.MUNICIPALITIES),
        ("مسئولین خانه محلات", T.NEIGHBOURHOOD_HOUSES),
        ("خانه‌های محله هدف", T.NEIGHBOURHOOD_HOUSES),
        ("ادارات عضو کارگروه", T.BODY_MEMBERS),
        ("دستگاههای عضو شورا و کارگروه", T.BODY_MEMBERS),
        ("دستگاه‌های اجرایی عضو قرارگاه", T.BODY_MEMBERS),
        ("اعضای قرارگاه", T.BODY_MEMBERS),
        ("کلیه دستگاههای اجرایی استان", T.EXECUTIVE_AGENCIES),
        ("تمامی دستگاه‌های ذیربط", T.EXECUTIVE_AGENCIES),
        ("ادارات", T.EXECUTIVE_AGENCIES),
    ],
)
def test_phrases_of_the_minutes_read_as_their_whole_group(phrase, target):
    read = MARKAZI_READER.read(phrase)
    assert read is not None
    assert (read.target, read.whole) == (target, True)


def test_a_county_list_narrows_the_group_to_those_counties():
    read = MARKAZI_READER.read("فرمانداریهای شهرستانهای شازند، ساوه و خمین")
    assert read == GroupPhrase(
        T.COUNTY_GOVERNORATES, "فرمانداری‌های استان", counties=("شازند", "ساوه", "خمین")
    )
    assert not read.whole


def test_another_body_named_means_its_members():
    read = MARKAZI_READER.read("ادارات عضو کارگروه حاشیه‌نشینی")
    assert read == GroupPhrase(T.BODY_MEMBERS, "دستگاه‌های عضو", body="کارگروه حاشیه‌نشینی")


@pytest.mark.parametrize(
    "name",
    [
        "فرمانداریهای شهرستانهای شیراز و تبریز",  # counties of another province
        "ادارات عضو کارگروه ناموجود",  # a body the province does not have
        "اداره کل ورزش و جوانان",
        "شهرداری اراک",
        "",
    ],
)
def test_names_that_are_no_group_of_this_province(name):
    assert MARKAZI_READER.read(name) is None


# --- Properties ---------------------------------------------------------------------------------

_ARABIC_FORMS = {"ی": "یيى", "ک": "کك", "ه": "هە"}
_SEPARATORS = [" ", "  ", "\u200c", " \u200c", "\t", "\u00a0"]
_HONORIFICS = ["محترم", "محترمه"]


@st.composite
def _spelt(draw: st.DrawFn, phrase: str) -> str:
    """``phrase`` as minutes may spell it: other word gaps (or none inside a word pair),
    Arabic letter forms, tatweel and an honorific between words."""
    words = phrase.split()
    out: list[str] = []
    for index, word in enumerate(words):
        letters = []
        for ch in word:
            letters.append(draw(st.sampled_from(_ARABIC_FORMS.get(ch, ch))))
            if ch not in "اآدذرزژو" and draw(st.integers(0, 9)) == 0:
                letters.append("\u0640")  # tatweel only after a letter that joins the next
        out.append("".join(letters))
        if index < len(words) - 1:
            if draw(st.booleans()) and draw(st.integers(0, 3)) == 0:
                # An honorific word stands between plain spaces, as in «فرمانداران محترم تابعه».
                out.append(" " + draw(st.sampled_from(_HONORIFICS)) + " ")
            else:
                out.append(draw(st.sampled_from(_SEPARATORS)))
    return draw(st.sampled_from(["", " ", "\u200c"])) + "".join(out) + draw(st.sampled_from(["", " ", "."]))


_PHRASES = [
    "فرمانداران تابعه",
    "کلیه فرمانداریهای استان",
    "فرمانداریهای شهرستانهای شازند ساوه و خمین",
    "شهرداریهای استان",
    "شهرداری های شهرستان های اراک و تفرش",
    "مسئولین خانه محلات هدف",
    "ادارات عضو کارگروه",
    "دستگاههای اجرایی عضو شورا و کارگروه",
    "ادارات عضو کارگروه حاشیه‌نشینی",
    "کلیه دستگاههای اجرایی استان",
]


@given(st.sampled_from(_PHRASES).flatmap(lambda p: st.tuples(st.just(p), _spelt(p))))
def test_spelling_variants_of_a_phrase_read_alike(pair):
    phrase, variant = pair
    expected = MARKAZI_READER.read(phrase)
    assert expected is not None
    assert MARKAZI_READER.read(variant) == expected


_AGENCY_HEADS = ["اداره کل", "سازمان", "دانشگاه", "بنیاد", "کمیته امداد", "بهزیستی", "اداره", "هلال احمر"]
_WORDS = st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی", min_size=1, max_size=8)


@given(
    st.sampled_from(_AGENCY_HEADS),
    st.lists(
        st.one_of(_WORDS, st.sampled_from(["استان", "عضو", "کارگروه", "تابعه", *MARKAZI["counties"]])),
        max_size=4,
    ),
)
def test_a_name_with_an_agency_head_word_is_never_a_group(head, words):
    assert MARKAZI_READER.read(" ".join([head, *words])) is None


@pytest.mark.parametrize("province", [ALBORZ, MARKAZI], ids=["alborz", "markazi"])
def test_no_registry_agency_is_a_group_but_a_county_governorate_of_its_own_county(province):
    reader = _reader(province)
    for name, kind, county, aliases in province["agencies"]:
        for spelling in [name, *aliases]:
            read = reader.read(spelling)
            if kind != "county_governorate":
                assert read is None, spelling
            elif read is not None:
                assert read.target == T.COUNTY_GOVERNORATES and read.counties == (county,), spelling


@given(
    st.lists(st.sampled_from(MARKAZI["counties"]), min_size=1, max_size=5, unique=True),
    st.sampled_from(["فرمانداریهای شهرستانهای", "شهرداریهای", "فرمانداران شهرستان"]),
    st.sampled_from(["، ", " و ", " ، ", "و"]),
)
def test_any_list_of_the_provinces_counties_is_read_back(counties, head, joiner):
    text = head + " " + joiner.join(counties[:-1]) + (" و " if len(counties) > 1 else "") + counties[-1]
    read = MARKAZI_READER.read(text)
    assert read is not None and read.counties == tuple(counties)


@given(st.sampled_from(MARKAZI_BODIES), st.sampled_from(["ادارات عضو", "دستگاههای عضو", "اعضای"]))
def test_any_other_body_of_the_province_is_read_back(body, head):
    read = MARKAZI_READER.read(f"{head} {body}")
    assert read is not None and read.target == T.BODY_MEMBERS
    # A body whose name is only body words («شورای … استان») is the meeting's own members.
    assert read.body in (body, None)
    if body_keys(body)[1] not in ("شورای", "کارگروه", "قرارگاه", "کمیته", "ستاد", "شورا"):
        assert read.body == body


@given(st.text(alphabet="فرمانداریهشکلعضوادت ‌،ويك", max_size=40))
def test_reading_never_fails_and_ignores_normalisation(text):
    assert MARKAZI_READER.read(text) == MARKAZI_READER.read(normalise(text))
