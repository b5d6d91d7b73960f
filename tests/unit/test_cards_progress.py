"""A cards run's progress: redrawn every second and logged every 30 s while cards come
slowly (or not at all, while a spent window is waited out), with the plan's quota."""

from __future__ import annotations

import asyncio

import pytest
import structlog.testing

from hf_crawler.crawl.cards_plan import CardsPlan, CardsProgress, report
from hf_crawler.hub.rate_headers import Quota
from tests.conftest import FakeTime


async def test_the_line_moves_every_second_and_an_event_every_thirty(fake_time: FakeTime) -> None:
    progress = CardsProgress(to_fetch=100, started_at=fake_time.now, clock=fake_time.clock)
    drawn: list[str] = []
    ticks = 0

    async def one_second(seconds: float) -> None:
        nonlocal ticks
        await fake_time.sleep(seconds)
        ticks += 1
        progress.fetched += ticks % 2  # a card every other second
        if ticks == 61:
            raise asyncio.CancelledError

    with structlog.testing.capture_logs() as events, pytest.raises(asyncio.CancelledError):
        await report(progress, lambda p: drawn.append(p.line()), sleep=one_second)
    assert fake_time.sleeps == [1.0] * 61
    assert len(drawn) == 60  # the 61st sleep was cancelled
    assert drawn[0] == "cards 1/100 · stored 0 · 1.0/s · 2 min left"
    assert drawn[-1] == "cards 30/100 · stored 0 · 0.5/s · 2 min left"
    logged = [e for e in events if e["event"] == "cards_progress"]
    assert [e["fetched"] for e in logged] == [15, 30]  # at 30 s and at 60 s


def test_the_plan_takes_the_quota_the_resolver_advertises() -> None:
    tier = CardsPlan(cards=36_743, rps=1000, signed_in=False)
    assert tier.quota == 3000 and tier.expected_s == pytest.approx(36_743 / 10, rel=0.03)
    advertised = CardsPlan(
        cards=36_743,
        rps=1000,
        signed_in=False,
        advertised=Quota("resolvers", 10**7, 300, 10**7, 300),
    )
    assert advertised.quota == 10**7 and advertised.expected_s == pytest.approx(36.743)
    assert "(RateLimit-Policy header)" in advertised.describe()
