"""The exception tree: one root, each class says whether a retry can help.

Messages are one line and never carry a token or a password; callers read the fields,
never the text.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import ClassVar

from hf_crawler.text import redact_dsn


class CrawlerError(Exception):
    """Root of every error this tool raises on purpose."""

    retryable: ClassVar[bool] = False
    phase: str | None = None  # the run phase it broke, set once by the pipeline


class ConfigError(CrawlerError):
    """A bad flag, DSN or environment value: the CLI exits 2 with this one line."""


class SchemaNotReady(ConfigError):
    """The schema is behind this hf-crawl: `hf-crawl migrate` brings it up to date."""


class SchemaMissing(SchemaNotReady):
    """The schema holds no catalogue at all yet."""


class SchemaAhead(ConfigError):
    """The schema was migrated by a newer hf-crawl, which this one must not write to."""


class OutputFailed(CrawlerError):
    """A local file could not be written (a dry run, the log, the metrics, a report): a full
    disk or a missing right, not a bad setting. The OS error stays the cause."""


class HubError(CrawlerError):
    """The Hub answered something we cannot use."""

    def __init__(self, url: str, status: int | None, reason: str) -> None:
        self.url = redact_dsn(url)  # an endpoint may carry user:password@
        self.status = status
        self.reason = reason
        where = f"HTTP {status}" if status is not None else "no response"
        super().__init__(f"{where} from {self.url}: {reason}")


class HubUnavailable(HubError):
    """5xx, 408, a timeout or a dropped connection: worth another try."""

    retryable = True


class HubTimeout(HubUnavailable):
    """No answer (or no more of one) within the read timeout."""


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


class DatabaseRefused(DatabaseError):
    """A statement the database refused (bad data, a constraint, a statement timeout)."""


class MergeFailed(DatabaseRefused):
    """Merging a batch or deriving rankings was refused; the transaction rolled back."""


class MigrationFailed(DatabaseRefused):
    """A migration was refused, or could not take its locks in time; it was rolled back,
    the migrations before it stay applied and those after it were not tried."""


class MigrationChanged(ConfigError):
    """A migration's file differs from the one applied to the database: a released
    migration is never edited, so this code and this database disagree on the schema."""


class WriterBusy(CrawlerError):
    """Another crawl holds the schema's writer lease; the CLI exits 75 (EX_TEMPFAIL), which
    schedulers treat as "try again later", not as a failure."""

    def __init__(self, run_id: int | None, holder: str, silent_s: float, schema: str) -> None:
        self.run_id, self.holder = run_id, holder
        who = f"run {run_id}" if run_id is not None else "a crawl starting"
        renewed = f"lease renewed {silent_s:.0f} s ago"
        super().__init__(self.said(f"{who} ({holder}) is writing to schema {schema}", renewed))

    @staticmethod
    def said(writing: str, renewed: str) -> str:
        return f"busy: {writing} ({renewed}); try later, or pass --wait to queue"


class ServerInUse(WriterBusy):
    """`db-stop` while a live crawl writes to the embedded Postgres: stopping it under the
    run would fail it half-way and leave it `running`. Exit 75, as for a busy writer."""

    @staticmethod
    def said(writing: str, renewed: str) -> str:
        return (
            f"not stopped: {writing} ({renewed}); stop it first (Ctrl-C, or kill -INT),"
            " or wait for it to end"
        )


class LeaseLost(CrawlerError):
    """Another crawl took the writer lease over (this one stopped renewing it in time)."""


# The phases of a run, in order; a failure in the first two means the run never started
# crawling (the CLI exits 2), a later one that it broke mid-way (exit 1).
PHASES = ("connecting", "listing tasks", "crawling", "deriving rankings", "recording the run")
STARTING_PHASES = frozenset(PHASES[:2])


def is_retryable(exc: BaseException) -> bool:
    """Whether asking again can help (the class's `retryable`; foreign errors: no)."""
    return isinstance(exc, CrawlerError) and exc.retryable


def leaves(exc: BaseException) -> list[BaseException]:
    """The exceptions inside nested exception groups, in order (`exc` itself if none)."""
    if not isinstance(exc, BaseExceptionGroup):
        return [exc]
    return [leaf for inner in exc.exceptions for leaf in leaves(inner)]


def first_cause(exc: BaseException) -> BaseException:
    """The error to show for `exc`: a bug (anything but a CrawlerError) first, so its
    traceback is never hidden behind an expected failure; else the first CrawlerError."""
    found = leaves(exc)
    return next((e for e in found if not isinstance(e, CrawlerError)), found[0])


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    """Mark every CrawlerError raised inside (alone or in a group) with the phase `name`,
    unless an inner phase marked it first."""
    try:
        yield
    except Exception as exc:
        for leaf in leaves(exc):
            if isinstance(leaf, CrawlerError) and leaf.phase is None:
                leaf.phase = name
        raise
