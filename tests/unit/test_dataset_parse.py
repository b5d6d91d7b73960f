"""One `/api/datasets` item -> a DatasetRecord (tasks, languages and size read from its
tags) or a counted rejection, by the rules models follow."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from hf_crawler.entities.datasets import DATASETS, DatasetRecord, parse_item
from hf_crawler.hub.pages import page_items
from hf_crawler.records import Rejection

ITEM = {
    "_id": "621ffdd236468d709f181d58",
    "id": "rajpurkar/squad",
    "author": "rajpurkar",
    "sha": "7b6d24c440a36b6815f21b70d25016731768db1f",
    "lastModified": "2024-03-04T13:54:37.000Z",
    "private": False,
    "gated": False,
    "likes": 351,
    "trendingScore": 4,
    "downloads": 67311,
    "createdAt": "2022-03-02T23:29:22.000Z",
    "cardData": {"license": "cc-by-sa-4.0"},
    "tags": [
        "task_categories:question-answering",
        "task_categories:text-classification",
        "language:en",
        "size_categories:10K<n<100K",
        "license:cc-by-sa-4.0",
        "region:us",
    ],
}


def test_a_real_shaped_item_becomes_a_record_with_its_tags_read() -> None:
    got = parse_item(ITEM)
    assert isinstance(got, DatasetRecord)
    assert got.task_categories == ("question-answering", "text-classification")
    assert (got.languages, got.size_category, got.license) == (
        ("en",),
        "10K<n<100K",
        "cc-by-sa-4.0",
    )
    assert got.created_at_hub == datetime(2022, 3, 2, 23, 29, 22, tzinfo=UTC)
    assert (got.gated, got.private, got.dropped) == ("false", False, ())


def test_an_item_without_an_id_or_with_a_bad_counter_is_rejected() -> None:
    assert parse_item({**ITEM, "id": None}) == Rejection("missing id", None)
    bad = parse_item({**ITEM, "downloads": -3})
    assert isinstance(bad, Rejection) and bad.model_id == "rajpurkar/squad"
    assert "downloads" in bad.reason
    assert isinstance(parse_item(["not", "an", "object"]), Rejection)


def test_a_value_postgres_cannot_hold_is_stored_as_null_and_counted() -> None:
    got = parse_item({**ITEM, "author": "nul\x00", "createdAt": "yesterday", "tags": "x"})
    assert isinstance(got, DatasetRecord)
    assert got.author == "rajpurkar"  # the id's namespace instead
    assert got.created_at_hub is None and got.tags == () and got.task_categories == ()
    assert set(got.dropped) == {"author", "createdAt", "tags"}


DATASET_ITEM = st.fixed_dictionaries(
    {"id": st.sampled_from(["org/data", "solo", "a/b-c.d", " "])},
    optional={
        "_id": st.text(max_size=30) | st.none() | st.integers(),
        "likes": st.integers(-2, 2**64) | st.none() | st.booleans() | st.floats(0, 10),
        "downloads": st.integers(0, 2**63) | st.none(),
        "downloadsAllTime": st.integers(-1, 2**64) | st.none() | st.floats(),
        "trendingScore": st.integers(-(2**60), 2**60) | st.floats() | st.none(),
        "lastModified": st.sampled_from(["2024-03-04T13:54:37.000Z", "", "nope"]) | st.none(),
        "createdAt": st.sampled_from(["2022-03-02T23:29:22.000Z", ""]) | st.none(),
        "tags": st.lists(
            st.sampled_from(["task_categories:", "task_categories:qa", "language:en", ""])
            | st.text(max_size=8),
            max_size=5,
        )
        | st.none(),
        "author": st.text(max_size=5) | st.none() | st.integers(),
        "gated": st.sampled_from([False, True, "auto", "manual", "", "other", 0, None]),
        "private": st.booleans() | st.none(),
        "sha": st.sampled_from(["0" * 40, "abc", "", None]),
        "cardData": st.none()
        | st.text(max_size=3)
        | st.fixed_dictionaries({"license": st.text(max_size=6) | st.none()}),
    },
)


@given(st.lists(DATASET_ITEM, max_size=4))
def test_the_typed_page_decoding_gives_what_the_careful_reader_gives(
    items: list[dict[str, object]],
) -> None:
    body = json.dumps(items).encode()
    assert page_items(DATASETS, body, "u") == [parse_item(i) for i in items]
