"""Reading the Hub's RateLimit, RateLimit-Policy and Retry-After headers."""

from __future__ import annotations

from datetime import UTC, datetime

from multidict import CIMultiDict

from hf_crawler.hub.rate_headers import Quota, parse_quota, parse_retry_after


def test_reads_remaining_reset_and_policy() -> None:
    headers = CIMultiDict(
        {
            "RateLimit": '"api";r=489;t=189',
            "RateLimit-Policy": '"fixed window";"api";q=500;w=300',
        }
    )
    assert parse_quota(headers) == Quota("api", 489, 189.0, 500, 300.0)


def test_header_names_are_case_insensitive_and_policy_is_optional() -> None:
    headers = CIMultiDict({"ratelimit": '"pages";r=94;t=53'})
    assert parse_quota(headers) == Quota("pages", 94, 53.0, None, None)


def test_absent_or_garbled_headers_give_nothing() -> None:
    assert parse_quota(CIMultiDict()) is None
    assert parse_quota(CIMultiDict({"RateLimit": "lots left"})) is None


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("55") == 55.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
