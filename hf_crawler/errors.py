"""The exception tree: one root, each class says whether a retry can help.

Messages are one line and never carry a token or a password; callers read the fields,
never the text.
"""

from __future__ import annotations

from typing import ClassVar


class CrawlerError(Exception):
    """Root of every error this tool raises on purpose."""

    retryable: ClassVar[bool] = False


class ConfigError(CrawlerError):
    """A bad flag, DSN or environment value: the CLI exits 2 with this one line."""


class HubError(CrawlerError):
    """The Hub answered something we cannot use."""

    def __init__(self, url: str, status: int | None, reason: str) -> None:
        self.url = url
        self.status = status
        self.reason = reason
        where = f"HTTP {status}" if status is not None else "no response"
        super().__init__(f"{where} from {url}: {reason}")


class HubUnavailable(HubError):
    """5xx, 408, a timeout or a dropped connection: worth another try."""

    retryable = True


class HubBadBody(HubUnavailable):
    """A 200 whose body is not the JSON we asked for (HTML from a proxy, a cut body)."""


class RateLimited(HubUnavailable):
    """429: the Hub says when to come back; every fetcher waits that long."""

    def __init__(self, url: str, retry_after_s: float, reason: str) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(url, 429, f"{reason} (retry in {retry_after_s:.1f}s)")


class HubRejected(HubError):
    """400/401/403/404 and other 4xx: asking again gives the same answer."""


class HubProtocolError(HubError):
    """The Hub broke the protocol in a way a retry cannot fix (a looping Link)."""


class DatabaseError(CrawlerError):
    """A Postgres error; the asyncpg exception is kept as __cause__."""


class DatabaseUnavailable(DatabaseError):
    """Connection lost, too many connections, serialization failure, deadlock."""

    retryable = True


class MergeFailed(DatabaseError):
    """A merge the database refused (bad data, constraint, statement timeout)."""


def first_cause(exc: BaseException) -> BaseException:
    """The error to show for `exc`: the first CrawlerError inside nested exception groups,
    else the first leaf."""
    if not isinstance(exc, BaseExceptionGroup):
        return exc
    leaves = [first_cause(e) for e in exc.exceptions]
    return next((e for e in leaves if isinstance(e, CrawlerError)), leaves[0])
