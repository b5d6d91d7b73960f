"""What the real Hub serves beyond the happy path: odd items, bad task entries, private
repos listed to a token, mirrors, header-less 429s and heavy pages; the fake Hub plays
each over a socket and a real Postgres stores the result."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

from hf_crawler.crawl import pipeline
from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.faults import Faults
from hf_crawler.fakehub.oddities import BAD_TASK_IDS, ODD_KINDS, ODD_LABEL_TASK
from hf_crawler.fakehub.quota import FixedWindowQuota
from tests.conftest import Database, RunningHub, StartHub, make_settings

# The columns behind the Hub's field names, for what an odd item must store as NULL.
COLUMN = {
    "tags": "tags",
    "author": "author",
    "library_name": "library_name",
    "pipeline_tag": "pipeline_tag",
    "createdAt": "created_at_hub",
    "lastModified": "last_modified",
    "downloadsAllTime": "downloads_all_time",
    "trendingScore": "trending_score",
    "gated": "gated",
    "private": "private",
    "_id": "hub_id",
}


async def crawl(hub: RunningHub, database: Database, **overrides: object) -> pipeline.RunOutcome:
    options: dict[str, object] = {
        "endpoint": hub.url,
        "database_url": database.dsn,
        "schema": database.schema,
    }
    return await pipeline.run(make_settings(**(options | overrides)), asyncio.Event())


def without_odd(rankings: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {t: tuple(m for m in ids if not m.startswith("odd/")) for t, ids in rankings.items()}


async def ranks_are_consecutive(database: Database) -> bool:
    rows = await database.fetch(
        "SELECT task_id, array_agg(rank_in_task ORDER BY rank_in_task) AS ranks"
        " FROM hf.model_tasks GROUP BY task_id"
    )
    return all(list(r["ranks"]) == list(range(1, len(r["ranks"]) + 1)) for r in rows)


async def test_odd_items_are_stored_faithfully_or_counted_and_the_run_succeeds(
    start_hub: StartHub, database: Database
) -> None:
    spec = CatalogueSpec(tasks=3, models_per_task=30, overlap=0.3, seed=5)
    faults = Faults(odd_rate=1.0, bad_task_entries=True, seed=5)
    async with start_hub(spec=spec, faults=faults) as hub:
        outcome = await crawl(hub, database, limit_per_task=100)
        truth = hub.catalogue.ground_truth(limit=100).rankings
        odd_pages = hub.state.counts["odd_items"] // len(ODD_KINDS)
    assert outcome.status == "succeeded" and odd_pages == len(truth)  # pages with rows
    stored = await database.rankings()
    assert without_odd({t: stored[t] for t in truth}) == truth
    assert await ranks_are_consecutive(database)
    rejected = [kind for kind, odd in ODD_KINDS.items() if odd.rejected]
    assert outcome.stats.malformed == odd_pages * len(rejected)
    nulled = sum(len(odd.nulled) for odd in ODD_KINDS.values())
    assert outcome.stats.fields_dropped == odd_pages * nulled
    rows = await database.fetch("SELECT * FROM hf.models WHERE model_id LIKE 'odd/%'")
    assert len(rows) == odd_pages * (len(ODD_KINDS) - len(rejected))
    for row in rows:
        kind = next(
            k for k in ODD_KINDS if row["model_id"].startswith(f"odd/{k.replace('_', '-')}-")
        )
        assert_faithful(kind, dict(row))


def assert_faithful(kind: str, row: dict[str, object]) -> None:
    """Every field of a stored odd item holds what was served, or NULL where it could not."""
    odd = ODD_KINDS[kind]
    assert not odd.rejected
    assert (row["likes"], row["downloads"]) == (3, 5)
    for field, column in COLUMN.items():
        if field in odd.nulled and field not in ("tags", "author"):
            assert row[column] is None, (kind, field)
    tags = json.loads(str(row["tags"]))
    assert tags == (
        ["ok-tag"] if kind == "surrogate_tag" else [] if "tags" in odd.nulled else ["odd"]
    )
    assert row["author"] == "odd"  # the served author, or else the id's namespace
    if "createdAt" not in odd.nulled:
        assert row["created_at_hub"] == datetime(2024, 1, 1, tzinfo=UTC)


async def test_bad_task_entries_are_skipped_and_the_rest_crawled(
    start_hub: StartHub, database: Database
) -> None:
    spec = CatalogueSpec(tasks=3, models_per_task=10, seed=6)
    async with start_hub(spec=spec, faults=Faults(bad_task_entries=True)) as hub:
        outcome = await crawl(hub, database)
        truth = hub.catalogue.ground_truth(limit=1000).rankings
    assert outcome.status == "succeeded"
    tasks = {r["task_id"]: r["task_label"] for r in await database.fetch("SELECT * FROM hf.tasks")}
    assert not set(BAD_TASK_IDS) & set(tasks)
    assert set(truth) < set(tasks) and tasks[ODD_LABEL_TASK[0]] == ODD_LABEL_TASK[0]
    assert await database.rankings() == truth


async def test_with_a_token_private_repos_listed_to_it_are_not_stored(
    start_hub: StartHub, database: Database
) -> None:
    spec = CatalogueSpec(tasks=3, models_per_task=60, private_share=0.25, seed=9)
    async with start_hub(spec=spec) as hub:
        outcome = await crawl(hub, database, token="hf_owner", limit_per_task=20)
        truth = hub.catalogue.ground_truth(limit=20).rankings
        private = {m.model_id for m in hub.catalogue.models if m.private}
    assert await database.rankings() == truth  # ranks 1..20 of the public ones
    stored = {r["model_id"] for r in await database.fetch("SELECT model_id FROM hf.models")}
    assert private and not stored & private
    assert outcome.stats.private_skipped > 0
    assert await database.value("SELECT private_skipped FROM hf.crawl_runs") > 0


async def test_include_private_stores_them_marked(start_hub: StartHub, database: Database) -> None:
    spec = CatalogueSpec(tasks=2, models_per_task=40, private_share=0.25, seed=9)
    async with start_hub(spec=spec) as hub:
        await crawl(hub, database, token="hf_owner", limit_per_task=20, include_private=True)
        truth = hub.catalogue.ground_truth(limit=20, include_private=True).rankings
        private = {m.model_id for m in hub.catalogue.models if m.private}
    assert await database.rankings() == truth
    marked = await database.fetch("SELECT model_id FROM hf.models WHERE private")
    assert {r["model_id"] for r in marked} == private & {m for ids in truth.values() for m in ids}


async def test_behind_a_mirror_passing_the_upstream_link_the_crawl_reaches_the_truth(
    start_hub: StartHub, database: Database
) -> None:
    spec = CatalogueSpec(tasks=2, models_per_task=2600, overlap=0.0, seed=3, untagged=0)
    faults = Faults(link_host="https://huggingface.co")
    async with start_hub(spec=spec, faults=faults) as hub:
        outcome = await crawl(hub, database, limit_per_task=2500, token="hf_mirror_user")
        truth = hub.catalogue.ground_truth(limit=2500).rankings
        requests = hub.state.counts["requests"]
    assert outcome.status == "succeeded" and outcome.stats.pages == 2 * 3
    assert await database.rankings() == truth
    assert requests == outcome.stats.requests  # every request, tokens included, came here


async def test_with_no_ratelimit_headers_a_tight_quota_is_waited_out(
    start_hub: StartHub, database: Database
) -> None:
    spec = CatalogueSpec(tasks=10, models_per_task=5, seed=8)
    quota = FixedWindowQuota(window_s=10, anonymous=6, enforce=True)
    async with start_hub(spec=spec, faults=Faults(ratelimit_headers="none"), quota=quota) as hub:
        outcome = await crawl(hub, database, max_wait_s=600)
        truth = hub.catalogue.ground_truth(limit=1000).rankings
    assert outcome.status == "succeeded" and outcome.stats.rate_limited > 0
    assert await database.rankings() == truth


async def test_a_page_too_heavy_for_the_hub_is_asked_for_in_halves(
    start_hub: StartHub, database: Database
) -> None:
    spec = CatalogueSpec(tasks=1, models_per_task=700, overlap=0.0, seed=4)
    async with start_hub(spec=spec, faults=Faults(heavy_page_rows=300)) as hub:
        outcome = await crawl(hub, database, limit_per_task=600, max_tries=2)
        truth = hub.catalogue.ground_truth(limit=600).rankings
        heavy = hub.state.counts["fault_heavy_504"]
    assert outcome.status == "succeeded"
    assert await database.rankings() == truth
    assert heavy == 2  # 600 rows refused on both tries, then 300 a page served
    assert outcome.stats.pages == 2


async def test_a_smaller_page_size_is_learned_once_for_the_whole_run(
    start_hub: StartHub, database: Database
) -> None:
    spec = CatalogueSpec(tasks=3, models_per_task=700, overlap=0.0, seed=4)
    async with start_hub(spec=spec, faults=Faults(heavy_page_rows=300)) as hub:
        outcome = await crawl(hub, database, limit_per_task=600, max_tries=1, concurrency=1)
        truth = hub.catalogue.ground_truth(limit=600).rankings
        heavy = hub.state.counts["fault_heavy_504"]
    assert outcome.status == "succeeded"
    assert await database.rankings() == truth
    # The first task's 600 rows are refused; every later request, even one already waiting
    # for its turn then, asks for 300.
    assert heavy == 1
    assert outcome.stats.pages == 3 * 2
