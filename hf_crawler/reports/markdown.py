"""The Markdown report, in the shape of a hand-written ingestion report users know:
summary, schema, verification queries with their results, sample data, quality checks,
the last run, and what moved since the run before."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from hf_crawler.config import settings
from hf_crawler.reports import links
from hf_crawler.reports.tables import cell, table
from hf_crawler.store.storage import Storage

_RUN_KEYS = (
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
_FLAGS = (
    "max_tasks",
    "tasks",
    "limit_per_task",
    "concurrency",
    "rps",
    "sort",
    "match",
    "task_source",
    "all_models",
    "since_last_run",
)


def render(data: dict[str, Any]) -> str:
    sections = [
        _head(data),
        _schema(data),
        _results(data),
        _sample(data),
        _quality(data),
        _last_run(data),
        _changes(data),
        _licence_classes(data),
        _cards(data),
        links.families_markdown(data),
        links.datasets_markdown(data),
        links.neighbourhood_markdown(data),
        _storage(data),
    ]
    return "\n\n".join(sections) + "\n"


def _head(data: dict[str, Any]) -> str:
    run, c = data["last_run"], data["counts"]
    checks = data["checks"].values()
    verdict = (
        "All data quality checks passed."
        if all(x["passed"] for x in checks)
        else (f"{sum(not x['passed'] for x in checks)} data quality check(s) failed.")
    )
    if run is None:
        return f"# Hugging Face Model Ingestion Report\n\nNo run recorded yet. {verdict}"
    limit = run["parameters"].get("limit_per_task")
    return "\n".join(
        [
            "# Hugging Face Model Ingestion Report",
            "",
            f"**Date:** {run['started_at']:%B %d, %Y}  ",
            f"**Type:** run {run['run_id']}, {run['status']}  ",
            f"**Parameters:** {_parameters(run['parameters'])}  ",
            f"**Hub:** {hub_of(data)}",
            "",
            "## Executive Summary",
            "",
            f"Run {run['run_id']} ({run['status']}){_which(run)} fetched models from "
            f"{run['tasks_ok']} "
            f"tasks with up to {limit} models per task. The `{data['schema']}` schema now holds "
            f"{c['tasks']:,} tasks, {c['models']:,} unique models and "
            f"{c['mappings']:,} model-task mappings. {verdict}",
        ]
    )


def _which(run: dict[str, Any]) -> str:
    """Says when the run summarised is not the newest (later ones stored nothing)."""
    if run.get("latest_run_id") in (None, run["run_id"]):
        return ""
    return f", the latest run that stored data (run {run['latest_run_id']} stored nothing),"


def _parameters(parameters: dict[str, Any]) -> str:
    """The flags that differ from the defaults, or what the defaults meant for this run."""
    flags = _flags(parameters)
    if flags:
        return f"`{flags}`"
    limit, sort = parameters.get("limit_per_task"), parameters.get("sort")
    return f"none (the defaults: every task, top {limit} by {sort})"


def _flags(parameters: dict[str, Any]) -> str:
    shown = []
    defaults = settings.defaults()
    for key in _FLAGS:
        value = parameters.get(key)
        if value in (None, False, [], "") or defaults.get(key) == value:
            continue
        flag = "--" + key.replace("_", "-")
        shown.append(
            flag
            if value is True
            else f"{flag} {','.join(value) if isinstance(value, list) else value}"
        )
    return " ".join(shown)


def _schema(data: dict[str, Any]) -> str:
    tables: dict[str, list[str]] = defaultdict(list)
    for col in data["columns"]:
        tables[col["table_name"]].append(f"  - `{col['column_name']}` ({col['data_type']})")
    out = ["## Database Schema", "", f"### Schema: `{data['schema']}`"]
    for name in ("models", "tasks", "model_tasks"):
        out += ["", f"#### Table: `{data['schema']}.{name}`", "- **Columns:**", *tables[name]]
    out += ["", "### Indexes"]
    out += [
        f"- `{i['indexname']}`: `{i['indexdef'].split(' USING ')[-1]}` on "
        f"`{i['indexdef'].split(' ON ')[1].split(' USING ')[0]}`"
        for i in data["indexes"]
    ]
    return "\n".join(out)


def _results(data: dict[str, Any]) -> str:
    c, sql = data["counts"], data["sql"]
    dup = data["checks"]["no_duplicate_mappings"]
    dup_result = (
        "0 rows (✅ No duplicates found)" if dup["passed"] else f"❌ {len(dup['rows'])} rows"
    )
    return "\n".join(
        [
            "## Ingestion Results",
            "",
            "### SQL Verification Queries",
            "",
            "#### 1. Counts",
            "",
            "```sql",
            sql["report_counts"],
            "```",
            f"**Result:** {c['tasks']:,} tasks, {c['models']:,} models, {c['mappings']:,} mappings",
            "",
            "#### 2. Duplicate Check",
            "",
            "```sql",
            sql["report_duplicates"],
            "```",
            f"**Result:** {dup_result}",
            "",
            "#### 3. Top Tasks by Model Count",
            "",
            "```sql",
            sql["report_top_tasks"],
            "```",
            "",
            table(data["top_tasks"]),
        ]
    )


def _sample(data: dict[str, Any]) -> str:
    return "\n".join(
        ["## Sample Data", "", "### Top Models by Downloads", "", table(data["top_models"])]
    )


def _quality(data: dict[str, Any]) -> str:
    lines = ["## Data Quality Checks", ""]
    for name, check in data["checks"].items():
        mark = "✅" if check["passed"] else f"❌ ({len(check['rows'])} rows)"
        lines.append(f"- {mark} {name.replace('_', ' ').capitalize()}")
    return "\n".join(lines)


def _last_run(data: dict[str, Any]) -> str:
    run = data["last_run"]
    return "\n".join(["## Last Run", "", table([run_row(run)] if run else [])])


def _changes(data: dict[str, Any]) -> str:
    out = ["## Since the Previous Run", "", "### Biggest Movers (downloads)", ""]
    out.append(
        table(data["movers"])
        if data["movers"]
        else "_No model's downloads moved between the last two runs that saw it._"
    )
    out += ["", "### Entries and Exits of the Top N", ""]
    by_task: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"entered": [], "exited": []})
    for row in data["top_n_changes"]:
        by_task[row["task_id"]][row["change"]].append(f"{row['model_id']} (#{row['rank_in_task']})")
    if not by_task:
        return "\n".join([*out, "_No task's top N changed since the run before._"])
    out += ["| task | entered | exited |", "|---|---|---|"]
    for task, moves in sorted(by_task.items()):
        out.append(f"| {task} | {_few(moves['entered'])} | {_few(moves['exited'])} |")
    return "\n".join(out)


def _licence_classes(data: dict[str, Any]) -> str:
    """The ranked models by the class of their licence (hf.licenses)."""
    rows = data["license_classes"]
    return "\n".join(
        ["## Licence Classes of the Ranked Models", "", table(rows) if rows else "_none_"]
    )


def _cards(data: dict[str, Any]) -> str:
    c = data["cards"]
    out = ["## Model Cards", ""]
    if not c["with_card_row"]:
        return "\n".join([*out, "_No card fetched yet (`hf-crawl cards`)._"])
    out += [f"- {line}" for line in cards_summary(c)]
    out += [
        "",
        "### Licenses the card names that the listing does not",
        "",
        table(data["card_licenses"]) if data["card_licenses"] else "_none_",
        "",
        "### Base models the card names that the tags do not",
        "",
        table(data["card_base_models"]) if data["card_base_models"] else "_none_",
    ]
    return "\n".join(out)


def cards_summary(c: dict[str, Any]) -> list[str]:
    """Coverage, duplicates and sizes of the stored cards, a line each."""
    dup = 1 - c["distinct_texts"] / c["ok"] if c["ok"] else 0.0
    return [
        f"Coverage: {c['with_card_row']:,} of {c['ranked_models']:,} ranked models looked up; "
        f"{c['ok']:,} cards, {c['missing']:,} without one, {c['gated']:,} gated, "
        f"{c['too_large']:,} too large, {c['error']:,} errors",
        f"Distinct texts: {c['distinct_texts']:,} ({dup:.1%} of cards are exact duplicates); "
        f"{c['empty']:,} empty",
        f"Size (bytes): median {cell(c['p50_bytes'])}, p90 {cell(c['p90_bytes'])}, "
        f"p99 {cell(c['p99_bytes'])}, largest {cell(c['max_bytes'])}",
    ]


def hub_of(data: dict[str, Any]) -> str:
    """The endpoint the latest run read, as its parameters recorded it."""
    run = data["last_run"]
    return (run["parameters"].get("endpoint") if run else None) or "unknown"


def _storage(data: dict[str, Any]) -> str:
    size = Storage(**data["storage"]).describe(data["schema"])
    return f"## Storage\n\n{size[0].upper()}{size[1:]}."


def _few(items: list[str], most: int = 3) -> str:
    more = f" and {len(items) - most} more" if len(items) > most else ""
    return (", ".join(items[:most]) + more) or "—"


def run_row(run: dict[str, Any]) -> dict[str, Any]:
    return {k: run[k] for k in _RUN_KEYS}
