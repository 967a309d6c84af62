"""Read meeting minutes (صورتجلسه) into structured data: a pure library, no Django.

``parse_file`` / ``parse_bytes`` / ``parse_text`` return a :class:`ParsedMinutes` or raise
:class:`MinutesParseError` (and nothing else); ``to_json`` gives the interchange form the
importer and the tests compare against.  See docs/decisions/0004-minutes-parser.md.
"""

from qarargah.minutes_parser.errors import MESSAGES, MinutesParseError
from qarargah.minutes_parser.model import (
    BodySession,
    Invitation,
    ParsedDeadline,
    ParsedMinutes,
    ParsedResolution,
    Person,
    to_json,
    unsure_json,
)
from qarargah.minutes_parser.parser import MAX_FILE_BYTES, parse_bytes, parse_file, parse_text

__all__ = [
    "MAX_FILE_BYTES",
    "MESSAGES",
    "BodySession",
    "Invitation",
    "MinutesParseError",
    "ParsedDeadline",
    "ParsedMinutes",
    "ParsedResolution",
    "Person",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "to_json",
    "unsure_json",
]
