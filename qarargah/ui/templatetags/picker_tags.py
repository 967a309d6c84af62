"""What the agency picker needs from the server: the table that folds typed text the way
``persian.match_key`` does, character by character."""

from __future__ import annotations

import functools
import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from qarargah.persian import match_key

register = template.Library()

# The characters a person can type into a search box on a Persian or Latin keyboard, or paste
# from Word: Latin, the Arabic script block and its supplement, and the general punctuation
# block (zero-width characters, bidi marks). Presentation forms come from PDF text, not from
# typing, and would triple the table.
_TYPED = (range(0x0000, 0x0250), range(0x0600, 0x0700), range(0x0750, 0x0780), range(0x2000, 0x2070))


def _browser_key(char: str) -> str:
    """What the browser does to a character with no table entry: lower-cases a letter or a
    digit, drops anything else (agency-picker.js)."""
    return char.lower() if char.isalnum() else ""


@functools.cache
def match_table() -> dict[str, str]:
    """Every typed character whose ``match_key`` differs from what the browser does by itself.
    Built from match_key itself, so a change to the normaliser reaches the picker unedited."""
    table = {}
    for block in _TYPED:
        for code in block:
            char = chr(code)
            key = match_key(char)
            if key != _browser_key(char):
                table[char] = key
    return table


@functools.cache
def _table_json() -> str:
    return json.dumps(match_table(), ensure_ascii=True, sort_keys=True)


@register.simple_tag
def persian_match_table() -> SafeString:
    """The table as a JSON data island (not a script: the CSP runs only the app's own files).
    ``ensure_ascii`` escapes «<», «>» and «&» nowhere, so they are escaped here."""
    data = _table_json().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html(
        '<script type="application/json" id="persian-match-table">{}</script>', mark_safe(data)
    )
