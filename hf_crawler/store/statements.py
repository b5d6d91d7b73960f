"""The statements every entity shares in shape (stage, merge, swap, history), rendered for
one entity from `sql/templates/<name>.sql`.

A template names the entity's tables and columns by placeholder: `{kind}`, `{table}`, `{id}`,
`{key}`, `{ranks}`, `{coverage}`, `{coverage_count}`, `{snapshots}`, `{snapshot_keys}`,
`{retired}`, `{stage}`, `{stage_ranks}`, `{list}` and `{rank}` (the columns naming a
ranking and a place in it: `task_id` and `rank_in_task`, or for an entity ranked in lists
of its own, `ranking` and `rank`), `{c_downloads}`, `{c_likes}`, `{c_trending_score}` and
`{c_downloads_all_time}` (the history's counters: a column, or a typed NULL where the entity
has none), `{tags:<pattern>}` (the pattern for the tags column, `*` standing for it, or
nothing for an entity without tags), `{members}` (which tasks a row ranks in: the
entity's own part, `sql/fragments/<entity>_members.sql`), `{columns}` (the stored
columns, comma separated) or `{columns:<pattern>}` (the pattern once per column, `*`
standing for it), `{staged}` (the columns the Hub sends, staged as they come) and
`{values}` (what a merge stores of a staged row `s`: the sent columns, then each derived
one computed from them by its fragment, `sql/fragments/<entity>_<column>.sql`) and
`{joins}` (the tables those fragments read, joined to `s` once for the whole batch:
`sql/fragments/<entity>_joins.sql`, empty for an entity with no derived column). Every
name comes from the entity's description and is checked to be a plain identifier, as the
schema is; values always go through `$n` parameters.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from hf_crawler.entities.entity import Entity
from hf_crawler.store.queries import render, sql_dir

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([^{}]*))?\}")


class Statements:
    """Every templated statement, rendered for one entity and schema."""

    create_stage: str
    merge: str
    stamp_seen: str
    create_stage_ranks: str
    lock_tasks: str
    record_coverage: str
    delete_left_rankings: str
    move_rankings: str
    insert_rankings: str
    count_stage_ranks: str
    read_keys: str
    last_key: str
    read_counters: str
    insert_snapshot: str
    record_keys: str
    record_snapshots: str
    covered_since: str
    derive_rankings: str
    merge_cards: str

    def __init__(self, entity: Entity[Any], schema: str) -> None:
        self.stage = f"stage_{entity.name}"
        self.stage_ranks = f"stage_{entity.rankings}"
        self._names = {
            "kind": entity.kind,
            "table": entity.name,
            "id": entity.id_column,
            "key": entity.key_column,
            "ranks": entity.rankings,
            "coverage": entity.coverage,
            "coverage_count": entity.coverage_count,
            "snapshots": entity.snapshots,
            "snapshot_keys": f"{entity.kind}_keys",
            "retired": f"retired_{entity.kind}_keys",
            "stage": self.stage,
            "stage_ranks": self.stage_ranks,
            "list": entity.list_column,
            "rank": entity.rank_column,
        }
        self._columns = entity.stored_columns
        self._tagged = entity.tagged
        self._staged = entity.columns
        for name in (*self._names.values(), *self._columns):
            if not _IDENTIFIER.fullmatch(name):
                raise ValueError(f"{entity.name}: {name!r} is not a plain lower-case identifier")
        for counter, column, kind in zip(_COUNTERS, entity.counters, _COUNTER_TYPES, strict=True):
            if column is not None and not _IDENTIFIER.fullmatch(column):
                raise ValueError(f"{entity.name}: {column!r} is not a plain lower-case identifier")
            self._names[f"c_{counter}"] = column or f"NULL::{kind}"
        # What the merge stores of a staged row `s`: its sent columns, then each derived
        # one computed from them (`sql/fragments/<entity>_<column>.sql`).
        self._values = [f"s.{c}" for c in entity.columns] + [
            f"({_fragment(f'{entity.name}_{c}')})" for c in entity.derived
        ]
        self._names["members"] = _fragment(f"{entity.name}_members")
        # A join, not a subquery per row: Postgres hashes the small table once (a merge of
        # 33,000 rows: 16 ms instead of 39 ms).
        self._names["joins"] = _fragment(f"{entity.name}_joins") if entity.derived else ""
        self._schema = schema
        for name in TEMPLATES:
            setattr(self, name, render(self.expand(_read(name)), schema))

    def expand(self, template: str) -> str:
        """`template` with the entity's names and columns in place of its placeholders."""

        def fill(match: re.Match[str]) -> str:
            name, pattern = match[1], match[2]
            if name == "columns":
                return ", ".join((pattern or "*").replace("*", c) for c in self._columns)
            if name == "tags":  # an entity without tags has no such column
                return (pattern or "*").replace("*", "tags") if self._tagged else ""
            if name == "staged" and pattern is None:
                return ", ".join(self._staged)
            if name == "values" and pattern is None:
                return ", ".join(self._values)
            if pattern is not None or name not in self._names:
                raise ValueError(f"unknown placeholder {match[0]!r}")
            return self._names[name]

        return _PLACEHOLDER.sub(fill, template)


_COUNTERS = ("downloads", "likes", "trending_score", "downloads_all_time")
_COUNTER_TYPES = ("bigint", "bigint", "double precision", "bigint")

# The templates' names: the fields declared above, one file each in sql/templates/.
TEMPLATES = tuple(name for name in Statements.__annotations__ if not name.startswith("_"))


@functools.cache
def _read(name: str) -> str:
    return (sql_dir() / "templates" / f"{name}.sql").read_text()


def _fragment(name: str) -> str:
    """A part of a statement that is the entity's own (`sql/fragments/<name>.sql`), its
    comment lines left out."""
    text = (sql_dir() / "fragments" / f"{name}.sql").read_text()
    return "\n".join(line for line in text.splitlines() if not line.startswith("--")).strip()


@functools.cache
def for_entity(entity: Entity[Any], schema: str = "hf") -> Statements:
    """The statements of `entity` in `schema` (cached: rendered once a process)."""
    return Statements(entity, schema)
