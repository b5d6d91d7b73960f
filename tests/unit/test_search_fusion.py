"""`search --semantic` fuses the full-text and the vector rankings by reciprocal rank, puts
the exact matches first, and scores each hit against the best a hit can have."""

from __future__ import annotations

import pytest

from hf_crawler.reports.search import Filters, Hit, _fused


def hit(model_id: str) -> Hit:
    return Hit(model_id, 0.0, [], None, None, None, None)


def test_an_exact_text_match_comes_before_a_hit_that_both_rankings_like_better() -> None:
    text = [hit("org/near-and-worded"), hit("org/commit-abc123")]  # the exact one second
    near = ["org/near-and-worded", "org/only-near"]
    briefs = {"org/only-near": hit("org/only-near")}
    fused = _fused(text, near, briefs, {"org/commit-abc123"}, Filters(limit=10))
    assert [h.model_id for h in fused] == [
        "org/commit-abc123",
        "org/near-and-worded",
        "org/only-near",
    ]
    assert [h.exact for h in fused] == [True, False, False]


def test_the_score_is_the_fused_reciprocal_ranks_over_the_best_possible() -> None:
    text = [hit("a"), hit("b")]
    near = ["a", "c"]
    fused = {h.model_id: h for h in _fused(text, near, {"c": hit("c")}, set(), Filters())}
    assert fused["a"].score == 1.0  # first in both
    assert (fused["a"].text_rank, fused["a"].vector_rank) == (1, 1)
    assert fused["b"].score == pytest.approx((1 / 62) / (2 / 61), abs=1e-4)
    assert (fused["c"].text_rank, fused["c"].vector_rank) == (None, 2)
    assert fused["c"].score == fused["b"].score  # second in one ranking, absent from the other
