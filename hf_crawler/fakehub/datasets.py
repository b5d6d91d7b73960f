"""The fake Hub's datasets: seeded and deterministic, in the Hub's shapes. A dataset belongs
to a task through its tag `task_categories:<task>` (the task ids models use); a share also
carries another task's, so a dataset ranks in several tasks. Models name their training
data with `dataset:<id>` tags and their card's `datasets:` list: a share of the models get
one or two such links, some to datasets the catalogue does not hold, some only in the card;
the links drawn are the ground truth."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from hf_crawler.fakehub.generate import FakeModel, Ranked, draw_downloads

_ORGS = ("allenai", "google", "mozilla-foundation", "openslr", "HuggingFaceFW", "wikimedia")
_STEMS = ("corpus", "bench", "qa", "speech", "images", "reviews", "dialogues", "code", "math")
_SIZES = ("n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M")
_LANGUAGES = ("en", "fr", "de", "zh", "es", "ja", "multilingual")
_LICENSES = ("cc-by-4.0", "mit", "apache-2.0", "cc-by-sa-4.0", "odc-by", "other")
_MODALITIES = ("text", "audio", "image", "tabular", "video")
_FORMATS = ("parquet", "json", "csv", "webdataset")
UNLISTED_SHARE = 0.2  # links to datasets the catalogue does not hold
CARD_ONLY_SHARE = 0.25  # links a model's card states and its tags do not


@dataclass(slots=True)
class FakeDataset(Ranked):
    """One dataset; mutable so tests can move its counters between page fetches."""

    hub_id: str
    dataset_id: str
    likes: int
    downloads: int
    downloads_all_time: int
    trending_score: float | int | None
    tags: tuple[str, ...]
    created_ts: int
    modified_ts: int
    gated: bool | str
    sha: str
    card_data: dict[str, object] | None
    description: str
    task_tags: frozenset[str] = field(default_factory=frozenset)
    private: bool = False

    @property
    def author(self) -> str:
        return self.dataset_id.split("/", 1)[0]


def generate(
    task_ids: tuple[str, ...], per_task: int, seed: int, overlap: float, private_share: float
) -> Iterator[FakeDataset]:
    """`per_task` datasets of each task, a share `overlap` tagged with a second task."""
    rng = random.Random(seed + 3)
    for n, home in enumerate(t for t in task_ids for _ in range(per_task)):
        tasks = [home]
        if len(task_ids) > 1 and rng.random() < overlap:
            tasks.append(rng.choice([t for t in task_ids if t != home]))
        yield _dataset(rng, n, tuple(tasks), private=rng.random() < private_share)


def _dataset(rng: random.Random, n: int, tasks: tuple[str, ...], *, private: bool) -> FakeDataset:
    created = rng.randint(1_577_836_800, 1_793_491_200)  # 2020-01-01 .. 2026-11-01
    downloads = draw_downloads(rng)
    size, language, licence = rng.choice(_SIZES), rng.choice(_LANGUAGES), rng.choice(_LICENSES)
    tags = [f"task_categories:{t}" for t in tasks]
    tags += [f"language:{language}", f"size_categories:{size}", f"license:{licence}"]
    tags += [f"modality:{rng.choice(_MODALITIES)}", f"format:{rng.choice(_FORMATS)}", "region:us"]
    dataset_id = f"{rng.choice(_ORGS)}/{rng.choice(_STEMS)}-{tasks[0][:10]}-{n}"
    return FakeDataset(
        hub_id=f"{created:08x}{rng.getrandbits(40):010x}{n + 1:06x}",
        dataset_id=dataset_id,
        likes=int((downloads**0.5) * rng.random()),
        downloads=downloads,
        downloads_all_time=downloads * rng.randint(1, 40),
        trending_score=rng.choice((None, 0, rng.randint(1, 300))),
        tags=tuple(tags),
        created_ts=created,
        modified_ts=created + rng.randint(0, 300 * 86400),
        gated=rng.choices((False, "auto", "manual"), weights=(90, 7, 3))[0],
        sha=f"{rng.getrandbits(160):040x}",
        card_data={"license": licence, "task_categories": list(tasks), "language": [language]},
        description=f"A {size} dataset for {', '.join(tasks)}.",
        task_tags=frozenset(tasks),
        private=private,
    )


def link(
    models: list[FakeModel], datasets: list[FakeDataset], share: float, seed: int
) -> set[tuple[str, str, str]]:
    """Give a `share` of `models` the datasets they were trained on, as `dataset:<id>` tags
    and in their card's `datasets:`; the (model, dataset, source) links drawn, source `tag`
    or `card`."""
    rng = random.Random(seed + 4)
    links: set[tuple[str, str, str]] = set()
    if share <= 0:
        return links
    for model in models:
        if rng.random() >= share:
            continue
        named = list(dict.fromkeys(_pick(rng, datasets) for _ in range(rng.choice((1, 1, 2)))))
        tagged = [d for d in named if rng.random() >= CARD_ONLY_SHARE]
        model.tags = (*model.tags, *(f"dataset:{d}" for d in tagged))
        model.card_extra["datasets"] = named
        links |= {(model.model_id, d, "tag") for d in tagged}
        links |= {(model.model_id, d, "card") for d in named}
    return links


def _pick(rng: random.Random, datasets: list[FakeDataset]) -> str:
    if not datasets or rng.random() < UNLISTED_SHARE:
        return f"unlisted-org/dataset-{rng.randrange(50)}"
    return datasets[rng.randrange(len(datasets))].dataset_id
