"""What the writer says of each page, and counts: `page_fetched` with its figures, one
`item_rejected` per refused item, one `fields_dropped` per model stored with NULLs, and
the run's counters (the log events the README lists, as a log shipper reads them)."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any, cast

import pytest
import structlog.testing
from msgspec.structs import replace

from hf_crawler.crawl.ledger import Ledger
from hf_crawler.records import (
    End,
    ListingDone,
    Page,
    Queue,
    QueueItem,
    Rejection,
    TaskDone,
)
from hf_crawler.stats import RunStats
from tests.unit.test_writer import BOUND_S, NO_TIMER_S, HeldSink, model, writer_of

PAGE = Page(
    "fill-mask",
    3,
    2001,
    (
        replace(model("org/a"), dropped=("gated",)),
        replace(model("org/b"), dropped=("likes", "tags")),
    ),
    rejections=(Rejection("no id"), Rejection("likes is not a count", "org/c")),
    duplicates=2,
    elapsed_ms=41.5,
    private_skipped=1,
    wait_ms=7.25,
    hub_ms=30.0,
)


async def drained(
    *items: QueueItem,
) -> tuple[RunStats, list[MutableMapping[str, Any]]]:
    sink, queue, ledger = HeldSink(), Queue(), Ledger()
    sink.release.set()
    for item in (*items, End.END):
        queue.put_nowait(item)
    with structlog.testing.capture_logs() as events:
        writer = writer_of(sink, ledger, batch_size=1000, after_s=NO_TIMER_S, tasks=1)
        await asyncio.wait_for(writer.drain(queue), BOUND_S)
    return ledger.figures, events


async def test_a_page_is_logged_with_its_figures_and_counted() -> None:
    stats, events = await drained(PAGE, TaskDone("fill-mask", True))
    (fetched,) = [e for e in events if e["event"] == "page_fetched"]
    assert {k: v for k, v in fetched.items() if k not in ("event", "log_level")} == {
        "task": "fill-mask",
        "page": 3,
        "rows": 2,
        "rejected": 2,
        "private_skipped": 1,
        "ms": 41.5,
        "hub_ms": 30.0,
        "wait_ms": 7.25,
    }
    assert (stats.pages, stats.malformed, stats.duplicates) == (1, 2, 2)
    assert (stats.private_skipped, stats.fields_dropped) == (1, 3)


async def test_each_refused_item_and_each_model_stored_with_nulls_is_a_warning() -> None:
    _, events = await drained(PAGE, TaskDone("fill-mask", True))
    rejected = [e for e in events if e["event"] == "item_rejected"]
    assert rejected == [
        {
            "event": "item_rejected",
            "log_level": "warning",
            "task": "fill-mask",
            "page": 3,
            "reason": reason,
            "model": model_id,
        }
        for reason, model_id in (("no id", None), ("likes is not a count", "org/c"))
    ]
    dropped = [e for e in events if e["event"] == "fields_dropped"]
    assert dropped == [
        {
            "event": "fields_dropped",
            "log_level": "warning",
            "task": "fill-mask",
            "model": model_id,
            "fields": fields,
            "stored": "NULL",
        }
        for model_id, fields in (("org/a", ["gated"]), ("org/b", ["likes", "tags"]))
    ]


async def test_a_finished_task_is_logged_with_its_models_and_a_failed_one_with_its_reason() -> None:
    stats, events = await drained(
        PAGE, TaskDone("fill-mask", True), TaskDone("robotics", False, "503 four times")
    )
    finished = [e for e in events if e["event"] == "task_finished"]
    assert finished == [
        {
            "event": "task_finished",
            "log_level": "info",
            "task": "fill-mask",
            "ok": True,
            "models": 2,
        },
        {
            "event": "task_finished",
            "log_level": "warning",
            "task": "robotics",
            "ok": False,
            "reason": "503 four times",
            "kept": "previous ranking",
        },
    ]
    assert stats.failed_tasks == {"robotics": "503 four times"}


async def test_pages_and_merges_add_up_over_a_run() -> None:
    robotics = Page(
        "robotics", 1, 1, (model("org/c"), model("org/d")), duplicates=1, private_skipped=3
    )
    sink, queue, ledger = HeldSink(), Queue(), Ledger()
    sink.release.set()
    for item in (PAGE, TaskDone("fill-mask", True), robotics, TaskDone("robotics", True), End.END):
        queue.put_nowait(item)
    await asyncio.wait_for(
        writer_of(sink, ledger, batch_size=2, after_s=NO_TIMER_S, tasks=2).drain(queue),
        BOUND_S,
    )
    assert [(len(b.models), sorted(b.rankings)) for b in sink.batches] == [
        (2, []),
        (2, ["fill-mask"]),
        (0, ["robotics"]),
    ]
    stats = ledger.figures
    assert (stats.models, stats.mappings, stats.tasks_ok) == (4, 4, 2)
    assert (stats.pages, stats.malformed, stats.duplicates, stats.private_skipped) == (2, 2, 3, 4)


async def test_a_page_of_the_whole_listing_belongs_to_no_task() -> None:
    listing = Page(None, 7, 1, (model("org/x"),), (Rejection("no id"),), next_url="https://n")
    stats, events = await drained(listing)
    (fetched,) = [e for e in events if e["event"] == "page_fetched"]
    (rejected,) = [e for e in events if e["event"] == "item_rejected"]
    assert fetched["task"] is None and rejected["task"] is None and fetched["page"] == 7
    assert (stats.pages, stats.malformed) == (1, 1)


async def test_an_item_of_no_known_kind_is_a_bug_and_raised() -> None:
    sink, queue = HeldSink(), Queue()
    queue.put_nowait(cast(QueueItem, "not an item"))
    writer = writer_of(sink, batch_size=10, after_s=NO_TIMER_S)
    with pytest.raises(AssertionError):
        await asyncio.wait_for(writer.drain(queue), BOUND_S)


async def test_the_end_of_a_walk_is_logged_with_how_it_ended() -> None:
    read, events = await drained(ListingDone(True), ListingDone(False, "503 four times"))
    ended = [e for e in events if e["event"] == "walk_finished"]
    assert ended == [
        {"event": "walk_finished", "log_level": "info", "ok": True, "reason": None},
        {"event": "walk_finished", "log_level": "info", "ok": False, "reason": "503 four times"},
    ]
    assert read.walk_complete is False  # the last word counts
