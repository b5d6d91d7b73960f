"""Papers and collections: after a crawl of the fake Hub with `--papers-budget` and
`--collections-top`, the stored papers of the ranked repos (and the ids without a page)
and the top collections with every item equal its ground truth, before and after a drift;
a rerun fetches no paper or collection it already has, and a week later only what aged."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp

from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, RunningHub, StartHub
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(tasks=3, models_per_task=40, overlap=0.3, seed=67, spaces=30, collections=150)
TOP = 120  # more than one page of the listing (100 at most)


async def fake_truth(hub: RunningHub, what: str) -> Any:
    async with aiohttp.ClientSession() as http, http.get(f"{hub.url}/_fake/{what}") as resp:
        return await resp.json()


def iso(at: datetime | None) -> str | None:
    return None if at is None else at.strftime("%Y-%m-%dT%H:%M:%S.000Z")


async def stored_collections(database: Database) -> dict[str, Any]:
    rows = await database.fetch(
        "SELECT c.*, r.rank FROM hf.collections AS c JOIN hf.collection_ranks AS r"
        " USING (slug) ORDER BY r.rank"
    )
    items = await database.fetch(
        "SELECT slug, item_type, item_id, position, note FROM hf.collection_items"
        " ORDER BY slug, position"
    )
    by_slug: dict[str, list[dict[str, Any]]] = {}
    for i in items:
        by_slug.setdefault(i["slug"], []).append({k: i[k] for k in list(i.keys())[1:]})
    return {
        "ranking": [r["slug"] for r in rows],
        "collections": {
            r["slug"]: {
                "title": r["title"],
                "owner": r["owner"],
                "upvotes": r["upvotes"],
                "last_updated": iso(r["last_updated"]),
                "description": r["description"],
                "items": by_slug.get(r["slug"], []),
            }
            for r in rows
        },
    }


async def ranked_arxiv_ids(database: Database) -> set[str]:
    rows = await database.fetch(
        "SELECT arxiv_id FROM hf.model_papers JOIN hf.model_tasks USING (model_id)"
        " UNION SELECT arxiv_id FROM hf.dataset_papers JOIN hf.dataset_tasks USING (dataset_id)"
    )
    return {r[0] for r in rows}


async def stored_papers(database: Database) -> dict[str, Any]:
    rows = await database.fetch("SELECT * FROM hf.papers")
    return {
        r["arxiv_id"]: {
            "title": r["title"],
            "authors": list(r["authors"]),
            "publishedAt": iso(r["published_at"]),
            "upvotes": r["upvotes"],
            "summary": r["summary"],
            "githubRepo": r["github_repo"],
            "githubStars": r["github_stars"],
        }
        for r in rows
    }


def as_stored(page: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": page["title"],
        "authors": [a["name"] for a in page["authors"]],
        "publishedAt": page["publishedAt"],
        "upvotes": page["upvotes"],
        "summary": page["summary"],
        "githubRepo": page.get("githubRepo"),
        "githubStars": page.get("githubStars"),
    }


def asked(hub: RunningHub) -> dict[str, int]:
    """The paper and collection pages the fake Hub served, with how often."""
    return {k.removeprefix("GET "): n for k, n in hub.state.counts.items() if k.startswith("GET ")}


async def test_papers_and_collections_equal_the_truth_and_a_rerun_fetches_none_again(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(
            hub,
            database,
            HF_CRAWL_RPS="500",
            HF_CRAWL_REPOS="models,datasets",
            HF_CRAWL_PAPERS_BUDGET="10000",
            HF_CRAWL_COLLECTIONS_TOP=str(TOP),
        )
        assert (await run_cli(env=env, cwd=tmp_path)).code == 0
        papers = await fake_truth(hub, "papers/truth")
        wanted = await ranked_arxiv_ids(database)
        assert wanted and any(papers[a] is None for a in wanted)
        assert await stored_papers(database) == {
            a: as_stored(papers[a]) for a in wanted if papers[a] is not None
        }
        misses = await database.fetch("SELECT arxiv_id FROM hf.paper_misses")
        assert {r[0] for r in misses} == {a for a in wanted if papers[a] is None}
        want = await fake_truth(hub, f"collections/truth?limit={TOP}")
        assert await stored_collections(database) == want
        first = asked(hub)

        # A rerun: nothing is stale, so no paper or collection page is asked for again.
        assert (await run_cli(env=env, cwd=tmp_path)).code == 0
        again = {p: n - first.get(p, 0) for p, n in asked(hub).items()}
        assert not [p for p, n in again.items() if n and p.startswith("/api/papers/")]
        assert not [p for p, n in again.items() if n and p.startswith("/api/collections/")]

        # A drift: collections gain items; only those are fetched again.
        async with aiohttp.ClientSession() as http:
            await http.post(f"{hub.url}/_fake/drift?seed=9&pct=5")
        before = asked(hub)
        assert (await run_cli(env=env, cwd=tmp_path)).code == 0
        drifted = await fake_truth(hub, f"collections/truth?limit={TOP}")
        assert await stored_collections(database) == drifted
        moved = {
            s
            for s, c in drifted["collections"].items()
            if c["last_updated"] != want["collections"].get(s, {}).get("last_updated")
        }
        fetched = {
            p.removeprefix("/api/collections/")
            for p, n in asked(hub).items()
            if p.startswith("/api/collections/") and n > before.get(p, 0)
        }
        assert moved and fetched == moved
        papers_now = {a for a in await ranked_arxiv_ids(database) if papers[a] is not None}
        assert await stored_papers(database) == {a: as_stored(papers[a]) for a in papers_now}

        # A week later for one paper and one id without a page: only those two are asked.
        stale = sorted(papers_now)[0]
        missed = sorted(r[0] for r in misses)[0]
        await database.fetch(
            "UPDATE hf.papers SET fetched_at = now() - interval '8 days' WHERE arxiv_id = $1",
            stale,
        )
        await database.fetch(
            "UPDATE hf.paper_misses SET asked_at = now() - interval '8 days' WHERE arxiv_id = $1",
            missed,
        )
        before = asked(hub)
        assert (await run_cli(env=env, cwd=tmp_path)).code == 0
        refetched = {
            p.removeprefix("/api/papers/")
            for p, n in asked(hub).items()
            if p.startswith("/api/papers/") and n > before.get(p, 0)
        }
        assert refetched == {stale, missed}
        assert await database.value(
            "SELECT fetched_at > now() - interval '1 hour' FROM hf.papers WHERE arxiv_id = $1",
            stale,
        )
