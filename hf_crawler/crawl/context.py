"""What the stages of one run share: its settings, the Hub client, the sink and run log,
the counters, the stop flag and the progress callback."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from hf_crawler.config.settings import Settings
from hf_crawler.crawl.writer import Sink, Writer
from hf_crawler.hub.client import HubClient
from hf_crawler.stats import RunStats
from hf_crawler.store.runs import RunLog


@dataclass(frozen=True, slots=True)
class RunContext:
    """One run's shared resources; built once by the pipeline, read by every stage."""

    settings: Settings
    client: HubClient
    sink: Sink
    runlog: RunLog | None  # None for a dry run: there is no database
    stats: RunStats
    stop: asyncio.Event
    on_progress: Callable[[RunStats], None]

    def new_writer(self) -> Writer:
        """A writer batching as the settings say, merging into this run's sink."""
        s = self.settings
        return Writer(
            self.sink,
            self.stats,
            batch_size=s.batch_size,
            flush_after_s=s.flush_after_s,
            tail_tasks=s.concurrency,
            on_progress=self.on_progress,
        )
