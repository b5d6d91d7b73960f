"""A model's lineage as its tags state it. The Hub tags a derived model `base_model:<id>`
and, when its card says how, `base_model:<relation>:<id>` (relation finetune, adapter,
quantized or merge; a merge names several bases). The same rule, in SQL, backfills a
database's stored models (`hf.lineage_from_tags`); a test holds the two equal."""

from __future__ import annotations

from collections.abc import Iterable

PREFIX = "base_model:"
RELATIONS = frozenset({"finetune", "adapter", "quantized", "merge"})
UNSPECIFIED = "unspecified"


def edges_from_tags(tags: Iterable[str]) -> set[tuple[str, str]]:
    """(base model id, relation) for each base the tags name; a base tagged only as
    `base_model:<id>` is `unspecified`, unless another tag gives its relation."""
    said: set[tuple[str, str]] = set()
    for tag in tags:
        if not tag.startswith(PREFIX):
            continue
        rest = tag[len(PREFIX) :]
        head, colon, tail = rest.partition(":")
        base, relation = (tail, head) if colon and head in RELATIONS else (rest, UNSPECIFIED)
        if base and ":" not in base:
            said.add((base, relation))
    known = {base for base, relation in said if relation != UNSPECIFIED}
    return {(b, r) for b, r in said if r != UNSPECIFIED or b not in known}
