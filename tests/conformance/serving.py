"""The fake Hub on its own event loop in a thread, for synchronous clients such as
huggingface_hub."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator

from hf_crawler.fakehub.app import HubState, running


@contextlib.contextmanager
def served_in_thread(state: HubState) -> Iterator[str]:
    """Serve `state` until the block ends; yields the base URL."""
    ready: dict[str, object] = {}
    started = threading.Event()

    async def serve() -> None:
        stop = asyncio.Event()
        async with running(state) as url:
            ready.update(url=url, loop=asyncio.get_running_loop(), stop=stop)
            started.set()
            await stop.wait()

    thread = threading.Thread(target=asyncio.run, args=(serve(),), daemon=True)
    thread.start()
    assert started.wait(30), "fake Hub did not start"
    try:
        yield str(ready["url"])
    finally:
        loop, stop = ready["loop"], ready["stop"]
        assert isinstance(loop, asyncio.AbstractEventLoop) and isinstance(stop, asyncio.Event)
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
