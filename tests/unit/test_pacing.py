"""The shared gate: cooldowns hold every caller; an exhausted window closes it."""

from __future__ import annotations

import pytest

from hf_crawler.pacing import Gate
from hf_crawler.ratelimit import Quota
from tests.conftest import FakeTime


def gate(fake_time: FakeTime) -> Gate:
    return Gate(1000, sleep=fake_time.sleep, clock=fake_time.clock, jitter_s=0.5, rand=lambda: 1.0)


async def test_an_open_gate_does_not_sleep(fake_time: FakeTime) -> None:
    await gate(fake_time).acquire()
    assert fake_time.sleeps == []


async def test_a_pause_holds_the_next_acquire_for_its_length_plus_jitter(
    fake_time: FakeTime,
) -> None:
    g = gate(fake_time)
    g.pause(3)
    await g.acquire()
    assert fake_time.sleeps == [pytest.approx(3.5)]
    await g.acquire()  # the cooldown is over
    assert len(fake_time.sleeps) == 1


async def test_pauses_never_shorten_an_existing_cooldown(fake_time: FakeTime) -> None:
    g = gate(fake_time)
    g.pause(10)
    g.pause(1)
    assert g.cooldown_s == pytest.approx(10.5)


async def test_an_exhausted_window_closes_the_gate_until_reset(fake_time: FakeTime) -> None:
    g = gate(fake_time)
    g.observe(Quota("api", 5, 100, 500, 300))
    assert g.cooldown_s == 0
    g.observe(Quota("api", 0, 42, 500, 300))
    assert g.cooldown_s == pytest.approx(42.5)
    assert g.last_quota == Quota("api", 0, 42, 500, 300)
