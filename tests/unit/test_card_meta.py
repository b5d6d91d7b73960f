"""A card's front matter read as huggingface_hub reads it, stored as JSON, with its
`model-index` results as rows."""

from __future__ import annotations

import json

import pytest

from hf_crawler.entities.card_meta import (
    eval_results,
    model_index,
    parse_number,
    read_front_matter,
)

CARD = """---
license: mit
base_model: [org/a, org/b]
released: 2024-05-01
score: .nan
model-index:
- name: my-model
  results:
  - task: {type: text-classification, name: Text Classification}
    dataset: {type: glue, name: GLUE SST-2}
    metrics:
    - {type: accuracy, name: Accuracy, value: 0.91, verified: true}
    - {type: f1, value: "88.2%"}
---
# My model
"""


def test_front_matter_is_read_into_json_postgres_takes() -> None:
    meta = read_front_matter(CARD)
    assert meta.status == "ok"
    assert meta.data is not None
    assert json.loads(json.dumps(meta.data, allow_nan=False))["released"] == "2024-05-01"
    assert meta.data["score"] == "nan"
    assert meta.data["base_model"] == ["org/a", "org/b"]


def test_model_index_gives_one_row_a_metric() -> None:
    rows = eval_results(read_front_matter(CARD).data)
    assert [
        (r.task_type, r.dataset_id, r.metric_type, r.value, r.value_text, r.unit) for r in rows
    ] == [
        ("text-classification", "glue", "accuracy", 0.91, None, None),
        ("text-classification", "glue", "f1", 88.2, "88.2%", "%"),
    ]
    assert rows[0].verified is True and rows[1].verified is None
    assert rows[0].model_name == "my-model" and rows[0].dataset_name == "GLUE SST-2"


def test_no_block_an_empty_one_and_a_broken_one() -> None:
    assert read_front_matter("# Title\n\nText.").status == "none"
    assert read_front_matter("---\n---\n# Title").status == "none"
    broken = read_front_matter("---\nlicense: [mit\n---\n")
    assert broken.status == "invalid" and broken.error
    listed = read_front_matter("---\n- a\n- b\n---\n")
    assert listed.status == "invalid" and "not a mapping" in (listed.error or "")


# A shape of real cards (speech models fine-tuned with an early Trainer): a result with a
# task and metrics but no dataset. huggingface_hub's model_index_to_eval_results refuses
# the whole model-index for it (KeyError 'dataset'), so none of its results is stored.
UNDATASETED = """---
language: en
model-index:
- name: wav2vec2-base-demo
  results:
  - task: {name: Speech Recognition, type: automatic-speech-recognition}
    dataset: {name: LibriSpeech, type: librispeech_asr}
    metrics: [{name: Test WER, type: wer, value: 3.4}]
  - task: {name: Speech Recognition, type: automatic-speech-recognition}
    metrics: [{name: Test WER, type: wer, value: 8.1}]
---
# wav2vec2-base-demo
"""


def test_a_model_index_huggingface_hub_refuses_gives_no_row_and_says_why() -> None:
    index = model_index(read_front_matter(UNDATASETED).data)
    assert index.results == ()
    assert index.error == "KeyError: 'dataset'"


_RESULT = {"task": {"type": "t"}, "dataset": {"type": "d", "name": "D"}, "metrics": []}


@pytest.mark.parametrize(
    ("said", "error"),
    [
        ("text", "TypeError"),  # not a list of entries
        ([{"results": []}], "KeyError: 'name'"),
        ([{"name": "m", "results": ["not a result"]}], "TypeError"),
        ([{"name": "m", "results": [{"task": {"type": "t"}, "metrics": []}]}], "KeyError"),
        (
            [{"name": "m", "results": [{"task": {"type": "t"}, "dataset": {"type": "d"}}]}],
            "KeyError: 'name'",
        ),
        ([{"name": "m", "results": [{**_RESULT, "metrics": [{"value": 1}]}]}], "KeyError: 'type'"),
        ([{"name": "m", "results": [{**_RESULT, "metrics": None}]}], "TypeError"),
        ([{"name": "m", "results": [{**_RESULT, "source": {"name": "paper"}}]}], "ValueError"),
    ],
)
def test_each_shape_huggingface_hub_refuses_is_refused(said: object, error: str) -> None:
    index = model_index({"model-index": said})
    assert index.results == ()
    assert index.error is not None and index.error.startswith(error)


def test_an_empty_model_index_is_none_and_no_error() -> None:
    assert model_index({"model-index": []}) == model_index({}) == model_index(None)
    assert model_index({"model-index": None}).error is None


def test_a_tab_after_a_value_makes_the_front_matter_invalid_as_in_huggingface_hub() -> None:
    # libyaml reads these; yaml.safe_load (huggingface_hub's reader) refuses the tab.
    for block in ("license: mit\t\ntags:\n- nlp\n", "license:\tmit\n", "license: mit \t# note\n"):
        meta = read_front_matter(f"---\n{block}---\n# Card\n")
        assert meta.status == "invalid" and "token" in (meta.error or ""), block
    assert read_front_matter("---\nlicense: mit\n---\n# Tab\there\n").status == "ok"


@pytest.mark.parametrize(
    ("written", "number", "unit"),
    [
        ("80.74%", 80.74, "%"),
        ("97.65 %", 97.65, "%"),
        ("0.85", 0.85, None),
        ("-3.2e-2", -0.032, None),
        ("1,234.5", 1234.5, None),
        ("12.3 BLEU", 12.3, "BLEU"),
        ("45.1 tokens/s", 45.1, "tokens/s"),
        ("85.3 ± 0.2", 85.3, None),
        ("85.3±0.2 %", 85.3, "%"),
        ("71.2 +/- 1.1", 71.2, None),
    ],
)
def test_a_number_written_as_text_is_read_with_its_unit(
    written: str, number: float, unit: str | None
) -> None:
    assert parse_number(written) == (number, unit)
    metric = {"type": "accuracy", "value": written}
    result = {"task": {"type": "t"}, "dataset": {"type": "d", "name": "D"}, "metrics": [metric]}
    value = eval_results({"model-index": [{"name": "m", "results": [result]}]})
    assert (value[0].value, value[0].value_text, value[0].unit) == (number, written, unit)


@pytest.mark.parametrize("written", ["n/a", "nan", "inf", "1e400", "v1.5", "85 (avg)", "1,23", ""])
def test_text_that_writes_no_one_number_stays_text_alone(written: str) -> None:
    assert parse_number(written) == (None, None)
