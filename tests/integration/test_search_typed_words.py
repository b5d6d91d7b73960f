"""Search finds what users type: hyphenated words, a model id with or without its owner
(the model typed first), task ids and licence ids, in ids, tags and card text alike."""

from __future__ import annotations

import json

import asyncpg
import pytest

from hf_crawler.store import db, migrate, queries
from tests.conftest import Database
from tests.integration.test_search_documents import add_card, refresh

MODELS = [  # id, pipeline tag, tags, license, downloads
    (
        "microsoft/whisper-feature-extr-7207",
        "feature-extraction",
        ["feature-extraction", "transformers", "license:apache-2.0"],
        "apache-2.0",
        50,
    ),
    # Shares every word of the first id and is far more downloaded: it must still come
    # second when the first one's id (or name) is what was typed.
    (
        "acme/whisper-feature-extr-7207-large",
        "feature-extraction",
        ["feature-extraction", "whisper", "microsoft", "license:mit"],
        "mit",
        9_000_000,
    ),
    ("org/photo-tagger", "image-classification", ["license:cc-by-4.0", "timm"], "cc-by-4.0", 10),
    ("org/plain-model", "text-generation", ["transformers"], None, 5),
]
CARD = (
    "Released under cc-by-4.0 and apache-2.0; fine-tuned from bert-base-uncased "
    "on data_v1.5 (see https://example.org/x)."
)


@pytest.fixture
async def catalogue(migrated: asyncpg.Connection, database: Database) -> asyncpg.Connection:
    s, conn = database.schema, migrated
    await conn.executemany(
        f"INSERT INTO {s}.models (model_id, pipeline_tag, tags, license, downloads)"
        " VALUES ($1, $2, $3, $4, $5)",
        [(m, p, json.dumps(t), lic, d) for m, p, t, lic, d in MODELS],
    )
    q = queries.for_schema(s)
    async with conn.transaction():  # the cards run's own statements stage and index it
        await conn.execute(f"INSERT INTO {s}.card_texts (card_sha256, text) VALUES ('c', $1)", CARD)
        await conn.execute(q.create_stage_card_sections)
        await conn.copy_records_to_table(
            "stage_card_sections",
            records=[("c", 1, ["Licence"], CARD)],
            columns=["card_sha256", "n", "heading_path", "text"],
        )
        await conn.execute(q.insert_card_sections)
    await conn.execute(
        f"INSERT INTO {s}.model_cards (model_id, card_sha256, status)"
        " VALUES ('org/plain-model', 'c', 'ok')"
    )
    await refresh(conn, s)
    return conn


async def found(conn: db.Connection, s: str, words: str) -> list[str]:
    rows = await conn.fetch(f"SELECT model_id FROM {s}.search_models($1)", words)
    return [r["model_id"] for r in rows]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("microsoft/whisper-feature-extr-7207", "microsoft/whisper-feature-extr-7207"),
        ("whisper-feature-extr-7207", "microsoft/whisper-feature-extr-7207"),
        ("Microsoft/Whisper-Feature-Extr-7207", "microsoft/whisper-feature-extr-7207"),
        ("acme/whisper-feature-extr-7207-large", "acme/whisper-feature-extr-7207-large"),
    ],
)
async def test_a_model_id_with_or_without_its_owner_finds_that_model_first(
    catalogue: asyncpg.Connection, database: Database, typed: str, first: str
) -> None:
    hits = await found(catalogue, database.schema, typed)
    assert hits[0] == first


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("feature-extraction", {MODELS[0][0], MODELS[1][0]}),
        ("apache-2.0", {"microsoft/whisper-feature-extr-7207", "org/plain-model"}),
        ("cc-by-4.0", {"org/photo-tagger", "org/plain-model"}),
        ("image-classification", {"org/photo-tagger"}),
        ("bert-base-uncased", {"org/plain-model"}),  # in the card's text only
        ("data_v1.5", {"org/plain-model"}),
        ('"released under cc-by-4.0"', {"org/plain-model"}),  # a joined word inside a phrase
        ("feature-extraction -acme", {"microsoft/whisper-feature-extr-7207"}),
        ("cc-by-4.0 -org/photo-tagger", {"org/plain-model"}),
    ],
)
async def test_task_and_licence_ids_and_hyphenated_words_are_found_where_they_stand(
    catalogue: asyncpg.Connection, database: Database, typed: str, expected: set[str]
) -> None:
    assert set(await found(catalogue, database.schema, typed)) == expected


async def test_a_joined_word_is_the_phrase_of_its_parts_not_each_part_anywhere(
    catalogue: asyncpg.Connection, database: Database
) -> None:
    s = database.schema
    shown = await catalogue.fetchval(f"SELECT {s}.search_query($1)::text", "apache-2.0 gpt")
    assert shown == "'apach' <-> '2' <-> '0' & 'gpt'"
    # "extr" and "whisper" stand in both ids, but not as "whisper extr"
    assert await found(catalogue, s, "whisper-extr") == []


async def test_documents_indexed_before_the_upgrade_are_read_again_by_the_one_rule(
    pg_dsn: str, database: Database
) -> None:
    s = database.schema
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    try:
        await migrate.apply(pool, s, upto=26)
        async with pool.acquire() as conn:
            await conn.execute(
                f"INSERT INTO {s}.models (model_id, tags) VALUES ('org/old', $1)",
                '["license:cc-by-4.0"]',
            )
            await add_card(conn, s, "old", "Use", "Trained on data_v1.5 for a week.")
            await conn.execute(
                f"INSERT INTO {s}.model_cards (model_id, card_sha256, status)"
                " VALUES ('org/old', 'old', 'ok')"
            )
            await refresh(conn, s)
        await migrate.apply(pool, s)
        async with pool.acquire() as conn:
            assert await found(conn, s, "cc-by-4.0") == ["org/old"]
            assert await found(conn, s, "data_v1.5") == ["org/old"]
            sections = await conn.fetch(f"SELECT * FROM {s}.search_models('data_v1.5')")
            assert sections[0]["section"] == "Use"
    finally:
        await pool.close()
