"""The Hub client at its HTTP edge (aioresponses): headers, paging, retries and waits."""

from __future__ import annotations

import re

import aiohttp
import pytest
from aioresponses import aioresponses
from yarl import URL

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.entities import models
from hf_crawler.entities.models import EXPAND, ModelRecord
from hf_crawler.hub.client import HubClient
from hf_crawler.hub.limiter import RateLimiter
from hf_crawler.records import Page
from tests.conftest import FakeTime

BASE = "http://hub.test"
MODELS = re.compile(r"^http://hub\.test/api/models\?.*$")


def item(n: int) -> dict[str, object]:
    return {"_id": f"{n:024x}", "id": f"org/model-{n}", "likes": n, "downloads": 10_000 - n}


def client(session: aiohttp.ClientSession, fake_time: FakeTime, **kwargs: object) -> HubClient:
    gate = RateLimiter(1000, sleep=fake_time.sleep, clock=fake_time.clock, jitter_s=0.0)
    options: dict[str, object] = {
        "endpoint": BASE,
        "allow_insecure_token": True,  # hub.test is a name aioresponses answers, not a host
        "backoff_base_s": 0.001,
        "max_tries": 4,
    }
    return HubClient(session, gate, Settings(**(options | kwargs)))  # type: ignore[arg-type]


async def all_pages(
    hub: HubClient, task: str = "text-classification", limit: int = 5
) -> list[Page[ModelRecord]]:
    return [page async for page in hub.ranked_pages(models.MODELS, task, limit=limit)]


def sent(mock: aioresponses) -> list[tuple[URL, dict[str, str]]]:
    return [
        (url, call.kwargs.get("headers") or {})
        for (_, url), calls in mock.requests.items()
        for call in calls
    ]


