"""Card sections' vectors for semantic search (pgvector): the table made on first use, the
sections still without a vector of a model, the vectors written, the nearest models."""

from __future__ import annotations

from collections.abc import Sequence

from hf_crawler.store import db, lease, queries
from hf_crawler.store.database import Pool


def as_text(vector: Sequence[float]) -> str:
    """A vector in pgvector's text form."""
    return "[" + ",".join(repr(float(x)) for x in vector) + "]"


async def ensure_table(pool: Pool, schema: str, dims: int) -> None:
    """The extension, the table (vectors of `dims` numbers) and its HNSW index, exposed
    read-only as the rest of the schema is (if it is)."""
    q = queries.for_schema(schema)
    sql = q.create_section_embeddings.replace("{dims}", str(int(dims)))
    async with db.translated("creating the vector table"), pool.acquire() as conn:
        await conn.execute(sql)
        if await conn.fetchval(q.exposure_ready):
            await conn.execute(q.apply_exposure, schema)


async def exists(pool: Pool, schema: str) -> bool:
    q = queries.for_schema(schema)
    async with db.translated("looking for the vector table"), pool.acquire() as conn:
        return bool(await conn.fetchval(q.vector_table_exists))


async def to_embed(pool: Pool, schema: str, model: str, limit: int) -> list[tuple[str, int, str]]:
    """(hash, place, text to embed: headings and text) of sections without a vector."""
    q = queries.for_schema(schema)
    async with db.translated("reading sections to embed"), pool.acquire() as conn:
        rows = await conn.fetch(q.sections_to_embed, model, limit)
    return [(r["card_sha256"], r["n"], f"{r['heading']}\n{r['text']}".strip()) for r in rows]


async def store(  # noqa: PLR0913  # keyword-only lease and timeout of the transaction
    pool: Pool,
    schema: str,
    rows: Sequence[tuple[str, int, Sequence[float]]],
    *,
    model: str,
    lease_token: str,
    timeout_s: float,
) -> None:
    """Vectors of `model`, (section's text hash, place, vector) each."""
    q = queries.for_schema(schema)
    async with lease.merge_transaction(
        pool, q, "storing section vectors", lease=lease_token, timeout_s=timeout_s
    ) as conn:
        await conn.execute(
            q.insert_section_embeddings,
            [sha for sha, _, _ in rows],
            [n for _, n, _ in rows],
            [as_text(vector) for _, _, vector in rows],
            model,
        )


async def nearest(
    pool: Pool, schema: str, vector: Sequence[float], model: str, limit: int
) -> list[str]:
    """Models whose card sections lie nearest `vector`, nearest first."""
    q = queries.for_schema(schema)
    async with db.translated("semantic search"), pool.acquire() as conn:
        rows = await conn.fetch(q.semantic_sections, as_text(vector), model, limit)
    return [r["model_id"] for r in rows]


async def models(pool: Pool, schema: str) -> dict[str, int]:
    """Each embedding model that has vectors, with its sections (none before any embed)."""
    q = queries.for_schema(schema)
    async with db.translated("reading the embedding models"), pool.acquire() as conn:
        if not await conn.fetchval(q.vector_table_exists):
            return {}
        return {r["model"]: r["sections"] for r in await conn.fetch(q.embedding_models)}


async def dims(pool: Pool, schema: str) -> int | None:
    """The length of the vectors the table holds (None: no table yet)."""
    q = queries.for_schema(schema)
    async with db.translated("reading the vectors' length"), pool.acquire() as conn:
        found = await conn.fetchval(q.embedding_dims)
    return None if found is None else int(found)


async def drop(pool: Pool, schema: str, model: str, *, lease_token: str, timeout_s: float) -> int:
    """Every vector of `model`; the table itself once no model has any (the next embed
    makes it for its own length). Returns the vectors dropped."""
    q = queries.for_schema(schema)
    async with lease.merge_transaction(
        pool, q, "dropping section vectors", lease=lease_token, timeout_s=timeout_s
    ) as conn:
        if not await conn.fetchval(q.vector_table_exists):
            return 0
        dropped = int((await conn.execute(q.delete_section_embeddings, model)).split()[-1])
        if not await conn.fetch(q.embedding_models):
            await conn.execute(q.drop_section_embeddings)
    return dropped
