"""`hf-crawl search`: models whose id, tags and card sections match the words, best first,
from `hf.search_models` (the same answer any other client of the database gets)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass

from hf_crawler import store
from hf_crawler.config.settings import Settings
from hf_crawler.store import db, queries
from hf_crawler.text import json_default


@dataclass(frozen=True, slots=True)
class Filters:
    """What narrows a search: a task, a license, a library; and how many hits."""

    task: str | None = None
    license: str | None = None
    library: str | None = None
    limit: int = 10


@dataclass(frozen=True, slots=True)
class Hit:
    model_id: str
    score: float
    tasks: list[str]
    license: str | None
    downloads: int | None
    section: str | None
    snippet: str | None


async def search(settings: Settings, words: str, filters: Filters) -> list[Hit]:
    q = queries.for_schema(settings.schema)
    async with contextlib.AsyncExitStack() as stack:
        pool = await store.open_for_reading(settings, stack)
        async with db.translated("searching"), pool.acquire() as conn:
            rows = await conn.fetch(
                q.search_models,
                words,
                filters.task,
                filters.license,
                filters.library,
                filters.limit,
            )
    return [Hit(**dict(r)) for r in rows]


def render(hits: list[Hit], fmt: str) -> str:
    """`json`: a list, best first; `table`: a hit a few lines (id, tasks, license,
    downloads, the section, the snippet with the matches in «»)."""
    if fmt == "json":
        return json.dumps([asdict(h) for h in hits], default=json_default, indent=2)
    if not hits:
        return "no model matches"
    lines = []
    for n, h in enumerate(hits, start=1):
        downloads = "-" if h.downloads is None else f"{h.downloads:,}"
        tasks, license_id = ", ".join(h.tasks) or "no task", h.license or "no license"
        lines.append(
            f"{n:>2}. {h.model_id}  ({tasks}; {license_id}; {downloads} downloads;"
            f" score {h.score:.3f})"
        )
        if h.section is not None:
            lines.append(f"    § {h.section or '(before the first heading)'}")
        if h.snippet:
            lines.append(f"    {' '.join(h.snippet.split())}")
    return "\n".join(lines)
