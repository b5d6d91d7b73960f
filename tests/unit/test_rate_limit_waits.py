"""How long a 429 holds every fetcher: the window's reset plus a second when the quota is
spent (or Retry-After if it says longer), Retry-After alone otherwise, and with neither a
wait that doubles up to the window the Hub last advertised (its own default without one)."""

from __future__ import annotations

import aiohttp
import pytest
from aioresponses import aioresponses

from tests.conftest import FakeTime
from tests.unit.test_hub_client import MODELS, all_pages, client, item

SPENT = {"RateLimit": '"api";r=0;t=10', "RateLimit-Policy": '"fixed window";"api";q=500;w=300'}


async def waits(
    session: aiohttp.ClientSession, fake_time: FakeTime, *answers: dict[str, str]
) -> list[float]:
    """The gate's sleeps for 429s with these headers, then an answer."""
    with aioresponses() as mock:
        for headers in answers:
            mock.get(MODELS, status=429, payload={"error": "slow down"}, headers=headers)
        mock.get(MODELS, payload=[item(1)])
        await all_pages(client(session, fake_time, backoff_base_s=1.0, max_tries=10))
    return fake_time.sleeps


async def test_a_spent_window_waits_for_its_reset_plus_a_second_or_retry_after_if_longer(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    found = await waits(session, fake_time, SPENT, SPENT | {"Retry-After": "30"})
    assert found == [pytest.approx(11.0), pytest.approx(30.0)]


async def test_a_window_not_spent_waits_what_retry_after_says(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    left = SPENT | {"RateLimit": '"api";r=3;t=10', "Retry-After": "4"}
    assert await waits(session, fake_time, left) == [pytest.approx(4.0)]


async def test_429s_that_say_nothing_double_their_wait_up_to_the_advertised_window(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        # An answer first advertises a 3-second window; then 429s say nothing at all.
        mock.get(
            MODELS,
            payload=[item(1)],
            headers={
                "RateLimit-Policy": '"fixed window";"api";q=5;w=3',
                "RateLimit": '"api";r=4;t=3',
            },
        )
        for _ in range(4):
            mock.get(MODELS, status=429, body="Too Many Requests")
        mock.get(MODELS, payload=[item(2)])
        hub = client(session, fake_time, backoff_base_s=1.0, max_tries=10)
        await all_pages(hub)
        await all_pages(hub)
    assert fake_time.sleeps == [
        pytest.approx(1.0),  # the first wait: --backoff-base-s
        pytest.approx(2.0),
        pytest.approx(3.0),  # the window the Hub advertised caps it
        pytest.approx(3.0),
    ]


async def test_without_an_advertised_window_the_doubling_is_capped_by_the_hubs_five_minutes(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        for _ in range(4):
            mock.get(MODELS, status=429, body="Too Many Requests")
        mock.get(MODELS, payload=[item(1)])
        hub = client(session, fake_time, backoff_base_s=100.0, max_tries=10, max_wait_s=2000)
        await all_pages(hub)
    assert fake_time.sleeps == [
        pytest.approx(100.0),
        pytest.approx(200.0),
        pytest.approx(300.0),  # the Hub's documented 5-minute window
        pytest.approx(300.0),
    ]
