"""What only `GET /api/models/{id}` answers, read carefully: the Hub's shape, the shape
huggingface_hub declares, and wrong shapes NULL and counted."""

from __future__ import annotations

import pytest

from hf_crawler.entities.model_details import ModelDetails, read_details

SERVED = {
    "_id": "66a0",
    "id": "org/tuned",
    "usedStorage": 16_060_522_346,
    "baseModels": {"relation": "finetune", "models": [{"id": "meta-llama/Llama-3.1-8B"}]},
    "childrenModelCount": 412,
}


def test_the_hubs_answer_is_read_whole() -> None:
    assert read_details("org/tuned", SERVED) == ModelDetails(
        "org/tuned", 16_060_522_346, "finetune", ("meta-llama/Llama-3.1-8B",), 412
    )
    assert read_details("org/tuned", SERVED).row() == (
        "org/tuned",
        16_060_522_346,
        "finetune",
        '["meta-llama/Llama-3.1-8B"]',
        412,
    )


def test_a_bare_list_of_base_ids_and_absent_fields() -> None:
    read = read_details("org/m", {"baseModels": ["a/b", "c/d", "a/b"]})
    assert (read.base_relation, read.base_models, read.used_storage, read.children_count) == (
        None,
        ("a/b", "c/d"),
        None,
        None,
    )
    assert read.dropped == ()


@pytest.mark.parametrize(
    ("answer", "dropped"),
    [
        ({**SERVED, "usedStorage": -1}, ("usedStorage",)),
        ({**SERVED, "childrenModelCount": 2**40}, ("childrenModelCount",)),
        ({**SERVED, "baseModels": {"relation": "merge", "models": [{"id": 7}]}}, ("baseModels",)),
        ({**SERVED, "baseModels": {"relation": 3, "models": []}}, ("baseModels",)),
        ({**SERVED, "baseModels": "meta-llama/Llama-3.1-8B"}, ("baseModels",)),
        (["not", "an", "object"], ("body",)),
    ],
)
def test_a_field_of_the_wrong_shape_is_null_and_counted(
    answer: object, dropped: tuple[str, ...]
) -> None:
    read = read_details("org/tuned", answer)
    assert read.dropped == dropped
    for field in dropped:
        column = {"usedStorage": "used_storage", "childrenModelCount": "children_count"}
        if field in column:
            assert getattr(read, column[field]) is None
        if field == "baseModels":
            assert read.base_models is None and read.base_relation is None
