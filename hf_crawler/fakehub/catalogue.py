"""The fake Hub's catalogue: the generated models with indexes and sorted views, the edits
tests make between fetches, and the ground truth a crawl must reach."""

from __future__ import annotations

import bisect
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from hf_crawler.fakehub import datasets, evaluations, generate, lineage, neighbourhood, taxonomy
from hf_crawler.fakehub.datasets import FakeDataset
from hf_crawler.fakehub.generate import CatalogueSpec, FakeModel

__all__ = ["SORT_FIELDS", "Catalogue", "CatalogueSpec", "FakeModel", "GroundTruth", "sort_key"]

SortKey = tuple[int, float, str]
Repo = TypeVar("Repo", FakeModel, FakeDataset)
SORT_FIELDS = ("trendingScore", "downloads", "likes", "createdAt", "lastModified")


def sort_key(value: float | int | None, hub_id: str) -> tuple[int, float, str]:
    """The Hub's order: value descending, `_id` ascending, missing values last."""
    return (1, 0.0, hub_id) if value is None else (0, -float(value), hub_id)


@dataclass(frozen=True, slots=True)
class GroundTruth:
    """What a correct crawl stores: each task's ranking, and so the models and mappings."""

    rankings: dict[str, tuple[str, ...]]

    @property
    def models(self) -> frozenset[str]:
        return frozenset(m for ids in self.rankings.values() for m in ids)

    @property
    def mappings(self) -> int:
        return sum(len(ids) for ids in self.rankings.values())


