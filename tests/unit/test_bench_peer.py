"""The bench's peer asks the Hub for the very fields hf-crawler asks for: it keeps its own
list, as a user's script would, and this holds the two lists equal."""

from __future__ import annotations

from bench import peer
from hf_crawler.entities import models


def test_the_peer_expands_exactly_the_fields_hf_crawler_expands() -> None:
    assert sorted(peer.EXPAND) == sorted(models.EXPAND)
