"""Cards read as huggingface_hub reads them, from the fake Hub's real-world shapes: a tab
after a value makes the front matter invalid, a model-index with a result naming no
dataset gives no rows and is counted, a training log pasted under one heading is split
in sections and its last word is found by search; and a database whose cards were read
before these rules reads them so with its next cards run, fetching nothing."""

from __future__ import annotations

import json
from pathlib import Path

from hf_crawler.fakehub.cards import LONG_SECTION_WORD, card_kind
from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, RunningHub, StartHub
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(tasks=4, models_per_task=100, overlap=0.3, seed=29, eval_share=0.5)


def with_kind(hub: RunningHub, ranked: set[str], kind: str) -> set[str]:
    """The ranked models whose card is of `kind` (not gated by hand: their card is read)."""
    models = (hub.catalogue.by_id[m] for m in ranked)
    return {m.model_id for m in models if card_kind(m) == kind and m.gated != "manual"}


async def texts_of(database: Database, models: set[str]) -> list[dict[str, object]]:
    rows = await database.fetch(
        "SELECT c.model_id, t.meta_status, t.model_index_error,"
        " (SELECT count(*) FROM hf.card_eval_results AS e WHERE e.card_sha256 = t.card_sha256)"
        "   AS results"
        " FROM hf.model_cards AS c JOIN hf.card_texts AS t USING (card_sha256)"
        " WHERE c.model_id = ANY ($1::text[])",
        sorted(models),
    )
    return [dict(r) for r in rows]


async def test_each_odd_card_is_read_as_huggingface_hub_reads_it(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli(env=env, cwd=tmp_path)).code == 0
        ranked = {
            r["model_id"] for r in await database.fetch("SELECT model_id FROM hf.model_tasks")
        }
        cards = await run_cli("cards", "--log-format", "json", env=env, cwd=tmp_path)
        tabbed = with_kind(hub, ranked, "tabbed")
        undatasetted = with_kind(hub, ranked, "undatasetted")
        long = with_kind(hub, ranked, "long_section")
        found = await run_cli(
            "search",
            LONG_SECTION_WORD,
            "--limit",
            "1000",
            "--format",
            "json",
            env=env,
            cwd=tmp_path,
        )
    assert cards.code == 0 and found.code == 0, cards.stderr + found.stderr
    assert tabbed and undatasetted and long
    assert {(r["meta_status"], r["results"]) for r in await texts_of(database, tabbed)} == {
        ("invalid", 0)
    }
    refused = await texts_of(database, undatasetted)
    assert {(r["meta_status"], r["model_index_error"], r["results"]) for r in refused} == {
        ("ok", "KeyError: 'dataset'", 0)
    }
    finished = next(
        json.loads(line) for line in cards.stderr.splitlines() if '"cards_finished"' in line
    )
    distinct = await database.fetch(
        "SELECT count(*) FILTER (WHERE meta_status = 'invalid') AS invalid,"
        " count(model_index_error) AS refused FROM hf.card_texts"
    )
    assert finished["front_matter_invalid"] == distinct[0]["invalid"] >= 1
    assert finished["model_index_refused"] == distinct[0]["refused"] >= len(undatasetted) > 0
    parts = await database.fetch(
        "SELECT c.model_id, count(*) AS parts, max(length(s.text)) AS longest"
        " FROM hf.model_cards AS c JOIN hf.card_sections AS s USING (card_sha256)"
        " WHERE c.model_id = ANY ($1::text[]) AND s.heading_path[2] = 'Training log'"
        " GROUP BY 1",
        sorted(long),
    )
    assert {r["model_id"] for r in parts} == long
    assert [(r["parts"] >= 5, r["longest"] <= 20_000) for r in parts] == [(True, True)] * len(
        parts
    ), [dict(r) for r in parts]
    assert {hit["model_id"] for hit in json.loads(found.stdout)} == long


async def test_cards_read_before_these_rules_are_read_by_them_at_the_next_cards_run(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env = env_for(hub, database, HF_CRAWL_RPS="500")
        assert (await run_cli(env=env, cwd=tmp_path)).code == 0
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        ranked = {
            r["model_id"] for r in await database.fetch("SELECT model_id FROM hf.model_tasks")
        }
        tabbed = with_kind(hub, ranked, "tabbed")
        long = with_kind(hub, ranked, "long_section")
        right = await database.fetch("SELECT * FROM hf.card_sections ORDER BY card_sha256, n")
        # As the code before migration 0033 stored them: the tabbed front matter read, the
        # long section cut at 20,000 characters and its last words lost.
        await database.fetch(
            "UPDATE hf.card_texts AS t SET meta_status = 'ok', meta = '{}', meta_error = NULL"
            " FROM hf.model_cards AS c WHERE c.card_sha256 = t.card_sha256"
            " AND c.model_id = ANY ($1::text[])",
            sorted(tabbed),
        )
        # The log's first part stands for the cut section; the parts after it go.
        await database.fetch(
            "WITH logged AS ("
            "  SELECT s.card_sha256, min(s.n) AS n,"
            "         left(string_agg(s.text, E'\\n' ORDER BY s.n), 20000) AS cut"
            "  FROM hf.card_sections AS s JOIN hf.model_cards AS c USING (card_sha256)"
            "  WHERE c.model_id = ANY ($1::text[]) AND s.heading_path[2] = 'Training log'"
            "  GROUP BY 1),"
            " gone AS (DELETE FROM hf.card_sections AS s USING logged AS l"
            "  WHERE s.card_sha256 = l.card_sha256 AND s.n > l.n)"
            " UPDATE hf.card_sections AS s SET text = l.cut FROM logged AS l"
            " WHERE s.card_sha256 = l.card_sha256 AND s.n = l.n",
            sorted(long),
        )
        await database.fetch("DELETE FROM hf.model_terms")  # rebuilt from the cut sections
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        cut = await run_cli("search", LONG_SECTION_WORD, "--format", "json", env=env, cwd=tmp_path)
        assert cut.code == 0 and json.loads(cut.stdout) == []  # the words past the cut: lost
        # The database as it was before 0033, which the next command applies.
        await database.fetch("DELETE FROM hf.schema_migrations WHERE version = 33")
        await database.fetch("ALTER TABLE hf.card_texts DROP COLUMN model_index_error")
        requests = hub.state.counts["resolver_requests"]
        again = await run_cli("cards", env=env, cwd=tmp_path)  # migrates to 0033 first
        found = await run_cli(
            "search",
            LONG_SECTION_WORD,
            "--limit",
            "1000",
            "--format",
            "json",
            env=env,
            cwd=tmp_path,
        )
        assert hub.state.counts["resolver_requests"] == requests  # nothing fetched again
    assert again.code == 0, again.stderr
    assert {(r["meta_status"], r["results"]) for r in await texts_of(database, tabbed)} == {
        ("invalid", 0)
    }
    after = await database.fetch("SELECT * FROM hf.card_sections ORDER BY card_sha256, n")
    assert [dict(r) for r in after] == [dict(r) for r in right]
    assert {hit["model_id"] for hit in json.loads(found.stdout)} == long
