"""A run's history of one entity, one snapshot per covered task (`hf.task_snapshots` for
models, `hf.dataset_snapshots` for datasets), written in the transaction that swaps the
task's ranking.

A crawled ranking's snapshot is built here, from what this run merged: each row's
dictionary code (stored in its row by the merge that first stages it, and kept for the
run) and its counters as the run stored them. Postgres then only stores the arrays and
compresses them. A ranking derived in SQL (full-Hub mode) has its snapshot built in SQL,
by `record_snapshots.sql`, to the same format.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from hf_crawler.entities.entity import Record
from hf_crawler.errors import MergeFailed
from hf_crawler.store.db import Connection
from hf_crawler.store.statements import Statements

Counters = tuple[int | None, int | None, float | None, int | None]
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def delta_encode(values: Iterable[int | None]) -> list[int | None]:
    """Each value minus the last non-NULL value before it (the first against 0); NULL stays
    NULL. The same code as `hf.delta_encode`, which `hf.delta_decode` reads back."""
    coded: list[int | None] = []
    last = 0
    for value in values:
        if value is None:
            coded.append(None)
        else:
            coded.append(value - last)
            last = value
    return coded


def counters_of(records: Iterable[Record]) -> dict[str, Counters]:
    """Each row's counters as a merge stores them (a repo's last record wins)."""
    return {
        r.repo_id: (r.downloads, r.likes, r.trending_score, r.downloads_all_time) for r in records
    }


def narrow(values: list[int | None]) -> list[int | None] | None:
    """The values if every one fits a Postgres integer, else None (as `hf.narrow`)."""
    fits = all(v is None or INT_MIN <= v <= INT_MAX for v in values)
    return values if fits else None


def tenths(values: list[float | None]) -> list[int | None] | None:
    """The values in tenths if that is exact for every one, else None (as `hf.tenths`)."""
    coded: list[int | None] = []
    for value in values:
        if value is None:
            coded.append(None)
            continue
        if not math.isfinite(value) or abs(value) >= 214_748_364:
            return None
        tenth = round(value * 10)
        if tenth / 10 != value or (value == 0 and math.copysign(1.0, value) < 0):
            return None
        coded.append(tenth)
    return coded


def snapshot_row(
    run_id: int,
    task_id: str,
    ranking: Sequence[str],
    keys: Mapping[str, int],
    counters: Mapping[str, Counters],
) -> tuple[object, ...]:
    """The `hf.task_snapshots` row of one task's ranking at `run_id`: each counter narrow
    when it fits, else wide, as `hf.snapshot_columns` lays it out."""
    values = [counters[m] for m in ranking]
    downloads = delta_encode(v[0] for v in values)
    likes = [v[1] for v in values]
    trending = [v[2] for v in values]
    all_time = [v[3] for v in values]
    narrow_downloads, narrow_likes = narrow(downloads), narrow(likes)
    trending_tenths, narrow_all_time = tenths(trending), narrow(all_time)
    return (
        run_id,
        task_id,
        delta_encode(keys[m] for m in ranking),
        narrow_downloads,
        narrow_likes,
        trending_tenths,
        narrow_all_time,
        downloads if narrow_downloads is None else None,
        likes if narrow_likes is None else None,
        trending if trending_tenths is None else None,
        all_time if narrow_all_time is None else None,
    )


class History:
    """Writes one run's snapshots; remembers the codes and counters of what the run merged."""

    def __init__(self, statements: Statements) -> None:
        self._q = statements
        self._keys: dict[str, int] = {}
        self._counters: dict[str, Counters] = {}

    @property
    def merged(self) -> int:
        """Distinct rows the run's committed merges stored."""
        return len(self._counters)

    async def codes_for(self, conn: Connection, models: Iterable[str]) -> dict[str, int]:
        """The snapshot codes of the models a merge stages that this run has not used yet:
        each model's own (its row in `hf.models`), or a new one above every code given so
        far, in staging order (pages come in rank order, so a ranking's codes lie close).
        The merge stores them with the models; the run holds the writer lease, so nobody
        else gives codes meanwhile (and if someone did, the unique index on the codes
        would refuse the merge whole)."""
        wanted = [m for m in dict.fromkeys(models) if m not in self._keys]
        if not wanted:
            return {}
        last = await conn.fetchval(self._q.last_key)
        found: dict[str, int] = {}
        if last != len(self._keys):  # else every code given so far was given by this run
            rows = await conn.fetch(self._q.read_keys, wanted)
            found = {r["id"]: r["key"] for r in rows}
        new = [m for m in wanted if m not in found]
        found.update({model: last + n for n, model in enumerate(new, start=1)})
        return found

    async def record(
        self,
        conn: Connection,
        run_id: int,
        rankings: Mapping[str, tuple[str, ...]],
        staged: Mapping[str, Counters],
        codes: Mapping[str, int],
    ) -> None:
        """Snapshot every ranking, with the codes this merge stores (`codes`) or an earlier
        one stored, and the counters of the models this merge stores (`staged`) or an
        earlier one stored."""
        keys = {**self._keys, **codes}  # one dict: its lookups cost less than a ChainMap's
        await self._read_codes(conn, rankings, keys)
        counters = {**self._counters, **staged}
        await self._read_counters(conn, rankings, counters)
        rows = [snapshot_row(run_id, task, ids, keys, counters) for task, ids in rankings.items()]
        await conn.executemany(self._q.insert_snapshot, rows)

    def keep(self, keys: Mapping[str, int], staged: Mapping[str, Counters]) -> None:
        """What a committed merge stored: later batches need not look its codes up, and
        rankings finished later find its models' counters."""
        self._keys.update(keys)
        self._counters.update(staged)

    async def record_derived(self, conn: Connection, run_id: int, task_ids: list[str]) -> None:
        """Full-Hub mode: snapshot the rankings staged in SQL, in SQL."""
        await conn.execute(self._q.record_keys, run_id)
        await conn.execute(self._q.record_snapshots, run_id, task_ids)

    async def _read_codes(
        self,
        conn: Connection,
        rankings: Mapping[str, tuple[str, ...]],
        keys: dict[str, int],
    ) -> None:
        """Codes of ranked models this run did not stage (not expected: a ranking's models
        are merged with it or before it), read as stored; a ranked model without one is a
        broken merge, refused whole."""
        missing = {m for ids in rankings.values() for m in ids if m not in keys}
        if not missing:
            return
        for row in await conn.fetch(self._q.read_keys, list(missing)):
            keys[row["id"]] = row["key"]
        if uncoded := sorted(missing - set(keys)):
            raise MergeFailed(f"ranked models without a snapshot code: {', '.join(uncoded[:5])}")

    async def _read_counters(
        self,
        conn: Connection,
        rankings: Mapping[str, tuple[str, ...]],
        counters: dict[str, Counters],
    ) -> None:
        """Counters of ranked models this run did not merge (not expected: a ranking's
        models are merged with it or before it), read as stored, for this merge only."""
        missing = {m for ids in rankings.values() for m in ids if m not in counters}
        if missing:
            for row in await conn.fetch(self._q.read_counters, list(missing)):
                counters[row["id"]] = (
                    row["downloads"],
                    row["likes"],
                    row["trending_score"],
                    row["downloads_all_time"],
                )
