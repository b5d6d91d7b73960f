"""Unit-test fixtures."""

from __future__ import annotations

import inspect
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
