"""Two-stage stop on SIGINT/SIGTERM: the first asks the run to stop and merge what is done;
the second (or the drain deadline) cancels the run, which rolls back the open transaction."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable

import structlog

log = structlog.get_logger("hf_crawler.signals")


def install(
    stop: asyncio.Event, run_task: asyncio.Task[object], *, drain_timeout_s: float
) -> Callable[[], None]:
    """Route SIGINT and SIGTERM to `stop`, then to `run_task.cancel()`; returns an uninstaller."""
    loop = asyncio.get_running_loop()
    received = 0
    deadline: asyncio.TimerHandle | None = None

    def on_signal(signum: signal.Signals) -> None:
        nonlocal received, deadline
        received += 1
        if received == 1:
            log.warning("stop_requested", signal=signum.name, drain_timeout_s=drain_timeout_s)
            stop.set()
            deadline = loop.call_later(drain_timeout_s, run_task.cancel)
        else:
            log.warning("stop_forced", signal=signum.name)
            run_task.cancel()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal, signum)

    def uninstall() -> None:
        """Signals back to their defaults, and the drain deadline off: the run is over."""
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        if deadline is not None:
            deadline.cancel()

    return uninstall
