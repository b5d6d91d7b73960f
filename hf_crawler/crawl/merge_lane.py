"""One lane of merges: each runs in the background while the writer goes on draining its
queue, one at a time and in order, and a merge that fails is raised at once, not when the
next one is handed over. The crawl's writer and the cards writer both merge through it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from typing import Any, Self, TypeVar

Item = TypeVar("Item")


class MergeLane:
    """The merge in flight, at most one."""

    def __init__(self) -> None:
        self._merging: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """A merge still in flight when the writer fails or is cancelled is rolled back."""
        if self._merging is not None:
            self._merging.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._merging
            self._merging = None

    @property
    def busy(self) -> bool:
        return self._merging is not None

    async def submit(self, merge: Coroutine[Any, Any, None]) -> None:
        """Start `merge` once the merge before it has finished (its failure raised here)."""
        try:
            await self.settle()
        except BaseException:
            merge.close()  # never started: no "was never awaited" warning
            raise
        self._merging = asyncio.create_task(merge, name="merge")

    async def settle(self) -> None:
        """Wait for the merge in flight; its failure is raised here."""
        merging, self._merging = self._merging, None
        if merging is not None:
            await merging

    async def next_item(
        self, queue: asyncio.Queue[Item], until_due: Callable[[], float | None] = lambda: None
    ) -> Item | None:
        """The queue's next item, or None when the time `until_due` says (asked again after
        every merge: None waits for an item) passes first. A merge that fails while the
        writer waits is raised at once; one that succeeds lets it wait on."""
        while True:
            timeout = until_due()
            getting = asyncio.create_task(queue.get(), name="writer-take")
            watched: set[asyncio.Future[Any]] = {getting}
            if self._merging is not None:
                watched.add(self._merging)
            done, _ = await asyncio.wait(
                watched, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if getting in done:
                return getting.result()
            if (item := await _cancelled(getting)) is not None:
                return item  # it had taken one just before the cancel
            if self._merging is None or self._merging not in done:
                return None  # the timeout passed
            await self.settle()  # a failed merge is raised here; a finished one: wait on


async def _cancelled(getting: asyncio.Future[Item]) -> Item | None:
    """Cancel a pending `queue.get()`; the item, if it had taken one already."""
    getting.cancel()
    try:
        return await getting
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():  # this task is being cancelled: pass it on
            raise
        return None
