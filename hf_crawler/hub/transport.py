"""One GET to the Hub, politely: the shared rate limiter, auth, a capped body, the retry policy,
and the translation of every HTTP and socket failure into `errors`. Nothing past this
module sees aiohttp."""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import aiohttp
import backoff
import structlog
from yarl import URL

from hf_crawler import __version__, errors
from hf_crawler.config.settings import Settings
from hf_crawler.hub import rate_headers, responses
from hf_crawler.hub.limiter import Clock, RateLimiter
from hf_crawler.text import one_line

log = structlog.get_logger("hf_crawler.transport")
# The Hub's rate-limit window when no `RateLimit-Policy` was seen: 5 minutes
# (https://huggingface.co/docs/hub/rate-limits).
DEFAULT_WINDOW_S = 300.0
USER_AGENT = f"hf-crawler/{__version__} (+https://github.com/hf-crawler/hf-crawler)"


# A body's bytes and its URL -> what the caller reads of it (raising HubBadBody if it cannot).
Decode = Callable[[bytes, str], Any]


@dataclass(slots=True)
class RequestStats:
    """Counters a run reports; only the transport writes them."""

    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    by_status: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class HubResponse:
    data: Any  # the body as its decoder read it (JSON values, unless the caller chose)
    next_url: URL | None
    wait_s: float = 0.0  # queued for a free request slot and the rate limiter, before it was sent
    hub_s: float = 0.0  # from sending it to the last byte of the answer: the Hub's latency


@dataclass(frozen=True, slots=True)
class _JsonBody:
    """A JSON answer's bytes as read, decoded once its request slot is free again."""

    body: bytes
    next_url: URL | None
    decode: Decode
    wait_s: float = 0.0
    hub_s: float = 0.0

    def decoded(self, url: str) -> HubResponse:
        return HubResponse(
            data=self.decode(self.body, url),
            next_url=self.next_url,
            wait_s=self.wait_s,
            hub_s=self.hub_s,
        )


@dataclass(frozen=True, slots=True)
class FileAnswer:
    """A file the resolver answered for: its status and, for a 200, its bytes (None when
    larger than allowed); a redirect's target; the commit it was read at."""

    status: int
    body: bytes | None = None
    size: int | None = None
    commit: str | None = None
    location: str | None = None
    error_code: str | None = None


def open_session(settings: Settings) -> aiohttp.ClientSession:
    """One session for the whole run: pooled connections, gzip, our user agent, and the
    proxies of `HTTP_PROXY` / `HTTPS_PROXY` / `NO_PROXY`, as huggingface_hub's httpx client
    honours them (aiohttp reads them only with `trust_env`)."""
    timeout = aiohttp.ClientTimeout(
        total=None, connect=settings.connect_timeout_s, sock_read=settings.read_timeout_s
    )
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    return aiohttp.ClientSession(
        timeout=timeout, headers=headers, raise_for_status=False, trust_env=True
    )


Prepare = Callable[[URL], URL]


