"""What the commands that only read ask of the database (`status`, `report`, `search`), each
a named statement of `sql/queries/`, answered as plain values: rows as dicts, no driver
types, so the reports only shape and print them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from hf_crawler.store import db, queries, storage
from hf_crawler.store.database import Pool


@dataclass(frozen=True, slots=True)
class StatusRows:
    """The run rows `status` reads (by kind: latest, last_success, cards), the latest runs,
    the writer lease's row and the schema's storage."""

    runs: dict[str, dict[str, Any]]
    recent: list[dict[str, Any]]
    lease: dict[str, Any] | None
    storage: storage.Storage


async def status(pool: Pool, schema: str, *, recent: int, budget: int | None) -> StatusRows:
    q = queries.for_schema(schema)
    async with db.translated("reading the status"), pool.acquire() as conn:
        runs = {r["kind"]: dict(r) for r in await conn.fetch(q.status_runs)}
        latest = [dict(r) for r in await conn.fetch(q.status_recent_runs, recent)]
        lease = await conn.fetchrow(q.read_lease)
        size = await storage.read(conn, schema, budget)
    return StatusRows(runs, latest, None if lease is None else dict(lease), size)


# The report's checks and figures: each a named statement, its rows as dicts.
REPORT_ROWS = {
    "duplicates": ("report_duplicates", False),
    "orphans": ("report_orphans", False),
    "gaps": ("report_rank_gaps", False),
    "last_run": ("report_last_run", False),
    "counts": ("report_counts", False),
    "top_tasks": ("report_top_tasks", True),
    "top_models": ("report_top_models", True),
    "movers": ("report_movers", True),
    "top_n_changes": ("report_top_n_changes", False),
    "cards": ("report_cards", False),
    "license_classes": ("report_license_classes", False),
    "card_licenses": ("report_card_licenses", True),
    "card_base_models": ("report_card_base_models", True),
    "families": ("report_families", True),
    "dataset_tasks": ("report_dataset_tasks", True),
    "datasets_used": ("report_datasets_used", True),
    "models_by_spaces": ("report_models_by_spaces", True),
    "newest_papers": ("report_newest_papers", True),
    "top_collections": ("report_top_collections", True),
}  # name -> (statement, whether it takes the `top` limit)


@dataclass(frozen=True, slots=True)
class ReportRows:
    """Every row the report shows, by name (REPORT_ROWS, and the schema's columns and
    indexes), and the schema's storage."""

    rows: dict[str, list[dict[str, Any]]]
    storage: storage.Storage


async def report(pool: Pool, schema: str, *, top: int, budget: int | None) -> ReportRows:
    q = queries.for_schema(schema)
    found: dict[str, list[dict[str, Any]]] = {}
    async with db.translated("reading the report"), pool.acquire() as conn:
        for name, (statement, limited) in REPORT_ROWS.items():
            args = (top,) if limited else ()
            found[name] = [dict(r) for r in await conn.fetch(getattr(q, statement), *args)]
        for name in ("columns", "indexes"):
            rows = await conn.fetch(getattr(q, f"report_{name}"), schema)
            found[name] = [dict(r) for r in rows]
        size = await storage.read(conn, schema, budget)
    for run in found["last_run"]:
        run["parameters"] = json.loads(run["parameters"])
    return ReportRows(found, size)


def report_statements(schema: str, top: int) -> dict[str, str]:
    """The report's main checks as run, without their comments, ready for psql."""
    q = queries.for_schema(schema)
    return {
        name: _uncommented(getattr(q, name)).replace("$1", str(top))
        for name in ("report_counts", "report_duplicates", "report_orphans", "report_top_tasks")
    }


def _uncommented(sql: str) -> str:
    return "\n".join(line for line in sql.strip().splitlines() if not line.startswith("--"))


@dataclass(frozen=True, slots=True)
class ChartRows:
    """What the HTML report draws: the latest covering runs, models per task, the licence
    mix, and the biggest tasks' top models' downloads and ranks over those runs."""

    runs: list[dict[str, Any]]
    per_task: list[dict[str, Any]]
    licenses: list[dict[str, Any]]
    downloads: list[dict[str, Any]]
    ranks: list[dict[str, Any]]


async def charts(pool: Pool, schema: str, *, runs: int, tasks: int, top: int) -> ChartRows:
    """Every series in one connection."""
    q = queries.for_schema(schema)
    async with db.translated("reading the chart data"), pool.acquire() as conn:
        covering = [dict(r) for r in await conn.fetch(q.report_chart_runs, runs)]
        per_task = [dict(r) for r in await conn.fetch(q.report_models_per_task)]
        licenses = [dict(r) for r in await conn.fetch(q.report_license_mix)]
        drawn = [r["task_id"] for r in per_task[:tasks]]
        run_ids = [r["run_id"] for r in covering]
        downloads = await conn.fetch(q.report_chart_downloads, drawn, run_ids, top)
        ranks = await conn.fetch(q.report_chart_ranks, drawn, run_ids, top)
    return ChartRows(
        covering, per_task, licenses, [dict(r) for r in downloads], [dict(r) for r in ranks]
    )


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """What a search is narrowed to (None: anything), and its order."""

    task: str | None
    license: str | None
    library: str | None
    min_downloads: int | None = None
    max_params: int | None = None
    license_classes: tuple[str, ...] | None = None
    sort: str = "relevance"


