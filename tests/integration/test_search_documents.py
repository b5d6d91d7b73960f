"""Search reads one document per model, kept by each cards run: rebuilt where the model's
card, tags or pipeline tag changed, its filters and popularity prior updated where they
moved, and nothing rewritten where nothing did."""

from __future__ import annotations

import asyncpg

from hf_crawler.store import db, migrate, queries
from tests.conftest import Database

SECTIONS_PER_TEXT = 21  # the last migration to search matching sections grouped by text
OLD_WORDS = """
INSERT INTO hf.model_terms (model_id, search)
SELECT m.model_id, hf.model_words(m.model_id, m.tags, m.pipeline_tag) FROM hf.models AS m
"""  # what a cards run kept up to then: ids, tags and pipeline tags only


async def add_card(conn: db.Connection, s: str, sha: str, heading: str, text: str) -> None:
    await conn.execute(f"INSERT INTO {s}.card_texts (card_sha256, text) VALUES ($1, $2)", sha, text)
    await conn.execute(
        f"INSERT INTO {s}.card_sections (card_sha256, n, heading_path, text, search)"
        " VALUES ($1, 1, ARRAY[$2], $3, to_tsvector('english', $2 || ' ' || $3))",
        sha,
        heading,
        text,
    )


async def refresh(conn: db.Connection, s: str) -> tuple[int, int]:
    """What a cards run does at its end: (documents rebuilt, rows whose prior moved)."""
    q = queries.for_schema(s)
    rebuilt = await conn.execute(q.refresh_model_terms)
    moved = await conn.execute(q.refresh_model_priors)
    return int(rebuilt.split()[-1]), int(moved.split()[-1])


async def found(conn: db.Connection, s: str, words: str) -> list[str]:
    rows = await conn.fetch(f"SELECT model_id FROM {s}.search_models($1)", words)
    return [r["model_id"] for r in rows]


async def test_documents_follow_cards_tags_and_downloads_and_rest_when_nothing_moved(
    migrated: asyncpg.Connection, database: Database
) -> None:
    s, conn = database.schema, migrated
    await conn.executemany(
        f"INSERT INTO {s}.models (model_id, tags, downloads, license) VALUES ($1, $2, $3, 'mit')",
        [("org/a", '["lighthouse"]', 10), ("org/b", '["harbour"]', 1000)],
    )
    await add_card(conn, s, "c1", "Training", "Trained on glacier photographs.")
    await add_card(conn, s, "c2", "Training", "Trained on desert recordings.")
    await conn.execute(
        f"INSERT INTO {s}.model_cards (model_id, card_sha256, status) VALUES"
        " ('org/a', 'c1', 'ok'), ('org/b', 'c1', 'ok')"
    )
    assert await refresh(conn, s) == (2, 0)
    assert await found(conn, s, "glacier") == ["org/b", "org/a"]  # tied words: the prior
    assert await refresh(conn, s) == (0, 0)  # nothing moved: no row rewritten

    await conn.execute(f"UPDATE {s}.model_cards SET card_sha256 = 'c2' WHERE model_id = 'org/a'")
    await conn.execute(f"UPDATE {s}.models SET tags = '[\"beacon\"]' WHERE model_id = 'org/b'")
    assert await refresh(conn, s) == (2, 0)
    assert await found(conn, s, "desert") == ["org/a"]
    assert await found(conn, s, "glacier") == ["org/b"]
    assert (await found(conn, s, "beacon"), await found(conn, s, "harbour")) == (["org/b"], [])

    await conn.execute(f"UPDATE {s}.models SET downloads = 10500 WHERE model_id = 'org/a'")
    await conn.execute(f"UPDATE {s}.models SET downloads = 1020 WHERE model_id = 'org/b'")
    assert await refresh(conn, s) == (0, 1)  # 2% more downloads: the prior stays
    assert await found(conn, s, "trained") == ["org/a", "org/b"]

    await conn.execute(f"UPDATE {s}.models SET license = 'apache-2.0' WHERE model_id = 'org/b'")
    assert await refresh(conn, s) == (0, 1)
    licensed = await conn.fetch(
        f"SELECT model_id FROM {s}.search_models('trained', license => 'mit')"
    )
    assert [r["model_id"] for r in licensed] == ["org/a"]


async def test_an_upgraded_database_finds_card_words_and_rebuilds_each_document_once(
    pg_dsn: str, database: Database
) -> None:
    s = database.schema
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    try:
        await migrate.apply(pool, s, upto=SECTIONS_PER_TEXT)  # one row per section matched
        async with pool.acquire() as conn:
            await conn.execute(f"INSERT INTO {s}.models (model_id, tags) VALUES ('org/a', '[]')")
            await add_card(conn, s, "c1", "Evaluation", "Scored on tidal gauge readings.")
            await conn.execute(
                f"INSERT INTO {s}.model_cards (model_id, card_sha256, status)"
                " VALUES ('org/a', 'c1', 'ok')"
            )
            await conn.execute(OLD_WORDS.replace("hf.", f"{s}."))
            before = await found(conn, s, "tidal gauges")
        await migrate.apply(pool, s)
        async with pool.acquire() as conn:
            after = await found(conn, s, "tidal gauges")
            first, second = await refresh(conn, s), await refresh(conn, s)
    finally:
        await pool.close()
    assert before == after == ["org/a"]
    assert (first, second) == ((1, 0), (0, 0))
