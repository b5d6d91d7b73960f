"""How a run ends, written down: its row in the run log (even when the run was cancelled,
and for a while even when it was stopped twice) and its figures for Prometheus."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import structlog

from hf_crawler import errors
from hf_crawler.crawl import metrics
from hf_crawler.crawl.context import RunContext
from hf_crawler.errors import phase
from hf_crawler.stats import RunStats
from hf_crawler.store.runs import RunLog
from hf_crawler.text import one_line

log = structlog.get_logger("hf_crawler.pipeline")
# After a forced stop, how long the run's end may still take to be written.
END_RECORD_BOUND_S = 10.0


@dataclass(frozen=True, slots=True)
class Ending:
    """How a run ended: its status, and the exception that failed it, if one did."""

    status: str
    failure: Exception | None = None

    @property
    def error(self) -> str | None:
        return None if self.failure is None else _first_reason(self.failure)

    @property
    def phase(self) -> str | None:
        cause = None if self.failure is None else errors.first_cause(self.failure)
        return cause.phase if isinstance(cause, errors.CrawlerError) else None


@dataclass(slots=True)
class Watch:
    """How a run's work is ending: the block sets the status it reached; `watching` marks
    it `interrupted` when cancelled, or keeps the exception that failed it."""

    status: str = "failed"
    failure: Exception | None = None

    @property
    def ending(self) -> Ending:
        return Ending(self.status, self.failure)


@contextlib.contextmanager
def watching(watch: Watch) -> Iterator[None]:
    try:
        yield
    except asyncio.CancelledError:
        watch.status = "interrupted"
        raise
    except Exception as exc:
        watch.failure = exc
        raise


async def record_end(runlog: RunLog, run_id: int, ending: Ending, stats: RunStats) -> None:
    """Write the run's end (shielded: a cancelled run records it too). If that fails, the
    run cannot say it succeeded: the error is raised, unless another already is."""

    async def record() -> None:
        await runlog.update(run_id, ending.status, stats, ending.error, ending.phase)
        await runlog.record_size(run_id)
        if ending.status == "succeeded" and (closed := await runlog.close_chain(run_id)):
            log.info("resumed_runs_closed", runs=closed)

    recording = asyncio.create_task(record(), name="record-run-end")
    try:
        with phase("recording the run"):
            await asyncio.shield(recording)
    except asyncio.CancelledError:
        await _let_finish(recording, END_RECORD_BOUND_S)
        raise
    except errors.DatabaseError as exc:
        log.error("run_not_recorded", run=run_id, status=ending.status, reason=str(exc))
        if ending.failure is None and ending.status != "interrupted":
            raise


async def _let_finish(recording: asyncio.Task[None], bound_s: float) -> None:
    """Stopped again while the run's end was being written (a second Ctrl-C, the drain
    deadline): those few statements say how the run ended, so they may finish, within
    `bound_s`; a record that does not make it is cancelled and logged."""
    await asyncio.wait({recording}, timeout=bound_s)
    if not recording.done():
        recording.cancel()
        log.error("run_not_recorded", reason=f"still writing after {bound_s} s of a forced stop")
    elif not recording.cancelled() and (failed := recording.exception()) is not None:
        log.error("run_not_recorded", reason=str(failed))


async def write_metrics(ctx: RunContext, status: str, elapsed: float) -> None:
    """The run's figures for Prometheus; a failure to write them is logged, not fatal."""
    assert ctx.settings.metrics_file is not None  # noqa: S101  # the caller checked
    last = None
    with contextlib.suppress(errors.DatabaseError):
        when = await ctx.runlog.last_success_at() if ctx.runlog else None
        last = when.timestamp() if when else None
    text = metrics.render(ctx.settings.schema, status, ctx.ledger.figures, elapsed, last)
    try:
        metrics.write(ctx.settings.metrics_file, text)
    except errors.OutputFailed as exc:
        log.error("metrics_not_written", reason=str(exc))


def _first_reason(exc: BaseException) -> str:
    cause = errors.first_cause(exc)
    return one_line(str(cause), limit=500) or type(cause).__name__
