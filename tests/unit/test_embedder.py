"""The embeddings client: vectors in the order of the texts, the key only as a header,
busy answers retried, wrong bodies refused in a line."""

from __future__ import annotations

import aiohttp
import pytest
from aioresponses import aioresponses

from hf_crawler import errors
from hf_crawler.hub.embedder import Embedder

URL = "http://embed.test/v1/embeddings"


async def test_vectors_come_back_in_the_order_of_the_texts_and_the_key_as_a_header() -> None:
    answer = {"data": [{"index": 1, "embedding": [0, 1]}, {"index": 0, "embedding": [1, 0]}]}
    with aioresponses() as mocked:
        mocked.post(URL, payload=answer)
        async with aiohttp.ClientSession() as session:
            found = await Embedder(session, "http://embed.test/", "m", "sk-secret").embed(
                ["a", "b"]
            )
        sent = next(iter(mocked.requests.values()))[0]
    assert found == [[1.0, 0.0], [0.0, 1.0]]
    assert sent.kwargs["headers"]["Authorization"] == "Bearer sk-secret"
    assert sent.kwargs["json"] == {"model": "m", "input": ["a", "b"]}


async def test_a_busy_server_is_asked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("asyncio.sleep", _no_sleep)
    with aioresponses() as mocked:
        mocked.post(URL, status=429)
        mocked.post(URL, status=503)
        mocked.post(URL, payload={"data": [{"index": 0, "embedding": [0.5]}]})
        async with aiohttp.ClientSession() as session:
            found = await Embedder(session, "http://embed.test", "m", None).embed(["a"])
    assert found == [[0.5]]


async def test_a_refusal_and_a_wrong_body_are_one_line_errors_without_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("asyncio.sleep", _no_sleep)  # a wrong body is asked again, as a Hub's
    with aioresponses() as mocked:
        mocked.post(URL, status=401, body="bad key")
        mocked.post(URL, payload={"data": [{"index": 0, "embedding": "no"}]}, repeat=True)
        async with aiohttp.ClientSession() as session:
            client = Embedder(session, "http://embed.test", "m", "sk-secret")
            with pytest.raises(errors.HubRejected) as refused:
                await client.embed(["a"])
            with pytest.raises(errors.HubBadBody, match="not a list of numbers"):
                await client.embed(["a"])
    assert "sk-secret" not in str(refused.value)


async def _no_sleep(_: float) -> None:
    return None


async def test_a_password_in_the_endpoint_url_stays_out_of_errors() -> None:
    with aioresponses() as mocked:
        mocked.post("http://me:pw-secret@embed.test/v1/embeddings", status=401, body="no")
        async with aiohttp.ClientSession() as session:
            client = Embedder(session, "http://me:pw-secret@embed.test", "m", None)
            with pytest.raises(errors.HubRejected) as refused:
                await client.embed(["a"])
    assert "pw-secret" not in str(refused.value)
    assert "embed.test/v1/embeddings" in str(refused.value)
