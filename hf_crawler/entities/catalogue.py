"""Every entity the crawler knows, in the order a run crawls them."""

from __future__ import annotations

from typing import Any

from hf_crawler.entities.collections import COLLECTIONS
from hf_crawler.entities.datasets import DATASETS
from hf_crawler.entities.entity import Entity
from hf_crawler.entities.models import MODELS
from hf_crawler.entities.spaces import SPACES

ENTITIES: tuple[Entity[Any], ...] = (MODELS, DATASETS, SPACES, COLLECTIONS)
BY_NAME = {entity.name: entity for entity in ENTITIES}
