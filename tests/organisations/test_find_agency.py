"""find_agency: exact, alias, fuzzy (scored) or unknown, after Persian normalisation."""

from __future__ import annotations

import pytest

from qarargah.organisations.selectors import MatchKind, find_agency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "اداره کل ورزش و جوانان",
        "اداره كل ورزش و جوانان",  # Arabic kaf
        "اداره کل ورزش و جوانان استان",  # trailing «استان»
        "اداره‌کل ورزش و جوانان",  # ZWNJ instead of a space
        "  اداره کل   ورزش و جوانان محترم ",  # spacing and honorific
    ],
)
def test_exact_after_normalisation(alborz, text):
    match = find_agency(text, province=alborz)
    assert match.kind == MatchKind.EXACT
    assert match.agency.name == "اداره کل ورزش و جوانان"
    assert match.score == 100


def test_alias(alborz):
    match = find_agency("اداره کل راه شهرسازی استان", province=alborz)
    assert match.kind == MatchKind.ALIAS
    assert match.agency.name == "اداره کل راه و شهرسازی"


def test_arabic_yeh_and_heh_forms_match(alborz):
    match = find_agency("ستاد اجرايي فرمان حضرت امام (ره)", province=alborz)
    assert match.kind == MatchKind.EXACT


def test_fuzzy_with_score(alborz):
    match = find_agency("اداره کل تعاون کار و رفاه اجتماعی", province=alborz)  # no comma
    assert match.kind in (MatchKind.EXACT, MatchKind.FUZZY)
    assert match.agency.name == "اداره کل تعاون، کار و رفاه اجتماعی"
    typo = find_agency("اداره کل ورزش و جوانن", province=alborz)
    assert typo.kind == MatchKind.FUZZY
    assert typo.agency.name == "اداره کل ورزش و جوانان"
    assert 88 <= typo.score < 100


def test_unknown(alborz):
    match = find_agency("سازمان فضایی ایران", province=alborz)
    assert match.kind == MatchKind.UNKNOWN
    assert match.agency is None


def test_lookup_is_per_province(markazi):
    match = find_agency("اداره کل ورزش و جوانان", province=markazi)
    assert match.kind == MatchKind.UNKNOWN
