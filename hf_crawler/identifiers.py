"""The rules for the names we accept from users and from the Hub: schemas and task ids."""

from __future__ import annotations

import re

# A lower-case SQL identifier of at most 63 bytes (Postgres's NAMEDATALEN - 1); it is the
# only text ever spliced into SQL, always quoted.
_SCHEMA = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# Task ids on the Hub are kebab-case words (`text-classification`, `any-to-any`); dots and
# underscores are allowed for the odd legacy tag.
_TASK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}")


def is_schema(name: str) -> bool:
    """Whether `name` can be a schema we create and write."""
    return _SCHEMA.fullmatch(name) is not None


def is_system_schema(name: str) -> bool:
    """Whether `name` is one of Postgres's own schemas: `pg_*` names are reserved for the
    system (CREATE SCHEMA refuses them), and `information_schema` is the standard views'."""
    return name.startswith("pg_") or name == "information_schema"


def is_task_id(name: str) -> bool:
    """Whether `name` can be a task id we crawl and store."""
    return _TASK_ID.fullmatch(name) is not None
