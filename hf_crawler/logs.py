"""Structured logs: JSON lines off a terminal, readable lines on one, secrets scrubbed.

Logs go to stderr so stdout stays clean for `report` and `db-url`; `--log-file` adds a
JSON-lines copy. Every string in every event passes through `scrub` before rendering.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable, MutableMapping
from pathlib import Path
from typing import Any, TextIO

import structlog

from hf_crawler.errors import OutputFailed
from hf_crawler.text import redact_dsn

_BEARER = re.compile(r"(Bearer\s+)\S+", re.IGNORECASE)
_HF_TOKEN = re.compile(r"\bhf_[A-Za-z0-9]{8,}\b")


class Scrubber:
    """Replaces known secrets and anything shaped like one with `***`."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def text(self, value: str) -> str:
        for secret in self._secrets:
            value = value.replace(secret, "***")
        value = redact_dsn(value)
        value = _BEARER.sub(r"\1***", value)
        return _HF_TOKEN.sub("hf_***", value)

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(v) for v in value]
        if isinstance(value, BaseException):
            return self.text(f"{type(value).__name__}: {value}")
        return value

    def __call__(self, _logger: Any, _name: str, event: MutableMapping[str, Any]) -> Any:
        return {k: self.value(v) for k, v in event.items()}


class _JsonFileTee:
    """Writes each event as a JSON line to the log file, then passes it on."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def __call__(self, _logger: Any, _name: str, event: MutableMapping[str, Any]) -> Any:
        self._stream.write(json.dumps(event, default=str) + "\n")
        self._stream.flush()
        return event


class _LibraryLogs(logging.Handler):
    """Libraries' own log records (asyncpg's pool, aiohttp) as one-line structlog events:
    the message and the error, never a traceback on the user's terminal."""

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        structlog.get_logger(record.name).log(
            record.levelno,
            "library_log",
            message=record.getMessage(),
            error=f"{type(error).__name__}: {error}" if error else None,
        )


def _route_library_logs() -> None:
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not isinstance(h, _LibraryLogs)]
    root.addHandler(_LibraryLogs(level=logging.WARNING))


def _open_log_file(path: Path) -> TextIO:
    """The log file, opened for appending and proven writable by its first line (a full
    disk or a device like /dev/full refuses only the first write)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        stream = path.open("a", encoding="utf-8")
        stream.write(json.dumps({"event": "log_file_opened", "path": str(path)}) + "\n")
        stream.flush()
    except OSError as exc:
        raise OutputFailed(f"cannot write the log file {path}: {exc.strerror or exc}") from exc
    return stream


def emits_json() -> bool:
    """Whether log events go out as JSON lines (so a final error should be one too)."""
    return _JSON[0]


_JSON = [False]


def configure(
    *,
    fmt: str = "auto",
    level: str = "auto",
    log_file: Path | None = None,
    secrets: Iterable[str] = (),
    stream: TextIO | None = None,
) -> None:
    """Set up structlog once per process; `fmt=auto` picks console on a TTY, else JSON;
    `level=auto` is warning on a console (a person reads the progress line and what went
    wrong) and info for JSON (a log shipper keeps every event)."""
    stream = stream or sys.stderr
    console = fmt == "console" or (fmt == "auto" and stream.isatty())
    _JSON[0] = not console
    if level == "auto":
        level = "warning" if console else "info"
    processors = _processors(secrets, log_file, console=console)
    renderer: Any = (
        structlog.dev.ConsoleRenderer(colors=stream.isatty())
        if console
        else structlog.processors.JSONRenderer(default=str)
    )
    _route_library_logs()
    structlog.configure(
        processors=[*processors, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(stream),
        cache_logger_on_first_use=False,
    )


def _processors(secrets: Iterable[str], log_file: Path | None, *, console: bool) -> list[Any]:
    """Context, level, time, scrubbing; then the file copy, and on a terminal the progress
    line's wipe, before the renderer."""
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        Scrubber(secrets),
    ]
    if log_file is not None:
        processors.append(_JsonFileTee(_open_log_file(log_file)))
    if console:
        from hf_crawler.progress import clear_for_log

        processors.append(clear_for_log)
    return processors
