"""The fake Hub's aiohttp application: routes, the Hub's headers, quota and faults."""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from aiohttp import web

from hf_crawler.fakehub import listing, render
from hf_crawler.fakehub.catalogue import Catalogue
from hf_crawler.fakehub.faults import JUNK_KINDS, Dice, Faults, junk_item
from hf_crawler.fakehub.quota import FixedWindowQuota, Verdict

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_HTML_ERROR = "<html><head><title>{0}</title></head><body><h1>{0}</h1>CloudFront</body></html>"
_EXPOSE = "X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Total-Count,ETag,Link"


@dataclass(slots=True)
class HubState:
    """Everything one fake Hub serves from, and what it counted."""

    catalogue: Catalogue
    faults: Faults = field(default_factory=Faults)
    quota: FixedWindowQuota = field(default_factory=FixedWindowQuota)
    dice: Dice = field(default_factory=lambda: Dice(0))
    counts: Counter[str] = field(default_factory=Counter)


STATE = web.AppKey("state", HubState)


def make_app(state: HubState) -> web.Application:
    """The application; `state` stays reachable for tests as `app[STATE]`."""
    app = web.Application(middlewares=[_hub_middleware])
    app[STATE] = state
    app.router.add_get("/api/tasks", _tasks)
    app.router.add_get("/api/models-tags-by-type", _tags_by_type)
    app.router.add_get("/api/models", _models)
    app.router.add_get("/api/models/{model_id:.+}", _model_info)
    app.router.add_get("/_fake/truth", _truth)
    app.router.add_get("/_fake/stats", _stats)
    app.router.add_post("/_fake/reshuffle", _reshuffle)
    app.router.add_post("/_fake/faults", _set_faults)
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


def error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    """The Hub's JSON error: `{"error": ...}` plus `X-Error-Message`."""
    all_headers = {"X-Error-Message": message, **(headers or {})}
    return web.json_response({"error": message}, status=status, headers=all_headers)


@web.middleware
async def _hub_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    state = request.app[STATE]
    if request.path.startswith("/_fake/"):
        return await handler(request)
    state.counts["requests"] += 1
    token = _bearer(request)
    verdict = state.quota.take(token or request.remote or "?", authenticated=token is not None)
    response = await _guarded(request, handler, state, token, verdict)
    state.counts[f"status_{response.status}"] += 1
    response.headers.update(verdict.headers())
    response.headers["X-Powered-By"] = "huggingface-moon"
    trace = request.headers.get("X-Amzn-Trace-Id", "")
    response.headers["X-Request-Id"] = f"Root=1-{secrets.token_hex(4)}-{secrets.token_hex(12)}"
    response.headers["X-Request-Id"] += f";{trace}" if trace else ""
    response.headers["Access-Control-Expose-Headers"] = _EXPOSE
    return response


async def _guarded(
    request: web.Request, handler: Handler, state: HubState, token: str | None, verdict: Verdict
) -> web.StreamResponse:
    """Auth, quota and the faults, in the order a real edge would apply them."""
    faults = state.faults
    if faults.require_token and (token is None or (faults.tokens and token not in faults.tokens)):
        return error(401, "Invalid credentials in Authorization header")
    if not verdict.allowed:
        state.counts["fault_quota_429"] += 1
        return _too_many(request, faults, verdict.reset_s)
    if faults.latency_ms:
        await asyncio.sleep(faults.latency_ms / 1000)
    kind = _scripted(state) or _rolled(state)
    if kind:
        state.counts[f"fault_{kind}"] += 1
    if kind == "429":
        return _too_many(request, faults, 1)
    if kind == "disconnect":
        if request.transport is not None:
            request.transport.close()
        raise asyncio.CancelledError
    if kind == "stall":
        await asyncio.sleep(faults.stall_s)
    if kind in ("500", "502", "503"):
        return _html(int(kind), _HTML_ERROR.format(f"{kind} ERROR"))
    response = await handler(request)
    return _spoiled(response, kind) if kind in ("truncate", "non_json") else response


def _scripted(state: HubState) -> str:
    script, n = state.faults.script, state.counts["requests"]
    return script[n - 1] if n <= len(script) else ""


def _rolled(state: HubState) -> str:
    """One seeded roll per fault kind, first hit wins."""
    faults, dice = state.faults, state.dice
    for kind, rate in (
        ("429", faults.rate_limit_rate),
        ("disconnect", faults.disconnect_rate),
        ("stall", faults.stall_rate),
        ("error", faults.error_rate),
        ("truncate", faults.truncate_rate),
        ("non_json", faults.non_json_rate),
    ):
        if dice.roll(rate):
            return str(dice.choice(("500", "502", "503"))) if kind == "error" else kind
    return ""


