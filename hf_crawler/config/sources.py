"""Where settings come from: command-line flags, then the environment, then `.env` files
(the current directory's, then the user's config directory's), then the defaults; each
value coerced to its field's type, and each one's origin known for `hf-crawl config`."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dotenv import dotenv_values
from platformdirs import user_config_path

from hf_crawler.config import hf_token
from hf_crawler.config.settings import Settings
from hf_crawler.errors import ConfigError

# Environment names: the Hub's own where it has one, HF_CRAWL_<FIELD> for the rest.
ENV_NAMES = {"endpoint": "HF_ENDPOINT", "token": "HF_TOKEN", "database_url": "DATABASE_URL"}
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def load(flags: Mapping[str, Any], env: Mapping[str, str], dotenv: Mapping[str, str]) -> Settings:
    """The settings: flags win over the environment, which wins over `.env`, which wins
    over the defaults."""
    return Settings(**values(flags, env, dotenv))


def values(
    flags: Mapping[str, Any], env: Mapping[str, str], dotenv: Mapping[str, str]
) -> dict[str, Any]:
    """The field values the sources give (a field none gives keeps its default)."""
    merged = {**dotenv, **env}
    found: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        raw = flags.get(f.name)
        if raw is None or raw == ():
            raw = _from_env(f.name, merged)
        if raw is not None:
            found[f.name] = _coerce(f.name, _field_types()[f.name], raw)
    if "token" not in found:
        found["token"], found["token_source"] = hf_token.discover(merged)
    elif "token_source" not in found:
        found["token_source"] = "given"  # noqa: S105  # a source name, not a secret
    return found


def origins(
    flags: Mapping[str, Any], env: Mapping[str, str], dotenv_from: Mapping[str, str]
) -> dict[str, str]:
    """Where each setting's value came from: flag, environment, the .env file that set it
    (`dotenv_from`: name -> file), or default."""
    found = {}
    for f in dataclasses.fields(Settings):
        name = ENV_NAMES.get(f.name, f"HF_CRAWL_{f.name.upper()}")
        if flags.get(f.name) not in (None, ()):
            found[f.name] = "flag --" + f.name.replace("_", "-")
        elif env.get(name):
            found[f.name] = f"environment {name}"
        elif name in dotenv_from:
            found[f.name] = f"{dotenv_from[name]} {name}"
        else:
            found[f.name] = "default"
    return found


def unknown_names(*where: Mapping[str, str]) -> dict[str, str | None]:
    """`HF_CRAWL_*` names no setting reads (a typo is otherwise silently ignored), each with
    the known name it most resembles, if any."""
    known = {
        ENV_NAMES.get(f.name, f"HF_CRAWL_{f.name.upper()}") for f in dataclasses.fields(Settings)
    }
    unknown = sorted({n for names in where for n in names if n.startswith("HF_CRAWL_")} - known)
    return {name: next(iter(difflib.get_close_matches(name, known, n=1)), None) for name in unknown}


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a `.env` file, as python-dotenv reads them (quotes, `export `,
    inline comments); a missing file is empty."""
    if not path.is_file():
        return {}
    try:
        values = dotenv_values(path, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start} of the file)") from None
    return {k: v for k, v in values.items() if v is not None}


def dotenv_origins(paths: tuple[Path, ...]) -> dict[str, str]:
    """Which file each name's value comes from (a later file wins), by its full path."""
    found: dict[str, str] = {}
    for path in paths:
        found |= {name: str(path.resolve()) for name, value in read_dotenv(path).items() if value}
    return found


def dotenv_files(chosen: Path | None) -> tuple[Path, ...]:
    """The `.env` files read, lowest precedence first: `--env-file` alone when given, else
    the user's config directory's, then the current directory's."""
    if chosen is not None:
        return (chosen,)
    return (user_config_path("hf-crawler") / ".env", Path(".env"))


def environment() -> Mapping[str, str]:
    """The process environment (the one place it is read)."""
    return os.environ


def _from_env(name: str, env: Mapping[str, str]) -> str | None:
    if name in ("token", "token_source"):
        return None  # found by hf_token.discover, in huggingface_hub's order
    return env.get(ENV_NAMES.get(name, f"HF_CRAWL_{name.upper()}")) or None


@functools.cache
def _field_types() -> dict[str, type]:
    """Each field's type with `X | None` reduced to `X` (the annotations are strings
    under `from __future__ import annotations`; this resolves them)."""
    hints = typing.get_type_hints(Settings)
    return {name: _without_none(hint) for name, hint in hints.items()}


def _without_none(hint: Any) -> Any:
    if isinstance(hint, types.UnionType):
        (kind,) = (arg for arg in typing.get_args(hint) if arg is not type(None))
        return kind
    return hint


def _coerce(name: str, kind: Any, raw: Any) -> Any:
    """A flag's or an environment string's value as the field's type."""
    is_tuple = typing.get_origin(kind) is tuple
    if not isinstance(raw, str):
        return tuple(raw) if is_tuple and isinstance(raw, list | tuple) else raw
    if is_tuple:
        parts = tuple(part.strip() for part in raw.split(",") if part.strip())
        if not parts:  # '' or ',' is a slip, not "all of them"
            raise ConfigError(f"{name}: {raw!r} names nothing (leave it out for all)")
        return parts
    if kind is bool:
        return _boolean(name, raw)
    if kind in (int, float, Path):
        try:
            return kind(raw)
        except ValueError:
            raise ConfigError(f"{name}: {raw!r} is not a valid {kind.__name__}") from None
    return raw


def _boolean(name: str, raw: str) -> bool:
    """1/true/yes/on or 0/false/no/off; anything else is an error, not a silent false."""
    word = raw.strip().lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ConfigError(f"{name}: {raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")
