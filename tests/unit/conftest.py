"""Unit-test fixtures, and the tier's rule kept: a unit test opens no socket, starts no
process and sends no signal (tests/e2e does those); any attempt fails the test at once."""

from __future__ import annotations

import asyncio
import inspect
import os
import socket
import subprocess
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import aiohttp
import aioresponses.core
import pytest
from aiohttp import ClientResponse


class _StreamWriterCompatResponse(ClientResponse):
    """aiohttp 3.14 made `stream_writer` required; aioresponses 0.7.x does not pass it.

    Workaround for pnuckowski/aioresponses#289 until a release fixes it: a request that is
    already sent only reads `output_size` from the writer.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("stream_writer", SimpleNamespace(output_size=0))
        super().__init__(*args, **kwargs)


@pytest.fixture(autouse=True)
def _aioresponses_on_aiohttp_314(monkeypatch: pytest.MonkeyPatch) -> None:
    if "stream_writer" in inspect.signature(ClientResponse.__init__).parameters:
        monkeypatch.setattr(aioresponses.core, "ClientResponse", _StreamWriterCompatResponse)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain client session, for the client tests under aioresponses."""
    async with aiohttp.ClientSession() as s:
        yield s


class TierBroken(AssertionError):
    """A unit test reached for a socket, a process or a signal."""


def _refuse(what: str) -> Any:
    def refused(*_args: object, **_kwargs: object) -> Any:
        raise TierBroken(f"a unit test may not {what}: it belongs in tests/e2e")

    return refused


@pytest.fixture(autouse=True)
def _no_sockets_processes_or_signals(monkeypatch: pytest.MonkeyPatch) -> None:
    """Connecting or listening, a child process, a signal: refused (aioresponses and the
    event loop's own self-pipe need none of them)."""
    monkeypatch.setattr(socket.socket, "connect", _refuse("connect a socket"))
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse("connect a socket"))
    monkeypatch.setattr(socket.socket, "bind", _refuse("listen on a socket"))
    monkeypatch.setattr(subprocess.Popen, "__init__", _refuse("start a process"))
    monkeypatch.setattr(asyncio, "create_subprocess_exec", _refuse("start a process"))
    monkeypatch.setattr(os, "kill", _refuse("send a signal"))
