"""The two-stage stop: the drain deadline only ever cancels a run still going."""

from __future__ import annotations

import asyncio
import os
import signal

from hf_crawler.crawl import signals

BOUND_S = 10


async def test_the_drain_deadline_is_called_off_once_the_run_is_over() -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    run = asyncio.create_task(asyncio.Event().wait(), name="run")  # stands for the run
    uninstall = signals.install(stop, run, drain_timeout_s=0.01)
    os.kill(os.getpid(), signal.SIGINT)  # the first Ctrl-C: the deadline starts
    await asyncio.wait_for(stop.wait(), BOUND_S)
    uninstall()  # the run ended within the deadline
    past_the_deadline = loop.create_future()
    loop.call_later(0.02, past_the_deadline.set_result, None)
    await asyncio.wait_for(past_the_deadline, BOUND_S)
    assert not run.cancelled() and not run.done()
    run.cancel()
