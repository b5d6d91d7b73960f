"""What the client says of a retry and of giving up: `request_retry` per retry (the URL, the
try, the wait, the reason and status), `request_gave_up` once the tries ran out, and
nothing of the kind for an answer no retry can change."""

from __future__ import annotations

import aiohttp
import pytest
import structlog.testing
from aioresponses import aioresponses

from hf_crawler import errors
from tests.conftest import FakeTime
from tests.unit.test_hub_client import MODELS, all_pages, client, item


async def test_each_retry_is_a_warning_with_its_url_try_wait_reason_and_status(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with structlog.testing.capture_logs() as events, aioresponses() as mock:
        mock.get(MODELS, status=503, payload={"error": "down for a moment"})
        mock.get(MODELS, status=429, payload={"error": "slow down"}, headers={"Retry-After": "7"})
        mock.get(MODELS, payload=[item(1)])
        hub = client(session, fake_time, backoff_base_s=0.001, backoff_cap_s=0.001)
        await all_pages(hub)
    retried, waited = [e for e in events if e["event"] == "request_retry"]
    assert (retried["tries"], retried["status"], retried["reason"]) == (
        1,
        503,
        "down for a moment",
    )
    assert 0 <= retried["wait_s"] <= 0.001  # the backoff's, within its cap
    # A 429 is waited out for as long as the Hub says, counted apart from the tries.
    assert (waited["status"], waited["reason"], waited["wait_s"], waited["waited_s"]) == (
        429,
        "slow down (retry in 7.0s)",
        7.0,
        7.0,
    )
    for event in (retried, waited):
        assert event["url"].startswith("http://hub.test/api/models?")
        assert event["log_level"] == "warning"
    assert hub.stats.retries == 2
    assert not [e for e in events if e["event"] == "request_gave_up"]


async def test_tries_that_ran_out_are_an_error_once(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with structlog.testing.capture_logs() as events, aioresponses() as mock:
        mock.get(MODELS, status=500, body="oops", repeat=True)
        hub = client(session, fake_time, max_tries=3)
        with pytest.raises(errors.HubUnavailable):
            await all_pages(hub)
    (gave_up,) = [e for e in events if e["event"] == "request_gave_up"]
    assert gave_up["tries"] == 3 and gave_up["log_level"] == "error"
    assert gave_up["url"].startswith("http://hub.test/api/models?")
    assert len([e for e in events if e["event"] == "request_retry"]) == 2


async def test_an_answer_no_retry_can_change_is_neither_retried_nor_given_up(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with structlog.testing.capture_logs() as events, aioresponses() as mock:
        mock.get(MODELS, status=404, payload={"error": "no such thing"})
        hub = client(session, fake_time)
        with pytest.raises(errors.HubRejected):
            await all_pages(hub)
    assert [e["event"] for e in events if e["event"].startswith("request_")] == []
    assert hub.stats.retries == 0
