"""`hf-crawl search`: models whose id, tags and card sections match the words, best first,
from `hf.search_models` (the same answer any other client of the database gets)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, replace
from typing import Any

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.store import database as store
from hf_crawler.store import reads, vectors
from hf_crawler.text import json_default


@dataclass(frozen=True, slots=True)
class Filters:
    """What narrows a search: a task, a license, a library, downloads, size, licence
    classes; how many hits and in which order."""

    task: str | None = None
    license: str | None = None
    library: str | None = None
    limit: int = 10
    min_downloads: int | None = None
    max_params: int | None = None
    license_classes: tuple[str, ...] | None = None
    sort: str = "relevance"

    def given(self) -> tuple[str | None, str | None, str | None]:
        return self.task, self.license, self.library


def _refuse_unknown(unknown: dict[str, Any] | None, filters: Filters) -> None:
    """A filter no task or model has is a slip (a typo, another spelling), not a search
    with no hit: said in one line, as a crawl refuses an unknown task."""
    refused = dict(unknown or {})
    named = [
        f"--{name} {value!r}"
        for name, value in zip(("task", "license", "library"), filters.given(), strict=True)
        if refused.get(name)
    ]
    if named:
        raise errors.ConfigError(
            f"{' and '.join(named)}: no task or model in the catalogue has it (tasks are"
            " listed by hf-crawl report; licenses and libraries are as the Hub writes them:"
            " apache-2.0, transformers)"
        )


@dataclass(frozen=True, slots=True)
class Hit:
    model_id: str
    score: float
    tasks: list[str]
    license: str | None
    downloads: int | None
    section: str | None
    snippet: str | None
    library: str | None = None  # known for hits found by vectors alone
    params_total: int | None = None
    license_class: str | None = None
    downloads_change_7d: int | None = None  # sorted by trend: downloads gained in 7 days
    # --semantic: the hit's place in the full-text ranking and in the vectors' (None: not in
    # it), and whether the words match it exactly (its id or name, or a phrase of it).
    text_rank: int | None = None
    vector_rank: int | None = None
    exact: bool | None = None


@dataclass(frozen=True, slots=True)
class Semantic:
    """The embeddings endpoint and model that `hf-crawl embed` used for the sections."""

    url: str
    model: str
    key: str | None = None


RRF_K = 60  # reciprocal rank fusion's constant (Cormack, Clarke and Buettcher, SIGIR 2009)
BEST_FUSED = 2 / (RRF_K + 1)  # first in both rankings: the score 1.0 stands for


async def search(
    settings: Settings, words: str, filters: Filters, semantic: Semantic | None = None
) -> list[Hit]:
    """The best hits: by full text; with `semantic`, that ranking fused with the sections'
    nearest vectors (reciprocal rank fusion)."""
    schema = settings.schema
    wide = filters.limit if semantic is None else max(50, filters.limit * 5)
    narrowed = reads.SearchFilters(
        *filters.given(),
        min_downloads=filters.min_downloads,
        max_params=filters.max_params,
        license_classes=filters.license_classes,
        sort=filters.sort,
    )
    async with contextlib.AsyncExitStack() as stack:
        pool = await store.open_for_reading(settings, stack)
        _refuse_unknown(await reads.unknown_filters(pool, schema, narrowed), filters)
        hits = [Hit(**row) for row in await reads.search(pool, schema, words, narrowed, wide)]
        if semantic is None:
            return hits
        _refuse_without_vectors(semantic.model, await vectors.models(pool, schema))
        from hf_crawler.hub import embedder  # aiohttp: imported only for a semantic search

        session = await stack.enter_async_context(embedder.session())
        client = embedder.Embedder(session, semantic.url, semantic.model, semantic.key)
        vector = (await client.embed([words]))[0]
        near = await vectors.nearest(pool, schema, vector, client.model, wide)
        found = {h.model_id for h in hits}
        briefs = _briefs(await reads.briefs(pool, schema, [m for m in near if m not in found]))
        exact = await reads.exact_hits(pool, schema, [h.model_id for h in hits], words)
    return _fused(hits, near, briefs, exact, filters)


def _refuse_without_vectors(model: str, have: dict[str, int]) -> None:
    """Semantic search with a model that has no vectors would quietly be full text alone."""
    if model in have:
        return
    held = ", ".join(f"{m} ({n:,} sections)" for m, n in have.items()) or "none yet"
    raise errors.ConfigError(
        f"no section vectors of {model} (models with vectors: {held}): run hf-crawl embed"
        f" --embed-model {model}, or search with one of those"
    )


def _briefs(rows: list[dict[str, Any]]) -> dict[str, Hit]:
    """Hits for models found only by their vectors (no section matched the words)."""
    return {
        r["model_id"]: Hit(
            model_id=r["model_id"],
            score=0.0,
            tasks=list(r["tasks"]),
            license=r["license"],
            downloads=r["downloads"],
            section=None,
            snippet=None,
            library=r["library_name"],
            params_total=r["params_total"],
            license_class=r["license_class"],
        )
        for r in rows
    }


def _fused(
    hits: list[Hit], near: list[str], briefs: dict[str, Hit], exact: set[str], f: Filters
) -> list[Hit]:
    """Reciprocal rank fusion of the full-text and the vector rankings, the exact matches
    first. A hit's score is its fused score over the most a hit can have (first in both
    rankings): 1.0 first in both, 0.5 first in one and absent from the other."""
    by_id = {h.model_id: h for h in hits}
    for model_id, brief in briefs.items():
        if _passes(brief, f):
            by_id[model_id] = brief
    text_rank = {h.model_id: rank for rank, h in enumerate(hits, start=1)}
    vector_rank = {m: rank for rank, m in enumerate(near, start=1) if m in by_id}
    score = {
        m: sum(1 / (RRF_K + r[m]) for r in (text_rank, vector_rank) if m in r) / BEST_FUSED
        for m in by_id
    }
    best = sorted(score, key=lambda m: (m not in exact, -score[m], m))[: f.limit]
    return [
        replace(
            by_id[m],
            score=round(score[m], 4),
            text_rank=text_rank.get(m),
            vector_rank=vector_rank.get(m),
            exact=m in exact,
        )
        for m in best
    ]


def _passes(hit: Hit, f: Filters) -> bool:
    return (
        (f.task is None or f.task in hit.tasks)
        and (f.license is None or hit.license == f.license)
        and (f.library is None or hit.library == f.library)
        and (f.min_downloads is None or (hit.downloads or 0) >= f.min_downloads)
        and (f.max_params is None or _at_most(hit.params_total, f.max_params))
        and (f.license_classes is None or hit.license_class in f.license_classes)
    )


def _at_most(size: int | None, most: int) -> bool:
    """A known size within the limit (an unknown one is left out, as hf.search_models does)."""
    return size is not None and size <= most


def render(hits: list[Hit], fmt: str) -> str:
    """`json`: a list, best first; `table`: a hit a few lines (id, tasks, license,
    downloads, the section, the snippet with the matches in «»)."""
    if fmt == "json":
        found = [_as_json(h) for h in hits]
        return json.dumps(found, default=json_default, indent=2)
    if not hits:
        return "no model matches (search reads what hf-crawl cards indexed: ids, tags, cards)"
    lines = []
    for n, h in enumerate(hits, start=1):
        downloads = "-" if h.downloads is None else f"{h.downloads:,}"
        tasks, license_id = ", ".join(h.tasks) or "no task", h.license or "no license"
        size = "" if h.params_total is None else f"; {h.params_total:,} params"
        trend = "" if h.downloads_change_7d is None else f" ({h.downloads_change_7d:+,} in 7 days)"
        lines.append(
            f"{n:>2}. {h.model_id}  ({tasks}; {license_id}; {downloads} downloads{trend}{size};"
            f" score {h.score:.3f}{_ranks(h)})"
        )
        if h.section is not None:
            lines.append(f"    § {h.section or '(before the first heading)'}")
        if h.snippet:
            lines.append(f"    {' '.join(h.snippet.split())}")
    return "\n".join(lines)


def _ranks(hit: Hit) -> str:
    """With --semantic: where the hit stood in each ranking, and whether it is exact."""
    if hit.exact is None:
        return ""
    text = f"text #{hit.text_rank}" if hit.text_rank else "no text match"
    near = f"vectors #{hit.vector_rank}" if hit.vector_rank else "not among the nearest"
    return f": {'exact, ' if hit.exact else ''}{text}, {near}"


def _as_json(hit: Hit) -> dict[str, object]:
    """A hit's fields; the ranks and `exact` only with --semantic (they are None without)."""
    shown = {k: v for k, v in asdict(hit).items() if k != "library"}
    if hit.exact is None:
        for name in ("text_rank", "vector_rank", "exact"):
            shown.pop(name)
    return shown
