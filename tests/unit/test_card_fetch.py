"""One card from the resolver at its HTTP edge (aioresponses): statuses, redirects, bytes."""

from __future__ import annotations

import hashlib
import re

import aiohttp
from aioresponses import aioresponses

from hf_crawler.config.settings import Settings
from hf_crawler.hub.card_fetch import CardFetcher
from hf_crawler.hub.limiter import RateLimiter
from hf_crawler.hub.transport import Transport
from tests.conftest import FakeTime
from tests.unit.test_hub_client import sent

BASE = "https://hub.test"
README = re.compile(r"^https://hub\.test/org/m/resolve/[0-9a-f]+/README\.md$")
SHA = "a" * 40


def fetcher(session: aiohttp.ClientSession, fake_time: FakeTime) -> CardFetcher:
    settings = Settings(endpoint=BASE, token="hf_secret", backoff_base_s=0.001, max_tries=3)
    gate = RateLimiter(1000, sleep=fake_time.sleep, clock=fake_time.clock, jitter_s=0.0)
    return CardFetcher(Transport(session, gate, settings), BASE, max_bytes=1000)


async def test_a_card_is_hashed_raw_and_stored_decoded_without_nuls(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    raw = b"---\nlicense: mit\n---\nCaf\xe9 \x00 ok"
    with aioresponses() as mock:
        mock.get(README, body=raw, headers={"X-Repo-Commit": SHA})
        card = await fetcher(session, fake_time).fetch("org/m", SHA)
    assert (card.status, card.revision, card.bytes) == ("ok", SHA, len(raw))
    assert card.card_sha256 == hashlib.sha256(raw).hexdigest()
    assert card.text == "---\nlicense: mit\n---\nCaf\ufffd  ok"


async def test_statuses_missing_gated_and_too_large(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(README, status=404, headers={"X-Error-Code": "EntryNotFound"})
        mock.get(README, status=403, headers={"X-Error-Code": "GatedRepo"})
        mock.get(README, body=b"x" * 5000)
        f = fetcher(session, fake_time)
        found = [await f.fetch("org/m", SHA) for _ in range(3)]
    assert [c.status for c in found] == ["missing", "gated", "too_large"]
    assert all(c.card_sha256 is None and c.text is None for c in found)


async def test_a_redirect_to_the_cdn_is_followed_without_the_token(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    cdn = "https://cdn-lfs.hf.co/repos/xx/README.md"
    with aioresponses() as mock:
        mock.get(README, status=302, headers={"Location": cdn})
        mock.get(cdn, body=b"card", headers={"X-Repo-Commit": SHA})
        card = await fetcher(session, fake_time).fetch("org/m", SHA)
    (_, first), (url, second) = sent(mock)
    assert card.status == "ok" and str(url) == cdn
    assert first.get("Authorization") == "Bearer hf_secret" and "Authorization" not in second


async def test_a_redirect_off_the_hub_is_not_followed(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(README, status=302, headers={"Location": "https://elsewhere.example/x"})
        card = await fetcher(session, fake_time).fetch("org/m", SHA)
    assert card.status == "error" and len(sent(mock)) == 1
