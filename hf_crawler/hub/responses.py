"""What a Hub answer's body says: read within a cap, decoded as JSON, its `Link` to the
next page, and the Hub's own words for an error."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import aiohttp
from yarl import URL

from hf_crawler import errors
from hf_crawler.text import one_line


async def read_capped(resp: aiohttp.ClientResponse, cap: int, url: str) -> bytes:
    """The body, refusing to hold more than `cap` bytes of it in memory."""
    if resp.content_length is not None and resp.content_length > cap:
        raise errors.HubProtocolError(url, resp.status, f"body larger than {cap} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(1 << 16):
        size += len(chunk)
        if size > cap:
            raise errors.HubProtocolError(url, resp.status, f"body larger than {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def next_link(resp: aiohttp.ClientResponse, url: str) -> URL | None:
    """The `rel="next"` target of the Link headers (aiohttp parses them, repeated ones too)."""
    try:
        link = resp.links.get("next")
        target = link.get("url") if link is not None else None
        return URL(target) if isinstance(target, str) else target
    except ValueError as exc:
        raise errors.HubProtocolError(url, resp.status, "unreadable Link header") from exc


def decode_json(body: bytes, url: str) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        snippet = one_line(body[:60].decode("utf-8", "replace"))
        raise errors.HubBadBody(url, 200, f"body is not JSON ({snippet!r})") from exc


def error_reason(resp: aiohttp.ClientResponse, body: bytes) -> str:
    """The Hub's own words for an error: JSON `error`, `X-Error-Message`, or a hint."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if isinstance(data, Mapping):
        for key in ("error", "message", "error_description"):
            if isinstance(data.get(key), str):
                return one_line(data[key])
    header = resp.headers.get("X-Error-Message")
    if header:
        return one_line(header)
    kind = "HTML page" if body.lstrip()[:1] == b"<" else "body"
    return f"{resp.reason or 'error'} ({kind} of {len(body)} bytes)"
