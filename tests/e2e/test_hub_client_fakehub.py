"""Our Hub client against the fake Hub over a socket: it reaches the ground truth."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.entities.models import MODELS
from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.faults import Faults
from hf_crawler.hub import transport
from hf_crawler.hub.client import HubClient
from hf_crawler.hub.limiter import RateLimiter
from tests.conftest import RunningHub, StartHub


@asynccontextmanager
async def hub_client(running: RunningHub, **kwargs: object) -> AsyncIterator[HubClient]:
    options: dict[str, object] = {"endpoint": running.url, "backoff_base_s": 0.01}
    settings = Settings(**(options | {"read_timeout_s": 2.0} | kwargs))  # type: ignore[arg-type]
    async with transport.open_session(settings) as session:
        yield HubClient(session, RateLimiter(500), settings)


async def ranking(client: HubClient, task: str, limit: int, match: str = "tag") -> list[str]:
    pages = [p async for p in client.ranked_pages(MODELS, task, limit=limit, match=match)]
    ranks = [p.first_rank + i for p in pages for i in range(len(p.records))]
    assert ranks == list(range(1, len(ranks) + 1))  # 1..n, no gaps
    return [r.model_id for p in pages for r in p.records]


async def test_tasks_and_pipeline_tags_are_listed(start_hub: StartHub) -> None:
    spec = CatalogueSpec(tasks=5, models_per_task=4)
    async with start_hub(spec=spec) as running, hub_client(running) as client:
        tasks = await client.list_tasks()
        tags = await client.list_pipeline_tags()
    assert sorted(t.id for t in tasks) == sorted(running.catalogue.task_ids)
    assert {t.id for t in tasks} < {t.id for t in tags}
    assert {t.source for t in tags} == {"pipeline_tags"}


@pytest.mark.parametrize("match", ["tag", "pipeline"])
async def test_each_task_ranking_equals_the_ground_truth(start_hub: StartHub, match: str) -> None:
    async with start_hub() as running, hub_client(running) as client:
        for task in running.catalogue.task_ids:
            truth = running.catalogue.ground_truth([task], limit=25, match=match).rankings[task]
            assert await ranking(client, task, 25, match) == list(truth)


async def test_more_than_1000_follows_link_across_pages(start_hub: StartHub) -> None:
    spec = CatalogueSpec(tasks=2, models_per_task=1400, overlap=0.0)
    async with start_hub(spec=spec) as running, hub_client(running) as client:
        task = running.catalogue.task_ids[0]
        got = await ranking(client, task, 1200)
        assert client.stats.requests == 2
    assert got == list(running.catalogue.ground_truth([task], limit=1200).rankings[task])


async def test_faults_and_junk_still_give_the_ground_truth(start_hub: StartHub) -> None:
    faults = Faults(
        error_rate=0.3,
        truncate_rate=0.1,
        non_json_rate=0.05,
        disconnect_rate=0.05,
        malformed_rate=0.5,
        rate_limit_rate=0.05,
        seed=11,
    )
    async with start_hub(faults=faults) as running, hub_client(running, max_tries=12) as client:
        for task in running.catalogue.task_ids:
            truth = running.catalogue.ground_truth([task], limit=40).rankings[task]
            assert await ranking(client, task, 40) == list(truth)
        assert client.stats.retries > 0
    counts = running.state.counts
    assert sum(v for k, v in counts.items() if k.startswith("junk_")) > 0


async def test_a_stalled_response_times_out_and_is_retried(start_hub: StartHub) -> None:
    faults = Faults(stall_rate=1.0, stall_s=1.0)
    async with (
        start_hub(faults=faults) as running,
        hub_client(running, read_timeout_s=0.2, max_tries=2) as client,
    ):
        with pytest.raises(errors.HubUnavailable, match="TimeoutError"):
            await client.list_tasks()
        assert client.stats.requests == 2


async def test_tls_against_a_plain_http_port_fails_at_once_not_after_retries(
    start_hub: StartHub,
) -> None:
    async with start_hub() as running:
        tls = RunningHub(running.url.replace("http://", "https://"), running.state)
        async with hub_client(tls, max_tries=6) as client:
            with pytest.raises(errors.HubProtocolError, match="TLS failed") as caught:
                await client.list_tasks()
            assert client.stats.requests == 1  # a handshake that failed fails again
    assert not errors.is_retryable(caught.value)


async def test_the_token_is_sent_and_a_wrong_one_is_a_clear_401(start_hub: StartHub) -> None:
    faults = Faults(require_token=True, tokens=frozenset({"hf_good"}))
    async with start_hub(faults=faults) as running:
        async with hub_client(running, token="hf_good") as client:
            assert len(await client.list_tasks()) == len(running.catalogue.task_ids)
        async with hub_client(running, token="hf_bad") as client:
            with pytest.raises(errors.HubRejected, match="token is wrong or missing") as caught:
                await client.list_tasks()
    assert "hf_bad" not in str(caught.value)
