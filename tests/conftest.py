"""Shared fixtures: a scrubbed environment, fake time, and a fake Hub on a real socket."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field

import pytest

from hf_crawler.fakehub.app import HubState, running
from hf_crawler.fakehub.catalogue import Catalogue, CatalogueSpec
from hf_crawler.fakehub.faults import Dice, Faults
from hf_crawler.fakehub.quota import FixedWindowQuota


@pytest.fixture(autouse=True)
def _scrub_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may see the developer's tokens, endpoints or databases."""
    for name in list(os.environ):
        if name.startswith(("HF_", "HUGGING_FACE_", "PG")) or name == "DATABASE_URL":
            monkeypatch.delenv(name)


@dataclass
class FakeTime:
    """A clock that only moves when someone sleeps; records every sleep."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@dataclass
class RunningHub:
    url: str
    state: HubState

    @property
    def catalogue(self) -> Catalogue:
        return self.state.catalogue


StartHub = Callable[..., AbstractAsyncContextManager[RunningHub]]


def hub_state(
    spec: CatalogueSpec | None = None,
    faults: Faults | None = None,
    quota: FixedWindowQuota | None = None,
) -> HubState:
    spec = spec or CatalogueSpec(tasks=4, models_per_task=60, overlap=0.3, seed=7)
    faults = faults or Faults()
    return HubState(Catalogue(spec), faults, quota or FixedWindowQuota(), Dice(faults.seed))


@pytest.fixture
def start_hub() -> StartHub:
    """`async with start_hub(spec=..., faults=...) as hub:` serves a fake Hub on 127.0.0.1."""

    @asynccontextmanager
    async def start(**kwargs: object) -> AsyncIterator[RunningHub]:
        state = hub_state(**kwargs)  # type: ignore[arg-type]
        async with running(state) as url:
            yield RunningHub(url, state)

    return start
