"""Parse retention durations ('2 years', '90 days', 'P6M') into days."""

from __future__ import annotations

import re

_UNIT_DAYS = {"d": 1, "day": 1, "w": 7, "week": 7, "m": 30, "month": 30, "y": 365, "year": 365}
_WORDS = re.compile(r"^\s*(\d+)\s*([a-z]+?)s?\s*$", re.IGNORECASE)
_ISO = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


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
