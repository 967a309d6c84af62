"""The agency picker's server half: selects marked ``data-agency-picker`` whose options carry
match_key search keys, and the table with which the browser folds what is typed the same way."""

from __future__ import annotations

import json
import re

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from qarargah.persian import match_key
from qarargah.ui.forms import AgencySelect, AgencySelectMultiple
from qarargah.ui.templatetags.picker_tags import match_table, persian_match_table


def browser_match_key(text: str) -> str:
    """agency-picker.js's matchKey, line for line: the table, lower-case, letters and digits."""
    table = match_table()
    folded = "".join(table.get(ch, ch) for ch in text)
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def test_table_folds_arabic_letters_digits_and_marks():
    table = match_table()
    assert table["ي"] == "ی" and table["ى"] == "ی" and table["ك"] == "ک"
    assert table["۱"] == "1" and table["١"] == "1"
    assert table["ـ"] == ""  # tatweel is a letter to the browser, nothing to match_key
    assert "a" not in table and "ی" not in table  # only what the browser would get wrong


# What people type or paste into a search box: Persian and Arabic letters, both digit sets,
# diacritics, ZWNJ and other zero-width characters, spaces and punctuation, Latin.
TYPED = st.text(
    alphabet=st.sampled_from(
        list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىةۀأإآئؤءـ")
        + list("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789")
        + ["\u064b", "\u064e", "\u0650", "\u0651", "\u0652", "\u0670"]
        + ["\u200c", "\u200b", "\u200d", "\u200f", " ", "\u00a0", "،", "-", "."]
        + list("abcXYZ")
    ),
    max_size=30,
)


@given(TYPED)
def test_browser_key_equals_server_key(text):
    assert browser_match_key(text) == match_key(text)


def test_different_letter_forms_meet():
    assert browser_match_key("كل ورز") in match_key("اداره کل ورزش و جوانان")
    assert browser_match_key("بهزيستي") == match_key("بهزیستی")
    assert browser_match_key("دستگاه\u200cها") == match_key("دستگاه ها")


def test_data_island_is_json_and_not_a_script():
    html = str(persian_match_table())
    assert html.startswith('<script type="application/json" id="persian-match-table">')
    data = json.loads(re.search(r">(.*)</script>", html).group(1))
    assert data == match_table()


class _Form(forms.Form):
    agency = forms.ChoiceField(
        choices=[("", "—"), ("1", "اداره كل ورزش"), ("2", "بهزيستي")], widget=AgencySelect
    )
    agencies = forms.MultipleChoiceField(choices=[("1", "اداره كل ورزش")], widget=AgencySelectMultiple)


def test_widgets_mark_the_select_and_key_each_option():
    html = str(_Form()["agency"])
    assert "data-agency-picker" in html
    assert f'<option value="1" data-search="{match_key("اداره کل ورزش")}">' in html
    assert f'data-search="{match_key("بهزیستی")}"' in html
    assert '<option value="" selected>' in html  # the empty choice has no key
    multiple = str(_Form()["agencies"])
    assert "multiple" in multiple and "data-agency-picker" in multiple and "data-search=" in multiple


@pytest.mark.django_db
def test_every_page_carries_the_table_and_the_picker(people, client_for):
    html = client_for(people.secretariat).get("/resolutions/").content.decode()
    assert 'id="persian-match-table"' in html
    assert "vendor/tom-select/js/tom-select.complete.min.js" in html
    assert "qarargah/agency-picker.js" in html
    agency_select = html.split('id="f-agency"')[1].split("</select>")[0]
    assert "data-agency-picker" in agency_select
    assert agency_select.count("data-search=") >= 10


@pytest.mark.django_db
def test_assignment_add_and_merge_forms_use_the_picker(people, client_for):
    from qarargah.organisations.forms import MergeForm
    from qarargah.organisations.models import Agency
    from tests.resolutions.factories import make_resolution

    resolution = make_resolution(people.secretariat)
    html = client_for(people.secretariat).get(f"/resolutions/{resolution.pk}/").content.decode()
    add_select = html.split('<select name="agency"')[1].split("</select>")[0]
    assert "data-agency-picker" in add_select.split(">")[0]
    assert "data-search=" in add_select
    merge = str(MergeForm(targets=Agency.objects.filter(name="اداره کل ورزش و جوانان"))["target"])
    assert "data-agency-picker" in merge and f'data-search="{match_key("اداره کل ورزش و جوانان")}"' in merge
