"""The fake Hub's dataset routes: `GET /api/datasets` (filters, sorts, `expand[]`, `Link`
paging, the `api` quota as for models), `/api/datasets-tags-by-type`, dataset cards through
the resolver, and the ground truth for datasets."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

from aiohttp import web
from yarl import URL

from hf_crawler.fakehub import cards, dataset_render, junk, listing
from hf_crawler.fakehub.catalogue import Catalogue
from hf_crawler.fakehub.datasets import FakeDataset
from hf_crawler.fakehub.edge import HTML_ERROR, bearer, error, html
from hf_crawler.fakehub.state import STATE


def add_routes(app: web.Application) -> None:
    app.router.add_get("/api/datasets", _datasets)
    app.router.add_get("/api/datasets-tags-by-type", _tags_by_type)
    app.router.add_get("/datasets/{owner}/{name}/resolve/{revision}/{path:.+}", _resolve)
    app.router.add_get("/_fake/datasets/truth", _truth)


def select(
    catalogue: Catalogue, q: listing.ModelQuery, *, signed_in: bool = False
) -> tuple[list[FakeDataset], bool]:
    """One page of matching datasets, and whether more remain after it (private datasets
    only to a signed-in caller)."""
    key = ("datasets", q.filters, q.search, q.author, q.gated, q.sort, signed_in)
    candidates = (d for d in _candidates(catalogue, q) if signed_in or not d.private)
    rows, keys = catalogue.sorted_view(key, candidates, q.sort)
    start = 0 if q.cursor is None else catalogue.after(keys, q.cursor)
    return rows[start : start + q.limit], start + q.limit < len(rows)


def _candidates(catalogue: Catalogue, q: listing.ModelQuery) -> Iterator[FakeDataset]:
    for dataset in catalogue.datasets:
        if q.filters and not all(f in dataset.tags for f in q.filters):
            continue
        if q.author is not None and dataset.author != q.author:
            continue
        if q.search and not all(s in dataset.dataset_id.lower() for s in q.search):
            continue
        if q.gated is not None and (dataset.gated is not False) != q.gated:
            continue
        yield dataset


async def _datasets(request: web.Request) -> web.Response:
    state = request.app[STATE]
    state.counts["dataset_requests"] += 1
    try:
        query = listing.parse_query(request.query, dataset_render.DATASET_EXPAND)
    except listing.BadQuery as exc:
        return error(400, str(exc))
    if query.expand and query.full:
        return error(400, '"expand" cannot be combined with "full"')
    tasks = {f.removeprefix("task_categories:") for f in query.filters}
    if tasks & state.faults.failing_tasks:  # the same knob fails a task's models and datasets
        state.counts["fault_failing_task"] += 1
        return html(503, HTML_ERROR.format("503 Service Unavailable"))
    page, more = select(state.catalogue, query, signed_in=bearer(request) is not None)
    if query.expand:
        items = [dataset_render.expanded_item(d, list(query.expand)) for d in page]
    else:
        items = [dataset_render.list_item(d, full=query.full, card=query.card) for d in page]
    spoiled = junk.with_junk(items, state)
    headers = {}
    if more:
        cursor = listing.encode_cursor(query.sort, page[-1])
        params = [(k, v) for k, v in request.query.items() if k != "cursor"] + [("cursor", cursor)]
        headers["Link"] = f'<{URL(str(request.url)).with_query(params)}>; rel="next"'
    return web.json_response(spoiled, headers=headers)


async def _tags_by_type(request: web.Request) -> web.Response:
    return web.json_response(dataset_render.tags_by_type(request.app[STATE].catalogue))


def card_bytes(dataset: FakeDataset) -> bytes | None:
    """The dataset's README.md: none for some, the template many repos share (models
    too) for some, else front matter from its card data and a body naming it."""
    roll = int(hashlib.sha256(dataset.hub_id.encode()).hexdigest()[:8], 16) % 100
    if roll < 8:
        return None
    if roll < 18:
        return cards.SHARED
    front = "".join(f"{k}: {json.dumps(v)}\n" for k, v in (dataset.card_data or {}).items())
    return f"---\n{front}---\n# {dataset.dataset_id}\n\n{dataset.description}\n".encode()


async def _resolve(request: web.Request) -> web.Response:
    state = request.app[STATE]
    state.counts["resolver_requests"] += 1
    wanted = f"{request.match_info['owner']}/{request.match_info['name']}"
    dataset = state.catalogue.datasets_by_id.get(wanted)
    if dataset is None:
        return cards.error_response(404, "RepoNotFound", "Repository not found")
    if dataset.gated == "manual":
        return cards.error_response(403, "GatedRepo", "Access to this dataset is restricted")
    body = card_bytes(dataset) if request.match_info["path"] == "README.md" else None
    if body is None:
        return cards.error_response(404, "EntryNotFound", "Entry not found")
    return cards.file_response(body, dataset.sha)


async def _truth(request: web.Request) -> web.Response:
    catalogue = request.app[STATE].catalogue
    tasks = request.query.get("tasks")
    truth = catalogue.dataset_truth(
        tasks.split(",") if tasks else None,
        limit=int(request.query.get("limit", "1000")),
        sort=request.query.get("sort", "downloads"),
    )
    links = sorted(catalogue.dataset_links)
    payload = {"rankings": truth.rankings, "datasets": len(truth.models), "links": links}
    return web.json_response(payload)
