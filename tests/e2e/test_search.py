"""`hf-crawl search`: planted sentences are found by their rarer words in another order and
inflection, with the section they sit in; the filters narrow; JSON parses."""

from __future__ import annotations

import json
from pathlib import Path

from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, StartHub
from tests.e2e.test_card_metadata import crawled, with_own_card
from tests.e2e.test_cli import run_cli

SPEC = CatalogueSpec(tasks=4, models_per_task=60, overlap=0.3, seed=37)
PLANTED = {
    "Emotion recognition": "This checkpoint recognises emotions in spoken Welsh poetry recordings.",
    "Seismic use": "Fine-tuned on volcanic tremor spectrograms from Icelandic observatories.",
    "Culinary notes": "It classifies fermented Korean side dishes from smartphone photographs.",
}
QUERIES = (  # the rarer words, reordered and inflected
    ("welsh recorded emotion", "Emotion recognition"),
    ("observatory Iceland spectrogram tremors", "Seismic use"),
    ("photograph fermenting dish korean", "Culinary notes"),
)


async def test_planted_sentences_are_found_first_with_their_section(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env, ranked = await crawled(hub, database, tmp_path, 60)
        carded = with_own_card(hub, ranked)
        planted = dict(zip(PLANTED, carded[:3], strict=True))
        for heading, model_id in planted.items():
            hub.catalogue.by_id[model_id].card_text = f"\n## {heading}\n\n{PLANTED[heading]}\n"
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        answers = {
            words: await run_cli("search", words, "--format", "json", env=env, cwd=tmp_path)
            for words, _ in QUERIES
        }
        table = await run_cli("search", QUERIES[0][0], env=env, cwd=tmp_path)
    for words, heading in QUERIES:
        hits = json.loads(answers[words].stdout)
        assert hits[0]["model_id"] == planted[heading], (words, hits[:2])
        assert hits[0]["section"].endswith(heading)
        assert "«" in hits[0]["snippet"] and hits[0]["score"] > 0
    assert planted["Emotion recognition"] in table.stdout.splitlines()[0]


async def test_task_license_and_library_narrow_the_hits(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env, ranked = await crawled(hub, database, tmp_path, 60)
        carded = with_own_card(hub, ranked)
        for model_id in carded[:40]:  # one rare word in forty cards
            hub.catalogue.by_id[model_id].card_text = "\n## Notes\n\nTrained beside a lighthouse.\n"
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        rows = await database.fetch(
            "SELECT m.model_id, m.license, m.library_name, array_agg(t.task_id) AS tasks"
            " FROM hf.models AS m JOIN hf.model_tasks AS t USING (model_id)"
            " WHERE m.model_id = ANY($1) GROUP BY 1, 2, 3",
            carded[:40],
        )
        task = sorted(rows[0]["tasks"])[0]
        license_id = next(r["license"] for r in rows if r["license"])
        library = next(r["library_name"] for r in rows if r["library_name"])

        async def hits(*flags: str) -> set[str]:
            args = ("search", "lighthouses", "--limit", "100", "--format", "json", *flags)
            answer = await run_cli(*args, env=env, cwd=tmp_path)
            return {h["model_id"] for h in json.loads(answer.stdout)}

        everything = await hits()
        in_task = await hits("--task", task)
        licensed = await hits("--license", license_id)
        of_library = await hits("--library", library)
    assert everything == set(carded[:40])
    assert in_task == {r["model_id"] for r in rows if task in r["tasks"]}
    assert licensed == {r["model_id"] for r in rows if r["license"] == license_id}
    assert of_library == {r["model_id"] for r in rows if r["library_name"] == library}
    assert set() < in_task < everything and set() < licensed < everything
    for flags, said in (
        (("--task", "nope"), "--task 'nope'"),
        (("--license", "apache2"), "--license 'apache2'"),
        (("--library", "transfromers", "--task", task), "--library 'transfromers'"),
    ):
        refused = await run_cli("search", "lighthouses", *flags, env=env, cwd=tmp_path)
        assert refused.code == 2, refused.stderr
        (error,) = refused.events()  # one line, JSON off a terminal
        assert str(error["error"]).startswith(f"{said}: no task or model in the catalogue")


async def test_ids_and_tags_are_searched_too(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env, ranked = await crawled(hub, database, tmp_path, 60)
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
        by_id = await run_cli(
            "search", "whisper", "--limit", "500", "--format", "json", env=env, cwd=tmp_path
        )
        by_tag = await run_cli(
            "search", "safetensors", "--limit", "5", "--format", "json", env=env, cwd=tmp_path
        )
    named = {m for m in ranked if "/whisper-" in m}
    assert named and {h["model_id"] for h in json.loads(by_id.stdout)} >= named
    assert len(json.loads(by_tag.stdout)) == 5  # every fake model is tagged safetensors


async def test_every_section_of_a_sample_card_is_stored_with_its_heading_path(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    body = (
        "\n## Training\n\nData and steps.\n\n```\n# a comment, not a heading\n```\n"
        "\n### Hyperparameters\n\n| lr | 3e-4 |\n|---|---|\n\n## Limitations\n\nSome.\n"
    )
    async with start_hub(spec=SPEC) as hub:
        env, ranked = await crawled(hub, database, tmp_path, 60)
        sample = with_own_card(hub, ranked)[0]
        hub.catalogue.by_id[sample].card_text = body
        assert (await run_cli("cards", env=env, cwd=tmp_path)).code == 0
    rows = await database.fetch(
        "SELECT s.n, s.heading_path, s.text FROM hf.card_sections AS s"
        " JOIN hf.model_cards AS c USING (card_sha256) WHERE c.model_id = $1 ORDER BY s.n",
        sample,
    )
    assert [(r["n"], r["heading_path"]) for r in rows] == [
        (1, [sample]),
        (2, [sample, "Training"]),
        (3, [sample, "Training", "Hyperparameters"]),
        (4, [sample, "Limitations"]),
    ]
    assert "# a comment, not a heading" in rows[1]["text"]
    assert rows[2]["text"] == "| lr | 3e-4 |\n|---|---|"


async def test_before_any_cards_run_search_says_what_it_reads(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        env, _ = await crawled(hub, database, tmp_path, 10)
        answer = await run_cli("search", "whisper", env=env, cwd=tmp_path)
    assert answer.code == 0
    assert answer.stdout.strip() == (
        "no model matches (search reads what hf-crawl cards indexed: ids, tags, cards)"
    )
