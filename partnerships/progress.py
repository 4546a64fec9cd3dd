"""Progress of an indicator: one pure function, used by the pages, the admin and tests.

Definitions
-----------
* **share** – how much of the way from the baseline to the target the latest measurement
  (by date) has covered: ``(latest - baseline) / (target - baseline)``. The same formula
  works for decreasing indicators (target below baseline): both differences are negative.
  A share below zero (moved away from the target) is reported as 0, above one as reached.
* **expected share** – the share of time elapsed between the *start* and the target date on
  ``today``, between 0 and 1. The start is chosen by the caller: the project's start date
  when the indicator belongs to a project that has one, otherwise the date of the first
  measurement, otherwise the day the indicator was created (see
  ``Indicator.progress_start``). A target date on or before the start counts as fully due.
* **status** – "brak pomiarów" without measurements; "osiągnięty" when the latest
  measurement reaches the target (whenever that happens); otherwise "po terminie
  (nieosiągnięty)" once the target date has passed; otherwise "na dobrej drodze" when the
  share is at least the expected share and "opóźniony" when it is below.
* ``target == baseline`` – there is no way to go: reached when the latest value is at least
  the target (the indicator is treated as increasing), otherwise share 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

ON_TRACK = "on_track"
BEHIND = "behind"
ACHIEVED = "achieved"
OVERDUE = "overdue"
NO_DATA = "no_data"

STATUS_LABELS = {
    ON_TRACK: "na dobrej drodze",
    BEHIND: "opóźniony",
    ACHIEVED: "osiągnięty",
    OVERDUE: "po terminie (nieosiągnięty)",
    NO_DATA: "brak pomiarów",
}


@dataclass(frozen=True)
class Progress:
    status: str
    share: Decimal | None  # 0…1 (or more when exceeded); None without measurements
    expected_share: Decimal | None  # 0…1; None without a target date or start
    latest_value: Decimal | None
    latest_date: date | None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def percent(self) -> int | None:
        """Share in whole percent, capped to 0–100 (for a progress bar)."""
        if self.share is None:
            return None
        capped = min(max(self.share, Decimal(0)), Decimal(1))
        return int((capped * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def expected_percent(self) -> int | None:
        if self.expected_share is None:
            return None
        return int((self.expected_share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def expected_share(*, start: date | None, target_date: date | None, today: date) -> Decimal | None:
    """Share of the time from ``start`` to ``target_date`` elapsed on ``today`` (0…1)."""
    if start is None or target_date is None:
        return None
    total = (target_date - start).days
    if total <= 0:
        return Decimal(1)
    elapsed = (today - start).days
    share = Decimal(elapsed) / Decimal(total)
    return min(max(share, Decimal(0)), Decimal(1))


def compute_progress(
    *,
    baseline: Decimal,
    target: Decimal,
    target_date: date | None,
    measurements: Iterable[tuple[date, Decimal]],
    start: date | None,
    today: date,
) -> Progress:
    """Progress of an indicator on ``today`` from its (date, value) measurements."""
    rows = sorted(measurements, key=lambda row: row[0])
    expected = expected_share(start=start, target_date=target_date, today=today)
    if not rows:
        return Progress(NO_DATA, None, expected, None, None)
    latest_date, latest_value = rows[-1]
    baseline = Decimal(baseline)
    target = Decimal(target)
    latest_value = Decimal(latest_value)
    if target == baseline:
        share = Decimal(1) if latest_value >= target else Decimal(0)
    else:
        share = (latest_value - baseline) / (target - baseline)
        share = max(share, Decimal(0))
    if share >= 1:
        status = ACHIEVED
    elif target_date is not None and today > target_date:
        status = OVERDUE
    elif expected is None or share >= expected:
        status = ON_TRACK
    else:
        status = BEHIND
    return Progress(status, share, expected, latest_value, latest_date)
