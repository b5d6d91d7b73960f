"""The writer's flush policy: merges in the background, in order, one at a time; batches by
size or by how long a finished ranking has waited; a failed merge fails the drain."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import pytest

from hf_crawler.crawl.ledger import Ledger
from hf_crawler.crawl.writer import BatchSink, Flush, Writer, in_tail
from hf_crawler.entities.models import MODELS, ModelRecord
from hf_crawler.progress import task_line
from hf_crawler.records import Batch, End, MergeResult, Page, Queue, Task, TaskDone

BOUND_S = 10  # every wait in these tests is bounded; none comes near it
NO_TIMER_S = BOUND_S * 10  # a flush timer that never fires within a test


def model(model_id: str) -> ModelRecord:
    return ModelRecord(
        model_id=model_id,
        hub_id=None,
        author=None,
        license=None,
        likes=1,
        downloads=1,
        downloads_all_time=None,
        trending_score=None,
        tags=(),
        gated=None,
        created_at_hub=None,
        last_modified=None,
        pipeline_tag=None,
        library_name=None,
    )


def writer_of(  # noqa: PLR0913  # the flush policy's knobs, each by keyword
    sink: BatchSink[ModelRecord],
    ledger: Ledger | None = None,
    *,
    batch_size: int,
    after_s: float,
    tail_tasks: int = 0,
    tasks: int = 0,
) -> Writer[ModelRecord]:
    """A models' writer with this flush policy, telling `ledger` (a fresh one if none)."""
    flush = Flush(batch_size=batch_size, after_s=after_s, tail_tasks=tail_tasks, tasks=tasks)
    return Writer(MODELS, sink, ledger or Ledger(), flush)


def page(task: str, *ids: str) -> Page[ModelRecord]:
    return Page(task, 1, 1, tuple(model(i) for i in ids))


class HeldSink:
    """Records batches; each merge waits until the test lets it finish."""

    def __init__(self) -> None:
        self.batches: list[Batch[ModelRecord]] = []
        self.running = 0
        self.most_at_once = 0
        self.release = asyncio.Event()
        self.started = asyncio.Event()
        self.fail: Exception | None = None
        self.queue: Queue | None = None  # when set, its length is noted as each merge starts
        self.queued_at_start: list[int] = []

    def bind_run(self, run_id: int | None, lease: str | None = None) -> None:
        pass

    async def merge_tasks(self, tasks: tuple[Task, ...]) -> None:
        pass

    async def merge(self, batch: Batch[ModelRecord]) -> MergeResult:
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        if self.queue is not None:
            self.queued_at_start.append(self.queue.qsize())
        self.started.set()
        try:
            await self.release.wait()
            if self.fail is not None:
                raise self.fail
            self.batches.append(batch)
            return MergeResult(seen=len(batch.models))
        finally:
            self.running -= 1

    async def derive_rankings(
        self, task_ids: list[str], *, limit: int, sort: str, seen_since: datetime
    ) -> int | None:
        return None


async def test_the_next_batch_is_staged_while_a_merge_runs() -> None:
    sink, queue = HeldSink(), Queue(maxsize=1)
    writer = writer_of(sink, batch_size=3, after_s=NO_TIMER_S, tail_tasks=0)
    drain = asyncio.create_task(writer.drain(queue))
    await queue.put(page("a", "m1", "m2", "m3"))  # a full batch: its merge starts, held
    await asyncio.wait_for(sink.started.wait(), BOUND_S)
    # More items than the queue holds: they get in only because the writer goes on taking
    # them into the next batch while the first one merges.
    for item in (page("a", "m4"), page("a", "m5"), TaskDone("a", True), End.END):
        await asyncio.wait_for(queue.put(item), BOUND_S)
    assert not drain.done() and sink.batches == []
    sink.release.set()
    await asyncio.wait_for(drain, BOUND_S)
    assert [[m.model_id for m in b.models] for b in sink.batches] == [
        ["m1", "m2", "m3"],
        ["m4", "m5"],
    ]
    assert sink.batches[-1].rankings == {"a": ("m1", "m2", "m3", "m4", "m5")}
    assert sink.most_at_once == 1


