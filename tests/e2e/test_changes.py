"""`hf-crawl changes`: after the fake Hub reshuffles, the entries, exits and rank moves of
every task are exactly those between its two ground truths; the models first ranked, the
base models they first name and a licence that changed are listed; `hf.changes_since`
gives the same document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, StartHub
from tests.e2e.test_cli import env_for, run_cli
from tests.e2e.test_pick import served_licence

SPEC = CatalogueSpec(tasks=4, models_per_task=60, overlap=0.3, seed=43, lineage_share=0.4)
TOP = 20


def moves(before: dict[str, tuple[str, ...]], after: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """What a correct feed says of two rankings (tasks where something moved)."""
    found: dict[str, Any] = {}
    for task in before:
        old = {m: r for r, m in enumerate(before[task], start=1)}
        new = {m: r for r, m in enumerate(after[task], start=1)}
        entry = {
            "entered": [{"model_id": m, "rank": new[m]} for m in after[task] if m not in old],
            "exited": [
                {"model_id": m, "rank_before": old[m]} for m in before[task] if m not in new
            ],
            "moved": [
                {"model_id": m, "from": old[m], "to": new[m]}
                for m in after[task]
                if m in old and old[m] != new[m]
            ],
        }
        if any(entry.values()):
            found[task] = entry
    return found


async def test_changes_after_a_reshuffle_are_exactly_the_truths_difference(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli("--limit-per-task", str(TOP), env=env, cwd=tmp_path)).code == 0
        before = hub.catalogue.ground_truth(limit=TOP).rankings
        hub.catalogue.reshuffle(seed=9, fraction=0.6)
        after = hub.catalogue.ground_truth(limit=TOP).rankings
        changed = next(  # ranked by both runs, so the second reads its new licence
            hub.catalogue.by_id[m]
            for m in before[SPEC.task_ids()[0]]
            if m in after[SPEC.task_ids()[0]]
            and served_licence(hub.catalogue.by_id[m]) not in (None, "mit")
        )
        old_licence = served_licence(changed)
        changed.tags = (*[t for t in changed.tags if not t.startswith("license:")], "license:mit")
        changed.card_data = None
        hub.catalogue.touch()  # the listing renders it anew
        assert (await run_cli("--limit-per-task", str(TOP), env=env, cwd=tmp_path)).code == 0
        feed = await run_cli(
            "changes", "--since-run", "1", "--format", "json", env=env, cwd=tmp_path
        )
        table = await run_cli("changes", "--since", "1h", env=env, cwd=tmp_path)
        from_sql = await database.value("SELECT hf.changes_since(1)::text")
        # prune deletes a run's row (prune_old_runs.sql): its licence changes go with it
        await database.fetch("DELETE FROM hf.crawl_runs WHERE run_id = 2")
        kept_changes = await database.value("SELECT count(*) FROM hf.license_changes")
        first_ranked = {m for ranking in before.values() for m in ranking}
        lineage = hub.catalogue.lineage
    assert feed.code == 0 and table.code == 0, feed.stderr + table.stderr
    got = json.loads(feed.stdout)
    assert got == json.loads(from_sql)
    assert (got["since_run"], got["until_run"], got["tasks_compared"]) == (1, 2, len(before))
    want = moves(before, after)
    assert want and got["tasks"] == want
    now_ranked = {m for ranking in after.values() for m in ranking}
    assert {n["model_id"] for n in got["new_models"]} == now_ranked - first_ranked
    assert got["license_changes"] == [
        {
            "model_id": changed.model_id,
            "run_id": 2,
            "before": old_licence,
            "after": "mit",
        }
    ]
    earlier_bases = {b for m in first_ranked for b, _ in lineage.get(m, ())}
    new_bases = {
        b
        for m in now_ranked - first_ranked
        for b, _ in lineage.get(m, ())
        if b not in earlier_bases
    }
    assert new_bases and {b["base_model_id"] for b in got["new_base_models"]} == new_bases
    assert "from run 1" in table.stdout  # --since 1h: the oldest run, none being that old
    assert kept_changes == 0


async def test_changes_before_any_run_is_a_one_line_error(
    database: Database, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": database.dsn, "HF_CRAWL_SCHEMA": database.schema}
    result = await run_cli("changes", env=env, cwd=tmp_path)
    said = [line for line in result.stderr.splitlines() if line.startswith("hf-crawl:")]
    assert result.code != 0 and len(said) == 1, result.stderr
