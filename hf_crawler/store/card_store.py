"""Cards into the database: each distinct text once with what its front matter says, a row
per model or dataset, the models' revision chain, and the texts' evaluation results. The
caller parses the front matter (the Hub client's side); this module only writes what it is
given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import asyncpg

from hf_crawler.store import db, lease, queries

CARD_COLUMNS = (
    "repo_id",
    "kind",
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
    "unit",
)
SECTION_COLUMNS = ("card_sha256", "n", "heading_path", "text")
Row = Sequence[object]


@dataclass(slots=True)
class CardRows:
    """What a batch of cards writes: the cards (CARD_COLUMNS), their texts' results
    (EVAL_COLUMNS) and sections (SECTION_COLUMNS), each text's only once."""

    cards: list[Row] = field(default_factory=list)
    evals: list[Row] = field(default_factory=list)
    sections: list[Row] = field(default_factory=list)


async def merge_cards(
    pool: asyncpg.Pool, q: queries.Queries, rows: CardRows, *, lease_token: str, timeout_s: float
) -> None:
    """COPY the cards into staging and merge them with their texts' results and sections,
    while this run still holds the writer lease."""
    async with lease.merge_transaction(
        pool, q, "merging cards", lease=lease_token, timeout_s=timeout_s
    ) as conn:
        await conn.execute(q.create_stage_cards)
        await conn.copy_records_to_table("stage_cards", records=rows.cards, columns=CARD_COLUMNS)
        await conn.execute(q.merge_card_texts)
        await conn.execute(q.merge_model_cards)
        await conn.execute(q.merge_dataset_cards)
        await conn.execute(q.record_card_history)
        await _add_parts(conn, q, rows)


async def _add_parts(conn: db.Connection, q: queries.Queries, rows: CardRows) -> None:
    """The texts' evaluation results and sections (a text's never change: its hash is its
    content)."""
    if rows.evals:
        await conn.execute(q.create_stage_card_evals)
        await conn.copy_records_to_table(
            "stage_card_evals", records=rows.evals, columns=EVAL_COLUMNS
        )
        await conn.execute(q.insert_card_evals)
    if rows.sections:
        await conn.execute(q.create_stage_card_sections)
        await conn.copy_records_to_table(
            "stage_card_sections", records=rows.sections, columns=SECTION_COLUMNS
        )
        await conn.execute(q.insert_card_sections)


async def unparsed_texts(
    pool: asyncpg.Pool, q: queries.Queries, limit: int
) -> list[tuple[str, str]]:
    """(hash, text) of stored texts whose front matter was never parsed."""
    async with db.translated("reading unparsed card texts"), pool.acquire() as conn:
        rows = await conn.fetch(q.unparsed_card_texts, limit)
    return [(r["card_sha256"], r["text"]) for r in rows]


async def store_meta(  # noqa: PLR0913  # keyword-only lease and timeout of the transaction
    pool: asyncpg.Pool,
    q: queries.Queries,
    metas: Sequence[Row],
    rows: CardRows,
    *,
    lease_token: str,
    timeout_s: float,
) -> None:
    """Stored texts' parsed front matter, (hash, data as JSON, status, error) each, with
    their results and sections."""
    async with lease.merge_transaction(
        pool, q, "storing card metadata", lease=lease_token, timeout_s=timeout_s
    ) as conn:
        await conn.executemany(q.store_card_meta, metas)
        await _add_parts(conn, q, rows)


async def refresh_model_terms(
    pool: asyncpg.Pool, q: queries.Queries, *, lease_token: str, timeout_s: float
) -> tuple[int, int]:
    """Every model's search document as its words, card, license, library and downloads
    are now: (documents rebuilt, rows whose filters or prior alone moved)."""
    async with lease.merge_transaction(
        pool, q, "refreshing model search documents", lease=lease_token, timeout_s=timeout_s
    ) as conn:
        rebuilt = await conn.execute(q.refresh_model_terms)
        moved = await conn.execute(q.refresh_model_priors)
    return int(rebuilt.split()[-1]), int(moved.split()[-1])
