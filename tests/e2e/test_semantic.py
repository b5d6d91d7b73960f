"""`hf-crawl embed` and `search --semantic` against the fake Hub's embeddings endpoint and a
real Postgres with pgvector: every section gets one vector, a second run sends nothing, and
the fused ranking finds a planted card by its meaning where its words alone do not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, StartHub
from tests.e2e.test_card_metadata import crawled, with_own_card
from tests.e2e.test_cli import run_cli

SPEC = CatalogueSpec(tasks=3, models_per_task=40, overlap=0.3, seed=41)


async def test_sections_are_embedded_once_and_semantic_search_finds_the_planted_card(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env, ranked = await crawled(hub, database, tmp_path, 40)
        planted = with_own_card(hub, ranked)[0]
        hub.catalogue.by_id[
            planted
        ].card_text = "\n## Use\n\nDetects counterfeit banknotes in scanned ledgers.\n"
        env |= {"HF_CRAWL_EMBED_URL": hub.url, "HF_CRAWL_EMBED_MODEL": "fake-embedder"}
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        first = await run_cli("embed", "--batch", "16", env=env, cwd=tmp_path)
        requests = hub.state.counts["embedding_requests"]
        second = await run_cli("embed", env=env, cwd=tmp_path)
        again = hub.state.counts["embedding_requests"]
        words = "counterfeit banknotes scanned detector"  # "detector": no stem of the card's
        found = await run_cli(
            "search", words, "--semantic", "--format", "json", env=env, cwd=tmp_path
        )
        searched = hub.state.counts["embedding_requests"]
        text_only = await run_cli("search", words, "--format", "json", env=env, cwd=tmp_path)
        report = await run_cli("report", env=env, cwd=tmp_path)
        as_json = await run_cli("report", "--format", "json", env=env, cwd=tmp_path)
    assert first.code == second.code == found.code == 0, first.stderr + found.stderr
    sections = await database.value("SELECT count(*) FROM hf.card_sections")
    vectors = await database.value("SELECT count(*) FROM hf.section_embeddings")
    assert vectors == sections > 0
    assert requests == 1 + -(-sections // 16)  # the dimension probe, then batches of 16
    assert again == requests  # nothing left to embed: no request
    assert searched == again + 1  # the query's vector
    assert json.loads(text_only.stdout) == []  # the words alone match no section
    hits = json.loads(found.stdout)
    assert hits[0]["model_id"] == planted and hits[0]["score"] > 0
    storage = json.loads(as_json.stdout)["storage"]  # the vectors' size, per card text too
    texts = await database.value("SELECT count(DISTINCT card_sha256) FROM hf.card_sections")
    assert storage["vector_bytes"] > 0 and storage["vector_texts"] == texts
    assert "section vectors" in report.stdout and "KB a card text" in report.stdout


async def test_semantic_search_says_what_it_lacks_puts_exact_matches_first_and_scores_by_rank(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env, ranked = await crawled(hub, database, tmp_path, 40)
        env |= {"HF_CRAWL_EMBED_URL": hub.url, "HF_CRAWL_EMBED_MODEL": "fake-embedder"}
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        assert (await run_cli("embed", env=env, cwd=tmp_path)).code == 0
        other = env | {"HF_CRAWL_EMBED_MODEL": "other-embedder"}
        lacking = await run_cli("search", "whisper", "--semantic", env=other, cwd=tmp_path)
        wider = env | {"HF_CRAWL_EMBED_MODEL": "fake-embedder-d32"}
        refused = await run_cli("embed", env=wider, cwd=tmp_path)
        dropped = await run_cli("embed", "--drop", env=env, cwd=tmp_path)
        reembedded = await run_cli("embed", env=wider, cwd=tmp_path)
        ids = sorted(ranked)[:6]
        answers = [
            json.loads(
                (
                    await run_cli("search", model_id, "--semantic", "--format", "json", env=wider)
                ).stdout
            )
            for model_id in ids
        ]
    assert lacking.code == 2
    assert "no section vectors of other-embedder (models with vectors: fake-embedder (" in (
        lacking.stderr
    )
    assert refused.code == 2 and "fake-embedder-d32 gives 32-dimension vectors" in refused.stderr
    assert "hf-crawl embed --drop --embed-model NAME" in refused.stderr
    assert dropped.code == reembedded.code == 0, dropped.stderr + reembedded.stderr
    assert "vectors of fake-embedder dropped" in dropped.stderr
    assert await database.value("SELECT DISTINCT model FROM hf.section_embeddings") == (
        "fake-embedder-d32"
    )
    for model_id, hits in zip(ids, answers, strict=True):
        assert hits[0]["model_id"] == model_id and hits[0]["exact"] is True
        for hit in hits:  # the score is the fused reciprocal ranks over the best possible
            ranks = [r for r in (hit["text_rank"], hit["vector_rank"]) if r is not None]
            fused = sum(1 / (60 + r) for r in ranks) / (2 / 61)
            assert hit["score"] == pytest.approx(fused, abs=1e-4)
    assert len({h["score"] for hits in answers for h in hits}) > 10  # not one score for all
