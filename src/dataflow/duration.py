"""Parse retention durations ('2 years', '90 days', 'P6M') into days.

Numbers have at most MAX_DURATION_DIGITS digits: Python refuses to convert a string of over
4,300 digits to int, and no retention period needs more than six.
"""

from __future__ import annotations

import re

from .limits import MAX_DURATION_DIGITS

_N = rf"(\d{{1,{MAX_DURATION_DIGITS}}})"
_UNIT_DAYS = {"d": 1, "day": 1, "w": 7, "week": 7, "m": 30, "month": 30, "y": 365, "year": 365}
_WORDS = re.compile(rf"^\s*{_N}\s*([a-z]+?)s?\s*$", re.IGNORECASE)
_ISO = re.compile(rf"^P(?:{_N}Y)?(?:{_N}M)?(?:{_N}W)?(?:{_N}D)?$")
#: What a duration may look like, for the "(expected …)" of an error.
EXPECTED = (f"e.g. '2 years', '6 months', '90 days' or 'P2Y', with numbers of at most "
            f"{MAX_DURATION_DIGITS} digits")


def to_days(text: str) -> int | None:
    """Days in a duration, or None if the text is not a duration we understand."""
    iso = _ISO.match(text.strip().upper())
    if iso and any(iso.groups()):
        years, months, weeks, days = (int(g) if g else 0 for g in iso.groups())
        return years * 365 + months * 30 + weeks * 7 + days
    words = _WORDS.match(text)
    if words:
        unit = _UNIT_DAYS.get(words.group(2).lower())
        if unit:
            return int(words.group(1)) * unit
    return None