def _too_many(request: web.Request, faults: Faults, reset_s: int) -> web.Response:
    ip = request.remote or "unknown"
    message = (
        f"We had to rate limit your IP ({ip}). To continue using our service, create a HF "
        "account or login to your existing account, and make sure you pass a HF_TOKEN if "
        "you're using the API."
    )
    return error(429, message, {"Retry-After": str(reset_s)} if faults.retry_after else None)


def _spoiled(response: web.StreamResponse, kind: str) -> web.StreamResponse:
    """A 200 whose body is cut short or is an HTML page (a broken proxy, a CDN hiccup)."""
    if response.status != 200 or not isinstance(response, web.Response) or response.body is None:
        return response
    if kind == "truncate":
        body = bytes(response.body)  # type: ignore[arg-type]  # json_response bodies are bytes
        return web.Response(body=body[: len(body) // 2], content_type="application/json")
    return _html(200, "<!DOCTYPE html><html><body>Loading...</body></html>")


def _html(status: int, text: str) -> web.Response:
    return web.Response(status=status, text=text, content_type="text/html")


def _bearer(request: web.Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _json(
    request: web.Request, payload: Any, headers: dict[str, str] | None = None
) -> web.Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    response = web.Response(body=body, headers=headers, content_type="application/json")
    response.charset = "utf-8"
    response.headers["ETag"] = f'W/"{hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16]}"'
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response.enable_compression()
    return response


async def _tasks(request: web.Request) -> web.Response:
    catalogue = request.app[STATE].catalogue
    return _json(request, {t: render.task_data(catalogue, t) for t in catalogue.task_ids})


async def _tags_by_type(request: web.Request) -> web.Response:
    return _json(request, render.tags_by_type(request.app[STATE].catalogue))


async def _models(request: web.Request) -> web.Response:
    state = request.app[STATE]
    try:
        query = listing.parse_query(request.query)
    except listing.BadQuery as exc:
        return error(400, str(exc))
    task = query.pipeline_tag or (query.filters[0] if query.filters else None)
    if task in state.faults.failing_tasks:
        state.counts["fault_failing_task"] += 1
        return _html(503, _HTML_ERROR.format("503 Service Unavailable"))
    page, more = listing.select(state.catalogue, query)
    items = [_item(m, query) for m in page]
    items = _with_junk(items, state)
    if state.faults.latency_per_1000_rows_ms:
        await asyncio.sleep(state.faults.latency_per_1000_rows_ms * len(page) / 1_000_000)
    headers = {}
    if more:
        cursor = listing.encode_cursor(query.sort, page[-1])
        params = [(k, v) for k, v in request.query.items() if k != "cursor"] + [("cursor", cursor)]
        headers["Link"] = f'<{request.url.with_query(params)}>; rel="next"'
    return _json(request, items, headers)


def _item(model: Any, query: listing.ModelQuery) -> dict[str, Any]:
    if query.expand:
        return render.expanded_item(model, list(query.expand))
    return render.list_item(
        model, sort=query.sort, full=query.full, card=query.card, config=query.config
    )


def _with_junk(items: list[dict[str, Any]], state: HubState) -> list[Any]:
    """Add junk beside the real rows, so the ground truth still holds for a strict client."""
    dice = state.dice
    if not items or not dice.roll(state.faults.malformed_rate):
        return list(items)
    spoiled: list[Any] = list(items)
    for _ in range(1 + dice.index(3)):
        kind = dice.choice(JUNK_KINDS)
        at = dice.index(len(spoiled) + 1)
        real = items[min(at, len(items) - 1)]
        state.counts[f"junk_{kind}"] += 1
        # A repeat goes after its original, so the first sighting is the one ranked.
        place = spoiled.index(real) + 1 if kind == "duplicate" else at
        spoiled.insert(place, junk_item(kind, real))
    return spoiled


async def _model_info(request: web.Request) -> web.Response:
    model = request.app[STATE].catalogue.by_id.get(request.match_info["model_id"])
    if model is None:
        return error(401, "Invalid username or password.")
    return _json(request, render.model_info(model))


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
    payload = {"counts": dict(state.counts), "version": catalogue.version,
               "models": len(catalogue.models), "tasks": len(catalogue.task_ids)}  # fmt: skip
    return web.json_response(payload)


async def _reshuffle(request: web.Request) -> web.Response:
    catalogue = request.app[STATE].catalogue
    seed = int(request.query.get("seed", "1"))
    catalogue.reshuffle(seed, float(request.query.get("fraction", "0.5")))
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
