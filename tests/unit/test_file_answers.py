"""The transport's answer for a file of the resolver, to the letter: the status counted, the
quota seen, the commit and error code read, a body kept within its cap (its size kept when
it is not), a redirect's location, and what is an error (429, 408, 5xx) against an answer
(200, 3xx, 401, 403, 404)."""

from __future__ import annotations

import re

import aiohttp
import pytest
from aioresponses import aioresponses
from yarl import URL

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.hub.limiter import RateLimiter
from hf_crawler.hub.rate_headers import Quota
from hf_crawler.hub.transport import FileAnswer, Transport
from tests.conftest import FakeTime

CARD = URL("https://hub.test/org/m/resolve/main/README.md")
ANY_CARD = re.compile(r"^https://hub\.test/org/m/resolve/main/README\.md$")
SHA = "c" * 40
QUOTA = {
    "RateLimit": '"resolvers";r=2999;t=120',
    "RateLimit-Policy": '"fixed window";"resolvers";q=3000;w=300',
}


def transport(session: aiohttp.ClientSession, fake_time: FakeTime) -> tuple[Transport, RateLimiter]:
    settings = Settings(endpoint="https://hub.test", backoff_base_s=0.001, max_tries=2)
    gate = RateLimiter(1000, sleep=fake_time.sleep, clock=fake_time.clock, jitter_s=0.0)
    return Transport(session, gate, settings), gate


async def test_a_file_within_its_cap_is_kept_with_its_commit_and_the_quota_seen(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    t, gate = transport(session, fake_time)
    with aioresponses() as mock:
        mock.get(ANY_CARD, body=b"# card", headers={"X-Repo-Commit": SHA, **QUOTA})
        answer = await t.get_file(CARD, 6)
    assert answer == FileAnswer(200, b"# card", 6, SHA)
    assert gate.last_quota == Quota("resolvers", 2999, 120.0, 3000, 300.0)
    assert t.stats.by_status == {200: 1} and t.stats.requests == 1


async def test_a_file_over_its_cap_keeps_its_size_not_its_bytes(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    t, _ = transport(session, fake_time)
    with aioresponses() as mock:
        mock.get(ANY_CARD, body=b"x" * 7, headers={"X-Repo-Commit": SHA, "Content-Length": "7"})
        answer = await t.get_file(CARD, 6)
    assert answer == FileAnswer(200, None, 7, SHA)


@pytest.mark.parametrize("status", [401, 403, 404])
async def test_a_refusal_is_an_answer_with_its_error_code_and_commit(
    session: aiohttp.ClientSession, fake_time: FakeTime, status: int
) -> None:
    t, _ = transport(session, fake_time)
    with aioresponses() as mock:
        mock.get(
            ANY_CARD,
            status=status,
            headers={"X-Repo-Commit": SHA, "X-Error-Code": "EntryNotFound"},
        )
        answer = await t.get_file(CARD, 100)
    assert answer == FileAnswer(status, commit=SHA, error_code="EntryNotFound")
    assert t.stats.by_status == {status: 1} and t.stats.retries == 0


async def test_a_redirect_is_an_answer_with_its_location_not_followed(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    t, _ = transport(session, fake_time)
    cdn = "https://cdn-lfs.hf.co/repos/xx/README.md"
    with aioresponses() as mock:
        mock.get(ANY_CARD, status=302, headers={"Location": cdn})
        answer = await t.get_file(CARD, 100)
    assert answer == FileAnswer(302, location=cdn)
    assert t.stats.requests == 1


@pytest.mark.parametrize("status", [408, 500, 503])
async def test_a_failure_a_retry_can_fix_is_retried_then_raised(
    session: aiohttp.ClientSession, fake_time: FakeTime, status: int
) -> None:
    t, _ = transport(session, fake_time)
    with aioresponses() as mock:
        mock.get(ANY_CARD, status=status, body="busy", repeat=True)
        with pytest.raises(errors.HubUnavailable) as failed:
            await t.get_file(CARD, 100)
    assert failed.value.status == status
    assert t.stats.requests == 2 and t.stats.retries == 1
    assert t.stats.by_status == {status: 2}


async def test_a_429_on_a_file_is_waited_out_through_the_gate(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    t, _ = transport(session, fake_time)
    with aioresponses() as mock:
        mock.get(ANY_CARD, status=429, body="slow", headers={"Retry-After": "4"})
        mock.get(ANY_CARD, body=b"card", headers={"X-Repo-Commit": SHA})
        answer = await t.get_file(CARD, 100)
    assert answer == FileAnswer(200, b"card", 4, SHA)
    assert fake_time.sleeps == [pytest.approx(4.0)]
    assert t.stats.rate_limited == 1 and t.stats.by_status == {429: 1, 200: 1}
