"""Evaluation results in a share of the fake Hub's cards, as a `model-index` (the Hub's
card metadata spec): one entry, one or two results, each with a task, a dataset and one or
two metrics; some values written as text, some verified."""

from __future__ import annotations

import random

from hf_crawler.fakehub.generate import FakeModel

DATASETS = (("glue", "GLUE"), ("squad", "SQuAD"), ("imagenet-1k", "ImageNet"), ("mmlu", "MMLU"))
METRICS = (("accuracy", "Accuracy"), ("f1", "F1"), ("exact_match", "Exact Match"))


def assign(models: list[FakeModel], share: float, seed: int) -> None:
    """Write a `model-index` into the cards of a `share` of `models`."""
    rng = random.Random(seed + 3)
    for model in models:
        if share <= 0 or rng.random() >= share:
            continue
        results = [_result(rng, model) for _ in range(rng.randint(1, 2))]
        name = model.model_id.split("/", 1)[1]
        model.card_extra["model-index"] = [{"name": name, "results": results}]


def _result(rng: random.Random, model: FakeModel) -> dict[str, object]:
    dataset, dataset_name = rng.choice(DATASETS)
    metrics = []
    for metric, metric_name in rng.sample(METRICS, rng.randint(1, 2)):
        value: float | str = round(rng.uniform(40, 99), 2)
        if rng.random() < 0.1:
            value = f"{value}%"  # as some cards write it
        metrics.append(
            {"type": metric, "name": metric_name, "value": value, "verified": rng.random() < 0.3}
        )
    task = model.pipeline_tag or "text-classification"
    return {
        "task": {"type": task, "name": task.replace("-", " ").title()},
        "dataset": {"type": dataset, "name": dataset_name},
        "metrics": metrics,
    }
