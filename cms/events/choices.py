"""Choices of the event editor (kept apart from models so that validation can import them)."""

from __future__ import annotations

from django.db import models


class RepeatFrequency(models.TextChoices):
    NONE = "", "nie powtarza się"
    DAILY = "DAILY", "codziennie"
    WEEKLY = "WEEKLY", "co tydzień"
    MONTHLY = "MONTHLY", "co miesiąc"
    YEARLY = "YEARLY", "co rok"
    CUSTOM = "CUSTOM", "własna reguła RRULE (zaawansowane)"


class Weekday(models.TextChoices):
    MO = "MO", "poniedziałek"
    TU = "TU", "wtorek"
    WE = "WE", "środa"
    TH = "TH", "czwartek"
    FR = "FR", "piątek"
    SA = "SA", "sobota"
    SU = "SU", "niedziela"


class WeekdayOrdinal(models.IntegerChoices):
    FIRST = 1, "pierwszy"
    SECOND = 2, "drugi"
    THIRD = 3, "trzeci"
    FOURTH = 4, "czwarty"
    LAST = -1, "ostatni"
