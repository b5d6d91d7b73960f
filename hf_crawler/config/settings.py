"""Settings: read once from flags, the environment and `.env`, validated, passed down.

`sources.load` builds them (it alone reads `os.environ`). Secrets (the token, the DSN's
password) never appear in `repr` or in `public()`.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from platformdirs import user_data_path

from hf_crawler import identifiers
from hf_crawler.errors import ConfigError
from hf_crawler.text import redact_dsn

SORTS = ("downloads", "likes", "trendingScore", "createdAt", "lastModified")
MATCHES = ("tag", "pipeline")
TASK_SOURCES = ("api", "union")
# What a run ranks: each task's models (pipeline tag, task tags) and datasets, and the
# Hub's Spaces by likes.
REPOS = ("models", "datasets", "spaces")
LOG_FORMATS = ("auto", "json", "console")
# auto: warnings and errors on a terminal (the progress line says the rest), info off one.
LOG_LEVELS = ("auto", "debug", "info", "warning", "error")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run needs; frozen so no stage can change another's view."""

    endpoint: str = "https://huggingface.co"
    token: str | None = field(default=None, repr=False)
    token_source: str | None = None  # where the token came from (a name, never the token)
    database_url: str | None = field(default=None, repr=False)
    data_dir: Path = field(default_factory=lambda: user_data_path("hf-crawler"))
    schema: str = "hf"
    concurrency: int = 4
    rps: float = 2.0
    limit_per_task: int = 1000
    max_tasks: int | None = None
    tasks: tuple[str, ...] = ()
    repos: tuple[str, ...] = ("models",)  # which repositories each task's top N is taken of
    # Requests a run may spend on GET /api/models/{id} for what only it answers (0: none).
    details_budget: int = 0
    spaces_top: int = 1000  # with --repos spaces: the top N Spaces by likes
    # Requests a run may spend on GET /api/papers/{id} for the ranked repos' papers (0: none).
    papers_budget: int = 0
    collections_top: int = 0  # the top N collections by upvotes, and their items (0: none)
    sort: str = "downloads"
    match: str = "tag"
    task_source: str = "api"
    batch_size: int = 5000
    flush_after_s: float = 2.0  # a finished task's ranking waits at most this long to merge
    queue_pages: int = 16
    dry_run: Path | None = None
    all_models: bool = False  # walk the whole listing; derive every task's ranking in SQL
    since_last_run: bool = False  # full-Hub mode, only what changed since the last full sync
    resume: bool = False  # continue the latest unfinished run of the same mode
    log_format: str = "auto"
    log_file: Path | None = None
    log_level: str = "auto"
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 60.0
    max_tries: int = 6
    max_wait_s: float = 600.0  # give up on a request after this long (rides out a 300 s window)
    backoff_base_s: float = 1.0
    backoff_cap_s: float = 60.0
    max_response_bytes: int = 64 * 1024 * 1024
    allow_insecure_token: bool = False
    include_private: bool = False  # store private repos the token can see (off: skipped)
    header_pacing: bool = True  # pace by the Hub's RateLimit headers, not only on 429
    merge_timeout_s: float = 300.0  # statement timeout of each merge transaction
    statement_cache: str = "auto"  # auto | on | off; off behind a transaction pooler
    drain_timeout_s: float = 10.0
    metrics_file: Path | None = None  # Prometheus text format, written at the end of a run
    lease_s: float = 120.0  # a writer lease not renewed for this long may be taken over
    wait: bool = False  # another crawl writing: wait for it instead of exiting 75
    embed_url: str | None = None  # an OpenAI-compatible embeddings server (embed, --semantic)
    embed_model: str | None = None  # the embedding model it serves
    embed_key: str | None = field(default=None, repr=False)  # its API key, if it wants one

    def __post_init__(self) -> None:
        _validate(self)

    def __repr__(self) -> str:
        return f"Settings({', '.join(f'{k}={v!r}' for k, v in self.public().items())})"

    @property
    def mode(self) -> str:
        """top (per-task top-N), all (full-Hub walk) or since (incremental full-Hub walk)."""
        return "since" if self.since_last_run else "all" if self.all_models else "top"

    def public(self) -> dict[str, Any]:
        """The settings as a run records and logs them: no token, no password."""
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        values["token"] = "set" if self.token else None
        values["database_url"] = redact_dsn(self.database_url) if self.database_url else None
        values["endpoint"] = redact_dsn(self.endpoint)
        values["embed_key"] = "set" if self.embed_key else None
        values["embed_url"] = redact_dsn(self.embed_url) if self.embed_url else None
        return {
            k: (str(v) if isinstance(v, Path) else list(v) if isinstance(v, tuple) else v)
            for k, v in values.items()
        }

    def secrets(self) -> tuple[str, ...]:
        """Strings that must never be printed: the token and the DSN password."""
        found = [secret for secret in (self.token, self.embed_key) if secret]
        for url in (self.database_url, self.endpoint, self.embed_url):
            password = urlsplit(url).password if url else None
            found += [password] if password else []
        return tuple(found)


