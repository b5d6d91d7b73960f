"""What a merged model's tags say about other repositories, kept in step with every merge:
its lineage (`base_model:` tags, store/lineage.py) and the datasets it was trained on
(`dataset:<id>` tags). A batch's models replace their own rows only; bases and datasets
the catalogue does not hold are kept as ids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hf_crawler.entities.models import ModelRecord
from hf_crawler.store import queries
from hf_crawler.store.db import Connection
from hf_crawler.store.lineage import edges_from_tags

DATASET_PREFIX = "dataset:"


def datasets_from_tags(tags: Iterable[str]) -> set[str]:
    """The dataset ids the tags name (`dataset:<id>`; the same rule as the backfill of
    migration 0023)."""
    n = len(DATASET_PREFIX)
    return {t[n:] for t in tags if t.startswith(DATASET_PREFIX) and len(t) > n}


@dataclass(frozen=True, slots=True)
class _Links:
    """One kind of link and the statements that replace a batch's rows of it."""

    stage: str  # the staging table's name
    columns: tuple[str, ...]
    create_stage: str
    delete_left: str  # rows of the staged models that the stage no longer holds
    insert_new: str
    delete_all: str  # every row of the staged models (nothing staged)


async def merge(conn: Connection, q: queries.Queries, models: tuple[ModelRecord, ...]) -> None:
    """The staged models' lineage and dataset rows become what their tags state now
    (`stage_models` holds them, one row per model)."""
    latest = list({m.model_id: m for m in models}.values())  # as the stage holds them
    edges = [
        (m.model_id, base, relation)
        for m in latest
        for base, relation in sorted(edges_from_tags(m.tags))
    ]
    named = [(m.model_id, d) for m in latest for d in sorted(datasets_from_tags(m.tags))]
    lineage = _Links(
        stage="stage_lineage",
        columns=("model_id", "base_model_id", "relation"),
        create_stage=q.create_stage_lineage,
        delete_left=q.delete_left_lineage,
        insert_new=q.insert_lineage,
        delete_all=q.delete_lineage_of_staged,
    )
    datasets = _Links(
        stage="stage_dataset_tags",
        columns=("model_id", "dataset_id"),
        create_stage=q.create_stage_dataset_tags,
        delete_left=q.delete_left_dataset_tags,
        insert_new=q.insert_dataset_tags,
        delete_all=q.delete_dataset_tags_of_staged,
    )
    await _replace(conn, lineage, edges)
    await _replace(conn, datasets, named)


async def _replace(conn: Connection, links: _Links, rows: Sequence[tuple[str, ...]]) -> None:
    """Stage `rows`, then delete what the staged models no longer state and insert what is
    new; with no row, only delete (most batches name no base and no dataset)."""
    if not rows:
        await conn.execute(links.delete_all)
        return
    await conn.execute(links.create_stage)
    await conn.copy_records_to_table(links.stage, records=rows, columns=links.columns)
    await conn.execute(links.delete_left)
    await conn.execute(links.insert_new)
