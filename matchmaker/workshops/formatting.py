"""How a workshop's times read in the reader's language: always at the venue, on a 24-hour clock.

Slot times carry the venue's zone and stay in it (a firm flying in wants the time on the venue's clocks), and
a 24-hour clock keeps them the same as the slot labels that the scheduler's explanations quote.
"""
from __future__ import annotations

import datetime as dt

from babel.dates import format_skeleton
from flask_babel import get_locale


def venue_time(moment: dt.datetime) -> str:
    """The time of day of a venue-zoned datetime, e.g. "09:30" (en, fr, de) or "9:30" (es)."""
    return format_skeleton("Hm", moment, locale=get_locale() or "en")


def venue_time_range(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    return f"{venue_time(starts_at)}–{venue_time(ends_at)}"
