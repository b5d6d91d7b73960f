"""What one fake Hub serves from and counts, shared by its edge and its routes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from aiohttp import web

from hf_crawler.fakehub.catalogue import Catalogue
from hf_crawler.fakehub.faults import Dice, Faults
from hf_crawler.fakehub.quota import FixedWindowQuota


@dataclass(slots=True)
class HubState:
    """Everything one fake Hub serves from, and what it counted."""

    catalogue: Catalogue
    faults: Faults = field(default_factory=Faults)
    quota: FixedWindowQuota = field(default_factory=FixedWindowQuota)
    dice: Dice = field(default_factory=lambda: Dice(0))
    counts: Counter[str] = field(default_factory=Counter)
    # The file resolver's own bucket: 3,000 anonymous and 5,000 with a free token a window
    # (https://huggingface.co/docs/hub/rate-limits).
    resolver_quota: FixedWindowQuota = field(
        default_factory=lambda: FixedWindowQuota(
            anonymous=3000, authenticated=5000, bucket="resolvers"
        )
    )


STATE = web.AppKey("state", HubState)
