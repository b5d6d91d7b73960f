"""Cards into the database: each distinct text once with what its front matter says, a row
per model, the revision chain, and the texts' evaluation results. The caller parses the
front matter (the Hub client's side); this module only writes what it is given."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from hf_crawler.store import db, lease, queries

CARD_COLUMNS = (
    "model_id",
    "revision",
    "card_sha256",
    "status",
    "bytes",
    "text",
    "meta",
    "meta_status",
    "meta_error",
)
EVAL_COLUMNS = (
    "card_sha256",
    "n",
    "model_name",
    "task_type",
    "dataset_id",
    "dataset_name",
    "metric_type",
    "metric_name",
    "value",
    "value_text",
    "verified",
)
Row = Sequence[object]


async def merge_cards(
    pool: asyncpg.Pool,
    q: queries.Queries,
    cards: Sequence[Row],
    evals: Sequence[Row],
    *,
    lease_token: str,
    timeout_s: float,
) -> None:
    """COPY the cards (rows of CARD_COLUMNS) and their texts' results (EVAL_COLUMNS) into
    staging, then merge, while this run still holds the writer lease."""
    async with lease.merge_transaction(
        pool, q, "merging cards", lease=lease_token, timeout_s=timeout_s
    ) as conn:
        await conn.execute(q.create_stage_cards)
        await conn.copy_records_to_table("stage_cards", records=cards, columns=CARD_COLUMNS)
        await conn.execute(q.merge_card_texts)
        await conn.execute(q.merge_model_cards)
        await conn.execute(q.record_card_history)
        if evals:
            await conn.execute(q.create_stage_card_evals)
            await conn.copy_records_to_table(
                "stage_card_evals", records=evals, columns=EVAL_COLUMNS
            )
            await conn.execute(q.insert_card_evals)


async def unparsed_texts(
    pool: asyncpg.Pool, q: queries.Queries, limit: int
) -> list[tuple[str, str]]:
    """(hash, text) of stored texts whose front matter was never parsed."""
    async with db.translated("reading unparsed card texts"), pool.acquire() as conn:
        rows = await conn.fetch(q.unparsed_card_texts, limit)
    return [(r["card_sha256"], r["text"]) for r in rows]


async def store_meta(
    pool: asyncpg.Pool,
    q: queries.Queries,
    metas: Sequence[Row],
    evals: Sequence[Row],
    *,
    lease_token: str,
    timeout_s: float,
) -> None:
    """Stored texts' parsed front matter: (hash, data as JSON, status, error) each."""
    async with lease.merge_transaction(
        pool, q, "storing card metadata", lease=lease_token, timeout_s=timeout_s
    ) as conn:
        await conn.executemany(q.store_card_meta, metas)
        if evals:
            await conn.execute(q.create_stage_card_evals)
            await conn.copy_records_to_table(
                "stage_card_evals", records=evals, columns=EVAL_COLUMNS
            )
            await conn.execute(q.insert_card_evals)
