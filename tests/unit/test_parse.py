"""The record parser: real shapes, odd shapes, and never an exception."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hf_crawler.entities.items import PLAIN_PAGE, decode_typed
from hf_crawler.entities.models import MODELS, ModelRecord, parse_item, plain_record
from hf_crawler.entities.values import MAX_TAGS, text_is_safe
from hf_crawler.hub.pages import page_items
from hf_crawler.records import Rejection

REAL_ITEM = {
    "_id": "6909b87b734dd24dd19da3ef",
    "id": "moonshotai/Kimi-K2-Thinking",
    "likes": 578,
    "trendingScore": 580,
    "private": False,
    "downloads": 5119,
    "tags": ["transformers", "text-generation", "license:other", "region:us"],
    "pipeline_tag": "text-generation",
    "library_name": "transformers",
    "createdAt": "2025-11-04T08:25:31.000Z",
    "modelId": "moonshotai/Kimi-K2-Thinking",
}


def record(raw: object) -> ModelRecord:
    parsed = parse_item(raw)
    assert isinstance(parsed, ModelRecord), parsed
    return parsed


def test_a_real_default_item_parses_into_every_field() -> None:
    got = record(REAL_ITEM)
    assert got.model_id == "moonshotai/Kimi-K2-Thinking"
    assert got.hub_id == "6909b87b734dd24dd19da3ef"
    assert (got.likes, got.downloads, got.trending_score) == (578, 5119, 580.0)
    assert got.created_at_hub == datetime(2025, 11, 4, 8, 25, 31, tzinfo=UTC)
    assert got.pipeline_tag == "text-generation"
    assert got.library_name == "transformers"
    assert got.license == "other"  # from the license: tag, no cardData here
    assert got.author == "moonshotai"  # derived from the namespace when not expanded
    assert got.last_modified is None and got.gated is None


def test_card_license_wins_over_tags_and_lists_take_the_first() -> None:
    assert record({**REAL_ITEM, "cardData": {"license": "mit"}}).license == "mit"
    assert (
        record({**REAL_ITEM, "cardData": {"license": ["cc-by-4.0", "mit"]}}).license == "cc-by-4.0"
    )


def test_other_license_keeps_its_name() -> None:
    card = {"license": "other", "license_name": "qwen-research"}
    assert record({**REAL_ITEM, "cardData": card}).license == "other:qwen-research"


def test_no_license_anywhere_is_null() -> None:
    item = {**REAL_ITEM, "tags": ["transformers"], "cardData": {"language": "en"}}
    assert record(item).license is None


def test_missing_keys_become_nulls_not_rejections() -> None:
    got = record({"_id": "a" * 24, "id": "solo-model"})
    assert got.likes is None and got.downloads is None and got.tags == ()
    assert got.author is None and got.pipeline_tag is None


def test_gated_is_false_or_a_mode() -> None:
    assert record({**REAL_ITEM, "gated": False}).gated == "false"
    assert record({**REAL_ITEM, "gated": "manual"}).gated == "manual"
    assert record({**REAL_ITEM, "gated": "weird"}).gated is None


def test_fractional_trending_score_is_kept() -> None:
    assert record({**REAL_ITEM, "trendingScore": 0.2}).trending_score == 0.2


def test_odd_optional_fields_are_dropped_not_fatal() -> None:
    item = {
        **REAL_ITEM,
        "createdAt": "yesterday",
        "pipeline_tag": 7,
        "trendingScore": "hot",
        "library_name": "bad\x00lib",
        "downloadsAllTime": -1,
    }
    got = record(item)
    assert got.created_at_hub is None and got.pipeline_tag is None
    assert got.trending_score is None and got.library_name is None
    assert got.downloads_all_time is None


def test_tags_are_deduplicated_capped_and_cleaned() -> None:
    tags = ["a", "a", 3, None, "nul\x00tag", "x" * 500] + [f"t{i}" for i in range(5000)]
    got = record({**REAL_ITEM, "tags": tags})
    assert len(got.tags) == MAX_TAGS
    assert got.tags[:2] == ("a", "x" * 200)
    assert all("\x00" not in t for t in got.tags)


def test_unicode_ids_are_kept() -> None:
    assert record({**REAL_ITEM, "id": "müller/modèle-ü"}).model_id == "müller/modèle-ü"


def rejection(raw: object) -> Rejection:
    parsed = parse_item(raw)
    assert isinstance(parsed, Rejection), parsed
    return parsed


def test_items_that_cannot_be_stored_are_rejected_with_a_reason() -> None:
    assert rejection(None).reason == "item is NoneType, not an object"
    assert rejection("model").reason == "item is str, not an object"
    assert rejection({"likes": 3}).reason == "missing id"
    assert rejection({"id": 42}).reason == "id is int, not a string"
    assert rejection({"id": "   "}).reason == "empty id"
    assert rejection({"id": "a/" + "b" * 300}).reason == "id longer than 256 characters"
    assert rejection({"id": "a/b\x07"}).reason == "id has control or space characters"
    assert rejection({"id": "a/b c"}).reason == "id has control or space characters"


def test_counters_that_are_not_counts_reject_the_item() -> None:
    bad_likes = rejection({**REAL_ITEM, "likes": "many"})
    assert bad_likes.reason.startswith("likes is 'many'")
    assert bad_likes.model_id == "moonshotai/Kimi-K2-Thinking"
    assert rejection({**REAL_ITEM, "downloads": -5}).reason.startswith("downloads is -5")
    assert rejection({**REAL_ITEM, "likes": True}).reason.startswith("likes is True")
    assert rejection({**REAL_ITEM, "downloads": 2**70}).reason.startswith("downloads is")


def test_integral_floats_count_as_counts() -> None:
    assert record({**REAL_ITEM, "downloads": 12.0}).downloads == 12


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)
ITEM_KEYS = st.sampled_from([*sorted(REAL_ITEM), "cardData", "gated", "lastModified", "author"])


@given(JSON)
def test_any_json_value_gives_a_record_or_a_rejection(value: object) -> None:
    assert isinstance(parse_item(value), ModelRecord | Rejection)


@given(st.dictionaries(ITEM_KEYS, JSON, max_size=12))
def test_any_item_shaped_object_gives_a_record_or_a_rejection(item: dict[str, object]) -> None:
    parsed = parse_item(item)
    assert isinstance(parsed, ModelRecord | Rejection)
    if isinstance(parsed, ModelRecord):
        assert parsed.model_id and len(parsed.model_id) <= 256
        assert parsed.downloads is None or parsed.downloads >= 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("author", "a\ud800b"),
        ("library_name", "trans\x00formers"),
        ("pipeline_tag", ["text-classification"]),
        ("createdAt", "9999-12-31T23:59:59-14:00"),
        ("lastModified", "0001-01-01T00:00:00+05:00"),
        ("createdAt", "0001-01-01T00:00:00Z"),  # asyncpg would write -infinity
        ("downloadsAllTime", 2**70),
        ("trendingScore", 10**400),
        ("gated", 5),
        ("private", "no"),
    ],
)
def test_a_value_postgres_cannot_hold_is_dropped_and_noted(field: str, value: object) -> None:
    item = {"id": "org/m", "likes": 1, "downloads": 2, field: value}
    parsed = parse_item(item)
    assert isinstance(parsed, ModelRecord) and parsed.dropped == (field,)


@pytest.mark.parametrize(
    "item",
    [
        {"id": "org/m", "likes": 2**70},
        {"id": "org/m", "downloads": 1.5},
        {"id": "org/\ud800"},
        {"id": "org/a\x00b"},
    ],
)
def test_an_id_or_ranking_counter_postgres_cannot_hold_rejects_the_item(item: object) -> None:
    assert isinstance(parse_item(item), Rejection)


def test_a_missing_key_or_explicit_null_is_not_counted_as_dropped() -> None:
    parsed = parse_item({"id": "org/m", "author": None, "tags": None})
    assert isinstance(parsed, ModelRecord) and parsed.dropped == ()


@given(st.lists(st.dictionaries(ITEM_KEYS, JSON, max_size=12), max_size=3), st.booleans())
def test_a_page_proved_safe_parses_as_if_every_string_were_checked(
    items: list[dict[str, object]], ascii_only: bool
) -> None:
    body = json.dumps(items, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    fast = [parse_item(i, safe_text=text_is_safe(body)) for i in json.loads(body)]
    assert fast == [parse_item(i) for i in json.loads(body)]


@pytest.mark.parametrize(
    "body",
    [
        b'[{"id": "a/b", "author": "x\\u0000y"}]',
        b'[{"id": "a/b", "author": "x\\uD83Dy"}]',
        b'[{"id": "a/b", "author": "x\\udfffy"}]',
        '[{"id": "a/b", "author": "x\ud800y"}]'.encode("utf-8", "surrogatepass"),
        '[{"id": "a/b"}]'.encode("utf-16"),
    ],
    ids=["nul escape", "high surrogate escape", "low surrogate escape", "raw surrogate", "utf-16"],
)
def test_a_page_that_may_hold_unstorable_text_is_not_proved_safe(body: bytes) -> None:
    assert not text_is_safe(body)


def test_an_ordinary_page_is_proved_safe() -> None:
    """As the Hub writes JSON: UTF-8, escaping only what JSON requires."""
    item = {**REAL_ITEM, "author": "Zo\u00eb \\ \U0001f600 \n"}
    assert text_is_safe(json.dumps([REAL_ITEM, item], ensure_ascii=False).encode())


EVAL_DATA = st.fixed_dictionaries(
    {},
    optional={
        "dataset": st.none()
        | st.integers()
        | st.fixed_dictionaries(
            {},
            optional={
                "id": st.sampled_from(["cais/hle", "", "x" * 3000]) | st.none() | st.integers(),
                "task_id": st.sampled_from(["default", ""]) | st.none(),
            },
        ),
        "value": st.floats(allow_nan=True)
        | st.integers(-(2**70), 2**70)
        | st.booleans()
        | st.sampled_from(["85.3%", "n/a", ""])
        | st.none()
        | st.lists(st.integers(), max_size=1),
        "date": st.sampled_from(["2025-01-15T10:30:00Z", ""]) | st.none() | st.integers(),
        "source": st.none()
        | st.text(max_size=2)
        | st.fixed_dictionaries(
            {}, optional={"url": st.text(max_size=4) | st.none(), "name": st.text(max_size=4)}
        ),
        "notes": st.text(max_size=4) | st.none(),
        "verifyToken": st.text(max_size=4) | st.none(),
    },
)
# An entry as listed: bare, or wrapped as {filename, data}; or not an entry at all.
EVAL_ENTRY = (
    EVAL_DATA
    | st.fixed_dictionaries({"filename": st.text(max_size=4), "data": EVAL_DATA})
    | st.integers()
)

PLAUSIBLE = st.fixed_dictionaries(
    {"id": st.sampled_from(["org/model", "solo", "a/b-c.d"])},
    optional={
        "_id": st.text(max_size=30) | st.none() | st.integers(),
        "likes": st.integers(-2, 2**64) | st.none() | st.booleans() | st.floats(0, 10),
        "downloads": st.integers(0, 2**63) | st.none(),
        "downloadsAllTime": st.integers(-1, 2**64) | st.none() | st.floats(),
        "trendingScore": st.integers(-(2**60), 2**60) | st.floats() | st.none() | st.booleans(),
        "lastModified": st.sampled_from(
            ["2025-11-04T08:25:31.000Z", "", "nope", "0001-01-01T00:00:00+01:00"]
        )
        | st.none(),
        "createdAt": st.sampled_from(["2022-03-02T23:29:04.000Z", ""]) | st.none() | st.integers(),
        "tags": st.lists(st.text(max_size=8), max_size=5) | st.none() | st.text(max_size=3),
        "pipeline_tag": st.text(max_size=5) | st.none() | st.booleans(),
        "library_name": st.text(max_size=5) | st.none(),
        "author": st.text(max_size=5) | st.none() | st.integers(),
        "gated": st.sampled_from([False, True, "auto", "manual", "", "other", 0, 1, None]),
        "private": st.booleans() | st.none() | st.integers(0, 1),
        "sha": st.sampled_from(["0" * 40, "abc", "G" * 40, "", None]),
        "cardData": st.none() | st.fixed_dictionaries({"license": st.text(max_size=6) | st.none()}),
        "safetensors": st.none()
        | st.integers()
        | st.fixed_dictionaries(
            {},
            optional={
                "parameters": st.dictionaries(
                    st.sampled_from(["BF16", "F32", "I32", ""]),
                    st.integers(-1, 2**64) | st.floats(0, 10) | st.none(),
                    max_size=3,
                )
                | st.lists(st.integers(), max_size=2),
                "total": st.integers(-1, 2**64) | st.none() | st.text(max_size=3),
            },
        ),
        "gguf": st.none()
        | st.text(max_size=3)
        | st.fixed_dictionaries(
            {},
            optional={
                "total": st.integers(-1, 2**64) | st.none() | st.floats(0, 10),
                "architecture": st.text(max_size=6) | st.none() | st.integers(),
                "context_length": st.integers(-1, 2**32) | st.none(),
                "chat_template": st.text(max_size=6),
            },
        ),
        "evalResults": st.none() | st.text(max_size=3) | st.lists(EVAL_ENTRY, max_size=3),
    },
)


@given(st.lists(PLAUSIBLE, max_size=4))
def test_the_typed_page_decoding_gives_what_the_careful_reader_gives(
    items: list[dict[str, object]],
) -> None:
    """The typed decoding of a page proved safe may decline it, never differ on an item."""
    body = json.dumps(items).encode()
    assert page_items(MODELS, body, "u") == [parse_item(i) for i in items]


SAFETENSORS = {"parameters": {"BF16": 8030261248}, "total": 8030261248}
GGUF = {"total": 7241732096, "architecture": "llama", "context_length": 8192, "bos_token": "<s>"}


@pytest.mark.parametrize(
    ("sizes", "total", "source", "by_dtype", "architecture", "context"),
    [
        ({}, None, None, None, None, None),  # absent is NULL, never 0
        ({"safetensors": SAFETENSORS}, 8030261248, "safetensors", {"BF16": 8030261248}, None, None),
        ({"gguf": GGUF}, 7241732096, "gguf", None, "llama", 8192),  # a GGUF-only repository
        (
            {"safetensors": SAFETENSORS, "gguf": GGUF},
            8030261248,
            "safetensors",
            {"BF16": 8030261248},
            "llama",
            8192,
        ),
        (  # a 4-bit quantized repository: its packed count, as served
            {
                "safetensors": {
                    "parameters": {"I32": 905969664, "F16": 131072000},
                    "total": 1037041664,
                }
            },
            1037041664,
            "safetensors",
            {"F16": 131072000, "I32": 905969664},
            None,
            None,
        ),
    ],
)
def test_a_models_size_is_read_as_the_listing_serves_it(  # noqa: PLR0913  # a parameter per stored column
    sizes: dict[str, object],
    total: int | None,
    source: str | None,
    by_dtype: dict[str, int] | None,
    architecture: str | None,
    context: int | None,
) -> None:
    item = {**REAL_ITEM, **sizes}
    typed = decode_typed(json.dumps([item]).encode(), PLAIN_PAGE, plain_record)
    assert typed == [parse_item(item)]  # a sized page still takes the typed decoding
    for record in (parse_item(item), typed[0]):
        assert isinstance(record, ModelRecord)
        assert (record.params_total, record.params_source) == (total, source)
        stored = None if record.params_by_dtype is None else json.loads(record.params_by_dtype)
        assert stored == by_dtype
        assert (record.gguf_architecture, record.gguf_context_length) == (architecture, context)
        assert record.dropped == ()


@pytest.mark.parametrize(
    ("sizes", "total", "dropped"),
    [
        ({"safetensors": {"parameters": {"BF16": 5}}}, None, ("safetensors",)),  # no total
        ({"safetensors": {"parameters": {"BF16": -1}, "total": 5}}, None, ("safetensors",)),
        ({"safetensors": [1, 2]}, None, ("safetensors",)),
        ({"safetensors": "big", "gguf": GGUF}, 7241732096, ("safetensors",)),  # the GGUF's then
        ({"gguf": {**GGUF, "context_length": 2**40}}, 7241732096, ("gguf",)),
        ({"gguf": "llama"}, None, ("gguf",)),
    ],
)
def test_a_size_of_the_wrong_shape_is_null_and_counted(
    sizes: dict[str, object], total: int | None, dropped: tuple[str, ...]
) -> None:
    record = parse_item({**REAL_ITEM, **sizes})
    assert isinstance(record, ModelRecord)
    assert record.params_total == total and record.dropped == dropped


def test_an_ordinary_page_takes_the_typed_decoding() -> None:
    items = [REAL_ITEM, {**REAL_ITEM, "id": "org/other", "cardData": {"license": "mit"}}]
    typed = decode_typed(json.dumps(items).encode(), PLAIN_PAGE, plain_record)
    assert typed == [parse_item(i) for i in items]


# Entries as the Hub lists them (`.eval_results/*.yaml`), bare and wrapped.
HLE = {
    "dataset": {"id": "cais/hle", "task_id": "default"},
    "value": 20.9,
    "date": "2025-01-15T10:30:00Z",
    "source": {"url": "https://huggingface.co/datasets/cais/hle", "name": "CAIS HLE"},
    "notes": "no-tools",
    "verifyToken": "eyJhbGciOiJIUzI1NiJ9",
}
GPQA = {"dataset": {"id": "Idavidrein/gpqa", "task_id": "gpqa_diamond"}, "value": "41.2%"}


def test_listed_evaluation_results_are_read_in_both_forms_typed_as_carefully() -> None:
    items = [
        {**REAL_ITEM, "evalResults": [HLE, GPQA]},
        {**REAL_ITEM, "id": "org/other", "evalResults": [{"filename": "x.yaml", "data": HLE}]},
    ]
    typed = decode_typed(json.dumps(items).encode(), PLAIN_PAGE, plain_record)
    assert typed is not None and typed == [parse_item(i) for i in items]
    first, second = (json.loads(r.eval_results or "") for r in typed)
    hle = {
        "dataset_id": "cais/hle",
        "task_id": "default",
        "value": 20.9,
        "value_text": None,
        "unit": None,
        "verified": True,
        "date": "2025-01-15T10:30:00Z",
        "source_url": "https://huggingface.co/datasets/cais/hle",
        "source_name": "CAIS HLE",
        "notes": "no-tools",
    }
    gpqa = {
        "dataset_id": "Idavidrein/gpqa",
        "task_id": "gpqa_diamond",
        "value": 41.2,
        "value_text": "41.2%",
        "unit": "%",
        "verified": False,
        "date": None,
        "source_url": None,
        "source_name": None,
        "notes": None,
    }
    assert first == [hle, gpqa] and second == [hle]


def test_an_evaluation_entry_without_its_required_keys_is_left_out_and_counted() -> None:
    no_value = {"dataset": {"id": "cais/hle", "task_id": "default"}}
    record = parse_item({**REAL_ITEM, "evalResults": [no_value, GPQA, "text"]})
    assert isinstance(record, ModelRecord) and record.dropped == ("evalResults",)
    assert [e["dataset_id"] for e in json.loads(record.eval_results or "")] == ["Idavidrein/gpqa"]
    page = json.dumps([{**REAL_ITEM, "evalResults": [no_value]}]).encode()
    assert decode_typed(page, PLAIN_PAGE, plain_record) is None  # the careful reader's, then
    assert page_items(MODELS, page, "u") == [parse_item({**REAL_ITEM, "evalResults": [no_value]})]