async def test_a_second_full_batch_waits_for_the_merge_before_it() -> None:
    sink, queue = HeldSink(), Queue()
    sink.queue = queue
    writer = writer_of(sink, batch_size=1, after_s=NO_TIMER_S, tail_tasks=0)
    drain = asyncio.create_task(writer.drain(queue))
    for n in range(3):
        await queue.put(page("a", f"m{n}"))
    await asyncio.wait_for(sink.started.wait(), BOUND_S)
    await queue.put(End.END)
    sink.release.set()
    await asyncio.wait_for(drain, BOUND_S)
    assert [b.models[0].model_id for b in sink.batches] == ["m0", "m1", "m2"]
    assert sink.most_at_once == 1  # m1's merge waited for m0's
    # When m1's merge began, m2 (and END) were still queued: while m0 merged, the writer
    # staged m1 and took nothing more.
    assert sink.queued_at_start[1] == 2


async def test_a_finished_ranking_is_merged_once_it_has_waited_flush_after() -> None:
    sink, queue = HeldSink(), Queue()
    sink.release.set()
    writer = writer_of(sink, batch_size=1000, after_s=0.05, tail_tasks=0)
    drain = asyncio.create_task(writer.drain(queue))
    await queue.put(page("a", "m1"))
    await queue.put(TaskDone("a", True))
    await asyncio.wait_for(sink.started.wait(), BOUND_S)  # no END, no full batch: the clock
    assert not drain.done()
    await queue.put(End.END)
    await asyncio.wait_for(drain, BOUND_S)
    assert [b.rankings for b in sink.batches] == [{"a": ("m1",)}]


async def test_a_finished_ranking_waits_its_flush_after_when_nothing_else_comes() -> None:
    sink, queue = HeldSink(), Queue()
    sink.release.set()
    writer = writer_of(sink, batch_size=1000, after_s=NO_TIMER_S, tail_tasks=0)
    drain = asyncio.create_task(writer.drain(queue))
    await queue.put(page("a", "a1"))
    await queue.put(TaskDone("a", True))
    for _ in range(50):  # turns of the loop, not time: the writer takes both, then waits
        await asyncio.sleep(0)
    assert queue.empty() and not sink.started.is_set()  # due in NO_TIMER_S, not at once
    await queue.put(End.END)
    await asyncio.wait_for(drain, BOUND_S)
    assert [b.rankings for b in sink.batches] == [{"a": ("a1",)}]


async def test_finished_rankings_wait_for_a_full_batch_within_flush_after() -> None:
    sink, queue = HeldSink(), Queue()
    sink.release.set()
    writer = writer_of(sink, batch_size=1000, after_s=BOUND_S * 10, tail_tasks=0)
    for task in ("a", "b", "c"):
        await queue.put(page(task, f"{task}1"))
        await queue.put(TaskDone(task, True))
    await queue.put(End.END)
    await asyncio.wait_for(writer.drain(queue), BOUND_S)
    assert [sorted(b.rankings) for b in sink.batches] == [["a", "b", "c"]]  # one transaction


async def test_once_every_task_left_is_in_flight_each_finished_ranking_merges_at_once() -> None:
    sink, queue = HeldSink(), Queue()
    writer = writer_of(sink, batch_size=1000, after_s=BOUND_S * 10, tail_tasks=2, tasks=4)
    drain = asyncio.create_task(writer.drain(queue))
    for task in ("a", "b"):  # after b, the two tasks left are both in flight
        await queue.put(page(task, f"{task}1"))
        await queue.put(TaskDone(task, True))
    await asyncio.wait_for(sink.started.wait(), BOUND_S)  # no timer, no END: the tail
    sink.started.clear()
    await queue.put(page("c", "c1"))
    await queue.put(TaskDone("c", True))  # waits for the merge in flight, not for a timer
    sink.release.set()
    await asyncio.wait_for(sink.started.wait(), BOUND_S)
    assert not drain.done()
    await queue.put(End.END)
    await asyncio.wait_for(drain, BOUND_S)
    assert [sorted(b.rankings) for b in sink.batches] == [["a", "b"], ["c"]]


