"""The fake Hub over a real socket speaks the Hub's API: shapes, paging, quotas, errors."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.faults import Faults
from hf_crawler.fakehub.quota import FixedWindowQuota
from tests.conftest import StartHub

DEFAULT_KEYS = [
    "_id",
    "id",
    "likes",
    "trendingScore",
    "private",
    "downloads",
    "tags",
    "pipeline_tag",
    "library_name",
    "createdAt",
    "modelId",
]


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def get(http: aiohttp.ClientSession, url: str, **kw: Any) -> tuple[int, Any, Any]:
    async with http.get(url, **kw) as resp:
        text = await resp.text()
        try:
            body = json.loads(text)
        except ValueError:
            body = text
        return resp.status, body, resp


async def test_tasks_is_an_object_keyed_by_id_with_the_real_quirks(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    spec = CatalogueSpec(tasks=47, models_per_task=3, extra_tasks=3)
    async with start_hub(spec=spec) as hub:
        status, tasks, _ = await get(http, f"{hub.url}/api/tasks")
        _, by_type, _ = await get(http, f"{hub.url}/api/models-tags-by-type")
    assert status == 200 and isinstance(tasks, dict) and len(tasks) == 47
    assert all(entry["id"] == key for key, entry in tasks.items())
    assert not any("subtasks" in entry for entry in tasks.values())
    assert (
        "youtubeId" not in tasks["feature-extraction"] and tasks["text-ranking"]["youtubeId"] == ""
    )
    assert tasks["unconditional-image-generation"]["widgetModels"] == [""]
    assert tasks["depth-estimation"]["widgetModels"] == []
    assert tasks["summarization"]["canonicalId"] == "text-generation"
    assert tasks["image-to-image"]["isPlaceholder"] is False
    assert list(tasks["text-ranking"])[-3:] == ["id", "label", "libraries"]
    pipeline_tags = {t["id"] for t in by_type["pipeline_tag"]}
    assert set(tasks) < pipeline_tags
    assert "time-series-forecasting" in pipeline_tags - set(tasks)


async def test_default_items_have_the_real_keys_in_order(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    async with start_hub() as hub:
        _, items, _ = await get(http, f"{hub.url}/api/models?sort=downloads&limit=200")
        _, by_modified, _ = await get(http, f"{hub.url}/api/models?sort=lastModified&limit=1")
    for item in items:
        assert [k for k in DEFAULT_KEYS if k in item] == list(item)
        assert item["id"] == item["modelId"] and len(item["_id"]) == 24
        assert item["createdAt"].endswith(".000Z")
    assert any("pipeline_tag" not in item for item in items)  # absent, not null
    assert any("library_name" not in item for item in items)
    assert any(isinstance(item.get("trendingScore"), float) for item in items)
    assert any(item["createdAt"] == "2022-03-02T23:29:04.000Z" for item in items)
    assert "lastModified" in by_modified[0]  # the sort key joins the projection


async def test_expand_returns_only_what_was_asked(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    async with start_hub() as hub:
        url = f"{hub.url}/api/models?limit=50&expand[]=downloads&expand=cardData&expand=gated"
        _, items, _ = await get(http, url)
    assert all(set(item) <= {"_id", "id", "downloads", "cardData", "gated"} for item in items)
    assert all({"_id", "id", "downloads", "gated"} <= set(item) for item in items)
    assert any("cardData" not in item for item in items)  # undefined keys are left out


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("sort=download", "Invalid sort parameter"),
        ("expand=usedStorage", "usedStorage"),
        ("limit=ten", "limit"),
        ("cursor=not-a-cursor", "Invalid cursor"),
    ],
)
async def test_bad_parameters_are_400_with_the_hub_error_shape(
    start_hub: StartHub, http: aiohttp.ClientSession, query: str, message: str
) -> None:
    async with start_hub() as hub:
        status, body, resp = await get(http, f"{hub.url}/api/models?{query}")
    assert status == 400 and message in body["error"]
    assert message in resp.headers["X-Error-Message"]


async def test_link_pagination_visits_every_match_once_in_hub_order(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    async with start_hub() as hub:
        task = hub.catalogue.task_ids[0]
        url: str | None = f"{hub.url}/api/models?filter={task}&sort=downloads&direction=-1&limit=7"
        seen: list[str] = []
        while url:
            status, items, resp = await get(http, url)
            assert status == 200 and len(items) <= 7
            seen += [item["id"] for item in items]
            url = str(resp.links["next"]["url"]) if "next" in resp.links else None
            if url:
                assert url.startswith(f"{hub.url}/api/models?filter={task}&sort=downloads")
        truth = hub.catalogue.ground_truth([task], limit=10_000).rankings[task]
    assert seen == list(truth)
    assert len(truth) > 7 * 3


async def test_the_cursor_is_a_mongo_keyset_so_moving_counts_repeat_models(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    async with start_hub() as hub:
        task = hub.catalogue.task_ids[0]
        _, first, resp = await get(
            http, f"{hub.url}/api/models?filter={task}&sort=downloads&limit=5"
        )
        cursor = resp.links["next"]["url"].query["cursor"]
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        assert decoded["$or"][0]["_id"] == {"$gt": first[-1]["_id"]}
        # The leader's downloads collapse between two page fetches: it is served again.
        hub.catalogue.update(first[0]["id"], downloads=0)
        tail: list[str] = []
        url: str | None = str(resp.links["next"]["url"])
        while url:
            _, items, resp = await get(http, url)
            tail += [i["id"] for i in items]
            url = str(resp.links["next"]["url"]) if "next" in resp.links else None
    assert first[0]["id"] in tail


async def test_no_match_is_an_empty_page_without_link(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    async with start_hub() as hub:
        status, items, resp = await get(http, f"{hub.url}/api/models?filter=text2text-generation")
    assert (status, items) == (200, []) and "Link" not in resp.headers


async def test_every_response_carries_rate_limit_headers_and_the_quota_is_enforced(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    quota = FixedWindowQuota(window_s=300, anonymous=3, enforce=True)
    async with start_hub(quota=quota, faults=Faults(retry_after=True)) as hub:
        answers = [await get(http, f"{hub.url}/api/models?limit=1") for _ in range(4)]
    assert [a[0] for a in answers] == [200, 200, 200, 429]
    assert [a[2].headers["RateLimit"].split(";")[1] for a in answers] == [
        "r=2",
        "r=1",
        "r=0",
        "r=0",
    ]
    assert answers[0][2].headers["RateLimit-Policy"] == '"fixed window";"api";q=3;w=300'
    _, body, resp = answers[3]
    assert body["error"].startswith("We had to rate limit your IP (127.0.0.1)")
    assert 0 < int(resp.headers["Retry-After"]) <= 300


async def test_a_token_gets_its_own_larger_quota(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    quota = FixedWindowQuota(anonymous=500, authenticated=1000)
    async with start_hub(quota=quota) as hub:
        _, _, resp = await get(http, f"{hub.url}/api/tasks", headers={"Authorization": "Bearer t"})
    assert resp.headers["RateLimit"].startswith('"api";r=999;')


async def test_require_token_answers_401_without_a_bearer(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    faults = Faults(require_token=True, tokens=frozenset({"hf_good"}))
    async with start_hub(faults=faults) as hub:
        bare, body, _ = await get(http, f"{hub.url}/api/tasks")
        wrong, _, _ = await get(http, f"{hub.url}/api/tasks", headers={"Authorization": "Bearer x"})
        good, _, _ = await get(
            http, f"{hub.url}/api/tasks", headers={"Authorization": "Bearer hf_good"}
        )
    assert (bare, wrong, good) == (401, 401, 200)
    assert body == {"error": "Invalid credentials in Authorization header"}


async def test_gzip_request_id_and_etag(start_hub: StartHub, http: aiohttp.ClientSession) -> None:
    async with start_hub() as hub:
        headers = {"Accept-Encoding": "gzip", "X-Amzn-Trace-Id": "trace-42"}
        _, items, resp = await get(http, f"{hub.url}/api/models?limit=100", headers=headers)
    assert resp.headers["Content-Encoding"] == "gzip" and len(items) == 100
    assert resp.headers["X-Request-Id"].endswith(";trace-42")
    assert resp.headers["ETag"].startswith('W/"')


async def test_fault_knobs_produce_html_errors_and_spoiled_bodies(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    async with start_hub(faults=Faults(error_rate=1.0)) as hub:
        status, body, resp = await get(http, f"{hub.url}/api/models?limit=1")
    assert status in (500, 502, 503) and body.startswith("<html>")
    assert resp.headers["Content-Type"].startswith("text/html")
    async with start_hub(faults=Faults(truncate_rate=1.0)) as hub:
        status, body, _ = await get(http, f"{hub.url}/api/models?limit=5")
    assert status == 200 and isinstance(body, str) and body.startswith("[")
    async with start_hub(faults=Faults(non_json_rate=1.0)) as hub:
        status, body, _ = await get(http, f"{hub.url}/api/models?limit=5")
    assert status == 200 and body.startswith("<!DOCTYPE html>")


async def test_a_failing_task_always_503s_and_others_work(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    spec = CatalogueSpec(tasks=3, models_per_task=5)
    async with start_hub(
        spec=spec, faults=Faults(failing_tasks=frozenset({"question-answering"}))
    ) as hub:
        bad, _, _ = await get(http, f"{hub.url}/api/models?filter=question-answering")
        good, _, _ = await get(http, f"{hub.url}/api/models?filter=text-classification")
    assert (bad, good) == (503, 200)


async def test_a_dropped_connection_is_a_client_error(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    async with start_hub(faults=Faults(disconnect_rate=1.0)) as hub:
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await get(http, f"{hub.url}/api/models?limit=1")


async def test_malformed_pages_add_junk_beside_the_real_rows(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    async with start_hub(faults=Faults(malformed_rate=1.0, seed=3)) as hub:
        task = hub.catalogue.task_ids[0]
        _, items, _ = await get(http, f"{hub.url}/api/models?filter={task}&sort=downloads&limit=10")
        truth = hub.catalogue.ground_truth([task], limit=10).rankings[task]
    real = [i["id"] for i in items if isinstance(i, dict) and i.get("id") in truth]
    assert len(items) > 10 and list(dict.fromkeys(real)) == list(truth)


async def test_model_info_and_its_401_for_unknown_ids(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    async with start_hub() as hub:
        model = hub.catalogue.models[0]
        status, info, _ = await get(http, f"{hub.url}/api/models/{model.model_id}")
        missing, body, resp = await get(http, f"{hub.url}/api/models/nobody/nothing")
    assert status == 200 and info["id"] == model.model_id and info["model-index"] is None
    assert missing == 401 and body == {"error": "Invalid username or password."}
    assert "X-Error-Code" not in resp.headers


async def test_ground_truth_and_controls_are_served_for_out_of_process_tests(
    start_hub: StartHub, http: aiohttp.ClientSession
) -> None:
    async with start_hub() as hub:
        _, truth, _ = await get(http, f"{hub.url}/_fake/truth?limit=10")
        expected = hub.catalogue.ground_truth(limit=10)
        async with http.post(f"{hub.url}/_fake/reshuffle?seed=5") as resp:
            assert (await resp.json())["version"] == 1
        async with http.post(f"{hub.url}/_fake/faults", json={"error_rate": 0.5}) as resp:
            assert (await resp.json())["error_rate"] == 0.5
    assert truth["rankings"] == {k: list(v) for k, v in expected.rankings.items()}
    assert truth["mappings"] == expected.mappings and truth["models"] == len(expected.models)