def defaults() -> dict[str, Any]:
    """Every setting's default, as `Settings()` has it (the one place defaults live)."""
    return Settings().public()


MIN_RPS = 0.01  # a request every 100 s: slower than that a crawl of 47 tasks takes a day


def _validate(s: Settings) -> None:
    _validate_numbers(s)
    _validate_choices(s)
    _validate_names(s)
    _check_endpoint(s)
    if s.embed_url is not None:
        check_http_url("embed-url", s.embed_url)
    if s.database_url is not None:
        check_dsn(s.database_url)


def _validate_numbers(s: Settings) -> None:
    _positive("concurrency", s.concurrency, 256)
    _positive("rps", s.rps, 10_000, least=MIN_RPS)
    _positive("limit_per_task", s.limit_per_task, 10_000_000)
    _positive("batch_size", s.batch_size, 1_000_000)
    _positive("queue_pages", s.queue_pages, 10_000)
    _positive("flush_after_s", s.flush_after_s, 3_600)
    _positive("max_tries", s.max_tries, 100)
    _positive("merge_timeout_s", s.merge_timeout_s, 86_400)
    _positive("lease_s", s.lease_s, 86_400)
    if s.max_tasks is not None:
        _positive("max_tasks", s.max_tasks, 100_000)
    _positive("spaces_top", s.spaces_top, 10_000_000)
    for name in ("details_budget", "papers_budget", "collections_top"):
        if not 0 <= getattr(s, name) <= 10_000_000:
            flag = name.replace("_", "-")
            raise ConfigError(f"{flag} must be 0 to 10000000; got {getattr(s, name)}")


def _validate_choices(s: Settings) -> None:
    _choice("sort", s.sort, SORTS)
    _choice("match", s.match, MATCHES)
    _choice("task_source", s.task_source, TASK_SOURCES)
    if not s.repos or len(set(s.repos)) < len(s.repos):
        raise ConfigError(f"repos must name each of {', '.join(REPOS)} at most once, and one")
    for repo in s.repos:
        _choice("repos", repo, REPOS)
    if (s.all_models or s.since_last_run) and "models" not in s.repos:
        raise ConfigError("full-Hub mode walks the models listing: --repos must name models")
    _choice("log_format", s.log_format, LOG_FORMATS)
    _choice("log_level", s.log_level, LOG_LEVELS)
    _choice("statement_cache", s.statement_cache, ("auto", "on", "off"))


def _validate_names(s: Settings) -> None:
    if not identifiers.is_schema(s.schema):
        raise ConfigError(f"schema {s.schema!r} must be a lower-case SQL identifier")
    if identifiers.is_system_schema(s.schema):
        raise ConfigError(f"schema {s.schema!r} is Postgres's own; choose another (e.g. hf)")
    for task in s.tasks:
        if not identifiers.is_task_id(task):
            raise ConfigError(f"task {task[:40]!r} is not a valid task id")


def _positive(name: str, value: float, most: float, *, least: float = 0) -> None:
    if not (math.isfinite(value) and 0 < value <= most) or value < least:
        lowest = f"at least {least:g}" if least else "above 0"
        raise ConfigError(
            f"{name.replace('_', '-')} must be {lowest} and at most {most:g}; got {value}"
        )


def _choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(
            f"{name.replace('_', '-')} must be one of {', '.join(choices)}; got {value!r}"
        )


def check_http_url(name: str, url: str) -> None:
    """A one-line error for a URL that is not http(s) with a host and a valid port."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{name} {redact_dsn(url)!r} is not an http(s) URL")
    try:
        parts.port  # noqa: B018  # reading it is the check: urllib raises on a bad port
    except ValueError:
        raise ConfigError(f"{name} {redact_dsn(url)!r} has an invalid port") from None


def _check_endpoint(s: Settings) -> None:
    check_http_url("endpoint", s.endpoint)
    parts = urlsplit(s.endpoint)
    plain_remote = parts.scheme == "http" and not _is_local(parts.hostname or "")
    if s.token and plain_remote and not s.allow_insecure_token:
        raise ConfigError(
            f"refusing to send HF_TOKEN over plain http to {parts.hostname}; "
            "use https or set HF_CRAWL_ALLOW_INSECURE_TOKEN=1"
        )


def _is_local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_dsn(dsn: str) -> None:
    """A one-line error for a DSN asyncpg could not use; the password is never echoed."""
    shown = redact_dsn(dsn)
    parts = urlsplit(dsn)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ConfigError(f"database URL {shown!r} must start with postgresql://")
    try:
        parts.port  # noqa: B018  # reading it is the check: urllib raises on a bad port
    except ValueError:
        raise ConfigError(f"database URL {shown!r} has an invalid port") from None
    if not parts.hostname and "host=" not in parts.query:
        raise ConfigError(f"database URL {shown!r} names no host")
