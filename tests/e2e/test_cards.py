"""`hf-crawl cards` against the fake Hub's resolver and a real Postgres."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from hf_crawler.fakehub.cards import card_bytes, card_kind
from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, RunningHub, StartHub
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(tasks=4, models_per_task=60, overlap=0.3, seed=19)


async def crawled(hub: RunningHub, database: Database, tmp_path: Path) -> dict[str, str]:
    """Crawl the top 40 of every task; the environment for the commands that follow."""
    env = env_for(hub, database, HF_CRAWL_RPS="200")
    assert (await run_cli("--limit-per-task", "40", env=env, cwd=tmp_path)).code == 0
    return env


async def test_cards_are_fetched_once_and_again_only_for_new_commits(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = await crawled(hub, database, tmp_path)
        first = await run_cli("cards", env=env, cwd=tmp_path)
        after_first = hub.state.counts["resolver_requests"]
        second = await run_cli("cards", env=env, cwd=tmp_path)
        after_second = hub.state.counts["resolver_requests"]
        ranked = {
            r["model_id"] for r in await database.fetch("SELECT model_id FROM hf.model_tasks")
        }
        moved = sorted(ranked)[:3]
        for model_id in moved:
            new = hashlib.sha1(model_id.encode(), usedforsecurity=False).hexdigest()
            hub.catalogue.by_id[model_id].sha = new
        hub.catalogue.touch()
        assert (await run_cli("--limit-per-task", "40", env=env, cwd=tmp_path)).code == 0
        third = await run_cli("cards", env=env, cwd=tmp_path)
        after_third = hub.state.counts["resolver_requests"]
        models = {m: hub.catalogue.by_id[m] for m in ranked}
    assert first.code == second.code == third.code == 0, first.stderr
    assert after_first == len(ranked)  # one request a ranked model
    assert after_second == after_first  # nothing changed: no resolver request
    assert after_third - after_second == len(moved)  # exactly the new commits
    rows = {r["model_id"]: r for r in await database.fetch("SELECT * FROM hf.model_card_texts")}
    assert set(rows) == ranked
    for model_id, model in models.items():
        row, served = rows[model_id], card_bytes(model)
        if model.gated == "manual":
            assert row["status"] == "gated" and row["card_sha256"] is None
        elif served is None:
            assert row["status"] == "missing" and row["card_sha256"] is None
        else:
            assert row["status"] == "ok" and row["revision"] == model.sha
            assert row["card_sha256"] == hashlib.sha256(served).hexdigest()
            assert row["bytes"] == len(served) and "\x00" not in row["text"]
            if card_kind(model) == "latin1":
                assert "\ufffd" in row["text"]
    distinct = await database.value("SELECT count(*) FROM hf.card_texts")
    oks = sum(1 for r in rows.values() if r["status"] == "ok")
    assert 0 < distinct < oks  # the shared card is stored once
    history = await database.fetch(
        "SELECT model_id, count(*) AS revisions FROM hf.card_history GROUP BY model_id"
    )
    assert {r["model_id"] for r in history} == ranked
    assert {r["model_id"] for r in history if r["revisions"] == 2} == set(moved)


async def test_a_card_over_max_bytes_is_recorded_too_large_without_text(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = await crawled(hub, database, tmp_path)
        counted = await run_cli("cards", "--dry-run", env=env, cwd=tmp_path)
        fetched = await run_cli("cards", "--max-bytes", "100000", env=env, cwd=tmp_path)
        huge = [m for m in hub.catalogue.models if card_kind(m) == "huge" and m.gated != "manual"]
    assert counted.code == 0 and "to fetch" in counted.stderr
    assert hub.state.counts["resolver_requests"] > 0 and fetched.code == 0
    rows = await database.fetch(
        "SELECT model_id, status, card_sha256, text FROM hf.model_card_texts"
        " WHERE status = 'too_large'"
    )
    stored = {m.model_id for m in huge} & {r["model_id"] for r in rows}
    assert stored and all(r["card_sha256"] is None and r["text"] is None for r in rows)


async def test_the_report_tells_the_cards_coverage_duplicates_and_sizes(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = await crawled(hub, database, tmp_path)
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        markdown = await run_cli("report", "--format", "markdown", env=env, cwd=tmp_path)
        plain = await run_cli("report", env=env, cwd=tmp_path)
        html = await run_cli("report", "--format", "html", env=env, cwd=tmp_path)
        as_json = await run_cli("report", "--format", "json", env=env, cwd=tmp_path)
    cards = json.loads(as_json.stdout)["cards"]
    ok = await database.value("SELECT count(*) FROM hf.model_cards WHERE status = 'ok'")
    distinct = await database.value("SELECT count(DISTINCT card_sha256) FROM hf.model_cards")
    assert cards["ok"] == ok and cards["distinct_texts"] == distinct
    assert cards["ranked_models"] == cards["with_card_row"]  # every ranked model looked up
    assert 0 < cards["p50_bytes"] <= cards["p99_bytes"] <= cards["max_bytes"]
    assert "## Model Cards" in markdown.stdout and "exact duplicates" in markdown.stdout
    assert "Model cards" in plain.stdout and "exact duplicates" in plain.stdout
    for report in (markdown, plain, html):  # each names the Hub the data came from
        assert hub.url in report.stdout