async def test_a_failed_merge_fails_the_drain() -> None:
    sink, queue = HeldSink(), Queue()
    sink.fail = RuntimeError("merge failed")
    sink.release.set()
    writer = writer_of(sink, batch_size=1, after_s=NO_TIMER_S, tail_tasks=0)
    for n in range(3):
        await queue.put(page("a", f"m{n}"))
    await queue.put(End.END)
    with pytest.raises(RuntimeError, match="merge failed"):
        await asyncio.wait_for(writer.drain(queue), BOUND_S)


async def test_cancelling_the_writer_cancels_the_merge_in_flight() -> None:
    sink, queue = HeldSink(), Queue()
    writer = writer_of(sink, batch_size=1, after_s=NO_TIMER_S, tail_tasks=0)
    drain = asyncio.create_task(writer.drain(queue))
    await queue.put(page("a", "m1"))
    await asyncio.wait_for(sink.started.wait(), BOUND_S)
    drain.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(drain, BOUND_S)
    assert sink.running == 0 and sink.batches == []


async def test_a_failed_merge_fails_the_drain_at_once_even_when_no_item_comes() -> None:
    sink, queue = HeldSink(), Queue()
    sink.fail = RuntimeError("merge refused")
    writer = writer_of(sink, batch_size=2, after_s=NO_TIMER_S, tail_tasks=0)
    drain = asyncio.create_task(writer.drain(queue))
    await queue.put(page("a", "m1", "m2"))  # a full batch: its merge starts, held
    await asyncio.wait_for(sink.started.wait(), BOUND_S)
    sink.release.set()  # the merge fails while the producer sends nothing more
    done, _ = await asyncio.wait({drain}, timeout=BOUND_S)  # no cancel: it must end itself
    drain.cancel()
    assert drain in done, "the drain went on waiting for items after its merge failed"
    with pytest.raises(RuntimeError, match="merge refused"):
        await drain


async def test_items_keep_flowing_past_a_merge_that_succeeds_while_the_writer_waits() -> None:
    sink, queue = HeldSink(), Queue()
    writer = writer_of(sink, batch_size=2, after_s=NO_TIMER_S, tail_tasks=0)
    drain = asyncio.create_task(writer.drain(queue))
    await queue.put(page("a", "m1", "m2"))
    await asyncio.wait_for(sink.started.wait(), BOUND_S)
    sink.release.set()  # the merge ends while the writer waits for the next item
    for item in (page("a", "m3"), TaskDone("a", True), End.END):
        await queue.put(item)
    await asyncio.wait_for(drain, BOUND_S)
    assert [[m.model_id for m in b.models] for b in sink.batches] == [["m1", "m2"], ["m3"]]


async def test_the_progress_line_counts_a_task_once_its_pages_are_in_not_once_merged() -> None:
    sink, queue = HeldSink(), Queue()
    lines: list[str] = []
    ledger = Ledger(on_progress=lambda s: lines.append(task_line(s)))
    ledger.planned("models", 3)
    writer = writer_of(sink, ledger, batch_size=1000, after_s=BOUND_S * 10)
    drain = asyncio.create_task(writer.drain(queue))
    for task in ("a", "b"):
        await queue.put(page(task, f"{task}1"))
        await queue.put(TaskDone(task, True))
    await queue.put(TaskDone("c", False, "gave up"))
    await queue.put(End.END)
    await asyncio.wait_for(sink.started.wait(), BOUND_S)  # the one merge, held
    assert lines == [
        "tasks 1/3 · stored 0 · mappings 0",
        "tasks 2/3 · stored 0 · mappings 0",
        "tasks 3/3 · stored 0 · mappings 0 · 1 failed",
    ]
    sink.release.set()
    await asyncio.wait_for(drain, BOUND_S)
    assert lines[-1] == "tasks 3/3 · stored 2 · mappings 2 · 1 failed"


