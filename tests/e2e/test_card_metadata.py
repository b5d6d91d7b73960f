"""What the cards say, stored: each distinct text's front matter as JSON with its parse
status, and the `model-index` results the fake Hub wrote, as rows of hf.eval_results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import asyncpg

from hf_crawler.fakehub.cards import card_kind
from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.store import migrate
from tests.conftest import Database, RunningHub, StartHub
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(
    tasks=4, models_per_task=60, overlap=0.3, seed=29, lineage_share=0.4, eval_share=0.5
)
# The kinds whose front matter is the model's own and read (a tabbed one is invalid); of
# them, an undatasetted card's model-index is refused whole.
WITH_FRONT_MATTER = {"normal", "huge", "latin1", "long_section", "undatasetted"}


async def crawled(
    hub: RunningHub, database: Database, tmp_path: Path, top: int
) -> tuple[dict[str, str], set[str]]:
    """Crawl each task's top `top`: the environment for the commands that follow, and the
    models ranked."""
    env = env_for(hub, database, HF_CRAWL_RPS="500")
    assert (await run_cli("--limit-per-task", str(top), env=env, cwd=tmp_path)).code == 0
    ranked = {r["model_id"] for r in await database.fetch("SELECT model_id FROM hf.model_tasks")}
    return env, ranked


def with_own_card(hub: RunningHub, models: set[str]) -> list[str]:
    """The models, in order, whose card the resolver serves as drawn from the model itself
    (a "normal" card, not gated by hand): a test may plant text in it."""
    return sorted(
        m
        for m in models
        if card_kind(hub.catalogue.by_id[m]) == "normal"
        and hub.catalogue.by_id[m].gated != "manual"
    )


def written_results(hub: RunningHub, ranked: set[str]) -> set[tuple[object, ...]]:
    found: set[tuple[object, ...]] = set()
    for model_id in ranked:
        model = hub.catalogue.by_id[model_id]
        if card_kind(model) not in WITH_FRONT_MATTER - {"undatasetted"}:
            continue
        if model.gated == "manual":
            continue
        entries = cast(list[dict[str, Any]], model.card_extra.get("model-index", []))
        for entry in entries:
            for result in entry["results"]:
                for metric in result["metrics"]:
                    value = metric["value"]
                    found.add(
                        (
                            model_id,
                            result["task"]["type"],
                            result["dataset"]["type"],
                            metric["type"],
                            # the fake writes some values as text: "<number>%"
                            value if isinstance(value, float) else float(value.rstrip("%")),
                            value if isinstance(value, str) else None,
                            None if isinstance(value, float) else "%",
                            metric["verified"],
                        )
                    )
    return found


async def test_front_matter_and_evaluation_results_are_stored_as_the_fake_hub_wrote_them(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env, ranked = await crawled(hub, database, tmp_path, 60)
        cards = await run_cli("cards", env=env, cwd=tmp_path)
        want = written_results(hub, ranked)
        bases = {m: hub.catalogue.by_id[m].card_extra.get("base_model") for m in ranked}
    assert cards.code == 0, cards.stderr
    rows = await database.fetch("SELECT * FROM hf.eval_results")
    stored = {
        (
            r["model_id"],
            r["task_type"],
            r["dataset_id"],
            r["metric_type"],
            r["value"],
            r["value_text"],
            r["unit"],
            r["verified"],
        )
        for r in rows
    }
    assert want and stored == want
    statuses = {
        r["meta_status"]: r["n"]
        for r in await database.fetch(
            "SELECT meta_status, count(*) AS n FROM hf.card_texts GROUP BY 1"
        )
    }
    # every text parsed (the empty card has none; a tab after a value would make one invalid)
    assert None not in statuses and {"ok", "none"} <= set(statuses) <= {"ok", "none", "invalid"}
    said = await database.fetch(
        "SELECT c.model_id, t.meta -> 'base_model' AS base FROM hf.model_cards AS c"
        " JOIN hf.card_texts AS t USING (card_sha256) WHERE t.meta ? 'base_model'"
    )
    assert said and all(json.loads(r["base"]) == bases[r["model_id"]] for r in said)


async def test_texts_stored_before_front_matter_was_parsed_are_parsed_by_the_next_cards_run(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env, _ = await crawled(hub, database, tmp_path, 20)
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        before = await database.fetch("SELECT * FROM hf.card_texts ORDER BY card_sha256")
        results = await database.value("SELECT count(*) FROM hf.card_eval_results")
        # As a database upgraded from before 0019 has them: texts, nothing parsed.
        await database.fetch("DELETE FROM hf.card_eval_results")
        await database.fetch("UPDATE hf.card_texts SET meta = NULL, meta_status = NULL")
        again = await run_cli("cards", env=env, cwd=tmp_path)  # no card to fetch
        requests = hub.state.counts["resolver_requests"]
        third = await run_cli("cards", env=env, cwd=tmp_path)
    assert again.code == third.code == 0, again.stderr
    assert '"card_texts_parsed"' in again.stderr and '"card_texts_parsed"' not in third.stderr
    after = await database.fetch("SELECT * FROM hf.card_texts ORDER BY card_sha256")
    assert [dict(r) for r in after] == [dict(r) for r in before]
    assert await database.value("SELECT count(*) FROM hf.card_eval_results") == results > 0
    assert hub.state.counts["resolver_requests"] == requests  # nothing was fetched again


async def test_the_report_lists_cards_whose_base_model_the_tags_do_not_name(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env, ranked = await crawled(hub, database, tmp_path, 60)
        derived = [
            m
            for m in with_own_card(hub, ranked)
            if "base_model" in hub.catalogue.by_id[m].card_extra
        ]
        odd = derived[0]
        hub.catalogue.by_id[odd].card_extra["base_model"] = "someone/else"
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        report = await run_cli("report", "--format", "json", env=env, cwd=tmp_path)
        markdown = await run_cli("report", "--format", "markdown", env=env, cwd=tmp_path)
    listed = json.loads(report.stdout)["card_base_models"]
    tag_bases = sorted(base for base, _ in hub.catalogue.lineage[odd])
    assert listed == [{"model_id": odd, "in_card": "someone/else", "in_tags": ", ".join(tag_bases)}]
    assert "### Base models the card names that the tags do not" in markdown.stdout
    assert odd in markdown.stdout


async def test_values_stored_as_text_before_the_upgrade_are_read_as_numbers_by_the_next_run(
    start_hub: StartHub, pg_dsn: str, database: Database, tmp_path: Path
) -> None:
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    try:  # as the code of migration 27 stored a card whose value is "88.2%"
        await migrate.apply(pool, database.schema, upto=27)
    finally:
        await pool.close()
    text = (
        "---\nmodel-index:\n- name: m\n  results:\n  - task: {type: t}\n"
        "    dataset: {type: d, name: D}\n    metrics:\n    - {type: f1, value: 88.2%}\n---\n"
    )
    await database.fetch(
        "INSERT INTO hf.card_texts (card_sha256, text, meta, meta_status)"
        " VALUES ('old', $1, '{}', 'ok')",
        text,
    )
    await database.fetch(
        "INSERT INTO hf.card_eval_results (card_sha256, n, metric_type, value, value_text)"
        " VALUES ('old', 1, 'f1', NULL, '88.2%')"
    )
    async with start_hub(spec=SPEC) as hub:
        cards = await run_cli("cards", env=env_for(hub, database), cwd=tmp_path)
    assert cards.code == 0, cards.stderr
    rows = await database.fetch("SELECT value, value_text, unit FROM hf.card_eval_results")
    assert [tuple(r) for r in rows] == [(88.2, "88.2%", "%")]
