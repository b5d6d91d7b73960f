"""A one-line progress display on a terminal; silent when stderr is not a TTY."""

from __future__ import annotations

import sys
import time
from collections.abc import MutableMapping
from typing import Any, TextIO

from hf_crawler.stats import RunStats

_drawn_on: list[Progress] = []  # the progress line now on screen, if any


def clear_for_log(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> Any:
    """structlog processor: wipe the progress line so a log line never runs into it."""
    for progress in _drawn_on:
        progress.clear()
    return event


class Progress:
    """Redraws `tasks n/N · models · requests` in place after each finished task."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self._stream = stream or sys.stderr
        self._enabled = self._stream.isatty() if enabled is None else enabled
        self._drawn = False

    @property
    def enabled(self) -> bool:
        """Whether it draws (on a terminal): the command then says how it ended in a line."""
        return self._enabled

    def __call__(self, stats: RunStats) -> None:
        self.show(walk_line(stats) if stats.walking else task_line(stats))

    def show(self, line: str) -> None:
        """Draw `line` in place of the last one."""
        if not self._enabled:
            return
        self._stream.write(f"\r\x1b[2K{line}")
        self._stream.flush()
        self._drawn = True
        _drawn_on[:] = [self]

    def clear(self) -> None:
        """Remove the line (a log event is about to be printed)."""
        if self._drawn:
            self._stream.write("\r\x1b[2K")
            self._stream.flush()
            self._drawn = False

    def close(self) -> None:
        """Leave the last state on screen."""
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()
            self._drawn = False


def task_line(stats: RunStats) -> str:
    """Top-N mode: `tasks n/N · stored k · mappings m`: n tasks fetched (or failed), k of
    them merged (a finished ranking waits for its batch, up to --batch-size models) with
    their m rankings. Distinct models are known only at the end (a model ranks in several
    tasks, and batches): the command's last line says them."""
    done = stats.tasks_fetched + stats.tasks_failed
    failed = f" · {stats.tasks_failed} failed" if stats.tasks_failed else ""
    return (
        f"tasks {done}/{stats.tasks_total} · stored {stats.tasks_ok} · "
        f"mappings {stats.mappings:,}{failed}"
    )


def walk_line(stats: RunStats) -> str:
    """Full-Hub mode: pages, models, the rate, and an ETA against the last walk's size (the
    Hub publishes no total)."""
    elapsed = max(time.monotonic() - stats.started_at, 1e-6)
    rate = stats.models / elapsed
    eta = "ETA unknown (first full walk)"
    if stats.walk_expected and rate > 0:
        left = max(stats.walk_expected - stats.models, 0) / rate
        eta = f"ETA ~{left / 60:.0f} min" if left >= 90 else f"ETA ~{left:.0f} s"
    return f"pages {stats.pages:,} · models {stats.models:,} · {rate:,.0f} models/s · {eta}"
