"""The synthetic models of the fake Hub: seeded, deterministic, in the Hub's shapes.

Every task gets its own models (pipeline_tag = the task); a share of them also carry the tag
of another task (`overlap`), so `filter=<task>` ranks a model in several tasks. Some models
carry pipeline tags that `/api/tasks` lacks, and some carry none, as on the real Hub.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from hf_crawler.fakehub import hub_evals, sizes, taxonomy

LEGACY_CREATED_TS = int(datetime(2022, 3, 2, 23, 29, 4, tzinfo=UTC).timestamp())
_START_TS = int(datetime(2022, 3, 3, tzinfo=UTC).timestamp())
_END_TS = int(datetime(2026, 11, 1, tzinfo=UTC).timestamp())
_ORGS = (
    "google",
    "meta-llama",
    "microsoft",
    "Qwen",
    "mistralai",
    "facebook",
    "openai",
    "sentence-transformers",
    "BAAI",
    "stabilityai",
    "nvidia",
    "intfloat",
    "amazon",
    "pyannote",
    "allenai",
    "HuggingFaceTB",
    "ibm-granite",
    "deepseek-ai",
    "unsloth",
    "bartowski",
)
_STEMS = (
    "bert",
    "gemma",
    "llama",
    "qwen",
    "mistral",
    "whisper",
    "vit",
    "clip",
    "t5",
    "phi",
    "e5",
    "bge",
    "wav2vec2",
    "detr",
    "sam",
    "flux",
    "sdxl",
    "granite",
    "smol",
    "roberta",
)
_LIBRARIES = (
    "transformers",
    "diffusers",
    "sentence-transformers",
    "timm",
    "peft",
    "gguf",
    "pyannote-audio",
    "open_clip",
    "onnx",
    "mlx",
)
_LICENSES = (
    "apache-2.0",
    "mit",
    "llama3.1",
    "gemma",
    "cc-by-4.0",
    "cc-by-nc-4.0",
    "openrail",
    "bsd-3-clause",
    "gpl-3.0",
    "creativeml-openrail-m",
)


@dataclass(frozen=True, slots=True)
class CatalogueSpec:
    """What to generate; the same spec always gives the same catalogue."""

    tasks: int = 12
    models_per_task: int = 150
    overlap: float = 0.2
    seed: int = 1
    extra_tasks: int = 3
    untagged: int | None = None  # models with no pipeline_tag; default models_per_task // 4
    private_share: float = 0.0  # private repos, listed only to a signed-in caller
    lineage_share: float = 0.0  # models tagged with base models (fakehub/lineage.py)
    eval_share: float = 0.0  # models whose card reports results (fakehub/evaluations.py)
    datasets_per_task: int = 0  # datasets tagged task_categories:<task> (fakehub/datasets.py)
    dataset_link_share: float = 0.0  # models naming the datasets they were trained on
    spaces: int = 0  # Spaces using its models and datasets (fakehub/neighbourhood.py)
    collections: int = 0  # collections listing its models, datasets, Spaces and papers

    def task_ids(self) -> tuple[str, ...]:
        real = taxonomy.API_TASK_IDS[: self.tasks]
        return real + tuple(f"synthetic-task-{i}" for i in range(len(real) + 1, self.tasks + 1))


class Ranked:
    """What the Hub sorts a listing by, shared by models and datasets."""

    __slots__ = ()
    downloads: int
    likes: int
    trending_score: float | int | None
    created_ts: int
    modified_ts: int

    def sort_value(self, sort: str) -> float | int | None:
        return {
            "downloads": self.downloads,
            "likes": self.likes,
            "trendingScore": self.trending_score,
            "createdAt": self.created_ts,
            "lastModified": self.modified_ts,
        }[sort]


@dataclass(slots=True)
class FakeModel(Ranked):
    """One model; mutable so tests can move its counters between page fetches."""

    hub_id: str
    model_id: str
    likes: int
    downloads: int
    downloads_all_time: int
    trending_score: float | int | None
    tags: tuple[str, ...]
    pipeline_tag: str | None
    library_name: str | None
    created_ts: int
    modified_ts: int
    gated: bool | str
    sha: str
    card_data: dict[str, object] | None
    task_tags: frozenset[str] = field(default_factory=frozenset)
    private: bool = False
    # Front matter only the card carries (base_model, model-index), not the listing's cardData.
    card_extra: dict[str, object] = field(default_factory=dict)
    card_text: str = ""  # Markdown a test plants at the end of the card's body
    # The listing's `safetensors` and `gguf` (sizes.py); None where the Hub sends none.
    safetensors: dict[str, Any] | None = None
    gguf: dict[str, Any] | None = None
    # The listing's `evalResults` (hub_evals.py); None where the Hub sends none.
    eval_results: list[dict[str, Any]] | None = None

    @property
    def author(self) -> str:
        return self.model_id.split("/", 1)[0]


def generate(
    spec: CatalogueSpec, task_ids: tuple[str, ...], extra_ids: tuple[str, ...]
) -> Iterator[FakeModel]:
    rng = random.Random(spec.seed)
    counter = iter(range(1, 1 << 24))
    homes: list[str | None] = [t for t in task_ids for _ in range(spec.models_per_task)]
    homes += [t for t in extra_ids for _ in range(max(1, spec.models_per_task // 2))]
    untagged = spec.models_per_task // 4 if spec.untagged is None else spec.untagged
    homes += [None] * untagged
    homes_set = frozenset(task_ids)
    # Privacy is drawn apart, so a spec with private repos keeps every other value.
    private_rng = random.Random(spec.seed + 1)
    for n, home in enumerate(homes):
        others = [home] if home else []
        if home in homes_set and len(task_ids) > 1 and rng.random() < spec.overlap:
            other = task_ids[rng.randrange(len(task_ids) - 1)]
            others.append(task_ids[-1] if other == home else other)
        model = _model(rng, n, home, tuple(dict.fromkeys(others)), next(counter))
        model.private = spec.private_share > 0 and private_rng.random() < spec.private_share
        yield model


def draw_downloads(rng: random.Random) -> int:
    if rng.random() < 0.05:
        return rng.randint(0, 3)  # a tail of near-zero models, ordered by _id
    return int(10 ** rng.uniform(0, 7.3))


def _model(
    rng: random.Random, n: int, home: str | None, task_tags: tuple[str, ...], count: int
) -> FakeModel:
    legacy = rng.random() < 0.05
    created = LEGACY_CREATED_TS if legacy else rng.randint(_START_TS, _END_TS)
    prefix = "621ffdc1" if legacy else f"{created:08x}"
    hub_id = f"{prefix}{rng.getrandbits(40):010x}{count:06x}"
    downloads = draw_downloads(rng)
    library = None if rng.random() < 0.15 else rng.choice(_LIBRARIES)
    license_tags, card = _licence(rng)
    safetensors, gguf = sizes.draw(hub_id, library)
    tags = ([library] if library else []) + ["safetensors", *task_tags]
    if home == "text-generation":
        tags.append("conversational")
    tags += [*license_tags, rng.choice(("en", "fr", "zh", "multilingual")), "region:us"]
    tags += [f"arxiv:{rng.randint(1800, 2610)}.{rng.randint(1, 99999):05d}"] * (rng.random() < 0.3)
    return FakeModel(
        hub_id=hub_id,
        model_id=f"{rng.choice(_ORGS)}/{rng.choice(_STEMS)}-{(home or 'base')[:12]}-{n}",
        likes=int((downloads**0.5) * rng.random()),
        downloads=downloads,
        downloads_all_time=downloads * rng.randint(1, 40),
        trending_score=_trending(rng),
        tags=tuple(tags),
        pipeline_tag=home,
        library_name=library,
        created_ts=created,
        modified_ts=min(_END_TS, created + rng.randint(0, 400 * 86400)),
        gated=rng.choices((False, "auto", "manual"), weights=(85, 10, 5))[0],
        sha=f"{rng.getrandbits(160):040x}",
        card_data=card,
        task_tags=frozenset(task_tags),
        safetensors=safetensors,
        gguf=gguf,
        eval_results=hub_evals.draw(hub_id),
    )


def _trending(rng: random.Random) -> float | int | None:
    roll = rng.random()
    if roll < 0.02:
        return None
    if roll < 0.35:
        return 0
    if roll < 0.55:
        return round(rng.uniform(0, 5), 1)  # fractional, as a real cursor showed
    return rng.randint(1, 900)


def _licence(rng: random.Random) -> tuple[list[str], dict[str, object] | None]:
    """License tags and card metadata in the shapes the Hub really has: `license:<id>`
    tags, and `cardData.license` as a string or a list (huggingface.js `ApiModelMetadata`)."""
    roll = rng.random()
    first, second = rng.sample(_LICENSES, 2)
    if roll < 0.15:
        return [], None  # no license anywhere, no card
    if roll < 0.25:
        return [f"license:{first}", f"license:{second}"], {"license": [first, second]}
    if roll < 0.32:
        card: dict[str, object] = {
            "license": "other",
            "license_name": f"{first}-custom",
            "license_link": "LICENSE",
        }
        return ["license:other"], card
    if roll < 0.45:
        return [f"license:{first}"], None  # a tag but no card
    return [f"license:{first}"], {"license": first, "language": ["en"]}