class Catalogue:
    """The models the fake Hub serves, with indexes and cached sorted views."""

    def __init__(self, spec: CatalogueSpec) -> None:
        self.spec = spec
        self.task_ids = spec.task_ids()
        self.extra_task_ids = taxonomy.EXTRA_TASK_IDS[: spec.extra_tasks]
        self.models: list[FakeModel] = list(
            generate.generate(spec, self.task_ids, self.extra_task_ids)
        )
        # Each derived model's (base, relation): what a crawl must store as lineage.
        self.lineage = lineage.assign(self.models, spec.lineage_share, spec.seed)
        evaluations.assign(self.models, spec.eval_share, spec.seed)
        self.datasets: list[FakeDataset] = list(
            datasets.generate(
                self.task_ids,
                spec.datasets_per_task,
                spec.seed,
                spec.overlap,
                spec.private_share,
            )
        )
        # (model, dataset, source) for each model naming its training data: the ground truth.
        self.dataset_links = datasets.link(
            self.models, self.datasets, spec.dataset_link_share, spec.seed
        )
        neighbourhood.add_dataset_papers(self.datasets)
        self.datasets_by_id = {d.dataset_id: d for d in self.datasets}
        dataset_ids = [d.dataset_id for d in self.datasets]
        self.spaces = neighbourhood.spaces(self.models, dataset_ids, spec.spaces, spec.seed)
        self.collections = neighbourhood.collections(
            self.models,
            dataset_ids,
            [s.space_id for s in self.spaces],
            spec.collections,
            spec.seed,
        )
        self.collections_by_slug = {c.slug: c for c in self.collections}
        repos: list[FakeModel | FakeDataset] = [*self.models, *self.datasets]
        self.arxiv_ids = {t[6:] for r in repos for t in r.tags if t.startswith("arxiv:")}
        children: Counter[str] = Counter()
        for edges in self.lineage.values():
            children.update({base for base, _ in edges})
        self._children = children
        self.by_id = {m.model_id: m for m in self.models}
        self.by_tag: dict[str, list[FakeModel]] = {}
        self.by_pipeline: dict[str, list[FakeModel]] = {}
        for model in self.models:
            for tag in model.tags:
                self.by_tag.setdefault(tag, []).append(model)
            if model.pipeline_tag:
                self.by_pipeline.setdefault(model.pipeline_tag, []).append(model)
        self.version = 0
        self._views: dict[tuple[object, ...], tuple[int, list[Any], list[SortKey]]] = {}

    def children_count(self, model_id: str) -> int:
        """How many models name `model_id` as their base (the Hub's childrenModelCount)."""
        return self._children[model_id]

    def label(self, task_id: str) -> str:
        return taxonomy.LABELS.get(task_id) or task_id.replace("-", " ").title()

    def members(self, task_id: str, match: str = "tag") -> list[FakeModel]:
        """The models a task holds by construction (not by re-reading tags)."""
        if match == "pipeline":
            return [m for m in self.by_pipeline.get(task_id, ()) if m.pipeline_tag == task_id]
        return [m for m in self.by_tag.get(task_id, ()) if task_id in m.task_tags]

    def ground_truth(
        self,
        task_ids: Iterable[str] | None = None,
        *,
        limit: int,
        match: str = "tag",
        sort: str = "downloads",
        include_private: bool = False,
    ) -> GroundTruth:
        """Each task's top `limit` model ids in the Hub's order: the public ones, unless
        `include_private` (what a crawl that stores private repos should reach)."""
        rankings = {}
        for task_id in task_ids if task_ids is not None else self.task_ids:
            members = [m for m in self.members(task_id, match) if include_private or not m.private]
            members.sort(key=lambda m: sort_key(m.sort_value(sort), m.hub_id))
            rankings[task_id] = tuple(m.model_id for m in members[:limit])
        return GroundTruth(rankings)

    def dataset_truth(
        self, task_ids: Iterable[str] | None = None, *, limit: int, sort: str = "downloads"
    ) -> GroundTruth:
        """Each task's top `limit` public dataset ids in the Hub's order."""
        rankings = {}
        for task_id in task_ids if task_ids is not None else self.task_ids:
            members = [d for d in self.datasets if task_id in d.task_tags and not d.private]
            members.sort(key=lambda d: sort_key(d.sort_value(sort), d.hub_id))
            rankings[task_id] = tuple(d.dataset_id for d in members[:limit])
        return GroundTruth(rankings)

    def sorted_view(
        self, key: tuple[object, ...], candidates: Iterator[Repo], sort: str
    ) -> tuple[list[Repo], list[SortKey]]:
        """Matching models (or datasets) in the Hub's order; cached until the catalogue
        changes."""
        cached = self._views.get(key)
        if cached is not None and cached[0] == self.version:
            return cast(list[Repo], cached[1]), cached[2]
        rows = sorted(candidates, key=lambda m: sort_key(m.sort_value(sort), m.hub_id))
        keys = [sort_key(m.sort_value(sort), m.hub_id) for m in rows]
        self._views[key] = (self.version, rows, keys)
        return rows, keys

    def after(self, keys: list[SortKey], cursor: SortKey) -> int:
        """Index of the first row strictly after a keyset cursor, as Mongo would find it."""
        return bisect.bisect_right(keys, cursor)

    def touch(self) -> None:
        """Say the catalogue changed, so sorted views are rebuilt."""
        self.version += 1

    def update(self, model_id: str, **values: object) -> None:
        """Change one model's fields (downloads, likes, trending_score, ...)."""
        model = self.by_id[model_id]
        for name, value in values.items():
            setattr(model, name, value)
        self.touch()

    def remove(self, model_id: str) -> None:
        """Delete a model from the Hub (it leaves every listing)."""
        model = self.by_id.pop(model_id)
        self.models.remove(model)
        for index in (*self.by_tag.values(), *self.by_pipeline.values()):
            if model in index:
                index.remove(model)
        self.touch()

    def drift(self, seed: int, pct: float = 5.0) -> None:
        """A day passes: every model's 30-day downloads move by up to `pct` percent either
        way, a day's share of them joins its all-time downloads, and its likes grow by 0 to
        2. Nearly every counter changes while rankings move a little. Around the models,
        Spaces gain likes and some change the models they use, and a few collections gain an
        item (`neighbourhood.drift`)."""
        rng = random.Random(seed)
        repos: list[FakeModel | FakeDataset] = [*self.models, *self.datasets]
        for repo in repos:
            repo.downloads_all_time += repo.downloads // 30
            repo.downloads = max(0, round(repo.downloads * (1 + rng.uniform(-pct, pct) / 100)))
            repo.likes += rng.randint(0, 2)
        model_ids = [m.model_id for m in self.models]
        neighbourhood.drift(self.spaces, self.collections, model_ids, seed)
        self.touch()

    def reshuffle(self, seed: int, fraction: float = 0.5, kind: str = "models") -> None:
        """Give a share of the models (or datasets) new download counts, so rankings move."""
        rng = random.Random(seed)
        repos: list[FakeModel | FakeDataset] = [
            *(self.datasets if kind == "datasets" else self.models)
        ]
        for repo in repos:
            if rng.random() < fraction:
                repo.downloads = generate.draw_downloads(rng)
        self.touch()
