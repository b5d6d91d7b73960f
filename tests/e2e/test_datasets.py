"""`--repos models,datasets`: each task's top datasets reach the fake Hub's ground truth and
follow it after a reshuffle; the models' dataset links are the ones it drew; a task whose
datasets fail keeps its previous ones; without the flag no dataset is asked for."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from hf_crawler.fakehub.cards import SHARED, card_kind
from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.dataset_routes import card_bytes
from hf_crawler.fakehub.faults import Faults
from tests.conftest import Database, RunningHub, StartHub
from tests.e2e.test_card_metadata import WITH_FRONT_MATTER
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(
    tasks=5,
    models_per_task=60,
    overlap=0.3,
    seed=23,
    datasets_per_task=80,
    dataset_link_share=0.4,
    private_share=0.05,
)
TOP = 50
BOTH = ("--repos", "models,datasets", "--limit-per-task", str(TOP))


async def stored_rankings(database: Database) -> dict[str, tuple[str, ...]]:
    rows = await database.fetch(
        "SELECT task_id, array_agg(dataset_id ORDER BY rank_in_task) AS ids"
        " FROM hf.dataset_tasks GROUP BY task_id"
    )
    return {r["task_id"]: tuple(r["ids"]) for r in rows}


def truth(hub: RunningHub) -> dict[str, tuple[str, ...]]:
    return hub.catalogue.dataset_truth(limit=TOP).rankings


async def test_datasets_reach_the_ground_truth_and_follow_a_reshuffle(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        first = await run_cli(*BOTH, env=env, cwd=tmp_path)
        before = await stored_rankings(database)
        expected_before = truth(hub)
        hub.catalogue.reshuffle(seed=4, fraction=0.9, kind="datasets")
        second = await run_cli(*BOTH, env=env, cwd=tmp_path)
        after, expected_after = await stored_rankings(database), truth(hub)
        models = hub.catalogue.ground_truth(limit=TOP).rankings
    assert first.code == 0 and second.code == 0, second.stderr
    assert before == expected_before and after == expected_after and after != before
    stored_models = await database.fetch(
        "SELECT task_id, array_agg(model_id ORDER BY rank_in_task) AS ids"
        " FROM hf.model_tasks GROUP BY task_id"
    )
    assert {r["task_id"]: tuple(r["ids"]) for r in stored_models} == models
    held = await database.fetch("SELECT dataset_id FROM hf.datasets")
    assert {r["dataset_id"] for r in held} == {d for ids in before.values() for d in ids} | {
        d for ids in after.values() for d in ids
    }  # a dataset that left every ranking stays in hf.datasets, as models do
    runs = await database.fetch(
        "SELECT status, dataset_tasks_ok, dataset_mappings FROM hf.crawl_runs ORDER BY run_id"
    )
    mappings = sum(map(len, expected_after.values()))
    assert [tuple(r) for r in runs][-1] == ("succeeded", len(SPEC.task_ids()), mappings)


async def test_models_dataset_links_are_the_ones_drawn_from_tags_then_cards(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli(*BOTH, env=env, cwd=tmp_path)).code == 0
        after_crawl = await database.fetch("SELECT * FROM hf.model_datasets")
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        after_cards = await database.fetch("SELECT * FROM hf.model_datasets")
        ranked = {r["model_id"] for r in await database.fetch("SELECT model_id FROM hf.models")}
        catalogue = hub.catalogue
    drawn = {link for link in catalogue.dataset_links if link[0] in ranked}
    tagged = {link for link in drawn if link[2] == "tag"}
    carded = {
        link
        for link in drawn
        if link[2] == "card"
        and catalogue.by_id[link[0]].gated != "manual"
        and card_kind(catalogue.by_id[link[0]]) in WITH_FRONT_MATTER
    }
    assert tagged and carded
    assert {tuple(r) for r in after_crawl} == tagged
    assert {tuple(r) for r in after_cards} == tagged | carded


async def test_a_task_whose_datasets_fail_keeps_its_previous_ones(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli(*BOTH, env=env, cwd=tmp_path)).code == 0
        kept = truth(hub)
        failing = SPEC.task_ids()[1]
        hub.catalogue.reshuffle(seed=8, fraction=0.9, kind="datasets")
        hub.state.faults = Faults(failing_tasks=frozenset({failing}))
        partial = await run_cli(*BOTH, "--tasks", failing, env=env, cwd=tmp_path)
    assert partial.code == 1  # some task failed
    assert (await stored_rankings(database))[failing] == kept[failing]
    last = await database.fetch(
        "SELECT status, dataset_tasks_failed FROM hf.crawl_runs ORDER BY run_id DESC LIMIT 1"
    )
    assert tuple(last[0]) == ("partial", 1)


async def test_without_the_flag_no_dataset_is_asked_for(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli("--limit-per-task", "10", env=env, cwd=tmp_path)).code == 0
        asked = hub.state.counts["dataset_requests"]
    assert asked == 0
    assert await database.value("SELECT count(*) FROM hf.datasets") == 0


async def test_dataset_tags_dropped_on_the_hub_leave_with_the_next_crawl(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli(*BOTH, env=env, cwd=tmp_path)).code == 0
        stored = await database.fetch("SELECT model_id FROM hf.model_dataset_tags")
        one = sorted({r["model_id"] for r in stored})[0]
        untag(hub, {one})  # one model drops its dataset tags, the others keep theirs
        assert (await run_cli(*BOTH, env=env, cwd=tmp_path)).code == 0
        some_left = await database.fetch("SELECT model_id FROM hf.model_dataset_tags")
        untag(hub, set(hub.catalogue.by_id))  # no model names a dataset any more
        assert (await run_cli(*BOTH, env=env, cwd=tmp_path)).code == 0
        none_left = await database.value("SELECT count(*) FROM hf.model_dataset_tags")
    left = {r["model_id"] for r in some_left}
    assert one not in left and left == {r["model_id"] for r in stored} - {one}
    assert none_left == 0


def untag(hub: RunningHub, model_ids: set[str]) -> None:
    for model_id in model_ids:
        model = hub.catalogue.by_id[model_id]
        tags = tuple(t for t in model.tags if not t.startswith("dataset:"))
        hub.catalogue.update(model_id, tags=tags)


async def test_a_dry_run_writes_each_tasks_datasets_and_their_ranking(
    start_hub: StartHub, tmp_path: Path
) -> None:
    out = tmp_path / "dry.jsonl"
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, None, HF_CRAWL_RPS="500")
        done = await run_cli(*BOTH, "--dry-run", str(out), env=env, cwd=tmp_path)
        expected = truth(hub)
    assert done.code == 0, done.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    rankings = {
        x["task_id"]: tuple(x["dataset_ids"]) for x in lines if x["type"] == "dataset_ranking"
    }
    datasets = {x["dataset_id"] for x in lines if x["type"] == "dataset"}
    assert rankings == expected and datasets == {d for ids in expected.values() for d in ids}


async def test_the_report_shows_the_datasets_in_every_format(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli("migrate", env=env, cwd=tmp_path)).code == 0
        empty = await run_cli("report", env=env, cwd=tmp_path)
        assert (await run_cli(*BOTH, env=env, cwd=tmp_path)).code == 0
        reports = {
            fmt: (await run_cli("report", "--format", fmt, "--top", "3", env=env, cwd=tmp_path))
            for fmt in ("json", "markdown", "table", "html")
        }
        expected = truth(hub)
    data = json.loads(reports["json"].stdout)
    per_task = {row["task"]: row for row in data["dataset_tasks"]}
    assert len(per_task) == 3 and data["counts"]["dataset_mappings"] == sum(
        map(len, expected.values())
    )
    for task, row in per_task.items():
        assert (row["datasets"], row["top_dataset"]) == (len(expected[task]), expected[task][0])
    used = data["datasets_used"]
    tags = await database.fetch(
        "SELECT dataset_id, count(*) AS n FROM hf.model_datasets GROUP BY 1 ORDER BY 2 DESC, 1"
    )
    assert [(u["dataset"], u["models"]) for u in used] == [tuple(r) for r in tags[:3]]
    top = next(iter(per_task.values()))["top_dataset"]
    assert "No dataset stored" in empty.stdout
    assert "## Datasets" in reports["markdown"].stdout and top in reports["markdown"].stdout
    assert "Each task's datasets" in reports["table"].stdout and top in reports["table"].stdout
    assert "<h2>Each task's datasets</h2>" in reports["html"].stdout
    assert used[0]["dataset"] in reports["html"].stdout


async def test_every_runs_datasets_and_counters_are_kept_as_history(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli(*BOTH, env=env, cwd=tmp_path)).code == 0
        first = truth(hub)
        hub.catalogue.reshuffle(seed=6, fraction=0.9, kind="datasets")
        hub.catalogue.drift(seed=2, pct=5)
        assert (await run_cli(*BOTH, env=env, cwd=tmp_path)).code == 0
        second = truth(hub)
        counters = {
            d.dataset_id: (d.downloads, d.likes, d.downloads_all_time)
            for d in hub.catalogue.datasets
        }
    runs = [
        r["run_id"]
        for r in await database.fetch("SELECT run_id FROM hf.crawl_runs ORDER BY run_id")
    ]

    async def ranking_at(run: int) -> dict[str, tuple[str, ...]]:
        rows = await database.fetch(
            "SELECT task_id, array_agg(dataset_id ORDER BY rank_in_task) AS ids"
            " FROM hf.dataset_ranking_at($1) GROUP BY task_id",
            run,
        )
        return {r["task_id"]: tuple(r["ids"]) for r in rows}

    assert await ranking_at(runs[0]) == first and await ranking_at(runs[1]) == second
    stats = await database.fetch("SELECT * FROM hf.dataset_stats_at($1)", runs[1])
    assert {
        r["dataset_id"]: (r["downloads"], r["likes"], r["downloads_all_time"]) for r in stats
    } == {d: counters[d] for ids in second.values() for d in ids}
    movers = await database.fetch(
        "SELECT * FROM hf.dataset_movers_between($1, $2)", runs[0], runs[1]
    )
    assert movers and all(
        m["growth"] == m["downloads_after"] - m["downloads_before"] for m in movers
    )


async def test_dataset_cards_share_the_text_store_with_model_cards(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli(*BOTH, env=env, cwd=tmp_path)).code == 0
        models_only = await run_cli("cards", env=env, cwd=tmp_path)
        datasets_asked = hub.state.counts["resolver_requests"]
        both = await run_cli("cards", "--repos", "models,datasets", env=env, cwd=tmp_path)
        again = await run_cli("cards", "--repos", "datasets", env=env, cwd=tmp_path)
        catalogue = hub.catalogue
    assert models_only.code == 0 and both.code == 0, both.stderr
    assert "0 of 0 fetched" not in both.stderr and "0 of 0" in again.stderr  # nothing moved
    rows = await database.fetch("SELECT dataset_id, status, card_sha256 FROM hf.dataset_cards")
    ranked = {d for ids in truth(hub).values() for d in ids}
    assert {r["dataset_id"] for r in rows} == ranked
    expected = {}
    for dataset_id in ranked:
        dataset = catalogue.datasets_by_id[dataset_id]
        body = card_bytes(dataset)
        manual = dataset.gated == "manual"
        expected[dataset_id] = "gated" if manual else "missing" if body is None else "ok"
    assert {r["dataset_id"]: r["status"] for r in rows} == expected
    shared = hashlib.sha256(SHARED).hexdigest()
    users = await database.fetch(
        "SELECT (SELECT count(*) FROM hf.model_cards WHERE card_sha256 = $1) AS models,"
        " (SELECT count(*) FROM hf.dataset_cards WHERE card_sha256 = $1) AS datasets,"
        " (SELECT count(*) FROM hf.card_texts WHERE card_sha256 = $1) AS texts",
        shared,
    )
    assert users[0]["models"] > 0 and users[0]["datasets"] > 0 and users[0]["texts"] == 1
    assert datasets_asked == hub.state.counts["resolver_requests"] - len(ranked)


async def test_a_full_hub_walk_reads_the_datasets_listing_and_ranks_them_in_sql(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    full = ("--all-models", "--repos", "models,datasets", "--limit-per-task", str(TOP))
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        first = await run_cli(*full, env=env, cwd=tmp_path)
        before, expected_before = await stored_rankings(database), truth(hub)
        asked_by_task = hub.state.counts["dataset_requests"]
        hub.catalogue.reshuffle(seed=9, fraction=0.9, kind="datasets")
        gone = expected_before[SPEC.task_ids()[0]][0]
        hub.catalogue.datasets_by_id[gone].private = True  # no longer listed to us
        second = await run_cli(*full, env=env, cwd=tmp_path)
        after, expected_after = await stored_rankings(database), truth(hub)
        listed = sum(not d.private for d in hub.catalogue.datasets)
    assert first.code == 0 and second.code == 0, second.stderr
    assert before == expected_before and after == expected_after and after != before
    assert all(gone not in ids for ids in after.values())  # seen by the first walk only
    assert asked_by_task == 1  # one page of 1000 holds the whole listing: no per-task request
    history = await database.fetch(
        "SELECT count(DISTINCT run_id) AS runs, count(*) AS rows FROM hf.dataset_snapshots"
    )
    assert tuple(history[0]) == (2, 2 * len(SPEC.task_ids()))
    assert await database.value("SELECT count(*) FROM hf.datasets") == listed + 1  # kept


async def test_junk_beside_the_datasets_is_counted_and_the_rankings_still_hold(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    junk = Faults(malformed_rate=1.0, seed=11)
    async with start_hub(spec=SPEC, faults=junk) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        only_datasets = ("--repos", "datasets", "--limit-per-task", str(TOP))
        crawled = await run_cli(*only_datasets, env=env, cwd=tmp_path)
        counts = hub.state.counts
        expected = truth(hub)
    assert crawled.code == 0, crawled.stderr
    assert await stored_rankings(database) == expected
    planted = sum(n for kind, n in counts.items() if kind.startswith("junk_"))
    repeats = counts["junk_duplicate"]
    run = await database.fetch("SELECT malformed, duplicates FROM hf.crawl_runs")
    assert planted > repeats and tuple(run[0]) == (planted - repeats, repeats)


async def test_resume_fetches_only_the_datasets_the_partial_run_left(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    failing = SPEC.task_ids()[2]
    async with start_hub(spec=SPEC, faults=Faults(failing_tasks=frozenset({failing}))) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        partial = await run_cli(*BOTH, env=env, cwd=tmp_path)
        hub.state.faults = Faults()
        asked_before = hub.state.counts["dataset_requests"]
        resumed = await run_cli(*BOTH, "--resume", env=env, cwd=tmp_path)
        asked = hub.state.counts["dataset_requests"] - asked_before
        expected = truth(hub)
    assert partial.code == 1 and resumed.code == 0, resumed.stderr
    assert asked == 1  # the failed task's datasets only
    assert await stored_rankings(database) == expected
    statuses = await database.fetch("SELECT status FROM hf.crawl_runs ORDER BY run_id")
    assert [r["status"] for r in statuses] == ["resumed", "succeeded"]
