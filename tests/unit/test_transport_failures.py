"""Each way a request can fail, translated at the client's edge into the error a caller can
act on: a timeout and a dropped connection are worth another try, a TLS failure and a
malformed answer are not; and 429s are waited out only as long as --max-wait-s allows."""

from __future__ import annotations

import ssl

import aiohttp
import pytest
import structlog.testing
from aioresponses import aioresponses

from hf_crawler import errors
from tests.conftest import FakeTime
from tests.unit.test_hub_client import MODELS, all_pages, client, item


@pytest.mark.parametrize(
    ("raised", "kind", "reason"),
    [
        (TimeoutError(), errors.HubTimeout, "TimeoutError"),
        (aiohttp.ServerDisconnectedError(), errors.HubUnavailable, "Server disconnected"),
        (aiohttp.ClientPayloadError("cut short"), errors.HubUnavailable, "cut short"),
        (aiohttp.ClientConnectionError(), errors.HubUnavailable, "ClientConnectionError"),
    ],
)
async def test_what_a_retry_can_fix_is_retried_then_raised_as_unavailable(
    session: aiohttp.ClientSession,
    fake_time: FakeTime,
    raised: Exception,
    kind: type[errors.HubError],
    reason: str,
) -> None:
    with aioresponses() as mock:
        mock.get(MODELS, exception=raised, repeat=True)
        hub = client(session, fake_time, max_tries=2)
        with pytest.raises(kind) as failed:
            await all_pages(hub)
    assert failed.value.retryable and failed.value.status is None
    assert failed.value.reason == reason  # a failure with no message is named by its kind
    assert failed.value.url.startswith("http://hub.test/api/models?")
    assert hub.stats.requests == 2 and hub.stats.retries == 1


@pytest.mark.parametrize(
    ("raised", "reason"),
    [
        (
            aiohttp.ClientSSLError(
                aiohttp.client_reqrep.ConnectionKey("hub.test", 443, True, True, None, None, None),
                ssl.SSLError(1, "certificate verify failed"),
            ),
            "TLS failed",
        ),
        (aiohttp.ClientError("bad status line"), "malformed HTTP response (bad status line)"),
        (aiohttp.ClientError(), "malformed HTTP response (ClientError)"),
    ],
)
async def test_what_a_retry_cannot_fix_is_raised_at_once(
    session: aiohttp.ClientSession, fake_time: FakeTime, raised: Exception, reason: str
) -> None:
    with aioresponses() as mock:
        mock.get(MODELS, exception=raised, repeat=True)
        hub = client(session, fake_time, max_tries=5)
        with pytest.raises(errors.HubProtocolError) as failed:
            await all_pages(hub)
    assert not failed.value.retryable and failed.value.reason.startswith(reason)
    assert failed.value.url.startswith("http://hub.test/api/models?")
    assert hub.stats.requests == 1 and hub.stats.retries == 0


async def test_429s_are_waited_out_until_max_wait_s_then_given_up_with_the_time_waited(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with structlog.testing.capture_logs() as events, aioresponses() as mock:
        for _ in range(3):
            mock.get(MODELS, status=429, payload={"error": "slow"}, headers={"Retry-After": "40"})
        mock.get(MODELS, payload=[item(1)])
        hub = client(session, fake_time, max_wait_s=100)
        with pytest.raises(errors.RateLimited):
            await all_pages(hub)
    assert fake_time.sleeps == [pytest.approx(40.0), pytest.approx(40.0)]  # 120 s: too long
    (gave_up,) = [e for e in events if e["event"] == "request_gave_up"]
    assert gave_up["waited_s"] == 120.0 and gave_up["log_level"] == "error"
    assert hub.stats.requests == 3 and hub.stats.rate_limited == 3
