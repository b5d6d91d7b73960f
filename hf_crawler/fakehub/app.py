"""The fake Hub's aiohttp application: its routes (the edge applies auth, quota, faults)."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from typing import Any

from aiohttp import web
from yarl import URL

from hf_crawler.fakehub import (
    cards,
    dataset_routes,
    embeddings,
    junk,
    listing,
    neighbourhood_routes,
    oddities,
    render,
)
from hf_crawler.fakehub.edge import HTML_ERROR, bearer, error, html, hub_middleware
from hf_crawler.fakehub.state import STATE, HubState

__all__ = ["STATE", "HubState", "make_app", "running"]


def make_app(state: HubState) -> web.Application:
    """The application; `state` stays reachable for tests as `app[STATE]`."""
    app = web.Application(middlewares=[hub_middleware])
    app[STATE] = state
    app.router.add_get("/api/tasks", _tasks)
    app.router.add_get("/api/models-tags-by-type", _tags_by_type)
    app.router.add_get("/api/models", _models)
    app.router.add_get("/api/models/{model_id:.+}", _model_info)
    app.router.add_get("/_fake/truth", _truth)
    app.router.add_get("/_fake/stats", _stats)
    app.router.add_post("/_fake/reshuffle", _reshuffle)
    app.router.add_post("/_fake/drift", _drift)
    app.router.add_post("/_fake/faults", _set_faults)
    app.router.add_post("/_fake/commit", cards.new_commit)
    app.router.add_get("/{owner}/{name}/resolve/{revision}/{path:.+}", cards.resolve)
    app.router.add_post("/v1/embeddings", embeddings.embeddings)
    dataset_routes.add_routes(app)
    neighbourhood_routes.add_routes(app)
    return app


@asynccontextmanager
async def running(state: HubState, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Serve the fake Hub on a socket for the duration of the block; yields its base URL."""
    runner = web.AppRunner(make_app(state), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    try:
        bound = runner.addresses[0][1]
        yield f"http://{host}:{bound}"
    finally:
        await runner.cleanup()


def _json(
    request: web.Request, payload: Any, headers: dict[str, str] | None = None
) -> web.Response:
    try:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    except UnicodeEncodeError:  # a lone surrogate: escaped, as JSON.stringify does
        body = json.dumps(payload, separators=(",", ":")).encode()
    response = web.Response(body=body, headers=headers, content_type="application/json")
    response.charset = "utf-8"
    response.headers["ETag"] = f'W/"{hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16]}"'
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response.enable_compression()
    return response


async def _tasks(request: web.Request) -> web.Response:
    state = request.app[STATE]
    catalogue = state.catalogue
    tasks: dict[str, Any] = {t: render.task_data(catalogue, t) for t in catalogue.task_ids}
    if state.faults.bad_task_entries:
        tasks |= {bad: {"id": bad, "label": "Bad"} for bad in oddities.BAD_TASK_IDS}
        task_id, label = oddities.ODD_LABEL_TASK
        tasks[task_id] = {"id": task_id, "label": label}
    return _json(request, tasks)


async def _tags_by_type(request: web.Request) -> web.Response:
    return _json(request, render.tags_by_type(request.app[STATE].catalogue))


async def _models(request: web.Request) -> web.Response:
    state = request.app[STATE]
    try:
        query = listing.parse_query(request.query)
    except listing.BadQuery as exc:
        return error(400, str(exc))
    faults = state.faults
    task = query.pipeline_tag or (query.filters[0] if query.filters else None)
    if task in faults.failing_tasks:
        state.counts["fault_failing_task"] += 1
        return html(503, HTML_ERROR.format("503 Service Unavailable"))
    if faults.heavy_page_rows and query.limit > faults.heavy_page_rows:
        state.counts["fault_heavy_504"] += 1
        return html(504, HTML_ERROR.format("504 Gateway Time-out"))
    page, more = listing.select(state.catalogue, query, signed_in=bearer(request) is not None)
    items = _with_odd(junk.with_junk([_item(m, query) for m in page], state), state)
    if faults.latency_per_1000_rows_ms:
        await asyncio.sleep(faults.latency_per_1000_rows_ms * len(page) / 1_000_000)
    headers = {}
    if more:
        cursor = listing.encode_cursor(query.sort, page[-1])
        params = [(k, v) for k, v in request.query.items() if k != "cursor"] + [("cursor", cursor)]
        base = URL(faults.link_host).with_path(request.path) if faults.link_host else request.url
        headers["Link"] = f'<{base.with_query(params)}>; rel="next"'
    return _json(request, items, headers)


def _item(model: Any, query: listing.ModelQuery) -> dict[str, Any]:
    if query.expand:
        return render.expanded_item(model, list(query.expand))
    return render.list_item(
        model, sort=query.sort, full=query.full, card=query.card, config=query.config
    )


def _with_odd(items: list[Any], state: HubState) -> list[Any]:
    """Add one item of each odd kind beside the real rows, at seeded places."""
    dice = state.dice
    if not items or not dice.roll(state.faults.odd_rate):
        return items
    for kind in oddities.ODD_KINDS:
        state.counts["odd_items"] += 1
        items.insert(dice.index(len(items) + 1), oddities.odd_item(kind, state.counts["odd_items"]))
    return items


async def _model_info(request: web.Request) -> web.Response:
    catalogue = request.app[STATE].catalogue
    model = catalogue.by_id.get(request.match_info["model_id"])
    if model is None:
        return error(401, "Invalid username or password.")
    expand = [*request.query.getall("expand", ()), *request.query.getall("expand[]", ())]
    if not expand:
        return _json(request, render.model_info(model))
    for value in expand:
        if value not in render.MODEL_INFO_EXPAND:
            allowed = sorted(render.MODEL_INFO_EXPAND)
            return error(400, f'"expand" must be one of {allowed}; got "{value}"')
    return _json(request, render.model_info_expanded(model, expand, catalogue))


async def _truth(request: web.Request) -> web.Response:
    catalogue = request.app[STATE].catalogue
    tasks = request.query.get("tasks")
    truth = catalogue.ground_truth(
        tasks.split(",") if tasks else None,
        limit=int(request.query.get("limit", "1000")),
        match=request.query.get("match", "tag"),
        sort=request.query.get("sort", "downloads"),
    )
    payload = {"rankings": truth.rankings, "models": len(truth.models), "mappings": truth.mappings}
    return web.json_response(payload)


async def _stats(request: web.Request) -> web.Response:
    state = request.app[STATE]
    catalogue = state.catalogue
    payload = {
        "counts": dict(state.counts),
        "version": catalogue.version,
        "models": len(catalogue.models),
        "datasets": len(catalogue.datasets),
        "tasks": len(catalogue.task_ids),
    }
    return web.json_response(payload)


async def _reshuffle(request: web.Request) -> web.Response:
    catalogue = request.app[STATE].catalogue
    seed = int(request.query.get("seed", "1"))
    kind = request.query.get("kind", "models")
    if kind not in ("models", "datasets"):
        return error(400, "kind must be models or datasets")
    catalogue.reshuffle(seed, float(request.query.get("fraction", "0.5")), kind)
    return web.json_response({"version": catalogue.version})


async def _drift(request: web.Request) -> web.Response:
    catalogue = request.app[STATE].catalogue
    try:
        seed = int(request.query.get("seed", "1"))
        pct = float(request.query.get("pct", "5"))
    except ValueError as exc:
        return error(400, str(exc))
    if not 0 <= pct <= 100:
        return error(400, "pct must be between 0 and 100")
    catalogue.drift(seed, pct)
    return web.json_response({"version": catalogue.version})


async def _set_faults(request: web.Request) -> web.Response:
    state = request.app[STATE]
    try:
        state.faults = state.faults.updated(await request.json())
    except (TypeError, ValueError) as exc:
        return error(400, str(exc))
    faults = asdict(state.faults)
    return web.json_response(
        {k: sorted(v) if isinstance(v, frozenset) else v for k, v in faults.items()}
    )
