"""Base-model tags for a share of the fake Hub's models, as the Hub writes them: chains (a
model built on a model that is itself derived), merges with two bases, bases the catalogue
does not list, and the relation stated or not; the card's front matter names the same
bases (`base_model`). Bases are drawn among the models generated before, so the tags never
make a cycle; the edges drawn are the ground truth."""

from __future__ import annotations

import random

from hf_crawler.fakehub.generate import FakeModel

RELATIONS = ("finetune", "adapter", "quantized", "merge", "unspecified")
UNLISTED_SHARE = 0.2  # bases that are no model of the catalogue


def assign(models: list[FakeModel], share: float, seed: int) -> dict[str, set[tuple[str, str]]]:
    """Tag a `share` of `models` with base models; each tagged model's (base, relation)."""
    rng = random.Random(seed + 2)
    edges: dict[str, set[tuple[str, str]]] = {}
    for n, model in enumerate(models):
        if n == 0 or share <= 0 or rng.random() >= share:
            continue
        relation = rng.choice(RELATIONS)
        bases = [_base(rng, models, n) for _ in range(2 if relation == "merge" else 1)]
        tags = []
        named = list(dict.fromkeys(bases))
        model.card_extra["base_model"] = named if len(named) > 1 else named[0]
        for base in named:
            tags.append(f"base_model:{base}")
            if relation != "unspecified":
                tags.append(f"base_model:{relation}:{base}")
            edges.setdefault(model.model_id, set()).add((base, relation))
        model.tags = (*model.tags, *tags)
    return edges


def _base(rng: random.Random, models: list[FakeModel], before: int) -> str:
    if rng.random() < UNLISTED_SHARE:
        return f"unlisted-org/base-model-{rng.randrange(40)}"
    return models[rng.randrange(before)].model_id