async def unknown_filters(pool: Pool, schema: str, f: SearchFilters) -> dict[str, Any] | None:
    """Which of the filters names nothing the catalogue holds (a row of flags)."""
    q = queries.for_schema(schema)
    async with db.translated("searching"), pool.acquire() as conn:
        row = await conn.fetchrow(q.search_filters_unknown, f.task, f.license, f.library)
    return None if row is None else dict(row)


async def search(
    pool: Pool, schema: str, words: str, f: SearchFilters, limit: int
) -> list[dict[str, Any]]:
    """The best full-text hits (hf.search_models), best first."""
    q = queries.for_schema(schema)
    async with db.translated("searching"), pool.acquire() as conn:
        classes = None if f.license_classes is None else list(f.license_classes)
        rows = await conn.fetch(
            q.search_models,
            words,
            f.task,
            f.license,
            f.library,
            limit,
            f.min_downloads,
            f.max_params,
            classes,
            f.sort,
        )
    return [dict(r) for r in rows]


async def exact_hits(pool: Pool, schema: str, ids: list[str], words: str) -> set[str]:
    """Of `ids`, the models whose id, name or words match `words` exactly."""
    q = queries.for_schema(schema)
    async with db.translated("searching"), pool.acquire() as conn:
        rows = await conn.fetch(q.search_exact_hits, ids, words)
    return {r["model_id"] for r in rows}


async def briefs(pool: Pool, schema: str, ids: list[str]) -> list[dict[str, Any]]:
    """A few facts of each of `ids` (tasks, licence, downloads, library)."""
    q = queries.for_schema(schema)
    async with db.translated("searching"), pool.acquire() as conn:
        return [dict(r) for r in await conn.fetch(q.models_in_brief, ids)]


@dataclass(frozen=True, slots=True)
class Choice:
    """What `pick` narrows a task's ranking to, and how it orders it (hf.pick's arguments)."""

    task: str
    max_params: int | None = None
    min_params: int | None = None
    license_classes: tuple[str, ...] | None = None
    commercial: bool = False
    library: str | None = None
    min_downloads: int | None = None
    benchmark: str | None = None
    metric: str | None = None
    sort: str = "rank"
    limit: int = 20


async def pick(pool: Pool, schema: str, c: Choice) -> list[dict[str, Any]]:
    """hf.pick's rows for `c`, in its order."""
    q = queries.for_schema(schema)
    classes = None if c.license_classes is None else list(c.license_classes)
    async with db.translated("picking models"), pool.acquire() as conn:
        rows = await conn.fetch(
            q.pick_models,
            c.task,
            c.max_params,
            c.min_params,
            classes,
            c.commercial,
            c.library,
            c.min_downloads,
            c.benchmark,
            c.metric,
            c.sort,
            c.limit,
        )
    return [dict(r) for r in rows]


async def model_profile(pool: Pool, schema: str, model_id: str, runs: int) -> str | None:
    """Everything known of `model_id` as one JSON document (None: no such model)."""
    q = queries.for_schema(schema)
    async with db.translated("reading a model"), pool.acquire() as conn:
        document: str | None = await conn.fetchval(q.show_model, model_id, runs)
    return document


async def models_named(pool: Pool, schema: str, written: str) -> list[str]:
    """The models `written` may name when no id is exactly it (another case, or a name
    under any owner), most downloaded first."""
    q = queries.for_schema(schema)
    async with db.translated("reading a model"), pool.acquire() as conn:
        return [r["model_id"] for r in await conn.fetch(q.resolve_model, written)]


async def changes(pool: Pool, schema: str, since_run: int, until_run: int | None) -> str:
    """hf.changes_since as JSON text."""
    q = queries.for_schema(schema)
    async with db.translated("reading the changes"), pool.acquire() as conn:
        document: str = await conn.fetchval(q.changes_since, since_run, until_run)
    return document


async def run_before(pool: Pool, schema: str, ago: timedelta) -> int | None:
    """The newest run that covered tasks and started at least `ago` before now, else the
    oldest one; None before any."""
    q = queries.for_schema(schema)
    async with db.translated("reading the runs"), pool.acquire() as conn:
        run: int | None = await conn.fetchval(q.run_before, ago)
    return run
