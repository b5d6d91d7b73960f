"""A client of an OpenAI-compatible embeddings endpoint (`POST {url}/v1/embeddings`, as
OpenAI's API and the common servers of open models answer it): texts in, one vector each.
Retries what a retry can fix; the key is sent only as `Authorization` and never logged."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence

import aiohttp
import backoff
from yarl import URL

from hf_crawler import errors
from hf_crawler.hub.transport import USER_AGENT


class Embedder:
    """Embeds texts with one model through one endpoint."""

    def __init__(
        self, session: aiohttp.ClientSession, url: str, model: str, key: str | None
    ) -> None:
        self._session = session
        self._url = URL(url.rstrip("/")) / "v1" / "embeddings"
        self.model = model
        self._headers = {"User-Agent": USER_AGENT}
        if key:
            self._headers["Authorization"] = f"Bearer {key}"

    @backoff.on_exception(backoff.expo, errors.HubUnavailable, max_tries=5, max_value=30)
    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector a text, in order."""
        body = {"model": self.model, "input": list(texts)}
        try:
            async with self._session.post(self._url, json=body, headers=self._headers) as resp:
                if resp.status == 429 or resp.status >= 500:
                    raise errors.HubUnavailable(str(self._url), resp.status, "embeddings busy")
                if resp.status != 200:
                    reason = (await resp.text())[:200]
                    raise errors.HubRejected(str(self._url), resp.status, reason)
                answer = await resp.json()
        except (aiohttp.ClientConnectionError, TimeoutError) as exc:
            raise errors.HubUnavailable(str(self._url), None, type(exc).__name__) from exc
        return _vectors(answer, len(texts), str(self._url))


def _vectors(answer: object, expected: int, url: str) -> list[list[float]]:
    data = answer.get("data") if isinstance(answer, dict) else None
    if not isinstance(data, list) or len(data) != expected:
        raise errors.HubBadBody(url, 200, f"expected {expected} embeddings")
    ordered = sorted(data, key=lambda d: d.get("index", 0) if isinstance(d, dict) else 0)
    vectors = [d.get("embedding") if isinstance(d, dict) else None for d in ordered]
    if not all(
        isinstance(v, list) and v and all(isinstance(x, int | float) for x in v) for v in vectors
    ):
        raise errors.HubBadBody(url, 200, "an embedding is not a list of numbers")
    return [[float(x) for x in v] for v in vectors if isinstance(v, list)]


@contextlib.asynccontextmanager
async def session(timeout_s: float = 120.0) -> AsyncIterator[aiohttp.ClientSession]:
    """A session for the embeddings endpoint (its own: it is not the Hub)."""
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    async with aiohttp.ClientSession(timeout=timeout) as s:
        yield s
