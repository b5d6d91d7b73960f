"""`--metrics-file PATH`: a run's figures in Prometheus's text format, written whole (to a
temporary file, then renamed) so node_exporter's textfile collector never reads half."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from hf_crawler import errors
from hf_crawler.stats import RunStats

PREFIX = "hf_crawler"


def render(
    schema: str, status: str, stats: RunStats, elapsed_s: float, last_success_ts: float | None
) -> str:
    """The exposition text: one gauge a figure, labelled with the schema."""
    figures: dict[str, tuple[str, float | int | bool]] = {
        "last_run_timestamp_seconds": ("When the last run ended.", time.time()),
        "last_run_success": ("1 if the last run succeeded, else 0.", status == "succeeded"),
        "last_run_duration_seconds": ("How long the last run took.", elapsed_s),
        "last_run_models": ("Distinct models the last run merged.", stats.models),
        "last_run_mappings": ("Model-task mappings the last run stored.", stats.mappings),
        "last_run_requests": ("Requests the last run sent to the Hub.", stats.requests),
        "last_run_rate_limited": ("429 answers the last run got.", stats.rate_limited),
        "last_run_failed_tasks": ("Tasks the last run could not crawl.", stats.tasks_failed),
        "last_run_datasets": ("Datasets the last run merged (--repos).", stats.datasets),
        "last_run_dataset_mappings": (
            "Dataset-task rankings the last run stored.",
            stats.dataset_mappings,
        ),
        "last_run_failed_dataset_tasks": (
            "Tasks whose datasets the last run could not crawl.",
            stats.dataset_tasks_failed,
        ),
        "last_run_spaces": ("Distinct Spaces the last run merged (--repos).", stats.spaces),
        "last_run_spaces_failed": (
            "1 if the last run could not read the Spaces listing.",
            stats.spaces_failed,
        ),
        "last_run_collections": (
            "Distinct collections the last run merged (--collections-top).",
            stats.collections,
        ),
        "last_run_collections_failed": (
            "1 if the last run could not read the collections listing.",
            stats.collections_failed,
        ),
    }
    if last_success_ts is not None:
        figures["last_success_timestamp_seconds"] = ("When a run last succeeded.", last_success_ts)
    return _exposition(PREFIX, schema, figures)


def render_cards(schema: str, status: str, by_status: dict[str, int], requests: int) -> str:
    """A cards run's figures, under their own names (`hf_crawler_cards_*`), for a file of
    their own: the crawl's file describes the catalogue."""
    figures: dict[str, tuple[str, float | int | bool]] = {
        "last_run_timestamp_seconds": ("When the last cards run ended.", time.time()),
        "last_run_success": ("1 if the last cards run succeeded, else 0.", status == "succeeded"),
        "last_run_cards": ("Cards the last cards run stored.", sum(by_status.values())),
        "last_run_errors": ("Cards the last cards run could not fetch.", by_status.get("error", 0)),
        "last_run_requests": ("Requests the last cards run sent.", requests),
    }
    return _exposition(f"{PREFIX}_cards", schema, figures)


def _exposition(
    prefix: str, schema: str, figures: dict[str, tuple[str, float | int | bool]]
) -> str:
    label = f'{{schema="{schema}"}}'
    lines = []
    for name, (help_text, value) in figures.items():
        lines.append(f"# HELP {prefix}_{name} {help_text}")
        lines.append(f"# TYPE {prefix}_{name} gauge")
        lines.append(f"{prefix}_{name}{label} {exact(value)}")
    return "\n".join(lines) + "\n"


def exact(value: float | int | bool) -> str:
    """A sample value written exactly: a count as its digits, a float as the shortest text
    that reads back as the same float (`%g` keeps six digits: a timestamp in 2026 would be
    off by up to an hour, a count over 999,999 would lose digits)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    return repr(float(value))


def check_writable(path: Path) -> None:
    """Fail before the run, not after it, when the metrics file cannot be written; the file
    already there stays as it is (its last-success gauge is what alerts read while a run is
    under way, or after one that never got to write)."""
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory")
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        os.close(handle)
        os.unlink(temporary)
    except OSError as exc:
        raise _unwritable(path, exc) from exc


def write(path: Path, text: str) -> None:
    """Replace `path` with `text` atomically; an unwritable path is a one-line error."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)  # the collector may run as another user
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise _unwritable(path, exc) from exc


def _unwritable(path: Path, exc: OSError) -> errors.OutputFailed:
    return errors.OutputFailed(f"cannot write the metrics file {path}: {exc.strerror}")
