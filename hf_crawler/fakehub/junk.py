"""Junk beside a listing page's real rows (the `--malformed-rate` knob), for models and
datasets alike: items a client must reject, or drop as a repeat, without losing the page."""

from __future__ import annotations

from typing import Any

from hf_crawler.fakehub.faults import JUNK_KINDS, junk_item
from hf_crawler.fakehub.state import HubState


def with_junk(items: list[dict[str, Any]], state: HubState) -> list[Any]:
    """Add junk beside the real rows, so the ground truth still holds for a strict client."""
    dice = state.dice
    if not items or not dice.roll(state.faults.malformed_rate):
        return list(items)
    spoiled: list[Any] = list(items)
    for _ in range(1 + dice.index(3)):
        kind = dice.choice(JUNK_KINDS)
        at = dice.index(len(spoiled) + 1)
        real = items[min(at, len(items) - 1)]
        state.counts[f"junk_{kind}"] += 1
        # A repeat goes after its original, so the first sighting is the one ranked.
        place = spoiled.index(real) + 1 if kind == "duplicate" else at
        spoiled.insert(place, junk_item(kind, real))
    return spoiled
