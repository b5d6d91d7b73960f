"""`hf-crawl search` narrowed and sorted as `pick` is: the filters keep exactly the hits
that meet them; `--sort downloads` and `--sort trend` order the matches so, the trend
being the downloads gained since the week's first run; a model's id or name, typed in any
case, finds it first. `pick`'s trend is the same figure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, StartHub
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(tasks=4, models_per_task=80, overlap=0.3, seed=37)
WORD = "text"  # in most of the fake Hub's model ids


async def searched(env: dict[str, str], tmp_path: Path, *flags: str) -> list[dict[str, Any]]:
    found = await run_cli(
        "search", WORD, "--limit", "1000", "--format", "json", *flags, env=env, cwd=tmp_path
    )
    assert found.code == 0, found.stderr
    hits: list[dict[str, Any]] = json.loads(found.stdout)
    return hits


async def test_search_filters_sorts_and_finds_a_name_first(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli("--limit-per-task", "80", env=env, cwd=tmp_path)).code == 0
        first = hub.catalogue.ground_truth(limit=80).rankings.values()
        before = {m: hub.catalogue.by_id[m].downloads for ranking in first for m in ranking}
        hub.catalogue.reshuffle(seed=5, fraction=0.5)
        assert (await run_cli("--limit-per-task", "80", env=env, cwd=tmp_path)).code == 0
        assert (await run_cli("cards", "--top", "1", env=env, cwd=tmp_path)).code == 0
        everything = await searched(env, tmp_path)
        narrowed = await searched(
            env,
            tmp_path,
            "--min-downloads",
            "1000",
            "--max-params",
            "8B",
            "--license-class",
            "permissive,copyleft",
        )
        by_downloads = await searched(env, tmp_path, "--sort", "downloads", "--limit", "15")
        by_trend = await searched(env, tmp_path, "--sort", "trend")
        picked = await run_cli(
            "pick",
            "--task",
            SPEC.task_ids()[0],
            "--sort",
            "trend",
            "--limit",
            "1000",
            "--format",
            "json",
            env=env,
            cwd=tmp_path,
        )
        second = hub.catalogue.ground_truth(limit=80).rankings.values()
        after = {m: hub.catalogue.by_id[m].downloads for ranking in second for m in ranking}
        name_of = max(everything, key=lambda h: h["model_id"])["model_id"]
        exact = await run_cli(
            "search", name_of.split("/")[1].upper(), "--format", "json", env=env, cwd=tmp_path
        )
    assert len(everything) > 50
    kept = [
        h
        for h in everything
        if h["downloads"] >= 1000
        and h["params_total"] is not None
        and h["params_total"] <= 8 * 10**9
        and h["license_class"] in ("permissive", "copyleft")
    ]
    assert narrowed and {h["model_id"] for h in narrowed} == {h["model_id"] for h in kept}
    most = sorted(everything, key=lambda h: (-h["downloads"], h["model_id"]))[:15]
    assert [h["downloads"] for h in by_downloads] == [h["downloads"] for h in most]
    # the change of a model both runs ranked; of another, none to give
    models = {h["model_id"] for h in everything}
    change = {m: after[m] - before[m] if m in before and m in after else None for m in models}
    assert {h["model_id"] for h in by_trend} == {h["model_id"] for h in everything}
    moved = {h["model_id"]: h["downloads_change_7d"] for h in by_trend}
    assert moved == {m: change[m] for m in moved}
    trend = [h["downloads_change_7d"] for h in by_trend]
    known = [t for t in trend if t is not None]  # first, best first; the unknown last
    assert trend == known + [None] * (len(trend) - len(known))
    assert known == sorted(known, reverse=True) and known[0] > 0 > known[-1]
    assert picked.code == 0, picked.stderr
    pick_moved = {p["model_id"]: p["downloads_change_7d"] for p in json.loads(picked.stdout)}
    assert pick_moved == {m: change[m] for m in pick_moved}
    assert exact.code == 0 and json.loads(exact.stdout)[0]["model_id"] == name_of