async def test_a_cancel_that_arrives_while_the_writer_stops_waiting_for_an_item_is_kept() -> None:
    """The writer stops waiting for the queue when its merge ends; a cancel of the writer
    that lands just then (while that wait is being taken back) cancels it, not the wait."""
    sink = HeldSink()
    drain: asyncio.Task[None] | None = None

    class CancelsTheWriterAsItsGetIsCancelled(Queue):
        async def get(self) -> Any:
            try:
                return await super().get()
            except asyncio.CancelledError:
                assert drain is not None
                drain.cancel()
                raise

    queue = CancelsTheWriterAsItsGetIsCancelled()
    writer = writer_of(sink, batch_size=2, after_s=NO_TIMER_S, tail_tasks=0)
    drain = asyncio.create_task(writer.drain(queue))
    await queue.put(page("a", "m1", "m2"))  # a full batch: its merge starts, held
    await asyncio.wait_for(sink.started.wait(), BOUND_S)
    sink.release.set()  # it ends while the writer waits for the next item
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(drain, BOUND_S)


@pytest.mark.parametrize(
    ("tail_tasks", "tasks_left", "tail"),
    [
        (0, 0, False),  # no tail is set: rankings wait for their batch to the end
        (0, -1, False),
        (1, 1, True),  # one at a time, one left: it is in flight
        (1, 2, False),
        (4, 4, True),
        (4, 3, True),
        (4, 5, False),
    ],
)
def test_the_tail_is_when_every_task_left_is_in_flight(
    tail_tasks: int, tasks_left: int, tail: bool
) -> None:
    assert in_tail(tail_tasks, tasks_left) is tail


async def test_failed_tasks_count_as_done_for_the_tail_and_add_up() -> None:
    sink, queue = HeldSink(), Queue()
    sink.release.set()
    ledger = Ledger()
    writer = writer_of(sink, ledger, batch_size=1000, after_s=NO_TIMER_S, tail_tasks=1, tasks=4)
    drain = asyncio.create_task(writer.drain(queue))
    await queue.put(TaskDone("x", False, "503"))
    await queue.put(TaskDone("y", False, "503"))
    await queue.put(page("a", "a1"))
    await queue.put(TaskDone("a", True))  # 4 - 1 fetched - 2 failed: one left, in flight
    await asyncio.wait_for(sink.started.wait(), BOUND_S)  # merged at once, no End, no timer
    await queue.put(End.END)
    await asyncio.wait_for(drain, BOUND_S)
    stats = ledger.figures
    assert stats.tasks_failed == 2 and stats.failed_tasks == {"x": "503", "y": "503"}
    assert [sorted(b.rankings) for b in sink.batches] == [["a"]]


async def test_a_finished_task_counts_once_toward_the_tail() -> None:
    sink, queue = HeldSink(), Queue()
    sink.release.set()
    writer = writer_of(sink, batch_size=1000, after_s=NO_TIMER_S, tail_tasks=2, tasks=4)
    drain = asyncio.create_task(writer.drain(queue))
    await queue.put(page("a", "a1"))
    await queue.put(TaskDone("a", True))  # three left, two in flight: not the tail yet
    for _ in range(50):  # turns of the loop, not time
        await asyncio.sleep(0)
    assert queue.empty() and not sink.started.is_set()
    await queue.put(End.END)
    await asyncio.wait_for(drain, BOUND_S)