class Transport:
    """GETs JSON from the Hub through the shared rate limiter, retrying what a retry can fix.

    At most `concurrency` requests are in flight, counted from the rate limiter to the last byte of
    the body: what a caller does with an answer (parsing a page) no longer holds a request
    back, so callers may wait here with their next request ready."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        limiter: RateLimiter,
        settings: Settings,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        self._session = session
        self._limiter = limiter
        self._clock = clock
        self._in_flight = asyncio.Semaphore(settings.concurrency)
        self._auth = {"Authorization": f"Bearer {settings.token}"} if settings.token else {}
        self._max_bytes = settings.max_response_bytes
        self._max_wait_s = settings.max_wait_s
        self._first_wait_s = settings.backoff_base_s
        self.stats = RequestStats()
        self._retrying = backoff.on_exception(
            backoff.expo,
            errors.CrawlerError,
            giveup=lambda exc: not errors.is_retryable(exc) or isinstance(exc, errors.RateLimited),
            max_tries=settings.max_tries,
            max_time=settings.max_wait_s,
            jitter=backoff.full_jitter,
            factor=settings.backoff_base_s,
            max_value=settings.backoff_cap_s,
            on_backoff=self._on_backoff,
            on_giveup=self._on_giveup,
            logger=None,
        )(self._once)

    @property
    def limiter(self) -> RateLimiter:
        return self._limiter

    async def get(
        self,
        url: URL,
        *,
        prepare: Prepare | None = None,
        decode: Decode = responses.decode_json,
    ) -> HubResponse:
        """The JSON at `url`, as `decode` reads its bytes (JSON values by default). Failures
        a retry can fix are retried (`max_tries`); a 429 is waited out through the shared
        rate limiter for as long as `max_wait_s` allows in all. `prepare`, if given, makes
        the URL each try sends once the rate limiter lets it go (what the run learned while
        it waited applies)."""
        read = functools.partial(self._answer, decode=decode)
        response: HubResponse = await self._waiting_out_429s(url, read, True, True, prepare)
        return response

    async def get_file(self, url: URL, max_bytes: int, *, with_token: bool = True) -> FileAnswer:
        """A file from the resolver, redirects not followed (the caller decides where the
        token may go); 404, 401 and 403 are answers, not errors."""

        async def read(resp: aiohttp.ClientResponse, where: str) -> FileAnswer:
            return await self._file_answer(resp, where, max_bytes)

        answer: FileAnswer = await self._waiting_out_429s(url, read, with_token, False, None)
        return answer

    async def _waiting_out_429s(
        self, url: URL, read: Any, with_token: bool, follow: bool, prepare: Prepare | None
    ) -> Any:
        waited_s = 0.0
        while True:
            try:
                return await self._retrying(url, read, with_token, follow, prepare)
            except errors.RateLimited as exc:
                waited_s += exc.retry_after_s
                if waited_s > self._max_wait_s:
                    log.error("request_gave_up", url=str(url), waited_s=round(waited_s, 1))
                    raise
                self.stats.retries += 1
                wait_s = round(exc.retry_after_s, 3)
                log.warning(
                    "request_retry",
                    url=str(url),
                    status=429,
                    reason=exc.reason,
                    wait_s=wait_s,
                    waited_s=round(waited_s, 1),
                )

    async def _once(
        self, url: URL, read: Any, with_token: bool, follow: bool, prepare: Prepare | None
    ) -> Any:
        """One GET through the rate limiter; `read` turns the answer into the caller's value. A JSON
        body is decoded after its request slot is given back, and after the request waiting
        for that slot has gone out: the slot is held to the last byte, not for the decoding."""
        queued = self._clock()
        async with self._in_flight:
            await self._limiter.acquire()
            sent_url = prepare(url) if prepare else url
            answer = await self._exchange(sent_url, read, with_token, follow, queued)
        if not isinstance(answer, _JsonBody):
            return answer
        await asyncio.sleep(0)  # let the next request be sent first
        return answer.decoded(str(sent_url))

    async def _exchange(
        self, url: URL, read: Any, with_token: bool, follow: bool, queued: float
    ) -> Any:
        sent = self._clock()
        self.stats.requests += 1
        headers = self._auth if with_token else {}
        try:
            async with self._session.get(url, headers=headers, allow_redirects=follow) as resp:
                answer = await read(resp, str(url))
                if isinstance(answer, _JsonBody):
                    answer = replace(answer, wait_s=sent - queued, hub_s=self._clock() - sent)
                return answer
        except TimeoutError as exc:
            raise errors.HubTimeout(str(url), None, type(exc).__name__) from exc
        except aiohttp.ClientSSLError as exc:  # a certificate or an http port: same every time
            reason = f"TLS failed ({one_line(str(exc)) or type(exc).__name__})"
            raise errors.HubProtocolError(str(url), None, reason) from exc
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
            reason = one_line(str(exc)) or type(exc).__name__
            raise errors.HubUnavailable(str(url), None, reason) from exc
        except aiohttp.ClientError as exc:  # a malformed answer: bad status line, headers
            reason = f"malformed HTTP response ({one_line(str(exc)) or type(exc).__name__})"
            raise errors.HubProtocolError(str(url), None, reason) from exc

    async def _answer(self, resp: aiohttp.ClientResponse, url: str, decode: Decode) -> _JsonBody:
        status = resp.status
        self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
        quota = rate_headers.parse_quota(resp.headers)
        self._limiter.observe(quota)
        body = await responses.read_capped(resp, self._max_bytes, url)
        if status >= 400:
            raise self._status_error(resp, body, quota, url)
        self._limiter.answered()
        return _JsonBody(body, responses.next_link(resp, url), decode)

    async def _file_answer(self, resp: aiohttp.ClientResponse, url: str, cap: int) -> FileAnswer:
        status = resp.status
        self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
        quota = rate_headers.parse_quota(resp.headers)
        self._limiter.observe(quota)
        if status == 429 or status == 408 or status >= 500:
            raise self._status_error(
                resp, await responses.read_capped(resp, 1 << 20, url), quota, url
            )
        self._limiter.answered()
        commit, code = resp.headers.get("X-Repo-Commit"), resp.headers.get("X-Error-Code")
        if status != 200:
            return FileAnswer(
                status, commit=commit, location=resp.headers.get("Location"), error_code=code
            )
        try:
            body = await responses.read_capped(resp, cap, url)
        except errors.HubProtocolError:  # larger than allowed: not kept
            return FileAnswer(200, None, resp.content_length, commit)
        return FileAnswer(200, body, len(body), commit)

    def _status_error(
        self, resp: aiohttp.ClientResponse, body: bytes, quota: rate_headers.Quota | None, url: str
    ) -> errors.HubError:
        status, reason = resp.status, responses.error_reason(resp, body)
        if status == 429:
            self.stats.rate_limited += 1
            return errors.RateLimited(url, self._rate_limit_wait(resp, quota), reason)
        if status == 408 or status >= 500:
            return errors.HubUnavailable(url, status, reason)
        if status == 401:
            reason = f"the token is wrong or missing (set HF_TOKEN): {reason}"
        return errors.HubRejected(url, status, reason)

    def _rate_limit_wait(
        self, resp: aiohttp.ClientResponse, quota: rate_headers.Quota | None
    ) -> float:
        """Pause every fetcher for what the 429 says: `t+1` after `r=0` (`t` is rounded;
        huggingface_hub sleeps `t+1` too), else `Retry-After`, else (no word at all, as
        CloudFront's 429s and header-stripping proxies give) the window taken as spent."""
        retry_after = rate_headers.parse_retry_after(resp.headers.get("Retry-After"))
        if quota is not None and quota.remaining == 0:
            wait = max(retry_after or 0.0, quota.reset_s + 1)
        elif retry_after is not None:
            wait = retry_after
        else:
            last = self._limiter.last_quota
            window_s = last.window_s if last is not None and last.window_s else DEFAULT_WINDOW_S
            return self._limiter.spent_window(window_s, self._first_wait_s)
        self._limiter.pause(wait)
        return wait

    def _on_backoff(self, details: Any) -> None:
        self.stats.retries += 1
        exc = details.get("exception")
        log.warning(
            "request_retry",
            url=str(details["args"][0]),
            tries=details["tries"],
            wait_s=round(details["wait"], 3),
            reason=str(exc.reason if isinstance(exc, errors.HubError) else exc),
            status=getattr(exc, "status", None),
        )

    def _on_giveup(self, details: Any) -> None:
        exc = details.get("exception")
        if errors.is_retryable(exc) and not isinstance(exc, errors.RateLimited):  # tries ran out
            log.error("request_gave_up", url=str(details["args"][0]), tries=details["tries"])