async def test_asks_for_the_top_n_by_downloads_with_our_fields(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(MODELS, payload=[item(1), item(2)])
        pages = await all_pages(client(session, fake_time), limit=50)
    ((url, headers),) = sent(mock)
    assert url.path == "/api/models"
    assert url.query.getall("filter") == ["text-classification"]
    assert url.query["sort"] == "downloads" and url.query["limit"] == "50"
    assert "direction" not in url.query
    assert tuple(url.query.getall("expand")) == EXPAND
    assert "Authorization" not in headers
    assert [r.model_id for r in pages[0].records] == ["org/model-1", "org/model-2"]
    assert pages[0].first_rank == 1


async def test_pipeline_matching_uses_the_pipeline_tag_parameter(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(MODELS, payload=[])
        hub = client(session, fake_time)
        pages = [
            p async for p in hub.ranked_pages(models.MODELS, "robotics", limit=3, match="pipeline")
        ]
    assert [p.records for p in pages] == [()]
    ((url, _),) = sent(mock)
    assert url.query["pipeline_tag"] == "robotics" and "filter" not in url.query


async def test_sends_the_token_as_a_bearer_header(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(f"{BASE}/api/tasks", payload={})
        await client(session, fake_time, token="hf_secret").list_tasks()
    ((_, headers),) = sent(mock)
    assert headers["Authorization"] == "Bearer hf_secret"


async def test_up_to_1000_the_top_n_is_one_request_and_link_is_ignored(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    link = {"Link": '<http://elsewhere.test/api/models?filter=x&cursor=abc>; rel="next"'}
    with aioresponses() as mock:
        mock.get(MODELS, payload=[item(n) for n in range(1, 6)], headers=link)
        pages = await all_pages(client(session, fake_time), limit=5)
    assert len(sent(mock)) == 1
    assert [p.number for p in pages] == [1]


async def test_beyond_1000_it_follows_link_drops_repeats_and_stops_at_n(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    first = [item(n) for n in range(1, 1001)]
    second = [item(1000), *[item(n) for n in range(1001, 2001)]]  # 1000 again: the cursor moved
    with aioresponses() as mock:
        mock.get(MODELS, payload=first, headers={"Link": f'<{BASE}/api/models?c=2>; rel="next"'})
        mock.get(
            f"{BASE}/api/models?c=2",
            payload=second,
            headers={"Link": f'<{BASE}/api/models?c=3>; rel="next"'},
        )
        pages = await all_pages(client(session, fake_time), limit=1500)
    assert len(sent(mock)) == 2  # stopped at 1500 without asking for page 3
    assert [len(p.records) for p in pages] == [1000, 500]
    assert pages[1].first_rank == 1001 and pages[1].duplicates == 1
    ids = [r.model_id for p in pages for r in p.records]
    assert len(ids) == len(set(ids)) == 1500


async def test_a_link_that_loops_is_a_protocol_error(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    loop = {"Link": f'<{BASE}/api/models?c=2>; rel="next"'}
    with aioresponses() as mock:
        mock.get(MODELS, payload=[item(n) for n in range(1000)], headers=loop)
        mock.get(
            f"{BASE}/api/models?c=2", payload=[item(n) for n in range(1000, 2000)], headers=loop
        )
        with pytest.raises(errors.HubProtocolError, match="loops"):
            await all_pages(client(session, fake_time), limit=5000)


async def test_5xx_is_retried_and_counted(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(MODELS, status=503, body="<html>503</html>", content_type="text/html")
        mock.get(MODELS, status=502, body="<html>502</html>", content_type="text/html")
        mock.get(MODELS, status=503, body="<html>503</html>", content_type="text/html")
        mock.get(MODELS, payload=[item(1)])
        hub = client(session, fake_time)
        pages = await all_pages(hub)
    assert [r.model_id for r in pages[0].records] == ["org/model-1"]
    assert hub.stats.retries == 3 and hub.stats.requests == 4
    assert hub.stats.by_status == {503: 2, 502: 1, 200: 1}


async def test_an_unreadable_link_header_names_the_request_that_brought_it(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(MODELS, payload=[item(1)], headers={"Link": '<http://[::1/x>; rel="next"'})
        with pytest.raises(errors.HubProtocolError, match="unreadable Link header") as caught:
            await all_pages(client(session, fake_time), limit=5000)
    assert caught.value.url.startswith(f"{BASE}/api/models?")


async def test_429_waits_what_retry_after_says_before_trying_again(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(MODELS, status=429, payload={"error": "slow down"}, headers={"Retry-After": "7"})
        mock.get(MODELS, payload=[item(1)])
        hub = client(session, fake_time)
        await all_pages(hub)
    assert fake_time.sleeps == [pytest.approx(7.0)]
    assert hub.stats.rate_limited == 1


async def test_429_waits_for_the_window_reset_plus_a_second_as_huggingface_hub_does(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    headers = {
        "RateLimit": '"api";r=0;t=55',
        "RateLimit-Policy": '"fixed window";"api";q=500;w=300',
    }
    with aioresponses() as mock:
        mock.get(
            MODELS, status=429, payload={"error": "We had to rate limit your IP"}, headers=headers
        )
        mock.get(MODELS, payload=[item(1)])
        await all_pages(client(session, fake_time))
    assert fake_time.sleeps == [pytest.approx(56.0)]  # t=55 is rounded: t + 1


@pytest.mark.parametrize("status", [400, 403, 404])
async def test_client_errors_are_not_retried(
    session: aiohttp.ClientSession, fake_time: FakeTime, status: int
) -> None:
    with aioresponses() as mock:
        mock.get(MODELS, status=status, payload={"error": "Invalid sort parameter"})
        hub = client(session, fake_time)
        with pytest.raises(errors.HubRejected, match="Invalid sort parameter") as caught:
            await all_pages(hub)
    assert caught.value.status == status
    assert hub.stats.requests == 1


async def test_401_says_the_token_is_the_problem(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(
            MODELS, status=401, payload={"error": "Invalid credentials in Authorization header"}
        )
        with pytest.raises(errors.HubRejected, match="token is wrong or missing"):
            await all_pages(client(session, fake_time, token="hf_wrong"))


async def test_a_body_that_is_not_json_is_retried_then_reported(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        for _ in range(4):
            mock.get(MODELS, body="<!DOCTYPE html><html>Loading", content_type="text/html")
        with pytest.raises(errors.HubBadBody, match="not JSON"):
            await all_pages(client(session, fake_time))
        assert len(sent(mock)) == 4


async def test_connection_errors_are_retried(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(MODELS, exception=aiohttp.ServerDisconnectedError())
        mock.get(MODELS, exception=TimeoutError())
        mock.get(MODELS, payload=[item(1)])
        hub = client(session, fake_time)
        pages = await all_pages(hub)
    assert len(pages[0].records) == 1 and hub.stats.retries == 2


async def test_gives_up_after_max_tries(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(MODELS, status=500, body="oops", repeat=True)
        hub = client(session, fake_time, max_tries=3)
        with pytest.raises(errors.HubUnavailable) as caught:
            await all_pages(hub)
    assert caught.value.status == 500 and hub.stats.requests == 3


async def test_malformed_items_are_counted_and_the_page_goes_on(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    page = [item(1), None, {"likes": 2}, {"id": "org/x", "likes": "many"}, item(2), item(1)]
    with aioresponses() as mock:
        mock.get(MODELS, payload=page)
        (got,) = await all_pages(client(session, fake_time), limit=10)
    assert [r.model_id for r in got.records] == ["org/model-1", "org/model-2"]
    assert [r.reason for r in got.rejections][:2] == [
        "item is NoneType, not an object",
        "missing id",
    ]
    assert len(got.rejections) == 3 and got.duplicates == 1


async def test_an_oversized_body_is_refused(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(MODELS, payload=[item(n) for n in range(100)])
        with pytest.raises(errors.HubProtocolError, match="larger than"):
            await all_pages(client(session, fake_time, max_response_bytes=1000))


async def test_tasks_are_read_from_an_object_keyed_by_id(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    tasks = {
        "text-ranking": {"id": "text-ranking", "label": "Text Ranking"},
        "any-to-any": {"id": "any-to-any"},
    }
    with aioresponses() as mock:
        mock.get(f"{BASE}/api/tasks", payload=tasks)
        got = await client(session, fake_time).list_tasks()
    assert [(t.id, t.label, t.source) for t in got] == [
        ("any-to-any", "any-to-any", "api_tasks"),
        ("text-ranking", "Text Ranking", "api_tasks"),
    ]


async def test_a_tasks_array_is_a_bad_body(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    with aioresponses() as mock:
        mock.get(f"{BASE}/api/tasks", payload=["text-ranking"], repeat=True)
        with pytest.raises(errors.HubBadBody, match="not an object"):
            await client(session, fake_time, max_tries=1).list_tasks()


async def test_a_page_tells_the_hub_s_latency_from_the_wait_for_the_gate(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    gate = RateLimiter(1000, sleep=fake_time.sleep, clock=fake_time.clock, jitter_s=0.0)
    settings = Settings(endpoint=BASE, allow_insecure_token=True)
    hub = HubClient(session, gate, settings, clock=fake_time.clock)
    gate.pause(2.0)  # another request met a 429: this one waits 2 s before it is sent
    with aioresponses() as mock:
        mock.get(MODELS, payload=[item(1)])
        (page,) = await all_pages(hub)
    assert page.wait_ms == 2000.0
    assert page.hub_ms == 0.0  # the fake clock stands still while the answer comes
    assert page.elapsed_ms == 2000.0
