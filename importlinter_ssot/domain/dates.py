"""The one date format users write: YYYY-MM-DD."""

from __future__ import annotations

import datetime
import re

_ISO_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")


def parse_date(text: str) -> datetime.date | None:
    """``2027-03-31`` → a date; anything else (``20270331``, ``2027-02-30``) → None."""
    if not _ISO_DATE.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
