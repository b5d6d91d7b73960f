"""A merge that lost its connection is tried again, backing off from the run's first
backoff step (`--backoff-base-s`, as the Hub's requests do); a merge the database refused is
not tried again."""

from __future__ import annotations

import time

import pytest

from hf_crawler import errors
from hf_crawler.store.entity_store import retrying


async def test_a_lost_connection_is_tried_again_from_the_base_step() -> None:
    calls: list[float] = []

    @retrying(4, 0.001)
    async def merge() -> str:
        calls.append(time.monotonic())
        if len(calls) < 3:
            raise errors.DatabaseUnavailable("connection lost")
        return "merged"

    assert await merge() == "merged"
    assert len(calls) == 3


async def test_a_refused_merge_is_not_tried_again() -> None:
    calls = 0

    @retrying(4, 0.001)
    async def merge() -> None:
        nonlocal calls
        calls += 1
        raise errors.MergeFailed("a constraint refused it")

    with pytest.raises(errors.MergeFailed):
        await merge()
    assert calls == 1


async def test_the_waits_grow_from_the_base_step(monkeypatch: pytest.MonkeyPatch) -> None:
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr("asyncio.sleep", sleep)
    monkeypatch.setattr("random.uniform", lambda _low, high: high)  # full jitter, widest

    @retrying(4, 0.25)
    async def merge() -> None:
        raise errors.DatabaseUnavailable("connection lost")

    with pytest.raises(errors.DatabaseUnavailable):
        await merge()
    assert waited == [0.25, 0.5, 1.0]
