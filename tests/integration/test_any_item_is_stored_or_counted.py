"""Whatever the Hub serves, every item travels parse -> COPY -> merge into a real Postgres
and comes out either stored as parsed or counted as rejected; the merge never fails."""

from __future__ import annotations

import asyncio
import json
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

import asyncpg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hf_crawler.entities.models import MODELS, ModelRecord, parse_item
from hf_crawler.records import Batch, Rejection, Task
from hf_crawler.store import migrate
from hf_crawler.store.loader import PostgresSink

SCHEMA = f"any_item_{secrets.token_hex(4)}"
# Any code point, lone surrogates and NUL included (the defaults leave surrogates out).
ANY_TEXT = st.text(st.characters(exclude_categories=[]), max_size=12)
EDGE_TEXT = st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfffy", "", " ", "🤗", "é"])
TEXT = ANY_TEXT | EDGE_TEXT
INTS = st.integers(min_value=-(2**80), max_value=2**80) | st.sampled_from([2**63 - 1, 2**63])
FLOATS = st.floats(allow_nan=True, allow_infinity=True)


@st.composite
def iso_times(draw: st.DrawFn) -> str:
    """ISO-8601 times from year 1 to 9999, at any offset from -14:00 to +14:00."""
    moment = draw(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
    offset = timezone(timedelta(minutes=draw(st.integers(-14 * 60, 14 * 60))))
    return moment.replace(tzinfo=offset).isoformat()


SCALARS = st.none() | st.booleans() | INTS | FLOATS | TEXT | iso_times()
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3), max_leaves=6)
IDS = st.builds("org/model-{}".format, st.integers(0, 40)) | TEXT
COUNTS = st.integers(0, 10**6) | st.integers(0, 10**6) | INTS | VALUES  # mostly plausible
# Each field: plausible values, odd ones (NUL, surrogates, far dates, huge numbers), and
# values of any JSON type.
FIELDS: dict[str, st.SearchStrategy[object]] = {
    "_id": TEXT | VALUES,
    "likes": COUNTS,
    "downloads": COUNTS,
    "downloadsAllTime": INTS | FLOATS | VALUES,
    "trendingScore": INTS | FLOATS | VALUES,
    "tags": st.lists(TEXT | TEXT | VALUES, max_size=4) | VALUES,
    "createdAt": iso_times() | iso_times() | TEXT | VALUES,
    "lastModified": iso_times() | TEXT | VALUES,
    "pipeline_tag": TEXT | VALUES,
    "library_name": TEXT | VALUES,
    "author": TEXT | TEXT | VALUES,
    "gated": st.sampled_from([False, "auto", "manual"]) | VALUES,
    "private": st.booleans() | VALUES,
    "cardData": st.fixed_dictionaries({"license": TEXT | st.lists(TEXT)}) | VALUES,
}


@st.composite
def raw_items(draw: st.DrawFn) -> object:
    if draw(st.integers(0, 9)) == 0:
        return draw(SCALARS)  # not even an object
    item: dict[str, Any] = {"id": draw(IDS)}
    for name in draw(st.lists(st.sampled_from(sorted(FIELDS)), unique=True)):
        item[name] = draw(FIELDS[name])
    return item


async def store(dsn: str, items: list[object]) -> tuple[list[ModelRecord], int]:
    parsed = [parse_item(item) for item in items]
    records = list({r.model_id: r for r in parsed if isinstance(r, ModelRecord)}.values())
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=1)
    try:
        await migrate.apply(pool, SCHEMA)
        sink = PostgresSink(pool, SCHEMA, "tag", timeout_s=60)
        await sink.merge_tasks((Task("any-task", "Any"),))
        ranking = {"any-task": tuple(r.model_id for r in records)}
        await sink.of(MODELS).merge(Batch(tuple(records), ranking))
        rows = await pool.fetch(
            f"SELECT m.*, t.rank_in_task FROM {SCHEMA}.models AS m JOIN {SCHEMA}.model_tasks"
            " AS t USING (model_id) WHERE t.task_id = 'any-task' ORDER BY t.rank_in_task"
        )
    finally:
        await pool.close()
    assert [r["model_id"] for r in rows] == [r.model_id for r in records]
    for row, record in zip(rows, records, strict=True):
        assert_stored_as_parsed(dict(row), record)
    return records, sum(isinstance(r, Rejection) for r in parsed)


def assert_stored_as_parsed(row: dict[str, Any], record: ModelRecord) -> None:
    assert json.loads(row["tags"]) == list(record.tags)
    expected = {
        "hub_id": record.hub_id,
        "likes": record.likes,
        "downloads": record.downloads,
        "author": record.author,
        "downloads_all_time": record.downloads_all_time,
        "trending_score": record.trending_score,
        "created_at_hub": record.created_at_hub,
        "last_modified": record.last_modified,
        "gated": record.gated,
        "pipeline_tag": record.pipeline_tag,
        "private": record.private,
        "library_name": record.library_name,
        "license": record.license,
    }
    assert {column: row[column] for column in expected} == expected


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(items=st.lists(raw_items(), min_size=1, max_size=12))
def test_every_item_is_stored_as_parsed_or_counted(pg_dsn: str, items: list[object]) -> None:
    records, rejected = asyncio.run(store(pg_dsn, items))
    distinct = {r.model_id for r in (parse_item(i) for i in items) if isinstance(r, ModelRecord)}
    assert len(records) == len(distinct) and rejected == len(items) - sum(
        isinstance(parse_item(i), ModelRecord) for i in items
    )
