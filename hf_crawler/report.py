"""`hf-crawl report`: the user's verification queries, as a table, Markdown or JSON."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import asyncpg

from hf_crawler import db, queries


async def gather(pool: asyncpg.Pool, schema: str, *, top: int = 10) -> dict[str, Any]:
    """Run every verification query; the result is plain JSON-able data."""
    q = queries.for_schema(schema)
    try:
        async with pool.acquire() as conn:
            counts = dict(await conn.fetchrow(q.report_counts) or {})
            duplicates = [dict(r) for r in await conn.fetch(q.report_duplicates)]
            orphans = [dict(r) for r in await conn.fetch(q.report_orphans)]
            gaps = [dict(r) for r in await conn.fetch(q.report_rank_gaps)]
            top_tasks = [dict(r) for r in await conn.fetch(q.report_top_tasks, top)]
            top_models = [dict(r) for r in await conn.fetch(q.report_top_models, top)]
            last = await conn.fetchrow(q.report_last_run)
    except (asyncpg.PostgresError, *db.UNAVAILABLE) as exc:
        raise db.translate(exc, "reading the report") from exc
    last_run = dict(last) if last else None
    if last_run is not None:
        last_run["parameters"] = json.loads(last_run["parameters"])
    return {
        "schema": schema,
        "counts": counts,
        "checks": {
            "no_duplicate_mappings": {"passed": not duplicates, "rows": duplicates},
            "no_orphan_mappings": {"passed": not orphans, "rows": orphans},
            "ranks_are_1_to_n": {"passed": not gaps, "rows": gaps},
        },
        "top_tasks": top_tasks,
        "top_models": top_models,
        "last_run": last_run,
    }


def render(data: dict[str, Any], fmt: str) -> str:
    """The report in `table`, `markdown` or `json` form."""
    if fmt == "json":
        return json.dumps(data, indent=2, default=_plain)
    return _markdown(data) if fmt == "markdown" else _table(data)


def _table(data: dict[str, Any]) -> str:
    c = data["counts"]
    lines = [f"tasks {c['tasks']:,} · models {c['models']:,} · mappings {c['mappings']:,}", ""]
    for name, check in data["checks"].items():
        lines.append(f"{'PASS' if check['passed'] else 'FAIL'}  {name.replace('_', ' ')}")
    lines += ["", "Top tasks by model count", _grid(data["top_tasks"])]
    lines += ["", "Top models by downloads", _grid(data["top_models"])]
    lines += ["", "Last run", _grid([_run_row(data["last_run"])] if data["last_run"] else [])]
    return "\n".join(lines)


def _markdown(data: dict[str, Any]) -> str:
    c = data["counts"]
    out = [
        f"# Hugging Face catalogue report (schema `{data['schema']}`)",
        "",
        "## Counts",
        "",
        "| what | rows |",
        "|---|---:|",
        f"| tasks | {c['tasks']:,} |",
        f"| models | {c['models']:,} |",
        f"| model-task mappings | {c['mappings']:,} |",
        "",
        "## Data quality",
        "",
    ]
    for name, check in data["checks"].items():
        mark = "✅ pass" if check["passed"] else f"❌ fail ({len(check['rows'])} rows)"
        out.append(f"- {name.replace('_', ' ')}: {mark}")
    out += ["", "## Top tasks by model count", "", _md_table(data["top_tasks"]), ""]
    out += ["## Top models by downloads", "", _md_table(data["top_models"]), ""]
    out += ["## Last run", "", _md_table([_run_row(data["last_run"])] if data["last_run"] else [])]
    return "\n".join(out) + "\n"


def _run_row(run: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "run_id",
        "status",
        "started_at",
        "finished_at",
        "tasks_ok",
        "tasks_failed",
        "models",
        "mappings",
        "requests",
        "retries",
        "rate_limited",
        "malformed",
    )
    return {k: run[k] for k in keys}


def _grid(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "  (none)"
    cols = list(rows[0])
    cells = [[_cell(r[c]) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join(
        [fmt.format(*cols), fmt.format(*("-" * w for w in widths))]
        + [fmt.format(*row) for row in cells]
    )


def _md_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "_none_"
    cols = list(rows[0])
    head = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    body = ["| " + " | ".join(_cell(r[c]).replace("|", "\\|") for c in cols) + " |" for r in rows]
    return "\n".join(head + body)


def _cell(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return "" if value is None else str(value)


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")
