"""A card's front matter read as huggingface_hub reads it, stored as JSON, with its
`model-index` results as rows."""

from __future__ import annotations

import json

from hf_crawler.hub.card_meta import eval_results, read_front_matter

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
  - not a result
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
    assert [(r.task_type, r.dataset_id, r.metric_type, r.value, r.value_text) for r in rows] == [
        ("text-classification", "glue", "accuracy", 0.91, None),
        ("text-classification", "glue", "f1", None, "88.2%"),
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


def test_odd_shapes_of_model_index_give_no_row() -> None:
    assert eval_results({"model-index": "text"}) == []
    assert eval_results({"model-index": [{"results": [{"metrics": "none"}]}]}) == []
