"""Headless Chromium driven over the DevTools protocol (a websocket; aiohttp speaks it), for
tests that look at a page as a person would: what it requested, what its console said,
what it drew, and a screenshot."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


@dataclass
class PageVisit:
    """What happened while a page loaded."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    result: Any = None
    screenshot: bytes = b""


def chromium_path() -> str:
    found = next((p for name in CHROMIUM if (p := shutil.which(name))), None)
    if found is None:
        raise AssertionError("no Chromium on PATH: `make test` installs Debian's chromium")
    return found


@contextlib.asynccontextmanager
async def chromium(profile: Path) -> AsyncIterator[str]:
    """A headless Chromium; yields its browser websocket URL. Killed on exit."""
    proc = await asyncio.create_subprocess_exec(
        chromium_path(),
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        "--remote-debugging-port=0",
        f"--user-data-dir={profile}",
        "--window-size=1480,1400",
        "about:blank",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        async with asyncio.timeout(30):
            while not (port_file := profile / "DevToolsActivePort").exists():  # noqa: ASYNC110  # a file Chromium writes: nothing to wait on but the poll
                await asyncio.sleep(0.05)
            port, path = port_file.read_text().split()[:2]
        yield f"ws://127.0.0.1:{port}{path}"
    finally:
        proc.kill()
        await proc.wait()


class _DevTools:
    """One websocket to the browser: numbered calls, and every event recorded."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, seen: PageVisit) -> None:
        self._ws, self._seen = ws, seen
        self._numbers = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.loaded = asyncio.Event()

    async def listen(self) -> None:
        async for message in self._ws:
            event = json.loads(message.data)
            if event.get("id") in self._pending:
                self._pending.pop(event["id"]).set_result(event)
            else:
                _record(event, self._seen, self.loaded)

    async def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        n = next(self._numbers)
        self._pending[n] = asyncio.get_running_loop().create_future()
        message = {"id": n, "method": method, "params": params}
        await self._ws.send_str(json.dumps(message | ({"sessionId": session} if session else {})))
        answer = await self._pending[n]
        if "error" in answer:
            raise AssertionError(f"{method}: {answer['error']}")
        return dict(answer.get("result", {}))


async def visit(browser_ws: str, url: str, expression: str) -> PageVisit:
    """Load `url` in a fresh tab, then evaluate `expression` (JSON-able) and screenshot."""
    seen = PageVisit()
    async with aiohttp.ClientSession() as http, http.ws_connect(browser_ws, max_msg_size=0) as ws:
        tools = _DevTools(ws, seen)
        listener = asyncio.create_task(tools.listen(), name="devtools-listener")
        try:
            async with asyncio.timeout(60):
                await _load_and_look(tools, url, expression, seen)
        finally:
            listener.cancel()
    return seen


async def _load_and_look(tools: _DevTools, url: str, expression: str, seen: PageVisit) -> None:
    target = (await tools.call("Target.createTarget", url="about:blank"))["targetId"]
    attached = await tools.call("Target.attachToTarget", targetId=target, flatten=True)
    session = attached["sessionId"]
    for domain in ("Page", "Network", "Runtime", "Log"):
        await tools.call(f"{domain}.enable", session)
    await tools.call("Page.navigate", session, url=url)
    await tools.loaded.wait()
    evaluated = await tools.call(
        "Runtime.evaluate", session, expression=expression, returnByValue=True
    )
    seen.result = evaluated["result"].get("value")
    shot = await tools.call(
        "Page.captureScreenshot", session, format="png", captureBeyondViewport=True
    )
    seen.screenshot = base64.b64decode(shot["data"])


def _record(event: dict[str, Any], seen: PageVisit, loaded: asyncio.Event) -> None:
    method, params = event.get("method"), event.get("params", {})
    if method == "Network.requestWillBeSent":
        seen.requests.append(params["request"]["url"])
    elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        seen.console_errors.append(json.dumps(params.get("args")))
    elif method == "Runtime.exceptionThrown":
        seen.console_errors.append(json.dumps(params.get("exceptionDetails")))
    elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
        seen.console_errors.append(params["entry"].get("text", ""))
    elif method == "Page.loadEventFired":
        loaded.set()
