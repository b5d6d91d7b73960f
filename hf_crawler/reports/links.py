"""The report's sections on what the ranked models link to: the biggest model families
(lineage), the datasets (each task's, and those the models were trained on), and the
models' neighbourhood (the models the most Spaces use, the newest papers behind them, the top
collections), in each of the report's forms."""

from __future__ import annotations

from typing import Any

from hf_crawler.reports.tables import grid, table

NO_LINEAGE = "No model's tags name a base model."
NEIGHBOURHOOD = (
    ("models_by_spaces", "Most-used models by Spaces", "none (hf-crawl --repos models,spaces)"),
    ("newest_papers", "Newest papers behind ranked models", "none (hf-crawl --papers-budget N)"),
    ("top_collections", "Top collections", "none (hf-crawl --collections-top N)"),
)
NO_DATASETS = "No dataset stored, and no ranked model names one (hf-crawl --repos models,datasets)."


def families_markdown(data: dict[str, Any]) -> str:
    rows = data["families"]
    found = table(rows) if rows else f"_{NO_LINEAGE}_"
    return "\n".join(
        ["## Model Families", "", "Bases with the most models built on them.", "", found]
    )


def datasets_markdown(data: dict[str, Any]) -> str:
    if not _any_datasets(data):
        return f"## Datasets\n\n_{NO_DATASETS}_"
    return "\n".join(
        [
            "## Datasets",
            "",
            f"{data['counts']['datasets']:,} datasets, "
            f"{data['counts']['dataset_mappings']:,} rankings.",
            "",
            "### Each task's datasets",
            "",
            table(data["dataset_tasks"]) if data["dataset_tasks"] else "_none_",
            "",
            "### Datasets the ranked models were trained on",
            "",
            table(data["datasets_used"]) if data["datasets_used"] else "_none_",
        ]
    )


def neighbourhood_markdown(data: dict[str, Any]) -> str:
    parts = ["## Neighbourhood"]
    for key, heading, empty in NEIGHBOURHOOD:
        parts += ["", f"### {heading}", "", table(data[key]) if data[key] else f"_{empty}_"]
    return "\n".join(parts)


def neighbourhood_lines(data: dict[str, Any]) -> list[str]:
    """The plain-text report's lines for Spaces, papers and collections."""
    lines: list[str] = []
    for key, heading, empty in NEIGHBOURHOOD:
        lines += ["", heading, grid(data[key]) if data[key] else empty]
    return lines


def table_lines(data: dict[str, Any]) -> list[str]:
    """The plain-text report's lines for families and datasets."""
    families = grid(data["families"]) if data["families"] else NO_LINEAGE
    lines = ["", "Biggest model families (models built on a base)", families]
    if not _any_datasets(data):
        return [*lines, "", "Datasets", NO_DATASETS]
    c = data["counts"]
    lines += ["", f"Datasets: {c['datasets']:,} stored, {c['dataset_mappings']:,} rankings"]
    lines += ["Each task's datasets", grid(data["dataset_tasks"])]
    return [*lines, "Datasets the ranked models were trained on", grid(data["datasets_used"])]


def html_sections(data: dict[str, Any], to_table: Any) -> list[tuple[str, str]]:
    """(heading, body) pairs for the HTML page; `to_table` renders rows."""
    return [
        ("<h2>Biggest model families</h2>", to_table(data["families"])),
        ("<h2>Each task's datasets</h2>", to_table(data["dataset_tasks"])),
        ("<h2>Datasets the ranked models were trained on</h2>", to_table(data["datasets_used"])),
        *((f"<h2>{heading}</h2>", to_table(data[key])) for key, heading, _ in NEIGHBOURHOOD),
    ]


def _any_datasets(data: dict[str, Any]) -> bool:
    return bool(data["counts"]["datasets"] or data["datasets_used"])
