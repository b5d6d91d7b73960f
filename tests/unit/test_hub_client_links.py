"""The client and a mirror: a `Link` naming another host is followed on our endpoint."""

from __future__ import annotations

import aiohttp
from aioresponses import aioresponses

from tests.conftest import FakeTime
from tests.unit.test_hub_client import MODELS, all_pages, client, item, sent


async def test_a_link_to_another_host_is_followed_on_our_endpoint_with_the_token(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    away = {"Link": '<https://upstream.test/api/models?c=2&cursor=ab%3D%3D>; rel="next"'}
    with aioresponses() as mock:
        mock.get(MODELS, payload=[item(n) for n in range(1000)], headers=away)
        mock.get(MODELS, payload=[item(n) for n in range(1000, 1500)])
        pages = await all_pages(client(session, fake_time, token="hf_secret"), limit=5000)
    assert [len(p.records) for p in pages] == [1000, 500]
    (_, (second, headers)) = sent(mock)
    assert second.host == "hub.test" and second.path == "/api/models"
    assert second.raw_query_string == "c=2&cursor=ab%3D%3D"
    assert all(url.host == "hub.test" for url, _ in sent(mock))
    assert headers["Authorization"] == "Bearer hf_secret"
