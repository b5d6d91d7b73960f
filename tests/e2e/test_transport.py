"""The transport's cap on requests in flight, against a real local server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any, cast

import aiohttp
import pytest
from aiohttp import web
from yarl import URL

from hf_crawler.config.settings import Settings
from hf_crawler.hub import transport as transport_module
from hf_crawler.hub.limiter import RateLimiter
from hf_crawler.hub.transport import Transport, open_session

BOUND_S = 10


class Counting:
    """A server that holds the requests it has until `enough` are in (or every request
    expected has come); it counts the most it held at once."""

    def __init__(self) -> None:
        self.now = self.most = self.served = 0
        self.enough = self.expected = 1
        self.changed = asyncio.Condition()

    async def handle(self, request: web.Request) -> web.Response:
        async with self.changed:
            self.now += 1
            self.most = max(self.most, self.now)
            self.changed.notify_all()
            await asyncio.wait_for(self.changed.wait_for(self.full), BOUND_S)
        async with self.changed:
            self.now -= 1
            self.served += 1
            self.changed.notify_all()
        return web.json_response([])

    def full(self) -> bool:
        return self.now >= self.enough or self.served + self.now >= self.expected


class OpenRequests:
    """The session's `get`, counted on the client's side: how many requests are open (sent,
    their answer not read to the end) at once. Every caller that could send does so before
    any answer comes, so a missing cap shows at once, without waiting for it."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session
        self.now = self.most = 0

    def get(self, *args: Any, **kwargs: Any) -> Counted:
        return Counted(self, self.session.get(*args, **kwargs))


class Counted:
    def __init__(self, spy: OpenRequests, request: Any) -> None:
        self.spy, self.request = spy, request

    async def __aenter__(self) -> Any:
        self.spy.now += 1
        self.spy.most = max(self.spy.most, self.spy.now)
        return await self.request.__aenter__()

    async def __aexit__(self, *exc: object) -> None:
        try:
            await self.request.__aexit__(*exc)
        finally:
            self.spy.now -= 1


@pytest.fixture
async def server() -> AsyncIterator[tuple[Counting, str]]:
    counting = Counting()
    app = web.Application()
    app.router.add_get("/api/models", counting.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield counting, f"http://127.0.0.1:{port}"
    await runner.cleanup()


@pytest.mark.parametrize("concurrency", [1, 3])
async def test_no_more_requests_are_in_flight_than_concurrency(
    server: tuple[Counting, str], concurrency: int
) -> None:
    counting, url = server
    counting.enough, counting.expected = concurrency, 8
    settings = Settings(endpoint=url, concurrency=concurrency)
    async with open_session(settings) as session:
        spy = OpenRequests(session)
        transport = Transport(
            cast(aiohttp.ClientSession, spy), RateLimiter(1000, jitter_s=0.0), settings
        )
        gets = [transport.get(URL(f"{url}/api/models")) for _ in range(8)]
        await asyncio.wait_for(asyncio.gather(*gets), BOUND_S)
    assert spy.most == counting.most == concurrency  # reached, never passed


async def test_an_answer_is_decoded_after_its_slot_went_to_the_next_request(
    server: tuple[Counting, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Decoding a page (4 ms of json.loads for 1000 models) happens once its request slot is
    free and the request waiting for it has been sent, not while the slot is held."""
    counting, url = server
    counting.expected = 2
    settings = Settings(endpoint=url, concurrency=1)
    seen: list[str] = []
    decode = transport_module._JsonBody.decoded

    def decoded(body: Any, at: str) -> Any:
        seen.append("decoded")
        return decode(body, at)

    monkeypatch.setattr(transport_module._JsonBody, "decoded", decoded)
    async with open_session(settings) as session:
        spy = OpenRequests(session)
        original_get = spy.get

        def get(*args: Any, **kwargs: Any) -> Counted:
            seen.append("sent")
            return original_get(*args, **kwargs)

        spy.get = get  # type: ignore[method-assign]
        transport = Transport(
            cast(aiohttp.ClientSession, spy), RateLimiter(1000, jitter_s=0.0), settings
        )
        gets = [transport.get(URL(f"{url}/api/models")) for _ in range(2)]
        await asyncio.wait_for(asyncio.gather(*gets), BOUND_S)
    assert seen == ["sent", "sent", "decoded", "decoded"]
    assert spy.most == counting.most == 1
