"""The fake Hub's edge, in the order a real one applies it: auth, the quota, the fault
knobs, then the Hub's own headers (`RateLimit`, `X-Request-Id`, CORS)."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web

from hf_crawler.fakehub.faults import Faults
from hf_crawler.fakehub.quota import Verdict
from hf_crawler.fakehub.state import STATE, HubState

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
HTML_ERROR = "<html><head><title>{0}</title></head><body><h1>{0}</h1>CloudFront</body></html>"
_EXPOSE = "X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Total-Count,ETag,Link"


def error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    """The Hub's JSON error: `{"error": ...}` plus `X-Error-Message`."""
    all_headers = {"X-Error-Message": message, **(headers or {})}
    return web.json_response({"error": message}, status=status, headers=all_headers)


@web.middleware
async def hub_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    state = request.app[STATE]
    if request.path.startswith(("/_fake/", "/v1/")):  # control routes; the embeddings server
        return await handler(request)
    state.counts["requests"] += 1
    token = bearer(request)
    quota = state.resolver_quota if "/resolve/" in request.path else state.quota
    verdict = quota.take(token or request.remote or "?", authenticated=token is not None)
    response = await _guarded(request, handler, state, token, verdict)
    state.counts[f"status_{response.status}"] += 1
    if _sends_ratelimit(state.faults, response.status):
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
        return html(int(kind), HTML_ERROR.format(f"{kind} ERROR"))
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
    return html(200, "<!DOCTYPE html><html><body>Loading...</body></html>")


def html(status: int, text: str) -> web.Response:
    return web.Response(status=status, text=text, content_type="text/html")


def bearer(request: web.Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _sends_ratelimit(faults: Faults, status: int) -> bool:
    """Whether this answer carries `RateLimit` headers: the Hub's always do; CloudFront's
    429s do not; a proxy may strip them from everything."""
    mode = faults.ratelimit_headers
    return mode == "all" or (mode == "not_on_429" and status != 429)
