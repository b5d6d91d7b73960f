"""Cards into the database: each distinct text once with what its front matter says, a row
per model or dataset, the models' revision chain, and the texts' evaluation results. The
caller parses the front matter (the Hub client's side); this module only writes what it is
given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from hf_crawler.entities.catalogue import ENTITIES
from hf_crawler.store import db, lease, queries, statements
from hf_crawler.store.database import Pool

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
    "model_index_error",
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
    pool: Pool, schema: str, rows: CardRows, *, lease_token: str, timeout_s: float
) -> None:
    """COPY the cards into staging and merge them with their texts' results and sections,
    while this run still holds the writer lease."""
    q = queries.for_schema(schema)
    async with lease.merge_transaction(
        pool, q, "merging cards", lease=lease_token, timeout_s=timeout_s
    ) as conn:
        await conn.execute(q.create_stage_cards)
        await conn.copy_records_to_table("stage_cards", records=rows.cards, columns=CARD_COLUMNS)
        parsed = [c[3] for c in rows.cards if c[3] is not None and c[8] is not None]
        await conn.execute(q.clear_card_parts, parsed)
        await conn.execute(q.merge_card_texts)
        for entity in ENTITIES:  # each card's row beside its repo's
            if entity.cards:
                await conn.execute(statements.for_entity(entity, schema).merge_cards)
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


async def unparsed_texts(pool: Pool, schema: str, limit: int) -> list[tuple[str, str]]:
    """(hash, text) of stored texts whose front matter was never parsed."""
    q = queries.for_schema(schema)
    async with db.translated("reading unparsed card texts"), pool.acquire() as conn:
        rows = await conn.fetch(q.unparsed_card_texts, limit)
    return [(r["card_sha256"], r["text"]) for r in rows]


async def store_meta(  # noqa: PLR0913  # keyword-only lease and timeout of the transaction
    pool: Pool,
    schema: str,
    metas: Sequence[Row],
    rows: CardRows,
    *,
    lease_token: str,
    timeout_s: float,
) -> None:
    """Stored texts' parsed front matter, (hash, data as JSON, status, error, model-index
    error) each, with their results and sections."""
    q = queries.for_schema(schema)
    async with lease.merge_transaction(
        pool, q, "storing card metadata", lease=lease_token, timeout_s=timeout_s
    ) as conn:
        await conn.execute(q.clear_card_parts, [m[0] for m in metas])
        await conn.executemany(q.store_card_meta, metas)
        await _add_parts(conn, q, rows)


async def refresh_model_terms(
    pool: Pool, schema: str, *, lease_token: str, timeout_s: float
) -> tuple[int, int]:
    """Every model's search document as its words, card, license, library and downloads
    are now: (documents rebuilt, rows whose filters or prior alone moved)."""
    q = queries.for_schema(schema)
    async with lease.merge_transaction(
        pool, q, "refreshing model search documents", lease=lease_token, timeout_s=timeout_s
    ) as conn:
        rebuilt = await conn.execute(q.refresh_model_terms)
        moved = await conn.execute(q.refresh_model_priors)
    return int(rebuilt.split()[-1]), int(moved.split()[-1])


@dataclass(frozen=True, slots=True)
class Wanted:
    """Which cards a run fetches: of the `models` ranked or all (`top`: the first N of each
    task's ranking), those never fetched, or fetched before `before` (all with `refresh`)."""

    models: str
    refresh: bool
    before: datetime
    top: int | None


async def to_fetch(
    pool: Pool, schema: str, wanted: Wanted, repos: tuple[str, ...]
) -> list[tuple[str, str | None, str]]:
    """(repo id, its commit, its kind) of the cards to fetch: the models' first, then the
    datasets', as `repos` names them."""
    q = queries.for_schema(schema)
    w, todo = wanted, []
    async with db.translated("choosing the cards to fetch"), pool.acquire() as conn:
        if "models" in repos:
            rows = await conn.fetch(q.cards_to_fetch, w.models, w.refresh, w.before, w.top)
            todo += [(r["model_id"], r["sha"], "model") for r in rows]
        if "datasets" in repos:
            rows = await conn.fetch(q.dataset_cards_to_fetch, w.refresh, w.before, w.top)
            todo += [(r["dataset_id"], r["sha"], "dataset") for r in rows]
    return todo
