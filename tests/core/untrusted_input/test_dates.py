"""The one reader of date-times from outside: XSD dateTime in, an aware UTC datetime out, and a
clean refusal (also a ValueError) for what is not one or lies beyond the years 0001-9999."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from microcred.untrusted_input import MAX_YEAR, DateTimeError, parse_date_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-06-30T10:00:00Z", datetime(2026, 6, 30, 10, tzinfo=UTC)),
        ("2026-06-30T12:00:00+02:00", datetime(2026, 6, 30, 10, tzinfo=UTC)),
        ("2026-06-30T10:00:00.5Z", datetime(2026, 6, 30, 10, 0, 0, 500_000, tzinfo=UTC)),
        ("2026-06-30T10:00:00", datetime(2026, 6, 30, 10, tzinfo=UTC)),
        ("9999-12-31T23:59:59Z", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ],
)
def test_an_xsd_date_time_is_read_as_utc(text: str, expected: datetime) -> None:
    assert parse_date_time(text) == expected


@pytest.mark.parametrize(
    "text",
    ["10000-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "9999-12-31T23:00:00-14:00"],
)
def test_a_year_outside_0001_to_9999_is_refused_as_out_of_range(text: str) -> None:
    with pytest.raises(DateTimeError) as caught:
        parse_date_time(text, where="$.validFrom")
    assert caught.value.code == "input.date_out_of_range"
    assert caught.value.where == "$.validFrom"
    assert caught.value.params["limit"] == MAX_YEAR
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30T00:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01",
        "١٢٣٤-01-01T00:00:00Z",
        "x" * 10_000,
        20260101,
        None,
    ],
)
def test_what_is_not_a_date_time_is_refused_as_such(value: object) -> None:
    with pytest.raises(DateTimeError) as caught:
        parse_date_time(value)
    assert caught.value.code == "input.not_a_date_time"
    assert len(str(caught.value)) < 200


def test_a_date_time_stamp_needs_a_time_zone() -> None:
    assert parse_date_time("2026-06-30T10:00:00-05:00", require_zone=True).hour == 15
    with pytest.raises(DateTimeError):
        parse_date_time("2026-06-30T10:00:00", require_zone=True)
