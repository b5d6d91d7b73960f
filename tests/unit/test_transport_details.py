"""What the transport does that a crawl's outcome does not show at once: who the session says
it is and what it reads of the environment, how retries back off, which URL each error and
log event names, the time it waits to the letter, and a prepared or redirected URL."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import aiohttp
import pytest
import structlog.testing
from aioresponses import CallbackResult, aioresponses
from yarl import URL

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.hub.limiter import RateLimiter
from hf_crawler.hub.transport import USER_AGENT, Transport, open_session
from tests.conftest import FakeTime

API = URL("https://hub.test/api/models?limit=5")
ANY_API = re.compile(r"^https://hub\.test/api/models.*$")
CARD = URL("https://hub.test/org/m/resolve/main/README.md")


def transport(session: aiohttp.ClientSession, fake_time: FakeTime, **settings: Any) -> Transport:
    options: dict[str, Any] = {"endpoint": "https://hub.test", "backoff_base_s": 0.001}
    s = Settings(**(options | settings))
    gate = RateLimiter(
        1000,
        header_pacing=s.header_pacing,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        jitter_s=0.0,
    )
    return Transport(session, gate, s, clock=fake_time.clock)


async def test_the_session_names_the_client_asks_for_json_and_reads_the_proxy_settings() -> None:
    async with open_session(Settings(connect_timeout_s=7.0, read_timeout_s=9.0)) as session:
        assert session.headers["User-Agent"] == USER_AGENT
        assert session.headers["Accept"] == "application/json"
        assert (session.timeout.total, session.timeout.connect) == (None, 7.0)
        assert session.timeout.sock_read == 9.0
        assert session.trust_env is True  # HTTP(S)_PROXY and NO_PROXY, as huggingface_hub


async def retry_waits(
    session: aiohttp.ClientSession, fake_time: FakeTime, **settings: Any
) -> list[float]:
    """The waits the transport logs before each try again, against a Hub that always
    answers 503."""
    with structlog.testing.capture_logs() as events, aioresponses() as mock:
        mock.get(ANY_API, status=503, repeat=True)
        with pytest.raises(errors.HubUnavailable):
            await transport(session, fake_time, **settings).get(API)
    return [e["wait_s"] for e in events if e["event"] == "request_retry"]


async def test_retries_back_off_with_jitter_within_the_cap(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    waits = await retry_waits(
        session, fake_time, max_tries=20, backoff_base_s=0.001, backoff_cap_s=0.002
    )
    assert len(waits) == 19 and all(0 <= w <= 0.002 for w in waits)  # 0.001 * 2**k, capped
    unjittered = [min(0.002, 0.001 * 2**k) for k in range(19)]
    assert waits != unjittered  # full jitter: each drawn below its bound, not the bound


async def test_each_retry_waits_at_most_the_base_doubled_each_time(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    waits = await retry_waits(
        session, fake_time, max_tries=7, backoff_base_s=0.0001, backoff_cap_s=1
    )
    bounds = [0.0001 * 2**k + 0.0005 for k in range(6)]  # the log rounds to the millisecond
    assert len(waits) == 6 and all(w <= bound for w, bound in zip(waits, bounds, strict=True))


async def test_retries_stop_once_max_wait_s_has_passed(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(ANY_API, status=503, repeat=True)
        t = transport(session, fake_time, max_tries=100, max_wait_s=0.02, backoff_cap_s=0.002)
        with pytest.raises(errors.HubUnavailable):
            await t.get(API)
    assert t.stats.requests < 100  # about 1 ms a wait: 100 tries take five times longer


async def test_backoff_writes_nothing_to_the_standard_logging(
    session: aiohttp.ClientSession, fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with aioresponses() as mock:
        mock.get(ANY_API, status=503, repeat=True)
        with pytest.raises(errors.HubUnavailable):
            await transport(session, fake_time, max_tries=2).get(API)
    assert [r for r in caplog.records if r.name == "backoff"] == []


async def test_a_wait_reaching_max_wait_s_exactly_is_still_waited(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        for _ in range(2):
            mock.get(ANY_API, status=429, headers={"Retry-After": "40"})
        mock.get(ANY_API, payload=[])
        response = await transport(session, fake_time, max_wait_s=80).get(API)
    assert response.data == [] and fake_time.sleeps == [40.0, 40.0]


async def test_a_429_without_a_word_waits_the_first_step_to_the_millisecond(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with structlog.testing.capture_logs() as events, aioresponses() as mock:
        mock.get(ANY_API, status=429, repeat=True)
        t = transport(session, fake_time, backoff_base_s=0.12345, max_wait_s=0.3)
        with pytest.raises(errors.RateLimited):
            await t.get(API)
    retry, gave_up = [e for e in events if e["event"] in ("request_retry", "request_gave_up")]
    assert (retry["wait_s"], retry["waited_s"]) == (0.123, 0.1)  # 0.12345 s, then doubled
    assert gave_up["waited_s"] == 0.4 and gave_up["url"] == str(API)  # 0.37035 s in all


async def test_a_429_at_the_end_of_the_window_waits_for_the_reset_and_a_second(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(ANY_API, status=429, headers={"RateLimit": '"api";r=0;t=30'})
        mock.get(ANY_API, payload=[])
        await transport(session, fake_time, header_pacing=False).get(API)  # the 429 alone
    assert fake_time.sleeps == [31.0]


async def test_a_file_s_429_at_the_end_of_the_window_waits_for_its_reset_too(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(str(CARD), status=429, headers={"RateLimit": '"resolvers";r=0;t=30'})
        mock.get(str(CARD), status=200, body=b"# card")
        t = transport(session, fake_time, header_pacing=False, token="hf_" + "x" * 30)
        answer = await t.get_file(CARD, 1000)
        sent = [call.kwargs["headers"] for call in mock.requests[("GET", CARD)]]
    assert answer.body == b"# card" and fake_time.sleeps == [31.0]
    assert sent == [{"Authorization": "Bearer hf_" + "x" * 30}] * 2  # a file asked with the token


async def test_a_file_s_error_body_announced_above_a_mebibyte_is_not_read(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        announced = {"Content-Length": str((1 << 20) + 1)}
        mock.get(str(CARD), status=500, body=b"x", headers=announced)
        with pytest.raises(errors.HubProtocolError) as refused:
            await transport(session, fake_time, max_tries=1).get_file(CARD, 1000)
    assert refused.value.reason == f"body larger than {1 << 20} bytes"
    assert refused.value.url == str(CARD)


async def test_the_url_prepared_once_the_limiter_lets_a_request_go_is_the_one_sent(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get("https://hub.test/api/models?limit=2", payload=["small"])
        got = await transport(session, fake_time).get(
            API, prepare=lambda url: url.update_query(limit="2")
        )
    assert got.data == ["small"]


async def test_a_listing_that_redirects_is_followed(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(str(API), status=302, headers={"Location": "https://hub.test/api/v2/models"})
        mock.get("https://hub.test/api/v2/models", payload=["moved"])
        got = await transport(session, fake_time).get(API)
    assert got.data == ["moved"]


async def test_the_hub_s_latency_is_measured_on_the_clock_from_sending_to_the_last_byte(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    def slow(url: URL, **_: object) -> CallbackResult:
        fake_time.now += 0.25  # the Hub takes a quarter of a second to answer
        return CallbackResult(body=b"[]")

    with aioresponses() as mock:
        mock.get(ANY_API, callback=slow)
        got = await transport(session, fake_time).get(API)
    assert got.hub_s == pytest.approx(0.25) and got.wait_s == 0.0


async def test_decoding_waits_a_turn_of_the_loop_never_time(
    session: aiohttp.ClientSession, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def recorded(seconds: float, *args: Any) -> Any:
        slept.append(seconds)
        return await real_sleep(0, *args)

    monkeypatch.setattr(asyncio, "sleep", recorded)  # the transport calls asyncio.sleep
    with aioresponses() as mock:
        mock.get(ANY_API, payload=[])
        await transport(session, fake_time).get(API)
    assert slept and set(slept) == {0}


async def test_a_tls_failure_says_what_failed_and_names_the_url(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    key = aiohttp.client_reqrep.ConnectionKey("hub.test", 443, True, True, None, None, None)
    raised = aiohttp.ClientSSLError(key, OSError(1, "certificate verify failed"))
    with aioresponses() as mock:
        mock.get(ANY_API, exception=raised)
        with pytest.raises(errors.HubProtocolError) as failed:
            await transport(session, fake_time).get(API)
    assert failed.value.url == str(API)
    assert failed.value.reason == f"TLS failed ({raised})"
    assert "certificate verify failed" in failed.value.reason


async def test_an_answer_s_errors_name_the_url_asked(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(ANY_API, status=200, body=b"<html>")
        with pytest.raises(errors.HubBadBody) as bad:
            await transport(session, fake_time, max_tries=1).get(API)
        mock.get(ANY_API, status=404, body=b"{}")
        with pytest.raises(errors.HubError) as missing:
            await transport(session, fake_time, max_tries=1).get(API)
    assert bad.value.url == str(API) and missing.value.url == str(API)
