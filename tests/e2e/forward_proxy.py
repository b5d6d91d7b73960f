"""A forward HTTP proxy on 127.0.0.1 for tests: it passes each absolute-form request on to
its origin and records the URL, so a test can tell which requests went through it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web
from multidict import CIMultiDict

_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}


@dataclass
class Proxy:
    url: str
    seen: list[str] = field(default_factory=list)


@asynccontextmanager
async def forward_proxy() -> AsyncIterator[Proxy]:
    """`async with forward_proxy() as proxy:` then HTTP_PROXY=proxy.url."""
    session = aiohttp.ClientSession(trust_env=False, auto_decompress=False)
    proxy = Proxy("")

    async def handle(request: web.Request) -> web.StreamResponse:
        target = request.raw_path
        if not target.startswith("http://"):
            return web.Response(status=400, text="not a proxy request")
        proxy.seen.append(target)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
        async with session.get(target, headers=headers, allow_redirects=False) as upstream:
            body = await upstream.read()
            kept = CIMultiDict(
                (k, v) for k, v in upstream.headers.items() if k.lower() not in _HOP_BY_HOP
            )
            return web.Response(status=upstream.status, body=body, headers=kept)

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    proxy.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        yield proxy
    finally:
        await runner.cleanup()
        await session.close()
