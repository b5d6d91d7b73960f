"""Evaluation results as the Hub's listing serves them under `expand=evalResults`: the
entries of a repository's `.eval_results/*.yaml` files (`{dataset: {id, task_id,
revision}, value, date, source: {url, name, user, org}, notes, verifyToken}`), in both
forms huggingface_hub's `parse_eval_result_entries` reads: bare, or wrapped as
`{filename, data}`.

Drawn from each model's own seed (its `_id`), so adding them moved nothing else of the
generated catalogue; most models have none (the key is absent), as on the Hub.
"""

from __future__ import annotations

import random
from typing import Any

SHARE = 0.08  # of the models publish results this way
# (benchmark dataset, task id within it, the scale its values are written on)
BENCHMARKS = (
    ("cais/hle", "default", 100.0),
    ("Idavidrein/gpqa", "gpqa_diamond", 1.0),
    ("TIGER-Lab/MMLU-Pro", "default", 100.0),
    ("openai/gsm8k", "main", 1.0),
)


def draw(hub_id: str) -> list[dict[str, Any]] | None:
    """The `evalResults` of the model of `hub_id`; None where the Hub sends none."""
    rng = random.Random(f"evals:{hub_id}")
    if rng.random() >= SHARE:
        return None
    wrapped = rng.random() < 0.5
    entries = []
    for dataset, task_id, scale in rng.sample(BENCHMARKS, rng.randint(1, 3)):
        entry: dict[str, Any] = {
            "dataset": {"id": dataset, "task_id": task_id},
            "value": round(rng.uniform(0.1, 0.9) * scale, 3),
            "date": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T12:00:00Z",
        }
        if rng.random() < 0.5:
            entry["source"] = {
                "url": f"https://huggingface.co/datasets/{dataset}",
                "name": "Eval logs",
            }
        if rng.random() < 0.3:
            entry["verifyToken"] = f"eyJ{rng.getrandbits(64):016x}"
        if rng.random() < 0.2:
            entry["notes"] = "no-tools"
        name = f".eval_results/{dataset.split('/')[-1].lower()}.yaml"
        entries.append({"filename": name, "data": entry} if wrapped else entry)
    return entries
