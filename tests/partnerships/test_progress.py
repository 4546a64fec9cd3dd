"""Indicator progress arithmetic (pure function) and its edge cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partnerships.progress import (
    ACHIEVED,
    BEHIND,
    NO_DATA,
    ON_TRACK,
    OVERDUE,
    STATUS_LABELS,
    compute_progress,
    expected_share,
)

START = date(2017, 1, 1)
TARGET_DATE = date(2018, 7, 31)  # 576 days after START


def progress(measurements, *, baseline=0, target=96, today=date(2017, 10, 1), start=START):
    return compute_progress(
        baseline=Decimal(baseline),
        target=Decimal(target),
        target_date=TARGET_DATE,
        measurements=[(d, Decimal(v)) for d, v in measurements],
        start=start,
        today=today,
    )


def test_no_measurements_is_reported_as_such_with_expected_share():
    result = progress([])

    assert result.status == NO_DATA
    assert result.label == "brak pomiarów"
    assert result.share is None
    assert result.percent is None
    assert result.latest_value is None
    # 273 of 576 days elapsed on 1 Oct 2017
    assert result.expected_share == Decimal(273) / Decimal(576)
    assert result.expected_percent == 47


def test_share_uses_the_latest_measurement_by_date_not_by_order():
    result = progress([(date(2017, 9, 1), 60), (date(2017, 3, 1), 10)])

    assert result.latest_value == Decimal(60)
    assert result.latest_date == date(2017, 9, 1)
    assert result.share == Decimal(60) / Decimal(96)
    assert result.percent == 63


def test_on_track_when_share_at_least_expected():
    result = progress([(date(2017, 9, 1), 48)])  # 50% done, 47.4% of time elapsed

    assert result.status == ON_TRACK
    assert result.label == "na dobrej drodze"


def test_behind_when_share_below_expected():
    result = progress([(date(2017, 9, 1), 40)])  # 41.7% done, 47.4% of time elapsed

    assert result.status == BEHIND
    assert result.label == "opóźniony"


def test_target_reached_and_exceeded_are_achieved_and_capped_at_100_percent():
    reached = progress([(date(2018, 7, 1), 96)])
    exceeded = progress([(date(2018, 7, 1), 120)], today=date(2019, 1, 1))

    assert reached.status == ACHIEVED
    assert reached.percent == 100
    assert exceeded.status == ACHIEVED
    assert exceeded.share == Decimal(120) / Decimal(96)
    assert exceeded.percent == 100
    assert exceeded.label == "osiągnięty"


def test_overdue_when_target_date_passed_without_reaching_target():
    result = progress([(date(2018, 7, 1), 90)], today=date(2018, 8, 1))

    assert result.status == OVERDUE
    assert result.label == "po terminie (nieosiągnięty)"
    assert result.expected_share == Decimal(1)
    assert result.percent == 94


def test_on_the_target_date_itself_not_yet_overdue():
    result = progress([(date(2018, 7, 1), 95)], today=TARGET_DATE)

    assert result.status == BEHIND


def test_decreasing_indicator_counts_the_way_down():
    # e.g. long-term unemployed in a programme: from 200 down to 100
    halfway = progress([(date(2017, 9, 1), 150)], baseline=200, target=100)
    done = progress([(date(2017, 9, 1), 90)], baseline=200, target=100)
    worse = progress([(date(2017, 9, 1), 230)], baseline=200, target=100)

    assert halfway.share == Decimal("0.5")
    assert halfway.status == ON_TRACK
    assert done.status == ACHIEVED
    assert worse.share == Decimal(0)
    assert worse.percent == 0
    assert worse.status == BEHIND


def test_target_equal_to_baseline():
    kept = progress([(date(2017, 9, 1), 36)], baseline=36, target=36)
    lost = progress([(date(2017, 9, 1), 30)], baseline=36, target=36)

    assert kept.status == ACHIEVED
    assert kept.share == Decimal(1)
    assert lost.share == Decimal(0)
    assert lost.status == BEHIND


def test_non_zero_baseline():
    result = progress([(date(2017, 9, 1), 30)], baseline=10, target=50)

    assert result.share == Decimal("0.5")
    assert result.percent == 50


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2016, 6, 1), Decimal(0)),  # before the start
        (START, Decimal(0)),
        (date(2017, 5, 25), Decimal(144) / Decimal(576)),
        (TARGET_DATE, Decimal(1)),
        (date(2020, 1, 1), Decimal(1)),  # after the target date
    ],
)
def test_expected_share_by_time(today, expected):
    assert expected_share(start=START, target_date=TARGET_DATE, today=today) == expected


def test_expected_share_without_dates_or_with_target_before_start():
    assert expected_share(start=None, target_date=TARGET_DATE, today=START) is None
    assert expected_share(start=START, target_date=None, today=START) is None
    assert expected_share(start=TARGET_DATE, target_date=START, today=START) == Decimal(1)


def test_without_target_date_any_progress_is_on_track_and_never_overdue():
    result = compute_progress(
        baseline=Decimal(0),
        target=Decimal(10),
        target_date=None,
        measurements=[(date(2030, 1, 1), Decimal(1))],
        start=None,
        today=date(2031, 1, 1),
    )

    assert result.status == ON_TRACK
    assert result.expected_share is None


def test_every_status_has_a_polish_label():
    assert set(STATUS_LABELS) == {ON_TRACK, BEHIND, ACHIEVED, OVERDUE, NO_DATA}
