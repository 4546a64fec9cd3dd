"""Choices of the event editor (kept apart from models so that validation can import them)."""

from __future__ import annotations

from django.db import models

from tenants.polish import WEEKDAYS


class RepeatFrequency(models.TextChoices):
    NONE = "", "nie powtarza się"
    DAILY = "DAILY", "codziennie"
    WEEKLY = "WEEKLY", "co tydzień"
    MONTHLY = "MONTHLY", "co miesiąc"
    YEARLY = "YEARLY", "co rok"
    CUSTOM = "CUSTOM", "własna reguła RRULE (zaawansowane)"


class Weekday(models.TextChoices):
    """RFC 5545 weekday codes; names from ``tenants.polish``."""

    MO = "MO", WEEKDAYS[0]
    TU = "TU", WEEKDAYS[1]
    WE = "WE", WEEKDAYS[2]
    TH = "TH", WEEKDAYS[3]
    FR = "FR", WEEKDAYS[4]
    SA = "SA", WEEKDAYS[5]
    SU = "SU", WEEKDAYS[6]


class WeekdayOrdinal(models.IntegerChoices):
    FIRST = 1, "pierwszy"
    SECOND = 2, "drugi"
    THIRD = 3, "trzeci"
    FOURTH = 4, "czwarty"
    LAST = -1, "ostatni"
