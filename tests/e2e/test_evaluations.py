"""Evaluation results in one view: a crawl of the fake Hub stores each model's listed
results (`evalResults`, bare or wrapped) as hf.evaluations rows equal to what it serves,
and after a cards run the card's model-index results join them, with the metric's name
made comparable."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import asyncpg

from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, RunningHub, StartHub
from tests.e2e.test_card_metadata import written_results
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(tasks=4, models_per_task=100, overlap=0.3, seed=29, eval_share=0.5)
Row = tuple[object, ...]


def listed(hub: RunningHub, ranked: set[str]) -> set[Row]:
    """The hub rows a correct crawl stores of what the fake Hub serves."""
    found: set[Row] = set()
    for model_id in ranked:
        for entry in hub.catalogue.by_id[model_id].eval_results or []:
            data = entry.get("data", entry)
            dataset = data["dataset"]
            found.add(
                (
                    model_id,
                    dataset["id"],
                    dataset["task_id"],
                    Decimal(str(data["value"])),
                    "verifyToken" in data,
                    data["date"],
                )
            )
    return found


async def test_listed_and_card_results_are_read_as_one_table(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli(env=env, cwd=tmp_path)).code == 0
        ranked = {
            r["model_id"] for r in await database.fetch("SELECT model_id FROM hf.model_tasks")
        }
        hub_rows = await database.fetch(
            "SELECT model_id, dataset_id, task, value, verified, evaluated_at"
            " FROM hf.evaluations WHERE source = 'hub'"
        )
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        card_rows = await database.fetch(
            "SELECT model_id, task, dataset_id, metric_type, metric, value, value_text, unit,"
            " verified FROM hf.evaluations WHERE source = 'model-index'"
        )
        want_cards = written_results(hub, ranked)
        want_hub = listed(hub, ranked)
    assert want_hub and {tuple(r) for r in hub_rows} == want_hub
    assert want_cards
    assert {
        (r[0], r[1], r[2], r[3], float(r[5]), r[6], r[7], r[8]) for r in card_rows
    } == want_cards
    # The fake writes accuracy, f1 and exact_match: each compares as itself.
    assert {(r["metric_type"], r["metric"]) for r in card_rows} == {
        ("accuracy", "accuracy"),
        ("f1", "f1"),
        ("exact_match", "exact_match"),
    }


async def test_metric_names_as_cards_write_them_compare_as_one(
    migrated: asyncpg.Connection, database: Database
) -> None:
    written = ["acc", "Accuracy", " accuracy ", "ACC", "Exact Match", "exact-match", "em", "WER"]
    rows = await database.fetch(
        "SELECT n, hf.metric_key(n) AS metric FROM unnest($1::text[]) AS n", written
    )
    assert [r["metric"] for r in rows] == [
        "accuracy",
        "accuracy",
        "accuracy",
        "accuracy",
        "exact_match",
        "exact_match",
        "exact_match",
        "wer",
    ]
    assert await database.value("SELECT hf.metric_key('Some Own Score')") == "some_own_score"
    assert await database.value("SELECT hf.metric_key('')") is None
