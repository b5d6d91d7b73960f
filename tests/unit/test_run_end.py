"""The run's end is written even when the run is stopped twice, within a bound."""

from __future__ import annotations

import asyncio
from typing import cast

import pytest

from hf_crawler.crawl import run_end
from hf_crawler.crawl.run_end import Ending, record_end
from hf_crawler.stats import RunStats
from hf_crawler.store.runs import RunLog

BOUND_S = 10


class SlowRunLog:
    """Writes the run's end only when the test lets it (or never)."""

    def __init__(self) -> None:
        self.writing = asyncio.Event()
        self.release = asyncio.Event()
        self.written: list[str] = []

    async def models_seen(self, run_id: int) -> int:
        return 0

    async def update(self, run_id: int, status: str, *_: object) -> None:
        self.writing.set()
        await self.release.wait()
        await asyncio.sleep(0)  # the statement's round trip to the server
        self.written.append(status)

    async def record_size(self, run_id: int) -> None:
        pass

    async def close_chain(self, run_id: int) -> int:
        return 0


def recording(runlog: SlowRunLog) -> asyncio.Task[None]:
    end = record_end(cast(RunLog, runlog), 1, Ending("interrupted"), RunStats(models=3))
    return asyncio.create_task(end)


async def test_a_second_stop_while_the_end_is_written_lets_it_finish_first() -> None:
    runlog = SlowRunLog()
    task = recording(runlog)
    await asyncio.wait_for(runlog.writing.wait(), BOUND_S)
    written_when_it_ended: list[list[str]] = []
    task.add_done_callback(lambda _: written_when_it_ended.append(list(runlog.written)))
    task.cancel()  # the second Ctrl-C
    runlog.release.set()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, BOUND_S)
    # Written before the run gave up: after it, asyncio.run's teardown cancels what is left.
    assert written_when_it_ended == [["interrupted"]]


async def test_an_end_that_never_gets_written_holds_a_forced_stop_only_so_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(run_end, "END_RECORD_BOUND_S", 0.01)
    runlog = SlowRunLog()  # never released
    task = recording(runlog)
    await asyncio.wait_for(runlog.writing.wait(), BOUND_S)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, BOUND_S)
    assert runlog.written == []
