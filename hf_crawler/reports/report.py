"""`hf-crawl report`: the user's verification report, from live data, as a table,
Markdown (the shape of the user's own report) or JSON."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hf_crawler.config.settings import Settings
from hf_crawler.reports import chart_data, html_page, links, markdown
from hf_crawler.reports.tables import grid
from hf_crawler.store import database as store
from hf_crawler.store import reads, storage
from hf_crawler.store.database import Pool
from hf_crawler.text import json_default


async def gather(
    pool: Pool, schema: str, *, top: int = 10, budget: int | None = None
) -> dict[str, Any]:
    """Every verification figure; the result is plain JSON-able data."""
    read = await reads.report(pool, schema, top=top, budget=budget)
    rows = read.rows
    duplicates, orphans, gaps, last = (
        rows["duplicates"],
        rows["orphans"],
        rows["gaps"],
        rows["last_run"],
    )
    return {
        "schema": schema,
        "counts": rows["counts"][0],
        "checks": {
            "no_duplicate_mappings": {"passed": not duplicates, "rows": duplicates},
            "no_orphan_mappings": {"passed": not orphans, "rows": orphans},
            "ranks_are_1_to_n": {"passed": not gaps, "rows": gaps},
        },
        "top_tasks": rows["top_tasks"],
        "top_models": rows["top_models"],
        "last_run": last[0] if last else None,
        "columns": rows["columns"],
        "indexes": rows["indexes"],
        "movers": rows["movers"],
        "top_n_changes": rows["top_n_changes"],
        "license_classes": rows["license_classes"],
        "cards": rows["cards"][0],
        "card_licenses": rows["card_licenses"],
        "card_base_models": rows["card_base_models"],
        "families": rows["families"],
        "dataset_tasks": rows["dataset_tasks"],
        "datasets_used": rows["datasets_used"],
        "models_by_spaces": rows["models_by_spaces"],
        "newest_papers": rows["newest_papers"],
        "top_collections": rows["top_collections"],
        "storage": read.storage.as_dict(),
        "sql": reads.report_statements(schema, top),
    }


async def build(settings: Settings, fmt: str, *, top: int, budget: int | None = None) -> str:
    """The report of the configured database in `fmt` (table, markdown, json, html)."""
    async with contextlib.AsyncExitStack() as stack:
        pool = await store.open_for_reading(settings, stack)
        data = await gather(pool, settings.schema, top=top, budget=budget)
        if fmt == "html":
            return html_page.render(data, await chart_data.gather(pool, settings.schema))
    return render(data, fmt)


def render(data: dict[str, Any], fmt: str) -> str:
    """The report in `table`, `markdown` or `json` form."""
    if fmt == "json":
        return json.dumps(data, indent=2, default=json_default)
    return markdown.render(data) if fmt == "markdown" else _table(data)


def _table(data: dict[str, Any]) -> str:
    c = data["counts"]
    lines = [
        f"tasks {c['tasks']:,} · models {c['models']:,} · mappings {c['mappings']:,}"
        f" · datasets {c['datasets']:,}",
        f"from {markdown.hub_of(data)}",
        "",
    ]
    for name, check in data["checks"].items():
        lines.append(f"{'PASS' if check['passed'] else 'FAIL'}  {name.replace('_', ' ')}")
    lines += ["", "Top tasks by model count", grid(data["top_tasks"])]
    lines += ["", "Top models by downloads", grid(data["top_models"])]
    run = [markdown.run_row(data["last_run"])] if data["last_run"] else []
    lines += ["", "Last run", grid(run)]
    lines += ["", "Biggest movers since the run before", grid(data["movers"])]
    lines += ["", "Licence classes of the ranked models", grid(data["license_classes"])]
    lines += ["", "Model cards", *_cards_lines(data)]
    lines += links.table_lines(data)
    lines += links.neighbourhood_lines(data)
    lines += ["", "Storage", storage_line(data)]
    return "\n".join(lines)


def _cards_lines(data: dict[str, Any]) -> list[str]:
    if not data["cards"]["with_card_row"]:
        return ["No card fetched yet (hf-crawl cards)."]
    licenses = grid(data["card_licenses"]) if data["card_licenses"] else "none"
    bases = grid(data["card_base_models"]) if data["card_base_models"] else "none"
    return [
        *markdown.cards_summary(data["cards"]),
        "Licenses the card names that the listing does not:",
        licenses,
        "Base models the card names that the tags do not:",
        bases,
    ]


def storage_line(data: dict[str, Any]) -> str:
    """The storage figures of `gather`'s data in one line."""
    return storage.Storage(**data["storage"]).describe(data["schema"])
